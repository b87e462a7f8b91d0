"""Pilot tests of issue 10's UI side: reactions apart from verdicts, numbers that agree,
the one-screen debrief with its details one key away, replay from a decision as practice,
and shuffled options that a resumed play keeps.

The fixture ``de-belofte`` has a mistake-and-repair route ("Komt goed, meneer." then the
excuse) that collects more points than the straight route, so a debrief that ranked by
reachable points would recommend the mistake; the judge does not.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pilot_support import until, wait_for
from rich.console import Console
from test_ui_play import rendered, screen_text
from textual.widgets import ContentSwitcher, DataTable, OptionList, Static

from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS
from klantkoning.engine.library.folders import load_library
from klantkoning.engine.play.session import Session
from klantkoning.engine.saves.progress import best_attempt
from klantkoning.engine.saves.store import SaveStore, Settings
from klantkoning.ui.app import KlantkoningApp, make_app
from klantkoning.ui.runner import shown_order
from klantkoning.ui.screens.debrief import DebriefScreen
from klantkoning.ui.screens.dialogs import ChoiceDialog
from klantkoning.ui.screens.home import HomeScreen
from klantkoning.ui.screens.play import PlayScreen
from klantkoning.ui.widgets.mood import mood_change
from klantkoning.ui.widgets.score_bars import bar

FIXTURE = Path(__file__).parent / "fixtures" / "teaching" / "de-belofte.toml"
SIZE = (80, 24)
PROMISE = '"Komt goed, meneer."'
CALL_BACK = "Ik bel nu de centrale"


def library(tmp_path: Path) -> Path:
    lib = tmp_path / "scenarios"
    lib.mkdir()
    shutil.copy(FIXTURE, lib / FIXTURE.name)
    return lib


async def play(pilot, app: KlantkoningApp, keys: list[str]) -> None:
    await until(pilot, lambda: isinstance(app.screen, PlayScreen))
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def to_debrief(pilot, app: KlantkoningApp, numbers: list[int]) -> DebriefScreen:
    keys = [k for n in numbers for k in (str(n), "enter")]
    await play(pilot, app, keys)
    await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))
    screen = app.screen
    assert isinstance(screen, DebriefScreen)
    return screen


# -- reactions ---------------------------------------------------------------------


async def test_reaction_shows_with_the_feedback(tmp_path: Path) -> None:
    app = make_app(library(tmp_path), tmp_path / "saves", player="Anna", scenario="de-belofte")
    async with app.run_test(size=SIZE) as pilot:
        await play(pilot, app, ["2"])
        panel = rendered(app.screen.query_one("#play-feedback", Static))
        assert 'Reactie: Hij glimlacht: "Prima."' in panel
        assert "Eerlijk en concreet" in panel  # the evaluation stays in feedback mode
        # The reaction comes before the evaluation: the story first.
        assert panel.index("Hij glimlacht") < panel.index("Eerlijk en concreet")


async def test_exam_mode_shows_the_reaction_but_not_the_evaluation(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    store = SaveStore(saves)
    store.update_settings(store.get_or_create("Anna"), Settings("exam", None))
    app = make_app(library(tmp_path), saves, player="Anna", scenario="de-belofte")
    async with app.run_test(size=SIZE) as pilot:
        await play(pilot, app, ["1"])
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        panel = screen.query_one("#play-feedback", Static)
        assert panel.display
        text = rendered(panel)
        assert "Hij knikt, maar kijkt op zijn horloge." in text
        assert "belofte die je nog niet" not in text  # no feedback
        assert "Stemming:" not in text and "Vertrouwen" not in text  # no numbers
        assert "Niveau:" not in text
        # Nor a mood meter that moves after each choice: it tells at once whether it helped.
        assert not screen.query_one("#play-mood").display
        assert "Stemming" not in app.export_screenshot()
        await pilot.press("enter")
        await pilot.pause()
        assert "balie" in rendered(screen.query_one("#play-beat", Static))
        # The bill has no reaction: in exam mode it goes straight on, to the debrief.
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))


# -- numbers that agree --------------------------------------------------------------


async def test_mood_change_at_the_limit_names_the_mood(tmp_path: Path) -> None:
    """Start +3, the promise +2: +5. The excuse (+1) is cut off: "al +5", not "(0)"."""
    app = make_app(library(tmp_path), tmp_path / "saves", player="Anna", scenario="de-belofte")
    async with app.run_test(size=SIZE) as pilot:
        await play(pilot, app, ["1", "enter", "1"])
        panel = rendered(app.screen.query_one("#play-feedback", Static))
        assert "+5 → 🤩 laaiend enthousiast +5  (al +5)" in panel
        assert "(0)" not in panel
        assert "laaiend enthousiast +5" in screen_text(app)  # the meter says the same


def test_mood_change_words() -> None:
    assert mood_change(5, 5, 1) == "al +5"
    assert mood_change(4, 5, 3) == "+1, grens +5"
    assert mood_change(-5, -5, -2) == "al −5"
    assert mood_change(0, 2, 2) == "+2"
    assert mood_change(1, 1, 0) == "0"


def test_bars_run_from_minimum_to_maximum_with_zero_marked() -> None:
    # Rechtvaardigheid −5 of −5…4: the left side full, nothing on the right.
    assert bar(-5, 4, width=9, minimum=-5) == "█████│░░░░"
    assert bar(2, 4, width=9, minimum=-5) == "░░░░░│██░░"
    assert bar(0, 4, width=9, minimum=-5) == "░░░░░│░░░░"
    # No negative side: as before, zero is the left edge.
    assert bar(2, 4, width=8) == "████░░░░"
    # A negative total without a known minimum still shows as negative.
    assert "█" in bar(-2, 4, width=8).split("│")[0]


# -- the one-screen debrief -----------------------------------------------------------


async def test_debrief_fits_one_screen_and_recommends_what_the_judge_does(
    tmp_path: Path,
) -> None:
    """The mistake-and-repair route: the repair earns more in total, but the debrief
    recommends calling back (judged better), never the promise."""
    app = make_app(library(tmp_path), tmp_path / "saves", player="Anna", scenario="de-belofte")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_debrief(pilot, app, [1, 1])
        summary = screen.query_one("#debrief-summary")
        assert summary.max_scroll_y == 0  # everything on one 80×24 screen
        text = screen_text(app)
        assert "ENTHOUSIASTE KLANT" in text
        assert "Wat goed ging" in text and "✓  Stap 2" in text
        assert "Om aan te werken: Vertrouwen" in text
        mattered = rendered(screen.query_one("#debrief-mattered", Static))
        assert "(stap 1)" in mattered
        assert f"Jij: {PROMISE}" in mattered
        assert f'Beter: "{CALL_BACK}' in mattered
        assert "Eerlijk en concreet" in mattered  # the better choice's own feedback
        assert "Wanneer is een belofte te veel beloofd?" in text
        # The details are one key away, and back.
        switcher = screen.query_one(ContentSwitcher)
        assert switcher.current == "debrief-summary"
        await pilot.press("d")
        await pilot.pause()
        assert switcher.current == "debrief-details"
        text = screen_text(app)
        assert "Nabespreking" in text and "Punten per principe en waarde" in text
        road = rendered(screen.query_one("#debrief-road", Static))
        assert road.count("✗ Beter was geweest:") == 1
        assert f"Beter was geweest: {PROMISE}" not in road
        await pilot.press("d")
        await pilot.pause()
        assert switcher.current == "debrief-summary"


async def test_nothing_to_repair_and_levels_with_direction(tmp_path: Path) -> None:
    app = make_app(library(tmp_path), tmp_path / "saves", player="Anna", scenario="de-belofte")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_debrief(pilot, app, [2, 1])  # every choice judged best
        bars = rendered(screen.query_one("#debrief-bars-principe", Static))
        herstel = next(line for line in bars.splitlines() if line.startswith("Herstel"))
        assert "niets te herstellen" in herstel and "/" not in herstel
        levels = rendered(screen.query_one("#debrief-levels", Static))
        assert "Waarden en overtuigingen  ✓  (1 goed)" in levels
        assert "Harald Pol" in levels  # a best choice at waarden
        assert "niets dringends" in rendered(screen.query_one("#debrief-work-on", Static))
        went_well = rendered(screen.query_one("#debrief-went-well", Static))
        assert "Stap 1" in went_well
        assert "Stap 2" not in went_well  # the bill was the only option: no achievement


async def test_weak_levels_are_marked_and_pol_stays_silent(tmp_path: Path) -> None:
    app = make_app(library(tmp_path), tmp_path / "saves", player="Anna", scenario="de-belofte")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_debrief(pilot, app, [3, 1])  # "daar ga ik niet over"
        levels = rendered(screen.query_one("#debrief-levels", Static))
        assert "Omgeving                  ✗  (1 zwak)" in levels
        assert "Harald Pol" not in levels
        bars = rendered(screen.query_one("#debrief-bars-waarde", Static))
        fairness = next(line for line in bars.splitlines() if line.startswith("Rechtvaardig"))
        assert "−2" in fairness and "█│" in fairness  # a negative total, drawn negative


# -- replay from a decision --------------------------------------------------------------


async def test_replay_from_a_step_is_practice(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(library(tmp_path), saves, player="Anna", scenario="de-belofte")
    async with app.run_test(size=SIZE) as pilot:
        await to_debrief(pilot, app, [1, 2])
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("2")  # step 2: the counter, after the promise
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        session = screen.runner.session
        assert session.node == "nazorg"
        assert session.mood == 5 and "belofte" in session.flags
        assert [b for b, _ in session.history] == ["vraag"]
        assert screen.runner.practice
        assert len(screen.query_one("#play-choices").options) == 2  # the excuse is there
        unfinished = SaveStore(saves).find("Anna").unfinished  # type: ignore[union-attr]
        assert unfinished is not None and unfinished.practice
        await play(pilot, app, ["1", "enter"])
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert "Oefenronde" in screen_text(app)
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("v")
        await pilot.pause()
        table = app.screen.query_one("#progress-attempts", DataTable)
        modes = [str(table.get_row_at(i)[4]) for i in range(table.row_count)]
        assert modes == ["oefening", "direct"]  # newest first
    profile = SaveStore(saves).find("Anna")
    assert profile is not None
    assert [a.practice for a in profile.attempts] == [False, True]
    # The practice play scored more, but the best attempt is the real one.
    assert profile.attempts[1].total > profile.attempts[0].total
    assert best_attempt(profile, "de-belofte") == profile.attempts[0]


# -- shuffled options -------------------------------------------------------------------


def _texts(app: KlantkoningApp) -> list[str]:
    """The choice texts as the screen lists them, top to bottom (without the numbers)."""
    choices = app.screen.query_one("#play-choices", OptionList)
    out = []
    for i in range(choices.option_count):
        console = Console(width=300, record=True, file=io.StringIO(), color_system=None)
        console.print(choices.get_option_at_index(i).prompt)
        number, text = console.export_text().strip().split(" ", 1)
        assert number == str(i + 1)
        out.append(text.strip())
    return out


def _shuffling_seed() -> int:
    """A seed whose first beat does not start with the file's first option."""
    scenario = load_library(FIXTURE).entries[0].scenario
    assert scenario is not None
    for seed in range(1, 100):
        if shown_order(Session(scenario), seed)[0].index != 0:
            return seed
    raise AssertionError("no seed shuffles")


async def test_shuffled_options_keep_their_order_when_resumed(tmp_path: Path) -> None:
    saves, lib = tmp_path / "saves", library(tmp_path)
    seed = _shuffling_seed()
    app = make_app(lib, saves, player="Anna", scenario="de-belofte", seeds=lambda: seed)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        shown = _texts(app)
        assert not shown[0].startswith(PROMISE)
        promise = next(n for n, text in enumerate(shown, start=1) if text.startswith(PROMISE))
        await play(pilot, app, [str(promise), "enter"])
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        # The engine keeps file order: the promise is choice 1 of the file.
        assert screen.runner.session.history == [("vraag", 0)]
        assert screen.runner.session.numbers == [1]
        at_counter = _texts(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    unfinished = SaveStore(saves).find("Anna").unfinished  # type: ignore[union-attr]
    assert unfinished is not None and unfinished.seed == seed
    # Another instance, which would pick another seed for a new play.
    again = make_app(lib, saves, player="Anna", seeds=lambda: seed + 1)
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, ChoiceDialog))
        await pilot.press("1")  # resume
        await wait_for(pilot, lambda: isinstance(again.screen, PlayScreen))
        await pilot.pause()
        assert _texts(again) == at_counter
        first = at_counter[0]
        await play(pilot, again, ["1", "enter"])
        await wait_for(pilot, lambda: isinstance(again.screen, DebriefScreen))
    attempt = SaveStore(saves).find("Anna").attempts[0]  # type: ignore[union-attr]
    assert attempt.seed == seed
    chosen = attempt.history[1][1]
    scenario = load_library(FIXTURE).entries[0].scenario
    assert scenario is not None
    assert first.startswith(scenario.beats["nazorg"].choices[chosen].text[:20])


async def test_shuffling_can_be_turned_off(tmp_path: Path) -> None:
    saves, lib = tmp_path / "saves", library(tmp_path)
    seed = _shuffling_seed()
    app = make_app(lib, saves, player="Anna", seeds=lambda: seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Keuzes schudden")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: app.player is not None and not app.player.settings.shuffle)
        assert app.player is not None and not app.player.settings.shuffle
    profile = SaveStore(saves).find("Anna")
    assert profile is not None and profile.settings.shuffle is False
    again = make_app(lib, saves, player="Anna", scenario="de-belofte", seeds=lambda: seed)
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(again.screen, PlayScreen))
        await pilot.pause()
        assert _texts(again)[0].startswith(PROMISE)  # file order
        screen = again.screen
        assert isinstance(screen, PlayScreen) and screen.runner.seed is None


def test_old_saves_read_without_the_new_fields(tmp_path: Path) -> None:
    from klantkoning.engine.saves.store import parse_save

    text = (
        'format = 1\nname = "Oud"\ncreated = 2026-01-01 00:00:00+00:00\n'
        '[settings]\nfeedback_mode = "direct"\n'
        '[[attempts]]\nscenario_id = "x"\nscenario_hash = "h"\n'
        "started = 2026-01-01 00:00:00+00:00\nfinished = 2026-01-01 00:01:00+00:00\n"
        'ending = "e"\noutcome = "tevreden"\nmood = 0\nstart_mood = 0\nlowest_mood = 0\n'
        'recovered = false\nchoices = [1]\npath = ["a", "e"]\nhistory = [["a", 0]]\n'
    )
    profile = parse_save(text, "oud")
    assert profile.settings.shuffle is True
    assert profile.attempts[0].seed is None and profile.attempts[0].practice is False


async def test_a_scenario_too_large_to_judge_recommends_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without verdicts the debrief neither praises nor recommends (it cannot know)."""
    from klantkoning.engine.analysis.judge import TooLarge
    from klantkoning.ui import debrief_data

    def too_large(*args: object, **kwargs: object) -> None:
        raise TooLarge(10, 5)

    monkeypatch.setattr(debrief_data, "judge_play", too_large)
    app = make_app(library(tmp_path), tmp_path / "saves", player="Anna", scenario="de-belofte")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_debrief(pilot, app, [1, 1])
        text = screen_text(app)
        assert "te groot om elke keuze te beoordelen" in text
        assert "Beter:" not in text and "Om aan te werken" not in text
        road = rendered(screen.query_one("#debrief-road", Static))
        assert "✓" not in road and "✗" not in road
        levels = rendered(screen.query_one("#debrief-levels", Static))
        assert "Identiteit                ●" in levels
        assert "Harald Pol" not in levels


def test_workshop_reveal_shows_each_reaction() -> None:
    from workshop_support import new_workshop

    from klantkoning.ui.workshop_render import options_text

    ws = new_workshop(load_library(FIXTURE), ("de-belofte",))
    ws.reveal()
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(options_text(ws, reveal=True, follow=None))
    text = console.export_text()
    assert "💬 Hij knikt, maar kijkt op zijn horloge." in text
    assert text.index("Hij knikt") < text.index("Een belofte die je nog niet")
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(options_text(ws, reveal=False, follow=None))
    assert "Hij knikt" not in console.export_text()  # not before the reveal


LONG = " ".join(["Een heel lange zin over wat er gebeurt en waarom dat ertoe doet."] * 8)


async def test_the_summary_fits_80x24_however_long_the_texts(tmp_path: Path) -> None:
    """Authors write long: the summary shortens (the details keep every word)."""
    text = FIXTURE.read_text(encoding="utf-8")
    for old in (
        'feedback = "Eerlijk en concreet: hij weet wat er gebeurt en wanneer."',
        'text = "Meneer Bakker loopt naar de lift."',
        'title = "Meneer Bakker vertrekt"',
        'text = "\\"Komt goed, meneer.\\""',
    ):
        assert old in text
        text = text.replace(old, old.split(" = ")[0] + f' = "{LONG}"')
    text = text.replace(
        'discuss = ["Wanneer is een belofte te veel beloofd?"]',
        f'discuss = ["{LONG}?", "{LONG} Twee?", "{LONG} Drie?"]',
    )
    lib = tmp_path / "scenarios"
    lib.mkdir()
    (lib / FIXTURE.name).write_text(text, encoding="utf-8")
    app = make_app(lib, tmp_path / "saves", player="Anna", scenario="de-belofte")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_debrief(pilot, app, [1, 1])
        await pilot.pause()
        assert screen.query_one("#debrief-summary").max_scroll_y == 0
        assert "…" in rendered(screen.query_one("#debrief-mattered", Static))
        questions = rendered(screen.query_one("#debrief-questions", Static))
        assert questions.count("?") == 2  # two long questions, not three
        road = rendered(screen.query_one("#debrief-road", Static))
        assert road.count("waarom dat ertoe doet") >= 8  # all of it in the details


def _random_histories(scenario, count: int, seed: int):  # type: ignore[no-untyped-def]
    import random

    rng = random.Random(seed)
    for _ in range(count):
        session = Session(scenario)
        while not session.ended and session.steps_taken < 60:
            session.choose(rng.randint(1, len(session.visible_choices)))
        if session.ended:
            yield list(session.history)


def test_the_debrief_never_recommends_what_the_judge_ranks_lower() -> None:
    """On every shipped scenario and the fixtures, in random plays: a recommended
    alternative is ranked at the top by the judge, above the choice made; a step without
    one was judged best; the one alternative of the summary is one of them."""
    from klantkoning.ui.debrief_data import mattered_most, road_taken

    files = [FIXTURE, Path(__file__).parent / "fixtures" / "ui" / "library" / "koffie-koud.toml"]
    scenarios = [
        e.scenario for e in load_library(Path(__file__).parent.parent / "scenarios").entries
    ]
    scenarios += [load_library(f).entries[0].scenario for f in files]
    checked = 0
    for n, scenario in enumerate(scenarios):
        assert scenario is not None
        for history in _random_histories(scenario, 15, n):
            road = road_taken(scenario, DEFAULT_DIMENSIONS, history)
            for step in road:
                assert step.verdict is not None
                top = max(v.rank for v in step.verdict.verdicts)
                chosen = step.verdict.chosen_verdict
                if step.better_choice is None:
                    assert chosen.rank == top and step.best
                else:
                    better = step.verdict.better_verdict
                    assert better is not None and better.rank == top > chosen.rank
                    assert not step.best
                checked += 1
            most = mattered_most(road)
            assert most is None or most.better_choice is not None
            assert (most is None) == all(step.best for step in road)
    assert checked > 50
