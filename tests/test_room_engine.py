"""Phones in the workshop engine: seats, a team's majority of its phones, the file, fixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from workshop_support import FakeClock, fixture_library, new_workshop

from klantkoning.engine.workshop import Vote, WorkshopError, load_workshop, save_workshop
from klantkoning.engine.workshop.phones import phone_ties, token_hash
from klantkoning.engine.workshop.store import workshop_path
from klantkoning.i18n import t

ROOD, BLAUW, GROEN = "Rood", "[bold]Blauw[/]", "Groen"


def phones(ws, team, n):
    return [ws.join("0421", team) for _ in range(n)]


def test_a_teams_vote_is_the_majority_of_its_phones_and_a_tie_goes_to_the_first() -> None:
    ws = new_workshop(fixture_library())
    ws.open_room("0421")
    rood = phones(ws, ROOD, 3)
    blauw = phones(ws, BLAUW, 2)
    for (seat, _), option in zip(rood, "BCB", strict=True):
        ws.receive(Vote(ROOD, option, seat=seat))
    assert ws.team_vote(ROOD) == 1  # B, two phones against one
    ws.receive(Vote(BLAUW, "C", seat=blauw[0][0]))
    ws.receive(Vote(BLAUW, "A", seat=blauw[1][0]))
    assert ws.team_vote(BLAUW) == 0  # A/C tie: the first letter, as every workshop tie
    assert phone_ties(ws.record, ws.teams) == [(BLAUW, ["A", "C"])]
    # A phone changes its vote: the team follows.
    ws.receive(Vote(BLAUW, "C", seat=blauw[1][0]))
    assert ws.team_vote(BLAUW) == 2
    # Team votes (the path) count teams; the individual spread counts phones.
    assert ws.record.tally() == [0, 1, 1]
    assert ws.record.hands() == [0, 2, 3]


def test_whole_room_counts_every_phone_and_typed_hands() -> None:
    ws = new_workshop(fixture_library(), mode="room", teams=())
    ws.open_room("0421")
    seats = phones(ws, None, 4)
    for (seat, _), option in zip(seats, "AABC", strict=True):
        ws.receive(Vote(None, option, seat=seat))
    ws.receive(Vote(None, "C", 5))  # the trainer types 5 hands for C: a mixed room
    assert ws.record.tally() == [2, 1, 6]
    assert ws.record.hands() == [2, 1, 6]


def test_wrong_code_unknown_team_and_unknown_seat_are_refused() -> None:
    ws = new_workshop(fixture_library())
    with pytest.raises(WorkshopError) as closed:
        ws.join("0421", ROOD)
    assert closed.value.code == "room.error.closed"
    ws.open_room("0421")
    with pytest.raises(WorkshopError) as wrong:
        ws.join("0422", ROOD)
    assert wrong.value.code == "room.error.code"
    with pytest.raises(WorkshopError) as team:
        ws.join("0421", "Paars")
    assert team.value.code == "room.error.team"
    for nothing in ("", None):  # "Meedoen" before picking a team: asked to pick one
        with pytest.raises(WorkshopError) as no_team:
            ws.join("0421", nothing)
        assert no_team.value.code == "room.error.no_team"
        assert t(no_team.value.code) == "Kies eerst je team."
    with pytest.raises(WorkshopError) as seat:
        ws.receive(Vote(ROOD, "A", seat="s99"))
    assert seat.value.code == "room.error.token"


def test_seats_and_phone_votes_survive_the_file_and_tokens_are_only_hashed(tmp_path) -> None:
    library = fixture_library()
    ws = new_workshop(library)
    ws.open_room("0421")
    (seat, token), (seat2, _token2) = phones(ws, ROOD, 2)
    ws.receive(Vote(ROOD, "B", seat=seat))
    ws.receive(Vote(ROOD, "B", seat=seat2))
    path = save_workshop(ws, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert token not in text and token_hash(token) in text
    back, _ = load_workshop(path, library)
    assert back.room is not None and back.room.code == "0421"
    assert back.room.find(token).id == seat  # the phone's old token still works
    assert {s: p.option for s, p in back.record.phones.items()} == {seat: 1, seat2: 1}
    assert back.team_vote(ROOD) == 1


def test_f9_right_after_a_reveal_keeps_that_moments_votes(tmp_path) -> None:
    from klantkoning.engine.workshop import summarize

    library = fixture_library()
    ws = new_workshop(library)
    ws.receive(Vote(ROOD, "A"))
    ws.receive(Vote(GROEN, "B"))
    ws.reveal()
    ws.finish()
    board = summarize(ws)
    assert {t.team: t.votes for t in board.teams} == {ROOD: 1, BLAUW: 0, GROEN: 1}
    assert len(board.rows) == 2
    back, _ = load_workshop(save_workshop(ws, tmp_path), library)
    assert back.is_done and len(back.records) == 1
    assert {t.team: t.votes for t in summarize(back).teams} == {ROOD: 1, BLAUW: 0, GROEN: 1}
    from klantkoning.report import render

    markdown = render(back, "md")  # the reports tell that moment with its votes
    assert "1 stem (Rood)" in markdown and "1 stem (Groen)" in markdown
    assert "Ze voelt zich gezien." in render(back, "html")


def test_an_unrevealed_moment_is_still_dropped_by_f9() -> None:
    ws = new_workshop(fixture_library())
    ws.receive(Vote(ROOD, "A"))
    ws.finish()
    assert ws.records == []


def test_a_reveal_can_be_undone_until_the_room_continues() -> None:
    ws = new_workshop(fixture_library())
    ws.receive(Vote(ROOD, "A"))
    ws.reveal()
    ws.pick(2)
    ws.unreveal()
    assert ws.phase == "vote" and ws.record.revealed is None and ws.record.pick is None
    ws.receive(Vote(ROOD, "B"))  # voting is open again
    ws.reveal()
    ws.follow()
    with pytest.raises(WorkshopError):
        ws.unreveal()  # after continuing: too late


def test_a_picked_option_is_in_the_file_before_enter(tmp_path) -> None:
    library = fixture_library()
    clock = FakeClock()
    ws = new_workshop(library, clock=clock)
    ws.receive(Vote(ROOD, "A"))
    ws.reveal()
    ws.pick(2)  # not the majority (A)
    back, _ = load_workshop(save_workshop(ws, tmp_path), library)
    assert back.phase == "reveal" and back.record.pick == 2
    record = back.follow()
    assert record.followed == 2 and record.override


def test_workshop_path_is_unchanged_by_a_room(tmp_path: Path) -> None:
    ws = new_workshop(fixture_library())
    before = workshop_path(ws, tmp_path)
    ws.open_room("1234")
    assert workshop_path(ws, tmp_path) == before


def test_the_projector_counts_what_decides_and_marks_what_the_room_follows() -> None:
    from klantkoning.web.view import state_of

    ws = new_workshop(fixture_library())
    ws.open_room("0421")
    for seat, _ in phones(ws, ROOD, 3):  # three Rood phones on B
        ws.receive(Vote(ROOD, "B", seat=seat))
    ws.receive(Vote(BLAUW, "A", seat=phones(ws, BLAUW, 1)[0][0]))
    ws.receive(Vote(GROEN, "A", seat=phones(ws, GROEN, 1)[0][0]))
    ws.reveal()
    state = state_of(ws)
    # B has the most people, A the most teams: the cards show the teams (what decides,
    # as the console and the report do), so "de zaal volgt A" is what the counts say.
    assert state["tally"] == {"A": 2, "B": 1, "C": 0}
    assert state["hands"] == {"A": 2, "B": 3, "C": 0}
    assert state["follow"] == state["majority"] == "A"
    assert state["votes_cast"] == 5


def test_a_vote_the_trainer_typed_holds_over_the_teams_phones_until_erased(tmp_path) -> None:
    library = fixture_library()
    ws = new_workshop(library)
    ws.open_room("0421")
    rood = phones(ws, ROOD, 2)
    ws.receive(Vote(ROOD, "B", seat=rood[0][0]))
    assert ws.team_vote(ROOD) == 1 and not ws.team_vote_typed(ROOD)  # the phones' vote
    ws.receive(Vote(ROOD, "A"))  # the trainer decides for Rood
    assert ws.team_vote(ROOD) == 0 and ws.team_vote_typed(ROOD)
    ws.receive(Vote(ROOD, "C", seat=rood[1][0]))  # a phone votes afterwards
    assert ws.team_vote(ROOD) == 0  # the trainer's vote holds
    assert ws.record.hands()[1:] == [1, 1]  # the phones still count as hands
    from klantkoning.ui.workshop_render import team_votes_text

    line = next(x for x in team_votes_text(ws, None).plain.splitlines() if ROOD in x)
    assert line.endswith("(ingetypt)")  # the console says why the phones do not count
    # Saved and resumed: still the trainer's.
    back, _ = load_workshop(save_workshop(ws, tmp_path), library)
    assert back.team_vote(ROOD) == 0 and back.team_vote_typed(ROOD)
    back.receive(Vote(ROOD, "C", seat=rood[0][0]))
    assert back.team_vote(ROOD) == 0
    # Erased by the trainer: the team follows its phones again (both on C now).
    back.receive(Vote(ROOD, None))
    assert back.team_vote(ROOD) == 2 and not back.team_vote_typed(ROOD)


def test_undoing_a_typed_vote_gives_the_team_back_to_its_phones() -> None:
    from klantkoning.ui.workshop_votes import KeyboardVoteSource

    ws = new_workshop(fixture_library())
    ws.open_room("0421")
    seat, _ = phones(ws, ROOD, 1)[0]
    ws.receive(Vote(ROOD, "B", seat=seat))
    keys = KeyboardVoteSource(
        ws.teams,
        lambda: len(ws.options),
        lambda _option: 0,
        vote_of=ws.team_vote,
        typed_of=ws.team_vote_typed,
    )
    ws.listen(keys)
    keys.press_letter("a")  # the trainer types A for Rood (the first team)
    assert ws.team_vote(ROOD) == 0 and ws.team_vote_typed(ROOD)
    assert keys.erase() == ROOD  # Backspace: undone
    assert ws.team_vote(ROOD) == 1 and not ws.team_vote_typed(ROOD)  # B, the phone's
