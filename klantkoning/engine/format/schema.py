"""A JSON Schema of the scenario format, generated from the pydantic models.

Editors with a TOML language server (Taplo, Even Better TOML) read it for completion,
hover help and errors while an author types. The schema checks structure and ranges;
cross-references (``next``, ``start``) and reachability stay ``klantkoning check``'s job.
"""

from __future__ import annotations

import copy
from typing import Any

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import FORMAT_VERSION, Scenario
from klantkoning.i18n import has, t

JSON_SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
"""Draft 7 with ``definitions``: what TOML editor tooling (Taplo) understands best."""

# Which keys get a description from the catalogue (``author.schema.<table>.<key>``).
_DESCRIBED: dict[str, tuple[str, ...]] = {
    "Scenario": ("format", "scenario", "customer", "beats", "endings", "golden"),
    "ScenarioMeta": (
        "id", "title", "summary", "setting", "role", "difficulty", "minutes",
        "language", "start", "tags", "sector",
    ),
    "Customer": ("name", "description", "mood", "relation"),
    "Beat": ("text", "customer", "discuss", "trainer_note", "choices"),
    "Choice": (
        "text", "next", "reaction", "feedback", "mood", "score", "level", "sets", "requires",
        "unless",
    ),
    "Ending": ("title", "text", "outcome", "discuss", "trainer_note"),
    "GoldenPlay": ("name", "path", "ending", "outcome", "min_score"),
}  # fmt: skip


def _describe(table: dict[str, Any], name: str) -> None:
    if has(f"author.schema.{name}._"):
        table["description"] = t(f"author.schema.{name}._")
    props = table.get("properties", {})
    for key in _DESCRIBED.get(name, ()):
        catalogue_key = f"author.schema.{name}.{key}"
        if key in props and has(catalogue_key):
            props[key]["description"] = t(catalogue_key)


def scenario_json_schema(dimensions: Dimensions | None = None) -> dict[str, Any]:
    """The JSON Schema of a scenario file (format 1).

    Args:
        dimensions: when given, ``score`` keys are restricted to these dimension ids
            (an organisation's own ``values.toml`` changes them, so by default any key
            is allowed and ``check`` reports unknown ones).

    Returns:
        A JSON-serialisable dict with ``$schema``, ``title`` and ``description``.
    """
    raw = copy.deepcopy(Scenario.model_json_schema(ref_template="#/definitions/{model}"))
    schema: dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT}
    definitions = raw.pop("$defs", {})
    schema.update(raw)
    schema["definitions"] = definitions
    schema["title"] = t("author.schema.title")
    _describe(schema, "Scenario")
    # ``enum`` rather than ``const``: every draft, Draft 4 included, knows it.
    schema["properties"]["format"]["enum"] = [FORMAT_VERSION]
    defs: dict[str, Any] = definitions
    for name, table in defs.items():
        _describe(table, name)
    if dimensions is not None:
        names = {"enum": list(dimensions.ids)}
        defs["Choice"]["properties"]["score"]["propertyNames"] = names
        defs["GoldenPlay"]["properties"]["min_score"]["propertyNames"] = dict(names)
    return schema
