"""Workshop mode: a trainer runs one branching scenario (or an agenda of them) with a room.

Pure Python, like the rest of the engine. The room follows one path through each scenario
(played with :class:`~klantkoning.engine.play.session.Session`); teams score by their own votes.
Here: the records of a session, the running state, votes and where they come from, the
clock, the workshop file (codec and store) and the summary.

May use ``engine.atomic`` and every layer up to ``engine.library``; not saves or authoring.
"""

from klantkoning.engine.workshop.records import (
    BeatRecord,
    Note,
    Phase,
    WorkshopError,
    WorkshopSettings,
)
from klantkoning.engine.workshop.state import Workshop
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
