"""Engine benchmark: each klantkoning figure beside a baseline measured in the same run.

Run from the repository root::

    .venv/bin/python benchmarks/bench_engine.py            # all three measures
    .venv/bin/python benchmarks/bench_engine.py --quick    # fewer repeats

It generates its inputs in a temporary folder, never in the repository, and prints a
Markdown table (measure, klantkoning, baseline, ratio/budget, verdict). Exit code 0
even when a budget is missed: this is a measurement, not a test.

``check`` is measured twice beside the naive script, wall and CPU time each: as run by
default (worker processes on a big library, when there are cores) and with ``--jobs 1``
(one process: the honest comparison, since the naive script uses one core). Both run
in the environment as it is: with ``PYTHONDONTWRITEBYTECODE`` set, every klantkoning
module is compiled from source on each run, which costs ``check`` (some 20 modules)
more than the naive script (one).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DIMS = (
    "welkom",
    "basis",
    "maatwerk",
    "ontzorgen",
    "verwonderen",
    "herstel",
    "verleuken",
    "vertrouwen",
    "keuzevrijheid",
    "betrokkenheid",
    "invloed",
    "rechtvaardigheid",
)


# -- generated inputs -----------------------------------------------------------------


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _choice(
    beat: str,
    text: str,
    nxt: str,
    rng: random.Random,
    *,
    sets: list[str] | None = None,
    requires: list[str] | None = None,
    unless: list[str] | None = None,
    points: tuple[int, int] = (-3, 3),
) -> str:
    dims = rng.sample(DIMS, rng.randint(0, 3) if points != (0, 0) else 0)
    score = ", ".join(f"{d} = {rng.randint(*points)}" for d in dims)
    lines = [
        f"[[beats.{beat}.choices]]",
        f"text = {_q(text)}",
        f"next = {_q(nxt)}",
        f"feedback = {_q('Waarom dit werkt of niet: ' + text.lower())}",
        f"mood = {rng.randint(-2, 2)}",
        f"score = {{ {score} }}",
    ]
    for key, value in (("sets", sets), ("requires", requires), ("unless", unless)):
        if value:
            lines.append(f"{key} = [{', '.join(_q(v) for v in value)}]")
    return "\n".join(lines)


def _head(scenario_id: str, start: str, title: str) -> str:
    return textwrap.dedent(
        f"""\
        format = 1

        [scenario]
        id = {_q(scenario_id)}
        title = {_q(title)}
        summary = "Gegenereerd voor de benchmark."
        start = {_q(start)}

        [customer]
        name = "Mevrouw Jansen"
        mood = 0
        """
    )


def _endings(ids: list[str], rng: random.Random) -> str:
    out = []
    outcomes = ("ontevreden", "tevreden", "enthousiast")
    for n, ending in enumerate(ids):
        out.append(f'[endings.{ending}]\ntitle = {_q("Einde " + ending)}\ntext = "Zo liep het af."')
        if n % 2:
            out.append(f"outcome = {_q(rng.choice(outcomes))}")
    return "\n".join(out)


def small_scenario_text(i: int) -> str:
    """A small scenario (5 beats, 3 endings, one flag, one loop), as authors write them."""
    rng = random.Random(i)
    # The loop vraag -> geirriteerd -> tweede-kans -> vraag only loses points, as it
    # should: nobody can farm points by going round.
    loop = {"Geef meteen het standaardantwoord.", "Zeg dat het nu eenmaal zo gaat."}
    free = {"Haal adem en vraag opnieuw wat de klant nodig heeft."}
    beats: dict[str, list[tuple[str, str, list[str] | None, list[str] | None]]] = {
        "binnenkomst": [
            ("Begroet de klant hartelijk.", "vraag", None, None),
            ("Kijk eerst je mail even af.", "geirriteerd", ["laat"], None),
        ],
        "vraag": [
            ("Vraag door naar wat de klant echt wil.", "oplossing", None, None),
            ("Geef meteen het standaardantwoord.", "geirriteerd", None, None),
        ],
        "geirriteerd": [
            ("Bied excuses aan en neem het probleem over.", "oplossing", None, None),
            ("Zeg dat het nu eenmaal zo gaat.", "tweede-kans", None, None),
        ],
        "tweede-kans": [
            ("Haal adem en vraag opnieuw wat de klant nodig heeft.", "vraag", None, None),
            ("Laat de klant boos weglopen.", "boos", None, None),
        ],
        "oplossing": [
            ("Regel het en verras de klant met iets extra's.", "enthousiast", None, None),
            ("Regel het netjes.", "tevreden", None, None),
            ("Verontschuldig je nog eens voor het wachten.", "tevreden", None, ["laat"]),
        ],
    }
    parts = [_head(f"bench-{i:04d}", "binnenkomst", f"Benchmark {i}")]
    for beat, choices in beats.items():
        parts.append(f"[beats.{beat}]\ntext = {_q('Situatie ' + beat + '.')}")
        for text, nxt, sets, requires in choices:
            points = (-3, -1) if text in loop else (0, 0) if text in free else (-3, 3)
            parts.append(_choice(beat, text, nxt, rng, sets=sets, requires=requires, points=points))
    parts.append(_endings(["enthousiast", "tevreden", "boos"], rng))
    return "\n\n".join(parts) + "\n"


def _inline_choice(text: str, nxt: str, rng: random.Random, extra: str = "") -> str:
    dims = rng.sample(DIMS, rng.randint(0, 2))
    score = ", ".join(f"{d} = {rng.randint(-3, 3)}" for d in dims)
    return (
        f'  {{ text = {_q(text)}, next = {_q(nxt)}, feedback = "Zo.", '
        f"mood = {rng.randint(-2, 2)}, score = {{ {score} }}{extra} }},"
    )


def big_scenario_text(
    n_beats: int = 2000, n_choices: int = 4, seed: int = 1, dense: bool = False
) -> str:
    """A large scenario in the compact inline-table style (under the loader's 1 MiB).

    Choice 1 of every beat moves on to the next beat, so every beat is reachable. Some
    choices jump ahead or to one of eight endings; 4 % go back 1-5 beats ("try again":
    loops that can still finish). Four flags are each set and tested within their own
    stretch of 300 beats, as an author uses a flag a few moments after it is set. With
    ``dense`` the loops go back up to 30 beats and every flag is set and tested anywhere:
    the worst case for the state space (every beat times 16 flag combinations).
    """
    rng = random.Random(seed)
    beats = [f"b{i:04d}" for i in range(n_beats)]
    endings = [f"einde-{k}" for k in range(8)]
    flags = ["excuus", "korting", "manager", "belofte"]
    stretch = max(1, n_beats // len(flags))
    parts = [_head("groot-scenario", beats[0], "Een groot scenario")]
    for i, beat in enumerate(beats):
        lines = [f"[beats.{beat}]", f"text = {_q(f'Moment {i}.')}", "choices = ["]
        region = min(len(flags) - 1, i // stretch)
        offset = i - region * stretch
        for j in range(n_choices):
            roll = rng.random()
            if j == 0:
                nxt = beats[i + 1] if i + 1 < n_beats else rng.choice(endings)
            elif roll < 0.04 and i > 0:
                nxt = beats[max(0, i - rng.randint(1, 30 if dense else 5))]
            elif roll < 0.07 or i + 1 >= n_beats:
                nxt = rng.choice(endings)
            else:
                nxt = beats[min(n_beats - 1, i + rng.randint(1, 12))]
            extra = ""
            if dense:
                if rng.random() < 0.02:
                    extra += f", sets = [{_q(rng.choice(flags))}]"
                if j and rng.random() < 0.05:
                    key = rng.choice(("requires", "unless"))
                    extra += f", {key} = [{_q(rng.choice(flags))}]"
            else:
                if offset < 100 and rng.random() < 0.05:
                    extra += f", sets = [{_q(flags[region])}]"
                if j and 100 <= offset < 300 and rng.random() < 0.05:
                    key = rng.choice(("requires", "unless"))
                    extra += f", {key} = [{_q(flags[region])}]"
            lines.append(_inline_choice(f"Optie {j + 1}", nxt, rng, extra))
        lines.append("]")
        parts.append("\n".join(lines))
    parts.append(_endings(endings, rng))
    return "\n\n".join(parts) + "\n"


def ten_beat_scenario_text() -> str:
    """A 10-beat scenario for random plays: two routes, a flag, no loops."""
    rng = random.Random(10)
    beats = [f"stap-{i}" for i in range(10)]
    parts = [_head("tien-stappen", beats[0], "Tien stappen")]
    for i, beat in enumerate(beats):
        parts.append(f"[beats.{beat}]\ntext = {_q(f'Stap {i}.')}")
        ahead = beats[i + 1 : i + 4] or ["goed", "matig", "slecht"]
        for j in range(3):
            nxt = ahead[j % len(ahead)]
            sets = ["excuus"] if i == 2 and j == 0 else None
            requires = ["excuus"] if i == 6 and j == 2 else None
            parts.append(_choice(beat, f"Keuze {j + 1}", nxt, rng, sets=sets, requires=requires))
    parts.append(_endings(["goed", "matig", "slecht"], rng))
    return "\n\n".join(parts) + "\n"


# -- measuring --------------------------------------------------------------------------


def best_of(runs: int, func: Callable[[], object]) -> float:
    """The fastest of ``runs`` timings of ``func``, in seconds."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t0)
    return best


NAIVE_SCRIPT = """
import sys, tomllib
from pathlib import Path
from klantkoning.engine.format.model import Scenario
bad = 0
for file in sorted(Path(sys.argv[1]).glob("*.toml")):
    try:
        Scenario.model_validate(tomllib.loads(file.read_text(encoding="utf-8")))
    except Exception:
        bad += 1
print(bad)
"""


def _klantkoning() -> list[str]:
    exe = Path(sys.executable).with_name("klantkoning")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-m", "klantkoning"]


def measure_check(tmp: Path, runs: int, files: int = 1000) -> list[str]:
    """(a) ``klantkoning check`` on ``files`` small files vs. a naive parse-and-validate script."""
    folder = tmp / "library"
    folder.mkdir()
    for i in range(files):
        (folder / f"bench-{i:04d}.toml").write_text(small_scenario_text(i), encoding="utf-8")
    env = dict(os.environ, KLANTKONING_LANG="nl", NO_COLOR="1", TERM="dumb")
    check_cmd = [*_klantkoning(), "--scenarios", str(folder), "check"]
    naive_cmd = [sys.executable, "-c", NAIVE_SCRIPT, str(folder)]

    def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp, check=False)

    probe = run(check_cmd)
    naive_probe = run(naive_cmd)
    if naive_probe.returncode != 0 or naive_probe.stdout.strip() != "0":
        return [
            _row(
                "check, 1,000 small files",
                "-",
                "-",
                "-",
                "baseline failed: " + (naive_probe.stderr.strip().splitlines() or ["?"])[-1],
            )
        ]
    if probe.returncode not in (0, 1) or "No such command" in probe.stderr:
        why = (probe.stderr.strip().splitlines() or probe.stdout.strip().splitlines() or ["?"])[-1]
        naive = best_of(runs, lambda: run(naive_cmd))
        return [
            _row(
                "check, 1,000 small files (whole process)",
                "not available yet",
                f"{naive:.2f} s",
                "≤ 1.0",
                f"`klantkoning check` does not work yet ({why[:60]})",
            )
        ]
    # Interleaved, so a busy machine slows all alike. CPU time (user + system of the
    # child processes) is shown too: it does not depend on how many cores were free.
    # Both the default run (worker processes on a big enough library) and a single
    # process (``--jobs 1``) are measured: the single process is the honest comparison.
    from klantkoning.engine.library.checker import default_jobs

    variants = {
        f"default ({default_jobs()} processes at most)": check_cmd,
        "`--jobs 1` (one process)": [*check_cmd, "--jobs", "1"],
    }
    best = {name: (float("inf"), float("inf")) for name in [*variants, "naive"]}
    for _ in range(runs):
        for name, cmd in [*variants.items(), ("naive", naive_cmd)]:
            wall, cpu = _wall_and_cpu(lambda cmd=cmd: run(cmd))
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    naive, naive_cpu = best["naive"]
    rows = []
    for name in variants:
        wall, cpu = best[name]
        ratio, cpu_ratio = wall / naive, cpu / naive_cpu
        verdict = "ok" if ratio <= 1.0 and cpu_ratio <= 1.0 else "over budget"
        if probe.returncode != 0:
            verdict += f" (check exit {probe.returncode}: it reported errors in generated files)"
        rows.append(
            _row(
                f"check {name}, 1,000 small files (whole process, best of {runs})",
                f"{wall:.2f} s wall, {cpu:.2f} s CPU",
                f"{naive:.2f} s wall, {naive_cpu:.2f} s CPU (parse + validate)",
                f"{ratio:.2f} wall, {cpu_ratio:.2f} CPU (budget ≤ 1.0)",
                verdict,
            )
        )
    return rows


def measure_big(tmp: Path, runs: int) -> list[str]:
    """(b) load + analysis of a 2,000 × 4 scenario vs. a bare ``tomllib`` parse.

    The loader already runs the structural checks (``structural_findings``); the
    analysis after it reuses the explored graph of that same scenario object, as
    ``klantkoning stats`` does. The worst-case file follows for information.
    """
    return [_measure_big_one(tmp, runs, dense=False), _measure_big_one(tmp, runs, dense=True)]


def _measure_big_one(tmp: Path, runs: int, dense: bool) -> str:
    import tomllib

    from klantkoning.engine.analysis import analyse as analysis
    from klantkoning.engine.format.model import Scenario
    from klantkoning.engine.library import loader

    folder = tmp / ("dense" if dense else "big")
    folder.mkdir()
    file = folder / "groot-scenario.toml"
    file.write_text(big_scenario_text(2000, 4, seed=1, dense=dense), encoding="utf-8")
    data = file.read_bytes()
    results: dict[str, object] = {}

    def load_and_analyse() -> None:
        entry = loader.load_scenario_file(file)
        if entry.scenario is None:
            raise SystemExit(f"generated scenario does not load: {entry.problems[:3]}")
        results["analysis"] = analysis.analyse(entry.scenario)
        results["problems"] = entry.problems

    took = best_of(runs, load_and_analyse)
    parse = best_of(runs, lambda: tomllib.loads(data.decode("utf-8")))
    raw = tomllib.loads(data.decode("utf-8"))
    validate = best_of(runs, lambda: Scenario.model_validate(raw))

    def graph_checks() -> None:
        fresh = Scenario.model_validate(raw)  # a new object: nothing cached
        t0 = time.perf_counter()
        analysis.structural_findings(fresh)
        analysis.analyse(fresh)
        results["graph"] = time.perf_counter() - t0

    graph = min(_timed(graph_checks, results, "graph") for _ in range(runs))
    rest = max(0.0, took - parse - validate - graph)
    result = results["analysis"]
    assert isinstance(result, analysis.Analysis)
    problems = results["problems"]
    assert isinstance(problems, list)
    note = (
        f"{result.state_count:,} states, {'truncated' if result.truncated else 'complete'}; "
        f"parse {parse:.2f} + validate {validate:.2f} + graph checks and analysis "
        f"{graph:.2f} + rest of the loader (locating {len(problems)} findings) {rest:.2f} s"
    )
    if dense:
        return _row(
            "same, worst case: flags tested everywhere, long loops (no budget)",
            f"{took:.3f} s",
            f"{parse:.3f} s (tomllib parse)",
            f"{took / parse:.1f}× parse",
            f"info ({note})",
        )
    return _row(
        "load + check + analyse, 2,000 beats × 4 choices",
        f"{took:.3f} s",
        f"{parse:.3f} s (tomllib parse)",
        f"{took / parse:.1f}× parse; budget < 1 s",
        ("ok" if took < 1.0 else "over budget") + f" ({note})",
    )


def measure_plays(tmp: Path, seconds: float) -> list[str]:
    """(c) complete random plays per second of a 10-beat scenario vs. a plain-dict walk."""
    import tomllib

    from klantkoning.engine.analysis import analyse as analysis
    from klantkoning.engine.format.model import Scenario

    raw = tomllib.loads(ten_beat_scenario_text())
    scenario = Scenario.model_validate(raw)
    rng = random.Random(42)

    def plays_per_second(play: Callable[[], object]) -> float:
        play()  # warm up (compiles the graph once)
        done = 0
        t0 = time.perf_counter()
        while (elapsed := time.perf_counter() - t0) < seconds:
            for _ in range(500):
                play()
            done += 500
        return done / elapsed

    def engine_play() -> None:
        session = analysis.random_play(scenario, rng)
        if not session.ended:
            raise SystemExit("a random play got stuck")

    beats = raw["beats"]
    start = raw["scenario"]["start"]

    def dict_play() -> None:
        node, flags, mood = start, set(), 0
        score: dict[str, int] = {}
        while node in beats:
            visible = [
                c
                for c in beats[node]["choices"]
                if all(f in flags for f in c.get("requires", ()))
                and not any(f in flags for f in c.get("unless", ()))
            ]
            c = visible[rng.randrange(len(visible))]
            mood = max(-5, min(5, mood + c.get("mood", 0)))
            flags.update(c.get("sets", ()))
            for dim, points in c.get("score", {}).items():
                score[dim] = score.get(dim, 0) + points
            node = c["next"]

    engine = plays_per_second(engine_play)
    bare = plays_per_second(dict_play)
    return [
        _row(
            "random complete plays / s, 10-beat scenario",
            f"{engine:,.0f}/s",
            f"{bare:,.0f}/s (plain dicts)",
            f"{engine / bare:.2f}× bare; budget ≥ 20,000/s",
            "ok" if engine >= 20_000 else "under budget",
        )
    ]


def _wall_and_cpu(func: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and child CPU seconds of one call that runs a subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    func()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _timed(func: Callable[[], None], results: dict[str, object], key: str) -> float:
    func()
    value = results[key]
    assert isinstance(value, float)
    return value


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each, shorter timings")
    parser.add_argument("--only", choices=["check", "big", "plays"], help="run one measure")
    args = parser.parse_args()
    runs = 1 if args.quick else 3
    tmp = Path(tempfile.mkdtemp(prefix="klantkoning-bench-"))
    try:
        rows: list[str] = []
        if args.only in (None, "check"):
            rows += measure_check(tmp, runs if args.quick else 5)  # noisy: more runs
        if args.only in (None, "big"):
            rows += measure_big(tmp, runs)
        if args.only in (None, "plays"):
            rows += measure_plays(tmp, 0.5 if args.quick else 2.0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print("| measure | klantkoning | baseline | ratio / budget | verdict |")
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
