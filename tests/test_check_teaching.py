"""The checks that keep the teaching honest: each fires where it should, located, in the
user's language, fails ``check --strict``, and stays quiet on a fair scenario."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from analysis_support import HEADER, beat, choice, ending
from click.testing import CliRunner

from klantkoning.cli import cli
from klantkoning.engine.analysis.teaching import (
    longest_best,
    mood_contradictions,
    mood_limit_share,
)
from klantkoning.engine.format.problems import Problem
from klantkoning.engine.library.loader import load_scenario_text
from klantkoning.i18n import set_language

TEACHING = {"outcome_contradicts_mood", "mood_saturates", "longest_is_best"}


def text_of(*parts: str, mood: int = 0, sid: str = "test-scenario") -> str:
    body = "\n".join(textwrap.dedent(part) for part in parts)
    return HEADER.format(id=sid, start="begin", mood=mood) + "\n" + body + "\n"


def teaching_problems(text: str) -> list[Problem]:
    entry = load_scenario_text(text, "test-scenario.toml")
    assert entry.scenario is not None, entry.problems
    return [p for p in entry.problems if p.code in TEACHING]


def line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


# -- outcome_contradicts_mood ------------------------------------------------------------

CONTRADICTION = text_of(
    beat(
        "begin",
        "Kies.",
        choice("Goed", "einde", mood=1),
        choice("Beloven wat niet kan", "slot", mood=-2),
    ),
    beat("slot", "Slot.", choice("Nog erger", "einde", mood=-1), choice("Boos", "boos", mood=5)),
    ending("einde", outcome="enthousiast"),
    ending("boos", outcome="ontevreden"),
)


def test_an_enthusiastic_ending_reached_at_a_low_mood_is_located_at_its_outcome() -> None:
    problems = teaching_problems(CONTRADICTION)
    assert [(p.code, p.path) for p in problems] == [
        ("outcome_contradicts_mood", "endings.einde.outcome"),
        ("outcome_contradicts_mood", "endings.boos.outcome"),
    ]
    enthusiastic, angry = problems
    assert enthusiastic.severity == "warning"
    assert enthusiastic.line == line_of(CONTRADICTION, 'outcome = "enthousiast"')
    message = enthusiastic.message
    assert "'einde'" in message and "stemming -3" in message and "2,1" in message
    assert "'ontevreden'" in message
    assert angry.params["mood"] == "+3" and angry.params["path"] == "2,2"
    assert [c[:3] for c in mood_contradictions(load(CONTRADICTION))] == [
        ("einde", "enthousiast", -3),
        ("boos", "ontevreden", 3),
    ]


def load(text: str):  # type: ignore[no-untyped-def]
    entry = load_scenario_text(text, "test-scenario.toml")
    assert entry.scenario is not None
    return entry.scenario


def test_outcomes_within_one_step_of_the_mood_are_quiet() -> None:
    fair = text_of(
        beat("begin", "Kies.", choice("Goed", "einde", mood=1), choice("Matig", "einde", mood=-1)),
        ending("einde", outcome="enthousiast"),  # at -1 derived is tevreden: one step
    )
    assert teaching_problems(fair) == []


# -- mood_saturates ----------------------------------------------------------------------

SATURATED = text_of(
    beat("begin", "Kies.", choice("Leuk", "verder", mood=3), choice("Prima", "verder", mood=1)),
    beat("verder", "Verder.", choice("Nog leuker", "einde", mood=2), choice("Zeg niks", "einde")),
    ending("einde"),
    mood=3,
)


def test_most_plays_ending_at_the_mood_limit_is_located_at_the_customer() -> None:
    share = mood_limit_share(load(SATURATED))
    # From 3: +3 is clamped at 5; 3 of the 4 plays end at +5 (only +1 then 0 ends at 4).
    assert share is not None and (share.top, share.bottom, share.total) == (3, 0, 4)
    (problem,) = teaching_problems(SATURATED)
    assert (problem.code, problem.path) == ("mood_saturates", "customer")
    assert problem.line == line_of(SATURATED, "[customer]")
    assert problem.message.startswith("75% van de 4 verschillende complete spelen")


def test_half_the_plays_at_the_limit_is_not_more_than_half() -> None:
    half = text_of(
        beat("begin", "Kies.", choice("Leuk", "verder", mood=3), choice("Prima", "verder", mood=1)),
        beat("verder", "Verder.", choice("Iets leuker", "einde", mood=1), choice("Niks", "einde")),
        ending("einde"),
        mood=2,
    )  # 5, 5, 4, 3: two of the four plays end at +5
    share = mood_limit_share(load(half))
    assert share is not None and (share.at_limit, share.total) == (2, 4)
    assert teaching_problems(half) == []


def test_plays_in_a_loop_are_counted_up_to_a_bound() -> None:
    looping = text_of(
        beat("begin", "Kies.", choice("Rondje", "begin", mood=1), choice("Klaar", "einde")),
        ending("einde"),
    )
    share = mood_limit_share(load(looping))
    # 0..4 laps end below +5; every longer play (up to the bound) ends at +5.
    assert share is not None and share.bounded and share.total > 5
    assert share.top == share.total - 5
    assert [p.code for p in teaching_problems(looping)] == ["mood_saturates"]


# -- longest_is_best ---------------------------------------------------------------------


def three(beat_id: str, nxt: str, long_points: int) -> str:
    return beat(
        beat_id,
        "Kies.",
        choice("Kort", nxt, score={"welkom": 1}),
        choice("Een veel langer en uitgebreider antwoord", nxt, score={"welkom": long_points}),
        choice("Half lang", nxt),
    )


def test_the_longest_choice_judged_best_at_most_beats_is_located_at_the_scenario() -> None:
    guessable = text_of(
        three("begin", "twee", 3),
        three("twee", "drie", 3),
        three("drie", "einde", 0),
        ending("einde"),
    )
    assert longest_best(load(guessable)) == (2, 3)
    (problem,) = teaching_problems(guessable)
    assert (problem.code, problem.path) == ("longest_is_best", "scenario")
    assert problem.line == line_of(guessable, "[scenario]")
    assert "Bij 2 van de 3 momenten" in problem.message
    set_language("en")
    try:
        assert problem.message.startswith("At 2 of the 3 moments with three or more choices")
    finally:
        set_language("nl")


def test_the_longest_choice_best_at_half_the_beats_or_a_single_beat_is_quiet() -> None:
    half = text_of(three("begin", "twee", 3), three("twee", "einde", 0), ending("einde"))
    assert longest_best(load(half)) == (1, 2)
    assert teaching_problems(half) == []
    single = text_of(three("begin", "einde", 3), ending("einde"))
    assert longest_best(load(single)) == (1, 1)
    assert teaching_problems(single) == []


def test_a_long_choice_with_the_most_points_but_a_worse_outcome_is_not_counted() -> None:
    # The long one earns most but leads only to a dissatisfied customer: judged weak.
    parts = []
    for beat_id, nxt in (("begin", "twee"), ("twee", "einde")):
        parts.append(
            beat(
                beat_id,
                "Kies.",
                choice("Kort", nxt, score={"welkom": 1}),
                choice("Een veel langer en uitgebreider antwoord", "weg", score={"welkom": 3}),
                choice("Half lang", nxt),
            )
        )
    text = text_of(*parts, ending("einde", outcome="tevreden"), ending("weg", outcome="ontevreden"))
    assert longest_best(load(text)) == (0, 2)
    assert teaching_problems(text) == []


# -- through check ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [CONTRADICTION, SATURATED])
def test_teaching_warnings_fail_check_strict_only(tmp_path: Path, text: str) -> None:
    (tmp_path / "test-scenario.toml").write_text(text, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["check", str(tmp_path)]).exit_code == 0
    strict = runner.invoke(cli, ["check", str(tmp_path), "--strict", "--lang", "en"])
    assert strict.exit_code == 1
    assert "Traceback" not in strict.output
    assert "[outcome_contradicts_mood]" in strict.output or "[mood_saturates]" in strict.output
    assert "distinct complete plays" in strict.output or "Ending 'einde' says" in strict.output


def test_the_guide_documents_every_teaching_check_and_the_judging_rule() -> None:
    guide = (Path(__file__).parent.parent / "docs" / "auteurs.md").read_text(encoding="utf-8")
    for code in sorted(TEACHING):
        assert f"| `{code}` | waarschuwing |" in guide, code
    assert "**Welke keuze is de beste?**" in guide
