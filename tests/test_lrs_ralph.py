"""Learning records against a real LRS: Ralph on 127.0.0.1 with its file-system backend.

Skips, saying how to install it, where Ralph is not available; ``.ci/run`` installs it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from ralph_support import PASSWORD, Ralph, ralph_executable

from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS
from klantkoning.engine.library.folders import load_library
from klantkoning.engine.play.session import Session
from klantkoning.engine.records import xapi
from klantkoning.engine.records.config import LrsConfig
from klantkoning.engine.records.group import workshop_statements
from klantkoning.engine.records.outbox import Outbox
from klantkoning.engine.records.statements import Actor, PlayRecord, whole_play

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    exe = ralph_executable()
    if exe is None:
        pytest.skip(
            "Ralph (the LRS) is not installed: python3 -m venv .venv-ralph && "
            ".venv-ralph/bin/pip install 'ralph-malph[backend-fs,lrs,cli]' requests "
            "(.ci/run does this), or set KLANTKONING_RALPH"
        )
    server = Ralph(exe, tmp_path_factory.mktemp("ralph"))
    server.setup()
    server.start()
    yield server
    server.stop()


def _path(scenario_id: str, pick: int = 0) -> str:
    """A complete path through a built-in scenario: at each beat the ``pick``-th choice
    (counted round), so tests do not depend on the scenario's exact shape."""
    entry = load_library(SCENARIOS).get(scenario_id)
    assert entry is not None and entry.scenario is not None
    session = Session(entry.scenario, DEFAULT_DIMENSIONS)
    numbers = []
    while not session.ended:
        number = 1 + pick % len(session.visible_choices)
        session.choose(number)
        numbers.append(str(number))
    return ",".join(numbers)


def _cli(args: list[str], env: dict[str, str], **kw: object) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ)
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "klantkoning", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kw,  # type: ignore[arg-type]
    )


def _env(ralph: Ralph, tmp: Path, password: str = PASSWORD) -> dict[str, str]:
    env = ralph.lrs_env(password)
    env.update(KLANTKONING_CONFIG=str(tmp / "none.toml"), KLANTKONING_LANG="nl")
    return env


def _mine(ralph: Ralph, registration_actor: str) -> list[dict[str, object]]:
    return [
        s
        for s in ralph.statements()
        if s["actor"].get("account", {}).get("name") == registration_actor  # type: ignore[union-attr]
    ]


def test_everything_we_send_is_valid_xapi_by_ralphs_own_models(
    ralph: Ralph, tmp_path: Path
) -> None:
    from workshop_support import FakeClock, fixture_library, new_workshop

    from klantkoning.engine.workshop import Vote

    library = load_library(SCENARIOS)
    config = LrsConfig(ralph.url, "u", "p")
    statements: list[dict[str, object]] = []
    for entry in library.playable[:3]:
        assert entry.scenario is not None
        session = Session(entry.scenario, library.dimensions)
        while not session.ended:
            session.choose(len(session.visible_choices))
        start = datetime(2026, 3, 14, 9, tzinfo=UTC)
        record = PlayRecord(
            config,
            Actor("anna", "Anna [bold]"),
            entry.scenario,
            entry.content_hash,
            library.dimensions,
            start,
            "exam",
        )
        statements += whole_play(record, session, start + timedelta(minutes=9), (-10, 20))
    ws = new_workshop(fixture_library(), clock=FakeClock())
    ws.receive(Vote(ws.teams[0], "A"))
    ws.receive(Vote(ws.teams[1], "B"))
    ws.reveal()
    ws.follow()
    ws.finish()
    statements += workshop_statements(ws, config)
    script = (
        "import json, sys\n"
        "from ralph.models.xapi.base.statements import BaseXapiStatement\n"
        "bad = []\n"
        "for s in json.load(sys.stdin):\n"
        "    try: BaseXapiStatement.model_validate(s)\n"
        "    except Exception as e: bad.append(str(e)[:300])\n"
        "print(json.dumps(bad))\n"
    )
    done = subprocess.run(
        [str(ralph.python()), "-c", script],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout) == []
    assert any(s["actor"]["objectType"] == "Group" for s in statements)  # type: ignore[index]


def test_headless_plays_arrive_exactly_once_even_with_the_lrs_down_in_between(
    ralph: Ralph, tmp_path: Path
) -> None:
    env = _env(ralph, tmp_path)
    saves = str(tmp_path / "saves")
    play = [
        "play",
        "doorbakken-entrecote",
        "--path",
        _path("doorbakken-entrecote"),
        "--player",
        "Bram",
        "--saves",
        saves,
        "--scenarios",
        str(SCENARIOS),
    ]
    first = _cli(play, env)
    assert "Traceback" not in first.stderr
    ralph.stop()
    try:
        second = _cli(play, env)  # the LRS is down: the play is saved, its records wait
        assert "niet bereikbaar" in second.stderr
        assert Outbox(Path(saves)).status().queued > 0
    finally:
        ralph.start()
    pushed = _cli(["lrs", "push", "--saves", saves], env)
    assert pushed.returncode == 0, pushed.stderr
    assert Outbox(Path(saves)).status().queued == 0
    mine = _mine(ralph, "bram")
    counts = Counter(s["id"] for s in mine)
    assert max(counts.values()) == 1
    verbs = Counter(s["verb"]["id"] for s in mine)  # type: ignore[index]
    assert verbs[xapi.VERBS["initialized"]] == 2 and verbs[xapi.VERBS["completed"]] == 2
    # Pushing again sends nothing more.
    assert "niets klaar" in _cli(["lrs", "push", "--saves", saves], env).stdout


def test_kill_9_while_sending_loses_and_duplicates_nothing(ralph: Ralph, tmp_path: Path) -> None:
    library = load_library(SCENARIOS)
    entry = library.get("veeleisende-hotelgast")
    assert entry is not None and entry.scenario is not None
    config = LrsConfig(ralph.url, "u", "p")
    saves = tmp_path / "saves"
    outbox = Outbox(saves)
    expected: set[str] = set()
    start = datetime(2026, 3, 14, 9, tzinfo=UTC)
    for n in range(60):
        session = Session(entry.scenario, DEFAULT_DIMENSIONS)
        while not session.ended:
            session.choose(1 + n % len(session.visible_choices))
        record = PlayRecord(
            config,
            Actor(f"kill-{n}", f"Kill {n}"),
            entry.scenario,
            entry.content_hash,
            DEFAULT_DIMENSIONS,
            start + timedelta(minutes=n),
            "direct",
        )
        statements = whole_play(record, session, start + timedelta(minutes=n, seconds=50), None)
        outbox.enqueue(statements)
        expected |= {str(s["id"]) for s in statements}
    env = _env(ralph, tmp_path)
    full = dict(os.environ)
    full.update(env)
    for delay in (0.6, 0.9):
        proc = subprocess.Popen(
            [sys.executable, "-m", "klantkoning", "lrs", "push", "--saves", str(saves)],
            env=full,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    pushed = _cli(["lrs", "push", "--saves", str(saves)], env)
    assert pushed.returncode == 0, pushed.stderr
    stored = [s for s in ralph.statements() if str(s["id"]) in expected]
    counts = Counter(str(s["id"]) for s in stored)
    assert set(counts) == expected
    assert max(counts.values()) == 1


def test_a_wrong_password_is_named_and_the_queue_kept(ralph: Ralph, tmp_path: Path) -> None:
    env = _env(ralph, tmp_path, password="verkeerd")
    tested = _cli(["lrs", "test"], env)
    assert tested.returncode == 1
    assert "wachtwoord" in tested.stderr and "Traceback" not in tested.stderr
    saves = tmp_path / "saves"
    Outbox(saves).enqueue([{"id": xapi.statement_id("x"), "actor": {}, "verb": {}, "object": {}}])
    pushed = _cli(["lrs", "push", "--saves", str(saves)], env)
    assert pushed.returncode == 1 and "wachtwoord" in pushed.stderr
    assert Outbox(saves).status().queued == 1
    assert _cli(["lrs", "test"], _env(ralph, tmp_path)).returncode == 0


def test_team_report_from_saves_and_from_the_lrs_agree(ralph: Ralph, tmp_path: Path) -> None:
    env = _env(ralph, tmp_path)
    saves = str(tmp_path / "saves")
    plays = [
        ("Fatima", "doorbakken-entrecote", _path("doorbakken-entrecote")),
        ("Fatima", "veeleisende-hotelgast", _path("veeleisende-hotelgast", 1)),
        ("Joost", "ongewenst-telefoontje", _path("ongewenst-telefoontje", 2)),
    ]
    for name, scenario, path in plays:
        done = _cli(
            [
                "play",
                scenario,
                "--path",
                path,
                "--player",
                name,
                "--saves",
                saves,
                "--scenarios",
                str(SCENARIOS),
            ],
            env,
        )
        assert "Traceback" not in done.stderr
    base = ["team-report", "--format", "csv", "--saves", saves, "--scenarios", str(SCENARIOS)]
    local = _cli(base, env)
    remote = _cli([*base, "--from-lrs"], env)
    assert local.returncode == 0 and remote.returncode == 0, remote.stderr
    rows = lambda text: [r for r in text.splitlines() if r.startswith(("Fatima", "Joost"))]  # noqa: E731
    assert rows(local.stdout) == rows(remote.stdout)
    assert len(rows(local.stdout)) == 2


async def test_a_play_in_the_app_lands_in_the_lrs_as_it_happens(
    ralph: Ralph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pilot_support import until
    from test_ui_play import SIZE, copy_library, first_choice_path, play_numbers, start_scenario

    from klantkoning.engine.saves.store import SaveStore
    from klantkoning.ui.app import make_app
    from klantkoning.ui.screens.debrief import DebriefScreen

    for key, value in ralph.lrs_env().items():
        monkeypatch.setenv(key, value)
    file = SCENARIOS / "doorbakken-entrecote.toml"
    numbers = first_choice_path(file)
    saves = tmp_path / "saves"
    app = make_app(copy_library(tmp_path, file), saves)
    async with app.run_test(size=SIZE) as pilot:
        await start_scenario(pilot, app, "Lotte", "doorbakken-entrecote")
        await play_numbers(pilot, app, numbers)
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        await until(pilot, lambda: Outbox(saves).status().queued == 0, timeout=20)
        assert Outbox(saves).status().queued == 0
    mine = _mine(ralph, "lotte")
    verbs = Counter(s["verb"]["id"] for s in mine)  # type: ignore[index]
    assert verbs == Counter(
        {
            xapi.VERBS["initialized"]: 1,
            xapi.VERBS["answered"]: len(numbers),
            xapi.VERBS["completed"]: 1,
        }
    )
    attempt = SaveStore(saves).find("Lotte").attempts[0]  # type: ignore[union-attr]
    answered = sorted(
        (s for s in mine if s["verb"]["id"] == xapi.VERBS["answered"]),  # type: ignore[index]
        key=lambda s: str(s["timestamp"]),
    )
    responses = [s["result"]["response"] for s in answered]  # type: ignore[index]
    assert responses == [f"keuze-{index + 1}" for _beat, index in attempt.history]
    done = next(s for s in mine if s["verb"]["id"] == xapi.VERBS["completed"])  # type: ignore[index]
    assert done["result"]["score"]["raw"] == attempt.total  # type: ignore[index]
    assert done["result"]["success"] == (attempt.outcome == "enthousiast")  # type: ignore[index]


def test_a_workshop_lands_as_team_statements(ralph: Ralph, tmp_path: Path) -> None:
    from workshop_support import FakeClock, fixture_library, new_workshop

    from klantkoning.engine.records.client import LrsClient
    from klantkoning.engine.records.recorder import Recorder
    from klantkoning.engine.records.sender import push
    from klantkoning.engine.workshop import Vote

    config = LrsConfig(ralph.url, "klantkoning-test", PASSWORD)
    recorder = Recorder(config, tmp_path / "saves")
    ws = new_workshop(fixture_library(), clock=FakeClock())
    teams = ws.teams
    moments = 0
    while not ws.session.ended and moments < 2:
        ws.receive(Vote(teams[0], "A"))
        ws.receive(Vote(teams[1], "B"))
        ws.reveal()
        recorder.workshop(ws)  # revealed, not yet followed: nothing to send yet
        ws.follow()
        moments += 1
        recorder.workshop(ws)
    ws.finish()
    recorder.workshop(ws)
    recorder.workshop(ws)  # again: nothing twice
    assert push(recorder.outbox, LrsClient(config)).error is None
    group = [
        s
        for s in ralph.statements()
        if s["actor"].get("objectType") == "Group"  # type: ignore[union-attr]
        and ws.ident in s["actor"]["account"]["name"]
    ]  # type: ignore[index]
    answered = [s for s in group if s["verb"]["id"] == xapi.VERBS["answered"]]  # type: ignore[index]
    completed = [s for s in group if s["verb"]["id"] == xapi.VERBS["completed"]]  # type: ignore[index]
    assert len(answered) == 2 * moments  # two teams voted at each moment
    assert sorted(s["actor"]["name"] for s in completed) == sorted(teams)  # type: ignore[index]
    assert Counter(s["id"] for s in group).most_common(1)[0][1] == 1
