"""Shared helpers of the engine and analysis tests: small scenarios from inline TOML."""

from __future__ import annotations

import textwrap
import tomllib

from klantkoning.engine.model import Scenario

HEADER = """\
format = 1

[scenario]
id = "{id}"
title = "Test"
start = "{start}"

[customer]
name = "Klant"
mood = {mood}
"""


def scenario(
    body: str, *, start: str = "begin", mood: int = 0, sid: str = "test-scenario"
) -> Scenario:
    """A validated scenario: the header plus ``body`` (beats and endings, dedented)."""
    text = HEADER.format(id=sid, start=start, mood=mood) + "\n" + textwrap.dedent(body)
    return Scenario.model_validate(tomllib.loads(text))


def chain_scenario(steps: int, width: int = 2) -> Scenario:
    """``steps`` beats in a row, each with ``width`` choices to the next one: width**steps plays."""
    parts = []
    for i in range(steps):
        nxt = f"stap-{i + 1}" if i + 1 < steps else "einde"
        parts.append(f"[beats.stap-{i}]\ntext = 'Stap {i}.'")
        for j in range(width):
            parts.append(
                f"[[beats.stap-{i}.choices]]\ntext = 'Keuze {j}'\nnext = '{nxt}'\n"
                f"score = {{ welkom = {j} }}"
            )
    parts.append("[endings.einde]\ntitle = 'Einde'\ntext = 'Klaar.'")
    return scenario("\n".join(parts), start="stap-0")


def flag_maze(flags: int) -> Scenario:
    """A scenario whose state space doubles with every flag: each can be set or not, and
    the last beat tests them all, so none can be forgotten on the way."""
    parts = []
    for i in range(flags):
        nxt = f"kies-{i + 1}" if i + 1 < flags else "slot"
        parts.append(
            f"[beats.kies-{i}]\ntext = 'Kies.'\n"
            f"[[beats.kies-{i}.choices]]\ntext = 'Zet'\nnext = '{nxt}'\nsets = ['f{i}']\n"
            f"[[beats.kies-{i}.choices]]\ntext = 'Laat'\nnext = '{nxt}'\n"
        )
    parts.append("[beats.slot]\ntext = 'Slot.'")
    for i in range(flags):
        parts.append(
            f"[[beats.slot.choices]]\ntext = 'Met f{i}'\nnext = 'einde'\nrequires = ['f{i}']"
        )
    parts.append("[[beats.slot.choices]]\ntext = 'Altijd'\nnext = 'einde'")
    parts.append("[endings.einde]\ntitle = 'Einde'\ntext = 'Klaar.'")
    return scenario("\n".join(parts), start="kies-0")
