"""The scoring dimensions: six principles, verleuken, and the organisation's values."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from klantkoning.i18n import t

Group = Literal["principe", "verleuken", "waarde"]
GROUPS: tuple[Group, ...] = ("principe", "verleuken", "waarde")

PRINCIPLES: tuple[str, ...] = ("welkom", "basis", "maatwerk", "ontzorgen", "verwonderen", "herstel")
FUN: tuple[str, ...] = ("verleuken",)
DEFAULT_VALUES: tuple[str, ...] = (
    "vertrouwen",
    "keuzevrijheid",
    "betrokkenheid",
    "invloed",
    "rechtvaardigheid",
)


@dataclass(frozen=True)
class Dimension:
    """One scoring dimension. ``name``/``description`` are set for an organisation's own values."""

    id: str
    group: Group
    name: str = ""
    description: str = ""

    def label(self) -> str:
        """The name to show: the author's for own values, else the catalogue's."""
        return self.name or t(f"dimension.{self.id}.name")

    def explain(self) -> str:
        """One line on what this dimension means."""
        return self.description or t(f"dimension.{self.id}.description")


@dataclass(frozen=True)
class Dimensions:
    """The ordered set of dimensions that scores may use."""

    items: tuple[Dimension, ...]

    def __iter__(self) -> Iterator[Dimension]:
        return iter(self.items)

    def __contains__(self, dim_id: object) -> bool:
        return any(d.id == dim_id for d in self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.items)

    def get(self, dim_id: str) -> Dimension | None:
        return next((d for d in self.items if d.id == dim_id), None)

    def label_of(self, dim_id: str) -> str:
        """A dimension's label in the active language; its id when there is no such one."""
        dim = self.get(dim_id)
        return dim.label() if dim is not None else dim_id

    def in_group(self, group: Group) -> tuple[Dimension, ...]:
        return tuple(d for d in self.items if d.group == group)


def make_dimensions(values: Iterable[tuple[str, str, str]] | None = None) -> Dimensions:
    """Principles and verleuken, plus ``values`` as (id, name, description), or the defaults."""
    items = [Dimension(p, "principe") for p in PRINCIPLES]
    items += [Dimension(f, "verleuken") for f in FUN]
    if values is None:
        items += [Dimension(v, "waarde") for v in DEFAULT_VALUES]
    else:
        items += [Dimension(i, "waarde", n, d) for i, n, d in values]
    return Dimensions(tuple(items))


DEFAULT_DIMENSIONS = make_dimensions()
