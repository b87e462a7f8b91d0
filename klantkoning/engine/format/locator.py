"""Dotted paths inside a TOML file -> the line where that key or table stands.

``tomllib`` gives no positions, so problems found after parsing are located here: a
small scanner walks the (already valid) TOML source once, tracking the current table,
counting arrays of tables, stepping over string bodies (multi-line ones too) and
descending into inline tables and arrays. Paths look like
``beats.bestelling.choices[2].next``: list positions are 1-based, as authors count, and
keys that are not bare TOML keys are written quoted (``beats."stap 1".text``).
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections.abc import Iterable, Sequence

PathPart = str | int

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_PATH_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\[\d+\]|[^.\[\]"]+')
_SCALAR = re.compile(r"[^,\]}#\n]*")
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "e": "\x1b",
}


def format_key(key: str) -> str:
    """A key as it appears in a path: bare when TOML allows it, else quoted."""
    if _BARE_KEY.fullmatch(key):
        return key
    import json  # keys that need quotes are rare

    return json.dumps(key, ensure_ascii=False)


def format_path(parts: Sequence[PathPart]) -> str:
    """``("beats", "b", "choices", 2, "next")`` -> ``beats.b.choices[2].next``.

    Integers are 1-based list positions and are written as ``[n]``.
    """
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + format_key(part)
    return out


def split_path(path: str) -> list[PathPart]:
    """The inverse of :func:`format_path`."""
    parts: list[PathPart] = []
    for token in _PATH_TOKEN.findall(path):
        if token.startswith("["):
            parts.append(int(token[1:-1]))
        elif token.startswith('"'):
            import json

            try:
                parts.append(str(json.loads(token)))
            except ValueError:
                parts.append(token.strip('"'))
        else:
            parts.append(token)
    return parts


_BLANK = re.compile(r"(?:[ \t\r]+|#[^\n]*)*")
_BLANK_LINES = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BASIC = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_LITERAL = re.compile(r"'([^'\n]*)'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""(?:"{1,2}(?!"))?')
_ML_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*'''(?:'{1,2}(?!'))?")
# A value that surely ends on its own line, so the scan can jump to the next one: a
# number, date, boolean, one-line string, or an inline table with no list or
# multi-line string inside (keys inside it share its line anyway).
_ONE_LINE = re.compile(r"[^\[{\"']|\"(?!\"\")|'(?!'')|\{(?![^\n]*(?:\[|\"\"\"|'''))")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(one, body)


class _Unusual(Exception):
    """The line scanner met something only the character scanner handles."""


_HEADER = re.compile(
    r"\[(\[)?[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*\]\]?[ \t]*(?:#.*)?\r?$"
)
_KEY_VALUE = re.compile(r"([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*=[ \t]*")


class Locator:
    """Line numbers of every key, table and list element of one TOML source."""

    def __init__(self, source: str, wanted: Iterable[str] | None = None) -> None:
        """Scan ``source``; with ``wanted`` paths, stop as soon as all of them are found."""
        self._text = source
        self._starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self._index: dict[tuple[PathPart, ...], int] = {}
        self._wanted: set[tuple[PathPart, ...]] | None = (
            None if wanted is None else {tuple(split_path(p)) for p in wanted}
        )
        try:
            self._scan_lines()
        except (_Unusual, IndexError, ValueError, RecursionError):
            # The exact character scanner. The source is valid TOML; should it still
            # trip, what it found stays and the rest falls back to enclosing tables.
            self._index.clear()
            self._wanted = None
            with contextlib.suppress(IndexError, ValueError, RecursionError):
                self._scan()

    @classmethod
    def from_index(cls, index: dict[tuple[PathPart, ...], int]) -> Locator:
        """A locator over lines already found (by the fast TOML reader)."""
        locator = cls.__new__(cls)
        locator._text = ""
        locator._starts = [0]
        locator._index = index
        locator._wanted = None
        return locator

    @property
    def lines(self) -> dict[str, int]:
        """Every path found, with its line."""
        return {format_path(parts): line for parts, line in self._index.items()}

    def line(self, path: str) -> int | None:
        """The line of ``path``, else of its nearest enclosing key or table, else None."""
        parts = tuple(split_path(path))
        while parts:
            found = self._index.get(parts)
            if found is not None:
                return found
            parts = parts[:-1]
        return None

    # -- scanning ---------------------------------------------------------------------

    def _record(self, parts: tuple[PathPart, ...], pos: int) -> None:
        if parts not in self._index:
            self._index[parts] = bisect.bisect_right(self._starts, pos)
            if self._wanted:
                self._wanted.discard(parts)

    def _scan_lines(self) -> None:
        """The fast path: line by line, for files whose keys are all bare (most are).

        Raises ``_Unusual`` on anything it does not handle (quoted keys, a header with a
        comment in it, ...); then the exact character scanner takes over.
        """
        text, starts = self._text, self._starts
        index, wanted = self._index, self._wanted
        table: tuple[PathPart, ...] = ()
        last_index: dict[tuple[PathPart, ...], int] = {}
        lines = text.split("\n")
        total = len(lines)
        n = 0
        while n < total:
            if wanted is not None and not wanted:
                return  # everything asked for is found
            line = lines[n]
            n += 1
            stripped = line.lstrip(" \t")
            if not stripped or stripped[0] == "#" or stripped == "\r":
                continue
            if stripped[0] == "[":
                match = _HEADER.match(stripped)
                if match is None:
                    raise _Unusual
                keys = [k.strip(" \t") for k in match.group(2).split(".")]
                table = self._resolve(keys, last_index, bool(match.group(1)))
                for i in range(1, len(table) + 1):
                    if table[:i] not in index:
                        index[table[:i]] = n
                        if wanted:
                            wanted.discard(table[:i])
                continue
            match = _KEY_VALUE.match(stripped)
            if match is None:
                raise _Unusual
            full = table
            for key in match.group(1).split("."):
                full = (*full, key.strip(" \t"))
                if full not in index:
                    index[full] = n
                    if wanted:
                        wanted.discard(full)
            at = len(line) - len(stripped) + match.end()
            if _ONE_LINE.match(line, at):
                continue
            end = self._value(starts[n - 1] + at, full)
            n = bisect.bisect_right(starts, end)

    def _scan(self) -> None:
        text = self._text
        end_of_text = len(text)
        table: tuple[PathPart, ...] = ()
        last_index: dict[tuple[PathPart, ...], int] = {}
        pos = 0
        while True:
            pos = _BLANK_LINES.match(text, pos).end()  # type: ignore[union-attr]
            if pos >= end_of_text:
                return
            if text[pos] == "[":
                array = text.startswith("[[", pos)
                start = pos
                keys, pos = self._keys(pos + (2 if array else 1))
                pos = text.index("]", pos) + (2 if array else 1)
                table = self._resolve(keys, last_index, array)
                for i in range(1, len(table) + 1):
                    self._record(table[:i], start)
            else:
                start = pos
                keys, pos = self._keys(pos)
                full = table
                for key in keys:
                    full = (*full, key)
                    self._record(full, start)
                pos = _BLANK.match(text, pos + 1).end()  # type: ignore[union-attr]
                if not _ONE_LINE.match(text, pos):
                    pos = self._value(pos, full)
            end = text.find("\n", pos)
            if end < 0:
                return
            pos = end + 1

    @staticmethod
    def _resolve(
        keys: list[str], last_index: dict[tuple[PathPart, ...], int], array: bool
    ) -> tuple[PathPart, ...]:
        # A header names the last element of every array of tables on its way.
        resolved: list[PathPart] = []
        for n, key in enumerate(keys):
            resolved.append(key)
            here = tuple(resolved)
            if array and n == len(keys) - 1:
                last_index[here] = last_index.get(here, 0) + 1
                resolved.append(last_index[here])
            elif here in last_index:
                resolved.append(last_index[here])
        return tuple(resolved)

    def _keys(self, pos: int) -> tuple[list[str], int]:
        """A dotted key starting at ``pos``: its parts, and the position after the last."""
        text = self._text
        keys: list[str] = []
        while True:
            pos = _BLANK.match(text, pos).end()  # type: ignore[union-attr]
            match = _BARE_KEY.match(text, pos)
            if match is not None:
                keys.append(match.group())
            else:
                match = _BASIC.match(text, pos)
                if match is not None:
                    keys.append(_unescape(match.group(1)))
                else:
                    match = _LITERAL.match(text, pos)
                    if match is None:
                        raise ValueError("no key")
                    keys.append(match.group(1))
            pos = _BLANK.match(text, match.end()).end()  # type: ignore[union-attr]
            if pos < len(text) and text[pos] == ".":
                pos += 1
                continue
            return keys, pos

    def _value(self, pos: int, path: tuple[PathPart, ...]) -> int:
        """Step over the value at ``pos``, recording nested positions; returns its end."""
        text = self._text
        c = text[pos]
        if c == '"' or c == "'":
            pattern = (
                (_ML_BASIC if c == '"' else _ML_LITERAL)
                if text.startswith(c * 3, pos)
                else (_BASIC if c == '"' else _LITERAL)
            )
            match = pattern.match(text, pos)
            if match is None:
                raise ValueError("unclosed string")
            return match.end()
        if c == "[":
            pos += 1
            count = 0
            while True:
                pos = _BLANK_LINES.match(text, pos).end()  # type: ignore[union-attr]
                c = text[pos]
                if c == "]":
                    return pos + 1
                if c == ",":
                    pos += 1
                    continue
                count += 1
                item = (*path, count)
                self._record(item, pos)
                pos = self._value(pos, item)
        if c == "{":
            pos += 1
            while True:
                pos = _BLANK_LINES.match(text, pos).end()  # type: ignore[union-attr]
                c = text[pos]
                if c == "}":
                    return pos + 1
                if c == ",":
                    pos += 1
                    continue
                start = pos
                keys, pos = self._keys(pos)
                full = path
                for key in keys:
                    full = (*full, key)
                    self._record(full, start)
                pos = _BLANK.match(text, pos + 1).end()  # type: ignore[union-attr]
                pos = self._value(pos, full)
        # A number, boolean or date: up to the next separator.
        return _SCALAR.match(text, pos).end()  # type: ignore[union-attr]
