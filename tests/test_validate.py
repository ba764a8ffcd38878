"""The whole-graph validator: each check's code and line, the command and the docs."""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path

import pytest

from game.authoring import validate, validate_graph
from game.authoring.codes import VALIDATOR_CODES
from game.authoring.statespace import explore
from game.authoring.validate import validate_path
from game.authoring.validate_text import check_asset_paths, format_has_asset_keys
from game.cli import main
from game.scenario import DiagnosticList, list_scenarios, load_scenario
from game.scenario.codes import CODES
from game.scenario.format import SCENARIO
from game.scenario.schema import Field, IdKind, ListKind, RecordKind, StrKind
from game.scenario.yamlsource import read_document

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
BROKEN = sorted(
    path
    for path in (DATA / "broken").glob("*.yaml")
    if not path.name.endswith(".translations.yaml")
)
SMALL = DATA / "valid_small.yaml"
EXPECT = re.compile(r"(CC\d{3}) line (\d+)")

# CC590 is a validator bug, so no scenario file can trigger it; CC540 and CC541
# compare several files and are tested on folders below.
NO_FILE = {"CC540", "CC541", "CC590"}


def found(diagnostics: DiagnosticList) -> set[tuple[str, int | None]]:
    return {(d.code, d.span.line if d.span else None) for d in diagnostics.items}


def expected(path: Path) -> set[tuple[str, int]]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return {(code, int(line)) for code, line in EXPECT.findall(first)}


def load_gen_docs():
    spec = importlib.util.spec_from_file_location(
        "gen_docs", ROOT / "tools" / "gen_docs.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- Each check on its broken file -----------------------------------------------


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_file_reports_expected(path: Path) -> None:
    expectation = expected(path)
    assert expectation, f"{path.name} has no '# expect: CCnnn line N' on line 1"
    assert found(validate_path(path)) == expectation


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_file_named_after_code(path: Path) -> None:
    code = path.name.split("_", 1)[0]
    assert code in {c for c, _ in expected(path)}


@pytest.mark.parametrize("code", sorted(set(VALIDATOR_CODES) - NO_FILE))
def test_every_code_has_broken_file(code: str) -> None:
    assert any(p.name.startswith(code + "_") for p in BROKEN)


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_documented_example_is_excerpt(path: Path) -> None:
    code = path.name.split("_", 1)[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    for example_line in CODES[code].example.splitlines():
        for fragment in example_line.split("..."):
            fragment = fragment.strip()
            if fragment:
                assert any(fragment in line for line in lines), fragment


def test_valid_small_is_clean() -> None:
    assert validate_path(SMALL).items == []


@pytest.mark.parametrize("path", list_scenarios(), ids=lambda p: p.stem)
def test_shipped_scenario_has_no_errors(path: Path) -> None:
    diagnostics = validate_path(path)
    assert diagnostics.errors == [], diagnostics.render()


# --- Details of the checks -------------------------------------------------------


def variant(write_scenario, old: str, new: str) -> Path:
    text = SMALL.read_text(encoding="utf-8")
    assert old in text
    return write_scenario(text.replace(old, new, 1))


def test_ladder_skip_in_enter_names_path(write_scenario) -> None:
    path = variant(
        write_scenario,
        'enter: ["rung -> reminder_talk"]',
        'enter: ["rung -> retention"]',
    )
    skips = {d.span.line: d for d in validate_path(path).items if d.code == "CC510"}
    assert sorted(skips) == [38, 64]
    assert "skips 4 rungs from 'none' to 'retention'" in skips[38].message
    assert "on the path n1 [take] → n2" in skips[38].message
    assert "from: none, to: retention" in skips[38].suggestion
    assert "goes down from 'retention' to 'light_sanction'" in skips[64].message
    assert "n1 [take] → n2 [more] → e_sanction" in skips[64].message


def test_ladder_move_down_is_reported(write_scenario) -> None:
    path = variant(
        write_scenario,
        "{id: confess, text: {zh: 如实说明, en: Tell the truth}, go: e_turned}",
        "{id: confess, text: {zh: 如实说明, en: Tell the truth}, go: e_turned, "
        'effects: ["rung -> none"]}',
    )
    skips = [d for d in validate_path(path).items if d.code == "CC510"]
    assert [d.span.line for d in skips] == [42]
    assert "goes down from 'reminder_talk' to 'none'" in skips[0].message


def test_declared_normal_climb_is_unused_skip(write_scenario) -> None:
    path = variant(write_scenario, "    to: light_sanction", "    to: reminder_talk")
    diagnostics = validate_path(path)
    assert found(diagnostics) == {("CC511", 22), ("CC510", 64)}
    (skip,) = [d for d in diagnostics.items if d.code == "CC510"]
    assert "on the path n1 [big] → e_sanction" in skip.message


def test_bound_is_stated_in_findings() -> None:
    diagnostics = validate_path(
        DATA / "broken" / "CC505_choice_never_offered.yaml", max_states=3
    )
    codes = {d.code: d for d in diagnostics.items}
    assert "CC509" in codes
    assert "3 states" in codes["CC509"].message
    assert "only the first 3 states were explored" in codes["CC505"].message


def test_stuck_message_names_values() -> None:
    diagnostics = validate_path(DATA / "broken" / "CC504_stuck.yaml")
    (stuck,) = diagnostics.items
    assert "gifts = 0, rung = none" in stuck.message
    assert "n1 [look] → n2" in stuck.message


def test_never_set_variable_says_always() -> None:
    (finding,) = validate_path(DATA / "broken" / "CC520_variable_never_set.yaml").items
    assert "always false" in finding.message


def test_duplicate_needs_same_condition(write_scenario) -> None:
    path = variant(
        write_scenario,
        "{id: refuse, text: {zh: 拒绝, en: Refuse}, go: e_clean}",
        "{id: refuse, text: {zh: 拒绝, en: Refuse}, go: e_clean}\n"
        "      - {id: decline, text: {zh: 婉拒, en: Decline}, go: e_clean,"
        ' when: "gifts == 0"}',
    )
    assert validate_path(path).items == []


def test_text_of_punctuation_only_passes(write_scenario) -> None:
    path = variant(
        write_scenario, "{zh: 收下这张卡吧。, en: Take this card.}", "{zh: ……, en: ……}"
    )
    assert validate_path(path).items == []


def test_statespace_of_small_is_complete() -> None:
    space = explore(load_scenario(SMALL))
    assert space.complete
    assert space.reached == {"n1", "n2", "e_clean", "e_turned", "e_sanction"}
    assert space.stuck == []


def test_strongly_connected_finds_cycle() -> None:
    graph = {"a": ["b"], "b": ["a", "c"], "c": ["c"], "d": []}
    components = {frozenset(c) for c in validate_graph.strongly_connected(graph)}
    assert components == {frozenset("ab"), frozenset("c"), frozenset("d")}


# --- Internal errors -------------------------------------------------------------


def test_failing_check_becomes_cc590(monkeypatch) -> None:
    def broken(context) -> None:
        raise RuntimeError("boom")

    checks = dict(validate.CHECKS)
    checks["loops"] = broken
    monkeypatch.setattr(validate, "CHECKS", tuple(checks.items()))
    diagnostics = validate_path(DATA / "broken" / "CC501_unreachable.yaml")
    internal = [d for d in diagnostics.items if d.code == "CC590"]
    assert len(internal) == 1
    assert "loops check" in internal[0].message
    assert "CC501_unreachable.yaml" in internal[0].message
    assert "RuntimeError: boom" in internal[0].message
    assert ("CC501", 17) in found(diagnostics)


def test_failing_loader_becomes_cc590(monkeypatch) -> None:
    def broken(path):
        raise ValueError("bad")

    monkeypatch.setattr(validate, "check_scenario", broken)
    (internal,) = validate_path(SMALL).items
    assert internal.code == "CC590"
    assert "loader check" in internal.message


# --- Asset paths -----------------------------------------------------------------


ASSET_YAML = """\
a: {audio: ok.ogg}
b: {image: /etc/passwd}
c: {audio: ../secret.ogg}
d: {image: 'C:\\\\images\\\\x.png'}
e: {audio: missing.ogg}
f: {image: link/x.png}
g: {audio: ok.og}
"""


def test_asset_paths_are_checked(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "ok.ogg").write_bytes(b"")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.png").write_bytes(b"")
    os.symlink(outside, assets / "link")
    source = tmp_path / "scenario.yaml"
    source.write_text(ASSET_YAML, encoding="utf-8")
    diagnostics = DiagnosticList()
    document = read_document(source, "scenario.yaml", diagnostics)

    check_asset_paths(document, assets, diagnostics)

    assert found(diagnostics) == {
        ("CC620", 2),
        ("CC620", 3),
        ("CC620", 4),
        ("CC621", 5),
        ("CC620", 6),
        ("CC621", 7),
    }
    hints = {d.span.line: d.suggestion for d in diagnostics.items}
    assert hints[7] == "did you mean 'ok.ogg'?"


def test_asset_keys_found_in_format() -> None:
    with_audio = RecordKind(
        name="x",
        fields={
            "lines": Field(
                ListKind(item=RecordKind(fields={"audio": Field(StrKind())}))
            )
        },
    )
    without = RecordKind(name="y", fields={"id": Field(IdKind())})
    assert format_has_asset_keys(with_audio)
    assert not format_has_asset_keys(without)
    assert isinstance(format_has_asset_keys(SCENARIO), bool)


# --- The command -----------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["validate", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_clean_file_exits_0(capsys) -> None:
    code, out, _ = run(capsys, str(SMALL))
    assert code == 0
    assert out.strip().endswith("valid_small.yaml: 0 errors, 0 warnings")


def test_cli_errors_exit_1_with_caret(capsys) -> None:
    code, out, _ = run(capsys, str(DATA / "broken" / "CC501_unreachable.yaml"))
    assert code == 1
    assert "error CC501: node 'n2' cannot be reached" in out
    assert "   17 |   n2:" in out
    assert "      |   ^^" in out
    assert "CC501_unreachable.yaml: 1 error, 0 warnings" in out


def test_cli_warnings_exit_0_unless_strict(capsys) -> None:
    path = str(DATA / "broken" / "CC522_variable_unused.yaml")
    assert run(capsys, path)[0] == 0
    assert run(capsys, path, "--strict")[0] == 1


def test_cli_missing_path_exits_2(capsys) -> None:
    code, out, err = run(capsys, str(DATA / "no_such.yaml"))
    assert code == 2
    assert out == ""
    assert "no such file or folder" in err


def test_cli_no_path_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2


def test_cli_folder_skips_underscore(tmp_path: Path, capsys) -> None:
    text = SMALL.read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "_draft.yaml").write_text("not: [valid", encoding="utf-8")
    (tmp_path / "_shared").mkdir()
    (tmp_path / "_shared" / "b.yaml").write_text("x: [", encoding="utf-8")
    code, out, _ = run(capsys, str(tmp_path))
    assert code == 0
    assert "a.yaml: 0 errors, 0 warnings" in out
    assert "_draft" not in out


def test_cli_total_line(capsys) -> None:
    code, out, _ = run(
        capsys,
        str(SMALL),
        str(DATA / "broken" / "CC502_node_never_reached.yaml"),
    )
    assert code == 0
    assert out.splitlines()[-1] == "total: 2 files, 0 errors, 2 warnings"


def test_cli_json_report(capsys) -> None:
    code, out, _ = run(
        capsys,
        "--format",
        "json",
        str(DATA / "broken" / "CC504_stuck.yaml"),
        str(SMALL),
    )
    report = json.loads(out)
    assert code == 1
    assert report["errors"] == 1
    assert report["warnings"] == 0
    first, second = report["files"]
    assert first["path"].endswith("CC504_stuck.yaml")
    assert [(d["code"], d["line"]) for d in first["diagnostics"]] == [("CC504", 20)]
    assert first["diagnostics"][0]["severity"] == "error"
    assert second["diagnostics"] == []


# --- Generated docs --------------------------------------------------------------


def test_diagnostics_doc_is_current() -> None:
    gen_docs = load_gen_docs()
    committed = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert committed == gen_docs.render_diagnostics(), "run python tools/gen_docs.py"


def test_diagnostics_doc_lists_every_code() -> None:
    text = load_gen_docs().render_diagnostics()
    for code, info in CODES.items():
        assert f"### {code} {info.name}" in text


def test_cli_max_states_sets_bound(capsys) -> None:
    path = str(DATA / "broken" / "CC505_choice_never_offered.yaml")
    code, out, _ = run(capsys, path, "--max-states", "3")
    assert code == 0
    assert "warning CC509: the exploration of play states stopped at 3 states" in out


def test_cli_max_states_zero_exits_2(capsys) -> None:
    code, _, err = run(capsys, str(SMALL), "--max-states", "0")
    assert code == 2
    assert "--max-states must be at least 1" in err


def test_folder_flags_duplicate_scenario_ids(
    capsys, tmp_path: Path, monkeypatch
) -> None:
    text = SMALL.read_text(encoding="utf-8")
    scenario_id = re.search(r"^id: (\w+)", text, re.M).group(1)
    (tmp_path / f"{scenario_id}.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "copy.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(validate, "SCENARIOS_DIR", tmp_path)
    code, out, _ = run(capsys, str(tmp_path), "--format", "json")
    report = json.loads(out)
    by_file = {
        Path(entry["path"]).name: {d["code"] for d in entry["diagnostics"]}
        for entry in report["files"]
    }
    assert code == 1
    assert "CC541" not in by_file[f"{scenario_id}.yaml"]
    assert "CC541" in by_file["copy.yaml"]
    assert sum("CC540" in codes for codes in by_file.values()) == 1
