"""The running play: mood, flags, visibility, outcomes, saving and resuming, errors."""

from __future__ import annotations

import pytest
from analysis_support import beat, choice, ending, scenario

from klantkoning.engine.format.model import clamp_mood, derive_outcome
from klantkoning.engine.play.session import PlayError, Session, parse_path, play_path

BODY = (
    beat(
        "begin",
        "Een klant komt binnen.",
        choice(
            "Vriendelijk begroeten", "midden", mood=4, score={"welkom": 2}, sets=["vriendelijk"]
        ),
        choice("Bot doorwerken", "midden", mood=-4, score={"welkom": -2}, sets=["bot"]),
    ),
    beat(
        "midden",
        "De klant stelt een vraag.",
        choice(
            "Iets extra's doen",
            "slot",
            mood=3,
            score={"verwonderen": 3},
            requires=["vriendelijk"],
        ),
        choice("Excuses maken", "slot", mood=2, score={"herstel": 2}, unless=["vriendelijk"]),
        choice("Gewoon antwoorden", "slot"),
    ),
    beat(
        "slot",
        "Afronden.",
        choice("Gedag zeggen", "einde"),
        choice("Klant doorsturen", "doorgestuurd", mood=-1),
    ),
    ending("einde", "Einde", "De klant gaat."),
    ending(
        "doorgestuurd", "Doorgestuurd", "De klant moet ergens anders heen.", outcome="ontevreden"
    ),
)


@pytest.fixture
def sc():
    return scenario(*BODY)


def test_mood_is_clamped_after_each_step(sc) -> None:
    session = play_path(sc, [1, 1])  # +4 then +3: 7 is clamped to 5
    assert session.mood == 5
    low = scenario(*BODY, mood=-3)
    session = play_path(low, [2])  # -3 - 4 = -7 -> -5
    assert session.mood == -5
    assert session.lowest_mood == -5
    assert clamp_mood(9) == 5 and clamp_mood(-9) == -5 and clamp_mood(2) == 2


def test_flags_steer_which_choices_are_visible(sc) -> None:
    friendly = play_path(sc, [1])
    assert friendly.flags == {"vriendelijk"}
    assert [vc.index for vc in friendly.visible_choices] == [0, 2]  # requires shown, unless hidden
    rude = play_path(sc, [2])
    assert rude.flags == {"bot"}
    assert [vc.index for vc in rude.visible_choices] == [1, 2]
    assert [vc.number for vc in rude.visible_choices] == [1, 2]  # numbered as shown


def test_choose_takes_the_visible_number_not_the_file_index(sc) -> None:
    session = play_path(sc, [2, 1])  # visible 1 at midden is the file's second choice
    assert session.history == [("begin", 1), ("midden", 1)]
    assert session.score["herstel"] == 2
    assert session.numbers == [2, 1]


def test_scores_add_up_per_dimension(sc) -> None:
    result = play_path(sc, [1, 1, 1]).result()
    assert result.score["welkom"] == 2
    assert result.score["verwonderen"] == 3
    assert result.score["herstel"] == 0
    assert set(result.score) >= {"welkom", "basis", "verleuken", "vertrouwen"}


@pytest.mark.parametrize(
    ("mood", "outcome"),
    [(-5, "ontevreden"), (-2, "ontevreden"), (-1, "tevreden"), (0, "tevreden"),
     (2, "tevreden"), (3, "enthousiast"), (5, "enthousiast")],
)  # fmt: skip
def test_outcome_is_derived_from_the_final_mood_at_the_boundaries(mood: int, outcome: str) -> None:
    assert derive_outcome(mood) == outcome
    one_step = scenario(
        beat("begin", "Start.", choice("Verder", "klaar")), ending("klaar"), mood=mood
    )
    result = play_path(one_step, [1]).result()
    assert result.outcome == outcome
    assert result.outcome_derived


def test_explicit_outcome_wins_over_the_mood(sc) -> None:
    result = play_path(sc, [1, 1, 2]).result()  # mood 5, but the ending says ontevreden
    assert result.mood == 4
    assert result.outcome == "ontevreden"
    assert not result.outcome_derived


def test_service_recovery_is_recognised() -> None:
    sc = scenario(*BODY, mood=1)
    result = play_path(sc, [2, 1, 1]).result()  # 1 -> -3 -> -1: not above the start
    assert not result.recovered
    recovering = scenario(
        beat("begin", "Er gaat iets mis.", choice("Fout", "herstel", mood=-3)),
        beat("herstel", "Herstel.", choice("Briljant oplossen", "klaar", mood=5)),
        ending("klaar"),
    )
    result = play_path(recovering, [1, 1]).result()
    assert (result.start_mood, result.lowest_mood, result.mood) == (0, -3, 2)
    # Back above the start, but only satisfied: no paradox.
    assert result.outcome == "tevreden" and not result.recovered
    enthusiastic = scenario(
        beat("begin", "Er gaat iets mis.", choice("Fout", "herstel", mood=-2)),
        beat("herstel", "Herstel.", choice("Briljant oplossen", "klaar", mood=5)),
        ending("klaar"),
    )
    result = play_path(enthusiastic, [1, 1]).result()
    assert (result.lowest_mood, result.mood, result.outcome) == (-2, 3, "enthousiast")
    assert result.recovered


def test_same_choices_give_the_same_everything(sc) -> None:
    first = play_path(sc, [2, 2, 1]).result().to_json()
    second = play_path(sc, [2, 2, 1]).result().to_json()
    assert first == second
    assert first["path"] == ["begin", "midden", "slot", "einde"]
    assert first["flags"] == ["bot"]


def test_a_bad_number_is_refused_with_a_domain_error(sc) -> None:
    session = Session(sc)
    for number in (0, 3, -1):
        with pytest.raises(PlayError) as info:
            session.choose(number)
        assert info.value.code == "play.no_such_choice"
        assert info.value.params["count"] == 2
    assert session.node == "begin" and session.steps_taken == 0  # nothing changed


def test_a_hidden_choice_cannot_be_taken_by_index(sc) -> None:
    session = play_path(sc, [1])
    with pytest.raises(PlayError) as info:
        session.choose_index(1)  # "Excuses maken" is hidden once vriendelijk is set
    assert info.value.code == "play.hidden_choice"


def test_no_choice_after_the_end_and_no_result_before_it(sc) -> None:
    session = play_path(sc, [1, 1])
    with pytest.raises(PlayError) as info:
        session.result()
    assert info.value.code == "play.not_ended"
    session.choose(1)
    assert session.ended
    with pytest.raises(PlayError) as info:
        session.choose(1)
    assert info.value.code == "play.already_ended"
    assert session.visible_choices == []


def test_save_and_resume_gives_the_same_play(sc) -> None:
    session = play_path(sc, [2, 1])
    data = session.to_dict()
    resumed = Session.from_dict(sc, data)
    assert resumed.node == session.node
    assert resumed.mood == session.mood
    assert resumed.flags == session.flags
    assert resumed.score == session.score
    assert resumed.path == session.path
    assert resumed.numbers == session.numbers
    resumed.choose(1)
    assert resumed.result().ending_id == "einde"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"version": 99}, "play.state_version"),
        ({"version": None}, "play.state_version"),
        ({"scenario": "ander-scenario"}, "play.state_scenario"),
        ({"history": "kapot"}, "play.state_broken"),
        ({"history": [["midden", 0]]}, "play.state_broken"),  # does not start at the start
        ({"history": [["begin", "0"]]}, "play.state_broken"),
        ({"history": [["begin"]]}, "play.state_broken"),
        ({"history": [["begin", 7]]}, "play.hidden_choice"),
        ({"history": [["begin", 0], ["midden", 1]]}, "play.hidden_choice"),  # hidden by flag
    ],
)
def test_a_save_that_does_not_fit_is_refused(sc, change: dict[str, object], code: str) -> None:
    data = play_path(sc, [1]).to_dict() | change
    with pytest.raises(PlayError) as info:
        Session.from_dict(sc, data)
    assert info.value.code == code


def test_copy_is_independent(sc) -> None:
    session = play_path(sc, [1])
    branch = session.copy()
    branch.choose(1)
    branch.choose(1)
    assert branch.ended
    assert session.node == "midden"
    assert session.flags == {"vriendelijk"}
    assert session.score["verwonderen"] == 0
    assert len(session.history) == 1 and len(session.path) == 2


def test_play_path_and_parse_path(sc) -> None:
    assert parse_path("2,1,1") == [2, 1, 1]
    assert parse_path(" 2 1  1 ") == [2, 1, 1]
    assert parse_path("2, 1,1") == [2, 1, 1]
    assert parse_path("") == []
    with pytest.raises(PlayError) as info:
        parse_path("2,a")
    assert info.value.code == "play.bad_path"
    session = play_path(sc, parse_path("2,1,1"))
    assert session.ended and session.result().ending_id == "einde"
    with pytest.raises(PlayError):
        play_path(sc, [1, 1, 1, 1])
