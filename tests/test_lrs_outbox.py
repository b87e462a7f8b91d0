"""Learning records without an LRS: configuration, statements, the outbox and clear errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from klantkoning.cli import cli
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS
from klantkoning.engine.library.folders import load_library
from klantkoning.engine.play.session import Session
from klantkoning.engine.records import xapi
from klantkoning.engine.records.config import ConfigError, load_config
from klantkoning.engine.records.outbox import Outbox
from klantkoning.engine.records.recorder import Recorder
from klantkoning.engine.records.statements import Actor, PlayRecord, whole_play

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 3, 14, 9, 0, 0, 123456, tzinfo=UTC)


def _config(tmp_path: Path, text: str) -> Path:
    file = tmp_path / "klantkoning.toml"
    file.write_text(text, encoding="utf-8")
    return file


def test_without_configuration_nothing_is_recorded(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml", env={}) is None
    recorder = Recorder(None, tmp_path)
    recorder.workshop(None)  # type: ignore[arg-type]  # never even looked at
    assert not (tmp_path / "lrs-outbox").exists()


def test_the_password_can_come_from_a_named_variable(tmp_path: Path) -> None:
    file = _config(
        tmp_path,
        '[lrs]\nurl = "https://lrs.example.org/xAPI"\nuser = "kk"\npassword_env = "MIJN_LRS"\n',
    )
    config = load_config(file, env={"MIJN_LRS": "s3cret"})
    assert config is not None and config.password == "s3cret"
    assert config.statements_url == "https://lrs.example.org/xAPI/statements"
    env = {"KLANTKONING_LRS_URL": "http://127.0.0.1:9/xAPI", "MIJN_LRS": "x"}
    assert load_config(file, env=env).url == "http://127.0.0.1:9/xAPI"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('[lrs]\nurl = "ftp://x"\nuser = "a"\npassword = "b"\n', "lrs_bad_url"),
        ('[lrs]\nurl = "https://x.org/xAPI"\n', "lrs_no_credentials"),
        (
            '[lrs]\nurl = "https://x.org"\nuser="a"\npassword="b"\nwachtwoord="c"\n',
            "lrs_unknown_key",
        ),
        ("[lrs\nurl = 1\n", "syntax"),
    ],
)
def test_a_broken_configuration_is_a_located_problem(tmp_path: Path, text: str, code: str) -> None:
    file = _config(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(file, env={})
    problem = caught.value.problem
    assert problem.file == str(file)
    if code != "syntax":
        assert problem.code == code


def _finished_session() -> tuple[Session, object]:
    library = load_library(ROOT / "scenarios")
    entry = library.get("doorbakken-entrecote")
    assert entry is not None and entry.scenario is not None
    session = Session(entry.scenario, DEFAULT_DIMENSIONS)
    while not session.ended:
        session.choose(1)
    return session, entry


def _record(tmp_path: Path) -> tuple[PlayRecord, Session]:
    from klantkoning.engine.records.config import LrsConfig

    session, entry = _finished_session()
    config = LrsConfig("https://lrs.example.org/xAPI", "kk", "pw")
    record = PlayRecord(
        config,
        Actor("anna", "Anna"),
        session.scenario,
        entry.content_hash,  # type: ignore[attr-defined]
        DEFAULT_DIMENSIONS,
        START,
        "direct",
    )
    return record, session


def test_a_play_makes_initialized_answered_and_completed(tmp_path: Path) -> None:
    record, session = _record(tmp_path)
    statements = whole_play(record, session, START + timedelta(minutes=7), (-20, 30))
    verbs = [s["verb"]["id"] for s in statements]
    assert verbs[0] == xapi.VERBS["initialized"] and verbs[-1] == xapi.VERBS["completed"]
    assert verbs.count(xapi.VERBS["answered"]) == session.steps_taken
    first = statements[1]
    assert first["object"]["definition"]["interactionType"] == "choice"
    ids = [c["id"] for c in first["object"]["definition"]["choices"]]
    assert first["result"]["response"] in ids
    done = statements[-1]["result"]
    assert done["score"]["raw"] == sum(session.result().score.values())
    assert done["success"] == (session.result().outcome == "enthousiast")
    assert done["duration"] == "PT7M0S"
    # Privacy: an account, never an e-mail address.
    assert "mbox" not in json.dumps(statements)
    assert statements[0]["actor"]["account"]["name"] == "anna"
    # Each choice carries the judging rule's verdict (the same rule as the debrief).
    from klantkoning.engine.analysis.judge import judge_play
    from klantkoning.engine.records.recorder import judge_choice

    steps = judge_play(session.scenario, session.history, DEFAULT_DIMENSIONS)
    with_verdicts = whole_play(record, session, START, None, judge_choice)
    verdicts = [
        s["result"]["extensions"][xapi.ext(record.base, "verdict")] for s in with_verdicts[1:-1]
    ]
    assert verdicts == [{"best": st.best, "better": st.better} for st in steps]
    # The same play gives the same ids: queueing it twice adds nothing.
    again = whole_play(record, session, START + timedelta(minutes=7), (-20, 30))
    assert [s["id"] for s in again] == [s["id"] for s in statements]


def test_the_outbox_keeps_each_statement_once_and_sets_broken_files_aside(tmp_path: Path) -> None:
    record, session = _record(tmp_path)
    statements = whole_play(record, session, START + timedelta(minutes=7), None)
    outbox = Outbox(tmp_path)
    assert outbox.enqueue(statements) == len(statements)
    assert outbox.enqueue(statements) == 0
    assert [p.id for p in outbox.pending()] == [s["id"] for s in statements]
    (outbox.folder / "00000000000000000001-kapot.json").write_text("{niet af", encoding="utf-8")
    assert len(outbox.pending()) == len(statements)
    assert outbox.status().broken == 1


def test_push_without_lrs_says_so_and_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["lrs", "push", "--saves", str(tmp_path)])
    assert result.exit_code == 2
    assert "geen LRS ingesteld" in result.output


def test_an_unreachable_lrs_is_one_clear_line_and_the_queue_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ralph_support import free_port

    record, session = _record(tmp_path)
    Outbox(tmp_path).enqueue(whole_play(record, session, START, None))
    monkeypatch.setenv("KLANTKONING_LRS_URL", f"http://127.0.0.1:{free_port()}/xAPI")
    monkeypatch.setenv("KLANTKONING_LRS_USER", "kk")
    monkeypatch.setenv("KLANTKONING_LRS_PASSWORD", "pw")
    result = CliRunner().invoke(cli, ["lrs", "push", "--saves", str(tmp_path)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "niet bereikbaar" in lines[0] and "Traceback" not in result.output
    assert Outbox(tmp_path).status().queued == session.steps_taken + 2
    status = CliRunner().invoke(cli, ["lrs", "status", "--saves", str(tmp_path)])
    assert "Laatste fout" in status.output and "niet bereikbaar" in status.output
