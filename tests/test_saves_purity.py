"""The saves and progress engine is pure Python: importing it loads no UI library."""

from __future__ import annotations

import subprocess
import sys


def test_saves_and_progress_import_no_ui() -> None:
    code = (
        "import sys\n"
        "import klantkoning.engine.atomic, klantkoning.engine.saves.store\n"
        "import klantkoning.engine.saves.savefile\n"
        "import klantkoning.engine.saves.progress, klantkoning.engine.saves.achievements\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')"
        " or m.startswith(('klantkoning.ui', 'klantkoning.cli')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""
