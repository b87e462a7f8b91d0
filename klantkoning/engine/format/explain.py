"""Pydantic's validation errors -> findings a trainer can read.

Pydantic describes errors in programmer's English (``Input should be a valid
integer``). Each error type is mapped here to a catalogue code with the key's name and,
where it helps, the allowed range or values, read from the model's own annotations so
messages never drift from the model.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from klantkoning.engine.format.locator import PathPart, format_path
from klantkoning.engine.format.model import (
    FLAG_PATTERN,
    FORMAT_VERSION,
    LANGUAGE_PATTERN,
    SLUG_PATTERN,
    Beat,
    Choice,
)
from klantkoning.engine.format.problems import Finding
from klantkoning.engine.format.suggest import hint, suggest
from klantkoning.i18n import t

_TYPE_ERRORS: dict[str, str] = {
    "int_type": "int",
    "int_parsing": "int",
    "int_from_float": "int",
    "float_type": "float",
    "float_parsing": "float",
    "string_type": "str",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "dict_type": "table",
    "model_type": "table",
    "model_attributes_type": "table",
    "tuple_type": "list",
    "list_type": "list",
}
_RANGE_ERRORS = ("less_than_equal", "greater_than_equal", "less_than", "greater_than")


def describe_type(value: object) -> str:
    """The kind of a TOML value in the author's words (``tekst``, ``een geheel getal``)."""
    if isinstance(value, bool):
        kind = "bool"
    elif isinstance(value, int):
        kind = "int"
    elif isinstance(value, float):
        kind = "float"
    elif isinstance(value, str):
        kind = "str"
    elif isinstance(value, dict):
        kind = "table"
    elif isinstance(value, (list, tuple)):
        kind = "list"
    elif isinstance(value, (dt.datetime, dt.date, dt.time)):
        kind = "date"
    else:
        kind = "other"
    return t(f"check.type.{kind}")


def _unwrap(tp: Any) -> tuple[Any, list[Any]]:
    """Strip ``Annotated`` and ``X | None``; return the type and its constraints."""
    meta: list[Any] = []
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            args = typing.get_args(tp)
            for item in args[1:]:
                meta.extend(item.metadata if isinstance(item, FieldInfo) else [item])
            tp = args[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp, meta
            tp = members[0]
        else:
            return tp, meta


def annotation_at(model: type[BaseModel], loc: Sequence[Any]) -> tuple[Any, list[Any]] | None:
    """The declared type of the value at ``loc`` in ``model`` and its constraints."""
    tp: Any = model
    meta: list[Any] = []
    for part in loc:
        tp, extra = _unwrap(tp)
        meta += extra
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            tp, meta = field.annotation, list(field.metadata)
        elif origin is dict:
            tp, meta = typing.get_args(tp)[1], []
        elif origin in (tuple, list):
            tp, meta = typing.get_args(tp)[0], []
        else:
            return None
    tp, extra = _unwrap(tp)
    return tp, meta + extra


def model_at(model: type[BaseModel], loc: Sequence[Any]) -> type[BaseModel] | None:
    """The model class of the table at ``loc`` (for the keys it allows)."""
    found = annotation_at(model, loc)
    if found is None:
        return None
    tp = found[0]
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _bounds(meta: list[Any]) -> tuple[Any, Any]:
    low = high = None
    for item in meta:
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
    return low, high


def _lengths(meta: list[Any]) -> tuple[Any, Any]:
    low = high = None
    for item in meta:
        low = getattr(item, "min_length", None) or low
        high = getattr(item, "max_length", None) or high
    return low, high


def path_of(loc: Sequence[Any]) -> list[PathPart]:
    """Pydantic's 0-based ``loc`` -> our path parts with 1-based list positions."""
    return [p + 1 if isinstance(p, int) else str(p) for p in loc]


def _key_name(loc: Sequence[Any]) -> str:
    """The name an author recognises: the last key, with its list position if any."""
    parts = path_of(loc)
    names = [p for p in parts if isinstance(p, str)]
    if not names:
        return ""
    last = max(i for i, p in enumerate(parts) if isinstance(p, str))
    return format_path(parts[last:])


def _short(value: object, width: int = 40) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _misplaced(parent: type[BaseModel] | None, name: str, loc: Sequence[Any]) -> str:
    """A hint when a beat's key stands under a choice, or a choice's key in a beat."""
    if len(loc) < 3 or loc[0] != "beats" or not isinstance(loc[1], str):
        return ""
    header = format_path(["beats", loc[1], "choices"])
    if parent is Choice and name in Beat.model_fields:
        return t("check.belongs_to_beat", header=header)
    if parent is Beat and name in Choice.model_fields:
        return t("check.belongs_to_choice", header=header)
    return ""


def explain_errors(model: type[BaseModel], errors: list[ErrorDetails]) -> list[Finding]:
    """Findings for every error pydantic reported while validating against ``model``."""
    pairs: list[tuple[tuple[Any, ...], Finding]] = []
    for error in errors:
        finding = _explain(model, error)
        if finding is not None:
            pairs.append((tuple(error["loc"]), finding))
    # "feedbak: did you mean feedback?" already says what "feedback is missing" would.
    hinted = {
        (*loc[:-1], f.params["suggestion"])
        for loc, f in pairs
        if f.code == "unknown_key" and f.params.get("suggestion")
    }
    return [f for loc, f in pairs if not (f.code == "missing" and loc in hinted)]


def _explain(model: type[BaseModel], error: ErrorDetails) -> Finding | None:
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    path = format_path(path_of(loc))
    key = _key_name(loc)
    found = annotation_at(model, loc)
    meta = found[1] if found else []

    if kind == "missing":
        if loc == ("format",):
            return Finding("error", path, "missing_format", {"expected": FORMAT_VERSION})
        return Finding("error", path, "missing", {"key": key})
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        name = str(loc[-1])
        placed = _misplaced(parent, name, loc)
        suggestion = None if placed else suggest(name, allowed)
        return Finding(
            "error",
            path,
            "unknown_key",
            {
                "key": name,
                "suggestion": suggestion or "",
                "hint": placed
                or hint(suggestion)
                or t("check.allowed_keys", keys=", ".join(allowed)),
            },
        )
    if kind in _TYPE_ERRORS:
        return Finding(
            "error",
            path,
            "wrong_type",
            {
                "key": key,
                "expected": t(f"check.type.{_TYPE_ERRORS[kind]}"),
                "actual": describe_type(value),
            },
        )
    if kind in _RANGE_ERRORS:
        low, high = _bounds(meta)
        low = ctx.get("ge", ctx.get("gt", low)) if low is None else low
        high = ctx.get("le", ctx.get("lt", high)) if high is None else high
        params = {"key": key, "value": _short(value), "min": low, "max": high}
        if low is not None and high is not None:
            return Finding("error", path, "out_of_range", params)
        return Finding("error", path, "too_low" if low is not None else "too_high", params)
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        code = {
            SLUG_PATTERN: "bad_slug",
            FLAG_PATTERN: "bad_flag",
            LANGUAGE_PATTERN: "bad_language",
        }
        return Finding(
            "error",
            path,
            code.get(str(pattern), "bad_pattern"),
            {"key": key, "value": _short(value)},
        )
    if kind in ("string_too_short", "string_too_long"):
        low, high = _lengths(meta)
        is_slug = any(getattr(m, "pattern", None) == SLUG_PATTERN for m in meta)
        if is_slug:
            return Finding("error", path, "bad_slug", {"key": key, "value": _short(value)})
        if kind == "string_too_short" and (low or 0) <= 1:
            return Finding("error", path, "empty_text", {"key": key})
        length_code = "text_too_short" if kind == "string_too_short" else "text_too_long"
        return Finding("error", path, length_code, {"key": key, "min": low, "max": high})
    if kind == "too_short":
        minimum = ctx.get("min_length", 1)
        if isinstance(value, (list, tuple, dict)) and len(value) >= minimum:
            return None  # its items had errors of their own, reported separately
        return Finding("error", path, "too_few", {"key": key, "min": minimum})
    if kind == "too_long":
        return Finding("error", path, "too_many", {"key": key, "max": ctx.get("max_length")})
    if kind == "literal_error":
        allowed = [str(a) for a in typing.get_args(found[0])] if found else []
        suggestion = suggest(str(value), allowed) if isinstance(value, str) else None
        return Finding(
            "error",
            path,
            "not_allowed",
            {
                "key": key,
                "value": _short(value),
                "allowed": ", ".join(allowed) or str(ctx.get("expected", "")),
                "suggestion": suggestion or "",
                "hint": hint(suggestion),
            },
        )
    return Finding("error", path, "invalid", {"key": key, "detail": error.get("msg", kind)})
