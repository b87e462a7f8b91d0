"""How quick the solo game feels: start-up to the first screen, and a keypress to the next beat.

Run: ``.venv/bin/python benchmarks/bench_ui.py [--runs N] [--json]``. Prints a Markdown
table with klantkoning next to a bare Textual app measured the same way; ``--json`` prints
``{"start_ratio": …, "key_ratio": …}`` with the absolute figures (ms) beside them. Budgets
(issue 13): start-up at most 1.3× the bare app, keypress to next beat at most 1.5×.

What is measured, and why it is honest:

* **Start-up** — wall clock from launching a fresh ``python`` process until that process
  reports its first screen mounted and idle. The child builds the app exactly as the CLI
  does (``make_app`` on the real scenario folder and a temporary saves folder), runs it
  headless (``App.run(headless=True)``: no terminal needed, but the same compose, CSS,
  layout and first paint), and prints ``READY`` from ``auto_pilot`` after the first
  refresh; then it exits. Interpreter start and every import are included, as a user
  pays for them. The bare app is a ``Static`` and a ``Footer`` in the same harness.
* **Keypress → next beat** — in-process with ``App.run_test``: the clock starts before
  pressing ``1`` and stops when the beat widget shows the next beat's text (checked after
  each message-queue drain). Exam mode is used so ``1`` goes straight to the next beat;
  the choice is saved atomically (fsync) before the screen updates, as in real play, so
  that cost is included. Where the choice has a ``reaction`` (issue 10), exam mode still
  shows it and the next beat comes with Enter: then that Enter is the keypress timed
  (feedback -> beat, the step every player in feedback mode takes too). The bare app
  swaps a ``Static``'s text on a key, measured the same way.

Medians over ``--runs`` start-ups of each app, launched in turns (default 11), and
``--presses`` key presses (default 20). Start-up is measured with klantkoning
byte-compiled, as a wheel installed by pip is (Textual in the same environment was compiled
when it was installed); ``--from-source`` measures a checkout that compiles every module on
every start instead (``PYTHONDONTWRITEBYTECODE`` set, no ``__pycache__``).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FALLBACK = ROOT / "tests" / "fixtures" / "ui" / "library"

CHILD_KLANTKONING = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from klantkoning.ui.app import make_app

    async def ready(pilot):
        await pilot.pause()
        print("READY", type(pilot.app.screen).__name__, flush=True)
        pilot.app.exit()

    app = make_app(Path(sys.argv[1]), Path(sys.argv[2]))
    app.run(headless=True, auto_pilot=ready, size=(80, 24))
    """
)

CHILD_BARE = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Footer, Static

    class Bare(App):
        def compose(self):
            yield Static("hello")
            yield Footer()

    async def ready(pilot):
        await pilot.pause()
        print("READY", type(pilot.app.screen).__name__, flush=True)
        pilot.app.exit()

    Bare().run(headless=True, auto_pilot=ready, size=(80, 24))
    """
)


def time_startups(
    library: Path, saves: str, runs: int, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Median start-up of klantkoning and of the bare app, launched in turns.

    In turns, not one batch after the other: a machine that gets busier halfway (another
    job, a CPU that clocks down) then slows both alike instead of tilting the ratio.
    """
    ours, bare = [], []
    for _ in range(runs):
        ours.append(start_once(CHILD_KLANTKONING, [str(library), saves], env))
        bare.append(start_once(CHILD_BARE, [], env))
    return statistics.median(ours), statistics.median(bare)


def start_once(code: str, args: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds from launching one child process to its READY line."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if not line.startswith("READY"):
        raise SystemExit(f"child did not get ready: {line!r}")
    return elapsed


def compile_package() -> None:
    """Byte-compile klantkoning, as pip does when it installs the wheel.

    Textual in the virtual environment was compiled when it was installed; a checkout
    run with ``PYTHONDONTWRITEBYTECODE`` set would compile every klantkoning module from
    source on every start and compare unlike with like. The ``__pycache__`` folders this
    writes are the ones any ordinary run writes (and git ignores).
    """
    import compileall

    compileall.compile_dir(ROOT / "klantkoning", quiet=1)


def drop_bytecode() -> dict[str, str]:
    """The opposite, for ``--from-source``: klantkoning's bytecode removed (it is only a
    cache) and an environment in which the children do not write it back."""
    import os
    import shutil

    for cache in (ROOT / "klantkoning").rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


async def time_keypress_klantkoning(library: Path, runs: int) -> float:
    from textual.widgets import Static

    from klantkoning.engine.saves.store import SaveStore, Settings
    from klantkoning.ui.app import make_app
    from klantkoning.ui.screens.play import PlayScreen

    entry_id = _first_playable(library)
    samples = []
    with tempfile.TemporaryDirectory() as saves:
        store = SaveStore(Path(saves))
        store.update_settings(store.get_or_create("Bench"), Settings(feedback_mode="exam"))
        while len(samples) < runs:
            # File order (no shuffle), so "1" is the choice _next_beat_text looks at.
            app = make_app(
                library, Path(saves), player="Bench", scenario=entry_id, seeds=lambda: None
            )
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, PlayScreen)
                beat = screen.query_one("#play-beat", Static)
                while len(samples) < runs and not screen.runner.session.ended:
                    before = str(beat.render())
                    next_text = _next_beat_text(screen)
                    start = time.perf_counter()
                    await pilot.press("1")
                    if next_text is None:  # that choice ends the play
                        break
                    moved = _moved(beat, before)
                    await _until(pilot, lambda: moved() or screen.in_feedback)  # noqa: B023
                    if screen.in_feedback:
                        # Exam mode still shows the customer's reaction: the next beat
                        # comes with Enter, so that is the keypress measured.
                        start = time.perf_counter()
                        await pilot.press("enter")
                    await _until(pilot, moved)
                    samples.append(time.perf_counter() - start)
            store.save_unfinished(store.get_or_create("Bench"), None)
    return statistics.median(samples)


def _moved(beat, before: str):  # type: ignore[no-untyped-def]
    """Whether the beat on screen is no longer ``before``."""
    return lambda: str(beat.render()) != before


async def _until(pilot, condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app work until ``condition()``; a benchmark that waits forever is a bug."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("the play screen did not move on within 10 s")
        await pilot.pause()


def _next_beat_text(screen) -> str | None:  # type: ignore[no-untyped-def]
    session = screen.runner.session.copy()
    session.choose(1)
    return session.beat.text if session.beat is not None else None


def _first_playable(library: Path) -> str:
    from klantkoning.engine.library.folders import load_library

    lib = load_library(library)
    if not lib.playable:
        raise SystemExit(f"no playable scenario in {library}")
    return lib.playable[0].id


async def time_keypress_bare(runs: int) -> float:
    from textual.app import App, ComposeResult
    from textual.binding import Binding, BindingType
    from textual.widgets import Footer, Static

    class Bare(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [Binding("1", "next", "Next")]

        def compose(self) -> ComposeResult:
            yield Static("beat 0", id="beat")
            yield Footer()

        def action_next(self) -> None:
            self.count = getattr(self, "count", 0) + 1
            self.query_one("#beat", Static).update(f"beat {self.count}")

    samples = []
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        beat = app.query_one("#beat", Static)
        for _ in range(runs):
            before = str(beat.render())
            start = time.perf_counter()
            await pilot.press("1")
            while str(beat.render()) == before:
                await pilot.pause()
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="start-ups per app (default 11)")
    parser.add_argument(
        "--from-source",
        action="store_true",
        help="do not byte-compile klantkoning first (what a checkout pays with "
        "PYTHONDONTWRITEBYTECODE set and no __pycache__ yet)",
    )
    parser.add_argument("--presses", type=int, default=20, help="key presses (default 20)")
    parser.add_argument("--json", action="store_true", help="ratios and figures as JSON")
    parser.add_argument(
        "--library",
        type=Path,
        help="scenario folder (default: the built-in scenarios, whose choices have "
        "reactions, so Enter is timed; tests/fixtures/ui/library has none, so 1 is)",
    )
    args = parser.parse_args()
    library = args.library or (SCENARIOS if any(SCENARIOS.glob("*.toml")) else FALLBACK)
    env = drop_bytecode() if args.from_source else None
    if env is None:
        compile_package()
    with tempfile.TemporaryDirectory() as saves:
        start_kk, start_bare = time_startups(library, saves, args.runs, env)
    key_kk = asyncio.run(time_keypress_klantkoning(library, args.presses))
    key_bare = asyncio.run(time_keypress_bare(args.presses))
    if args.json:
        import json

        figures = {
            "start_ratio": round(start_kk / start_bare, 3),
            "key_ratio": round(key_kk / key_bare, 3),
            "start_ms": round(start_kk * 1000, 1),
            "start_bare_ms": round(start_bare * 1000, 1),
            "key_ms": round(key_kk * 1000, 2),
            "key_bare_ms": round(key_bare * 1000, 2),
            "start_budget": 1.3,
            "key_budget": 1.5,
            "runs": args.runs,
            "bytecode": not args.from_source,
            "presses": args.presses,
        }
        print(json.dumps(figures, indent=2))
        return
    print(f"Library: {library}; medians of {args.runs} start-ups, {args.presses} key presses.\n")
    print("| measure | klantkoning | bare Textual app |")
    print("| --- | ---: | ---: |")
    print(f"| start-up to first screen | {start_kk * 1000:.0f} ms | {start_bare * 1000:.0f} ms |")
    print(
        f"| keypress to next beat on screen | {key_kk * 1000:.1f} ms | {key_bare * 1000:.1f} ms |"
    )
    print(f"\nstart ratio {start_kk / start_bare:.2f} (budget 1.3), "
          f"key ratio {key_kk / key_bare:.2f} (budget 1.5)")  # fmt: skip


if __name__ == "__main__":
    main()
