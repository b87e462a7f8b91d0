"""The one catalogue of user-facing text.

Every language is a folder ``locale/<lang>/`` of TOML files; each file holds tables
whose dotted keys become message keys (``[home] title = "…"`` is ``home.title``).
Adding a language is adding a folder. Missing keys fall back to Dutch, then to the key.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

DEFAULT_LANGUAGE = "nl"
_LOCALE_DIR = Path(__file__).parent / "locale"
_language = DEFAULT_LANGUAGE


def available_languages() -> list[str]:
    """The languages that have a catalogue folder."""
    return sorted(p.name for p in _LOCALE_DIR.iterdir() if p.is_dir() and p.name.isalpha())


def set_language(lang: str | None) -> str:
    """Switch the active language; unknown or empty falls back to Dutch. Returns the one used."""
    global _language
    lang = (lang or "").strip().lower().split("-")[0].split("_")[0]
    _language = lang if lang in available_languages() else DEFAULT_LANGUAGE
    return _language


LANG_ENV = "KLANTKONING_LANG"


def language_from_env() -> str | None:
    """The language asked for by ``KLANTKONING_LANG``, if any."""
    return os.environ.get(LANG_ENV) or None


def get_language() -> str:
    """The active language."""
    return _language


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, str]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = str(value)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, keyed by dotted key."""
    folder = _LOCALE_DIR / lang
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    compiled = _compiled_file(lang, files)
    cached = _read_compiled(compiled)
    if cached is not None:
        return cached
    import tomllib  # only when there is no compiled copy

    out: dict[str, str] = {}
    for file in files:
        with file.open("rb") as fh:
            _flatten("", tomllib.load(fh), out)
    _write_compiled(compiled, out)
    return out


# Parsing the TOML catalogue is a tenth of the game's start-up; a compiled copy (marshal,
# in the user's cache folder, named after the files' sizes and times) loads a hundred
# times faster. Any problem with it means: parse the TOML, as without it.


def _compiled_file(lang: str, files: list[Path]) -> Path | None:
    import sys
    import zlib

    try:
        stats = [(f.name, st.st_size, st.st_mtime_ns) for f in files for st in (f.stat(),)]
        from klantkoning.paths import cache_dir

        folder = cache_dir()
    except (OSError, RuntimeError):
        return None
    key = zlib.crc32(repr((str(_LOCALE_DIR), sys.version_info[:2], stats)).encode())
    return folder / f"catalogue-{lang}-{key:08x}.marshal"


def _read_compiled(file: Path | None) -> dict[str, str] | None:
    import marshal

    if file is None:
        return None
    try:
        data = marshal.loads(file.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def _write_compiled(file: Path | None, data: dict[str, str]) -> None:
    import marshal

    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        temp.write_bytes(marshal.dumps(data))
        os.replace(temp, file)
    except OSError:
        pass


def has(key: str, lang: str | None = None) -> bool:
    """Whether ``key`` exists in the catalogue of ``lang`` (default: the active one)."""
    return key in catalogue(lang or _language)


def t(key: str, /, **params: object) -> str:
    """The message ``key`` in the active language, with ``{name}`` fields filled in."""
    text = catalogue(_language).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text
