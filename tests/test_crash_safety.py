"""Kill the game in the middle of saving, many times: every save stays readable and every
attempt the game reported as recorded is still there."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from klantkoning.engine.saves.store import SaveStore

ITERATIONS = 30
TIME_BUDGET = 7.0  # seconds; a loaded machine runs fewer iterations rather than a slow test

# Records attempts for one player as fast as it can. It prints an attempt's key only
# after record_attempt has returned, so a printed key is a promise that it is on disk.
CHILD = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from klantkoning.engine.saves.store import Attempt, SaveStore

folder, base = Path(sys.argv[1]), int(sys.argv[2])
store = SaveStore(folder)
profile = store.get_or_create(sys.argv[3])
t0 = datetime(2026, 1, 1, tzinfo=UTC)
print("ready", flush=True)
n = 0
while True:
    started = t0 + timedelta(seconds=base + n)
    attempt = Attempt("crash-test", "h", started, started, [("b", 0)] * 5, [1] * 5,
                      ["b"] * 6, "e", "tevreden", 1, 0, -1, False, {"welkom": n % 3})
    profile = store.record_attempt(profile, attempt)
    print(started.isoformat(), flush=True)
    n += 1
"""


def _reported(child: subprocess.Popen[str]) -> set[datetime]:
    out, _ = child.communicate(timeout=10)
    # A line cut off by the kill has no newline: that attempt was never promised.
    lines = out.split("\n")[:-1]
    return {datetime.fromisoformat(line) for line in lines}


def test_killing_the_game_while_saving_loses_nothing_promised(tmp_path: Path) -> None:
    rng = random.Random(20261122)
    promised: dict[str, set[datetime]] = {"Vera": set(), "[b]Wout[/b] 🎈": set()}
    deadline = time.monotonic() + TIME_BUDGET
    done = 0
    for iteration in range(ITERATIONS):
        if done >= 5 and time.monotonic() > deadline:
            break
        # Every third round two instances record for the same player at once (locks held
        # by a killed process must be released, not deadlock the other).
        names = ["Vera", "Vera"] if iteration % 3 == 0 else [rng.choice(sorted(promised))]
        children = [
            (name, _start(tmp_path, (iteration * 10 + k) * 100_000, name))
            for k, name in enumerate(names)
        ]
        for _, child in children:
            time.sleep(rng.uniform(0.010, 0.080))
            child.send_signal(signal.SIGKILL)
        for name, child in children:
            promised[name] |= _reported(child)
        store = SaveStore(tmp_path)
        profiles = {p.name: p for p in store.list_profiles()}
        assert store.notices == [], [n.message for n in store.notices]
        for name, keys in promised.items():
            if keys:
                saved = {a.started for a in profiles[name].attempts}
                assert keys <= saved, f"{name}: lost {sorted(keys - saved)[:3]}"
        done += 1
    assert done >= 5
    assert sum(len(keys) for keys in promised.values()) > 0  # the kills hit mid-stream
    assert list(tmp_path.glob("*.corrupt-*")) == []
    on_disk = {p.name for p in SaveStore(tmp_path).list_profiles()}
    assert {name for name, keys in promised.items() if keys} <= on_disk


def _start(folder: Path, base: int, name: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(base), name],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    return child
