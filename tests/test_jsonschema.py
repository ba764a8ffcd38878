"""The JSON Schema for editors: generated from the format, current, and correct."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.scenario import list_scenarios
from game.scenario.format import CHOICE, ENDING, NODE, SCENARIO
from game.scenario.jsonschema import build_schema

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SCHEMA_FILE = ROOT / "schemas" / "scenario.schema.json"
VALID = [DATA / "valid_small.yaml", DATA / "core_mini.yaml", *list_scenarios()]


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(build_schema())


def test_schema_is_valid_draft_2020_12() -> None:
    schema = build_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_committed_schema_is_current() -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_docs", ROOT / "tools" / "gen_docs.py"
    )
    gen_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_docs)
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == gen_docs.render_schema(), "run python tools/gen_docs.py"
    assert json.loads(committed) == build_schema()


@pytest.mark.parametrize(
    "record", [SCENARIO, NODE, CHOICE, ENDING], ids=lambda r: r.name
)
def test_schema_has_every_field(record) -> None:
    schema = build_schema()
    body = schema if record is SCENARIO else schema["$defs"][record.name]
    assert list(body["properties"]) == list(record.fields)
    required = [name for name, field in record.fields.items() if field.required]
    assert body["required"] == required
    assert body["additionalProperties"] is False


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_scenario_passes(validator, path: Path) -> None:
    errors = [error.message for error in validator.iter_errors(load_yaml(path))]
    assert errors == []


@pytest.mark.parametrize(
    "path",
    sorted(
        path
        for path in (DATA / "broken").glob("*.yaml")
        if not path.name.endswith(".translations.yaml")
    ),
    ids=lambda p: p.stem,
)
def test_graph_mistakes_pass_shape(validator, path: Path) -> None:
    # The broken files load; only the whole-graph checks find their mistakes.
    assert validator.is_valid(load_yaml(path))


def set_in(data: dict, path: tuple, value) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def delete_in(data: dict, path: tuple) -> None:
    for key in path[:-1]:
        data = data[key]
    del data[path[-1]]


_DELETE = object()

# (name, path into valid_small, new value or _DELETE, the failing JSON Schema keyword)
BROKEN_SHAPES = [
    ("missing title", ("title",), _DELETE, "required"),
    ("unknown key", ("titel",), {"zh": "甲", "en": "A"}, "additionalProperties"),
    ("bad id", ("id",), "Small-Test", "pattern"),
    ("missing english", ("title", "en"), _DELETE, "required"),
    ("extra language", ("title", "fr"), "Titre", "additionalProperties"),
    ("empty chinese", ("title", "zh"), "", "minLength"),
    ("blank chinese", ("title", "zh"), "   ", "pattern"),
    ("unknown scene", ("nodes", "n1", "scene"), "kitchen", "enum"),
    ("no choices", ("nodes", "n1", "choices"), [], "minItems"),
    ("choices as mapping", ("nodes", "n1", "choices"), {"id": "a"}, "type"),
    ("height too tall", ("speakers", "boss", "look", "height"), 3.5, "maximum"),
    ("bad colour", ("speakers", "boss", "look", "body"), "blue", "pattern"),
    ("text initial", ("variables", "gifts", "initial"), "zero", "type"),
    ("bad node id", ("nodes", "N-1"), {}, "pattern"),
    ("no endings", ("endings",), {}, "minProperties"),
    ("unknown kind", ("endings", "e_clean", "kind"), "happy", "enum"),
    ("version zero", ("version",), 0, "minimum"),
]


@pytest.mark.parametrize(
    "path, value, keyword",
    [case[1:] for case in BROKEN_SHAPES],
    ids=[case[0] for case in BROKEN_SHAPES],
)
def test_broken_shape_fails(validator, path: tuple, value, keyword: str) -> None:
    data = copy.deepcopy(load_yaml(DATA / "valid_small.yaml"))
    if value is _DELETE:
        delete_in(data, path)
    else:
        set_in(data, path, value)
    keywords = {error.validator for error in validator.iter_errors(data)}
    assert keyword in keywords


def test_vscode_maps_scenarios_to_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./schemas/scenario.schema.json"][:2] == [
        "scenarios/*.yaml",
        "scenarios/**/*.yaml",
    ]
    assert SCHEMA_FILE.is_file()
