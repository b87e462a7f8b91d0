"""Workshop mode: a trainer runs one branching scenario (or an agenda of them) with a room.

Pure Python, like the rest of the engine. The room follows one path through each scenario
(played with :class:`~klantkoning.engine.session.Session`); teams score by their own votes.
"""

from klantkoning.engine.workshop.state import (
    BeatRecord,
    Note,
    Phase,
    Workshop,
    WorkshopError,
    WorkshopSettings,
)
from klantkoning.engine.workshop.store import (
    WORKSHOP_FORMAT,
    WorkshopFile,
    latest_unfinished,
    list_workshops,
    load_workshop,
    save_workshop,
    workshops_dir,
)
from klantkoning.engine.workshop.summary import Scoreboard, TeamScore, summarize
from klantkoning.engine.workshop.timer import Countdown
from klantkoning.engine.workshop.votes import ManualVoteSource, Vote, VoteSink, VoteSource, letter

__all__ = [
    "WORKSHOP_FORMAT",
    "BeatRecord",
    "Countdown",
    "ManualVoteSource",
    "Note",
    "Phase",
    "Scoreboard",
    "TeamScore",
    "Vote",
    "VoteSink",
    "VoteSource",
    "Workshop",
    "WorkshopError",
    "WorkshopFile",
    "WorkshopSettings",
    "latest_unfinished",
    "letter",
    "list_workshops",
    "load_workshop",
    "save_workshop",
    "summarize",
    "workshops_dir",
]
