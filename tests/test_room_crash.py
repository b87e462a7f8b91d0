"""Crash safety of the room: a real ``klantkoning workshop --room`` killed with SIGKILL.

The workshop runs in a pseudo-terminal (it is a Textual app), phones vote over HTTP on
127.0.0.1. After ``kill -9`` during voting and after the reveal, ``--resume --room``
finds every phone vote, and a phone's old token still works.
"""

from __future__ import annotations

import json
import os
import pty
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from workshop_support import LIBRARY_DIR

CODE = "0421"
TEAMS = ("Rood", "Blauw", "Groen")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Console:
    """``klantkoning workshop`` in a pseudo-terminal, as a trainer starts it."""

    def __init__(self, saves: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        master, slave = pty.openpty()
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
        env.pop("TEXTUAL", None)
        command = [sys.executable, "-m", "klantkoning", "workshop", *args]
        command += ["--room", "--host", "127.0.0.1", "--port", str(self.port)]
        command += ["--saves", str(saves), "--scenarios", str(LIBRARY_DIR)]
        self.child = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        # The screen output must be read, or the app blocks on a full terminal.
        threading.Thread(target=self._drain, daemon=True).start()
        self.wait(lambda s: s["phase"] in ("vote", "reveal"), 30)

    def _drain(self) -> None:
        try:
            while os.read(self.master, 65536):
                pass
        except OSError:
            pass

    def state(self, token: str | None = None) -> dict[str, Any]:
        query = f"?token={token}" if token else ""
        with urllib.request.urlopen(f"{self.url}/api/state{query}", timeout=5) as r:
            data: dict[str, Any] = json.loads(r.read())
            return data

    def wait(self, condition: Any, timeout: float = 15) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.child.poll() is not None:
                pytest.fail(f"the workshop stopped (exit {self.child.returncode})")
            try:
                state = self.state()
                if condition(state):
                    return state
            except (urllib.error.URLError, ConnectionError, OSError) as exc:
                last = exc
            time.sleep(0.1)
        pytest.fail(f"the room did not get there in time ({last})")

    def post(self, path: str, body: dict[str, str]) -> tuple[int, dict[str, Any]]:
        data = json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data, {"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def kill(self) -> None:
        os.kill(self.child.pid, signal.SIGKILL)
        self.child.wait(10)
        os.close(self.master)


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    return tmp_path / "saves"


def test_kill_9_during_voting_and_after_the_reveal_loses_no_phone_vote(saves: Path) -> None:
    first = Console(saves, "mini-balie", "--teams", ",".join(TEAMS), "--code", CODE)
    try:
        phones: list[tuple[str, str]] = []
        for n in range(9):
            status, body = first.post("/api/join", {"code": CODE, "team": TEAMS[n % 3]})
            assert status == 200
            option = "ABC"[(n * 2) % 3]
            assert first.post("/api/vote", {"token": body["token"], "option": option})[0] == 200
            phones.append((body["token"], option))
    finally:
        first.kill()  # during voting, right after the last "ok"

    # No --code this time: the resumed room keeps the code its phones joined with.
    second = Console(saves, "--resume")
    try:
        state = second.state()
        assert state["phase"] == "vote" and state["votes_cast"] == 9
        for token, option in phones:
            assert second.state(token)["you"]["option"] == option
        token, _ = phones[0]
        assert second.post("/api/vote", {"token": token, "option": "C"})[0] == 200
        phones[0] = (token, "C")
        assert second.post("/api/join", {"code": CODE, "team": "Rood"})[0] == 200
        second.press(b"\r")  # the trainer reveals
        revealed = second.wait(lambda s: s["phase"] == "reveal")
    finally:
        second.kill()  # after the reveal

    expected = {letter: sum(1 for _, o in phones if o == letter) for letter in "ABC"}
    assert revealed["hands"] == expected  # every phone's vote, none lost
    third = Console(saves, "--resume")
    try:
        state = third.state()
        assert state["phase"] == "reveal" and state["hands"] == expected
        assert state["tally"] == revealed["tally"]
        assert state["teams"] == revealed["teams"]
        for token, option in phones:
            assert third.state(token)["you"]["option"] == option
        # Voting is closed now, for old tokens too; a bad token is still refused.
        assert third.post("/api/vote", {"token": phones[1][0], "option": "A"})[0] == 409
        assert third.post("/api/vote", {"token": "nope", "option": "A"})[0] == 403
    finally:
        third.kill()
