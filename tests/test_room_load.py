"""Sixty phones in three teams join and vote at once: nothing lost, nothing counted twice."""

from __future__ import annotations

import asyncio
import tomllib
from collections import Counter
from pathlib import Path

import aiohttp
from room_support import CODE, served
from workshop_support import TEAMS

PHONES = 60


async def test_sixty_phones_join_and_vote_at_once(tmp_path: Path) -> None:
    async with served(tmp_path) as (server, ws):
        url = server.url
        connector = aiohttp.TCPConnector(limit=PHONES)
        async with aiohttp.ClientSession(connector=connector) as http:

            async def phone(n: int) -> tuple[str, str, str]:
                team = TEAMS[n % 3]
                async with http.post(f"{url}/api/join", json={"code": CODE, "team": team}) as r:
                    assert r.status == 200, await r.text()
                    token = (await r.json())["token"]
                first, final = "ABC"[n % 3], "ABC"[(n // 3) % 3]
                for option in (first, final):  # every phone changes its mind once
                    body = {"token": token, "option": option}
                    async with http.post(f"{url}/api/vote", json=body) as r:
                        assert r.status == 200, await r.text()
                return token, team, final

            results = await asyncio.gather(*(phone(n) for n in range(PHONES)))
            async with http.get(f"{url}/api/state") as r:
                cast = (await r.json())["votes_cast"]
        assert len({token for token, _, _ in results}) == PHONES
        expected = Counter(final for _, _, final in results)
        record = ws.record
        assert record is not None and len(record.phones) == PHONES and cast == PHONES
        assert Counter("ABC"[p.option] for p in record.phones.values()) == expected
        ws.reveal()
        # The file has every phone once, with its last vote.
        saved = tomllib.loads(next((tmp_path / "workshops").glob("*.toml")).read_text())
        beat = saved["beats"][0]
        assert len(beat["phones"]) == PHONES and len(saved["room"]["seats"]) == PHONES
        assert Counter(p["option"] for p in beat["phones"]) == expected
        per_team = {team: Counter(f for _, t, f in results if t == team) for team in TEAMS}
        for team in TEAMS:
            majority = max("ABC", key=lambda letter: (per_team[team][letter], -ord(letter)))
            assert ws.team_vote(team) == "ABC".index(majority)
