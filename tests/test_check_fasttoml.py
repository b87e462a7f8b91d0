"""The fast TOML reader must read exactly what tomllib reads, or step aside (return None)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantkoning.engine.format import fasttoml
from klantkoning.engine.format.locator import Locator, format_path

HERE = Path(__file__).parent
REPO = HERE.parent
CORPUS = REPO.parent / "shared" / "corpus" / "toml-test-invalid"
REAL_FILES = sorted(
    [
        *(HERE / "fixtures" / "check").glob("*.toml"),
        *(REPO / "scenarios").glob("*.toml"),
        *(REPO / "klantkoning" / "locale").rglob("*.toml"),
    ]
)


def assert_same_as_tomllib(text: str) -> None:
    fast = fasttoml.read(text)
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert fast is None, f"accepted invalid TOML: {text!r}"
        return
    if fast is not None:
        assert fast[0] == expected, text
        locator = Locator(text)
        for parts, line in fast[1].items():
            assert locator.line(format_path(parts)) == line, (parts, text)


@pytest.mark.parametrize("file", REAL_FILES, ids=lambda f: f"{f.parent.name}/{f.name}")
def test_real_files_are_read_fast_and_identically(file: Path) -> None:
    text = file.read_text(encoding="utf-8")
    assert fasttoml.read(text) is not None, "a plain file should not need tomllib"
    assert_same_as_tomllib(text)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"toml-test corpus not found at {CORPUS}")
def test_never_accepts_invalid_toml_from_the_corpus() -> None:
    accepted = []
    for file in sorted(CORPUS.rglob("*.toml")):
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if fasttoml.read(text) is not None:
            accepted.append(file.name)
    assert accepted == []


@pytest.mark.parametrize(
    "text",
    [
        'a = "x"\na = "y"\n',
        "[a]\n[a]\n",
        "[a]\nb = 1\n[a.b]\n",
        "a = {}\n[a.b]\n",
        "a = [1]\n[[a]]\n",
        "[[a]]\n[a]\n",
        "[a.b]\n[a]\nb = 1\n",
        "a = { b = 1, }\n",
        "a = { b = 1, b = 2 }\n",
        'a = """x""""\n',
        'a = """x\\y"""\n',
        'a = "\\ud800"\n',
        "a = 01\n",
        "a = 1_000\n",
        "a = 1.5\n",
        "a = 1979-05-27\n",
        "a = [1,,2]\n",
        "a = [,]\n",
        "a = true1\n",
        'a = "x" b = 1\n',
        "a =\n",
        "a = 'x\n",
        '"a" = 1\n',
        "a.b = 1\n",
        "a = 1\r\n",
        "a = 1 # \x7f\n",
        "[ a . b ]\nc = 1\n",
        "[[a]]\nb = 1\n[[a]]\nb = 2\n[a.c]\nd = 3\n",
        'a = """\n  x \\\n    y"""\n',
        "a = '''x'''''\n",
        "a = [\n  1, # een\n  2,\n]\n",
        "a = { b = [\n1] }\n",
    ],
)
def test_tricky_documents(text: str) -> None:
    assert_same_as_tomllib(text)


_keys = st.sampled_from(["a", "b", "c", "beats", "x-1", "_", "1", '"q"', "a.b", "a . b", ""])
_values = st.sampled_from(
    [
        "1",
        "-1",
        "+1",
        "0",
        "01",
        "1_0",
        "1.5",
        "1e3",
        "true",
        "false",
        "tru",
        "inf",
        '"x"',
        '"a\\"b"',
        '"\\u00e9"',
        '"\\x"',
        '"\\ud800"',
        "'lit'",
        "'a\\b'",
        '""',
        "''",
        '"""\nml"""',
        '"""a""""',
        '"""a\\\n   b"""',
        '"""a\\ b"""',
        "'''x'''",
        "'''a''''",
        "[]",
        "[1, 2]",
        "[1,]",
        "[,]",
        '[\n "a", # c\n "b"\n]',
        "[[1], [2]]",
        "[{ a = 1 }]",
        "{}",
        "{ a = 1 }",
        "{ a = 1, }",
        "{ a = 1, a = 2 }",
        "{ a.b = 1 }",
        "{ a = [1,\n2] }",
        "1979-05-27",
        "07:32:00",
        "",
        "x",
    ]
)
_lines = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", _keys, _values),
    st.builds(lambda k: f"[{k}]", _keys),
    st.builds(lambda k: f"[[{k}]]", _keys),
    st.sampled_from(["", "# comment", "   ", "[a]  # c", "\t", "\r", "key = 1 # c"]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_lines, max_size=8))
def test_generated_documents(lines: list[str]) -> None:
    assert_same_as_tomllib("\n".join(lines) + "\n")


FIXTURE = (HERE / "fixtures" / "check" / "doorbakken-entrecote.toml").read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(FIXTURE)),
            st.integers(0, 6),
            st.sampled_from(
                [
                    '"',
                    "'",
                    "[",
                    "]",
                    "=",
                    "\n",
                    "x",
                    "#",
                    "{",
                    "}",
                    ",",
                    "1",
                    ".",
                    '"""',
                    "\\",
                    " ",
                    "\t",
                    "\r",
                    "-",
                    "",
                ]
            ),
        ),
        max_size=3,
    )
)
def test_damaged_fixture(edits: list[tuple[int, int, str]]) -> None:
    text = FIXTURE
    for at, cut, insert in edits:
        text = text[:at] + insert + text[at + cut :]
    assert_same_as_tomllib(text)
