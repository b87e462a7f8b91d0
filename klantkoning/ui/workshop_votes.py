"""The trainer's keyboard as a vote source: keys in, :class:`Vote` objects out.

The workshop session does not know where votes come from; a later source (participants'
own devices) only has to implement the same ``VoteSource`` protocol.
"""

from __future__ import annotations

from collections.abc import Callable

from klantkoning.engine.workshop import ManualVoteSource, Vote
from klantkoning.engine.workshop.votes import letter

MAX_COUNT = 9999


class KeyboardVoteSource(ManualVoteSource):
    """Turns the trainer's key presses into votes.

    Team mode: a digit selects a team, a letter votes for it (and selects the next team).
    Room mode: a letter selects an option, digits type its number of hands, ↑/↓ add or
    remove one.
    """

    def __init__(
        self,
        teams: tuple[str, ...],
        option_count: Callable[[], int],
        current_count: Callable[[str], int],
        *,
        vote_of: Callable[[str], int | None] = lambda _team: None,
        typed_of: Callable[[str], bool] = lambda _team: True,
    ) -> None:
        super().__init__()
        self.teams = teams
        self._option_count = option_count
        self._current_count = current_count
        self._vote_of = vote_of
        self._typed_of = typed_of
        self._typed_votes: list[tuple[str, int | None]] = []
        """Team mode: (team, its vote before) for every vote typed at this beat, to undo;
        ``None`` when there was none, or when it came from the team's phones (undo then
        gives the team back to its phones)."""
        self.team_index: int | None = 0 if teams else None
        self.option_index: int | None = None
        self._typed = ""

    @property
    def room(self) -> bool:
        return not self.teams

    @property
    def team(self) -> str | None:
        if self.team_index is None or not self.teams:
            return None
        return self.teams[self.team_index]

    def new_beat(self) -> None:
        """Start over at a new beat: the first team (or no option) selected."""
        self.team_index = 0 if self.teams else None
        self.option_index = None
        self._typed = ""
        self._typed_votes.clear()

    def select_team(self, number: int) -> bool:
        """Select team ``number`` (1-based); ``False`` when there is no such team."""
        if not 1 <= number <= len(self.teams):
            return False
        self.team_index = number - 1
        return True

    def move(self, step: int) -> None:
        """Team mode: select the next (``step`` 1) or previous (-1) team."""
        if self.teams:
            current = self.team_index if self.team_index is not None else -step
            self.team_index = (current + step) % len(self.teams)

    def adjust(self, delta: int) -> None:
        """Room mode: ``delta`` hands more (or fewer) for the selected option."""
        if not self.teams and self.option_index is not None:
            option = letter(self.option_index)
            count = max(0, min(MAX_COUNT, self._current_count(option) + delta))
            self._typed = ""
            self.submit(Vote(None, option, count))

    def press_letter(self, option: str) -> None:
        """Team mode: the selected team votes ``option``. Room mode: select ``option``."""
        if self.teams:
            team = self.team
            if team is None:
                return
            before = self._vote_of(team)
            if before is not None and not self._typed_of(team):
                before = None  # the phones' vote: undo gives the team back to its phones
            self.submit(Vote(team, option.upper()))
            self._typed_votes.append((team, before))
            if self.team_index is not None:
                self.team_index = (self.team_index + 1) % len(self.teams)
        else:
            from klantkoning.engine.workshop.votes import position

            pos = position(option)
            if 0 <= pos < self._option_count():
                self.option_index = pos
                self._typed = ""
            else:
                # Let the session refuse it with its own message.
                self.submit(Vote(None, option.upper(), 0))

    def press_digit(self, digit: int) -> bool:
        """Room mode: type a digit of the selected option's count. Team mode: select a team."""
        if self.teams:
            return self.select_team(digit)
        if self.option_index is None:
            return False
        self._typed = (self._typed + str(digit)).lstrip("0")[-4:]
        self.submit(Vote(None, letter(self.option_index), int(self._typed or "0")))
        return True

    def erase(self) -> str | None:
        """Team mode: undo the vote typed last (the team's earlier vote comes back, and the
        team is selected again); returns that team, ``None`` when nothing was typed.
        Room mode: erase the last digit of the selected option's count.
        """
        if self.teams:
            if not self._typed_votes:
                return None
            team, before = self._typed_votes.pop()
            self.submit(Vote(team, letter(before) if before is not None else None))
            self.team_index = self.teams.index(team)
            return team
        if self.option_index is not None:
            self._typed = self._typed[:-1]
            self.submit(Vote(None, letter(self.option_index), int(self._typed or "0")))
        return None
