"""The translator's string table: export to CSV, import back into the YAML in place.

Every bilingual text of a scenario has a stable string id built from the ids in the
file: `title`, `summary`, `role`, `case/<id>`, `speaker/<id>`, `variable/<id>`,
`skip/<from>/<to>`, `<node>/time`, `<node>/<line id>`, `<node>/<choice id>`,
`<ending>/title`, `<ending>/epilogue#1`, `<ending>/legal_basis#1`. When a line and a
choice of one step share an id, or a line is called `time` or `title`, both clashing
entries are written `<step>/line/<id>` and `<step>/choice/<id>` instead.

The CSV is UTF-8 with a byte-order mark, so Excel shows Chinese correctly. A cell
that starts with = + - or @ gets a leading apostrophe, so a spreadsheet never runs a
scenario text as a formula; import removes that apostrophe again.

Import records, for each English text, the hash of the Chinese text it was
translated from in `<stem>.translations.yaml` beside the scenario. When the Chinese
changes later, :func:`stale_translations` reports the English as out of date.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..scenario import DiagnosticList, Scenario, Span, check_scenario
from ..scenario.diagnostics import did_you_mean, display_path
from ..scenario.yamlsource import Document, read_document
from .strings_yaml import Edit, apply_edits, normalise_space

log = logging.getLogger(__name__)

COLUMNS = ("id", "context", "zh", "en", "zh_hash")
REQUIRED_COLUMNS = ("id", "zh", "en")
SIDECAR_SUFFIX = ".translations.yaml"
SIDECAR_FORMAT = 1
_FORMULA_START = ("=", "+", "-", "@")


class StringsError(Exception):
    """A string table or translation record cannot be used, for the reason given."""


@dataclass(frozen=True)
class StringEntry:
    """One bilingual text of a scenario with the YAML nodes that hold it.

    :param indent: the column of the `zh`/`en` keys, for block scalars.
    """

    id: str
    context: str
    zh_node: yaml.ScalarNode
    en_node: yaml.ScalarNode
    in_flow: bool
    indent: int

    @property
    def zh(self) -> str:
        return self.zh_node.value

    @property
    def en(self) -> str:
        return self.en_node.value

    @property
    def zh_hash(self) -> str:
        return text_hash(self.zh)


def text_hash(text: str) -> str:
    """Return the first 16 hex digits of the sha256 of `text`, spaces normalised.

    Re-wrapping a folded block changes its spaces, not its meaning, so runs of
    whitespace count as one space.
    """
    return hashlib.sha256(normalise_space(text).encode("utf-8")).hexdigest()[:16]


def sidecar_path(scenario_path: Path) -> Path:
    return scenario_path.with_name(scenario_path.stem + SIDECAR_SUFFIX)


# --- Collecting the strings ---------------------------------------------------------


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value
    return None


def _items(node: yaml.Node | None) -> Iterator[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                yield key_node.value, value


def _scalar(node: yaml.Node | None) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else ""


def _entry(string_id: str, context: str, text: yaml.Node | None) -> StringEntry | None:
    """Return the entry for a `{zh: …, en: …}` mapping, or None if it is not one."""
    zh, en = _get(text, "zh"), _get(text, "en")
    if not isinstance(zh, yaml.ScalarNode) or not isinstance(en, yaml.ScalarNode):
        return None
    assert isinstance(text, yaml.MappingNode)
    indent = min(key.start_mark.column for key, _ in text.value)
    return StringEntry(string_id, context, zh, en, bool(text.flow_style), indent)


def collect_strings(document: Document) -> list[StringEntry]:
    """Return every bilingual text of a scenario document, in file order."""
    root = document.root
    found: list[tuple[str, str, yaml.Node | None]] = [
        (name, name, _get(root, name)) for name in ("title", "summary", "role")
    ]

    for case in _list(_get(root, "cases")):
        found.append(
            (f"case/{_scalar(_get(case, 'id'))}", "case", _get(case, "summary"))
        )
    for speaker_id, speaker in _items(_get(root, "speakers")):
        found.append((f"speaker/{speaker_id}", "speaker name", _get(speaker, "name")))
    for variable_id, variable in _items(_get(root, "variables")):
        found.append(
            (
                f"variable/{variable_id}",
                "variable, for authors",
                _get(variable, "about"),
            )
        )

    seen_skips: set[str] = set()
    for skip in _list(_get(root, "skips")):
        skip_id = f"skip/{_scalar(_get(skip, 'from'))}/{_scalar(_get(skip, 'to'))}"
        number = 2
        while skip_id in seen_skips:
            skip_id = skip_id.split("#")[0] + f"#{number}"
            number += 1
        seen_skips.add(skip_id)
        found.append((skip_id, "ladder skip reason", _get(skip, "why")))

    for section in ("nodes", "endings"):
        for step_id, step in _items(_get(root, section)):
            found.extend(_step_strings(step_id, step, section == "endings"))

    entries = []
    for string_id, context, text in found:
        entry = _entry(string_id, context, text)
        if entry is not None:
            entries.append(entry)
    return entries


def _list(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _step_strings(
    step_id: str, step: yaml.Node, is_ending: bool
) -> list[tuple[str, str, yaml.Node | None]]:
    fields: list[tuple[str, str, yaml.Node | None]] = []
    if is_ending:
        fields.append(("title", "ending title", _get(step, "title")))
    fields.append(("time", "time caption", _get(step, "time")))
    lines = [
        (_scalar(_get(line, "id")), _scalar(_get(line, "speaker")), _get(line, "text"))
        for line in _list(_get(step, "lines"))
    ]
    choices = [
        (_scalar(_get(choice, "id")), "choice", _get(choice, "text"))
        for choice in _list(_get(step, "choices"))
    ]
    taken = [name for name, _, text in fields if text is not None]
    short = taken + [name for name, _, _ in lines] + [name for name, _, _ in choices]
    clashing = {name for name in short if short.count(name) > 1}

    out = [(f"{step_id}/{name}", context, text) for name, context, text in fields]
    for kind, items in (("line", lines), ("choice", choices)):
        for name, context, text in items:
            middle = f"{kind}/" if name in clashing else ""
            out.append((f"{step_id}/{middle}{name}", context, text))
    if is_ending:
        for key, context in (("epilogue", "epilogue"), ("legal_basis", "legal basis")):
            for number, text in enumerate(_list(_get(step, key)), start=1):
                out.append((f"{step_id}/{key}#{number}", context, text))
    return out


def read_strings(path: Path) -> tuple[Document, list[StringEntry]]:
    """Read a scenario file's YAML nodes and strings; raises StringsError."""
    diagnostics = DiagnosticList()
    document = read_document(path, display_path(path), diagnostics)
    if document is None:
        raise StringsError(diagnostics.render())
    return document, collect_strings(document)


# --- Export -------------------------------------------------------------------------


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _uncell(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def export_csv(scenario: Scenario) -> str:
    """Return the string table of a loaded scenario as CSV text (no BOM)."""
    _, entries = read_strings(scenario.path)
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.id,
                _cell(entry.context),
                _cell(entry.zh),
                _cell(entry.en),
                entry.zh_hash,
            ]
        )
    return stream.getvalue()


def write_csv(scenario: Scenario, output: Path) -> int:
    """Write the string table as UTF-8 with a BOM; return the number of strings."""
    text = export_csv(scenario)
    _write_atomically(output, text.encode("utf-8-sig"))
    return text.count("\r\n") - 1


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


# --- Translation records ------------------------------------------------------------


def read_sidecar(scenario_path: Path) -> dict[str, str]:
    """Return the recorded Chinese hash of each string id; {} when there is no file.

    Raises StringsError for a file that is not a valid translation record.
    """
    path = sidecar_path(scenario_path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise StringsError(
            f"{display_path(path)}: cannot read the file: {error}"
        ) from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise StringsError(f"{display_path(path)}: invalid YAML: {error}") from error
    strings = data.get("strings") if isinstance(data, dict) else None
    if not isinstance(strings, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in strings.items()
    ):
        raise StringsError(
            f"{display_path(path)}: not a translation record; it needs "
            "'strings:' mapping each string id to a hash (rerun strings import)"
        )
    return dict(strings)


def write_sidecar(scenario: Scenario, hashes: dict[str, str]) -> Path:
    """Write the translation record of a scenario; returns its path."""
    path = sidecar_path(scenario.path)
    header = (
        f"# Translation record for {scenario.path.name}, written by "
        "`python main.py strings import`.\n"
        "# For each string id: the hash of the Chinese text that its English was\n"
        "# translated from. Do not edit by hand.\n"
    )
    body = yaml.safe_dump(
        {
            "format": SIDECAR_FORMAT,
            "scenario": scenario.id,
            "strings": dict(sorted(hashes.items())),
        },
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
    )
    _write_atomically(path, (header + body).encode("utf-8"))
    return path


def stale_translations(scenario: Scenario) -> list[tuple[str, Span]]:
    """Return (string id, span of the English text) for each outdated translation.

    A translation is outdated when the Chinese text changed after the English was
    imported: the hash recorded in `<stem>.translations.yaml` no longer matches.
    Strings never imported are not reported. The file at `scenario.path` is read
    again for the spans. Raises StringsError when the record file is invalid.
    """
    recorded = read_sidecar(scenario.path)
    if not recorded:
        return []
    document, entries = read_strings(scenario.path)
    stale = []
    for entry in entries:
        expected = recorded.get(entry.id)
        if expected is not None and expected != entry.zh_hash:
            stale.append((entry.id, document.span(entry.en_node)))
    return stale


# --- Import -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int
    id: str
    zh: str
    en: str
    zh_hash: str | None


@dataclass
class ImportResult:
    """The outcome of an import: ids of the rewritten texts, and warnings."""

    changed_en: list[str]
    changed_zh: list[str]
    recorded: int
    warnings: list[str]
    sidecar: Path | None = None


def read_rows(data: bytes, shown: str) -> list[Row]:
    """Parse a string table; raises StringsError naming the file and line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StringsError(
            f"{shown}: the file is not UTF-8 (byte {error.start}); in Excel save it "
            "as 'CSV UTF-8 (Comma delimited)'"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise StringsError(f"{shown}: the file is empty; it needs a header line")
    names = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise StringsError(
            f"{shown} line 1: the header lacks the column(s) {', '.join(missing)}; "
            f"the first line must name the columns {', '.join(COLUMNS)}"
        )
    index = {name: names.index(name) for name in COLUMNS if name in names}
    rows = []
    start = reader.line_num + 1
    for record in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        cells = record + [""] * (len(names) - len(record))

        def cell(name: str, cells: list[str] = cells) -> str:
            return _uncell(cells[index[name]].replace("\r\n", "\n"))

        zh_hash = cell("zh_hash").strip() if "zh_hash" in index else None
        rows.append(
            Row(line, cell("id").strip(), cell("zh"), cell("en"), zh_hash or None)
        )
    return rows


def import_csv(scenario: Scenario, data: bytes, shown: str) -> ImportResult:
    """Write the texts of a string table into the scenario file in place.

    Only the scalars whose text changed are rewritten. The edited file must load
    without errors and read back every imported text, or it is left unchanged.
    Raises StringsError for unknown or repeated ids and for a file that fails.
    """
    rows = read_rows(data, shown)
    document, entries = read_strings(scenario.path)
    by_id = {entry.id: entry for entry in entries}
    _check_ids(rows, by_id, shown)

    edits: list[Edit] = []
    hashes = read_sidecar(scenario.path)
    result = ImportResult([], [], 0, [])
    for row in rows:
        entry = by_id[row.id]
        zh = _import_zh(row, entry, shown, result)
        if zh is not None:
            edits.append(Edit(entry.zh_node, zh, entry.in_flow, entry.indent))
            result.changed_zh.append(row.id)
        if not row.en.strip():
            continue
        if row.en.strip() != entry.en.strip():
            edits.append(
                Edit(entry.en_node, row.en.strip(), entry.in_flow, entry.indent)
            )
            result.changed_en.append(row.id)
        hashes[row.id] = text_hash(row.zh) if row.zh.strip() else entry.zh_hash
        result.recorded += 1

    if edits:
        new_text = apply_edits(document.text, edits)
        _replace_checked(scenario, new_text, edits, by_id)
    result.sidecar = write_sidecar(scenario, hashes)
    return result


def _check_ids(rows: list[Row], by_id: dict[str, StringEntry], shown: str) -> None:
    problems = []
    first_line: dict[str, int] = {}
    for row in rows:
        if row.id not in by_id:
            hint = did_you_mean(row.id, by_id)
            problems.append(
                f"{shown} line {row.line}: unknown string id '{row.id}'"
                + (f"; {hint}" if hint else "")
            )
        elif row.id in first_line:
            problems.append(
                f"{shown} line {row.line}: string id '{row.id}' is repeated "
                f"(first on line {first_line[row.id]}); keep one row per id"
            )
        else:
            first_line[row.id] = row.line
    if problems:
        raise StringsError("\n".join(problems) + "\nnothing was imported")


def _import_zh(
    row: Row, entry: StringEntry, shown: str, result: ImportResult
) -> str | None:
    """Return the Chinese text to write, or None to keep the file's Chinese."""
    if not row.zh.strip() or row.zh.strip() == entry.zh.strip():
        return None
    exported = row.zh_hash
    if exported is None or exported == entry.zh_hash:
        # The Chinese in the file is what the translator saw, so the row's edit wins.
        if exported is not None and text_hash(row.zh) == exported:
            return None  # only spacing differs
        return row.zh.strip()
    if text_hash(row.zh) != exported:
        result.warnings.append(
            f"{shown} line {row.line}: '{row.id}': the Chinese was changed both in the "
            "file and in the table since the export; the file's Chinese is kept"
        )
    else:
        result.warnings.append(
            f"{shown} line {row.line}: '{row.id}': the Chinese changed in the file "
            "after the export, so this English is recorded as out of date"
        )
    return None


def _replace_checked(
    scenario: Scenario, new_text: str, edits: list[Edit], by_id: dict[str, StringEntry]
) -> None:
    """Check the edited text in a temporary file, then move it over the scenario."""
    path = scenario.path
    temporary = path.with_name(f".{path.stem}.import.yaml")
    temporary.write_bytes(new_text.encode("utf-8"))
    try:
        checked, diagnostics = check_scenario(
            temporary, shared_dir=scenario.ladder.path.parent
        )
        if checked is None:
            rendered = diagnostics.render().replace(
                display_path(temporary), display_path(path)
            )
            raise StringsError(
                f"the edited scenario would not load, so it was not saved:\n{rendered}"
            )
        _, entries = read_strings(temporary)
        values = {(e.id, "zh"): e.zh for e in entries}
        values.update({(e.id, "en"): e.en for e in entries})
        nodes = {id(e.zh_node): (e.id, "zh") for e in by_id.values()}
        nodes.update({id(e.en_node): (e.id, "en") for e in by_id.values()})
        for edit in edits:
            key = nodes[id(edit.node)]
            if values.get(key) != edit.value:
                raise StringsError(
                    f"writing '{key[0]}' ({key[1]}) would not read back the same "
                    "text, so the scenario was not saved"
                )
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
