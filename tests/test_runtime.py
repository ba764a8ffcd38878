"""The pure-Python runtime: choices, effects, rungs, endings and saved state."""

from __future__ import annotations

import dataclasses
import shutil
import sys

import pytest

from game.scenario import load_scenario
from game.story import ChoiceNotAvailable, PlayState, StateError, Story


@pytest.fixture
def scenario(mini_path):
    return load_scenario(mini_path)


def test_story_starts_at_start(scenario) -> None:
    story = Story(scenario)
    assert story.current.id == "n1"
    assert story.rung.id == "none"
    assert [c.id for c in story.choices()] == ["take", "refuse"]
    assert dict(story.variables) == {"gifts": 0, "lied": False}


def test_choice_applies_effects_and_enter(scenario) -> None:
    story = Story(scenario)
    transition = story.choose("take")
    assert transition.shown == ("take", "refuse")
    assert transition.target == "n2"
    assert transition.rung_before.id == "none"
    assert transition.rung_after.id == "reminder_talk"
    assert story.variables["gifts"] == 500
    assert [line.id for line in story.lines()] == ["a"]


def test_conditions_hide_choices(scenario) -> None:
    story = Story(scenario)
    story.choose("take")
    story.state.variables["lied"] = True
    assert [c.id for c in story.choices()] == ["truth"]


def test_ending_reached(scenario) -> None:
    story = Story(scenario)
    story.choose("refuse")
    assert story.is_over
    assert story.ending.kind == "kept_integrity"
    assert story.choices() == []


def test_unknown_choice_names_node_and_valid_ids(scenario) -> None:
    story = Story(scenario)
    with pytest.raises(ChoiceNotAvailable) as raised:
        story.choose("accept")
    message = str(raised.value)
    assert "'n1'" in message
    assert "take, refuse" in message


def test_hidden_choice_is_not_available(scenario) -> None:
    story = Story(scenario)
    story.choose("take")
    story.state.variables["lied"] = True
    with pytest.raises(ChoiceNotAvailable):
        story.choose("lie")


def test_state_round_trips_through_json(scenario) -> None:
    story = Story(scenario)
    story.choose("take")
    saved = story.state.to_json()
    resumed = Story(scenario, PlayState.from_json(saved))
    assert resumed.current.id == "n2"
    assert resumed.rung.id == "reminder_talk"
    assert resumed.state == story.state
    resumed.choose("lie")
    assert resumed.ending.id == "e_clean"
    assert resumed.state.history == [["n1", "take"], ["n2", "lie"]]


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"format": 99}',
        '{"format": 1, "scenario_id": "mini"}',
    ],
)
def test_bad_saved_state_is_rejected(text) -> None:
    with pytest.raises(StateError):
        PlayState.from_json(text)


def test_state_of_other_scenario_is_rejected(scenario) -> None:
    state = Story(scenario).state
    state.scenario_id = "other"
    with pytest.raises(StateError):
        Story(scenario, state)


def test_scenario_is_immutable(scenario) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.start = "n2"
    with pytest.raises(TypeError):
        scenario.nodes["n9"] = scenario.nodes["n1"]


def test_runtime_imports_no_panda3d() -> None:
    import subprocess

    code = (
        "import sys, game.story, game.scenario; "
        "sys.exit(1 if any(m.startswith('panda3d') or m.startswith('direct') "
        "for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def _copy_project(tmp_path, mini_path):
    shared = tmp_path / "_shared"
    shutil.copytree(mini_path.parents[2] / "scenarios" / "_shared", shared)
    target = tmp_path / "mini.yaml"
    shutil.copy(mini_path, target)
    return target, shared


def test_hash_ignores_comments_and_layout(tmp_path, mini_path) -> None:
    target, shared = _copy_project(tmp_path, mini_path)
    before = load_scenario(target, shared_dir=shared).content_hash
    target.write_text("# a comment\n" + target.read_text(encoding="utf-8") + "\n\n")
    assert load_scenario(target, shared_dir=shared).content_hash == before


def test_hash_changes_with_content(tmp_path, mini_path) -> None:
    target, shared = _copy_project(tmp_path, mini_path)
    before = load_scenario(target, shared_dir=shared).content_hash
    text = target.read_text(encoding="utf-8").replace("gifts += 500", "gifts += 501")
    target.write_text(text, encoding="utf-8")
    assert load_scenario(target, shared_dir=shared).content_hash != before


def test_hash_changes_with_shared_ladder(tmp_path, mini_path) -> None:
    target, shared = _copy_project(tmp_path, mini_path)
    before = load_scenario(target, shared_dir=shared).content_hash
    ladder = shared / "ladder.yaml"
    text = ladder.read_text(encoding="utf-8").replace("Reminder talk", "Talk")
    ladder.write_text(text, encoding="utf-8")
    assert load_scenario(target, shared_dir=shared).content_hash != before
