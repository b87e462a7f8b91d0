"""Reading a TOML file the program did not write: bytes -> text -> data, every failure a problem.

Every reader of files (scenarios, ``values.toml``, golden plays, saves, workshops) goes
through here, so a file that is too big, binary, UTF-16, not UTF-8, empty, nested too deep
or otherwise broken becomes one located ``Problem`` and never an exception.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from klantkoning.engine.format import fasttoml
from klantkoning.engine.format.fasttoml import Index
from klantkoning.engine.format.locator import Locator
from klantkoning.engine.format.model import FORMAT_VERSION
from klantkoning.engine.format.problems import Finding, Problem
from klantkoning.oserror import reason as os_reason

MAX_BYTES = 1024 * 1024
"""Larger files are refused: a scenario card is a few kilobytes."""


class Unreadable(Exception):
    """A file that never became TOML data; carries its one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def file_problem(
    name: str, code: str, line: int | None = None, column: int | None = None, **params: Any
) -> Problem:
    return Problem(name, "", line, "error", code, params, column)


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise Unreadable(file_problem(name, "too_big", size=_size(len(data))))
    if b"\0" in data:
        raise Unreadable(file_problem(name, "utf16" if _is_utf16(data) else "binary"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _is_utf16(data):
            raise Unreadable(file_problem(name, "utf16")) from None
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise Unreadable(
            file_problem(name, "not_utf8", line, column, byte=f"0x{data[exc.start]:02x}")
        ) from None
    text = text.removeprefix("\ufeff")  # a byte order mark, as Windows Notepad writes
    if not text.strip():
        raise Unreadable(file_problem(name, "empty"))
    return text


def _is_utf16(data: bytes) -> bool:
    """A UTF-16 file (Notepad's "Unicode"): a byte order mark, or mostly NULs every other byte."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = data[:512]
    for half in (sample[0::2], sample[1::2]):
        if len(half) >= 4 and half.count(0) >= 0.7 * len(half):
            return True
    return False


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB" if count >= 1024 * 1024 else f"{count} bytes"


def _syntax_problem(exc: tomllib.TOMLDecodeError, text: str, name: str) -> Problem:
    from klantkoning.engine.format.tomlerrors import syntax_problem  # only broken files need it

    return syntax_problem(exc, text, name)


@dataclass
class Source:
    """A parsed file: its text, its data, and the line of each path when already known."""

    text: str
    raw: dict[str, Any]
    index: Index | None = None

    def locator(self, wanted: Iterable[str]) -> Locator:
        if self.index is not None:
            return Locator.from_index(self.index)
        return Locator(self.text, wanted)


def parse_source(data: bytes | str, name: str) -> Source:
    """Bytes -> text and TOML data (with lines when the fast reader could), or ``Unreadable``."""
    text = data.removeprefix("\ufeff") if isinstance(data, str) else _decode(data, name)
    if isinstance(data, str):
        if len(data) > MAX_BYTES:
            raise Unreadable(file_problem(name, "too_big", size=_size(len(data))))
        if "\0" in data:
            raise Unreadable(file_problem(name, "binary"))
        if not data.strip():
            raise Unreadable(file_problem(name, "empty"))
    fast = fasttoml.read(text, MAX_DEPTH)
    if fast is not None:
        if not fast[0]:
            raise Unreadable(file_problem(name, "empty"))
        return Source(text, fast[0], fast[1])
    raw = parse_toml(text, name)
    if not raw:
        raise Unreadable(file_problem(name, "empty"))
    return Source(text, raw)


MAX_DEPTH = 64
"""Tables, arrays and dotted keys nested deeper than this are refused: a scenario card
nests four levels, and every reader after the parser (models, locator, analysis) then
stays far from Python's recursion limit and from quadratic paths."""


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """``tomllib`` with every failure a located ``Unreadable``, never an exception.

    Besides syntax errors, ``tomllib`` raises ``ValueError`` for a whole number of more
    than 4,300 digits and ``RecursionError`` for deep nesting; anything else it might
    raise is caught too, so no file can crash a reader.
    """
    long_key = _LONG_KEY.search(text)
    if long_key is not None:
        # tomllib keeps every prefix of a dotted key: quadratic time and memory.
        line = text.count("\n", 0, long_key.start()) + 1
        raise Unreadable(file_problem(name, "too_deep", line))
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Unreadable(_syntax_problem(exc, text, name)) from None
    except (RecursionError, MemoryError):
        raise Unreadable(file_problem(name, "too_deep", _deepest_line(text))) from None
    except ValueError as exc:
        raise Unreadable(_value_problem(exc, text, name)) from None
    except Exception as exc:  # a parser bug must not become a traceback
        raise Unreadable(file_problem(name, "unparsable", detail=type(exc).__name__)) from None
    if too_deep(raw, 3 * MAX_DEPTH):  # as deep as the fast reader lets through, no deeper
        raise Unreadable(file_problem(name, "too_deep", _deepest_line(text)))
    return raw


_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_LONG_KEY = re.compile(
    rf"(?:^|[{{,])[ \t]*\[*[ \t]*(?:{_KEY_PART}[ \t]*\.[ \t]*){{{MAX_DEPTH}}}", re.MULTILINE
)
"""A table header or key of more than ``MAX_DEPTH`` dotted parts, at a line start or in
an inline table (a multi-line string could only trip it with a line of such a key)."""
_LONG_NUMBER = re.compile(r"[0-9_]{4000,}")


def _value_problem(exc: ValueError, text: str, name: str) -> Problem:
    """A ``ValueError`` from ``tomllib``: in practice a number too long to convert."""
    found = _LONG_NUMBER.search(text)
    if found is None:
        return file_problem(name, "unparsable", detail=type(exc).__name__)
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    return file_problem(name, "number_too_long", line, column)


def too_deep(raw: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``raw`` nests deeper than ``limit`` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(raw, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False


def _deepest_line(text: str) -> int | None:
    """The first line with a long dotted header or many open brackets, for the message."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.count(".") > MAX_DEPTH or line.count("[") + line.count("{") > MAX_DEPTH:
            return number
    return None


def read_file(path: Path) -> bytes:
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO named *.toml must not wait for a writer forever.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise Unreadable(file_problem(name, "is_folder")) from None
    except FileNotFoundError:
        raise Unreadable(file_problem(name, "not_found")) from None
    except OSError as exc:
        raise Unreadable(file_problem(name, "unreadable", detail=os_reason(exc))) from None
    # Plain os calls on one descriptor (open, fstat, one read, close): fewer system calls
    # than Path.stat + Path.open, and none of the layers of a buffered file object.
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable(file_problem(name, "is_folder"))
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(file_problem(name, "not_regular"))
        size = info.st_size
        if size > MAX_BYTES:
            raise Unreadable(file_problem(name, "too_big", size=_size(size)))
        data = os.read(fd, size + 1)  # a byte more than fstat saw: did the file grow?
        if size and len(data) == size:
            return data  # short of what was asked: the end of the file
        chunks, total = [data], len(data)
        while chunks[-1] and total <= MAX_BYTES:  # it grew, or it is a pipe or special file
            chunks.append(os.read(fd, MAX_BYTES + 1 - total))
            total += len(chunks[-1])
        return b"".join(chunks)
    except IsADirectoryError:
        raise Unreadable(file_problem(name, "is_folder")) from None
    except OSError as exc:
        raise Unreadable(file_problem(name, "unreadable", detail=os_reason(exc))) from None
    finally:
        os.close(fd)


def format_problem(source: Source, name: str) -> Problem | None:
    found = source.raw.get("format")
    if isinstance(found, int) and not isinstance(found, bool) and found != FORMAT_VERSION:
        line = source.locator(["format"]).line("format")
        return Problem(
            name,
            "format",
            line,
            "error",
            "format_version",
            {"found": found, "expected": FORMAT_VERSION},
        )
    return None


def _line(locator: Locator, finding: Finding) -> int | None:
    line = locator.line(finding.path)
    if line is None and finding.code == "missing_format":
        return 1  # it belongs at the top of the file
    return line


def locate(findings: Sequence[Finding], source: Source, name: str) -> list[Problem]:
    if not findings:
        return []
    locator = source.locator({f.path for f in findings})
    problems = [
        Problem(name, f.path, _line(locator, f), f.severity, f.code, dict(f.params))
        for f in findings
    ]
    problems.sort(key=lambda p: p.line or 0)
    return problems


# -- scenarios ----------------------------------------------------------------------------
