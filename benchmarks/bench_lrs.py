"""Learning-records benchmark (not a test): prints its figures.

1. Statements per second into a real Ralph LRS (file-system backend, 127.0.0.1) from an
   outbox backlog of 10,000 statements, with ``lrs push``'s own code (batches of 50).
2. ``team-report`` (HTML) over 1,000 employees × 20 attempts, from generated saves.

Ralph is found as the tests find it (``.venv-ralph`` beside the project, or
``KLANTKONING_RALPH``); without it, part 1 says so and part 2 still runs.
Usage: ``.venv/bin/python benchmarks/bench_lrs.py [--statements N] [--employees N]``
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from ralph_support import PASSWORD, USER, Ralph, ralph_executable  # noqa: E402

from klantkoning.engine.analysis.analyse import random_play  # noqa: E402
from klantkoning.engine.atomic import atomic_write_text  # noqa: E402
from klantkoning.engine.library.folders import load_library  # noqa: E402
from klantkoning.engine.records.client import LrsClient  # noqa: E402
from klantkoning.engine.records.config import LrsConfig  # noqa: E402
from klantkoning.engine.records.outbox import Outbox  # noqa: E402
from klantkoning.engine.records.sender import push  # noqa: E402
from klantkoning.engine.records.statements import Actor, PlayRecord, whole_play  # noqa: E402
from klantkoning.engine.records.team import overview, profiles_from_saves  # noqa: E402
from klantkoning.engine.saves.data import Attempt, Profile, Settings  # noqa: E402
from klantkoning.engine.saves.savefile import dump_save  # noqa: E402
from klantkoning.report.team import render_team  # noqa: E402

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _plays(library, rng: random.Random, count: int):  # type: ignore[no-untyped-def]
    entries = [e for e in library.playable if e.scenario is not None]
    for n in range(count):
        entry = entries[n % len(entries)]
        yield n, entry, random_play(entry.scenario, rng, library.dimensions)


def bench_push(tmp: Path, total: int) -> str:
    exe = ralph_executable()
    if exe is None:
        return "statements/s into Ralph: skipped (Ralph is not installed; see .ci/run)"
    ralph = Ralph(exe, tmp / "ralph")
    ralph.setup()
    ralph.start()
    try:
        library = load_library(ROOT / "scenarios")
        config = LrsConfig(ralph.url, USER, PASSWORD)
        outbox = Outbox(tmp / "saves")
        rng = random.Random(7)
        queued = 0
        for n, entry, session in _plays(library, rng, total):
            record = PlayRecord(
                config,
                Actor(f"medewerker-{n % 500}", f"Medewerker {n % 500}"),
                entry.scenario,
                entry.content_hash,
                library.dimensions,
                START + timedelta(minutes=n),
                "direct",
            )
            statements = whole_play(record, session, START + timedelta(minutes=n, seconds=40), None)
            queued += outbox.enqueue(statements[: total - queued])
            if queued >= total:
                break
        began = time.perf_counter()
        result = push(outbox, LrsClient(config))
        seconds = time.perf_counter() - began
        assert result.error is None, result.error
        return (
            f"statements/s into Ralph (fs backend, 127.0.0.1, batches of "
            f"{config.batch_size}): {result.sent / seconds:,.0f}/s "
            f"({result.sent:,} statements in {seconds:.1f} s)"
        )
    finally:
        ralph.stop()


def bench_team_report(tmp: Path, employees: int, attempts: int) -> str:
    library = load_library(ROOT / "scenarios")
    rng = random.Random(11)
    saves = tmp / "team-saves"
    saves.mkdir()
    sessions = list(_plays(library, rng, 200))
    for e in range(employees):
        profile = Profile(f"Medewerker {e}", f"medewerker-{e}", START, Settings(), [])
        for a in range(attempts):
            _n, entry, session = sessions[(e * attempts + a) % len(sessions)]
            started = START + timedelta(days=a, minutes=e)
            profile.attempts.append(
                Attempt.from_session(
                    session, entry.content_hash, started, started + timedelta(minutes=9)
                )
            )
        atomic_write_text(saves / f"{profile.slug}.toml", dump_save(profile))
    began = time.perf_counter()
    profiles, _notices = profiles_from_saves(saves)
    read = time.perf_counter()
    text = render_team(overview(profiles, library, "saves"), library.dimensions, "html")
    done = time.perf_counter()
    return (
        f"team-report over {employees:,} employees × {attempts} attempts: {done - began:.2f} s "
        f"(reading saves {read - began:.2f} s, overview + HTML {done - read:.2f} s; "
        f"{len(text) / 1024:,.0f} KiB of HTML)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--employees", type=int, default=1_000)
    parser.add_argument("--attempts", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(bench_push(Path(tmp), args.statements))
        print(bench_team_report(Path(tmp), args.employees, args.attempts))


if __name__ == "__main__":
    main()
