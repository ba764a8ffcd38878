"""The translator's string table: export, in-place import, stale translations."""

from __future__ import annotations

import csv
import difflib
import io
import shutil
from pathlib import Path

import pytest
import yaml

from game.authoring.strings import (
    StringsError,
    export_csv,
    import_csv,
    read_sidecar,
    stale_translations,
    text_hash,
)
from game.cli import main
from game.scenario import load_scenario

DATA = Path(__file__).parent / "data"


@pytest.fixture
def scenario_path(tmp_path: Path) -> Path:
    path = tmp_path / "story_tools.yaml"
    shutil.copy(DATA / "story_tools.yaml", path)
    return path


def rows_of(scenario) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export_csv(scenario))))


def table(rows: list[dict[str, str]], delimiter: str = ",") -> bytes:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue().encode("utf-8-sig")


def edited(rows: list[dict[str, str]], changes: dict[str, dict[str, str]]) -> bytes:
    for row in rows:
        row.update(changes.get(row["id"], {}))
    return table(rows)


def test_export_lists_every_text(scenario_path):
    rows = rows_of(load_scenario(scenario_path))
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    for expected in (
        "title",
        "summary",
        "role",
        "case/c1",
        "speaker/supplier",
        "skip/light_sanction/verdict",
        "n01_card/time",
        "n01_card/offer",
        "n01_card/think",
        "e_disciplined/title",
        "e_disciplined/epilogue#1",
        "e_disciplined/legal_basis#1",
    ):
        assert expected in ids
    offer = rows[ids.index("n01_card/offer")]
    assert offer["context"] == "supplier"
    assert offer["en"] == "Chief, a small token for the holiday."
    assert offer["zh_hash"] == text_hash("科长，一点心意，过年用。")
    assert rows[ids.index("n01_card/take")]["context"] == "choice"


def test_export_file_has_bom(scenario_path, tmp_path, capsys):
    output = tmp_path / "strings.csv"
    assert main(["strings", "export", str(scenario_path), "-o", str(output)]) == 0
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,context,zh,en,zh_hash\r\n")
    assert "一张购物卡".encode() in data


def test_import_edits_only_changed_scalars(scenario_path):
    before = scenario_path.read_text(encoding="utf-8")
    scenario = load_scenario(scenario_path)
    changes = {
        "title": {"en": "yes"},
        "n01_card/offer": {"en": "Chief: a small token, # for the holiday. " * 3},
        "n01_card/again": {"en": 'He says "again" and it\'s late'},
        "n02_dinner/toast": {"en": "010"},
        "speaker/narrator": {"en": "The voice, {over}"},
    }
    result = import_csv(scenario, edited(rows_of(scenario), changes), "t.csv")
    assert sorted(result.changed_en) == sorted(changes)
    assert result.changed_zh == []

    after = scenario_path.read_text(encoding="utf-8")
    reloaded = load_scenario(scenario_path)
    assert reloaded.title.en == "yes"
    assert (
        reloaded.nodes["n01_card"].lines[0].text.en
        == changes["n01_card/offer"]["en"].strip()
    )
    assert (
        reloaded.nodes["n01_card"].lines[1].text.en == changes["n01_card/again"]["en"]
    )
    assert reloaded.nodes["n02_dinner"].lines[0].text.en == "010"
    assert reloaded.speakers["narrator"].name.en == "The voice, {over}"
    diff = list(
        difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    )
    removed = [
        line for line in diff if line.startswith("-") and not line.startswith("---")
    ]
    added = [
        line for line in diff if line.startswith("+") and not line.startswith("+++")
    ]
    assert len(removed) == 5
    assert len(added) == 6  # the longer folded text wraps onto a second line
    assert '+title: {zh: 一张购物卡, en: "yes"}' in added
    assert "# the supplier asks again" in after
    assert after.startswith("# A small scenario for the story tools' tests")
    assert "          en: >-\n" in after


def test_import_writes_chinese_and_hashes(scenario_path):
    scenario = load_scenario(scenario_path)
    changes = {"n03_talk/ask": {"zh": "你收过卡吗？", "en": "Did you take cards?"}}
    result = import_csv(scenario, edited(rows_of(scenario), changes), "t.csv")
    assert result.changed_zh == ["n03_talk/ask"]
    reloaded = load_scenario(scenario_path)
    assert reloaded.nodes["n03_talk"].lines[0].text.zh == "你收过卡吗？"
    recorded = read_sidecar(scenario_path)
    assert recorded["n03_talk/ask"] == text_hash("你收过卡吗？")
    assert recorded["title"] == text_hash("一张购物卡")
    assert stale_translations(reloaded) == []


def test_changed_chinese_makes_translation_stale(scenario_path):
    scenario = load_scenario(scenario_path)
    import_csv(scenario, table(rows_of(scenario)), "t.csv")
    text = scenario_path.read_text(encoding="utf-8")
    scenario_path.write_text(
        text.replace("今晚不谈工作。", "今晚只喝酒。"), encoding="utf-8"
    )
    changed = load_scenario(scenario_path)
    stale = stale_translations(changed)
    assert [string_id for string_id, _ in stale] == ["n02_dinner/toast"]
    span = stale[0][1]
    line = scenario_path.read_text(encoding="utf-8").splitlines()[span.line - 1]
    assert line[span.col - 1 :].startswith('"No work talk tonight."')


def test_chinese_edited_after_export_is_stale(scenario_path):
    scenario = load_scenario(scenario_path)
    rows = rows_of(scenario)
    text = scenario_path.read_text(encoding="utf-8")
    scenario_path.write_text(
        text.replace("今晚不谈工作。", "今晚只喝酒。"), encoding="utf-8"
    )
    changed = load_scenario(scenario_path)
    result = import_csv(
        changed, edited(rows, {"n02_dinner/toast": {"en": "Tonight!"}}), "t"
    )
    assert any("changed in the file after the export" in w for w in result.warnings)
    reloaded = load_scenario(scenario_path)
    assert reloaded.nodes["n02_dinner"].lines[0].text.zh == "今晚只喝酒。"
    assert [i for i, _ in stale_translations(reloaded)] == ["n02_dinner/toast"]


def test_unknown_id_names_csv_line(scenario_path):
    scenario = load_scenario(scenario_path)
    rows = rows_of(scenario)
    rows[3]["id"] = "n01_card/ofer"
    before = scenario_path.read_bytes()
    with pytest.raises(StringsError) as error:
        import_csv(scenario, table(rows), "t.csv")
    assert "t.csv line 5: unknown string id 'n01_card/ofer'" in str(error.value)
    assert "did you mean 'n01_card/offer'?" in str(error.value)
    assert scenario_path.read_bytes() == before


def test_repeated_id_is_rejected(scenario_path):
    scenario = load_scenario(scenario_path)
    rows = rows_of(scenario)
    rows.append(dict(rows[0]))
    with pytest.raises(StringsError, match="repeated"):
        import_csv(scenario, table(rows), "t.csv")


def test_missing_columns_are_named(scenario_path):
    scenario = load_scenario(scenario_path)
    data = "\ufeffid,context,chinese\r\ntitle,title,x\r\n".encode()
    with pytest.raises(StringsError) as error:
        import_csv(scenario, data, "t.csv")
    assert "t.csv line 1: the header lacks the column(s) zh, en" in str(error.value)


def test_semicolon_table_from_excel(scenario_path):
    scenario = load_scenario(scenario_path)
    rows = rows_of(scenario)
    for row in rows:
        if row["id"] == "role":
            row["en"] = "Head of section"
    import_csv(scenario, table(rows, ";"), "t.csv")
    assert load_scenario(scenario_path).role.en == "Head of section"


def test_formula_cells_are_neutralised(write_scenario):
    text = (DATA / "story_tools.yaml").read_text(encoding="utf-8")
    path = write_scenario(text.replace("Take it}", '"=HYPERLINK(1)"}'))
    scenario = load_scenario(path)
    rows = rows_of(scenario)
    take = next(row for row in rows if row["id"] == "n01_card/take")
    assert take["en"] == "'=HYPERLINK(1)"
    import_csv(scenario, table(rows), "t.csv")
    assert load_scenario(path).nodes["n01_card"].choices[0].text.en == "=HYPERLINK(1)"


def test_clashing_line_and_choice_ids(write_scenario):
    text = (DATA / "story_tools.yaml").read_text(encoding="utf-8")
    path = write_scenario(text.replace("      - id: toast\n", "      - id: more\n"))
    ids = [row["id"] for row in rows_of(load_scenario(path))]
    assert "n02_dinner/line/more" in ids
    assert "n02_dinner/choice/more" in ids
    assert "n02_dinner/more" not in ids


def test_import_command_reports_and_reloads(scenario_path, tmp_path, capsys):
    output = tmp_path / "strings.csv"
    assert main(["strings", "export", str(scenario_path), "-o", str(output)]) == 0
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    output.write_bytes(edited(rows, {"summary": {"en": "A short story."}}))
    assert main(["strings", "import", str(scenario_path), str(output)]) == 0
    out = capsys.readouterr().out
    assert "1 English and 0 Chinese texts changed; the file loads" in out
    sidecar = tmp_path / "story_tools.translations.yaml"
    assert (
        yaml.safe_load(sidecar.read_text(encoding="utf-8"))["scenario"] == "story_tools"
    )


def test_import_command_error_exit(scenario_path, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"id,zh,en\r\nnope,x,y\r\n")
    assert main(["strings", "import", str(scenario_path), str(bad)]) == 1
    assert "line 2: unknown string id 'nope'" in capsys.readouterr().err


def test_stale_command_lists_outdated(scenario_path, capsys):
    scenario = load_scenario(scenario_path)
    import_csv(scenario, table(rows_of(scenario)), "t.csv")
    assert main(["strings", "stale", str(scenario_path)]) == 0
    text = scenario_path.read_text(encoding="utf-8")
    scenario_path.write_text(text.replace("收下", "拿着"), encoding="utf-8")
    capsys.readouterr()
    assert main(["strings", "stale", str(scenario_path)]) == 1
    out = capsys.readouterr().out
    assert "the English of 'n01_card/take' is out of date" in out
    assert "1 out-of-date translation(s)" in out
