"""Score ranges, outcomes, play counts, the road not taken and random plays."""

from __future__ import annotations

import random

from analysis_support import beat, chain_scenario, choice, ending, every_play, scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantkoning.engine.analysis.analyse import (
    PLAY_COUNT_CAP,
    analyse,
    choice_value,
    random_play,
    structural_findings,
)
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, make_dimensions
from klantkoning.engine.format.problems import Problem
from klantkoning.engine.play.session import Session, play_path

FLAGGED = (
    beat(
        "begin",
        "Start.",
        choice("Belofte doen", "midden", score={"vertrouwen": -1}, sets=["belofte"]),
        choice("Niets beloven", "midden", score={"vertrouwen": 1}),
    ),
    beat(
        "midden",
        "Midden.",
        choice(
            "Belofte nakomen",
            "klaar",
            score={"vertrouwen": 3, "basis": 2},
            requires=["belofte"],
        ),
        choice("Gewoon afronden", "klaar", score={"basis": 1}),
    ),
    ending("klaar"),
)


def test_score_range_takes_flags_into_account() -> None:
    result = analyse(scenario(*FLAGGED))
    # Best vertrouwen: -1 + 3 (only after the promise); without flags it would look like 4.
    assert result.score_range["vertrouwen"] == (-1, 2)
    assert result.score_range["basis"] == (1, 2)
    assert result.score_range["welkom"] == (0, 0)
    assert result.unbounded_dimensions == set()
    assert (result.shortest_play, result.longest_play) == (2, 2)
    assert result.play_count == 3  # the promise opens one more way


def test_score_range_matches_every_play() -> None:
    sc = scenario(*FLAGGED)
    plays = [play_path(sc, path).result() for path in ([1, 1], [1, 2], [2, 1])]
    assert sorted(p.score["vertrouwen"] for p in plays) == [-1, 1, 2]
    assert sorted(p.score["basis"] for p in plays) == [1, 1, 2]


def test_a_loop_that_gains_points_makes_the_maximum_unbounded() -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Nog een compliment", "begin", score={"verleuken": 1}),
            choice("Afronden", "klaar", score={"basis": -1}),
        ),
        ending("klaar"),
    )
    result = analyse(sc)
    assert result.score_range["verleuken"] == (0, None)
    assert result.score_range["basis"] == (-1, -1)
    assert result.unbounded_dimensions == {"verleuken"}
    assert result.unbounded_choices == {"verleuken": ("begin", 0)}
    assert result.play_count is None and not result.play_count_capped
    assert (result.shortest_play, result.longest_play) == (1, None)
    (finding,) = structural_findings(sc)
    assert (finding.severity, finding.code, finding.path) == (
        "warning",
        "unbounded_score",
        "beats.begin.choices[1]",
    )
    assert finding.params == {"dimensions": "verleuken", "beat": "begin", "choice": 1}


def test_a_losing_loop_makes_only_the_minimum_unbounded() -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Nog eens laten wachten", "begin", score={"welkom": -1}),
            choice("Helpen", "klaar", score={"welkom": 2}),
        ),
        ending("klaar"),
    )
    result = analyse(sc)
    assert result.score_range["welkom"] == (None, 2)
    assert structural_findings(sc) == []  # losing without end is the player's loss, no warning


def test_a_zero_sum_loop_is_bounded() -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Even weg", "weg", score={"welkom": 2}),
            choice("Helpen", "klaar", score={"basis": 1}),
        ),
        beat(
            "weg",
            "Weg.",
            choice("Terug", "begin", score={"welkom": -2}),
            choice("Vanuit hier afronden", "klaar", score={"welkom": 1}),
        ),
        ending("klaar"),
    )
    result = analyse(sc)
    assert result.score_range["welkom"] == (0, 3)
    assert result.score_range["basis"] == (0, 1)
    assert result.unbounded_dimensions == set()
    assert result.cyclic and result.longest_play is None and result.play_count is None
    assert structural_findings(sc) == []


def test_a_mixed_loop_is_found_by_its_total() -> None:
    # Three steps round: +3, -1, -1 = +1 per round: unbounded, although two steps lose.

    def loop(last: int) -> list[str]:
        return [
            beat("a", "A.", choice("Naar b", "b", score={"maatwerk": 3})),
            beat("b", "B.", choice("Naar c", "c", score={"maatwerk": -1})),
            beat(
                "c",
                "C.",
                choice("Naar a", "a", score={"maatwerk": last}),
                choice("Klaar", "klaar"),
            ),
            ending("klaar"),
        ]

    gaining = analyse(scenario(*loop(-1), start="a"))
    assert gaining.score_range["maatwerk"] == (2, None)
    balanced = analyse(scenario(*loop(-2), start="a"))
    assert balanced.score_range["maatwerk"] == (2, 2)
    losing = analyse(scenario(*loop(-3), start="a"))
    assert losing.score_range["maatwerk"] == (None, 2)


def test_outcomes_are_derived_per_ending_from_the_moods_that_reach_it() -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Heel goed", "stil", mood=3),
            choice("Matig", "stil", mood=-1),
            choice("Slecht", "boos", mood=-5),
        ),
        ending("stil", "Stil", "De klant gaat."),
        ending("boos", "Boos", "De klant is boos.", outcome="ontevreden"),
        mood=1,
    )
    result = analyse(sc)
    assert result.ending_outcomes == {"stil": {"enthousiast", "tevreden"}, "boos": {"ontevreden"}}
    assert result.outcomes == {"enthousiast", "tevreden", "ontevreden"}


def test_derived_outcomes_respect_mood_clamping_in_loops() -> None:
    # Going round lowers the mood, but never below -5; from -5 the ending is ontevreden.
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Laten wachten", "begin", mood=-2),
            choice("Helpen", "klaar"),
        ),
        ending("klaar"),
        mood=4,
    )
    assert analyse(sc).ending_outcomes == {"klaar": {"enthousiast", "tevreden", "ontevreden"}}


def test_play_count_and_its_cap() -> None:
    assert analyse(chain_scenario(5, 3)).play_count == 3**5
    huge = analyse(chain_scenario(40, 2))
    assert PLAY_COUNT_CAP < 2**40
    assert huge.play_count is None and huge.play_count_capped
    assert (huge.shortest_play, huge.longest_play) == (40, 40)
    assert huge.score_range["welkom"] == (0, 40)


def test_own_values_are_dimensions_too() -> None:
    dims = make_dimensions([("klantbelofte", "Klantbelofte", "")])
    sc = scenario(
        beat("begin", "Start.", choice("Belofte", "klaar", score={"klantbelofte": 2})),
        ending("klaar"),
    )
    result = analyse(sc, dims)
    assert result.score_range["klantbelofte"] == (2, 2)
    assert "vertrouwen" not in result.score_range


def test_choice_value_is_the_best_total_after_each_visible_choice() -> None:
    sc = scenario(*FLAGGED)
    dims = DEFAULT_DIMENSIONS
    # Promise: -1, then keep it: +5 -> 4.  No promise: +1, then only "afronden": +1 -> 2.
    assert choice_value(sc, dims, "begin", set()) == [(0, 4), (1, 2)]
    assert choice_value(sc, dims, "midden", {"belofte"}) == [(0, 5), (1, 1)]
    assert choice_value(sc, dims, "midden", frozenset()) == [(1, 1)]
    assert choice_value(sc, dims, "midden", {"onbekend"}) == [(1, 1)]
    # A state no play from the start reaches (the promise made before the start):
    # explored on its own; the promise then also helps after "Niets beloven".
    assert choice_value(sc, dims, "begin", {"belofte"}) == [(0, 4), (1, 6)]
    assert choice_value(sc, dims, "klaar", set()) == []
    assert choice_value(sc, dims, "bestaat-niet", set()) == []


def test_choice_value_leaves_out_dead_ways_and_marks_endless_gains() -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Vastlopen", "vast", score={"welkom": 3}),
            choice("Rondje", "begin", score={"welkom": 1}),
            choice("Afronden", "klaar"),
        ),
        beat("vast", "Vast.", choice("Nooit", "klaar", requires=["nooit"])),
        ending("klaar"),
    )
    assert choice_value(sc, DEFAULT_DIMENSIONS, "begin", set()) == [(1, None), (2, 0)]


def test_random_play_is_a_real_session_and_reproducible() -> None:
    sc = scenario(*FLAGGED)
    first = random_play(sc, random.Random(7))
    second = random_play(sc, random.Random(7))
    assert first.ended
    assert first.result().to_json() == second.result().to_json()
    replayed = play_path(sc, first.numbers)
    assert replayed.result().to_json() == first.result().to_json()
    assert replayed.history == first.history
    resumed = Session.from_dict(sc, first.to_dict())
    assert resumed.result().to_json() == first.result().to_json()


def test_random_play_stops_at_a_dead_end_and_after_max_steps() -> None:
    stuck = scenario(
        beat("begin", "Start.", choice("Verder", "vast")),
        beat("vast", "Vast.", choice("Nooit", "klaar", requires=["nooit"])),
        ending("klaar"),
    )
    session = random_play(stuck, random.Random(1))
    assert not session.ended and session.node == "vast"
    loop = scenario(beat("begin", "Start.", choice("Rondje", "begin")), ending("klaar"))
    session = random_play(loop, random.Random(1), max_steps=25)
    assert not session.ended and session.steps_taken == 25


def _random_scenario(data: st.DataObject) -> object:
    """A random small scenario with flags, loops, moods and scores."""
    n_beats = data.draw(st.integers(1, 6), label="beats")
    beat_ids = [f"b{i}" for i in range(n_beats)]
    endings = ["e0", "e1"]
    flags = ["f0", "f1"]
    parts = []
    for beat_id in beat_ids:
        choices = []
        for j in range(data.draw(st.integers(1, 3))):
            nxt = data.draw(st.sampled_from(beat_ids + endings))
            mood = data.draw(st.integers(-3, 3))
            score = {
                "welkom": data.draw(st.integers(-3, 3)),
                "basis": data.draw(st.integers(-3, 3)),
            }
            conditions = {}
            for key in ("sets", "requires", "unless"):
                if data.draw(st.integers(0, 3)) == 0:
                    conditions[key] = [data.draw(st.sampled_from(flags))]
            choices.append(choice(f"k{j}", nxt, mood=mood, score=score, **conditions))
        parts.append(beat(beat_id, "x", *choices))
    parts.append(ending("e0", "E0", "x"))
    parts.append(ending("e1", "E1", "x", outcome="tevreden"))
    return scenario(*parts, start="b0", mood=data.draw(st.integers(-5, 5)))


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def test_every_random_play_lies_within_the_analysis(data: st.DataObject) -> None:
    sc = _random_scenario(data)
    result = analyse(sc)
    rng = random.Random(data.draw(st.integers(0, 2**16)))
    for _ in range(10):
        session = random_play(sc, rng, max_steps=60)
        assert set(session.path) - set(sc.endings) <= result.reachable_beats
        if not session.ended:
            continue
        assert result.playable
        play = session.result()
        assert play.ending_id in result.reachable_endings
        assert play.outcome in result.ending_outcomes[play.ending_id]
        assert result.shortest_play is not None and result.shortest_play <= len(play.choices)
        if result.longest_play is not None:
            assert len(play.choices) <= result.longest_play
        for dim, (low, high) in result.score_range.items():
            assert low is None or low <= play.score[dim]
            assert high is None or play.score[dim] <= high
        # The play is exactly what the Session gives for the same numbers.
        assert play_path(sc, play.choices).result().to_json() == play.to_json()
        # What choice_value promised for the choice taken is attainable from there:
        # never below what this play actually earned afterwards.
        replay = Session(sc)
        for beat_id, index in session.history:
            values = dict(choice_value(sc, DEFAULT_DIMENSIONS, beat_id, replay.flags))
            before = sum(replay.score.values())
            assert index in values
            best = values[index]
            replay.choose_index(index)
            if best is not None:
                rest = sum(play.score.values()) - before
                assert rest <= best


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def test_on_acyclic_scenarios_the_analysis_is_exact(data: st.DataObject) -> None:
    sc = _random_scenario(data)
    result = analyse(sc)
    if result.cyclic or result.stuck_beats or not result.playable:
        return
    plays = every_play(sc, max_plays=400, max_steps=12)
    if plays is None:
        return
    assert result.play_count == len(plays)
    assert result.shortest_play == min(len(p.choices) for p in plays)
    assert result.longest_play == max(len(p.choices) for p in plays)
    for dim in ("welkom", "basis"):
        scores = [p.score[dim] for p in plays]
        assert result.score_range[dim] == (min(scores), max(scores))
    outcomes: dict[str, set[str]] = {}
    for p in plays:
        outcomes.setdefault(p.ending_id, set()).add(p.outcome)
    assert result.ending_outcomes == outcomes
    best = max(sum(p.score.values()) for p in plays)
    assert max(v for _, v in choice_value(sc, DEFAULT_DIMENSIONS, "b0", set())) == best


def test_the_cache_never_mixes_up_scenarios() -> None:
    # Many short-lived scenario objects: a cache keyed by id() alone would hand out a
    # stale graph once an id is reused.
    for points in [p % 7 - 3 for p in range(60)]:
        sc = scenario(
            beat("begin", "Start.", choice("Kies", "klaar", score={"welkom": points})),
            ending("klaar"),
        )
        assert analyse(sc).score_range["welkom"] == (points, points)
        assert choice_value(sc, DEFAULT_DIMENSIONS, "begin", set()) == [(0, points)]


def test_one_warning_per_choice_names_every_dimension_it_lets_grow() -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Nog een compliment", "begin", score={"welkom": 1, "verleuken": 2}),
            choice("Afronden", "klaar"),
        ),
        ending("klaar"),
    )
    assert analyse(sc).unbounded_dimensions == {"welkom", "verleuken"}
    findings = [f for f in structural_findings(sc) if f.code == "unbounded_score"]
    assert len(findings) == 1
    (finding,) = findings
    assert finding.path == "beats.begin.choices[1]"
    assert set(finding.params["dimensions"].split(", ")) == {"welkom", "verleuken"}
    message = Problem("x.toml", finding.path, None, "warning", finding.code, finding.params)
    assert message.message.count("Keuze 1 bij beat 'begin'") == 1


def test_no_unbounded_warning_inside_a_loop_already_reported_as_stuck() -> None:
    # Without flag 'y' the loop begin -> a -> begin has a way out; with it, none: the
    # stuck cycle is the error to fix first, the score warning would only repeat it.
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Rondje", "a", score={"welkom": 1}),
            choice("Zet y", "a", sets=["y"]),
        ),
        beat("a", "A.", choice("Terug", "begin"), choice("Uit", "klaar", unless=["y"])),
        ending("klaar"),
    )
    assert analyse(sc).unbounded_choices == {"welkom": ("begin", 0)}
    codes = [(f.code, f.path) for f in structural_findings(sc)]
    assert codes == [("stuck_cycle", "beats.begin")]
