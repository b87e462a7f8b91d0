"""The app's learning records: the configured LRS (if any) and its recorder, started and
stopped with the app; problems are told once, never in the player's way."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from klantkoning import paths
from klantkoning.i18n import t

if TYPE_CHECKING:  # the engine's records (and pydantic) load only when they are needed
    from klantkoning.engine.records.recorder import Recorder
    from klantkoning.engine.workshop.state import Workshop

URL_ENV = "KLANTKONING_LRS_URL"
"""As ``klantkoning.engine.records.config.URL_ENV``; read here without loading the engine."""


def lrs_configured() -> bool:
    """Whether an LRS may be configured at all (cheap: the start-up path asks this)."""
    return bool(os.environ.get(URL_ENV)) or paths.config_file().is_file()


def make_recorder(saves_dir: Path) -> tuple[Recorder, str | None]:
    """The recorder for ``saves_dir`` and, when the configuration is broken, what to tell.

    A broken configuration records nothing (as if none were set) and says where it broke.
    """
    from klantkoning.engine.records.config import ConfigError, load_config
    from klantkoning.engine.records.recorder import Recorder

    try:
        config = load_config(paths.config_file())
    except ConfigError as exc:
        problem = exc.problem
        message = t("lrs.cli.config_error", where=problem.location(), message=problem.message)
        return Recorder(None, saves_dir), message
    return Recorder(config, saves_dir), None


def queue_workshop_records(app: object, workshop: Workshop) -> None:
    """Queue what a workshop has earned so far (when the app records, and an LRS is set)."""
    recorder = getattr(app, "recorder", None)
    if recorder is not None:
        recorder.workshop(workshop)
        app.show_records_notice()  # type: ignore[attr-defined]
