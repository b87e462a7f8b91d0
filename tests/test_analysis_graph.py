"""Structure of a scenario: reachability, dead ends, loops without a way out, check findings."""

from __future__ import annotations

import pytest
from analysis_support import beat, choice, ending, flag_maze, scenario

from klantkoning.engine.analysis.analyse import analyse, structural_findings
from klantkoning.engine.format.problems import Problem
from klantkoning.i18n import catalogue, set_language


def codes(sc) -> list[tuple[str, str, str]]:
    return [(f.severity, f.code, f.path) for f in structural_findings(sc)]


def test_a_clean_scenario_has_no_findings() -> None:
    sc = scenario(
        beat("begin", "Start.", choice("A", "midden"), choice("B", "klaar")),
        beat(
            "midden",
            "Midden.",
            choice("Terug naar het begin", "begin"),
            choice("Afronden", "klaar"),
        ),
        ending("klaar"),
    )
    assert structural_findings(sc) == []
    result = analyse(sc)
    assert result.reachable_beats == {"begin", "midden"}
    assert result.playable and result.cyclic
    assert not result.truncated


def test_unreachable_beat_is_an_error_and_unreachable_ending_a_warning() -> None:
    sc = scenario(
        beat("begin", "Start.", choice("A", "klaar")),
        beat("vergeten", "Niemand komt hier.", choice("B", "geheim")),
        ending("klaar"),
        ending("geheim"),
    )
    result = analyse(sc)
    assert result.unreachable_beats == {"vergeten"}
    assert result.unreachable_endings == {"geheim"}
    assert codes(sc) == [
        ("error", "unreachable_beat", "beats.vergeten"),
        ("warning", "unreachable_ending", "endings.geheim"),
    ]


def test_a_beat_reachable_only_with_a_flag_never_set_is_unreachable() -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Normaal", "klaar"),
            choice("Alleen na een belofte", "bonus", requires=["belofte"]),
        ),
        beat("bonus", "Bonus.", choice("Ok", "klaar")),
        ending("klaar"),
    )
    assert analyse(sc).unreachable_beats == {"bonus"}


def test_dead_end_in_every_state_is_an_error() -> None:
    sc = scenario(
        beat("begin", "Start.", choice("Verder", "vast")),
        beat(
            "vast",
            "Hier kom je niet meer weg.",
            choice("Alleen met sleutel", "klaar", requires=["sleutel"]),
        ),
        ending("klaar"),
    )
    result = analyse(sc)
    assert result.dead_ends == {"vast"} and result.dead_end_certain == {"vast"}
    assert not result.playable
    assert ("error", "dead_end", "beats.vast") in codes(sc)


def test_dead_end_that_depends_on_flags_is_a_warning() -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Sleutel pakken", "deur", sets=["sleutel"]),
            choice("Sleutel laten liggen", "deur"),
        ),
        beat("deur", "Een deur.", choice("Openen", "klaar", requires=["sleutel"])),
        ending("klaar"),
    )
    result = analyse(sc)
    assert result.dead_ends == {"deur"}
    assert result.dead_end_certain == set()
    assert result.dead_end_flags["deur"] == ()  # stuck in the state without the key
    assert result.dead_end_states["deur"] == (1, 2)
    assert result.playable
    (finding,) = structural_findings(sc)
    assert (finding.severity, finding.code, finding.path) == ("warning", "dead_end", "beats.deur")
    assert finding.params == {"beat": "deur", "stuck": 1, "states": 2, "flags": "-"}


def test_unless_can_make_a_dead_end_too() -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Boos maken", "balie", sets=["boos"]),
            choice("Rustig blijven", "balie"),
        ),
        beat("balie", "Balie.", choice("Rustig afhandelen", "klaar", unless=["boos"])),
        ending("klaar"),
    )
    result = analyse(sc)
    assert result.dead_ends == {"balie"}
    assert result.dead_end_flags["balie"] == ("boos",)


def test_a_loop_without_a_way_out_is_a_stuck_cycle() -> None:
    sc = scenario(
        beat("begin", "Start.", choice("De draaideur in", "links"), choice("Naar huis", "klaar")),
        beat("links", "Links.", choice("Rechtsaf", "rechts")),
        beat("rechts", "Rechts.", choice("Linksaf", "links")),
        ending("klaar"),
    )
    result = analyse(sc)
    assert result.stuck_cycles == {"links", "rechts"}
    assert result.stuck_groups == (("links", "rechts"),)
    assert result.dead_ends == set()
    assert result.playable  # the other way still ends
    findings = structural_findings(sc)
    assert [(f.severity, f.code, f.path) for f in findings] == [
        ("error", "stuck_cycle", "beats.links")
    ]
    assert findings[0].params["beats"] == "links, rechts"


def test_a_loop_that_only_gets_stuck_with_a_flag_is_found() -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Klant boos maken", "rondje", sets=["boos"]),
            choice("Klant helpen", "rondje"),
        ),
        beat(
            "rondje",
            "Nog een rondje.",
            choice("Nog een keer", "rondje"),
            choice("Afronden", "klaar", unless=["boos"]),
        ),
        ending("klaar"),
    )
    result = analyse(sc)
    assert result.stuck_cycles == {"rondje"}
    assert "stuck_cycle" in [f.code for f in structural_findings(sc)]


def test_truncation_is_reported_and_nothing_uncertain_is_claimed() -> None:
    sc = flag_maze(12)  # 2**12 flag combinations at the last beat
    full = analyse(sc)
    assert not full.truncated and full.state_count > 4096
    small = analyse(sc, limit=500)
    assert small.truncated
    assert small.state_count <= 600
    assert small.unreachable_beats == set()  # the links reach every beat
    findings = structural_findings(sc, limit=500)
    assert [(f.severity, f.code, f.path) for f in findings] == [
        ("warning", "too_large", "scenario")
    ]
    assert findings[0].params["limit"] == 500


def test_flags_that_no_longer_matter_do_not_multiply_states() -> None:
    # Ten flags set one after the other, but never tested: one state per beat.
    parts = []
    for i in range(10):
        nxt = f"b{i + 1}" if i < 9 else "klaar"
        parts.append(beat(f"b{i}", "x", choice("zet", nxt, sets=[f"f{i}"]), choice("niet", nxt)))
    result = analyse(scenario(*parts, ending("klaar"), start="b0"))
    assert result.state_count == 11
    assert result.play_count == 2**10


def test_every_finding_code_has_a_message_in_both_languages() -> None:
    for code in ("unreachable_beat", "unreachable_ending", "dead_end", "stuck_cycle",
                 "unbounded_score", "too_large"):  # fmt: skip
        for lang in ("nl", "en"):
            assert f"check.{code}" in catalogue(lang), (code, lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_messages_fill_in_their_params(lang: str) -> None:
    sc = scenario(
        beat(
            "begin",
            "Start.",
            choice("Verder", "vast"),
            choice("Rondje", "begin", score={"welkom": 1}),
        ),
        beat("vast", "Vast.", choice("Nooit", "klaar", requires=["nooit"])),
        beat("los", "Los.", choice("x", "klaar")),
        ending("klaar"),
    )
    set_language(lang)
    try:
        for f in structural_findings(sc):
            message = Problem("x.toml", f.path, None, f.severity, f.code, f.params).message
            assert "{" not in message and not message.startswith("check."), message
            for value in f.params.values():
                assert str(value) in message
    finally:
        set_language("nl")
