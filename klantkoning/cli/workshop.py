"""Commands: workshop (being built)."""

from klantkoning.cli import cli  # noqa: F401
