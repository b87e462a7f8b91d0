"""Emptying the outbox into the LRS: one push now, or a background loop with backoff."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from klantkoning.engine.records.client import LrsClient, LrsError
from klantkoning.engine.records.config import LrsConfig
from klantkoning.engine.records.outbox import Outbox

FIRST_DELAY = 2.0
MAX_DELAY = 300.0


@dataclass(frozen=True)
class PushResult:
    """How a push went: how many arrived, how many still wait, and what stopped it."""

    sent: int
    remaining: int
    error: LrsError | None = None


def push(outbox: Outbox, client: LrsClient, batch_size: int | None = None) -> PushResult:
    """Send everything queued, oldest first, in batches; stop at the first failure.

    A batch is removed from the outbox only after the LRS accepted it, so a failure or a
    kill at any moment keeps every statement that has not surely arrived.
    """
    size = batch_size or client.config.batch_size
    sent = 0
    with outbox.sending():
        while True:
            batch = outbox.pending(size)
            if not batch:
                break
            try:
                client.post([item.statement for item in batch])
            except LrsError as exc:
                outbox.record_error(exc.kind, exc.detail)
                return PushResult(sent, outbox.status().queued, exc)
            outbox.remove(batch)
            sent += len(batch)
        if sent:
            outbox.record_success(sent)
    return PushResult(sent, 0)


class BackgroundSender:
    """Pushes the outbox from a daemon thread while the app runs, backing off on failure.

    ``wake()`` after queueing sends soon; failures wait 2 s, 4 s … up to 5 minutes.
    Nothing is lost when the app stops: what was not sent stays in the outbox.
    """

    def __init__(self, outbox: Outbox, config: LrsConfig) -> None:
        self.outbox = outbox
        self.client = LrsClient(config)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="klantkoning-lrs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        delay = FIRST_DELAY
        while not self._stop.is_set():
            self._wake.clear()  # before the push: a wake during it means "push again"
            try:
                error = push(self.outbox, self.client).error
            except OSError as exc:  # the outbox folder itself failed: keep trying later
                error = LrsError("outbox", str(exc))
            if error is None:
                delay = FIRST_DELAY
                self._wake.wait()
            else:
                self._wake.wait(delay)
                delay = min(MAX_DELAY, delay * 2)
