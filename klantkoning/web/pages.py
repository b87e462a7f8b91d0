"""The room's two pages: HTML files under ``static/`` filled in by a template that escapes.

Every value put into a page is HTML-escaped unless it is :class:`Raw` (only the QR code's
SVG made by segno, and JSON made safe for a ``<script>`` block). Scenario text and team
names never pass through here: the pages fetch them as JSON and set them as text.
"""

from __future__ import annotations

import html
import json
import string
from functools import cache
from pathlib import Path

import segno

from klantkoning.i18n import catalogue, get_language, t

STATIC_DIR = Path(__file__).parent / "static"


class Raw(str):
    """Text that is already safe HTML (made here, never from a user or a scenario)."""


def render(name: str, **values: str) -> str:
    """The page ``static/<name>`` with ``$key`` fields filled in, escaped unless ``Raw``."""
    safe = {k: v if isinstance(v, Raw) else html.escape(v, quote=True) for k, v in values.items()}
    return string.Template(_template(name)).substitute(safe)


@cache
def _template(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def script_json(data: object) -> Raw:
    """JSON that can sit inside ``<script type="application/json">`` without closing it."""
    text = json.dumps(data, ensure_ascii=False)
    return Raw(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def texts_json() -> Raw:
    """:func:`page_texts` for a page's script, made once per language (not per phone)."""
    return _texts_json(get_language())


@cache
def _texts_json(_language: str) -> Raw:
    return script_json(page_texts())


def page_texts() -> dict[str, str]:
    """The catalogue's ``room.page.*`` texts and the outcomes, for the pages' script."""
    lang = get_language()
    texts = {
        k.removeprefix("room.page."): t(k) for k in catalogue("nl") if k.startswith("room.page.")
    }
    texts.update({k: t(k) for k in catalogue(lang) if k.startswith("outcome.")})
    return texts


def qr_svg(url: str) -> Raw:
    """The QR code of ``url`` as inline SVG (dark modules on a light quiet zone)."""
    code = segno.make(url, error="m")
    # segno's own class attribute becomes ours: two class attributes are invalid HTML.
    svg = code.svg_inline(scale=8, border=2, dark="#000", light="#fff", svgclass="qr")
    return Raw(svg.replace("<svg ", '<svg role="img" aria-label="QR" ', 1))


def phone_page() -> str:
    return render(
        "phone.html",
        lang=get_language(),
        title=t("room.page.phone_title"),
        texts=texts_json(),
    )


def screen_page(url: str, code: str, code_epoch: int = 0) -> str:
    short = url.removeprefix("http://").removeprefix("https://").rstrip("/")
    return render(
        "screen.html",
        lang=get_language(),
        title=t("room.page.screen_title"),
        qr=qr_svg(f"{url.rstrip('/')}/?code={code}"),
        address=short,
        code=code,
        code_epoch=str(code_epoch),
        join_line=t("room.page.join_line"),
        code_label=t("room.page.code_label"),
        texts=texts_json(),
    )
