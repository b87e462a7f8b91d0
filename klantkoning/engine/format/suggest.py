""" "Did you mean …?" for misspelt keys, ids and dimensions."""

from __future__ import annotations

from collections.abc import Iterable

from klantkoning.i18n import t


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word`` (case-insensitively), if one is close enough."""
    import difflib  # only needed when something is wrong

    options = {c.lower(): c for c in candidates if c != word}
    if not options:
        return None
    lower = word.lower()
    if lower in options:
        return options[lower]
    close = difflib.get_close_matches(lower, list(options), n=1, cutoff=0.6)
    return options[close[0]] if close else None


def hint(suggestion: str | None) -> str:
    """`` Bedoel je 'x'?`` (with a leading space), or nothing."""
    return t("check.did_you_mean", suggestion=suggestion) if suggestion else ""
