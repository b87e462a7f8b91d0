"""The projector theme: high contrast, readable from the back of a training room."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual.app import App
from textual.theme import Theme

PROJECTOR_THEME_NAME = "klantkoning-projector"

PROJECTOR_THEME = Theme(
    name=PROJECTOR_THEME_NAME,
    primary="#FFD400",
    secondary="#7FDBFF",
    accent="#FFD400",
    warning="#FFB000",
    error="#FF5C5C",
    success="#4CFF7A",
    foreground="#FFFFFF",
    background="#000000",
    surface="#0A0A0A",
    panel="#1C1C1C",
    boost="#262626",
    dark=True,
    variables={
        "text-muted": "#E0E0E0",
        "footer-key-foreground": "#FFD400",
        "block-cursor-background": "#FFD400",
        "block-cursor-foreground": "#000000",
    },
)


def ensure_projector_theme(app: App[object]) -> None:
    """Register the projector theme once per app."""
    if PROJECTOR_THEME_NAME not in app.available_themes:
        app.register_theme(PROJECTOR_THEME)


_previous: WeakKeyDictionary[App[object], str] = WeakKeyDictionary()


def enter_projector(app: App[object]) -> None:
    """Switch to the projector theme, remembering the theme in use before."""
    ensure_projector_theme(app)
    if app.theme != PROJECTOR_THEME_NAME:
        _previous[app] = app.theme
        app.theme = PROJECTOR_THEME_NAME


def leave_projector(app: App[object]) -> None:
    """Back to the theme in use before :func:`enter_projector` (if it switched)."""
    previous = _previous.pop(app, None)
    if previous is not None and app.theme == PROJECTOR_THEME_NAME:
        app.theme = previous


def toggle_projector(app: App[object]) -> None:
    if app.theme == PROJECTOR_THEME_NAME:
        previous = _previous.pop(app, None) or "textual-dark"
        app.theme = previous
    else:
        enter_projector(app)
