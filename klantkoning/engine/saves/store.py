"""Player saves: one human-readable, versioned TOML file per player, written atomically.

``saves/<slug>.toml`` holds the profile (the name exactly as typed), the settings, every
finished attempt and the unfinished play. Two game instances may record for the same
player at once: every change locks the file, re-reads it, merges and writes atomically.
Nothing here raises to the caller for a problem on disk; the store collects
:class:`SaveNotice` objects for the UI instead, and the game plays on without saving.

The data classes live in :mod:`~klantkoning.engine.saves.data` and the file format in
:mod:`~klantkoning.engine.saves.savefile`; both are re-exported here, the module to import.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from klantkoning.engine.atomic import (
    atomic_write_text,
    locked,
    read_regular_file,
    remove_stale_temp_files,
)
from klantkoning.engine.saves.data import (
    FALLBACK_SLUG,
    FEEDBACK_MODES,
    NAME_MAX,
    PLAY_MODES,
    SLUG_FILE_RE,
    SLUG_MAX,
    Attempt,
    FeedbackMode,
    Profile,
    SaveError,
    SaveNotice,
    Settings,
    Unfinished,
    clean_name,
    copy_profile,
    merge_attempts,
    slugify,
    to_utc,
    utc_now,
)
from klantkoning.i18n import t
from klantkoning.oserror import reason as os_reason

# The file format (pydantic models) loads on the first read or write, not at import: the
# game's first screen appears before pydantic is needed (issue 13, start-up).
_SAVEFILE_NAMES = {"SAVE_FORMAT", "Unreadable", "dump_save", "parse_save"}


def __getattr__(name: str) -> Any:
    if name in _SAVEFILE_NAMES:
        from klantkoning.engine.saves import savefile

        return getattr(savefile, name)
    raise AttributeError(name)


if TYPE_CHECKING:
    from klantkoning.engine.library.index import ScenarioEntry
    from klantkoning.engine.play.session import Session

__all__ = [
    "FALLBACK_SLUG",
    "FEEDBACK_MODES",
    "NAME_MAX",
    "PLAY_MODES",
    "SLUG_MAX",
    "Attempt",
    "FeedbackMode",
    "Profile",
    "SaveError",
    "SaveNotice",
    "SaveStore",
    "SavedPlay",
    "Settings",
    "Unfinished",
    "clean_name",
    "record_play",
    "slugify",
    "to_utc",
    "utc_now",
]

_PROFILES_LOCK = ".profiles"

# -- the store ------------------------------------------------------------------------


@dataclass
class _Scan:
    """What one look at the saves folder found."""

    profiles: dict[str, Profile] = field(default_factory=dict)  # slug -> profile
    taken: set[str] = field(default_factory=set)  # slugs whose file exists, readable or not


class SaveStore:
    """The saves folder of one game instance. Never raises for a problem on disk."""

    def __init__(self, saves_dir: Path) -> None:
        self.saves_dir = Path(saves_dir)
        self.writable = True
        self.notices: list[SaveNotice] = []
        self._told: set[str] = set()  # notice codes given in this game, even once cleared
        try:
            self.saves_dir.mkdir(parents=True, exist_ok=True)
            probe = self.saves_dir / f".probe-{os.getpid()}-{id(self)}.tmp"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            self.writable = False
            self.notify("not_writable", folder=str(self.saves_dir), reason=os_reason(exc))
        else:
            remove_stale_temp_files(self.saves_dir)

    # -- notices --

    def notify(self, code: str, **params: Any) -> None:
        """Add a notice for the UI (the same notice is not added twice)."""
        notice = SaveNotice(code, params)
        self._told.add(code)
        if notice not in self.notices:
            self.notices.append(notice)

    @property
    def saving_works(self) -> bool:
        """Whether what is played now is kept: the folder is writable and no save failed."""
        return self.writable and not ({"write_failed", "not_saved"} & self._told)

    # -- the last player (who the profile dialog starts on; never a login) --

    LAST_PLAYER_FILE = ".last-player"

    def last_player(self) -> str | None:
        """The name of the player chosen last in this saves folder, if it is known."""
        try:
            text = (self.saves_dir / self.LAST_PLAYER_FILE).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        name = text.strip()
        return name or None

    def remember_last_player(self, name: str) -> None:
        """Remember ``name`` as the last player (quietly: it is a convenience only)."""
        if not self.writable:
            return
        with suppress(OSError):
            atomic_write_text(self.saves_dir / self.LAST_PLAYER_FILE, name + "\n")

    # -- reading --

    def path_for(self, profile: Profile) -> Path:
        """The save file of ``profile`` (always inside ``saves_dir``)."""
        slug = profile.slug if SLUG_FILE_RE.fullmatch(profile.slug) else slugify(profile.slug)
        return self.saves_dir / f"{slug}.toml"

    def _files(self) -> list[Path]:
        try:
            files = sorted(self.saves_dir.glob("*.toml"))
        except OSError:
            return []
        # Symlinks are listed (their name is taken) but never read or replaced: see _read.
        return [
            f for f in files if SLUG_FILE_RE.fullmatch(f.stem) and (f.is_symlink() or f.is_file())
        ]

    def _read(self, path: Path) -> Profile | None:
        """The profile in ``path``; ``None`` (plus a notice) when it can't be used.

        A corrupt file is moved aside; a file from a newer version is left alone and
        comes back as a ``readonly`` profile when its name can be read.
        """
        slug = path.stem
        if path.is_symlink():
            # It could point anywhere, and writing would replace the link: leave it alone.
            self.notify("symlinked", file=str(path))
            return None
        try:
            data = read_regular_file(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.notify("unreadable", file=str(path), reason=os_reason(exc))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self._move_aside(path, t("saves.reason.not_utf8"))
            return None
        from klantkoning.engine.saves.savefile import SAVE_FORMAT, Unreadable, parse_save

        try:
            return parse_save(text, slug)
        except Exception as exc:  # parse_save raises Unreadable; be sure
            if not isinstance(exc, Unreadable):
                self._move_aside(path, t("saves.reason.unexpected", kind=type(exc).__name__))
                return None
            if exc.newer is not None:
                self.notify("newer_format", file=str(path), format=exc.newer, supported=SAVE_FORMAT)
                if exc.name is None:
                    return None
                return Profile(
                    name=exc.name,
                    slug=slug,
                    created=utc_now(),
                    settings=Settings(),
                    attempts=[],
                    readonly=True,
                )
            self._move_aside(path, exc.reason)
            return None

    def _move_aside(self, path: Path, reason: str) -> None:
        """Rename a corrupt save to ``<slug>.corrupt-<stamp>.toml`` without overwriting."""
        stamp = utc_now().strftime("%Y%m%dT%H%M%S")
        with locked(path):
            if not path.exists():
                return  # another instance moved it already
            for n in range(1, 1000):
                suffix = "" if n == 1 else f"-{n}"
                target = path.with_name(f"{path.stem}.corrupt-{stamp}{suffix}.toml")
                try:
                    _rename_no_replace(path, target)
                except FileExistsError:
                    continue
                except OSError as exc:
                    self.notify("corrupt_kept", file=str(path), reason=reason, error=os_reason(exc))
                    return
                self.notify("corrupt_moved", file=str(path), moved_to=str(target), reason=reason)
                return

    def _scan(self) -> _Scan:
        scan = _Scan()
        for file in self._files():
            profile = self._read(file)
            if os.path.lexists(file):
                scan.taken.add(file.stem)
            if profile is not None:
                scan.profiles[file.stem] = profile
        return scan

    def list_profiles(self) -> list[Profile]:
        """Every readable profile, sorted by name (corrupt files are moved aside)."""
        profiles = list(self._scan().profiles.values())
        return sorted(profiles, key=lambda p: (p.name.casefold(), p.name, p.slug))

    def find(self, name: str) -> Profile | None:
        """The profile called ``name`` (after :func:`clean_name`): exactly, else the one
        profile whose name differs only in case (``piet`` is Piet, not a second player)."""
        try:
            wanted = clean_name(name)
        except SaveError:
            return None
        return self._find_in(self._scan(), wanted)

    @staticmethod
    def _find_in(scan: _Scan, name: str) -> Profile | None:
        # A readable profile wins over a read-only one of the same name.
        matches = [p for p in scan.profiles.values() if p.name == name]
        if not matches:
            # Typed in other capitals next time: the same colleague, whose progress must
            # not be split over two players. Only when that reading is unambiguous.
            folded = name.casefold()
            alike = [
                p
                for p in scan.profiles.values()
                if p.name.casefold() == folded and not p.readonly  # never into memory only
            ]
            if len({p.name for p in alike}) == 1:
                matches = alike
        matches.sort(key=lambda p: (p.readonly, len(p.slug), p.slug))
        return matches[0] if matches else None

    def get_or_create(self, name: str) -> Profile:
        """The profile called ``name``; made (and saved, when possible) if it is new.

        Raises:
            SaveError: the name is empty or too long.
        """
        wanted = clean_name(name)
        found = self.find(wanted)
        if found is not None:
            return found
        if not self.writable:
            return self._new_profile(wanted, self._free_slug(wanted, self._scan().taken))
        with locked(self.saves_dir / _PROFILES_LOCK):
            scan = self._scan()  # another instance may have made it meanwhile
            found = self._find_in(scan, wanted)
            if found is not None:
                return found
            profile = self._new_profile(wanted, self._free_slug(wanted, scan.taken))
            self._write(profile)
            return profile

    @staticmethod
    def _new_profile(name: str, slug: str) -> Profile:
        created = utc_now().replace(microsecond=0)
        return Profile(name=name, slug=slug, created=created, settings=Settings(), attempts=[])

    @staticmethod
    def _free_slug(name: str, taken: set[str]) -> str:
        base = slugify(name)
        if base not in taken:
            return base
        n = 2
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"

    def reload(self, profile: Profile) -> Profile:
        """``profile`` fresh from disk (another instance may have written it)."""
        path = self.path_for(profile)
        if os.path.lexists(path):
            fresh = self._read(path)
            if fresh is not None and fresh.name == profile.name:
                return fresh
        found = self.find(profile.name)
        return found if found is not None else profile

    # -- writing --

    def _write(self, profile: Profile) -> bool:
        path = self.path_for(profile)
        if path.is_symlink():  # never silently replace a link by a regular file
            self.notify("symlinked", file=str(path))
            return False
        try:
            from klantkoning.engine.saves.savefile import dump_save

            text = dump_save(profile)
        except (TypeError, ValueError) as exc:  # e.g. a value TOML cannot hold in the state
            self.notify("write_failed", file=str(path), reason=str(exc))
            return False
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            self.notify("write_failed", file=str(path), reason=os_reason(exc))
            return False
        return True

    def _update(self, profile: Profile, change: Callable[[Profile], None]) -> Profile:
        """Lock, re-read, apply ``change``, write; in memory only when that can't be done."""
        if profile.readonly or not self.writable:
            updated = copy_profile(profile)
            change(updated)
            # Say so once, unless the player was already told why nothing is saved.
            if not self._told & {"not_writable", "newer_format", "not_saved"}:
                self.notify("not_saved", name=profile.name)
            return updated
        path = self.path_for(profile)
        with locked(path):
            base = self._read(path) if os.path.lexists(path) else None
            if base is not None and base.name == profile.name and not base.readonly:
                base.attempts = merge_attempts(base.attempts, profile.attempts)
            elif base is None and not os.path.lexists(path):
                base = copy_profile(profile)  # the file went missing: write it anew
            else:
                base = None  # the slug now belongs to someone else, or to a newer version
            if base is not None:
                change(base)
                self._write(base)
                return base
        # Find the player's file again (by name), or give them a fresh one.
        with locked(self.saves_dir / _PROFILES_LOCK):
            scan = self._scan()
            other = self._find_in(scan, profile.name)
            if other is None:
                other = copy_profile(profile)
                other.slug = self._free_slug(profile.name, scan.taken)
                other.readonly = False
                change(other)
                self._write(other)
                return other
        if other.readonly:
            return self._update(other, change)
        other.attempts = merge_attempts(other.attempts, profile.attempts)
        return self._update(other, change)

    def record_attempt(self, profile: Profile, attempt: Attempt) -> Profile:
        """Add a finished attempt (once per scenario+start) and clear it as unfinished play.

        Returns the fresh profile; when saving is impossible, the profile with the attempt
        added in memory only (and a notice).
        """

        def change(p: Profile) -> None:
            p.attempts = merge_attempts(p.attempts, [attempt])
            u = p.unfinished
            if (
                u is not None
                and u.scenario_id == attempt.scenario_id
                and (to_utc(u.started) == to_utc(attempt.started))
            ):
                p.unfinished = None

        return self._update(profile, change)

    def save_unfinished(self, profile: Profile, unfinished: Unfinished | None) -> Profile:
        """Remember the play in progress (``None`` clears it)."""

        def change(p: Profile) -> None:
            p.unfinished = unfinished

        return self._update(profile, change)

    def update_settings(self, profile: Profile, settings: Settings) -> Profile:
        """Store new settings for the player."""
        if settings.feedback_mode not in FEEDBACK_MODES:
            raise SaveError("bad_feedback_mode", mode=settings.feedback_mode)

        def change(p: Profile) -> None:
            p.settings = replace(settings)

        return self._update(profile, change)


def _rename_no_replace(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target``; ``FileExistsError`` when ``target`` exists."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here: fall back to check-then-rename (we hold the file's lock).
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)


def record_play(
    saves_dir: Path,
    player_name: str,
    entry: ScenarioEntry,
    session: Session,
    started: datetime | None = None,
    mode: str = "headless",
) -> tuple[SavedPlay | None, list[SaveNotice]]:
    """Record a finished play for ``player_name`` (``klantkoning play --player``); the
    profile is made when new. Never raises. Returns the saved play when the attempt is
    really on disk now (read back from the file, so a full disk or a read-only folder
    cannot pass for saved; else ``None``), and the notices to print (stderr)."""
    store = SaveStore(saves_dir)
    try:
        profile = store.get_or_create(player_name)
    except SaveError as exc:
        store.notify(exc.code, **exc.params)
        return None, store.notices
    if not session.ended:
        store.notify("not_finished", name=profile.name)
        return None, store.notices
    now = utc_now()
    attempt = Attempt.from_session(
        session, entry.content_hash, started if started is not None else now, now, mode
    )
    profile = store.record_attempt(profile, attempt)
    if not profile.readonly and store.writable:
        path = store.path_for(profile)
        on_disk = store._read(path) if os.path.lexists(path) else None
        if on_disk is not None and any(
            a.scenario_id == attempt.scenario_id and to_utc(a.started) == to_utc(attempt.started)
            for a in on_disk.attempts
        ):
            return SavedPlay(on_disk, attempt), store.notices
    return None, store.notices


@dataclass(frozen=True)
class SavedPlay:
    """A headless play as it stands on disk: the player's profile and the attempt."""

    profile: Profile
    attempt: Attempt
