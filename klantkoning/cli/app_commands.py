"""Commands: app_commands (being built)."""

from klantkoning.cli import cli  # noqa: F401
