"""The workshop screens driven by keys only: a whole session for three teams, and resume."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pilot_support import until
from workshop_support import LIBRARY_DIR, SCENARIOS_DIR, TEAMS

from klantkoning.engine.library.folders import load_library
from klantkoning.engine.play.session import Session
from klantkoning.engine.workshop import Vote, latest_unfinished, list_workshops, load_workshop
from klantkoning.ui.app import make_app
from klantkoning.ui.screens.workshop_play import WorkshopScreen
from klantkoning.ui.screens.workshop_scoreboard import WorkshopScoreboardScreen
from klantkoning.ui.screens.workshop_setup import WorkshopSetupScreen

BUILTIN = "doorbakken-entrecote"


def pick_library() -> tuple[Path, str]:
    """The built-in entrecote scenario when it is there and playable, else the fixture."""
    if (SCENARIOS_DIR / f"{BUILTIN}.toml").is_file():
        entry = load_library(SCENARIOS_DIR).get(BUILTIN)
        if entry is not None and entry.ok:
            return SCENARIOS_DIR, BUILTIN
    return LIBRARY_DIR, "mini-balie"


async def set_up(pilot, scenario_id: str) -> None:
    """On the set-up screen: add the scenario, type three team names, start."""
    screen = pilot.app.screen
    assert isinstance(screen, WorkshopSetupScreen)
    picker = screen.query_one("#ws-library")
    ids = [str(o.id) for o in picker.options]
    picker.highlighted = ids.index(f"lib-{scenario_id}")
    await pilot.press("enter")
    await pilot.press("tab", "tab", "tab")  # agenda, mode, team names
    names = "\n".join(TEAMS)
    await pilot.press(*[("enter" if ch == "\n" else ch) for ch in names])
    await pilot.press("ctrl+s")
    await pilot.pause()


def recompute(data: dict, scenario) -> tuple[dict[str, dict[str, int]], Session]:
    """Team scores and the room's path from the saved file alone, with the engine's Session."""
    session = Session(scenario)
    scores = {team: {} for team in data["teams"]}
    for beat in data["beats"]:
        assert beat["beat"] == session.node
        visible = session.visible_choices
        for vote in beat["votes"]:
            choice = visible["ABCDEFGH".index(vote["option"])].choice
            for dim, points in choice.score.items():
                scores[vote["team"]][dim] = scores[vote["team"]].get(dim, 0) + points
        session.choose("ABCDEFGH".index(beat["followed"]) + 1)
    return scores, session


async def test_a_whole_workshop_for_three_teams_with_keys_only(tmp_path: Path) -> None:
    lib_dir, scenario_id = pick_library()
    app = make_app(lib_dir, tmp_path, initial_screen=lambda: WorkshopSetupScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await set_up(pilot, scenario_id)
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        ws = screen.workshop
        assert ws.teams == TEAMS
        # Present + timer: start, +30 s, pause.
        await pilot.press("space", "plus", "space")
        assert not ws.countdown.running and ws.countdown.length == 180 + 30
        # Team 1 votes A, team 2 B, team 3 B (the selection moves on by itself) ...
        await pilot.press("1", "a", "b", "b")
        # ... then team 2 corrects its vote to A: a tie A/B would go to A; team 3 makes it B.
        await pilot.press("2", "a")
        assert [ws.team_vote(t) for t in TEAMS] == [0, 0, 1]
        await pilot.press("enter")  # reveal
        assert ws.phase == "reveal"
        options = len(ws.record.options)
        # Not the majority (A): the trainer lets the room follow the last option.
        other = "abcdefgh"[options - 1]
        await pilot.press(other, "enter")
        first = ws.records[0]
        assert first.override and first.followed == options - 1 and first.majority == 0
        beats = 1
        while ws.phase == "vote":
            n = len(ws.record.options)
            keys = ["1"] + ["abcdefgh"[(i + beats) % n] for i in range(len(TEAMS))]
            await pilot.press(*keys, "enter", "enter")
            beats += 1
            assert beats < 40
        assert ws.phase == "ending"
        await pilot.press("enter")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, WorkshopScoreboardScreen)
        ranking = str(board.query_one("#ws-ranking").render())
        await pilot.press("r")
        await pilot.pause()
        written = text_of(board, "#ws-written", width=200)
        # The folder once, then the three file names: short enough to read on the projector.
        assert written.count(str(tmp_path)) == 1 and ".md, " in written and ".csv" in written

    files = list_workshops(tmp_path)
    assert len(files) == 1 and files[0].finished
    data = tomllib.loads(files[0].path.read_text(encoding="utf-8"))
    assert data["format"] == 1 and data["teams"] == list(TEAMS)
    assert data["beats"][0]["votes"] == [
        {
            "team": TEAMS[0],
            "option": "A",
            "time": data["beats"][0]["votes"][0]["time"],
            "typed": True,
        },
        {
            "team": TEAMS[1],
            "option": "A",
            "time": data["beats"][0]["votes"][1]["time"],
            "typed": True,
        },
        {
            "team": TEAMS[2],
            "option": "B",
            "time": data["beats"][0]["votes"][2]["time"],
            "typed": True,
        },
    ]
    assert data["beats"][0]["override"] is True
    scenario = load_library(lib_dir).get(scenario_id).scenario
    expected, room = recompute(data, scenario)
    from klantkoning.engine.workshop import summarize

    loaded, _ = load_workshop(files[0].path, load_library(lib_dir))
    summary = summarize(loaded)
    for ts in summary.teams:
        assert {d: p for d, p in ts.score.items() if p} == {
            d: p for d, p in expected[ts.team].items() if p
        }
        # The screen showed the same totals (team names literally, markup and all).
        total = sum(expected[ts.team].values())
        shown = f"+{total}" if total > 0 else (f"−{-total}" if total < 0 else "0")
        assert ts.team in ranking and shown in ranking
    assert summary.room == room.score
    assert data["agenda"][0]["ending"] == room.node
    # The reports button wrote all three next to the session file.
    stem = files[0].path.with_suffix("")
    for ext in (".md", ".html", ".csv"):
        assert stem.with_name(stem.name + ext).is_file()


async def test_resume_after_the_app_stopped_mid_session(tmp_path: Path) -> None:
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopSetupScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await set_up(pilot, "mini-balie")
        await pilot.press("1", "a", "b", "b", "enter", "enter")  # beat 1: B
        await pilot.press("1", "c", "a")  # beat 2: two votes so far, then the laptop dies
        await pilot.pause()
    found = latest_unfinished(tmp_path)
    assert found is not None and not found.finished

    # Started again: the set-up screen offers the unfinished session; Enter resumes it.
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopSetupScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, WorkshopSetupScreen)
        resume = setup.query_one("#ws-resume")
        assert resume.display and resume.option_count == 1
        # Visible (it used to collapse to nothing), and the cursor starts on it: Enter resumes.
        assert resume.region.height >= 3 and "Rood" in str(resume.get_option_at_index(0).prompt)
        assert app.focused is resume and resume.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        ws = screen.workshop
        assert ws.session.history == [("begin", 1)] and ws.phase == "vote"
        assert [ws.team_vote(t) for t in TEAMS] == [2, 0, None]
        # The trainer is told where the session picks up.
        told = [n.message for n in app._notifications]
        assert any(m.startswith("Workshop hervat:") and "moment 2" in m for m in told), told
        assert "Blauw" in str(screen.query_one("#ws-votes").render())
        await pilot.press("3", "a", "enter", "enter")
        assert ws.phase == "ending" and ws.item.ending == "goed"


def test_cli_refuses_unknown_scenarios_and_empty_resume(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from klantkoning.cli import cli, main  # noqa: F401
    from klantkoning.cli import workshop as _workshop  # noqa: F401

    runner = CliRunner()
    args = ["workshop", "--scenarios", str(LIBRARY_DIR), "--saves", str(tmp_path)]
    result = runner.invoke(cli, [*args, "geen-scenario"], obj={})
    assert result.exit_code == 2 and "geen-scenario" in result.output
    result = runner.invoke(cli, [*args, "--resume"], obj={})
    assert result.exit_code == 2 and "workshops" in result.output
    assert "Traceback" not in result.output


async def test_room_mode_counts_hands_with_keys(tmp_path: Path) -> None:
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopSetupScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "tab", "tab")  # add mini-balie, to the voting mode
        await pilot.press("down", "enter")  # whole room
        await pilot.pause()
        assert not app.screen.query_one("#ws-teams-box").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        ws = app.screen.workshop
        assert ws.mode == "room" and ws.teams == ()
        await pilot.press("a", "1", "2", "up", "up", "down")  # A: 12, +1, +1, -1 = 13
        await pilot.press("c", "9", "backspace", "7")  # C: 9, erased, 7
        assert ws.record.tally() == [13, 0, 7]
        assert "13" in str(app.screen.query_one("#ws-tally").render())
        await pilot.press("enter", "enter")
        assert ws.records[0].followed == 0 and ws.session.node == "midden"


async def test_trainer_panels_notes_and_the_bell(tmp_path: Path) -> None:
    from workshop_support import FakeClock, fixture_library, new_workshop

    clock = FakeClock()
    ws = new_workshop(fixture_library(), clock=clock, timer=60)
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopScreen(ws, tick=False))
    rang: list[bool] = []
    app.bell = lambda: rang.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        panel = screen.query_one("#ws-trainer-note")
        assert not panel.display  # hidden until the trainer asks
        await pilot.press("f2")
        assert panel.display and "Laat eerst de groep praten." in str(panel.render())
        await pilot.press("f2", "f4")
        assert not panel.display and screen.has_class("-scene-only")
        await pilot.press("f4", "f3")
        await pilot.pause()
        await pilot.press(*"Team [b]Rood[/] twijfelt", "enter")
        await pilot.pause()
        assert ws.notes[-1].text == "Team [b]Rood[/] twijfelt"
        # The clock: start, run out, a bell and a visible signal.
        await pilot.press("space")
        clock.mono += 61
        screen._tick()
        await pilot.pause()
        timer = screen.query_one("#ws-timer")
        assert rang == [True] and timer.has_class("-expired")
        assert "TIJD" in str(screen.query_one("#ws-timer-status").render())
        await pilot.press("plus")
        screen._tick()
        assert not timer.has_class("-expired") and ws.timer_remaining() == 30
    saved = list_workshops(tmp_path)[0].path.read_text(encoding="utf-8")
    assert "Team [b]Rood[/] twijfelt" in saved


def test_cli_workshop_opens_set_up_or_resumes(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner
    from workshop_support import fixture_library, new_workshop

    import klantkoning.ui.app as app_module
    from klantkoning.cli import cli
    from klantkoning.cli import workshop as _workshop  # noqa: F401
    from klantkoning.engine.workshop import save_workshop

    opened: list[object] = []

    class Stub:
        return_code = 0

        def __init__(self, factory) -> None:
            self.factory = factory

        def run(self) -> None:
            opened.append(self.factory())

    monkeypatch.setattr(
        app_module, "make_app", lambda lib, saves, *, initial_screen, **_: Stub(initial_screen)
    )
    runner = CliRunner()
    args = ["workshop", "--scenarios", str(LIBRARY_DIR), "--saves", str(tmp_path)]
    assert runner.invoke(cli, [*args, "mini-telefoon", "mini-balie"], obj={}).exit_code == 0
    setup = opened.pop()
    assert isinstance(setup, WorkshopSetupScreen)
    assert setup._initial_agenda == ["mini-telefoon", "mini-balie"]

    ws = new_workshop(fixture_library())
    path = save_workshop(ws, tmp_path)
    for extra in (["--resume"], ["--resume", str(path)]):
        result = runner.invoke(cli, [*args, *extra], obj={})
        assert result.exit_code == 0, result.output
        screen = opened.pop()
        assert isinstance(screen, WorkshopScreen) and screen.workshop.ident == ws.ident


# -- fixes found by running a session as a new trainer ---------------------------------


def fixture_app(tmp_path: Path, *, mode: str = "teams", ids=("mini-balie", "mini-telefoon")):
    from workshop_support import FakeClock, fixture_library, new_workshop

    clock = FakeClock()
    ws = new_workshop(fixture_library(), ids, mode=mode, clock=clock)
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopScreen(ws, tick=False))
    return app, ws


def text_of(screen, selector: str, width: int = 80) -> str:
    """What a Static shows, as plain text (also for tables and groups)."""
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None)
    console.print(screen.query_one(selector).content)
    return console.export_text()


def footer_actions(app) -> set[str]:
    return {b.action for (_, b, enabled, _) in app.screen.active_bindings.values() if enabled}


async def test_header_counts_moments_per_scenario_and_names_the_agenda_place(
    tmp_path: Path,
) -> None:
    app, ws = fixture_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = text_of(app.screen, "#ws-header", width=76)
        assert "(1/2)" in header and "moment 1" in header
        assert header.rstrip().endswith("Bespreken en stemmen")  # fits, also at 80 columns
        while ws.current == 0:
            await pilot.press("enter")
        header = text_of(app.screen, "#ws-header")
        # The second scenario starts at moment 1 again, not at the session's beat count.
        assert "(2/2)" in header and "moment 1" in header
        assert ws.beat_number > 1


async def test_reveal_puts_what_enter_does_in_the_side_panel_and_hides_the_clock_keys(
    tmp_path: Path,
) -> None:
    app, ws = fixture_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "timer" in footer_actions(app) and "extend" in footer_actions(app)
        await pilot.press("1", "a", "b", "b", "enter")
        assert ws.phase == "reveal"
        decision = app.screen.query_one("#ws-decision")
        # Always on screen (in the side panel), never below the fold of the scene.
        assert decision.parent is app.screen.query_one("#ws-side")
        assert decision.display and decision.region.bottom <= 24
        assert "meerderheid, B" in text_of(app.screen, "#ws-decision")
        # Clock keys do nothing after the vote: they leave the footer.
        assert "timer" not in footer_actions(app) and "extend" not in footer_actions(app)
        assert "help" in footer_actions(app)
        await pilot.press("a")
        assert "De trainer kiest A" in text_of(app.screen, "#ws-decision")


async def test_narrow_screen_keeps_the_scene_wide_enough(tmp_path: Path) -> None:
    app, _ws = fixture_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        scene = app.screen.query_one("#ws-scene")
        assert scene.size.width >= 48
    app, _ws = fixture_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-wide")
        assert app.screen.query_one("#ws-side").size.width >= 30


async def test_counts_read_as_words_not_stem_men(tmp_path: Path) -> None:
    app, _ws = fixture_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("1", "a", "b", "b")
        tally = text_of(app.screen, "#ws-tally")
        assert "3 stemmen" in tally and "stem(men)" not in tally
        await pilot.press("enter")
        options = text_of(app.screen, "#ws-options")
        assert "1 stem (Rood)" in options and "2 stemmen" in options
        # Nothing at the reveal is dimmed: faint text vanishes on a projector.
        from rich.console import Console

        console = Console(width=80)
        content = app.screen.query_one("#ws-options").content
        assert not [s.text for s in console.render(content) if s.style and s.style.dim]


async def test_room_mode_shows_one_hands_panel(tmp_path: Path) -> None:
    app, ws = fixture_app(tmp_path, mode="room")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a", "1", "2", "b", "7")
        assert ws.record.tally()[:2] == [12, 7]
        assert not app.screen.query_one("#ws-votes").display
        tally = text_of(app.screen, "#ws-tally")
        assert tally.startswith("Handen per optie") and "19 handen" in tally


async def test_scores_panel_explains_its_letters(tmp_path: Path) -> None:
    app, _ws = fixture_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = text_of(app.screen, "#ws-scores", width=40)
        assert "P=Principes" in shown and "W=Waarden" in shown


async def test_help_names_the_scroll_keys(tmp_path: Path) -> None:
    from klantkoning.ui.screens.workshop_help import workshop_help_text

    assert "PgUp PgDn" in workshop_help_text().plain


def test_scoreboard_totals_are_right_aligned_like_the_numbers_above(tmp_path: Path) -> None:
    from rich.console import Console
    from workshop_support import fixture_library, new_workshop

    from klantkoning.engine.workshop import summarize
    from klantkoning.ui.screens.workshop_scoreboard import scoreboard_table

    ws = new_workshop(fixture_library())
    for team, option in zip(TEAMS, "ABB", strict=True):
        ws.receive(Vote(team, option))
    ws.reveal()
    ws.follow()
    ws.finish()
    console = Console(width=120, record=True, color_system=None)
    table = scoreboard_table(ws, summarize(ws))
    segments = list(console.render(table))
    console.print(table)
    lines = console.export_text().splitlines()
    welkom = next(line for line in lines if "Welkom" in line)
    for total in (line for line in lines if "Totaal" in line):
        # Every column border sits where it sits in the rows above: cells are right-aligned.
        assert [i for i, c in enumerate(total) if c == "│"] == [
            i for i, c in enumerate(welkom) if c == "│"
        ]
        cells = [c for c in total.split("│")[2:-1]]
        assert all(c.endswith(" ") and not c.endswith("  ") for c in cells), cells
    # Bold runs hold the number only: the alignment padding is not part of them.
    bold = [s.text for s in segments if s.style and s.style.bold and s.text.strip()]
    assert bold and all(text == text.strip() for text in bold if text[-1].isdigit())


async def test_set_up_error_puts_the_cursor_on_the_field_to_fix(tmp_path: Path) -> None:
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopSetupScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter", "tab", "tab", "tab", "S", "o", "l", "o", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # one team: not started
        assert "2 tot 8 teams" in text_of(screen, "#ws-setup-error")
        assert app.focused is screen.query_one("#ws-teams")
        await pilot.press("enter", "T", "w", "e", "e")
        screen.query_one("#ws-timer-input").value = "5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.focused is screen.query_one("#ws-timer-input")


async def test_reveal_scrolls_the_scene_to_the_options(tmp_path: Path) -> None:
    app, _ws = fixture_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scene = app.screen.query_one("#ws-scene")
        assert scene.scroll_y == 0
        await pilot.press("1", "a", "b", "b", "enter")
        options = app.screen.query_one("#ws-options")

        def scrolled() -> bool:
            return scene.scroll_y > 0 and options.region.y <= scene.region.y + 2

        await until(pilot, scrolled)  # the scroll is animated
        # The options (with their votes) start at the top of the visible scene.
        assert scene.scroll_y > 0
        assert options.region.y <= scene.region.y + 2


async def test_scoreboard_closes_with_the_endings_questions_per_scenario(tmp_path: Path) -> None:
    from workshop_support import fixture_library, new_workshop

    ws = new_workshop(fixture_library(), ("mini-balie", "mini-telefoon"))
    while not ws.is_done:
        if ws.phase == "vote":
            ws.reveal()
        elif ws.phase == "reveal":
            ws.follow()
        else:
            ws.next_scenario()
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopScoreboardScreen(ws))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = text_of(app.screen, "#ws-questions", width=118)
        endings = [q for s in ws.sessions for q in s.ending.discuss]
        scenarios = {item.scenario_id: item.scenario for item in ws.agenda}
        beats_only = [
            q for r in ws.records for q in scenarios[r.scenario_id].beats[r.beat_id].discuss
        ]
        assert endings and all(q in shown for q in endings)
        assert not [q for q in beats_only if q not in endings and q in shown]


async def test_resume_list_counts_one_moment_and_a_finished_session_opens_on_the_projector(
    tmp_path: Path,
) -> None:
    from workshop_support import fixture_library, new_workshop

    from klantkoning.engine.workshop import save_workshop
    from klantkoning.ui.workshop_theme import PROJECTOR_THEME_NAME

    ws = new_workshop(fixture_library())
    save_workshop(ws, tmp_path)
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopSetupScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, WorkshopSetupScreen)
        resume = setup.query_one("#ws-resume")
        prompt = str(resume.get_option_at_index(0).prompt)
        assert " — 1 moment — " in prompt, prompt  # not "1 momenten"
        theme = app.theme
        assert theme != PROJECTOR_THEME_NAME
        # Meanwhile the session was finished elsewhere: resuming opens its scoreboard,
        # on the projector theme like a running session.
        ws.finish()
        save_workshop(ws, tmp_path)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScoreboardScreen)
        assert app.theme == PROJECTOR_THEME_NAME
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == theme
