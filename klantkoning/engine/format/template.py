"""The commented, playable template behind ``klantkoning new``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from string import Template

from klantkoning.engine.format.model import SLUG_RE
from klantkoning.oserror import reason as os_reason

TEMPLATE_FILE = Path(__file__).resolve().parents[2] / "templates" / "nieuw-scenario.toml"
SCHEMA_FILE_NAME = "klantkoning.schema.json"


class TemplateError(ValueError):
    """Why a new scenario cannot be written; ``code``/``params`` name it for the catalogue."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid scenario id (and so a safe file name)."""
    return 3 <= len(text) <= 60 and SLUG_RE.fullmatch(text) is not None


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are valid TOML escapes)."""
    return json.dumps(text, ensure_ascii=False)


def default_title(scenario_id: str) -> str:
    """``"klacht-over-pakje"`` -> ``"Klacht over pakje"``."""
    words = scenario_id.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def render_template(
    scenario_id: str, title: str | None = None, *, schema_hint: bool = False
) -> str:
    """The template text for a scenario with this id and title."""
    if not is_slug(scenario_id):
        raise TemplateError("bad_slug", id=scenario_id)
    title = (title or "").strip() or default_title(scenario_id)
    text = Template(TEMPLATE_FILE.read_text(encoding="utf-8")).safe_substitute(
        id=scenario_id, title=toml_string(title)
    )
    if schema_hint:
        text = f"#:schema ./{SCHEMA_FILE_NAME}\n{text}"
    return text


def write_new_scenario(folder: Path, scenario_id: str, title: str | None = None) -> Path:
    """Write ``<folder>/<id>.toml`` from the template; never overwrites.

    Raises:
        TemplateError: ``bad_slug`` for an id that is no slug, ``exists`` when the file
            is already there, ``write`` when the folder cannot be written.
    """
    if not is_slug(scenario_id):
        raise TemplateError("bad_slug", id=scenario_id)
    target = folder / f"{scenario_id}.toml"
    text = render_template(scenario_id, title, schema_hint=(folder / SCHEMA_FILE_NAME).is_file())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # O_EXCL: refuse to overwrite, even if the file appears between check and write.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise TemplateError("exists", file=str(target)) from None
    except OSError as exc:
        raise TemplateError("write", file=str(target), detail=os_reason(exc)) from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return target
