"""Atomic writes and locks: what the saves and the workshops rely on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from klantkoning.engine.atomic import (
    atomic_write_text,
    lock_path_for,
    locked,
    remove_stale_temp_files,
)
from klantkoning.engine.saves.store import SaveStore


def test_atomic_write_replaces_the_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "x.toml"
    atomic_write_text(target, "a = 1\n")
    atomic_write_text(target, "a = 2 # é\n")
    assert target.read_text("utf-8") == "a = 2 # é\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.toml"]


def test_atomic_write_keeps_the_permissions_of_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "x.toml"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_atomic_write_into_a_missing_folder_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        atomic_write_text(tmp_path / "missing" / "x.toml", "a = 1")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_removes_its_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.toml"
    target.write_text("old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.toml"]


def test_a_write_that_fails_is_a_notice_not_an_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SaveStore(tmp_path)
    profile = store.get_or_create("Tess")

    def full_disk(path: Path, text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("klantkoning.engine.saves.store.atomic_write_text", full_disk)
    profile = store.update_settings(profile, profile.settings)
    assert [n.code for n in store.notices] == ["write_failed"]
    assert "Geen ruimte meer op de schijf" in store.notices[0].message  # the OS error in Dutch


def test_locked_excludes_a_second_holder_until_released(tmp_path: Path) -> None:
    target = tmp_path / "w.toml"
    order: list[str] = []
    holding = threading.Event()

    def other() -> None:
        holding.wait()
        with locked(target):
            order.append("other")

    thread = threading.Thread(target=other)
    thread.start()
    with locked(target):
        holding.set()
        time.sleep(0.1)
        order.append("first")
    thread.join(5)
    assert order == ["first", "other"]
    assert lock_path_for(target) == tmp_path / ".w.toml.lock"


def test_lock_files_are_hidden_and_never_taken_for_saves(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.get_or_create("Anna")
    store.update_settings(profile, profile.settings)
    with locked(tmp_path / "anna.toml"):  # held, as while another instance writes
        assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["anna.toml"]
        assert (tmp_path / ".anna.toml.lock").is_file()
        assert [p.name for p in SaveStore(tmp_path).list_profiles()] == ["Anna"]
    assert store.notices == []
    # An already hidden name is not given a second dot.
    assert lock_path_for(tmp_path / ".profiles") == tmp_path / ".profiles.lock"


def test_locked_is_reentrant_within_one_thread(tmp_path: Path) -> None:
    target = tmp_path / "w.toml"
    with locked(target), locked(target):
        atomic_write_text(target, "x")
    assert target.read_text() == "x"


def test_locked_is_a_no_op_where_the_lock_file_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    with locked(tmp_path / "file.txt" / "w.toml"):
        pass


def test_stale_temporary_files_are_cleaned_up_but_fresh_ones_are_kept(tmp_path: Path) -> None:
    old = tmp_path / ".anna.toml.abc.tmp"
    new = tmp_path / ".anna.toml.def.tmp"
    old.write_text("x")
    new.write_text("y")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert remove_stale_temp_files(tmp_path) == 1
    assert not old.exists() and new.exists()


CHILD = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from klantkoning.engine.saves.store import Attempt, SaveStore

folder, who, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
store = SaveStore(folder)
profile = store.get_or_create("Uma")
t0 = datetime(2026, 1, 1, tzinfo=UTC)
for n in range(count):
    started = t0 + timedelta(seconds=who * 1000 + n)
    attempt = Attempt("s", "h", started, started, [], [], ["a"], "a", "tevreden", 0, 0, 0,
                      False, {})
    profile = store.record_attempt(profile, attempt)
assert not store.notices, store.notices
"""


def test_two_processes_recording_at_once_lose_no_attempt(tmp_path: Path) -> None:
    count = 15
    children = [
        subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), str(who), str(count)])
        for who in (1, 2)
    ]
    assert [child.wait(60) for child in children] == [0, 0]
    profile = SaveStore(tmp_path).find("Uma")
    assert profile is not None
    assert len(profile.attempts) == 2 * count
    assert len(list(tmp_path.glob("*.toml"))) == 1  # both found the same file
