"""One language per run: click's own texts, --help, errors and OS errors."""

from __future__ import annotations

import errno
import re

import pytest
from click.testing import CliRunner, Result

from klantkoning.cli import _COMMAND_MODULES, cli
from klantkoning.i18n import set_language
from klantkoning.oserror import reason

DUTCH = re.compile(
    r"\b(Gebruik|Opties|Opdrachten|Toon|Speel|Schrijf|Map|spelers|Fout|standaard|bestand|"
    r"Ontbrekend|Ongeldige|geen|van de|een|het)\b"
)
ENGLISH = re.compile(r"\b(Usage|Options|Commands|Show this|Missing|Invalid|Error|the)\b")


def run(*args: str, **env: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj={}, env=env or None)


def test_english_help_is_english_top_to_bottom() -> None:
    result = run("--lang", "en", "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: klantkoning [OPTIONS] COMMAND [ARGS]...")
    assert "Show this message and exit." in result.output
    assert not DUTCH.search(result.output), DUTCH.search(result.output)


@pytest.mark.parametrize("command", sorted(_COMMAND_MODULES))
def test_every_commands_help_in_english(command: str) -> None:
    for args in (["--lang", "en", command, "--help"], [command, "--help", "--lang", "en"]):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Usage:")
        found = DUTCH.search(result.output)
        assert found is None, (found, result.output)


@pytest.mark.parametrize("command", sorted(_COMMAND_MODULES))
def test_every_commands_help_in_dutch(command: str) -> None:
    result = run(command, "--help")
    assert result.output.startswith("Gebruik:")
    assert "Toon deze hulp en stop." in result.output
    found = ENGLISH.search(result.output)
    assert found is None, (found, result.output)


def test_help_follows_klantkoning_lang() -> None:
    result = run("play", "--help", KLANTKONING_LANG="en")
    assert result.output.startswith("Usage:")


def test_clicks_errors_are_translated() -> None:
    missing = run("play")
    assert missing.exit_code == 2
    assert "Fout: Ontbrekend argument 'SCENARIO'." in missing.output
    assert "Gebruik: klantkoning play" in missing.output
    assert "Error: Missing argument 'SCENARIO'." in run("--lang", "en", "play").output
    unknown = run("speel")
    assert unknown.exit_code == 2 and "Er is geen opdracht 'speel'." in unknown.output
    invalid = run("check", "--jobs", "x")
    assert "Ongeldige waarde voor '--jobs'" in invalid.output
    assert "Invalid value for '--jobs'" in run("check", "--jobs", "x", "--lang", "en").output


def test_unknown_language_from_the_environment_is_refused_like_the_option() -> None:
    by_env = run("list", KLANTKONING_LANG="fr")
    by_option = run("--lang", "fr", "list")
    assert by_env.exit_code == by_option.exit_code == 2
    assert "'fr'" in by_env.output
    assert by_env.output == by_option.output


def test_a_locale_like_language_setting_is_understood() -> None:
    result = run("play", "--help", KLANTKONING_LANG="en_GB.UTF-8")
    assert result.exit_code == 0 and result.output.startswith("Usage:")


def test_os_errors_speak_the_language_of_the_run() -> None:
    error = IsADirectoryError(errno.EISDIR, "Is a directory")
    assert reason(error) == "Is een map"
    set_language("en")
    assert reason(error) == "Is a directory"
    set_language("nl")
    assert reason(PermissionError(errno.EACCES, "Permission denied")) == "Geen toestemming"


def test_os_error_through_the_cli(tmp_path: object) -> None:
    result = run("report", str(tmp_path))
    assert result.exit_code == 2
    assert "een map" in result.output and "Is a directory" not in result.output


def test_the_compiled_catalogue_follows_the_files(tmp_path: object) -> None:
    import os
    from pathlib import Path

    from klantkoning import i18n

    folder = Path(str(tmp_path))
    source = folder / "a.toml"
    source.write_text('[x]\ny = "een"\n', encoding="utf-8")
    first = i18n._compiled_file("nl", [source])
    assert first is not None
    i18n._write_compiled(first, {"x.y": "een"})
    assert i18n._read_compiled(first) == {"x.y": "een"}
    source.write_text('[x]\ny = "twee, anders"\n', encoding="utf-8")
    os.utime(source, ns=(1, 2))
    assert i18n._compiled_file("nl", [source]) != first  # a changed file: not the old copy
    first.write_bytes(b"garbage")
    assert i18n._read_compiled(first) is None  # a broken copy: parse the TOML instead
    assert str(first).startswith(os.environ["XDG_CACHE_HOME"])


def test_version_in_the_language_of_the_run() -> None:
    assert run("--version").output.startswith("klantkoning, versie ")
    assert run("--lang", "en", "--version").output.startswith("klantkoning, version ")
