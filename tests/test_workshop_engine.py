"""Workshop session logic: votes, corrections, majority and ties, overrides, scoring, saves."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from workshop_support import TEAMS, FakeClock, fixture_library, new_workshop

from klantkoning.engine.play.session import Session
from klantkoning.engine.workshop import (
    Countdown,
    ManualVoteSource,
    Vote,
    VoteSource,
    WorkshopError,
    WorkshopSettings,
    latest_unfinished,
    list_workshops,
    load_workshop,
    save_workshop,
    summarize,
)

ROOD, BLAUW, GROEN = TEAMS


@pytest.fixture(scope="module")
def library():
    return fixture_library()


def points(library, scenario_id: str, beat: str, index: int) -> dict[str, int]:
    return dict(library.get(scenario_id).scenario.beats[beat].choices[index].score)


def test_votes_are_corrected_until_the_reveal_and_majority_is_followed(library) -> None:
    ws = new_workshop(library)
    source = ManualVoteSource()
    assert isinstance(source, VoteSource)
    ws.listen(source)
    source.submit(Vote(ROOD, "A"))
    source.submit(Vote(BLAUW, "b"))
    source.submit(Vote(GROEN, "B"))
    source.submit(Vote(ROOD, "B"))  # correction: Rood changes its mind
    assert ws.record is not None and ws.record.tally() == [0, 3, 0]
    source.submit(Vote(ROOD, None))  # withdrawn
    assert ws.record.tally() == [0, 2, 0]
    majority = ws.reveal()
    assert (majority.option, majority.tie, majority.total) == (1, False, 2)
    with pytest.raises(WorkshopError) as err:
        source.submit(Vote(ROOD, "A"))
    assert err.value.code == "workshop.error.votes_closed"
    record = ws.follow()
    assert record.followed == 1 and not record.override
    assert ws.session.history == [("begin", 1)]
    # "bot" was set, so at "midden" the first (requires bot) option is visible: A, B, C.
    assert ws.record is not None and ws.record.options == [0, 1, 2]


def test_tie_goes_to_the_earliest_option_and_is_recorded(library) -> None:
    ws = new_workshop(library)
    ws.receive(Vote(ROOD, "C"))
    ws.receive(Vote(BLAUW, "B"))
    majority = ws.reveal()
    assert majority.tie and majority.option == 1 and majority.tied == (1, 2)
    record = ws.follow()
    assert record.tie and record.followed == 1


def test_trainer_override_follows_another_option(library) -> None:
    ws = new_workshop(library)
    for team in TEAMS:
        ws.receive(Vote(team, "A"))
    ws.reveal()
    record = ws.follow(2)  # "let's see what happens if we do C"
    assert record.override and record.majority == 0 and record.followed == 2
    assert ws.phase == "ending" and ws.item.ending == "slecht"
    assert ws.item.outcome == "ontevreden"  # derived from mood -3


def test_bad_votes_are_refused_with_catalogue_codes(library) -> None:
    ws = new_workshop(library)
    with pytest.raises(WorkshopError) as err:
        ws.receive(Vote("Paars", "A"))
    assert err.value.code == "workshop.error.not_a_team"
    with pytest.raises(WorkshopError) as err:
        ws.receive(Vote(ROOD, "D"))
    assert err.value.code == "workshop.error.not_an_option"
    with pytest.raises(WorkshopError):
        ws.follow()  # not revealed yet


def test_settings_are_checked() -> None:
    with pytest.raises(WorkshopError) as err:
        WorkshopSettings("teams", ("Solo",)).validated()
    assert err.value.code == "workshop.error.team_count"
    with pytest.raises(WorkshopError) as err:
        WorkshopSettings("teams", ("A", " a ")).validated()
    assert err.value.code == "workshop.error.team_twice"
    with pytest.raises(WorkshopError):
        WorkshopSettings("teams", tuple(str(i) for i in range(9))).validated()
    assert WorkshopSettings("room", ("x",)).validated().teams == ()


def play_two_beats(ws) -> None:
    """Beat 1: Rood A, Blauw B, Groen B -> B.  Beat 2: Rood B, Blauw A, Groen A; trainer picks B."""
    ws.receive(Vote(ROOD, "A"))
    ws.receive(Vote(BLAUW, "B"))
    ws.receive(Vote(GROEN, "B"))
    ws.reveal()
    ws.follow()
    ws.receive(Vote(ROOD, "B"))
    ws.receive(Vote(BLAUW, "A"))
    ws.receive(Vote(GROEN, "A"))
    ws.reveal()
    ws.follow(1)


def test_each_team_scores_the_points_of_its_own_options(library) -> None:
    ws = new_workshop(library)
    play_two_beats(ws)
    assert ws.phase == "ending" and ws.item.ending == "goed"
    board = summarize(ws)
    expected = {team: dict.fromkeys(ws.dimensions.ids, 0) for team in TEAMS}
    votes = {
        ROOD: [("begin", 0), ("midden", 1)],
        BLAUW: [("begin", 1), ("midden", 0)],
        GROEN: [("begin", 1), ("midden", 0)],
    }
    for team, picks in votes.items():
        for beat, index in picks:
            for dim, n in points(library, "mini-balie", beat, index).items():
                expected[team][dim] += n
    assert {ts.team: ts.score for ts in board.teams} == expected
    assert board.teams[0].score["welkom"] == 2 and board.teams[1].score["herstel"] == 2
    # The room followed B then B: the score of the engine's own session.
    room = Session(library.get("mini-balie").scenario)
    room.choose_index(1)
    room.choose_index(1)
    assert board.room == room.score
    assert board.outcomes[0].outcome == "enthousiast"
    levels = {lu.level: lu.choices for lu in board.levels}
    assert levels["waarden"] and levels["omgeving"] and not levels["gedrag"]
    # Ending questions first, then the beats'.
    assert board.questions == (
        "Wat nemen we mee naar maandag?",
        "Wat ziet de klant als eerste?",
        "Wie is eigenaar van dit probleem?",
    )
    assert len(board.rows) == 6


def test_unrevealed_votes_do_not_count_yet(library) -> None:
    ws = new_workshop(library)
    ws.receive(Vote(ROOD, "A"))
    assert summarize(ws).teams[0].score["welkom"] == 0
    ws.reveal()
    assert summarize(ws).teams[0].score["welkom"] == 2


def test_room_mode_counts_hands_per_option(library) -> None:
    ws = new_workshop(library, mode="room", teams=())
    ws.receive(Vote(None, "A", 4))
    ws.receive(Vote(None, "C", 7))
    ws.receive(Vote(None, "A", 9))  # the trainer corrects the count
    ws.receive(Vote(None, "B", 2))
    ws.receive(Vote(None, "B", 0))  # and clears one
    assert ws.record is not None and ws.record.tally() == [9, 0, 7]
    with pytest.raises(WorkshopError):
        ws.receive(Vote(None, "A", -1))
    assert ws.reveal().option == 0
    ws.follow()
    board = summarize(ws)
    assert board.teams == ()
    assert [(r.option, r.count, r.team) for r in board.rows] == [("A", 9, ""), ("C", 7, "")]


def test_agenda_moves_on_to_the_next_scenario_and_ends(library) -> None:
    ws = new_workshop(library, ("mini-balie", "mini-telefoon"))
    ws.reveal()  # no votes: A by default (a tie of zeros)
    ws.follow(2)
    assert ws.phase == "ending"
    ws.next_scenario()
    assert ws.scenario.id == "mini-telefoon" and ws.phase == "vote"
    ws.receive(Vote(GROEN, "B"))
    ws.reveal()
    ws.follow()
    ws.next_scenario()
    assert ws.is_done and ws.finished is not None
    board = summarize(ws)
    assert [o.ending_id for o in board.outcomes] == ["slecht", "jammer"]
    assert board.teams[2].score["welkom"] == -2


def test_countdown_starts_pauses_and_extends() -> None:
    cd = Countdown(60)
    cd.start(100)
    assert cd.remaining(130) == 30
    cd.pause(130)
    assert cd.remaining(500) == 30
    cd.extend(30, 500)
    cd.start(500)
    assert cd.remaining(540) == 20
    assert cd.expired(600)
    cd.extend(30, 600)  # extended after zero: it runs again
    assert cd.remaining(610) == 20


def test_save_and_resume_keeps_every_vote_and_the_path(library, tmp_path: Path) -> None:
    clock = FakeClock()
    ws = new_workshop(library, ("mini-balie", "mini-telefoon"), clock=clock)
    ws.receive(Vote(ROOD, "A"))
    ws.receive(Vote(BLAUW, "B"))
    ws.receive(Vote(GROEN, "B"))
    ws.reveal()
    ws.follow()
    ws.receive(Vote(ROOD, "C"))
    ws.add_note("Groep [red]twijfelt[/] over excuses")
    ws.toggle_timer()
    clock.mono += 50
    path = save_workshop(ws, tmp_path)
    assert path.parent == tmp_path / "workshops" and path.name.endswith("-mini-balie.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == 1 and data["teams"] == list(TEAMS)
    assert data["beats"][0]["votes"][1] == {
        "team": BLAUW,
        "option": "B",
        "time": data["beats"][0]["votes"][1]["time"],
        "typed": True,  # by the trainer: it holds over the team's phones
    }
    assert data["timer"]["remaining"] == 70

    again, notices = load_workshop(path, library, clock=clock, monotonic=clock.monotonic)
    assert notices == []
    assert again.phase == "vote" and again.session.history == [("begin", 1)]
    assert again.team_vote(ROOD) == 2 and again.team_vote(BLAUW) is None
    assert again.timer_remaining() == 70 and not again.countdown.running
    assert again.notes[0].text == "Groep [red]twijfelt[/] over excuses"
    assert again.notes[0].beat_id == "midden"
    assert again.to_dict() == ws.to_dict() | {"timer": again.to_dict()["timer"]}
    # It plays on from there.
    again.receive(Vote(BLAUW, "B"))
    again.reveal()
    again.follow()
    assert again.item.ending == "goed"

    listed = list_workshops(tmp_path)
    assert [f.path for f in listed] == [path]
    assert latest_unfinished(tmp_path) is not None


def test_resume_says_so_when_a_scenario_changed(library, tmp_path: Path) -> None:
    ws = new_workshop(library)
    path = save_workshop(ws, tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(library.get("mini-balie").content_hash, "0" * 64), "utf-8")
    _, notices = load_workshop(path, library)
    assert notices == [("workshop.notice.changed", {"scenario": "mini-balie"})]


def test_broken_or_foreign_files_are_clear_errors(library, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\nkind = 'workshop'\nagenda = 3\n", "utf-8")
    with pytest.raises(WorkshopError) as err:
        load_workshop(bad, library)
    assert err.value.code == "workshop.error.broken"
    bad.write_text("format = 2\n", "utf-8")
    with pytest.raises(WorkshopError) as err:
        load_workshop(bad, library)
    assert err.value.code == "workshop.error.format"
    with pytest.raises(WorkshopError) as err:
        load_workshop(tmp_path / "none.toml", library)
    assert err.value.code == "workshop.error.no_file"


def test_lock_files_stay_hidden_and_out_of_the_workshop_list(library, tmp_path: Path) -> None:
    path = save_workshop(new_workshop(library), tmp_path)
    folder = path.parent
    assert (folder / f".{path.name}.lock").is_file()
    assert [p.name for p in folder.iterdir() if not p.name.startswith(".")] == [path.name]
    assert [f.path for f in list_workshops(tmp_path)] == [path]


def test_finished_session_is_not_offered_for_resume(library, tmp_path: Path) -> None:
    ws = new_workshop(library)
    ws.finish()
    save_workshop(ws, tmp_path)
    assert latest_unfinished(tmp_path) is None
    again, _ = load_workshop(list_workshops(tmp_path)[0].path, library)
    assert again.is_done and again.records == []


def test_equal_totals_share_a_place_on_the_scoreboard() -> None:
    from workshop_support import TEAMS, fixture_library, new_workshop

    from klantkoning.engine.workshop import Vote, summarize

    ws = new_workshop(fixture_library())
    for team, option in zip(TEAMS, "BBA", strict=True):
        ws.receive(Vote(team, option))
    ws.reveal()
    ws.follow()
    board = summarize(ws)
    places = [(place, ts.team) for place, ts in board.places(ws.dimensions)]
    # Groen (A) leads; Rood and Blauw voted the same, so they share second place.
    assert places == [(1, TEAMS[2]), (2, TEAMS[0]), (2, TEAMS[1])]


def test_a_broken_workshop_file_is_reported_with_its_place_in_dutch(
    tmp_path: Path, library
) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text("format = 1\nagenda = [\n", encoding="utf-8")
    with pytest.raises(WorkshopError) as err:
        load_workshop(broken, library)
    assert err.value.code == "workshop.error.unreadable"
    detail = str(err.value.params["detail"])
    assert detail.startswith(f"{broken}:")
    assert "Geen geldige TOML" in detail
