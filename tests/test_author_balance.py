"""``klantkoning stats`` per dimension: how many choices reward it, how many cost it, and
which dimensions can never be lost."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from analysis_support import HEADER, beat, choice, ending
from click.testing import CliRunner

from klantkoning.cli import cli
from klantkoning.i18n import set_language

BODY = (
    beat(
        "begin",
        "Kies.",
        choice("Eerlijk", "klaar", score={"welkom": 1, "invloed": 2}),
        choice("Beloven", "klaar", score={"welkom": -1, "vertrouwen": -2}),
        choice("Geheim", "klaar", score={"invloed": -3}, requires=["nooit-gezet"]),
    ),
    ending("klaar"),
)


@pytest.fixture
def file(tmp_path: Path) -> Path:
    path = tmp_path / "balans.toml"
    body = "\n".join(textwrap.dedent(part) for part in BODY)
    path.write_text(HEADER.format(id="balans", start="begin", mood=0) + body, encoding="utf-8")
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), obj={})
    assert result.exit_code == 0, result.output
    return result.output


def test_stats_json_counts_rewarding_and_costing_choices_a_play_can_take(file: Path) -> None:
    data = json.loads(run("stats", str(file), "--json"))
    ranges = data["score_range"]
    assert (ranges["welkom"]["rewarded"], ranges["welkom"]["cost"]) == (1, 1)
    assert (ranges["vertrouwen"]["rewarded"], ranges["vertrouwen"]["cost"]) == (0, 1)
    # The choice that would cost invloed is never visible: invloed can only be won.
    assert (ranges["invloed"]["rewarded"], ranges["invloed"]["cost"]) == (1, 0)
    assert data["never_lost"] == ["invloed"]


def test_stats_text_shows_the_balance_and_names_what_can_never_be_lost(file: Path) -> None:
    out = run("stats", str(file))
    welkom = next(line for line in out.splitlines() if line.strip().startswith("Welkom"))
    assert welkom.endswith("1× punten erbij, 1× eraf")
    assert "Nooit te verliezen (geen enkele keuze kost er punten op): Invloed." in out
    set_language("en")
    try:
        out = run("--lang", "en", "stats", str(file))
    finally:
        set_language("nl")
    assert "Can never be lost (no choice costs points on it): Influence." in out
