"""Hostile files near the 1 MiB limit: time and peak memory of check, stats, test, graph.

Generates the worst cases issue 9 found (a long dotted table header, a long chain of
beats, a densely connected scenario with flags, long numbers, deep nesting) just under
the size limit, runs each command in a fresh process and prints wall time and peak
resident memory (``ru_maxrss`` of the child). Budgets: under 10 s and 1 GiB for every
command, ``test`` on a file near the limit under 60 s.

    .venv/bin/python benchmarks/bench_hostile.py [--only NAME] [--commands check,stats]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

LIMIT = 1024 * 1024
HEADER = 'format = 1\n\n[scenario]\nid = "{id}"\ntitle = "Hostile"\nstart = "b0"\n\n'
HEADER += '[customer]\nname = "Klant"\n\n'
ENDING = '[endings.einde]\ntitle = "Einde"\ntext = "Klaar."\n'


def dotted_header(size: int) -> str:
    """One table header of as many dotted keys as fit: ``[a.a.a...]``."""
    keys = (size - 40) // 2
    return "format = 1\n[" + ".".join(["a"] * keys) + "]\nx = 1\n"


def dotted_key(size: int) -> str:
    """One dotted key of as many parts as fit (tomllib itself is quadratic on it)."""
    keys = (size - 40) // 2
    return "format = 1\n" + ".".join(["a"] * keys) + " = 1\n"


def long_chain(size: int) -> str:
    """A chain of beats b0 -> b1 -> ... -> einde, as many as fit; every beat can also end
    (covering plays then need a play from the start to every beat: quadratic)."""
    parts = [HEADER.format(id="long-chain")]
    total, n = len(parts[0]) + len(ENDING), 0
    while True:
        beat = (
            f'[beats.b{n}]\ntext = "Moment {n}."\n[[beats.b{n}.choices]]\n'
            f'text = "Verder."\nnext = "b{n + 1}"\nscore = {{ welkom = 1 }}\n'
            f'[[beats.b{n}.choices]]\ntext = "Stop."\nnext = "einde"\n\n'
        )
        if total + len(beat) + 40 > size:
            break
        parts.append(beat)
        total += len(beat)
        n += 1
    parts.append(
        f'[beats.b{n}]\ntext = "Laatste."\n[[beats.b{n}.choices]]\n'
        f'text = "Klaar."\nnext = "einde"\nfeedback = "Goed."\n\n'
    )
    parts.append(ENDING)
    return "".join(parts)


def dense_flags(size: int, beats: int = 60, flags: int = 12) -> str:
    """``beats`` beats, every one with a choice to every other, each setting/needing flags."""
    parts = [HEADER.format(id="dense-flags")]
    total = len(parts[0]) + len(ENDING)
    for b in range(beats):
        head = f'[beats.b{b}]\ntext = "Moment {b}."\n'
        parts.append(head)
        total += len(head)
        choices = [
            f'[[beats.b{b}.choices]]\ntext = "Naar einde."\nnext = "einde"\nfeedback = "."\n'
        ]
        for c in range(beats):
            if c == b:
                continue
            choices.append(
                f'[[beats.b{b}.choices]]\ntext = "Naar {c}."\nnext = "b{c}"\nfeedback = "."\n'
                f'sets = ["f{(b * beats + c) % flags}"]\n'
                f'unless = ["f{(b * 31 + c * 17 + 3) % flags}"]\n'
                f"mood = {((b + c) % 3) - 1}\nscore = {{ welkom = {(b + c) % 3 - 1} }}\n"
            )
        for choice in choices:
            if total + len(choice) > size - 200:
                break
            parts.append(choice)
            total += len(choice)
    parts.append(ENDING)
    return "".join(parts)


def long_number(size: int) -> str:
    return HEADER.format(id="long-number") + "x = " + "9" * min(size - 200, 5000) + "\n"


def deep_arrays(size: int) -> str:
    depth = (size - 100) // 2
    return "format = 1\nx = " + "[" * depth + "]" * depth + "\n"


CASES: dict[str, Callable[[int], str]] = {
    "dotted-header": dotted_header,
    "dotted-key": dotted_key,
    "long-chain": long_chain,
    "dense-flags": dense_flags,
    "long-number": long_number,
    "deep-arrays": deep_arrays,
}
COMMANDS = {
    "check": ["check"],
    "stats": ["stats"],
    "test": ["test", "--samples", "0"],
    "graph": ["graph", "--format", "mermaid"],
}

_RUNNER = """
import resource, sys, time
from klantkoning.cli import cli
start = time.perf_counter()
try:
    cli.main(sys.argv[1:], prog_name="klantkoning", obj={})
except SystemExit as exc:
    code = exc.code
else:
    code = 0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
sys.stderr.write(f"\\n@@ {time.perf_counter() - start:.2f} {peak:.0f} {code}\\n")
"""


def run(args: list[str], timeout: float) -> tuple[float, str, str]:
    """Seconds, the child's own peak resident MiB and its exit code (or 'timeout')."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _RUNNER, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=os.environ | {"KLANTKONING_LANG": "en"},
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, "-", "timeout"
    seconds = time.perf_counter() - start
    marks = [line for line in proc.stderr.splitlines() if line.startswith("@@ ")]
    if not marks:  # killed (out of memory) or crashed
        last = proc.stderr.strip().splitlines()[-1:] or [""]
        return seconds, "-", f"{proc.returncode} {last[0][:60]}"
    _, _, peak, code = marks[-1].split()
    return seconds, peak, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=None, help="one case: " + ", ".join(CASES))
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--size", type=int, default=LIMIT - 4096)
    parser.add_argument("--timeout", type=float, default=120.0)
    options = parser.parse_args()
    names = [options.only] if options.only else list(CASES)
    commands = options.commands.split(",")
    # Memory limit for the children: a blow-up fails fast instead of swapping the machine.
    limit = 3 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'case':<14} {'size':>9} {'command':<7} {'seconds':>8} {'peak MiB':>9}  exit")
        for name in names:
            text = CASES[name](options.size)
            file = Path(tmp, f"{name}.toml")
            file.write_text(text, encoding="utf-8")
            for command in commands:
                seconds, peak, outcome = run(
                    [*COMMANDS[command][:1], str(file), *COMMANDS[command][1:]], options.timeout
                )
                print(
                    f"{name:<14} {len(text.encode()):>9} {command:<7} {seconds:>8.2f} "
                    f"{peak:>9}  {outcome}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
