"""The cached overview the home screen starts from: true, or not used."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from klantkoning import paths
from klantkoning.engine.library.folders import load_library
from klantkoning.engine.library.summary import overview_of, read_overview, write_overview


def test_the_overview_is_used_only_while_no_file_changed(tmp_path: Path) -> None:
    library_dir = tmp_path / "lib"
    shutil.copytree(paths.builtin_scenarios_dir(), library_dir)
    cache = tmp_path / "cache" / "overview.json"
    library = load_library([library_dir])
    write_overview(cache, library)
    cached = read_overview(cache, [library_dir])
    assert cached == overview_of(library)
    assert cached.title("veeleisende-hotelgast") == "De veeleisende hotelgast"
    assert cached.title("weg") == "weg"
    file = library_dir / "veeleisende-hotelgast.toml"
    file.write_text(file.read_text("utf-8") + "\n# changed\n", encoding="utf-8")
    os.utime(file, ns=(1, 1))
    assert read_overview(cache, [library_dir]) is None  # changed: load the library again
    (library_dir / "nieuw.toml").write_text("kapot", encoding="utf-8")
    assert read_overview(cache, [library_dir]) is None
    cache.write_text("{not json", encoding="utf-8")
    assert read_overview(cache, [library_dir]) is None


async def test_the_home_screen_starts_without_loading_scenarios(tmp_path: Path) -> None:
    from klantkoning.ui.app import make_app

    app = make_app([paths.builtin_scenarios_dir()], tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app._library is not None  # the first start fills the cache
    app = make_app([paths.builtin_scenarios_dir()], tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app._library is None  # home drawn from the overview
        count = len(load_library(paths.builtin_scenarios_dir()).playable)
        assert f"Scenario's om te spelen: {count}" in str(
            app.screen.query_one("#home-status").render()
        )
    assert first
