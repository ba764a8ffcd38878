"""Golden playthroughs: fixed choices with the expected ending, rung, path, variables.

Each `tests/golden/<scenario>/<name>.yaml` is played with the Story runtime, then
played again with a save and load (PlayState.to_json / from_json into a new Story)
after every step, and both must match the expectation. The terminal transcript of
the run must equal `<name>.transcript.txt` beside it; set
CLEAR_CHOICE_UPDATE_GOLDEN=1 to write the transcripts again after a deliberate
change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from game.authoring.textplay import transcript
from game.scenario import ScenarioNotFound, find_scenario, load_scenario
from game.story import PlayState, Story

GOLDEN = Path(__file__).parent / "golden"
DATA = Path(__file__).parent / "data"
UPDATE = os.environ.get("CLEAR_CHOICE_UPDATE_GOLDEN") == "1"
CASES = sorted(GOLDEN.glob("*/*.yaml"))
_scenarios: dict[str, object] = {}


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _load(scenario_id: str):
    if scenario_id not in _scenarios:
        try:
            path = find_scenario(scenario_id)
        except ScenarioNotFound:
            path = DATA / f"{scenario_id}.yaml"  # scenarios made only for the tests
        _scenarios[scenario_id] = load_scenario(path)
    return _scenarios[scenario_id]


def _read(path: Path) -> dict:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(case) >= {"scenario", "lang", "choices", "expect"}, path
    return case


def _play(scenario, choices: list[str], round_trip: bool) -> Story:
    story = Story(scenario)
    for choice in choices:
        story.choose(choice)
        if round_trip:
            state = PlayState.from_json(story.state.to_json())
            story = Story(scenario, state)
    return story


def _outcome(story: Story, expect: dict) -> dict:
    ending = story.ending
    variables = expect.get("variables", {})
    return {
        "ending": ending.id if ending else None,
        "kind": ending.kind if ending else None,
        "rung": story.rung.id,
        "nodes": list(story.state.visited),
        "variables": {name: story.variables.get(name) for name in variables},
    }


def test_golden_cases_exist():
    assert CASES, f"no golden playthroughs under {GOLDEN}"
    assert len({path.parent.name for path in CASES}) >= 2


@pytest.mark.parametrize("path", CASES, ids=_case_id)
@pytest.mark.parametrize("round_trip", [False, True], ids=["direct", "save_load"])
def test_golden_playthrough(path: Path, round_trip: bool):
    case = _read(path)
    assert case["scenario"] == path.parent.name
    scenario = _load(case["scenario"])
    story = _play(scenario, case["choices"], round_trip)
    expect = case["expect"]
    outcome = _outcome(story, expect)
    for key in ("ending", "kind", "rung", "nodes", "variables"):
        if key in expect:
            assert outcome[key] == expect[key], f"{key} differs"
    assert story.is_over


@pytest.mark.parametrize("path", CASES, ids=_case_id)
def test_golden_transcript(path: Path):
    case = _read(path)
    story = _play(_load(case["scenario"]), case["choices"], round_trip=False)
    text = transcript(story, case["lang"])
    expected_path = path.with_name(path.stem + ".transcript.txt")
    if UPDATE:
        expected_path.write_text(text, encoding="utf-8", newline="\n")
    assert expected_path.is_file(), (
        f"{expected_path.name} is missing; run CLEAR_CHOICE_UPDATE_GOLDEN=1 "
        "python -m pytest tests/test_golden.py to write it"
    )
    assert text == expected_path.read_text(encoding="utf-8")
