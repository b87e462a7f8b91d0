"""A real LRS for the tests: Ralph (ralph-malph) with its file-system backend on 127.0.0.1.

``.ci/run`` installs Ralph in ``.venv-ralph`` beside the project (its dependencies must not
mix with ours); ``KLANTKONING_RALPH`` may name another ``ralph`` executable. Where none is
found the tests that need it skip, saying how to install it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
USER = "klantkoning-test"
PASSWORD = "geheim-wachtwoord"
HOME_PAGE = "https://lrs-test.example.org"


def ralph_executable() -> Path | None:
    named = os.environ.get("KLANTKONING_RALPH")
    candidates = [Path(named)] if named else []
    candidates.append(ROOT / ".venv-ralph" / "bin" / "ralph")
    found = shutil.which("ralph")
    if found:
        candidates.append(Path(found))
    return next((c for c in candidates if c.is_file() and os.access(c, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Ralph:
    """One Ralph server; ``stop()`` and ``start()`` again keep its port and its data."""

    exe: Path
    home: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI"

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(RALPH_APP_DIR=str(self.home / "app"), RALPH_RUNSERVER_BACKEND="fs")
        return env

    def python(self) -> Path:
        return self.exe.parent / "python"

    def setup(self) -> None:
        (self.home / "app").mkdir(parents=True, exist_ok=True)
        (self.home / "data").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                str(self.exe),
                "auth",
                "-u",
                USER,
                "-p",
                PASSWORD,
                "-s",
                "all",
                "-A",
                USER,
                HOME_PAGE,
                "-w",
            ],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        log = (self.home / "ralph.log").open("ab")
        launcher = Path(__file__).with_name("ralph_server.py")
        self.process = subprocess.Popen(
            [
                str(self.python()),
                str(launcher),
                "127.0.0.1",
                str(self.port),
                str(self.home / "data"),
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.home,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "Ralph stopped: " + (self.home / "ralph.log").read_text()[-2000:]
                )
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2
                ) as r:
                    if r.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.3)
        raise RuntimeError("Ralph did not answer its heartbeat within 90 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(15)
        self.process = None
        # Uvicorn's reloader may leave the port for a moment: wait until it is free.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.2)

    def statements(self, **params: str) -> list[dict[str, Any]]:
        """Every statement stored, read back through the xAPI (following ``more``)."""
        import base64
        from urllib.parse import urlencode, urljoin

        auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        url: str | None = self.url + "/statements?" + urlencode({"limit": "500", **params})
        out: list[dict[str, Any]] = []
        while url:
            request = urllib.request.Request(
                url, headers={"Authorization": auth, "X-Experience-API-Version": "1.0.3"}
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                page = json.load(response)
            out.extend(page["statements"])
            more = page.get("more")
            url = urljoin(self.url, more) if more else None
        return out

    def lrs_env(self, password: str = PASSWORD) -> dict[str, str]:
        return {
            "KLANTKONING_LRS_URL": self.url,
            "KLANTKONING_LRS_USER": USER,
            "KLANTKONING_LRS_PASSWORD": password,
        }
