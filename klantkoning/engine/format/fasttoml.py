"""A fast reader for the plain TOML that scenario cards are written in, with line numbers.

Scenario files use a small part of TOML: ``[tables]``, ``[[arrays.of.tables]]``, bare
keys, strings, whole numbers, booleans, one-line inline tables and arrays. This module
reads exactly that part in one pass with regular expressions - several times faster
than ``tomllib`` - and records the line of every key, table and list element on the way,
so located problems need no second scan.

It is deliberately strict: at the first thing outside that part (a quoted or dotted key,
a float, a date, an escape in a multi-line string, a carriage return, anything odd or
invalid) it gives up and returns ``None``, and the caller parses with ``tomllib``, which
also reports the syntax errors. So it never decides what is valid TOML; tests check
that whatever it accepts, ``tomllib`` reads identically.
"""

from __future__ import annotations

import re
from typing import Any

from klantkoning.engine.format.locator import PathPart

Index = dict[tuple[PathPart, ...], int]

_KEY = r"[A-Za-z0-9_-]+"
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_TABLE = re.compile(rf"\[[ \t]*({_DOTTED})[ \t]*\][ \t]*(?:#[^\n]*)?(?:\n|\Z)")
_ARRAY_TABLE = re.compile(rf"\[\[[ \t]*({_DOTTED})[ \t]*\]\][ \t]*(?:#[^\n]*)?(?:\n|\Z)")
_KEY_EQUALS = re.compile(rf"({_KEY})[ \t]*=[ \t]*")
_END = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\n|\Z)")
_SKIP_LINES = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*")
_SKIP_IN_ARRAY = re.compile(r"(?:[ \t\n]+|#[^\n]*)*")
_SKIP_SPACE = re.compile(r"[ \t]*")
_BASIC = re.compile(r'"((?:[^"\\\n]|\\(?:["\\bfnrt]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}))*)"')
_LITERAL = re.compile(r"'([^'\n]*)'")
_INTEGER = re.compile(r"[+-]?(?:0|[1-9][0-9]*)(?![0-9A-Za-z_.:+-])")
_BOOLEAN = re.compile(r"(?:true|false)(?![A-Za-z0-9_-])")
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ML_BASIC = re.compile(r'"""\n?((?:[^"\\]|\\[\s\S]|"(?!""))*)"""')
_ML_LITERAL = re.compile(r"'''\n?((?:[^']|'(?!''))*)'''")
_ML_ESCAPE = re.compile(r"\\([ \t]*\n[ \t\n]*|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\"\\bfnrt])?")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
# One whole ``key = value`` line of the commonest kinds, matched in one go (the rest goes
# the general way): a string without escapes, a whole number, a boolean, an inline table
# of whole numbers, a one-line list of such strings. Groups 2-6 tell which one it was.
_INT = r"[+-]?(?:0|[1-9][0-9]*)"
_STR = r'"[^"\\\n]*"'
_NUMBER_PAIR = rf"{_KEY}[ \t]*=[ \t]*{_INT}"
_SIMPLE_LINE = re.compile(
    rf"({_KEY})[ \t]*=[ \t]*(?:"
    rf'"([^"\\\n]*)"'
    rf"|({_INT})(?![0-9A-Za-z_.:+-])"
    rf"|(true|false)(?![A-Za-z0-9_-])"
    rf"|\{{([ \t]*(?:(?:{_NUMBER_PAIR}[ \t]*,[ \t]*)*{_NUMBER_PAIR}[ \t]*)?)\}}"
    rf"|\[([ \t]*(?:{_STR}[ \t]*,[ \t]*)*(?:{_STR}[ \t]*)?)\]"
    rf")[ \t]*(?:#[^\n]*)?(?:\n|\Z)"
)
_PAIR = re.compile(rf"({_KEY})[ \t]*=[ \t]*({_INT})")
_STRINGS = re.compile(r'"([^"\\\n]*)"')
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class _GiveUp(Exception):
    """Outside the plain part of TOML: let ``tomllib`` read it."""


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) > 1:
        point = int(code[1:], 16)
        if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
            raise _GiveUp
        return chr(point)
    return _SIMPLE_ESCAPES[code]


def _unescape_multi_line(match: re.Match[str]) -> str:
    code = match.group(1)
    if code is None:
        raise _GiveUp  # a backslash TOML does not allow
    if code[0] in " \t\n":
        return ""  # a line-ending backslash swallows the newline and the indent after it
    return _unescape(match)


class _Reader:
    def __init__(self, text: str, max_depth: int) -> None:
        self.text = text
        self.max_depth = max_depth
        self.depth = 0  # open arrays and inline tables around the value being read
        self.line = 1
        self.index: Index = {}
        self.frozen: set[int] = set()  # inline tables and arrays: nothing may be added
        self.defined: set[int] = set()  # tables that had their own [header]
        self.appendable: set[int] = set()  # lists made by [[headers]]

    def record(self, path: tuple[PathPart, ...], line: int) -> None:
        if path not in self.index:
            self.index[path] = line

    def read(self) -> dict[str, Any]:
        text, end = self.text, len(self.text)
        root: dict[str, Any] = {}
        table: dict[str, Any] = root
        path: tuple[PathPart, ...] = ()
        pos = 0
        index = self.index
        while True:
            if pos >= end:
                return root
            c = text[pos]
            if c in " \t\n#":  # blank lines, comments, indentation
                skip = _SKIP_LINES.match(text, pos)
                assert skip is not None
                self.line += text.count("\n", pos, skip.end())
                pos = skip.end()
                if pos >= end:
                    return root
                c = text[pos]
            if c == "[":
                array = text.startswith("[[", pos)
                match = (_ARRAY_TABLE if array else _TABLE).match(text, pos)
                if match is None:
                    raise _GiveUp
                header = match.group(1)
                if " " in header or "\t" in header:
                    keys = [k.strip(" \t") for k in header.split(".")]
                else:
                    keys = header.split(".")
                if len(keys) > self.max_depth:
                    # A path tuple per prefix would be quadratic: the caller refuses it.
                    raise _GiveUp
                table, path = self.open_table(root, keys, array)
                pos = match.end()
                if text[pos - 1] == "\n":
                    self.line += 1
                continue
            simple = _SIMPLE_LINE.match(text, pos)
            if simple is not None:
                key = simple.group(1)
                if key in table:
                    raise _GiveUp
                here = (*path, key)
                if here not in index:
                    index[here] = self.line
                kind = simple.lastindex
                if kind == 2:
                    table[key] = simple.group(2)
                elif kind == 3:
                    table[key] = int(simple.group(3))
                else:
                    table[key] = self.simple(simple, here)
                pos = simple.end()
                self.line += 1  # every kind it matches ends its line
                continue
            match = _KEY_EQUALS.match(text, pos)
            if match is None:
                raise _GiveUp
            key = match.group(1)
            if key in table:
                raise _GiveUp
            here = (*path, key)
            self.record(here, self.line)
            table[key], pos = self.value(match.end(), here)
            match = _END.match(text, pos)
            if match is None:
                raise _GiveUp
            pos = match.end()
            if match.group().endswith("\n"):
                self.line += 1

    def simple(self, match: re.Match[str], here: tuple[PathPart, ...]) -> Any:
        """The value of a line matched by ``_SIMPLE_LINE`` that is no string or number."""
        kind = match.lastindex
        if kind == 4:
            return match.group(4) == "true"
        line = self.line
        index = self.index
        if kind == 5:
            table: dict[str, Any] = {}
            for name, number in _PAIR.findall(match.group(5)):
                if name in table:
                    raise _GiveUp
                table[name] = int(number)
                index.setdefault((*here, name), line)
            self.frozen.add(id(table))
            return table
        items: list[Any] = _STRINGS.findall(match.group(6))
        for n in range(1, len(items) + 1):
            index.setdefault((*here, n), line)
        self.frozen.add(id(items))
        return items

    def open_table(
        self, root: dict[str, Any], keys: list[str], array: bool
    ) -> tuple[dict[str, Any], tuple[PathPart, ...]]:
        index, line = self.index, self.line
        table = root
        path: tuple[PathPart, ...] = ()
        for key in keys[:-1]:
            found = table.get(key)
            path = (*path, key)
            if found is None:
                found = table[key] = {}
            elif type(found) is dict:
                if id(found) in self.frozen:
                    raise _GiveUp
            elif type(found) is list and id(found) in self.appendable:
                if path not in index:
                    index[path] = line
                path = (*path, len(found))
                found = found[-1]
            else:
                raise _GiveUp
            if path not in index:
                index[path] = line
            table = found
        key = keys[-1]
        found = table.get(key)
        path = (*path, key)
        if array:
            if found is None:
                found = table[key] = []
                self.appendable.add(id(found))
            elif type(found) is not list or id(found) not in self.appendable:
                raise _GiveUp
            if path not in index:
                index[path] = line
            found.append({})
            path = (*path, len(found))
            found = found[-1]
        elif found is None:
            found = table[key] = {}
            self.defined.add(id(found))
        elif type(found) is not dict or id(found) in self.frozen or id(found) in self.defined:
            raise _GiveUp
        else:
            self.defined.add(id(found))
        if path not in index:
            index[path] = line
        return found, path

    def value(self, pos: int, path: tuple[PathPart, ...]) -> tuple[Any, int]:
        text = self.text
        if pos >= len(text):
            raise _GiveUp
        c = text[pos]
        if c == '"' or c == "'":
            if text.startswith(c * 3, pos):
                return self.multi_line(pos, c * 3)
            match = (_BASIC if c == '"' else _LITERAL).match(text, pos)
            if match is None:
                raise _GiveUp
            body = match.group(1)
            if c == '"' and "\\" in body:
                body = _ESCAPE.sub(_unescape, body)
            return body, match.end()
        if c == "[" or c == "{":
            self.depth += 1
            if self.depth > self.max_depth:
                raise _GiveUp  # nested deeper than a card ever is: the caller refuses it
            found = (self.array if c == "[" else self.inline_table)(pos + 1, path)
            self.depth -= 1
            return found
        match = _INTEGER.match(text, pos)
        if match is not None:
            return int(match.group()), match.end()
        match = _BOOLEAN.match(text, pos)
        if match is not None:
            return match.group() == "true", match.end()
        raise _GiveUp

    def multi_line(self, pos: int, quote: str) -> tuple[str, int]:
        text = self.text
        match = (_ML_BASIC if quote == '"""' else _ML_LITERAL).match(text, pos)
        if match is None or text.startswith(quote[0], match.end()):
            raise _GiveUp  # unclosed, or quotes right before the closing ones
        body = match.group(1)
        if quote == '"""' and "\\" in body:
            body = _ML_ESCAPE.sub(_unescape_multi_line, body)
        self.line += text.count("\n", pos, match.end())
        return body, match.end()

    def array(self, pos: int, path: tuple[PathPart, ...]) -> tuple[list[Any], int]:
        text = self.text
        items: list[Any] = []
        while True:
            skip = _SKIP_IN_ARRAY.match(text, pos)
            assert skip is not None
            self.line += text.count("\n", pos, skip.end())
            pos = skip.end()
            if pos >= len(text):
                raise _GiveUp
            if text[pos] == "]":
                self.frozen.add(id(items))
                return items, pos + 1
            here = (*path, len(items) + 1)
            self.record(here, self.line)
            item, pos = self.value(pos, here)
            items.append(item)
            skip = _SKIP_IN_ARRAY.match(text, pos)
            assert skip is not None
            self.line += text.count("\n", pos, skip.end())
            pos = skip.end()
            if text.startswith(",", pos):
                pos += 1
            elif not text.startswith("]", pos):
                raise _GiveUp

    def inline_table(self, pos: int, path: tuple[PathPart, ...]) -> tuple[dict[str, Any], int]:
        text = self.text
        table: dict[str, Any] = {}
        pos = _SKIP_SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith("}", pos):
            self.frozen.add(id(table))
            return table, pos + 1
        while True:
            match = _KEY_EQUALS.match(text, pos)
            if match is None or match.group(1) in table:
                raise _GiveUp
            key = match.group(1)
            here = (*path, key)
            self.record(here, self.line)
            line = self.line
            table[key], pos = self.value(match.end(), here)
            if self.line != line:
                raise _GiveUp  # inline tables stay on one line
            pos = _SKIP_SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if text.startswith("}", pos):
                self.frozen.add(id(table))
                return table, pos + 1
            if not text.startswith(",", pos):
                raise _GiveUp
            pos = _SKIP_SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]


def read(text: str, max_depth: int = 64) -> tuple[dict[str, Any], Index] | None:
    """``text`` as TOML data plus the line of every path, or None when tomllib must read it.

    A table header of more than ``max_depth`` keys, or arrays and inline tables nested
    deeper than that, are left to the caller too; so what it returns nests at most about
    three times ``max_depth`` (headers through arrays of tables, then values).
    """
    if "\r" in text or _FORBIDDEN.search(text):
        return None
    reader = _Reader(text, max_depth)
    try:
        data = reader.read()
    except (_GiveUp, IndexError, ValueError, RecursionError):
        return None
    return data, reader.index
