"""The rule that judges a choice: outcome still reachable, then own points, then own mood."""

from __future__ import annotations

from pathlib import Path

import pytest
from analysis_support import beat, choice, ending, every_play, flag_maze, scenario
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from klantkoning.engine.analysis.analyse import choice_value
from klantkoning.engine.analysis.judge import (
    TooLarge,
    better_than,
    judge_play,
    judge_state,
    outcome_rank,
    scoreable_dimensions,
    something_to_repair,
    turning_point,
)
from klantkoning.engine.analysis.teaching import mood_limit_share
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.library.loader import load_scenario_file
from klantkoning.engine.play.session import PlayError, play_path

# The straight answer earns 2; the mistake costs 1 but opens a repair worth 5, so the
# mistake-and-repair road collects more points (4) and reaches the same enthusiasm.
REPAIR = scenario(
    beat(
        "begin",
        "De klant wacht.",
        choice("Meteen helpen", "klaar", mood=3, score={"welkom": 2}),
        choice("Eerst de telefoon", "herstel", mood=-2, score={"welkom": -1}),
    ),
    beat(
        "herstel",
        "De klant is boos.",
        choice("Excuses en iets extra's", "klaar", mood=5, score={"herstel": 3, "verwonderen": 2}),
        choice("Niets zeggen", "klaar", mood=-1),
    ),
    ending("klaar", outcome="enthousiast"),
)


def test_a_mistake_that_opens_a_repair_is_never_the_better_choice() -> None:
    # The old "most points still reachable" measure prefers the mistake (4 against 2) ...
    assert choice_value(REPAIR, DEFAULT_DIMENSIONS, "begin", set()) == [(0, 2), (1, 4)]
    # ... the rule does not: same outcome, so the choice's own points decide.
    straight, mistake = judge_state(REPAIR, "begin", set(), 0)
    assert (straight.number, straight.best_outcome, straight.points) == (1, "enthousiast", 2)
    assert (mistake.number, mistake.best_outcome, mistake.points) == (2, "enthousiast", -1)
    assert straight.best and not mistake.best
    assert better_than([straight, mistake], 2) == straight
    assert better_than([straight, mistake], 1) is None


def test_the_repaired_play_is_told_the_straight_answer_was_better() -> None:
    session = play_path(REPAIR, [2, 1])
    first, second = judge_play(REPAIR, session.history)
    assert (first.beat, first.chosen, first.best, first.better) == ("begin", 2, False, 1)
    # The repair itself was the right thing to do once the mistake was made.
    assert (second.beat, second.chosen, second.best, second.better) == ("herstel", 1, True, None)


# The option with the most points of its own leads only to a dissatisfied customer.
GREEDY = scenario(
    beat(
        "begin",
        "Kies.",
        choice("Veel punten, slecht einde", "slecht", score={"basis": 3, "welkom": 3}),
        choice("Weinig punten, goed einde", "goed", score={"basis": 1}),
        choice("Niets, stemming", "stemming", mood=-3, score={"welkom": 2}),
    ),
    ending("slecht", outcome="ontevreden"),
    ending("goed", outcome="tevreden"),
    ending("stemming"),  # derived from the final mood: -3 is ontevreden
)


def test_the_option_with_most_own_points_that_leads_only_to_worse_outcomes_is_not_best() -> None:
    greedy, modest, moody = judge_state(GREEDY, "begin", set(), 0)
    assert greedy.best_outcome == "ontevreden" and greedy.points == 6 and not greedy.best
    assert moody.best_outcome == "ontevreden" and not moody.best
    assert modest.best_outcome == "tevreden" and modest.best
    assert better_than([greedy, modest, moody], 1) == modest
    # Better than the greedy choice, the moody one (2 points) still loses on its own points.
    assert greedy.rank > moody.rank


def test_derived_outcomes_follow_the_mood_clamped_at_every_step() -> None:
    # From mood 5, +3 stays 5 and the -3 after it ends at 2 (tevreden); unclamped it would
    # be 5 (enthousiast). Holding still then dropping 2 ends at 3: enthousiast.
    sc = scenario(
        beat(
            "begin",
            "Kies.",
            choice("Nog blijer", "daarna", mood=3, score={"welkom": 1}),
            choice("Rustig", "anders", score={"welkom": 1}),
        ),
        beat("daarna", "Dan.", choice("Tegenvaller", "klaar", mood=-3)),
        beat("anders", "Dan.", choice("Kleine tegenvaller", "klaar", mood=-2)),
        ending("klaar"),
        mood=5,
    )
    happier, calm = judge_state(sc, "begin", set(), 5)
    assert happier.best_outcome == "tevreden" and calm.best_outcome == "enthousiast"
    assert calm.best and not happier.best
    assert [
        p.outcome for p in (play_path(sc, [1, 1]).result(), play_path(sc, [2, 1]).result())
    ] == [
        "tevreden",
        "enthousiast",
    ]
    # The same beat judged at another mood gives another verdict: the state counts.
    low_happier, low_calm = judge_state(sc, "begin", set(), 0)
    assert low_happier.best_outcome == "tevreden" and low_calm.best_outcome == "ontevreden"
    assert low_happier.best and not low_calm.best


def test_ties_all_count_as_best_and_nothing_is_recommended_instead() -> None:
    sc = scenario(
        beat(
            "begin",
            "Kies.",
            choice("Een", "klaar", mood=1, score={"welkom": 1}),
            choice("Twee", "klaar", mood=1, score={"basis": 1}),
            choice("Drie", "klaar", mood=1),
        ),
        ending("klaar", outcome="tevreden"),
    )
    one, two, three = judge_state(sc, "begin", set(), 0)
    assert one.best and two.best and not three.best
    assert better_than([one, two, three], 1) is None
    assert better_than([one, two, three], 2) is None
    # On a tie between two better ones, the first in visible order is recommended.
    assert better_than([one, two, three], 3) == one


def test_verdicts_use_visible_numbers_and_the_flags_of_the_moment() -> None:
    sc = scenario(
        beat(
            "begin",
            "Kies.",
            choice("Belofte", "midden", sets=["belofte"]),
            choice("Geen belofte", "midden", score={"welkom": 1}),
        ),
        beat(
            "midden",
            "Midden.",
            choice("Verborgen zonder belofte", "goed", requires=["belofte"]),
            choice("Afronden", "matig", score={"basis": 2}),
        ),
        ending("goed", outcome="enthousiast"),
        ending("matig", outcome="tevreden"),
    )
    # Without the promise only "Afronden" is visible, as number 1 (file index 1).
    (only,) = judge_state(sc, "midden", set(), 0)
    assert (only.number, only.file_index, only.best) == (1, 1, True)
    # With it, the promise's own follow-up leads to enthusiasm and is best.
    kept, plain = judge_state(sc, "midden", {"belofte"}, 0)
    assert kept.best and not plain.best
    # At the start the promise is best: it keeps enthusiasm reachable.
    steps = judge_play(sc, play_path(sc, [2, 1]).history)
    assert [(s.chosen, s.best, s.better) for s in steps] == [(2, False, 1), (1, True, None)]


def test_a_choice_after_which_no_ending_can_be_reached_ranks_lowest() -> None:
    sc = scenario(
        beat(
            "begin",
            "Kies.",
            choice("Rondjes", "lus", score={"welkom": 3}),
            choice("Verder", "klaar"),
        ),
        beat("lus", "Lus.", choice("Nog een rondje", "lus")),
        ending("klaar", outcome="ontevreden"),
    )
    loop, on = judge_state(sc, "begin", set(), 0)
    assert loop.best_outcome == "" and not loop.best
    assert on.best_outcome == "ontevreden" and on.best


def test_judging_a_history_that_does_not_fit_is_a_play_error() -> None:
    with pytest.raises(PlayError):
        judge_play(REPAIR, [("herstel", 0)])
    with pytest.raises(PlayError):
        judge_play(REPAIR, [("begin", 7)])
    assert judge_state(REPAIR, "klaar", set(), 0) == []
    assert judge_state(REPAIR, "bestaat-niet", set(), 0) == []


def test_a_scenario_too_large_to_judge_says_so_instead_of_hanging() -> None:
    sc = flag_maze(12)
    with pytest.raises(TooLarge) as caught:
        judge_state(sc, "slot", set(), 0, limit=100)
    assert caught.value.limit == 100
    assert len(judge_state(sc, "kies-0", set(), 0)) == 2


def test_something_to_repair_only_when_the_mood_fell_or_a_choice_was_weak() -> None:
    assert not something_to_repair(REPAIR, play_path(REPAIR, [1]).history)
    assert something_to_repair(REPAIR, play_path(REPAIR, [2, 1]).history)  # mood fell
    # The mood never moved, but the greedy choice was judged weak.
    assert something_to_repair(GREEDY, play_path(GREEDY, [1]).history)
    assert not something_to_repair(GREEDY, play_path(GREEDY, [2]).history)


def test_scoreable_dimensions_are_those_offered_on_the_way_and_herstel_only_if_needed() -> None:
    straight = scoreable_dimensions(REPAIR, play_path(REPAIR, [1]).history)
    assert straight == {"welkom"}
    repaired = scoreable_dimensions(REPAIR, play_path(REPAIR, [2, 1]).history)
    assert repaired == {"welkom", "herstel", "verwonderen"}


BUILTIN = Path(__file__).resolve().parent.parent / "scenarios"
BUILTIN_FILES = sorted(p for p in BUILTIN.glob("*.toml") if not p.name.endswith(".golden.toml"))


@pytest.mark.parametrize("file", BUILTIN_FILES, ids=lambda p: p.stem)
def test_the_best_outcome_after_a_choice_is_what_some_play_reaches_and_none_beats(
    file: Path,
) -> None:
    sc = load_scenario_file(file).scenario
    assert sc is not None
    plays = every_play(sc, 50_000)
    assert plays is not None
    # Per prefix of choices: the best outcome any complete play starting with it reaches.
    reached: dict[tuple[int, ...], int] = {}
    for play in plays:
        rank = outcome_rank(play.outcome)
        for i in range(1, len(play.choices) + 1):
            prefix = play.choices[:i]
            reached[prefix] = max(reached.get(prefix, -1), rank)
    before = {prefix[:-1] for prefix in reached}
    for prefix in before:
        session = play_path(sc, prefix)
        assert session.beat_id is not None
        for v in judge_state(sc, session.beat_id, session.flags, session.mood):
            assert outcome_rank(v.best_outcome) == reached[(*prefix, v.number)], (prefix, v)


def _random_scenario(data: st.DataObject) -> Scenario:
    """A random small scenario with flags, moods, scores and both kinds of outcome."""
    n_beats = data.draw(st.integers(1, 5), label="beats")
    beat_ids = [f"b{i}" for i in range(n_beats)]
    parts = []
    for i, beat_id in enumerate(beat_ids):
        choices = []
        for j in range(data.draw(st.integers(1, 3))):
            # Forward only, so every play ends and can be enumerated.
            nxt = data.draw(st.sampled_from([*beat_ids[i + 1 :], "e0", "e1", "e2"]))
            conditions = {}
            for key in ("sets", "requires", "unless"):
                if data.draw(st.integers(0, 3)) == 0:
                    conditions[key] = [data.draw(st.sampled_from(["f0", "f1"]))]
            points = {
                "welkom": data.draw(st.integers(-3, 3)),
                "herstel": data.draw(st.integers(-3, 3)),
            }
            mood = data.draw(st.integers(-4, 4))
            choices.append(choice(f"k{j}", nxt, mood=mood, score=points, **conditions))
        parts.append(beat(beat_id, "x", *choices))
    parts.append(ending("e0", "E0", "x"))
    parts.append(ending("e1", "E1", "x", outcome="tevreden"))
    parts.append(ending("e2", "E2", "x", outcome="enthousiast"))
    return scenario(*parts, start="b0", mood=data.draw(st.integers(-5, 5)))


@settings(max_examples=80, deadline=None, database=None)
@given(st.data())
def test_on_random_scenarios_verdicts_match_every_play(data: st.DataObject) -> None:
    sc = _random_scenario(data)
    plays = every_play(sc, 2_000)
    assume(plays)
    reached: dict[tuple[int, ...], int] = {}
    for play in plays:
        for i in range(1, len(play.choices) + 1):
            prefix = play.choices[:i]
            reached[prefix] = max(reached.get(prefix, -1), outcome_rank(play.outcome))
    for prefix in {p[:-1] for p in reached}:
        session = play_path(sc, prefix)
        assert session.beat_id is not None
        verdicts = judge_state(sc, session.beat_id, session.flags, session.mood)
        for v in verdicts:
            # No ending after it: ranked lowest, with no outcome.
            assert outcome_rank(v.best_outcome) == reached.get((*prefix, v.number), -1)
            choice_ = sc.beats[session.beat_id].choices[v.file_index]
            assert v.points == sum(choice_.score.values()) and v.mood == choice_.mood
        top = max(v.rank for v in verdicts)
        assert [v.best for v in verdicts] == [v.rank == top for v in verdicts]
    # The count behind mood_saturates is exactly the plays' final moods.
    share = mood_limit_share(sc)
    assert share is not None and not share.bounded
    finals = [p.mood for p in plays]
    assert (share.top, share.bottom, share.total) == (
        finals.count(5),
        finals.count(-5),
        len(finals),
    )
    # Every judged play: the recommended alternative is ranked strictly higher and best.
    for play in plays[:20]:
        for step in judge_play(sc, play_path(sc, play.choices).history):
            better = step.better_verdict
            assert (better is None) == step.best
            if better is not None:
                assert better.best and better.rank > step.chosen_verdict.rank


def test_the_turning_point_is_the_step_whose_alternative_mattered_most() -> None:
    sc = scenario(
        beat(
            "begin",
            "Kies.",
            choice("Goed", "midden", score={"welkom": 2}),
            choice("Iets minder", "midden", score={"welkom": 1}),
        ),
        beat(
            "midden",
            "Kies.",
            choice("Naar een tevreden klant", "goed", score={"welkom": 1}),
            choice("Veel punten, boze klant", "boos", score={"welkom": 3}),
        ),
        ending("goed", outcome="tevreden"),
        ending("boos", outcome="ontevreden"),
    )
    steps = judge_play(sc, play_path(sc, [2, 2]).history)
    # One point less at the start; a worse outcome in the middle: that one mattered most.
    assert [s.better for s in steps] == [1, 1]
    assert turning_point(steps) is steps[1]
    assert turning_point(judge_play(sc, play_path(sc, [1, 1]).history)) is None
