"""The trainer's console (Pilot) while phones vote over HTTP on 127.0.0.1, and the fixes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import aiohttp
from pilot_support import until, wait_for
from workshop_support import LIBRARY_DIR, TEAMS, fixture_library, new_workshop

from klantkoning.engine.workshop import load_workshop, save_workshop, summarize
from klantkoning.report import render
from klantkoning.ui.app import make_app
from klantkoning.ui.screens.dialogs import ConfirmDialog
from klantkoning.ui.screens.workshop_play import WorkshopScreen
from klantkoning.ui.screens.workshop_scoreboard import WorkshopScoreboardScreen
from klantkoning.web.server import RoomOptions

ROOD, BLAUW, GROEN = TEAMS
CODE = "0421"


def console_app(tmp_path: Path, ws, *, room: bool = True, resumed: bool = False):
    options = RoomOptions("127.0.0.1", 0, CODE) if room else None
    return make_app(
        LIBRARY_DIR,
        tmp_path,
        initial_screen=lambda: WorkshopScreen(ws, projector=False, tick=False, resumed=resumed),
        room=options,
    )


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_phones_and_keys_vote_together_and_file_reports_and_scores_agree(tmp_path) -> None:
    ws = new_workshop(fixture_library())
    app = console_app(tmp_path, ws)
    async with app.run_test(size=(120, 40)) as pilot, aiohttp.ClientSession() as http:
        await wait_for(pilot, lambda: app.room_server is not None and app.room_server.running)
        url = app.room_server.url
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)

        async def phone(team: str) -> str:
            async with http.post(f"{url}/api/join", json={"code": CODE, "team": team}) as r:
                assert r.status == 200
                return (await r.json())["token"]

        async def vote(token: str, option: str) -> None:
            async with http.post(f"{url}/api/vote", json={"token": token, "option": option}) as r:
                assert r.status == 200, await r.text()

        rood = [await phone(ROOD) for _ in range(3)]
        groen = [await phone(GROEN) for _ in range(2)]
        for token, option in zip(rood, "BBA", strict=True):
            await vote(token, option)
        await vote(groen[0], "C")
        await vote(groen[1], "A")  # Groen's phones tie A/C: A, and the console says so
        await pilot.press("2", "c")  # Blauw has no phones: the trainer types its vote
        await until(pilot, lambda: "Groen" in text_of(screen, "#ws-room"), 3)
        room_line = text_of(screen, "#ws-room")
        assert CODE in room_line and url in room_line and "5" in room_line
        assert "Groen" in room_line and "A, C" in room_line
        assert [ws.team_vote(t) for t in TEAMS] == [1, 2, 0]

        await pilot.press("enter")  # reveal
        assert ws.phase == "reveal"
        async with http.get(f"{url}/api/state") as r:
            state = await r.json()
        assert state["hands"] == {"A": 2, "B": 2, "C": 2}  # five phones + Blauw typed
        # What decides (and what the console and the report show): one vote per team.
        assert state["tally"] == {"A": 1, "B": 1, "C": 1}
        assert state["votes_cast"] == 6
        assert state["teams"] == {ROOD: "B", BLAUW: "C", GROEN: "A"}
        await pilot.press("enter")  # follow: a tie of the teams goes to A
        assert ws.records[0].followed == 0

        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkshopScoreboardScreen))
        async with http.get(f"{url}/api/state") as r:
            end = await r.json()
        assert end["phase"] == "end"

    # The file, the reports and the scoreboard tell the same story.
    file = next((tmp_path / "workshops").glob("*.toml"))
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    beat = data["beats"][0]
    assert len(beat["phones"]) == 5 and len(data["room"]["seats"]) == 5
    assert {v["team"]: v["option"] for v in beat["votes"]} == {ROOD: "B", BLAUW: "C", GROEN: "A"}
    back, _ = load_workshop(file, fixture_library())
    board = summarize(back)
    balie = fixture_library().get("mini-balie").scenario
    choices = balie.beats["begin"].choices
    for ts in board.teams:
        letter = {ROOD: "B", BLAUW: "C", GROEN: "A"}[ts.team]
        expected = choices["ABC".index(letter)].score
        assert {d: p for d, p in ts.score.items() if p} == {d: p for d, p in expected.items() if p}
    markdown = render(back, "md")
    assert "Groen" in markdown and "Rood" in markdown
    csv_text = render(back, "csv")
    assert len(csv_text.strip().splitlines()) == 1 + 3  # a header and one row per team vote


async def test_enter_without_votes_asks_and_backspace_undoes_the_reveal(tmp_path) -> None:
    ws = new_workshop(fixture_library())
    app = console_app(tmp_path, ws, room=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and ws.phase == "vote"
        await pilot.press("n")
        await pilot.pause()
        assert ws.phase == "vote"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: ws.phase == "reveal")
        assert ws.phase == "reveal"
        await pilot.press("backspace")
        assert ws.phase == "vote" and ws.record.revealed is None
        await pilot.press("1", "b", "enter")
        assert ws.phase == "reveal" and ws.team_vote(ROOD) == 1


async def test_backspace_undoes_the_vote_just_typed(tmp_path) -> None:
    ws = new_workshop(fixture_library())
    app = console_app(tmp_path, ws, room=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("1", "a", "b")  # Rood A, Blauw B; the selection moved to Groen
        await pilot.press("2", "c")  # Blauw corrects to C
        await pilot.press("backspace")  # undo that correction: Blauw is back at B
        assert [ws.team_vote(t) for t in TEAMS] == [0, 1, None]
        assert screen.source.team == BLAUW
        await pilot.press("backspace")  # and Blauw's first vote
        assert [ws.team_vote(t) for t in TEAMS] == [0, None, None]
        await pilot.press("backspace", "backspace")
        assert [ws.team_vote(t) for t in TEAMS] == [None, None, None]


async def test_an_unknown_team_number_is_said(tmp_path) -> None:
    ws = new_workshop(fixture_library())
    app = console_app(tmp_path, ws, room=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("7")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("7" in m and "1–3" in m for m in messages), messages


async def test_a_non_majority_pick_survives_a_crash_before_enter(tmp_path) -> None:
    library = fixture_library()
    ws = new_workshop(library)
    app = console_app(tmp_path, ws, room=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("1", "a", "a", "a", "enter")
        await pilot.press("c")  # the trainer wants the room to see C
        # No Enter: the app "crashes" here. The file already has the pick.
        file = next((tmp_path / "workshops").glob("*.toml"))
        back, _ = load_workshop(file, library)
    assert back.record.pick == 2
    assert back.follow().followed == 2


async def test_the_resumed_message_goes_with_its_moment(tmp_path) -> None:
    library = fixture_library()
    ws = new_workshop(library)
    back, _ = load_workshop(save_workshop(ws, tmp_path), library)
    app = console_app(tmp_path, back, room=False, resumed=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("hervat" in n.message for n in app._notifications)
        await pilot.press("1", "a", "enter", "enter")  # reveal, then on to the next moment
        await pilot.pause()
        assert not any("hervat" in n.message for n in app._notifications)


def test_cli_teams_whole_room_and_room_options(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    import klantkoning.ui.app as app_module
    from klantkoning.cli import cli

    opened: list[tuple[object, object]] = []

    class Stub:
        return_code = 0

        def __init__(self, factory, room) -> None:
            self.factory, self.room = factory, room

        def run(self) -> None:
            opened.append((self.factory(), self.room))

    monkeypatch.setattr(
        app_module,
        "make_app",
        lambda lib, saves, *, initial_screen, room: Stub(initial_screen, room),
    )
    runner = CliRunner()
    base = ["workshop", "--scenarios", str(LIBRARY_DIR), "--saves", str(tmp_path), "mini-balie"]
    result = runner.invoke(cli, [*base, "--teams", "Rood, Blauw,Groen"], obj={})
    assert result.exit_code == 0, result.output
    screen, room = opened.pop()
    assert isinstance(screen, WorkshopScreen) and room is None
    assert screen.workshop.teams == ("Rood", "Blauw", "Groen")

    room_args = ["--whole-room", "--room", "--host", "127.0.0.1", "--port", "8123"]
    result = runner.invoke(cli, [*base, *room_args, "--code", "0042"], obj={})
    assert result.exit_code == 0, result.output
    screen, room = opened.pop()
    assert screen.workshop.mode == "room"
    assert (room.host, room.port, room.code) == ("127.0.0.1", 8123, "0042")

    for bad, says in (
        (["--room", "--code", "12a"], "4 cijfers"),
        (["--teams", "A,B", "--whole-room"], "niet allebei"),
        (["--teams", "Alleen"], "2 tot 8 teams"),
        (["--resume", "--teams", "A,B"], "--resume"),
    ):
        result = runner.invoke(cli, [*base, *bad], obj={})
        assert result.exit_code == 2 and says in result.output, result.output  # wrong use
        assert "Traceback" not in result.output


async def test_the_set_up_switch_opens_the_room(tmp_path, monkeypatch) -> None:
    import klantkoning.ui.room_host as room_host
    from klantkoning.ui.screens.workshop_setup import WorkshopSetupScreen

    # The switch's default is the machine's LAN address on port 8080: tests stay on loopback.
    monkeypatch.setattr(room_host, "RoomOptions", lambda: RoomOptions("127.0.0.1", 0))
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=WorkshopSetupScreen)
    async with app.run_test(size=(120, 40)) as pilot, aiohttp.ClientSession() as http:
        await pilot.pause()
        setup = app.screen
        assert not setup.query_one("#ws-room-switch").value and app.room_server is None
        setup.query_one("#ws-room-switch").value = True
        picker = setup.query_one("#ws-library")
        picker.highlighted = [str(o.id) for o in picker.options].index("lib-mini-balie")
        await pilot.press("enter")
        setup.query_one("#ws-teams").text = "Rood\nBlauw"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkshopScreen))
        await wait_for(pilot, lambda: app.room_server is not None and app.room_server.running)
        async with http.get(f"{app.room_server.url}/api/state") as r:
            state = await r.json()
        assert state["phase"] == "vote" and state["team_names"] == ["Rood", "Blauw"]


async def test_a_resumed_workshop_says_its_own_code_and_the_projector_follows(tmp_path) -> None:
    library = fixture_library()
    ws = new_workshop(library)
    ws.open_room("1234")  # the code its phones joined with, last time
    back, _ = load_workshop(save_workshop(ws, tmp_path), library)
    app = console_app(tmp_path, back, resumed=True)  # the room was started with 0421
    async with app.run_test(size=(120, 40)) as pilot, aiohttp.ClientSession() as http:
        await wait_for(pilot, lambda: app.room_server is not None and app.room_server.running)
        url = app.room_server.url
        await wait_for(pilot, lambda: any("1234" in n.message for n in app._notifications))
        said = next(n.message for n in app._notifications if "1234" in n.message)
        assert said.startswith("Deze workshop houdt zijn eigen zaalcode: 1234.")
        async with http.post(f"{url}/api/join", json={"code": "1234", "team": ROOD}) as r:
            assert r.status == 200
        async with http.post(f"{url}/api/join", json={"code": CODE, "team": ROOD}) as r:
            assert r.status != 200
        # The projector page shows the code and its QR: it learns that it must reload.
        async with http.get(f"{url}/api/state") as r:
            assert (await r.json())["code_epoch"] == 1
        async with http.get(f"{url}/screen") as r:
            page = await r.text()
        assert 'data-code-epoch="1"' in page and "1234" in page


def test_cli_resume_opens_the_room_with_the_workshops_code(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    import klantkoning.ui.app as app_module
    from klantkoning.cli import cli

    library = fixture_library()
    ws = new_workshop(library)
    ws.open_room("1234")
    file = save_workshop(ws, tmp_path)
    opened: list[object] = []

    class Stub:
        return_code = 0

        def __init__(self, room) -> None:
            self.room = room

        def run(self) -> None:
            opened.append(self.room)

    monkeypatch.setattr(
        app_module, "make_app", lambda lib, saves, *, initial_screen, room: Stub(room)
    )
    args = ["workshop", "--scenarios", str(LIBRARY_DIR), "--saves", str(tmp_path)]
    args += ["--resume", str(file), "--room", "--host", "127.0.0.1"]
    result = CliRunner().invoke(cli, args, obj={})
    assert result.exit_code == 0, result.output
    assert opened and opened[0].code == "1234"  # type: ignore[attr-defined]
    # Another --code would lock the phones out: refused, naming the code that works.
    result = CliRunner().invoke(cli, [*args, "--code", "5678"], obj={})
    assert result.exit_code == 2 and "1234" in result.output and "5678" in result.output


async def test_a_room_that_could_not_open_is_not_advertised(tmp_path) -> None:
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        app = make_app(
            LIBRARY_DIR,
            tmp_path,
            initial_screen=lambda: WorkshopScreen(
                new_workshop(fixture_library()), projector=False, tick=False
            ),
            room=RoomOptions("127.0.0.1", port, CODE),
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: app.room_server.failure is not None)
            await wait_for(pilot, lambda: "niet open" in text_of(app.screen, "#ws-room"))
            panel = text_of(app.screen, "#ws-room")
            assert f"poort {port}" in panel and "http://" not in panel and CODE not in panel
    finally:
        taken.close()
