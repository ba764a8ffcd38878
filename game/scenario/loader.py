"""Load a scenario file into the immutable model, reporting every problem at once."""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import expr
from .diagnostics import DiagnosticList, Span, closest, did_you_mean, display_path
from .format import FORMAT_VERSION, SCENARIO
from .ladder import load_ladder
from .model import (
    Case,
    Choice,
    Condition,
    Ending,
    Ladder,
    Line,
    Look,
    Node,
    Scenario,
    Skip,
    Speaker,
    Text,
    Variable,
)
from .schema import Checker, Record, Scalar
from .yamlsource import Document, read_document

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS_DIR = Path(os.environ.get("CLEAR_CHOICE_SCENARIOS", ROOT / "scenarios"))
SHARED_DIR_NAME = "_shared"
TRANSLATIONS_SUFFIX = ".translations.yaml"


class ScenarioError(Exception):
    """Base class for problems with scenario files."""


class ScenarioLoadError(ScenarioError):
    """A scenario file has errors; `diagnostics` lists them all."""

    def __init__(self, path: Path, diagnostics: DiagnosticList) -> None:
        self.path = path
        self.diagnostics = diagnostics
        super().__init__(diagnostics.render())

    def __str__(self) -> str:
        errors = len(self.diagnostics.errors)
        return (
            f"{self.diagnostics.render()}\n{display_path(self.path)}: {errors} error(s)"
        )


class ScenarioNotFound(ScenarioError, LookupError):
    """No scenario file or id matches the name given."""


def ladder_path(scenarios_dir: Path | None = None) -> Path:
    return (scenarios_dir or SCENARIOS_DIR) / SHARED_DIR_NAME / "ladder.yaml"


def load_scenario(path: str | Path, *, shared_dir: Path | None = None) -> Scenario:
    """Load and check a scenario; raises ScenarioLoadError listing every error."""
    scenario, diagnostics = check_scenario(path, shared_dir=shared_dir)
    if scenario is None:
        raise ScenarioLoadError(Path(path), diagnostics)
    return scenario


def check_scenario(
    path: str | Path, *, shared_dir: Path | None = None
) -> tuple[Scenario | None, DiagnosticList]:
    """Load a scenario and return it (None when it has errors) with all diagnostics."""
    with paused_gc():
        return _check_scenario(Path(path), shared_dir)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a burst of allocations.

    Loading and validating allocate hundreds of thousands of small objects that stay
    alive, and the collector would rescan them again and again on a large file.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_scenario(
    path: Path, shared_dir: Path | None
) -> tuple[Scenario | None, DiagnosticList]:
    diagnostics = DiagnosticList()
    shown = display_path(path)
    document = read_document(path, shown, diagnostics)
    if document is None:
        return None, diagnostics

    record = Checker(document, diagnostics).check(document.root, SCENARIO, "")
    if not isinstance(record, Record):
        return None, diagnostics
    if record.get("format") not in (None, FORMAT_VERSION):
        diagnostics.add(
            "CC207",
            f"format {record.get('format')} is not supported; this program reads "
            f"format {FORMAT_VERSION}",
            record.spans.get("format"),
            "update the program, or write format: 1",
        )
        return None, diagnostics

    shared = shared_dir or _shared_dir_for(path)
    ladder = load_ladder(shared / "ladder.yaml", diagnostics)
    if ladder is None:
        return None, diagnostics

    builder = _Builder(record, ladder, diagnostics)
    scenario = builder.build(path, document)
    if diagnostics.has_errors():
        return None, diagnostics
    return scenario, diagnostics


def _shared_dir_for(path: Path) -> Path:
    """Return the _shared folder beside the scenario, or the project's own."""
    for folder in path.resolve().parents:
        candidate = folder / SHARED_DIR_NAME
        if (candidate / "ladder.yaml").is_file():
            return candidate
        if folder == ROOT:
            break
    return SCENARIOS_DIR / SHARED_DIR_NAME


# --- Finding scenarios -----------------------------------------------------------


def list_scenarios(scenarios_dir: Path | None = None) -> list[Path]:
    """Return every scenario file below the folder, skipping `_` and `.` names.

    `<stem>.translations.yaml` files are skipped too: they record the translation
    state of the scenario `<stem>.yaml` (see game.authoring.strings).
    """
    folder = scenarios_dir or SCENARIOS_DIR
    found = []
    for candidate in sorted(folder.rglob("*.y*ml")):
        relative = candidate.relative_to(folder).parts
        if any(part.startswith(("_", ".")) for part in relative):
            continue
        if candidate.name.endswith(TRANSLATIONS_SUFFIX):
            continue
        if candidate.suffix in (".yaml", ".yml"):
            found.append(candidate)
    return found


def find_scenario(name_or_path: str, scenarios_dir: Path | None = None) -> Path:
    """Return the scenario file for a path or an id; raises ScenarioNotFound."""
    candidate = Path(name_or_path)
    if candidate.is_file():
        return candidate
    files = list_scenarios(scenarios_dir)
    for file in files:
        if file.stem == name_or_path:
            return file
    ids = {}
    for file in files:
        scenario_id = _peek_id(file)
        if scenario_id:
            ids[scenario_id] = file
    if name_or_path in ids:
        return ids[name_or_path]
    known = ", ".join(sorted(ids)) or "none"
    hint = did_you_mean(name_or_path, ids)
    message = f"no scenario file or id '{name_or_path}' (known ids: {known})"
    raise ScenarioNotFound(f"{message}; {hint}" if hint else message)


def _peek_id(path: Path) -> str | None:
    try:
        with path.open("rb") as stream:
            for raw in stream:
                line = raw.decode("utf-8", "replace").strip()
                if line.startswith("id:"):
                    return line[3:].split("#", 1)[0].strip().strip("'\"")
    except OSError:
        return None
    return None


# --- Building the model ----------------------------------------------------------


class _Builder:
    def __init__(self, record: Record, ladder: Ladder, diagnostics: DiagnosticList):
        self.record = record
        self.ladder = ladder
        self.diagnostics = diagnostics
        self.types: dict[str, str] = {"rung": expr.RUNG}
        for rung in ladder.rungs:
            self.types[rung.id] = expr.RUNG
        self.speaker_ids: set[str] = set()
        self.case_ids: set[str] = set()
        self.step_ids: set[str] = set()

    def error(
        self, code: str, message: str, span: Span | None, hint: str | None = None
    ):
        self.diagnostics.add(code, message, span, hint)

    def build(self, path: Path, document: Document) -> Scenario | None:
        values = self.record.values
        variables = self._variables(values.get("variables") or {})
        speakers = self._speakers(values.get("speakers") or {})
        cases = self._cases(values.get("cases") or [])
        skips = self._skips(values.get("skips") or [])

        node_records = values.get("nodes") or {}
        ending_records = values.get("endings") or {}
        for name in set(node_records) & set(ending_records):
            self.error(
                "CC306",
                f"'{name}' is both a node and an ending; they share one namespace",
                ending_records[name].key_span if ending_records[name] else None,
                "rename the ending, for example 'e_" + name + "'",
            )
        self.step_ids = set(node_records) | set(ending_records)

        nodes = {
            name: node
            for name, item in node_records.items()
            if (node := self._node(name, item)) is not None
        }
        endings = {
            name: ending
            for name, item in ending_records.items()
            if (ending := self._ending(name, item)) is not None
        }
        start = values.get("start")
        if start is not None and start not in self.step_ids:
            self.error(
                "CC304",
                f"start '{start}' is not a node",
                self.record.spans.get("start"),
                did_you_mean(start, node_records),
            )
        elif start in ending_records:
            self.error(
                "CC307", f"start '{start}' is an ending", self.record.spans.get("start")
            )
        if self.diagnostics.has_errors():
            return None

        return Scenario(
            id=values["id"],
            version=values["version"],
            title=Text(**values["title"]),
            summary=Text(**values["summary"]),
            role=Text(**values["role"]),
            cases=tuple(cases),
            speakers=MappingProxyType(speakers),
            variables=MappingProxyType(variables),
            start=start,
            skips=tuple(skips),
            nodes=MappingProxyType(nodes),
            endings=MappingProxyType(endings),
            ladder=self.ladder,
            content_hash=content_hash(self.record, self.ladder),
            path=path,
            spans=MappingProxyType(self.record.spans),
            source=document,
        )

    # Declarations ----------------------------------------------------------------

    def _variables(self, records: dict[str, Any]) -> dict[str, Variable]:
        variables = {}
        for name, item in records.items():
            if not isinstance(item, Record) or None in _required(
                item, "type", "initial"
            ):
                continue
            if name in self.types:
                self.error(
                    "CC206",
                    f"variable '{name}' has the same name as a rung or the word 'rung'",
                    item.key_span,
                    "rename the variable",
                )
                continue
            kind, initial = item.values["type"], item.values["initial"]
            # Declared names stay known even when the initial value is wrong, so one
            # mistake does not turn every later use into an unknown variable.
            self.types[name] = expr.BOOL if kind == "bool" else expr.INT
            if (kind == "bool") != isinstance(initial, bool):
                self.error(
                    "CC401",
                    f"variable '{name}' is {kind} but its initial value is "
                    f"{_json(initial)}",
                    item.spans.get("initial"),
                    "write true or false" if kind == "bool" else "write a whole number",
                )
                continue
            about = item.get("about")
            variables[name] = Variable(
                name,
                kind,
                initial,
                Text(**about) if about else None,
                item.get("unit"),
                item.span,
            )
            self.types[name] = expr.BOOL if kind == "bool" else expr.INT
        return variables

    def _speakers(self, records: dict[str, Any]) -> dict[str, Speaker]:
        speakers = {}
        for name, item in records.items():
            self.speaker_ids.add(name)
            if not isinstance(item, Record) or item.get("name") is None:
                continue
            look_record = item.get("look")
            look = None
            if (
                isinstance(look_record, Record)
                and None not in look_record.values.values()
            ):
                look = Look(**look_record.values)
            speakers[name] = Speaker(name, Text(**item.values["name"]), look)
        return speakers

    def _cases(self, records: list[Any]) -> list[Case]:
        cases = []
        for item in records:
            if not isinstance(item, Record) or None in _required(item, "id", "summary"):
                continue
            case_id = item.values["id"]
            if case_id in self.case_ids:
                self.error(
                    "CC206", f"case id '{case_id}' is used twice", item.spans["id"]
                )
                continue
            self.case_ids.add(case_id)
            cases.append(
                Case(
                    case_id,
                    Text(**item.values["summary"]),
                    item.get("source"),
                    item.span,
                )
            )
        return cases

    def _skips(self, records: list[Any]) -> list[Skip]:
        skips = []
        for item in records:
            if not isinstance(item, Record) or None in _required(
                item, "from", "to", "why"
            ):
                continue
            ok = True
            for key in ("from", "to"):
                rung = item.values[key]
                if rung not in self.ladder.ids:
                    self._unknown_rung(rung, item.spans.get(key))
                    ok = False
            pair = (item.values["from"], item.values["to"])
            if ok and any((skip.from_rung, skip.to_rung) == pair for skip in skips):
                self.error(
                    "CC206",
                    f"the skip from '{pair[0]}' to '{pair[1]}' is declared twice",
                    item.span,
                    "keep one of the two, with the reason a visitor should read",
                )
                ok = False
            if ok:
                skips.append(
                    Skip(
                        item.values["from"],
                        item.values["to"],
                        Text(**item.values["why"]),
                        item.span,
                    )
                )
        return skips

    def _unknown_rung(self, rung: str, span: Span | None) -> None:
        self.error(
            "CC303",
            f"'{rung}' is not a rung of the ladder",
            span,
            did_you_mean(rung, self.ladder.ids)
            or "rungs: " + ", ".join(self.ladder.ids),
        )

    # Steps -----------------------------------------------------------------------

    def _node(self, name: str, item: Any) -> Node | None:
        if not isinstance(item, Record):
            return None
        lines = self._lines(name, item.get("lines") or [])
        choices = self._choices(name, item.get("choices") or [])
        enter = self._effects(item.get("enter") or [])
        if None in _required(item, "scene", "lines", "choices") or None in (
            lines,
            choices,
            enter,
        ):
            return None
        time = item.get("time")
        return Node(
            name,
            item.values["scene"],
            Text(**time) if time else None,
            enter,
            lines,
            choices,
            item.key_span or item.span,
            _spans(item),
        )

    def _ending(self, name: str, item: Any) -> Ending | None:
        if not isinstance(item, Record):
            return None
        lines = self._lines(name, item.get("lines") or [])
        enter = self._effects(item.get("enter") or [])
        for case_id, span in _with_spans(item, "cases"):
            if case_id not in self.case_ids:
                self.error(
                    "CC305",
                    f"ending '{name}' names the undeclared case '{case_id}'",
                    span,
                    did_you_mean(case_id, self.case_ids),
                )
        required = _required(item, "kind", "scene", "title", "lines", "epilogue")
        if None in required or lines is None or enter is None:
            return None
        epilogue = [Text(**t) for t in item.values["epilogue"] if t]
        basis = [Text(**t) for t in item.get("legal_basis") or [] if t]
        time = item.get("time")
        return Ending(
            name,
            item.values["kind"],
            item.values["scene"],
            Text(**time) if time else None,
            enter,
            Text(**item.values["title"]),
            lines,
            tuple(epilogue),
            tuple(basis),
            tuple(c for c in item.get("cases") or [] if c),
            item.key_span or item.span,
            _spans(item),
        )

    def _lines(self, step: str, records: list[Any]) -> tuple[Line, ...] | None:
        lines: list[Line] = []
        seen: set[str] = set()
        failed = False
        for item in records:
            if not isinstance(item, Record) or None in _required(
                item, "id", "speaker", "text"
            ):
                failed = True
                continue
            line_id, speaker = item.values["id"], item.values["speaker"]
            if line_id in seen:
                self.error(
                    "CC206",
                    f"line id '{line_id}' is used twice in '{step}'",
                    item.spans["id"],
                    "give each line of a node its own id",
                )
                failed = True
            seen.add(line_id)
            if speaker not in self.speaker_ids:
                self.error(
                    "CC301",
                    f"unknown speaker '{speaker}'",
                    item.spans["speaker"],
                    did_you_mean(speaker, self.speaker_ids)
                    or "declare it under speakers:",
                )
                failed = True
            when = self._condition(item.get("when"))
            if item.get("when") is not None and when is None:
                failed = True
            lines.append(
                Line(
                    line_id,
                    speaker,
                    Text(**item.values["text"]),
                    when,
                    item.get("tactic"),
                    item.span,
                    _spans(item),
                    _audio(item.get("audio")),
                )
            )
        return None if failed else tuple(lines)

    def _choices(self, step: str, records: list[Any]) -> tuple[Choice, ...] | None:
        choices: list[Choice] = []
        seen: set[str] = set()
        failed = False
        for item in records:
            if not isinstance(item, Record) or None in _required(
                item, "id", "text", "go"
            ):
                failed = True
                continue
            choice_id, target = item.values["id"], item.values["go"]
            if choice_id in seen:
                self.error(
                    "CC206",
                    f"choice id '{choice_id}' is used twice in '{step}'",
                    item.spans["id"],
                    "give each choice of a node its own id",
                )
                failed = True
            seen.add(choice_id)
            if target not in self.step_ids:
                self.error(
                    "CC300",
                    f"choice '{choice_id}' goes to unknown node '{target}'",
                    item.spans["go"],
                    did_you_mean(target, self.step_ids),
                )
                failed = True
            when = self._condition(item.get("when"))
            effects = self._effects(item.get("effects") or [])
            if (item.get("when") is not None and when is None) or effects is None:
                failed = True
                continue
            choices.append(
                Choice(
                    choice_id,
                    Text(**item.values["text"]),
                    target,
                    when,
                    effects,
                    item.get("tactic"),
                    item.span,
                    _spans(item),
                )
            )
        return None if failed else tuple(choices)

    # Expressions -----------------------------------------------------------------

    def _condition(self, scalar: Scalar | None) -> Condition | None:
        if scalar is None:
            return None
        try:
            parsed = expr.parse_condition(scalar.value)
            found = expr.infer_type(parsed, self.types)
            if found != expr.BOOL:
                raise expr.ExprError(
                    "a condition must be true or false, but this is "
                    + expr.with_article(found),
                    0,
                    "CC401",
                )
        except expr.ExprError as error:
            self._expr_error(scalar, error)
            return None
        return Condition(scalar.value, parsed)

    def _effects(
        self, scalars: Iterable[Scalar | None]
    ) -> tuple[expr.Effect, ...] | None:
        effects = []
        failed = False
        for scalar in scalars:
            if scalar is None:
                failed = True
                continue
            try:
                effects.append(self._effect(scalar.value))
            except expr.ExprError as error:
                self._expr_error(scalar, error)
                failed = True
        return None if failed else tuple(effects)

    def _effect(self, text: str) -> expr.Effect:
        effect = expr.parse_effect(text)
        if effect.op == "->":
            assert isinstance(effect.value, expr.Name)
            if effect.value.name not in self.ladder.ids:
                hint = did_you_mean(effect.value.name, self.ladder.ids)
                raise expr.ExprError(
                    f"'{effect.value.name}' is not a rung of the ladder",
                    effect.value.offset,
                    "CC303",
                    hint or "rungs: " + ", ".join(self.ladder.ids),
                )
            return effect
        target_type = self.types.get(effect.target)
        if target_type is None or target_type == expr.RUNG:
            raise expr.ExprError(f"unknown variable '{effect.target}'", 0, "CC302")
        value_type = expr.infer_type(effect.value, self.types)
        if effect.op in ("+=", "-=") and target_type != expr.INT:
            raise expr.ExprError(
                f"'{effect.op}' needs a number variable; '{effect.target}' is a bool",
                0,
                "CC401",
            )
        if value_type != target_type:
            raise expr.ExprError(
                f"'{effect.target}' is {expr.with_article(target_type)} but the value "
                f"is {expr.with_article(value_type)}",
                effect.value.offset,
                "CC401",
            )
        return effect

    def _expr_error(self, scalar: Scalar, error: expr.ExprError) -> None:
        span = scalar.span
        shift = 1 if scalar.style in ("'", '"') else 0
        if scalar.style in (None, "", "'", '"'):
            span = Span(span.path, span.line, span.col + shift + error.offset, 1)
        hint = error.hint
        if error.code == "CC302":
            name = str(error).split("'")[1] if "'" in str(error) else ""
            names = [n for n, t in self.types.items() if t != expr.RUNG]
            rung = closest(name, self.ladder.ids)
            hint = (
                did_you_mean(name, names)
                or (f"did you mean the rung '{rung}'?" if rung else None)
                or "declare it under variables:"
            )
        self.error(error.code, f"{error} in '{scalar.value}'", span, hint)


def _audio(record: Record | None) -> Mapping[str, str]:
    if not isinstance(record, Record):
        return MappingProxyType({})
    return MappingProxyType({k: v for k, v in record.values.items() if v is not None})


def _required(record: Record, *names: str) -> list[Any]:
    return [record.values.get(name) for name in names]


def _spans(record: Record) -> MappingProxyType:
    """Return the spans of the record's fields, plus `name[i]` for each list item."""
    spans = dict(record.spans)
    for name, value in record.values.items():
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, (Scalar, Record)):
                    spans[f"{name}[{index}]"] = item.span
    return MappingProxyType(spans)


def _with_spans(record: Record, name: str) -> list[tuple[str, Span | None]]:
    values = record.get(name) or []
    return [(value, record.spans.get(name)) for value in values if value]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return {key: _plain(item) for key, item in value.values.items()}
    if isinstance(value, Scalar):
        return value.value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def content_hash(record: Record, ladder: Ladder) -> str:
    """Return the sha256 of the scenario's canonical content and the shared ladder.

    Comments, key order and layout do not change it; any value that affects play does.
    """
    canonical = json.dumps(
        {"scenario": _plain(record), "ladder": ladder.content},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
