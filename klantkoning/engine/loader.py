"""Files -> models, every problem located (file, path, line).

PROVISIONAL: a happy-path loader so other parts can be built; being replaced by the
full locating loader.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from klantkoning.engine.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.library import Library, ScenarioEntry
from klantkoning.engine.model import Scenario
from klantkoning.engine.problems import Problem


def load_scenario_text(
    data: bytes, name: str, dimensions: Dimensions = DEFAULT_DIMENSIONS
) -> ScenarioEntry:
    """Validate the bytes of one scenario file called ``name``."""
    digest = hashlib.sha256(data).hexdigest()
    path = Path(name)
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return ScenarioEntry(path, None, [Problem(name, "", None, "error", "toml", {"detail": str(exc)})], digest)
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        problems = [
            Problem(name, ".".join(map(str, e["loc"])), None, "error", "invalid", {"detail": e["msg"]})
            for e in exc.errors()
        ]
        return ScenarioEntry(path, None, problems, digest)
    return ScenarioEntry(path, scenario, [], digest)


def load_scenario_file(path: Path, dimensions: Dimensions = DEFAULT_DIMENSIONS) -> ScenarioEntry:
    """Load and validate one scenario file."""
    entry = load_scenario_text(path.read_bytes(), str(path), dimensions)
    entry.file = path
    return entry


def load_library(paths: Sequence[Path] | Path) -> Library:
    """Every ``*.toml`` (but ``values.toml``) under ``paths``, folders recursively."""
    roots = [paths] if isinstance(paths, Path) else list(paths)
    library = Library(roots)
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*.toml"))
        for file in files:
            if file.name != "values.toml":
                library.entries.append(load_scenario_file(file, library.dimensions))
    return library
