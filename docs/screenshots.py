"""The pictures in the READMEs, made by the app itself (Textual's SVG screenshot).

Run ``.venv/bin/python docs/screenshots.py``: it plays the built-in library headless at
80×24 in a temporary saves folder and writes ``docs/img/*.svg``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
SIZE = (80, 24)


async def shoot() -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from klantkoning import paths
    from klantkoning.i18n import set_language
    from klantkoning.ui.app import make_app

    set_language("nl")
    written: list[Path] = []
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as saves:
        app = make_app(paths.builtin_scenarios_dir(), Path(saves))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.3)
            written.append(Path(app.save_screenshot("home.svg", str(OUT))))
        app = make_app(
            paths.builtin_scenarios_dir(), Path(saves), player="Anna",
            scenario="veeleisende-hotelgast",
        )  # fmt: skip
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.3)
            written.append(Path(app.save_screenshot("play.svg", str(OUT))))
            await pilot.press("2")
            await pilot.pause(0.3)
            written.append(Path(app.save_screenshot("feedback.svg", str(OUT))))
    return written


def main() -> None:
    for file in asyncio.run(shoot()):
        print(file.relative_to(ROOT))


if __name__ == "__main__":
    main()
