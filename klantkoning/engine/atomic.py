"""Crash-safe file writes and advisory locks, shared by player saves and workshops.

A write goes to a temporary file in the same folder, is flushed and fsynced, and then
replaces the target with ``os.replace``; the folder is fsynced too, so after a crash or
power cut the file is either the old version or the new one, never half of each.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; locking becomes a no-op
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".tmp"
"""Temporary files are named ``.<name>.<random>.tmp``: hidden, and never ``*.toml``."""

DEFAULT_MODE = 0o644


def temp_prefix(path: Path) -> str:
    """The prefix of the temporary files written on the way to ``path``."""
    return f".{path.name}."


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so that readers only ever see a whole file.

    Temp file in the same folder, write, flush, fsync, ``os.replace``, fsync the folder.
    An existing file keeps its permissions.

    Raises:
        OSError: the folder cannot be written (the caller turns it into a message).
    """
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Like :func:`atomic_write_text`, for bytes."""
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = DEFAULT_MODE
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fchmod = getattr(os, "fchmod", None)  # not on Windows
            if fchmod is not None:
                with suppress(OSError):  # not every file system knows permissions
                    fchmod(fh.fileno(), mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable; silently skipped where folders can't be opened."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


LOCK_SUFFIX = ".lock"
"""Lock files are named ``.<name>.lock``: hidden, and never ``*.toml``."""


def lock_path_for(path: Path) -> Path:
    """The sidecar lock file of ``path``: the hidden ``.<name>.lock`` next to it.

    A name that is hidden already keeps its single leading dot (``.profiles`` locks
    ``.profiles.lock``).
    """
    name = path.name if path.name.startswith(".") else f".{path.name}"
    return path.with_name(name + LOCK_SUFFIX)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path``'s hidden sidecar ``.<name>.lock`` file.

    Blocks until other processes (or other threads) holding it let go. Re-entrant within
    one thread: taking a lock this thread already holds does not deadlock. A no-op where
    locking is unavailable (no ``fcntl``, a read-only folder, a file system without
    locks): the caller's write then fails or succeeds on its own terms.
    """
    key = os.path.abspath(lock_path_for(path))
    held: set[str] = _held_by_thread()
    if key in held:
        yield
        return
    fd = _acquire(lock_path_for(path))
    held.add(key)
    try:
        yield
    finally:
        held.discard(key)
        if fd is not None:
            _release(fd)


_local = threading.local()


def _held_by_thread() -> set[str]:
    held: set[str] | None = getattr(_local, "held", None)
    if held is None:
        held = set()
        _local.held = held
    return held


def _acquire(lock_path: Path) -> int | None:
    if fcntl is None:  # pragma: no cover
        return None
    # Never follow a symlink planted in place of the lock: it would create or lock a file
    # anywhere. Such a link (only the link) is removed and a real lock file made instead.
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(lock_path, flags, DEFAULT_MODE)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            return None
        try:
            os.unlink(lock_path)
            fd = os.open(lock_path, flags | os.O_EXCL, DEFAULT_MODE)
        except OSError:
            return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        os.close(fd)
        return None
    return fd


def _release(fd: int) -> None:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` when it is a regular file, never through a symlink.

    A FIFO or device does not block (``O_NONBLOCK``) and a symlink is not followed
    (``O_NOFOLLOW``): both raise ``OSError`` like any unreadable file.

    Raises:
        OSError: missing, unreadable, a symlink (``ELOOP``) or not a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def remove_stale_temp_files(folder: Path, older_than: float = 600.0) -> int:
    """Delete temporary files a killed writer left behind in ``folder``; returns how many.

    Only hidden ``*.tmp`` files older than ``older_than`` seconds are touched, so a write
    in progress in another process is never disturbed.
    """
    removed = 0
    now = time.time()
    try:
        candidates = list(folder.glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    for file in candidates:
        try:
            if file.is_file() and now - file.stat().st_mtime > older_than:
                file.unlink()
                removed += 1
        except OSError:
            continue
    return removed
