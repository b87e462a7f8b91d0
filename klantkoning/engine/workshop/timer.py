"""The discussion countdown: started, paused and extended by the trainer.

Time comes in as an argument (seconds on any monotonic clock), so the countdown is
deterministic in tests and the UI decides which clock to use.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Countdown:
    """A countdown of ``length`` seconds (extensions included)."""

    length: float
    used: float = 0.0
    """Seconds run in earlier stretches (before the last pause)."""
    running_since: float | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def remaining(self, now: float) -> float:
        """Seconds left at ``now``; never below zero."""
        used = self.used
        if self.running_since is not None:
            used += max(0.0, now - self.running_since)
        return max(0.0, self.length - used)

    def expired(self, now: float) -> bool:
        return self.remaining(now) <= 0.0

    def start(self, now: float) -> None:
        if self.running_since is None and not self.expired(now):
            self.running_since = now

    def pause(self, now: float) -> None:
        if self.running_since is not None:
            self.used += max(0.0, now - self.running_since)
            self.used = min(self.used, self.length)
            self.running_since = None

    def toggle(self, now: float) -> None:
        """Start when paused, pause when running."""
        if self.running:
            self.pause(now)
        else:
            self.start(now)

    def extend(self, seconds: float, now: float) -> None:
        """Add ``seconds``; an expired countdown keeps running after an extension."""
        if self.running_since is not None and self.expired(now):
            self.pause(now)
            self.length += seconds
            self.start(now)
        else:
            self.length += seconds

    def reset(self, length: float) -> None:
        self.length = length
        self.used = 0.0
        self.running_since = None


def clock_text(seconds: float) -> str:
    """``125.3`` -> ``"2:06"`` (rounded up, so 0:00 shows only at the real end)."""
    whole = int(-(-seconds // 1))
    return f"{whole // 60}:{whole % 60:02d}"
