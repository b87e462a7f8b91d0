"""Player saves: round trips, the file on disk, corrupt and foreign saves, names, merging."""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantkoning.engine.library.folders import load_library
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.engine.play.session import Session, play_path
from klantkoning.engine.saves import savefile
from klantkoning.engine.saves.store import (
    NAME_MAX,
    SAVE_FORMAT,
    Attempt,
    Profile,
    SaveError,
    SaveStore,
    Settings,
    Unfinished,
    clean_name,
    dump_save,
    parse_save,
    record_play,
    slugify,
)
from klantkoning.i18n import set_language

LIBRARY = Path(__file__).parent / "fixtures" / "saves" / "library"
T0 = datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)


def make_attempt(n: int = 0, scenario: str = "alpha-baan", **changes: object) -> Attempt:
    data: dict[str, object] = {
        "scenario_id": scenario,
        "scenario_hash": "abc123",
        "started": T0 + timedelta(minutes=n),
        "finished": T0 + timedelta(minutes=n, seconds=90),
        "history": [("begin", 1), ("midden", 0)],
        "choices": [2, 1],
        "path": ["begin", "midden", "blij"],
        "ending": "blij",
        "outcome": "enthousiast",
        "mood": 5,
        "start_mood": 0,
        "lowest_mood": 0,
        "recovered": False,
        "score": {"welkom": 2, "verleuken": 3, "verwonderen": 2},
        "mode": "direct",
    }
    data.update(changes)
    return Attempt(**data)  # type: ignore[arg-type]


def save_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if ".corrupt-" not in p.name)


# -- round trip and the file ------------------------------------------------------------


def test_round_trip_of_profile_with_attempts_and_unfinished_play(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.get_or_create("Anna")
    profile = store.record_attempt(profile, make_attempt(0))
    profile = store.record_attempt(profile, make_attempt(1, outcome="tevreden", mode="exam"))
    unfinished = Unfinished(
        "beta-kort",
        "h4sh",
        T0 + timedelta(hours=1),
        {"version": 1, "scenario": "beta-kort", "history": [["vraag", 0]]},
    )
    profile = store.save_unfinished(profile, unfinished)
    profile = store.update_settings(profile, Settings(feedback_mode="exam", theme="nord"))

    again = SaveStore(tmp_path).find("Anna")
    assert again is not None
    assert again.name == "Anna"
    assert again.attempts == [make_attempt(0), make_attempt(1, outcome="tevreden", mode="exam")]
    assert again.attempts[0].history == [("begin", 1), ("midden", 0)]
    assert again.attempts[0].started == T0  # microseconds survive: they are the attempt's key
    assert again.unfinished == unfinished
    assert again.settings == Settings("exam", "nord")
    assert again.created.tzinfo is not None
    assert store.notices == []


def test_an_unfinished_play_keeps_the_feedback_mode_it_started_in(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.get_or_create("Eva")
    state = {"version": 1, "scenario": "beta-kort", "history": [["vraag", 0]]}
    profile = store.save_unfinished(profile, Unfinished("beta-kort", "h", T0, state, "exam"))
    # The setting changing afterwards does not change the play in progress.
    profile = store.update_settings(profile, Settings(feedback_mode="direct"))

    again = SaveStore(tmp_path).find("Eva")
    assert again is not None and again.unfinished is not None
    assert again.unfinished.mode == "exam"
    assert again.settings.feedback_mode == "direct"
    unfinished = tomllib.loads(store.path_for(again).read_text("utf-8"))["unfinished"]
    assert unfinished["mode"] == "exam"


def test_an_unfinished_play_saved_before_modes_were_kept_loads_as_direct(
    tmp_path: Path,
) -> None:
    # A save written by the previous version: [unfinished] has no mode.
    (tmp_path / "fons.toml").write_text(
        "format = 1\n"
        'name = "Fons"\n'
        "created = 2026-03-01T09:00:00Z\n"
        "\n"
        "[settings]\n"
        'feedback_mode = "exam"\n'
        "\n"
        "[unfinished]\n"
        'scenario_id = "beta-kort"\n'
        'scenario_hash = "h"\n'
        "started = 2026-03-01T09:30:00.123456Z\n"
        "\n"
        "[unfinished.state]\n"
        "version = 1\n"
        'scenario = "beta-kort"\n'
        'history = [["vraag", 0]]\n',
        encoding="utf-8",
    )
    store = SaveStore(tmp_path)
    profile = store.find("Fons")
    assert store.notices == []  # not taken for a damaged save
    assert profile is not None and profile.unfinished is not None
    assert profile.unfinished.mode == "direct"  # never counted as exam after the fact
    assert profile.unfinished.started == T0
    assert profile.unfinished.state["history"] == [["vraag", 0]]


def test_the_documented_example_file_is_a_valid_save() -> None:
    doc = (savefile.__doc__ or "").split("::\n\n", 1)[1]
    example = "\n".join(line[4:] for line in doc.splitlines())
    profile = parse_save(example, "anna")
    assert profile.name == "[bold]Anna[/] 🎉"
    assert profile.unfinished is not None and profile.attempts[0].recovered


def test_file_is_human_readable_toml_with_format_2(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.record_attempt(store.get_or_create("Bram"), make_attempt())
    path = store.path_for(profile)
    assert path == tmp_path / "bram.toml"
    text = path.read_text("utf-8")
    data = tomllib.loads(text)
    assert data["format"] == SAVE_FORMAT == 2
    assert data["attempt_count"] == 1
    assert data["name"] == "Bram"
    assert isinstance(data["attempts"][0]["started"], datetime)  # a TOML datetime, not a string
    assert data["attempts"][0]["started"].utcoffset() == timedelta(0)
    # Short lists stay on one line, so a person can read the file.
    assert 'path = ["begin", "midden", "blij"]' in text
    assert 'history = [["begin", 1], ["midden", 0]]' in text
    assert text.startswith("#")


def test_atomic_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.get_or_create("Cas")
    for n in range(5):
        profile = store.record_attempt(profile, make_attempt(n))
        profile = store.save_unfinished(profile, None)
    # Only the save is in sight: the lock files are hidden (.<name>.lock).
    visible = [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")]
    assert visible == ["cas.toml"]
    hidden = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert hidden and all(name.endswith(".lock") for name in hidden)
    assert [p.name for p in save_files(tmp_path)] == ["cas.toml"]


def test_record_attempt_is_idempotent(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.get_or_create("Dana")
    profile = store.record_attempt(profile, make_attempt(3))
    profile = store.record_attempt(profile, make_attempt(3))
    profile = store.record_attempt(profile, make_attempt(3, outcome="ontevreden"))  # same key
    assert len(profile.attempts) == 1
    assert len(store.reload(profile).attempts) == 1


def test_recording_the_play_clears_only_its_own_unfinished_play(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.get_or_create("Eva")
    other = Unfinished("beta-kort", "h", T0 + timedelta(days=1), {"version": 1})
    profile = store.save_unfinished(profile, other)
    profile = store.record_attempt(profile, make_attempt(0))
    assert store.reload(profile).unfinished == other
    mine = Unfinished("alpha-baan", "h", T0 + timedelta(minutes=7), {"version": 1})
    profile = store.save_unfinished(profile, mine)
    profile = store.record_attempt(profile, make_attempt(7))
    assert profile.unfinished is None
    assert store.reload(profile).unfinished is None


def test_an_unfinished_state_toml_cannot_hold_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.get_or_create("Hugo")
    weird = Unfinished("alpha-baan", "h", T0, {"version": 1, "flags": {1, 2}})
    profile = store.save_unfinished(profile, weird)
    assert [n.code for n in store.notices] == ["write_failed"]
    saved = SaveStore(tmp_path).find("Hugo")
    assert saved is not None and saved.unfinished is None  # the file was left as it was


def test_unfinished_play_with_changed_scenario_hash_is_detectable(tmp_path: Path) -> None:
    library = load_library(LIBRARY)
    entry = library.get("alpha-baan")
    assert entry is not None and entry.scenario is not None
    session = play_path(entry.scenario, [2])
    store = SaveStore(tmp_path)
    store.save_unfinished(
        store.get_or_create("Finn"),
        Unfinished(entry.id, "an-older-hash", T0, session.to_dict()),
    )
    saved = SaveStore(tmp_path).find("Finn")
    assert saved is not None and saved.unfinished is not None
    assert saved.unfinished.scenario_hash != entry.content_hash  # the UI offers a new start
    resumed = Session.from_dict(entry.scenario, saved.unfinished.state)
    assert resumed.node == "midden" and resumed.mood == 1


# -- corrupt and foreign saves --------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b'format = 1\nname = "Gijs\n',  # bad TOML
        b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe binary",  # not UTF-8
        b'format = 1\nname = "Gijs"\ncreated = 2026-01-01T00:00:00Z\nlevel = 3\n',  # unknown key
        b'format = 1\nname = "Gijs"\ncreated = "yesterday"\n',  # wrong type
        b'format = 1\nname = "Gijs"\ncreated = 2026-01-01T00:00:00Z\n'
        b'[[attempts]]\nscenario_id = "x"\n',  # attempt missing everything
        b'format = 0\nname = "Gijs"\ncreated = 2026-01-01T00:00:00Z\n',  # no such format
        b"",  # empty
        b'format = 1\nname = "Gijs"\ncreated = 0\n',  # a number is no date-time
        b'format = 1\nname = "Gijs"\ncreated = 2026-01-01\n',  # a date alone neither
        b'format = true\nname = "Gijs"\ncreated = 2026-01-01T00:00:00Z\n',
        b"name = 'Gijs'\ncreated = 2026-01-01T00:00:00Z\n",  # no format
    ],
    ids=[
        "bad-toml",
        "binary",
        "unknown-key",
        "wrong-type",
        "incomplete",
        "format-0",
        "empty",
        "number-date",
        "date-only",
        "format-bool",
        "no-format",
    ],
)
def test_corrupt_save_is_moved_aside_with_notice_and_not_overwritten(
    tmp_path: Path, content: bytes
) -> None:
    (tmp_path / "gijs.toml").write_bytes(content)
    store = SaveStore(tmp_path)
    assert store.list_profiles() == []
    moved = list(tmp_path.glob("gijs.corrupt-*.toml"))
    assert len(moved) == 1
    assert moved[0].read_bytes() == content  # kept byte for byte
    assert [n.code for n in store.notices] == ["corrupt_moved"]
    assert str(moved[0]) in store.notices[0].message
    # A fresh profile can still be made, and it does not touch the old file.
    profile = store.record_attempt(store.get_or_create("Gijs"), make_attempt())
    assert store.path_for(profile).name == "gijs.toml"
    assert moved[0].read_bytes() == content
    assert SaveStore(tmp_path).find("Gijs") is not None


@pytest.mark.parametrize(
    ("content", "says", "never"),
    [
        (b'format = 1\nname = "Gijs\n', ["regel 2, kolom 8", "aanhalingsteken"], "Illegal"),
        (
            b"\x89PNG\r\n\x1a\n\x00\xff binary",
            ["(geen UTF-8-tekst: een binair of anders gecodeerd bestand)"],
            "not UTF-8",
        ),
    ],
    ids=["bad-toml", "binary"],
)
def test_the_notice_says_in_dutch_what_is_wrong_with_a_broken_save(
    tmp_path: Path, content: bytes, says: list[str], never: str
) -> None:
    (tmp_path / "gijs.toml").write_bytes(content)
    store = SaveStore(tmp_path)
    store.list_profiles()
    message = store.notices[0].message
    assert all(part in message for part in says), message
    assert never not in message


def test_a_save_damaged_while_playing_is_moved_aside_and_written_anew(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.record_attempt(store.get_or_create("Gijs"), make_attempt(0))
    store.path_for(profile).write_bytes(b"\x00\xff damaged by another program")
    profile = store.record_attempt(profile, make_attempt(1))
    assert [n.code for n in store.notices] == ["corrupt_moved"]
    saved = SaveStore(tmp_path).find("Gijs")
    assert saved is not None and len(saved.attempts) == 2  # what this game knew survives
    assert len(list(tmp_path.glob("gijs.corrupt-*.toml"))) == 1


def test_moving_aside_never_overwrites_an_earlier_corrupt_copy(tmp_path: Path) -> None:
    for round_ in range(3):
        (tmp_path / "hans.toml").write_bytes(f"broken {round_} [".encode())
        SaveStore(tmp_path).list_profiles()
    copies = sorted(p.read_text() for p in tmp_path.glob("hans.corrupt-*.toml"))
    assert copies == ["broken 0 [", "broken 1 [", "broken 2 ["]


def test_save_from_a_newer_version_is_left_untouched(tmp_path: Path) -> None:
    content = (
        b'format = 3\nname = "Ilse"\ncreated = 2030-01-01T00:00:00Z\n[shiny_new_table]\nx = 1\n'
    )
    path = tmp_path / "ilse.toml"
    path.write_bytes(content)
    store = SaveStore(tmp_path)
    profile = store.get_or_create("Ilse")
    assert profile.readonly
    assert [n.code for n in store.notices] == ["newer_format"]
    assert "3" in store.notices[0].message
    after = store.record_attempt(profile, make_attempt())
    after = store.save_unfinished(after, None)
    assert len(after.attempts) == 1  # kept in memory for this game
    assert path.read_bytes() == content
    assert list(tmp_path.glob("*.corrupt-*")) == []
    assert [p.name for p in save_files(tmp_path)] == ["ilse.toml"]  # no second file for her
    assert [n.code for n in store.notices] == ["newer_format"]  # told once, clearly
    elsewhere = SaveStore(tmp_path / "other")
    elsewhere.save_unfinished(profile, None)
    assert [n.code for n in elsewhere.notices] == ["not_saved"]


def test_newer_save_without_readable_name_does_not_block_others(tmp_path: Path) -> None:
    (tmp_path / "speler.toml").write_bytes(b"format = 7\n")
    store = SaveStore(tmp_path)
    profile = store.record_attempt(store.get_or_create("🎉"), make_attempt())
    assert profile.slug == "speler-2"
    assert (tmp_path / "speler.toml").read_bytes() == b"format = 7\n"


# -- folders that cannot be written ---------------------------------------------------


def _assert_plays_without_saving(store: SaveStore, folder: Path) -> None:
    assert store.writable is False
    assert store.notices and store.notices[0].code == "not_writable"
    assert str(folder) in store.notices[0].message
    profile = store.get_or_create("Jet")
    profile = store.record_attempt(profile, make_attempt())
    profile = store.save_unfinished(profile, None)
    profile = store.update_settings(profile, Settings("exam"))
    assert len(profile.attempts) == 1
    assert profile.settings.feedback_mode == "exam"
    store.notices.clear()  # the UI showed them
    store.save_unfinished(profile, None)
    assert store.notices == []  # not told again after every choice


def test_saves_folder_under_a_file_is_not_writable_but_the_game_plays(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("not a folder")
    folder = tmp_path / "file.txt" / "saves"
    store = SaveStore(folder)
    _assert_plays_without_saving(store, folder)
    assert store.list_profiles() == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_saves_folder_is_not_writable_but_the_game_plays(tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        store = SaveStore(folder)
        _assert_plays_without_saving(store, folder)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_folder_refusing_writes_is_reported_with_its_reason_even_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()

    def refuse(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    store = SaveStore(folder)
    monkeypatch.undo()
    assert "Geen toestemming" in store.notices[0].message  # the OS error in Dutch
    _assert_plays_without_saving(store, folder)
    assert list(folder.iterdir()) == []


def test_record_finished_play_into_unusable_folder_returns_notices(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    entry, session = _finished_alpha()
    notices = record_play(tmp_path / "file.txt" / "saves", "Kees", entry, session)[1]
    assert notices[0].code == "not_writable"


# -- names ----------------------------------------------------------------------------


def test_names_are_stored_literally_in_separate_files(tmp_path: Path) -> None:
    names = ["Anna", "[bold]x[/]", "b-x", "[b]x", "😀🎉", 'Zoë "de" Vries', "Ånnå"]
    store = SaveStore(tmp_path)
    profiles = [store.record_attempt(store.get_or_create(n), make_attempt()) for n in names]
    assert len({p.slug for p in profiles}) == len(names)
    assert len(save_files(tmp_path)) == len(names)
    fresh = SaveStore(tmp_path)
    for name in names:
        found = fresh.find(name)
        assert found is not None and found.name == name
        assert fresh.path_for(found).parent == tmp_path
    assert sorted(p.name for p in fresh.list_profiles()) == sorted(names)
    assert {p.slug for p in profiles} >= {"anna", "anna-2", "speler", "zoe-de-vries", "b-x"}


def test_a_name_in_other_capitals_is_the_same_player(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    piet = store.record_attempt(store.get_or_create("Piet"), make_attempt())
    again = store.get_or_create("piet")
    assert (again.slug, again.name, len(again.attempts)) == (piet.slug, "Piet", 1)
    assert SaveStore(tmp_path).find("PIET") == again
    assert len(save_files(tmp_path)) == 1


def test_a_read_only_player_is_not_taken_for_one_in_other_capitals(tmp_path: Path) -> None:
    SaveStore(tmp_path).get_or_create("PIET")
    file = tmp_path / "piet.toml"
    file.write_text(file.read_text(encoding="utf-8").replace("format = 2", "format = 99"))
    store = SaveStore(tmp_path)
    assert store.find("PIET") is not None and store.find("PIET").readonly  # type: ignore[union-attr]
    piet = store.get_or_create("piet")  # a player of its own that can be saved
    assert not piet.readonly and piet.slug != "piet"


def test_two_old_players_differing_in_capitals_stay_apart(tmp_path: Path) -> None:
    SaveStore(tmp_path).get_or_create("Anna")  # and a second, made by an older version:
    text = (tmp_path / "anna.toml").read_text(encoding="utf-8")
    (tmp_path / "anna-2.toml").write_text(text.replace('"Anna"', '"anna"'), encoding="utf-8")
    store = SaveStore(tmp_path)
    assert store.find("Anna").slug == "anna"  # type: ignore[union-attr]
    assert store.find("anna").slug == "anna-2"  # type: ignore[union-attr]
    assert store.find("ANNA") is None  # which one? not guessed


def test_finding_a_profile_reads_the_name_inside_the_file(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.get_or_create("anna")
    (tmp_path / "anna.toml").rename(tmp_path / "zzz.toml")
    found = SaveStore(tmp_path).find("anna")
    assert found is not None and found.slug == "zzz"
    assert SaveStore(tmp_path).find("zzz") is None
    assert SaveStore(tmp_path).get_or_create("anna").slug == "zzz"


@pytest.mark.parametrize("name", ["", "   ", "\n\t", "x" * (NAME_MAX + 1)])
def test_bad_names_are_refused_with_a_clear_error(tmp_path: Path, name: str) -> None:
    store = SaveStore(tmp_path)
    with pytest.raises(SaveError) as info:
        store.get_or_create(name)
    assert info.value.code in ("name_empty", "name_too_long")
    assert "{" not in info.value.message and info.value.message
    assert save_files(tmp_path) == []


def test_newlines_in_a_name_are_stripped(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.get_or_create("  Lotte\nvan\r\nDam ")
    assert profile.name == "Lotte van  Dam"
    assert store.find("Lotte van  Dam") is not None
    assert "\n" not in store.path_for(profile).read_text().split("name = ")[1].split("\n")[0]


def test_undecodable_bytes_in_a_name_do_not_break_saving(tmp_path: Path) -> None:
    name = b"Jos\xe9".decode("utf-8", "surrogateescape")  # as argv gives it on a latin-1 shell
    store = SaveStore(tmp_path)
    profile = store.record_attempt(store.get_or_create(name), make_attempt())
    assert profile.name == "Jos\ufffd"
    assert store.notices == []
    assert SaveStore(tmp_path).find(name) is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(min_size=1, max_size=NAME_MAX))
def test_any_acceptable_name_round_trips_exactly(name: str) -> None:
    try:
        expected = clean_name(name)
    except SaveError:
        return
    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(Path(folder))
        profile = store.get_or_create(name)
        assert store.path_for(profile).parent == Path(folder)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", profile.slug)
        found = SaveStore(Path(folder)).find(name)
        assert found is not None and found.name == expected
        assert store.notices == []


def test_a_name_of_exactly_the_maximum_length_is_fine(tmp_path: Path) -> None:
    name = "é" * NAME_MAX
    profile = SaveStore(tmp_path).get_or_create(name)
    assert profile.name == name and profile.slug == "e" * NAME_MAX


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Zoë", "zoe"),
        ("Jan-Willem de Boer", "jan-willem-de-boer"),
        ("../../etc/passwd", "etc-passwd"),
        ("[link=https://x]hi[/link]", "link-https-x-hi-link"),
        ("🙂", "speler"),
        ("[/]", "speler"),
        ("CON", "con-speler"),
        ("Ørjan Çelik", "orjan-celik"),
        ("Straße Æsir", "strasse-aesir"),
    ],
)
def test_slugs_are_safe_file_names(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_path_for_a_profile_never_leaves_the_saves_folder(tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    evil = Profile("x", "../../evil", T0, Settings(), [])
    assert store.path_for(evil).parent == tmp_path / "saves"


# -- two instances ----------------------------------------------------------------------


def test_two_instances_recording_interleaved_lose_no_attempt(tmp_path: Path) -> None:
    one, two = SaveStore(tmp_path), SaveStore(tmp_path)
    p1 = one.get_or_create("Mila")
    p2 = two.get_or_create("Mila")
    assert p1.slug == p2.slug
    for n in range(0, 10, 2):
        p1 = one.record_attempt(p1, make_attempt(n))
        p2 = two.record_attempt(p2, make_attempt(n + 1))  # p2 is stale: it never saw p1's
    final = SaveStore(tmp_path).find("Mila")
    assert final is not None
    assert [a.started for a in final.attempts] == [T0 + timedelta(minutes=n) for n in range(10)]
    assert len(save_files(tmp_path)) == 1


def test_settings_written_by_another_instance_are_not_lost(tmp_path: Path) -> None:
    one, two = SaveStore(tmp_path), SaveStore(tmp_path)
    p1 = one.get_or_create("Noor")
    p2 = two.get_or_create("Noor")
    one.update_settings(p1, Settings("exam"))
    p2 = two.record_attempt(p2, make_attempt())
    assert p2.settings.feedback_mode == "exam"
    assert two.reload(p2).settings.feedback_mode == "exam"


def test_a_save_deleted_meanwhile_is_written_again(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    profile = store.record_attempt(store.get_or_create("Olaf"), make_attempt(0))
    store.path_for(profile).unlink()
    profile = store.record_attempt(profile, make_attempt(1))
    saved = SaveStore(tmp_path).find("Olaf")
    assert saved is not None and len(saved.attempts) == 2


# -- the headless CLI -------------------------------------------------------------------


def _finished_alpha() -> tuple[ScenarioEntry, Session]:
    library = load_library(LIBRARY)
    entry = library.get("alpha-baan")
    assert entry is not None and entry.scenario is not None
    return entry, play_path(entry.scenario, [1, 3])


def test_record_finished_play_records_a_headless_attempt(tmp_path: Path) -> None:
    entry, session = _finished_alpha()
    assert record_play(tmp_path, "[red]Piet[/]", entry, session, started=T0)[1] == []
    assert record_play(tmp_path, "[red]Piet[/]", entry, session, started=T0)[1] == []
    profile = SaveStore(tmp_path).find("[red]Piet[/]")
    assert profile is not None
    (attempt,) = profile.attempts
    assert attempt.mode == "headless"
    assert attempt.scenario_hash == entry.content_hash
    assert attempt.path == ["begin", "midden", "blij"]
    assert attempt.history == [("begin", 0), ("midden", 2)]
    assert attempt.choices == [1, 3]
    assert attempt.outcome == "enthousiast"
    assert attempt.recovered is True
    assert attempt.score["herstel"] == 3


def test_record_finished_play_with_bad_name_or_unfinished_play_returns_notices(
    tmp_path: Path,
) -> None:
    entry, session = _finished_alpha()
    assert [n.code for n in record_play(tmp_path, " ", entry, session)[1]] == ["name_empty"]
    assert entry.scenario is not None
    half = play_path(entry.scenario, [1])
    notices = record_play(tmp_path, "Quinten", entry, half)[1]
    assert [n.code for n in notices] == ["not_finished"]


def test_notices_read_in_english_too(tmp_path: Path) -> None:
    (tmp_path / "rik.toml").write_bytes(b"[[[")
    store = SaveStore(tmp_path)
    store.list_profiles()
    set_language("en")
    assert "damaged" in store.notices[0].message


# -- the file format, for any content ---------------------------------------------------

_texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_attempts = st.builds(
    Attempt,
    scenario_id=st.text(min_size=1, max_size=8),
    scenario_hash=_texts,
    started=st.datetimes(timezones=st.just(UTC)),
    finished=st.datetimes(timezones=st.just(UTC)),
    history=st.lists(st.tuples(_texts, st.integers(0, 9)), max_size=4),
    choices=st.lists(st.integers(1, 9), max_size=4),
    path=st.lists(_texts, max_size=40),
    ending=_texts,
    outcome=st.sampled_from(["ontevreden", "tevreden", "enthousiast"]),
    mood=st.integers(-5, 5),
    start_mood=st.integers(-5, 5),
    lowest_mood=st.integers(-5, 5),
    recovered=st.booleans(),
    score=st.dictionaries(_texts, st.integers(-30, 30), max_size=4),
    mode=st.sampled_from(["direct", "exam", "headless"]),
)


@settings(max_examples=80, deadline=None)
@given(
    name=_texts.filter(lambda s: s.strip() != ""),
    attempts=st.lists(_attempts, max_size=4, unique_by=lambda a: a.key),
    state_history=st.lists(st.lists(_texts, max_size=3), max_size=5),
    mode=st.sampled_from(["direct", "exam"]),
)
def test_any_profile_survives_the_file_format(
    name: str, attempts: list[Attempt], state_history: list[list[str]], mode: str
) -> None:
    profile = Profile(
        name,
        "x",
        T0,
        Settings("exam", None),
        sorted(attempts, key=lambda a: (a.started, a.scenario_id)),
        Unfinished("s", "h", T0, {"version": 1, "history": state_history}, mode),
    )
    text = dump_save(profile)
    assert parse_save(text, "x") == profile
    assert "\n        " not in text  # the compact layout was kept, not the fallback
