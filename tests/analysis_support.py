"""Shared helpers of the engine and analysis tests: small scenarios from inline TOML.

A test writes its scenario with the builders, so that only what it is about stands out::

    scenario(
        beat("begin", "Start.", choice("A", "klaar", mood=1, sets=["x"])),
        ending("klaar"),
    )

``beat``, ``ending`` and ``choice`` produce the TOML text a scenario author would write;
``scenario`` puts the header above it and validates the result.
"""

from __future__ import annotations

import json
import textwrap
import tomllib

from klantkoning.engine.format.model import Scenario
from klantkoning.engine.play.session import PlayResult, Session

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

Choice = dict[str, object]


def _toml(value: object) -> str:
    """``value`` (a string, number, list or table of those) as an inline TOML value."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    return str(value)


def choice(
    text: str,
    next: str,
    *,
    mood: int | None = None,
    score: dict[str, int] | None = None,
    sets: list[str] | None = None,
    requires: list[str] | None = None,
    unless: list[str] | None = None,
) -> Choice:
    """One choice of a beat: only the keys given are written."""
    keys: Choice = {"text": text, "next": next, "mood": mood, "score": score}
    keys |= {"sets": sets, "requires": requires, "unless": unless}
    return {key: value for key, value in keys.items() if value is not None}


def beat(beat_id: str, text: str, *choices: Choice) -> str:
    """The TOML of beat ``beat_id`` with its ``choices`` in order."""
    lines = [f"[beats.{beat_id}]", f"text = {_toml(text)}"]
    for keys in choices:
        lines.append(f"[[beats.{beat_id}.choices]]")
        lines += [f"{key} = {_toml(value)}" for key, value in keys.items()]
    return "\n".join(lines)


def ending(
    ending_id: str, title: str | None = None, text: str | None = None, outcome: str | None = None
) -> str:
    """The TOML of an ending; by default ``klaar`` is titled "Klaar" with the text "Klaar."."""
    title = title if title is not None else ending_id.capitalize()
    lines = [f"[endings.{ending_id}]", f"title = {_toml(title)}"]
    lines.append(f"text = {_toml(text if text is not None else title + '.')}")
    if outcome is not None:
        lines.append(f"outcome = {_toml(outcome)}")
    return "\n".join(lines)


def scenario(
    *parts: str, start: str = "begin", mood: int = 0, sid: str = "test-scenario"
) -> Scenario:
    """A validated scenario: the header plus ``parts`` (beats and endings, each dedented)."""
    body = "\n".join(textwrap.dedent(part) for part in parts)
    text = HEADER.format(id=sid, start=start, mood=mood) + "\n" + body
    return Scenario.model_validate(tomllib.loads(text))


def chain_scenario(steps: int, width: int = 2) -> Scenario:
    """``steps`` beats in a row, each with ``width`` choices to the next one: width**steps plays."""
    parts = []
    for i in range(steps):
        nxt = f"stap-{i + 1}" if i + 1 < steps else "einde"
        choices = [choice(f"Keuze {j}", nxt, score={"welkom": j}) for j in range(width)]
        parts.append(beat(f"stap-{i}", f"Stap {i}.", *choices))
    return scenario(*parts, ending("einde", "Einde", "Klaar."), start="stap-0")


def flag_maze(flags: int) -> Scenario:
    """A scenario whose state space doubles with every flag: each can be set or not, and
    the last beat tests them all, so none can be forgotten on the way."""
    parts = []
    for i in range(flags):
        nxt = f"kies-{i + 1}" if i + 1 < flags else "slot"
        parts.append(
            beat(f"kies-{i}", "Kies.", choice("Zet", nxt, sets=[f"f{i}"]), choice("Laat", nxt))
        )
    tests = [choice(f"Met f{i}", "einde", requires=[f"f{i}"]) for i in range(flags)]
    parts.append(beat("slot", "Slot.", *tests, choice("Altijd", "einde")))
    return scenario(*parts, ending("einde", "Einde", "Klaar."), start="kies-0")


def every_play(
    sc: Scenario, max_plays: int, max_steps: int | None = None
) -> list[PlayResult] | None:
    """Every complete play, by walking all visible choices; None when there are more than
    ``max_plays`` or a play would take more than ``max_steps`` choices."""
    done: list[PlayResult] = []
    todo = [Session(sc)]
    while todo:
        session = todo.pop()
        if session.ended:
            done.append(session.result())
            continue
        too_long = max_steps is not None and session.steps_taken > max_steps
        if too_long or len(done) > max_plays:
            return None
        for vc in session.visible_choices:
            branch = session.copy()
            branch.choose(vc.number)
            todo.append(branch)
    return done
