"""``klantkoning list`` (the library, with a player's best results) and ``klantkoning where``
(the folders this run uses)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from klantkoning.cli import cli
from klantkoning.cli.common import clean, common_options, library, places, saves_dir
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.i18n import t


def sector_of(entry: ScenarioEntry) -> str:
    """The scenario's sector, else its first tag (the built-in ones name their sector there)."""
    if entry.scenario is None:
        return ""
    meta = entry.scenario.scenario
    return meta.sector or (meta.tags[0] if meta.tags else "")


def entry_row(entry: ScenarioEntry) -> dict[str, Any]:
    """What ``list --json`` says of one scenario file."""
    meta = entry.scenario.scenario if entry.scenario is not None else None
    return {
        "id": entry.id,
        "title": meta.title if meta else "",
        "sector": sector_of(entry),
        "minutes": meta.minutes if meta else None,
        "summary": " ".join(meta.summary.split()) if meta else "",
        "file": str(entry.file),
        "ok": entry.ok,
    }


def _best(ctx: click.Context, player: str) -> dict[str, dict[str, Any]]:
    """The player's best attempt per scenario id; exits 2 for an unknown player."""
    from klantkoning.engine.saves.progress import best_attempt
    from klantkoning.engine.saves.store import SaveStore

    store = SaveStore(saves_dir(ctx))
    profile = store.find(player)
    if profile is None:
        names = [p.name for p in store.list_profiles()]
        from klantkoning.cli.common import nearest_hint

        message = t("install.list.no_player", player=clean(player), folder=str(store.saves_dir))
        hint = nearest_hint(player, names, "install.list.no_players" if not names else "")
        if not hint:  # nothing alike: say who is there (the first few)
            shown = ", ".join(clean(n) for n in names[:8]) + (", …" if len(names) > 8 else "")
            hint = t("install.list.players", names=shown)
        click.echo(t("cli.error", message=message + hint), err=True)
        ctx.exit(2)
    out: dict[str, dict[str, Any]] = {}
    for scenario_id in {a.scenario_id for a in profile.attempts}:
        best = best_attempt(profile, scenario_id)
        if best is not None:
            out[scenario_id] = {
                "outcome": best.outcome,
                "total": best.total,
                "mood": best.mood,
                "ending": best.ending,
            }
    return out


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="cli_help.list.json")
@click.option("--player", default=None, metavar="NAAM", help="cli_help.list.player")
@common_options
@click.pass_context
def list_command(ctx: click.Context, as_json: bool, player: str | None) -> None:
    """cli_help.list.help"""
    from klantkoning.cli.terminal import safe_output

    safe_output()
    loaded = library(ctx)
    best = _best(ctx, player) if player is not None else {}
    rows = [entry_row(e) for e in loaded.entries]
    for row in rows:
        if player is not None:
            row["best"] = best.get(row["id"])
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        click.echo(t("install.list.empty"))
        return
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        line = f"{clean(row['id']):<{width}}  "
        if row["ok"]:
            line += t(
                "install.list.line",
                title=clean(row["title"]),
                sector=clean(row["sector"]) or "-",
                minutes=row["minutes"],
            )
        else:
            line += t("install.list.broken", file=str(row["file"]))
        if player is not None:
            got = row.get("best")
            line += "  " + (
                t("install.list.best", outcome=t(f"outcome.{got['outcome']}"), total=got["total"])
                if got
                else t("install.list.not_played")
            )
        click.echo(line)


@cli.command("where")
@common_options
@click.pass_context
def where_command(ctx: click.Context) -> None:
    """cli_help.where.help"""
    found = places(ctx)
    click.echo(t("install.where.saves", folder=str(found.saves)))
    click.echo("  " + t(f"install.where.why_{found.saves_source}"))
    click.echo(t("install.where.new", folder=str(found.user_scenarios)))
    click.echo("  " + t(f"install.where.why_{found.scenarios_source}"))
    click.echo(t("install.where.library"))
    for folder in found.library:
        mark = "" if folder.is_dir() else "  " + t("install.where.missing")
        click.echo(f"  {folder}{mark}")
