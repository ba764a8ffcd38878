"""Loader diagnostics: each trainer mistake gets its code at the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import ScenarioLoadError, check_scenario, load_scenario

BASE = (Path(__file__).parent / "data" / "core_mini.yaml").read_text(encoding="utf-8")

# (name, text to replace in BASE, replacement, expected code, expected line)
CASES = [
    ("bool text", "en: Refuse}", "en: No}", "CC108", 27),
    ("on as text", "en: Take}", "en: on}", "CC108", 26),
    ("null word", 'source: "test"', "source: ~", "CC108", 10),
    ("time as text", 'source: "test"', "source: 10:30", "CC108", 10),
    ("float as text", "en: Clerk}", "en: 1.5}", "CC108", 6),
    ("date as text", 'source: "test"', "source: 2024-01-01", "CC108", 10),
    ("octal version", "version: 1", "version: 010", "CC108", 3),
    ("yes as bool", "initial: false}", "initial: yes}", "CC108", 18),
    ("bool key", "  n2:\n", "  n2:\n    on: 1\n", "CC108", 29),
    ("duplicate top key", "role: {", "id: other\nrole: {", "CC103", 6),
    (
        "duplicate deep key",
        "{zh: 老板, en: Boss}",
        "{zh: 老板, en: Boss, en: B}",
        "CC103",
        14,
    ),
    (
        "python tag",
        'source: "test"',
        "source: !!python/object:os.system {}",
        "CC104",
        10,
    ),
    ("include tag", 'source: "test"', "source: !include other.yaml", "CC104", 10),
    ("anchor", "summary: {zh: 测试用", "summary: &s {zh: 测试用", "CC105", 5),
    ("several documents", "format: 1\n", "format: 1\n---\n", "CC107", 3),
    ("tab indent", "  narrator:", "\tnarrator:", "CC102", 12),
    ("missing key", "start: n1\n", "", "CC200", 1),
    (
        "unknown key",
        "    scene: office\n    lines",
        "    scene: office\n    lins",
        "CC201",
        23,
    ),
    ("list for mapping", "speakers:\n", "speakers: []\nx_speakers:\n", "CC202", 11),
    ("bad id", "id: mini", "id: Mini-Test", "CC203", 2),
    ("missing english", "{zh: 收, en: Take}", "{zh: 收}", "CC204", 26),
    ("empty chinese", "{zh: 收, en: Take}", "{zh: '', en: Take}", "CC204", 26),
    ("unknown scene", "scene: talk_room", "scene: kitchen", "CC205", 29),
    ("unknown kind", "kind: kept_integrity", "kind: happy", "CC205", 38),
    ("duplicate choice", "{id: refuse,", "{id: take,", "CC206", 27),
    ("format version", "format: 1", "format: 9", "CC207", 1),
    (
        "no choices",
        "    choices:\n      - {id: take",
        "    choices: []\n    x:\n      - {id: take",
        "CC208",
        25,
    ),
    ("height range", "height: 1.75", "height: 3.5", "CC209", 15),
    ("unknown target", "go: n2,", "go: n3,", "CC300", 26),
    ("unknown speaker", "speaker: boss,", "speaker: bos,", "CC301", 24),
    ("unknown variable", '"gifts += 500"', '"gift += 500"', "CC302", 26),
    ("unknown rung", "rung -> reminder_talk", "rung -> reminder", "CC303", 30),
    ("unknown start", "start: n1", "start: n9", "CC304", 19),
    ("unknown case", "cases: [a1]", "cases: [a2]", "CC305", 44),
    ("start is ending", "start: n1", "start: e_clean", "CC307", 19),
    ("syntax", '"gifts += 500"', '"gifts >> 500"', "CC400", 26),
    ("type", 'when: "not lied"', 'when: "lied + 1"', "CC401", 34),
    (
        "yaml syntax",
        "title: {zh: 小测试, en: Mini test}",
        "title: {zh: 小测试",
        "CC100",
        5,
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_mistake_reports_code_at_line(write_scenario, old, new, code, line) -> None:
    assert old in BASE, "the test's search text must be in the base file"
    path = write_scenario(BASE.replace(old, new, 1))
    scenario, diagnostics = check_scenario(path)
    assert scenario is None
    found = [(d.code, d.span.line if d.span else None) for d in diagnostics.items]
    assert (code, line) in found


def test_base_file_loads_clean(mini_path) -> None:
    scenario, diagnostics = check_scenario(mini_path)
    assert scenario is not None
    assert diagnostics.items == []


def test_errors_sorted_by_line_and_all_reported(write_scenario) -> None:
    text = BASE.replace("go: n2,", "go: n3,").replace("speaker: boss,", "speaker: x,")
    text = text.replace("scene: talk_room", "scene: kitchen")
    _, diagnostics = check_scenario(write_scenario(text))
    lines = [d.span.line for d in diagnostics.sorted()]
    assert lines == sorted(lines)
    assert {d.code for d in diagnostics.items} >= {"CC300", "CC301", "CC205"}


def test_message_has_path_line_caret_and_hint(write_scenario) -> None:
    path = write_scenario(BASE.replace("go: n2,", "go: n_2,"))
    with pytest.raises(ScenarioLoadError) as raised:
        load_scenario(path)
    text = str(raised.value)
    assert f"{path}:26:" in text or "case.yaml:26:" in text
    assert "error CC300" in text
    assert "^" in text
    assert "did you mean 'n2'?" in text


def test_non_utf8_file(write_scenario) -> None:
    path = write_scenario(BASE.encode("gbk"))
    _, diagnostics = check_scenario(path)
    assert [d.code for d in diagnostics.items] == ["CC101"]
    assert diagnostics.items[0].span.line == 4


def test_utf16_file(write_scenario) -> None:
    path = write_scenario(BASE.encode("utf-16"))
    _, diagnostics = check_scenario(path)
    assert [d.code for d in diagnostics.items] == ["CC101"]


def test_byte_order_mark_accepted(write_scenario) -> None:
    scenario, _ = check_scenario(write_scenario(b"\xef\xbb\xbf" + BASE.encode()))
    assert scenario is not None


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(write_scenario, text) -> None:
    _, diagnostics = check_scenario(write_scenario(text))
    assert [d.code for d in diagnostics.items] == ["CC106"]


@pytest.mark.parametrize("name", ["absent.yaml", "folder.yaml", "loop.yaml"])
def test_unreadable_file_is_a_diagnostic(tmp_path, name) -> None:
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    _, diagnostics = check_scenario(tmp_path / name)
    assert [d.code for d in diagnostics.items] == ["CC111"]


def test_text_cut_by_comment_warns(write_scenario) -> None:
    text = BASE.replace(
        "role: {zh: 科员, en: Clerk}", "role:\n  zh: 科员\n  en: Room #3", 1
    )
    path = write_scenario(text)
    scenario, diagnostics = check_scenario(path)
    assert scenario is not None
    (warning,) = diagnostics.items
    assert warning.code == "CC109"
    assert warning.span.line == 8
    assert "Room #3" in warning.suggestion


def test_quoted_hash_is_text(write_scenario) -> None:
    text = BASE.replace("en: Clerk}", "en: 'Room #3'}", 1)
    scenario, diagnostics = check_scenario(write_scenario(text))
    assert scenario.role.en == "Room #3"
    assert diagnostics.items == []


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f"])
def test_control_character_reported_at_line(write_scenario, char) -> None:
    text = BASE.replace("en: Take it}", f"en: Take{char} it}}", 1)
    _, diagnostics = check_scenario(write_scenario(text))
    assert [(d.code, d.span.line) for d in diagnostics.items] == [("CC110", 24)]


def test_alias_reported_where_used(write_scenario) -> None:
    text = BASE.replace("title: {", "title: &t {", 1).replace(
        "role: {zh: 科员, en: Clerk}", "role: *t", 1
    )
    _, diagnostics = check_scenario(write_scenario(text))
    assert {(d.code, d.span.line) for d in diagnostics.items} == {
        ("CC105", 4),
        ("CC105", 6),
    }
    assert len(diagnostics.errors) == 2


def test_wrong_initial_keeps_variable_known(write_scenario) -> None:
    text = BASE.replace(
        "lied: {type: bool, initial: false}", "lied: {type: bool, initial: 0}"
    )
    _, diagnostics = check_scenario(write_scenario(text))
    assert [d.code for d in diagnostics.items] == ["CC401"]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n"])
def test_top_level_must_be_mapping(write_scenario, text) -> None:
    _, diagnostics = check_scenario(write_scenario(text))
    (error,) = diagnostics.items
    assert error.code == "CC202"
    assert error.message.startswith("the file must be a mapping")


def test_tagged_value_reported_once(write_scenario) -> None:
    path = write_scenario(BASE.replace('source: "test"', "source: !!str x"))
    _, diagnostics = check_scenario(path)
    assert [d.code for d in diagnostics.items] == ["CC104"]


def test_near_miss_key_reports_one_problem(write_scenario) -> None:
    path = write_scenario(BASE.replace("    scene: office\n", "    scen: office\n", 1))
    _, diagnostics = check_scenario(path)
    assert [d.code for d in diagnostics.items] == ["CC201"]
    assert diagnostics.items[0].suggestion == "did you mean 'scene'?"


def test_loader_ignores_locale(write_scenario, monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("LANG", "C")
    scenario, _ = check_scenario(write_scenario(BASE))
    assert scenario is not None
    assert scenario.title.zh == "小测试"


def test_huge_text_is_rejected(write_scenario) -> None:
    text = BASE.replace("en: Take it}", "en: '" + "x" * 100_000 + "'}", 1)
    _, diagnostics = check_scenario(write_scenario(text))
    assert [(d.code, d.span.line) for d in diagnostics.items] == [("CC210", 24)]
    assert len(diagnostics.render()) < 2_000


def test_rung_typo_suggests_rung(write_scenario) -> None:
    text = BASE.replace("rung >= reminder_talk", "rung >= reminder_tak", 1)
    _, diagnostics = check_scenario(write_scenario(text))
    (error,) = diagnostics.items
    assert error.code == "CC302"
    assert error.suggestion == "did you mean the rung 'reminder_talk'?"


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        ("start: n1", "start：n1", "CC112", 19),
        ("    scene: office", "\u3000\u3000  scene: office", "CC102", 22),
        ("    scene: office", "\u00a0   scene: office", "CC102", 22),
        ("{id: take,", "{id：take,", "CC201", 26),
        ("summary: {zh: 测试用", "ｓｕｍｍａｒｙ: {zh: 测试用", "CC201", 5),
    ],
    ids=[
        "full-width colon",
        "full-width space",
        "no-break space",
        "flow key",
        "letters",
    ],
)
def test_chinese_keyboard_mistakes(write_scenario, old, new, code, line) -> None:
    _, diagnostics = check_scenario(write_scenario(BASE.replace(old, new, 1)))
    (error,) = diagnostics.items
    assert (error.code, error.span.line) == (code, line)


def test_skip_declared_twice(write_scenario) -> None:
    skip = "  - {from: none, to: reminder_talk, why: {zh: 原因, en: Reason}}\n"
    text = BASE.replace("start: n1\n", "start: n1\nskips:\n" + skip + skip, 1)
    _, diagnostics = check_scenario(write_scenario(text))
    assert [(d.code, d.span.line) for d in diagnostics.items] == [("CC206", 22)]


def test_invisible_character_in_id_is_named(write_scenario) -> None:
    text = BASE.replace("go: n2,", "go: n2\u200b,", 1)
    _, diagnostics = check_scenario(write_scenario(text))
    (error,) = diagnostics.items
    assert error.code == "CC203"
    assert "U+200B" in error.suggestion
