"""The engine knows nothing of the UI: checked in a fresh interpreter and by import-linter."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = (
    "textual",
    "rich",
    "aiohttp",
    "klantkoning.ui",
    "klantkoning.cli",
    "klantkoning.report",
    "klantkoning.web",
)

PROBE = """
import importlib, json, pkgutil, sys
import klantkoning.engine
names = ["klantkoning", "klantkoning.engine", "klantkoning.i18n", "klantkoning.paths"]
names += [m.name for m in pkgutil.walk_packages(klantkoning.engine.__path__, "klantkoning.engine.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "modules": sorted(sys.modules)}))
"""


def test_importing_the_engine_loads_no_ui_in_a_fresh_interpreter() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # Every engine module was really imported (a typo in the walk would prove nothing).
    assert "klantkoning.engine.play.session" in report["imported"]
    assert "klantkoning.engine.analysis.analyse" in report["imported"]
    loaded = report["modules"]
    leaks = [m for m in loaded if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert leaks == []


def test_import_linter_contract_is_kept() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports"
    )
    if exe is None:
        pytest.skip("import-linter (lint-imports) is not installed")
    # --no-cache: tests never write into the repository.
    done = subprocess.run(
        [exe, "--no-cache"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "The engine knows nothing of the UI KEPT" in done.stdout
    assert "0 broken" in done.stdout
