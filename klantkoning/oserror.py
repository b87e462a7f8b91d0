"""OS errors in the user's language: "Permission denied" is ``Geen toestemming`` in Dutch.

The operating system words its errors in English (or in the system's locale); the game
speaks one language per run, so the common errors are translated by their errno.
"""

from __future__ import annotations

import errno

from klantkoning.i18n import has, t

_NAMES = {
    errno.EACCES: "eacces",
    errno.EPERM: "eperm",
    errno.ENOENT: "enoent",
    errno.EISDIR: "eisdir",
    errno.ENOTDIR: "enotdir",
    errno.EEXIST: "eexist",
    errno.ENOSPC: "enospc",
    errno.EROFS: "erofs",
    errno.ENAMETOOLONG: "enametoolong",
    errno.EBUSY: "ebusy",
    errno.EMFILE: "emfile",
    errno.ELOOP: "eloop",
    errno.EINVAL: "einval",
    errno.EIO: "eio",
    errno.EDQUOT: "edquot",
    errno.EADDRINUSE: "eaddrinuse",
    errno.EADDRNOTAVAIL: "eaddrnotavail",
}


def reason(exc: BaseException) -> str:
    """What went wrong, in the active language: the errno's text, else the system's own."""
    if isinstance(exc, OSError):
        name = _NAMES.get(exc.errno or -1)
        if name is not None and has(f"oserror.{name}"):
            return t(f"oserror.{name}")
        if exc.strerror:
            return exc.strerror
    if isinstance(exc, UnicodeDecodeError):
        return t("oserror.not_utf8")
    return str(exc) or exc.__class__.__name__
