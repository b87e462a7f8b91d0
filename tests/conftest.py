"""Shared for every test: each starts in Dutch, the default language of the game."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any test module is imported (collection may already read the catalogue, which
# keeps a compiled copy in the cache folder): never the real home's folders.
_SESSION_HOME = tempfile.mkdtemp(prefix="klantkoning-test-home-")
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_SESSION_HOME, _name.lower())

from klantkoning.i18n import set_language  # noqa: E402  (after the folders are set)


@pytest.fixture(autouse=True)
def _dutch_by_default() -> Iterator[None]:
    # The language is process-wide; a test that switches to English must not leak it.
    set_language("nl")
    yield
    set_language("nl")


@pytest.fixture(autouse=True)
def _no_lrs_unless_asked(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    # A developer's own klantkoning.toml or LRS variables must never reach a test: every
    # test starts without an LRS; the LRS tests configure Ralph themselves.
    for name in ("KLANTKONING_LRS_URL", "KLANTKONING_LRS_USER", "KLANTKONING_LRS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path_factory.getbasetemp() / "no-config" / "klantkoning.toml"
    monkeypatch.setenv("KLANTKONING_CONFIG", str(config))


@pytest.fixture(autouse=True)
def _options_in_file_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # Solo play shuffles the options per attempt. Tests that press "2" for the file's
    # second option ask for that order (a seed of None); the tests of shuffling pass
    # their own seeds to make_app (``seeds=``), which this does not touch.
    monkeypatch.setattr("klantkoning.ui.app.random_seed", lambda: None)


@pytest.fixture(autouse=True)
def _private_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Installed, the game keeps data in the user's folders (platformdirs, XDG): a test
    # must never write into the real home, nor see what a real user keeps there.
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("KLANTKONING_LANG", raising=False)


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """A library of one small scenario (``koffie-koud``) for the UI tests."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "ui" / "library" / "koffie-koud.toml", folder)
    return folder
