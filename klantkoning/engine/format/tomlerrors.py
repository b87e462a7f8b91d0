"""``tomllib``'s syntax errors -> one problem an author can act on.

Only imported for files that are not valid TOML. ``tomllib`` reports where parsing
stopped, which is not always where the mistake is: a missing closing quote stops at the
end of the line, an unclosed ``\"\"\"`` pairs with the next one and stops much later.
This module finds the place to point at (the opening quote, the unclosed ``\"\"\"``), names
invisible characters, and writes table names as the author typed them
(``beats.boos``, not tomllib's ``('beats', 'boos')``).
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from typing import Any, NamedTuple

from klantkoning.engine.format.locator import format_key
from klantkoning.engine.format.problems import Problem
from klantkoning.i18n import has, t

_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")
_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"^Cannot overwrite a value$", "overwrite"),
    (r"^Cannot declare (?P<key>.+) twice$", "declared_twice"),
    (r"^Cannot (?:mutate immutable|redefine) namespace (?P<key>.+)$", "redefine"),
    (r"^Duplicate inline table key (?P<key>.+)$", "duplicate_key"),
    (r"^Expected '=' after a key in a key/value pair$", "expected_equals"),
    (r"^Expected '\]' at the end of a table declaration$", "expected_bracket"),
    (r"^Expected '\]\]' at the end of an array declaration$", "expected_brackets"),
    (r"^Expected newline or end of document after a statement$", "expected_newline"),
    (r"^Invalid date or datetime$", "bad_date"),
    (r"^Invalid hex value$|^Escaped character is not a Unicode scalar value$", "bad_escape"),
    (r"^Unescaped '\\' in a string$", "bad_escape"),
    (r"^Invalid initial character for a key part$", "bad_key"),
    (r"^Invalid statement$", "bad_statement"),
    (r"^Invalid value$", "bad_value"),
    (r"^Unclosed array$", "unclosed_array"),
    (r"^Unclosed inline table$", "unclosed_table"),
    (r"^Unterminated string$|^Expected (?:\"'\"|\"'''\")$", "unterminated_string"),
    (r"^(?:Illegal|Found invalid) character (?P<char>.+)$", "bad_character"),
)
"""tomllib's messages -> catalogue codes under ``check.toml``."""

_CHOICES_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\[\]]*\.\s*choices)\s*\]")
"""``[beats.x.choices]`` with single brackets: a second choice written as a table."""
_CHOICES_ARRAY = re.compile(r"^\s*\[\[\s*(?P<name>[^\[\]]*\.\s*choices)\s*\]\]")

_INVISIBLE: dict[str, str] = {
    "\u00a0": "nbsp",
    "\u202f": "nbsp",
    "\u200b": "zero_width",
    "\ufeff": "bom",
    "\u00ad": "soft_hyphen",
    "\u200c": "joiner",
    "\u200d": "joiner",
    "\u2060": "joiner",
    "\u200e": "direction",
    "\u200f": "direction",
    "\u2028": "separator",
    "\u2029": "separator",
    "\u1680": "space",
    "\u205f": "space",
    "\u3000": "space",
    **{chr(c): "space" for c in range(0x2000, 0x200B)},
    **{chr(c): "direction" for c in range(0x202A, 0x202F)},
    **{chr(c): "direction" for c in range(0x2066, 0x206A)},
}
"""Characters an editor shows as nothing or as a plain space, by catalogue name."""


def syntax_problem(exc: tomllib.TOMLDecodeError, text: str, name: str) -> Problem:
    """The one ``syntax`` (or ``invisible_character``) problem of a file tomllib refused."""
    message = str(exc)
    line: int | None = None
    column: int | None = None
    match = _AT_LINE.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    elif _AT_END.search(message):
        message = _AT_END.sub("", message)
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    pos = _offset(text, line, column) if line is not None and column is not None else None

    if pos is not None and pos < len(text) and text[pos] in _INVISIBLE:
        char = text[pos]
        return Problem(
            name,
            "",
            line,
            "error",
            "invisible_character",
            {
                "name": t(f"check.char.{_INVISIBLE[char]}"),
                "codepoint": f"U+{ord(char):04X}",
                "line": line,
                "column": column,
            },
            column,
        )

    code, params = "", dict[str, Any]()
    for pattern, candidate in _MESSAGES:
        found = re.match(pattern, message)
        if found:
            code, params = candidate, found.groupdict()
            break
    if pos is not None and code:
        # Any error after a mispaired """ is that string's fault; then a one-line string
        # without its closing quote.
        located = _unclosed_multiline(text, pos, line or 0)
        if located is None and code in ("unterminated_string", "bad_character"):
            located = _unclosed_string(text, pos)
        if located is not None:
            at_line, at_column, detail = located
            return Problem(
                name, "", at_line, "error", "syntax", {"detail": _sentence(detail)}, at_column
            )
    if "key" in params:
        params["key"] = _table_name(params["key"])
    if code in ("declared_twice", "overwrite") and line is not None:
        code, params = _choices_header(text, line, code, params)
    if pos is not None and line is not None:
        code, params = _refine(code, params, text, pos, line)
    detail = t(f"check.toml.{code}", **params) if code and has(f"check.toml.{code}") else message
    return Problem(name, "", line, "error", "syntax", {"detail": _sentence(detail)}, column)


def _sentence(detail: str) -> str:
    """``detail`` ending as a sentence: a question keeps its question mark (no "?.")."""
    return detail if detail.endswith((".", "?", "!")) else detail + "."


_KEY_AT_START = re.compile(r"^\s*(?P<key>[A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=")
_LEADING_ZERO = re.compile(r"=\s*[+-]?0[0-9_]*$")


def _refine(
    code: str, params: dict[str, Any], text: str, pos: int, line: int
) -> tuple[str, dict[str, Any]]:
    """A more precise code where the text around the error shows what the author did.

    tomllib names the rule that broke; the line usually shows the habit behind it (a
    trailing comma, a table spread over lines, a space in a name), and that is what an
    author can fix.
    """
    here = _line_text(text, line)
    before = text[:pos].rstrip(" \t")
    after = text[pos:].lstrip(" \t")
    if code == "overwrite":
        key = _KEY_AT_START.match(here)
        # A plain key only (mood.x after mood was never written twice). In a choice a
        # key twice usually means the next choice lost its own [[...choices]] header.
        table = _choices_table(text, line)
        if key is not None and "." not in key.group("key"):
            if table is None:
                return "overwrite_key", {"key": key.group("key")}
            return "overwrite_in_choice", {"key": key.group("key"), "table": table}
    elif code == "bad_key" and before.endswith(",") and after.startswith("}"):
        return "trailing_comma", {}
    elif code == "bad_key" and _inside_inline_table(here) and (not after or after[0] in "\r\n"):
        return "inline_table_lines", {}
    elif code == "bad_value" and (not after or after[0] in "\r\n#"):
        return "missing_value", {}
    elif code == "expected_newline" and _LEADING_ZERO.search(before):
        return "leading_zero", {}
    elif (
        code == "expected_bracket"
        and here.lstrip().startswith("[")
        and pos > 0
        and text[pos - 1] in " \t"
        and after[:1] not in ("#", "", "\n", "\r")
        and "]" in after.split("\n", 1)[0]
    ):
        return "space_in_name", {}
    return code, params


def _choices_table(text: str, line: int) -> str | None:
    """The name of the list of choices whose header is the nearest above ``line``."""
    for above in reversed(text.split("\n")[: line - 1]):
        header = above.split("#", 1)[0].strip()
        if header.startswith("["):
            name = header.strip("[] \t")
            return name if name.replace(" ", "").endswith(".choices") else None
    return None


def _inside_inline_table(line: str) -> bool:
    """Whether ``line`` leaves a ``{`` open (quoted text aside)."""
    depth, quote = 0, ""
    for char in line:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "#":
            break
    return depth > 0


# -- positions ----------------------------------------------------------------------------


def _offset(text: str, line: int, column: int) -> int:
    """Character offset of a 1-based (line, column) as tomllib counts them."""
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return len(text)
        start = found + 1
    return start + column - 1


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _line_text(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _choices_header(
    text: str, line: int, code: str, params: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """A second choice as ``[beats.x.choices]``, or a first one before ``[[…]]`` ones."""
    here = _line_text(text, line)
    single = _CHOICES_HEADER.match(here)
    if single is not None:
        return "choices_twice", {"key": re.sub(r"\s+", "", single["name"])}
    double = _CHOICES_ARRAY.match(here)
    if double is not None and code == "overwrite":
        key = re.sub(r"\s+", "", double["name"])
        earlier = text[: _offset(text, line, 1)]
        if re.search(
            r"^\s*\[\s*" + re.escape(key).replace(r"\.", r"\s*\.\s*") + r"\s*\]", earlier, re.M
        ):
            return "choices_single_first", {"key": key}
    return code, params


def _table_name(key: str) -> str:
    """tomllib's ``('beats', 'boos')`` -> ``beats.boos``; anything else as it came."""
    try:
        parts = ast.literal_eval(key)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return key
    if isinstance(parts, str):
        return format_key(parts)
    if isinstance(parts, tuple) and parts and all(isinstance(p, str) for p in parts):
        return ".".join(format_key(p) for p in parts)
    return key


# -- strings ------------------------------------------------------------------------------


class _String(NamedTuple):
    """A string in the source as the parser would see it."""

    quote: str  # ", ', """ or '''
    start: int  # offset of the opening quote
    close: int  # offset of the closing quote, or where it was given up
    end: int  # offset just past the closing quote(s)
    closed: bool


def _strings(text: str, limit: int) -> Iterator[_String]:
    """The strings that open before ``limit``, paired the way tomllib pairs them.

    Comments are stepped over; a one-line string without its closing quote ends at the
    end of its line (that is where tomllib stops).
    """
    n = len(text)
    limit = min(limit, n)
    i = 0
    while i < limit:
        c = text[i]
        if c == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline + 1
        elif c == '"' and text.startswith('"""', i):
            j = i + 3
            while True:
                found = _ML_BASIC_STOP.search(text, j)
                if found is None:
                    yield _String('"""', i, n, n, False)
                    return
                j = found.start()
                if text.startswith('"""', j):
                    end = j + 3
                    end += 1 if text.startswith('"', end) else 0
                    end += 1 if text.startswith('"', end) else 0
                    yield _String('"""', i, j, end, True)
                    i = end
                    break
                j = found.end()  # an escape: step over it
        elif c == "'" and text.startswith("'''", i):
            j = text.find("'''", i + 3)
            if j < 0:
                yield _String("'''", i, n, n, False)
                return
            end = j + 3
            end += 1 if text.startswith("'", end) else 0
            end += 1 if text.startswith("'", end) else 0
            yield _String("'''", i, j, end, True)
            i = end
        elif c in "\"'":
            body = (_BASIC_BODY if c == '"' else _LITERAL_BODY).match(text, i + 1)
            j = body.end() if body else i + 1  # both patterns match the empty string
            closed = j < n and text[j] == c
            yield _String(c, i, j, j + 1 if closed else j, closed)
            i = j + 1
        else:
            found = _NEXT_TOKEN.search(text, i, limit)
            i = found.start() if found else limit


_NEXT_TOKEN = re.compile(r"[#\"']")
_ML_BASIC_STOP = re.compile(r'\\.|"""', re.S)
_BASIC_BODY = re.compile(r'(?:[^"\\\n]|\\[^\n])*')
_LITERAL_BODY = re.compile(r"[^'\n]*")
_OPENS = re.compile(r"\s*(?:[\w.\"' -]+=\s*\[?|.*[\[,])\s*$")
"""Text before a quote that marks it as the start of a value: ``key = \"\"\"``."""


def _unclosed_string(text: str, pos: int) -> tuple[int, int, str] | None:
    """A one-line string still open where tomllib stopped: (line, column, detail)."""
    for s in _strings(text, pos + 1):
        if len(s.quote) == 1 and not s.closed and s.start < pos <= s.end:
            at_line, at_col = _line_col(text, s.start)
            return at_line, at_col, t("check.toml.unterminated_string")
    return None


def _unclosed_multiline(text: str, pos: int, line: int) -> tuple[int, int, str] | None:
    """The ``\"\"\"`` (or ``'''``) that was never closed, if the error comes from one.

    tomllib pairs an unclosed opener with the next string's opener; the text of that
    string is then read as TOML and fails. So: the first pair whose closing quotes look
    like an opening (``key = \"\"\"``), or a last opener that is never closed.
    """
    for s in _strings(text, pos + 1):
        if len(s.quote) != 3 or s.start >= pos:
            continue
        line_start = text.rfind("\n", 0, s.close) + 1
        if not s.closed or _OPENS.match(text, line_start, s.close):
            at_line, at_col = _line_col(text, s.start)
            return at_line, at_col, t("check.toml.unclosed_multiline", quote=s.quote, line=line)
    return None
