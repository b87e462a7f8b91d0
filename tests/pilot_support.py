"""Helpers for Pilot tests of the Textual app."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app work until ``condition()`` holds (a busy machine can be slow).

    Returns at the timeout too: the caller's assertion then says what did not happen.
    """
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.02)


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Like ``until``, but fails the test when ``condition()`` never holds."""
    await until(pilot, condition, timeout)
    assert condition(), "timed out"
