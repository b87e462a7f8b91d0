"""The room's JSON API as a script (or a later LMS) uses it, against a server on 127.0.0.1."""

from __future__ import annotations

import tomllib
from pathlib import Path

import aiohttp
from room_support import CODE, served
from workshop_support import TEAMS

from klantkoning.web.room import Limits

ROOD, BLAUW, GROEN = TEAMS


async def join(http, url, team=ROOD, code=CODE):
    body = {"code": code} if team is None else {"code": code, "team": team}
    async with http.post(f"{url}/api/join", json=body) as r:
        return r.status, await r.json()


async def vote(http, url, token, option):
    async with http.post(f"{url}/api/vote", json={"token": token, "option": option}) as r:
        return r.status, await r.json()


async def state(http, url, token=None):
    query = f"?token={token}" if token else ""
    async with http.get(f"{url}/api/state{query}") as r:
        assert r.status == 200
        return await r.json()


async def test_join_vote_change_reveal_as_the_api_promises(tmp_path: Path) -> None:
    async with served(tmp_path) as (server, ws), aiohttp.ClientSession() as http:
        url = server.url
        before = await state(http, url)
        assert before["phase"] == "vote" and before["votes_cast"] == 0
        assert before["scenario"]["id"] == "mini-balie" and before["beat"]["id"] == "begin"
        assert [o["letter"] for o in before["options"]] == ["A", "B", "C"]
        assert "tally" not in before and "teams" not in before  # nobody reads the spread early
        assert all("feedback" not in o for o in before["options"])

        assert (await join(http, url, code="9999"))[0] == 403
        assert (await join(http, url, team="Paars"))[0] == 400
        status, body = await join(http, url)
        assert status == 200
        token = body["token"]
        _, other = await join(http, url, team=GROEN)

        assert (await vote(http, url, token, "A"))[0] == 200
        assert (await vote(http, url, token, "b"))[0] == 200  # the second replaces the first
        assert (await vote(http, url, other["token"], "C"))[0] == 200
        assert (await vote(http, url, token, "Z"))[0] == 400
        assert (await vote(http, url, "not-a-token", "A"))[0] == 403
        during = await state(http, url, token)
        assert during["votes_cast"] == 2 and during["you"] == {"team": ROOD, "option": "B"}
        assert "tally" not in during and "teams" not in during
        # What the phone was told "ok" for is in the workshop file already.
        saved = tomllib.loads(next((tmp_path / "workshops").glob("*.toml")).read_text())
        assert {p["team"]: p["option"] for p in saved["beats"][0]["phones"]} == {
            ROOD: "B",
            GROEN: "C",
        }

        ws.reveal()
        assert (await vote(http, url, token, "A"))[0] == 409
        after = await state(http, url)
        assert after["phase"] == "reveal"
        assert after["tally"] == {"A": 0, "B": 1, "C": 1}
        assert after["teams"] == {ROOD: "B", GROEN: "C"}
        assert all("feedback" in o for o in after["options"])


async def test_bad_requests_get_a_clear_error_and_never_a_traceback(tmp_path: Path) -> None:
    async with served(tmp_path) as (server, _ws), aiohttp.ClientSession() as http:
        url = server.url
        for body in (b"not json", b"[1, 2]", b'{"code": 421}', b'{"code": ""}'):
            async with http.post(f"{url}/api/join", data=body) as r:
                assert r.status == 400
                answer = await r.json()
                assert answer["message"] and "Traceback" not in answer["message"]
        async with http.post(f"{url}/api/vote", data=b"x" * 10_000) as r:
            assert r.status == 413


async def test_joins_and_votes_are_rate_limited(tmp_path: Path) -> None:
    limits = Limits(join_burst=3, join_per_second=0.01, vote_burst=2, vote_per_second=0.01)
    async with served(tmp_path, limits=limits) as (server, _ws), aiohttp.ClientSession() as http:
        url = server.url
        statuses = [(await join(http, url))[0] for _ in range(5)]
        assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
        async with http.post(f"{url}/api/join", json={"code": CODE, "team": ROOD}) as r:
            assert r.headers["Retry-After"]


async def test_wrong_codes_are_limited_harder_than_joins(tmp_path: Path) -> None:
    limits = Limits(wrong_code_burst=3, wrong_code_per_second=0.001)
    async with served(tmp_path, limits=limits) as (server, _ws), aiohttp.ClientSession() as http:
        statuses = [(await join(http, server.url, code=f"{n:04d}"))[0] for n in range(5)]
        assert statuses == [403, 403, 403, 429, 429]


async def test_one_sessions_phones_cannot_reach_another(tmp_path: Path) -> None:
    async with (
        served(tmp_path / "a") as (first, _a),
        served(tmp_path / "b") as (second, ws_b),
        aiohttp.ClientSession() as http,
    ):
        ws_b.room.code = "7777"  # a second session with its own random code
        second.room.code = "7777"
        _, body = await join(http, first.url)
        assert (await vote(http, second.url, body["token"], "A"))[0] == 403
        assert (await join(http, second.url, code="0421"))[0] == 403


async def test_whole_room_mode_joins_without_a_team(tmp_path: Path) -> None:
    async with (
        served(tmp_path, mode="room", teams=()) as (server, ws),
        aiohttp.ClientSession() as http,
    ):
        tokens = [(await join(http, server.url, team=None))[1]["token"] for _ in range(3)]
        for token, option in zip(tokens, "ABB", strict=True):
            assert (await vote(http, server.url, token, option))[0] == 200
        ws.reveal()
        after = await state(http, server.url)
        assert after["tally"] == {"A": 1, "B": 2, "C": 0} and "teams" not in after


async def test_pages_escape_and_load_nothing_from_outside(tmp_path: Path) -> None:
    async with served(tmp_path) as (server, _ws), aiohttp.ClientSession() as http:
        for page in ("/", "/screen"):
            async with http.get(server.url + page) as r:
                html = await r.text()
            assert r.status == 200
            # Scenario text and team names come as JSON and are set as text, never HTML.
            assert BLAUW not in html and "[bold]" not in html
            for needle in ("http://", "https://"):
                hosts = [p.split("/")[2] for p in html.split(needle)[1:]]
                assert all(h.startswith("127.0.0.1") or h == "www.w3.org" for h in hosts), hosts
            assert "@import" not in html and "fonts.g" not in html
        async with http.get(server.url + "/screen") as r:
            html = await r.text()
        assert "<svg" in html and CODE in html
        svg_tag = html[html.index("<svg") : html.index(">", html.index("<svg"))]
        assert svg_tag.count("class=") == 1  # one class attribute: valid HTML
        async with http.get(server.url + "/favicon.ico") as r:
            assert r.status == 204  # no 404 in the browser's console
