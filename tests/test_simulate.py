"""Simulation: random and exhaustive coverage, stuck states, loops, reproduction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from story_factory import LOOP, STUCK

from game.authoring.simulate import replay_run, simulate_exhaustive, simulate_random
from game.cli import main
from game.scenario import load_scenario
from game.story import Story

SCENARIO = Path(__file__).parent / "data" / "story_tools.yaml"


@pytest.fixture(scope="module")
def story_tools():
    return load_scenario(SCENARIO)


@pytest.fixture
def stuck(write_scenario):
    return load_scenario(write_scenario(STUCK, "stuck.yaml"))


def test_random_covers_small_story(story_tools):
    report = simulate_random(story_tools, runs=300, seed=5)
    assert report.coverage() == {"nodes": (3, 3), "choices": (7, 7), "endings": (4, 4)}
    assert sum(report.ending_counts.values()) == 300
    assert report.stuck == []
    assert report.never_reached() == {"nodes": [], "choices": [], "endings": []}


def test_random_is_reproducible(story_tools):
    first = simulate_random(story_tools, runs=200, seed=42)
    again = simulate_random(story_tools, runs=200, seed=42)
    other = simulate_random(story_tools, runs=200, seed=43)
    assert first.ending_counts == again.ending_counts
    assert first.ending_counts != other.ending_counts


def test_random_reports_stuck_run(stuck):
    report = simulate_random(stuck, runs=50, seed=9)
    assert len(report.stuck) == 1
    found = report.stuck[0]
    assert found.node_id == "n2"
    assert found.path == ("take",)
    assert found.variables == (("gifts", 1),)
    assert report.stuck_count == 50 - report.ending_counts["e1"]
    replayed = replay_run(stuck, found.seed, found.run)
    assert replayed.state.step_id == "n2"
    assert replayed.choices() == []
    assert f"--seed 9 --runs {found.run + 1}" in found.how_to_reproduce("stuck")


@pytest.fixture
def loop(write_scenario):
    return load_scenario(write_scenario(LOOP, "loop.yaml"))


def test_random_reports_runs_that_loop(loop):
    report = simulate_random(loop, runs=50, seed=4, max_steps=40)
    assert report.stuck == []
    assert len(report.loops) == 1
    found = report.loops[0]
    assert set(found.nodes) == {"n2", "n3"}
    assert found.runs == report.cut_runs
    assert len(found.runs) == 50 - report.ending_counts["e1"] > 0
    assert report.findings
    replayed = replay_run(loop, found.seed, found.run, max_steps=40)
    assert not replayed.is_over
    assert replayed.state.step_id == found.node_id
    assert f"--seed 4 --runs {found.run + 1}" in found.how_to_reproduce("loop")


def test_command_fails_on_a_loop(loop, capsys):
    assert main(["simulate", str(loop.path), "--runs", "50", "--seed", "4"]) == 1
    out = capsys.readouterr().out
    assert "no stuck state" in out
    assert "LOOP: " in out
    assert "of 50 run(s) made 500 choices without reaching an ending" in out
    assert "went round n2, n3" in out or "went round n3, n2" in out
    assert "reproduce: seed 4 run " in out
    assert main(["simulate", str(loop.path), "--format", "json", "--seed", "4"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["loops"][0]["runs"] == data["cut_runs"]
    assert "python3 main.py simulate" in data["loops"][0]["reproduce"]


def test_exhaustive_finds_stuck_path(stuck):
    report = simulate_exhaustive(stuck)
    assert report.complete
    assert [s.node_id for s in report.stuck] == ["n2"]
    story = Story(stuck)
    for choice in report.stuck[0].path:
        story.choose(choice)
    assert story.state.step_id == "n2"
    assert story.choices() == []
    assert report.never_reached()["choices"] == ["n2/only"]


def test_exhaustive_counts_distinct_states(story_tools):
    report = simulate_exhaustive(story_tools)
    assert report.complete
    # n01 twice (told false/true), n02 twice, n03 twice, and 8 end states.
    assert report.states == 14
    assert sum(report.ending_counts.values()) == 8
    assert report.coverage()["choices"] == (7, 7)


def test_exhaustive_states_bound_is_reported(story_tools):
    report = simulate_exhaustive(story_tools, max_states=3)
    assert not report.complete
    assert report.states == 3
    assert "at most 3 distinct states" in report.bound


def test_exhaustive_depth_bound_stops_loops(write_scenario):
    text = STUCK.replace('go: e1, when: "gifts > 1"', "go: n1")
    report = simulate_exhaustive(load_scenario(write_scenario(text)), max_depth=10)
    # Every trip round the loop adds a gift, so only the depth bound ends the search.
    assert not report.complete
    assert report.stuck == []


def test_command_exit_codes(story_tools, stuck, capsys):
    assert main(["simulate", str(SCENARIO), "--runs", "50"]) == 0
    out = capsys.readouterr().out
    assert "nodes        3 / 3     100.0%" in out
    assert "no stuck state" in out
    assert "no loop" in out
    assert main(["simulate", str(stuck.path), "--runs", "20", "--seed", "3"]) == 1
    out = capsys.readouterr().out
    assert "STUCK: 1 node(s)" in out
    assert "reproduce: seed 3 run" in out
    assert "never reached choices (1): n2/only" in out


def test_command_json_and_exhaustive(stuck, capsys):
    assert main(["simulate", str(stuck.path), "--exhaustive", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["mode"] == "exhaustive"
    assert data["complete"] is True
    assert data["coverage"]["nodes"] == {"reached": 2, "total": 2, "percent": 100.0}
    assert data["stuck"][0]["path"] == ["take"]
    assert "--choices take" in data["stuck"][0]["reproduce"]


def test_command_rejects_zero_runs(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate", str(SCENARIO), "--runs", "0"])
    assert exit_info.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_template_copy_loads_and_never_sticks(tmp_path):
    template = Path(__file__).resolve().parents[1] / "scenarios" / "_template.yaml"
    copy = tmp_path / "mooncake_box.yaml"
    copy.write_bytes(template.read_bytes())
    scenario = load_scenario(copy)
    report = simulate_exhaustive(scenario)
    assert report.complete
    assert report.stuck == []
    assert report.coverage()["endings"] == (4, 4)
