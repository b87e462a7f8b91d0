"""The key footer: Textual's ``Footer``, redrawn only when the keys it shows change.

Textual's footer throws away and mounts all its key widgets whenever the screen's
bindings may have changed, and it is told so on every focus move and every
``refresh_bindings``: three times for one keypress in a play, a third of the time the
player waits for the next beat. This footer gathers those signals into one look per
refresh, does nothing when the keys on show are the same, and when only their labels
changed (continue ↔ choose) it rewrites the key widgets it already has. It looks and
clicks exactly like Textual's, and should Textual's private ``FooterKey`` change shape it
simply rebuilds its keys as Textual's footer does.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeySpec(NamedTuple):
    """What one key in the footer shows and does."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool


class KeyFooter(Footer):
    """A ``Footer`` that updates its keys in place instead of recomposing each time."""

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, id=id)
        self._look_pending = False
        self._shown: tuple[KeySpec, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._look_pending:
            self._look_pending = True
            self.call_after_refresh(self._update_keys)

    async def _update_keys(self) -> None:
        self._look_pending = False
        if not self.is_attached:
            return
        specs = self._specs()
        if specs is not None and specs == self._shown:
            return
        keys = list(self.query_children(FooterKey))
        if specs is not None and self._shown is not None and self._same_shape(keys, specs):
            try:
                for widget, spec in zip(keys, specs, strict=True):
                    _rewrite(widget, spec)
            except AttributeError:  # FooterKey is Textual's private class: it may change
                pass
            else:
                self._shown = specs
                return
        self._shown = specs
        await self.recompose()

    def _specs(self) -> tuple[KeySpec, ...] | None:
        """The keys ``Footer.compose`` would show, or None when it would group some
        (binding groups have their own widgets: those are always recomposed)."""
        active = self.screen.active_bindings
        seen: dict[str, KeySpec] = {}
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show:
                continue
            if binding.group is not None:
                return None
            # Like Footer.compose: one key per action, the first binding found.
            if binding.action not in seen:
                seen[binding.action] = self._spec(binding, enabled, tooltip, palette=False)
        specs = list(seen.values())
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                tooltip = binding.tooltip or binding.description
                specs.append(self._spec(binding, enabled, tooltip, palette=True))
        return tuple(specs)

    def _spec(self, binding: Binding, enabled: bool, tooltip: str, *, palette: bool) -> KeySpec:
        display = self.app.get_key_display(binding)
        return KeySpec(
            binding.key, display, binding.description, binding.action, enabled, tooltip, palette
        )

    def _same_shape(self, keys: list[FooterKey], specs: tuple[KeySpec, ...]) -> bool:
        """Whether the key widgets on screen can take ``specs`` one by one."""
        if len(keys) != len(specs) or len(keys) != len(self.children):
            return False
        return all(
            key.has_class("-command-palette") == spec.palette
            for key, spec in zip(keys, specs, strict=True)
        )


def _rewrite(widget: FooterKey, spec: KeySpec) -> None:
    """Make one key widget show ``spec``, as a new ``FooterKey(...)`` would."""
    changed = (widget.key_display, widget.description) != (spec.display, spec.description)
    widget.key = spec.key
    widget.key_display = spec.display
    widget.description = spec.description
    widget.action = spec.action
    widget._disabled = not spec.enabled
    widget.set_class(not spec.enabled, "-disabled")
    widget.tooltip = spec.tooltip or None
    # A new label can change the key's width: only then lay the footer out again.
    widget.refresh(layout=changed)
