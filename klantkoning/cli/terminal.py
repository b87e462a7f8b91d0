"""Text output that can never drive the terminal: control characters are shown, not sent.

Scenario files, workshop files and player names are untrusted. An ESC or BEL in a title,
a beat id or a quoted value would otherwise reach the terminal raw: colours, a cleared
screen, a retitled window, or OSC 52 writing the clipboard. The commands that print text
(check, stats, test, graph, report, play --path) wrap stdout and stderr once; every
control character except newline and tab is then written as a visible ``\\u001b``
(which also keeps JSON output valid). The Textual UI never goes through here.
"""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""C0 controls but newline and tab, DEL, the C1 controls (0x9b is a one-byte CSI), and
the Unicode line and paragraph separators."""


def escape_controls(text: str) -> str:
    """``text`` with every control character written as ``\\uXXXX``."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeStream:
    """A text stream that escapes control characters on the way through."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape_controls(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def protect_terminal(stdout: bool = True) -> None:
    """Wrap ``sys.stdout`` and ``sys.stderr`` (once) so no control character gets out.

    ``stdout=False`` for commands whose screen is a Textual app drawing on stdout: only
    messages quoting a file, on stderr, are escaped then.
    """
    if stdout and not isinstance(sys.stdout, SafeStream):
        sys.stdout = SafeStream(sys.stdout)
    if not isinstance(sys.stderr, SafeStream):
        sys.stderr = SafeStream(sys.stderr)


def safe_output() -> None:
    """Never crash on output: odd file names or a narrow terminal encoding get replaced,
    and control characters from files are shown escaped, never sent to the terminal."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    protect_terminal()
