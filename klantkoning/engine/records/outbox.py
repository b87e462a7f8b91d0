"""The durable outbox: statements wait in the saves folder until the LRS has them.

One file per statement (``<sequence>-<statement id>.json``), written atomically before
anything is sent, and deleted only after the LRS accepted it. A crash, a kill or a dead
network therefore loses nothing; and since a statement keeps its id from the moment it is
queued, sending it again after a crash can never make a second statement at the LRS.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from klantkoning.engine.atomic import atomic_write_text, fsync_dir, locked

OUTBOX_DIR = "lrs-outbox"
STATUS_FILE = "status.json"
BROKEN_SUFFIX = ".broken"
_MAX_FILE = 1024 * 1024


@dataclass(frozen=True)
class Pending:
    """A queued statement and the file that holds it."""

    path: Path
    statement: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.statement["id"])


@dataclass
class OutboxStatus:
    """What ``lrs status`` shows: the queue, the last success and the last error."""

    queued: int = 0
    broken: int = 0
    sent_total: int = 0
    last_sent: str | None = None
    last_error: str | None = None
    last_error_kind: str | None = None
    last_error_time: str | None = None
    oldest: str | None = None


class Outbox:
    """The outbox of one saves folder."""

    def __init__(self, saves_dir: Path) -> None:
        self.folder = saves_dir / OUTBOX_DIR

    # -- queueing ----------------------------------------------------------------------

    def enqueue(self, statements: Iterable[dict[str, Any]]) -> int:
        """Write each statement (with its id) to the outbox; returns how many were new.

        ``OSError`` when the folder cannot be written: the caller tells the user.
        """
        items = list(statements)
        if not items:
            return 0
        self.folder.mkdir(parents=True, exist_ok=True)
        known = self._queued_ids()
        added = 0
        for statement in items:
            sid = str(statement["id"])
            if sid in known:
                continue
            name = f"{time.time_ns():020d}-{sid}.json"
            atomic_write_text(self.folder / name, json.dumps(statement, ensure_ascii=False))
            known.add(sid)
            added += 1
        return added

    def _queued_ids(self) -> set[str]:
        return {p.stem.split("-", 1)[1] for p in self._files()}

    def _files(self) -> list[Path]:
        try:
            names = sorted(os.listdir(self.folder))
        except FileNotFoundError:
            return []
        return [
            self.folder / n
            for n in names
            if n.endswith(".json") and not n.startswith(".") and "-" in n and n != STATUS_FILE
        ]

    # -- sending -----------------------------------------------------------------------

    @contextmanager
    def sending(self) -> Iterator[None]:
        """Held while statements go out, so two programs never push the same queue at once."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with locked(self.folder / STATUS_FILE):
            yield

    def pending(self, limit: int | None = None) -> list[Pending]:
        """Queued statements, oldest first. An unreadable file is set aside, never sent."""
        out: list[Pending] = []
        for path in self._files():
            if limit is not None and len(out) >= limit:
                break
            try:
                if path.stat().st_size > _MAX_FILE:
                    raise ValueError("too big")
                statement = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(statement, dict) or "id" not in statement:
                    raise ValueError("not a statement")
            except FileNotFoundError:
                continue  # sent by another program meanwhile
            except (OSError, ValueError, RecursionError):
                with suppress(OSError):
                    path.rename(path.with_name(path.name + BROKEN_SUFFIX))
                continue
            out.append(Pending(path, statement))
        return out

    def remove(self, sent: Iterable[Pending]) -> None:
        """Forget statements the LRS has accepted."""
        for item in sent:
            with suppress(FileNotFoundError):
                item.path.unlink()
        with suppress(OSError):
            fsync_dir(self.folder)

    # -- status ------------------------------------------------------------------------

    def status(self) -> OutboxStatus:
        status = self._read_status()
        files = self._files()
        status.queued = len(files)
        status.oldest = _queued_at(files[0]) if files else None
        try:
            status.broken = sum(1 for n in os.listdir(self.folder) if n.endswith(BROKEN_SUFFIX))
        except FileNotFoundError:
            status.broken = 0
        return status

    def record_success(self, count: int) -> None:
        status = self._read_status()
        status.sent_total += count
        status.last_sent = _now()
        status.last_error = status.last_error_kind = status.last_error_time = None
        self._write_status(status)

    def record_error(self, kind: str, detail: str) -> None:
        status = self._read_status()
        status.last_error, status.last_error_kind = detail, kind
        status.last_error_time = _now()
        self._write_status(status)

    def _read_status(self) -> OutboxStatus:
        try:
            raw = json.loads((self.folder / STATUS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return OutboxStatus()
        if not isinstance(raw, dict):
            return OutboxStatus()
        status = OutboxStatus()
        for key in ("last_sent", "last_error", "last_error_kind", "last_error_time"):
            value = raw.get(key)
            setattr(status, key, value if isinstance(value, str) else None)
        total = raw.get("sent_total")
        status.sent_total = total if isinstance(total, int) and total >= 0 else 0
        return status

    def _write_status(self, status: OutboxStatus) -> None:
        data = {
            "sent_total": status.sent_total,
            "last_sent": status.last_sent,
            "last_error": status.last_error,
            "last_error_kind": status.last_error_kind,
            "last_error_time": status.last_error_time,
        }
        with suppress(OSError):  # the status is a courtesy; the queue is what matters
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.folder / STATUS_FILE, json.dumps(data))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _queued_at(path: Path) -> str | None:
    try:
        ns = int(path.name.split("-", 1)[0])
    except ValueError:
        return None
    return datetime.fromtimestamp(ns / 1e9, UTC).isoformat(timespec="seconds")
