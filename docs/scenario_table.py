"""The table of built-in scenarios in README.md and README.en.md, made from the library.

Run ``.venv/bin/python docs/scenario_table.py --write`` after adding a scenario;
``tests/test_readme.py`` fails while a README's table is not what this script makes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READMES = {"nl": ROOT / "README.md", "en": ROOT / "README.en.md"}
START, END = "<!-- scenario-table:start -->", "<!-- scenario-table:end -->"
HEADERS = {
    "nl": "| id | titel | sector | minuten | wat je oefent |\n| --- | --- | --- | ---: | --- |",
    "en": "| id | title | sector | minutes | what it trains |\n| --- | --- | --- | ---: | --- |",
}


def table(lang: str) -> str:
    """The Markdown table of the built-in library (ids, titles, sector, minutes, themes)."""
    sys.path.insert(0, str(ROOT))
    from klantkoning import paths
    from klantkoning.engine.library.folders import load_library

    rows = [HEADERS[lang]]
    for entry in sorted(load_library(paths.builtin_scenarios_dir()).playable, key=lambda e: e.id):
        assert entry.scenario is not None
        meta = entry.scenario.scenario
        sector = meta.sector or (meta.tags[0] if meta.tags else "")
        themes = [tag for tag in meta.tags if tag != sector]
        cells = [f"`{entry.id}`", meta.title, sector, str(meta.minutes), ", ".join(themes)]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)


def updated(text: str, lang: str) -> str:
    """``text`` with the table between the markers replaced by the current one."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: f"{START}\n{table(lang)}\n{END}", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update both READMEs")
    args = parser.parse_args()
    for lang, file in READMES.items():
        if args.write:
            file.write_text(updated(file.read_text("utf-8"), lang), encoding="utf-8")
        else:
            print(table(lang), end="\n\n")


if __name__ == "__main__":
    main()
