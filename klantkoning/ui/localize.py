"""Small helpers that keep user text in the catalogue and untrusted text literal."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.dom import DOMNode

from klantkoning.i18n import t

if TYPE_CHECKING:  # types only: the home screen is drawn before any scenario is loaded
    from klantkoning.engine.format.dimensions import Dimensions
    from klantkoning.engine.library.index import Library


def localize_bindings(node: DOMNode) -> None:
    """Turn catalogue keys in a node's binding descriptions and tooltips into text.

    Bindings are declared on the class (read at import time, before the language is
    known), so their ``description``/``tooltip`` hold catalogue keys, translated here
    when the node is created.
    """
    bindings_map = node._bindings
    for key, bindings in list(bindings_map.key_to_bindings.items()):
        bindings_map.key_to_bindings[key] = [
            replace(
                b,
                description=t(b.description) if b.description else "",
                tooltip=t(b.tooltip) if b.tooltip else "",
            )
            for b in bindings
        ]


def literal(text: str | None, style: str = "") -> Text:
    """Untrusted text (scenario text, a player name) as a Text: shown as typed, never markup."""
    return Text(text or "", style=style)


def cleaned(text: str | None) -> str:
    """Authored text without control characters (terminal escape codes) and outer blank lines."""
    if not text:
        return ""
    out = "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
    return out.strip("\n").rstrip()


def plain(text: str | None, style: str = "") -> Text:
    """``literal`` of ``cleaned`` text: what every widget uses for scenario text."""
    return Text(cleaned(text), style=style)


def tn(key: str, count: int, **params: object) -> str:
    """``t`` with a singular: ``key_one`` when ``count`` is 1 or −1 (``1 punt``), else ``key``."""
    return t(f"{key}_one" if abs(count) == 1 else key, count=count, **params)


def dim_label(dimensions: Dimensions, dim_id: str) -> str:
    """A dimension's label in the active language; its id when ``dimensions`` lacks it."""
    return dimensions.label_of(dim_id)


def scenario_title(library: Library, scenario_id: str) -> str:
    """A scenario's title as written in its file; its id when the library has no such
    (readable) scenario any more."""
    entry = library.get(scenario_id)
    if entry is None or entry.scenario is None:
        return scenario_id
    return entry.scenario.scenario.title


def relabel_bindings(node: DOMNode, labels: dict[str, str]) -> None:
    """Give a Textual widget's own bindings (English) a description in the player's
    language: ``labels`` maps an action name to its text."""
    bindings_map = node._bindings
    for key, bindings in list(bindings_map.key_to_bindings.items()):
        bindings_map.key_to_bindings[key] = [
            replace(b, description=labels[b.action]) if b.action in labels else b for b in bindings
        ]


def one_line(text: str | None) -> str:
    """Authored text for a single line: no control characters, blanks folded to one space."""
    return " ".join(cleaned(text).split())
