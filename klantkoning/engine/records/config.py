"""Where learning records go: ``[lrs]`` in ``klantkoning.toml`` or environment variables.

Without an endpoint nothing is sent and nothing changes for anyone. Environment variables
win over the file, so an organisation can configure kiosks without touching user folders.
The password never has to be in the file: ``password_env`` names a variable holding it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from klantkoning.engine.format.problems import Problem
from klantkoning.engine.format.source import Unreadable, file_problem, parse_toml, read_file

URL_ENV = "KLANTKONING_LRS_URL"
USER_ENV = "KLANTKONING_LRS_USER"
PASSWORD_ENV = "KLANTKONING_LRS_PASSWORD"
CONFIG_FILE = "klantkoning.toml"
DEFAULT_ACTIVITY_BASE = "https://klantkoning.nl/xapi"
"""Activity ids are IRIs under this base unless the organisation sets its own."""
DEFAULT_HOME_PAGE = "https://klantkoning.nl/spelers"

_KEYS = {
    "url",
    "user",
    "password",
    "password_env",
    "activity_base",
    "home_page",
    "batch_size",
}


@dataclass(frozen=True)
class LrsConfig:
    """An LRS to send statements to."""

    url: str
    """The xAPI endpoint, e.g. ``https://lrs.example.org/xAPI`` (``/statements`` is added)."""
    user: str
    password: str
    activity_base: str = DEFAULT_ACTIVITY_BASE
    home_page: str = DEFAULT_HOME_PAGE
    """``account.homePage`` of every actor: the organisation's own system of record."""
    batch_size: int = 50

    @property
    def statements_url(self) -> str:
        return self.url.rstrip("/") + "/statements"

    def describe(self) -> str:
        """The endpoint and user, never the password (for status lines)."""
        return f"{self.url} ({self.user})"


class ConfigError(ValueError):
    """A configuration that cannot be used; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def load_config(file: Path | None, env: Mapping[str, str] | None = None) -> LrsConfig | None:
    """The LRS to use, or ``None`` when none is configured; ``ConfigError`` when broken."""
    env = os.environ if env is None else env
    table: dict[str, object] = {}
    name = str(file) if file is not None else CONFIG_FILE
    if file is not None and file.is_file():
        table = _read_table(file)
    url = env.get(URL_ENV) or _text(table, "url", name)
    if not url:
        return None
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise ConfigError(file_problem(name, "lrs_bad_url", url=url))
    user = env.get(USER_ENV) or _text(table, "user", name)
    password = env.get(PASSWORD_ENV) or ""
    if not password:
        password_env = _text(table, "password_env", name)
        password = env.get(password_env, "") if password_env else _text(table, "password", name)
    if not user or not password:
        raise ConfigError(file_problem(name, "lrs_no_credentials"))
    batch = table.get("batch_size", 50)
    if not isinstance(batch, int) or isinstance(batch, bool) or not 1 <= batch <= 500:
        raise ConfigError(file_problem(name, "lrs_bad_value", key="lrs.batch_size"))
    return LrsConfig(
        url=url,
        user=user,
        password=password,
        activity_base=(_text(table, "activity_base", name) or DEFAULT_ACTIVITY_BASE).rstrip("/"),
        home_page=_text(table, "home_page", name) or DEFAULT_HOME_PAGE,
        batch_size=batch,
    )


def _read_table(file: Path) -> dict[str, object]:
    name = str(file)
    try:
        # The project's one safe TOML reader: syntax errors, huge numbers and deep nesting
        # all become a located problem.
        raw = parse_toml(read_file(file).decode("utf-8"), name)
    except Unreadable as exc:
        raise ConfigError(exc.problem) from None
    except UnicodeDecodeError:
        raise ConfigError(file_problem(name, "lrs_config_broken")) from None
    table = raw.get("lrs", {})
    if not isinstance(table, dict):
        raise ConfigError(file_problem(name, "lrs_bad_value", key="lrs"))
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(file_problem(name, "lrs_unknown_key", key=f"lrs.{unknown[0]}"))
    return table


def _text(table: Mapping[str, object], key: str, name: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise ConfigError(file_problem(name, "lrs_bad_value", key=f"lrs.{key}"))
    return value.strip()
