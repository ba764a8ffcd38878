"""`python main.py play` and the plain window command, run as subprocesses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from game.analytics import iter_events
from game.cli import build_parser, main
from game.player.config import NO_DISPLAY_MESSAGE

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.yaml"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment with no display and data kept in a temporary folder."""
    values = dict(os.environ)
    values.pop("DISPLAY", None)
    values["CLEAR_CHOICE_DATA"] = str(tmp_path / "data")
    values["SDL_AUDIODRIVER"] = "dummy"
    values["SDL_VIDEODRIVER"] = "dummy"
    return values


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_play_to_ending_writes_screenshots(env, tmp_path: Path):
    shots = tmp_path / "shots"
    db = tmp_path / "log.sqlite3"
    result = run(
        env,
        "play",
        str(MINI),
        "--offscreen",
        "--choices",
        "accept,deny",
        "--screenshots",
        str(shots),
        "--analytics",
        str(db),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "n01_card -> accept",
        "n02_talk -> deny",
        "ending: e_sanctioned (disciplined)",
    ]
    names = sorted(path.name for path in shots.iterdir())
    assert names[:3] == ["001_n01_card.png", "002_n02_talk.png", "003_e_sanctioned.png"]
    assert names[3:] == [
        "004_e_sanctioned_epilogue_1.1.png",
        "005_e_sanctioned_epilogue_2.1.png",
    ]
    assert all((shots / name).stat().st_size > 10_000 for name in names)
    assert db.is_file()


def test_play_by_id_in_english(env, tmp_path: Path):
    result = run(
        env,
        "play",
        "holiday_card",
        "--offscreen",
        "--lang",
        "en",
        "--choices",
        "hand_in",
        "--analytics",
        str(tmp_path / "log.sqlite3"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "n01_new_year_card -> hand_in"
    assert result.stdout.splitlines()[-1].startswith("ending: e_handed_in (")


def test_unknown_scenario_exits_2(env):
    result = run(env, "play", "no_such_scenario", "--offscreen")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "no_such_scenario" in lines[0]
    assert "holiday_card" in lines[0]


def test_broken_scenario_exits_1(env, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: broken\n", encoding="utf-8")
    result = run(env, "play", str(broken), "--offscreen")
    assert result.returncode == 1
    assert "broken.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_choice_not_offered_exits_3(env, tmp_path: Path):
    result = run(
        env,
        "play",
        str(MINI),
        "--offscreen",
        "--choices",
        "accept,confess",
        "--analytics",
        str(tmp_path / "log.sqlite3"),
    )
    assert result.returncode == 3
    assert result.stdout.splitlines() == ["n01_card -> accept"]
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "'confess'" in lines[0]
    assert "'n02_talk'" in lines[0]
    assert "admit, deny" in lines[0]


def test_bad_language_exits_2(env):
    result = run(env, "play", str(MINI), "--offscreen", "--lang", "xx")
    assert result.returncode == 2
    assert "--lang" in result.stderr


def test_window_without_display_says_so(env):
    result = run(env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"error: {NO_DISPLAY_MESSAGE}"]


def test_play_without_offscreen_needs_display(env):
    result = run(env, "play", str(MINI))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: {NO_DISPLAY_MESSAGE}"]


def test_window_with_unreachable_display_says_so(env):
    env["DISPLAY"] = ":97"
    result = run(env)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: {NO_DISPLAY_MESSAGE}"]


def test_window_options_without_display(capsys, monkeypatch, tmp_path: Path):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("CLEAR_CHOICE_DATA", str(tmp_path / "data"))
    code = main(["--lang", "en", "--scenario", "holiday_card", "--watch"])
    assert code == 2
    assert capsys.readouterr().err.splitlines() == [f"error: {NO_DISPLAY_MESSAGE}"]


def test_window_unknown_scenario_exits_2(capsys):
    assert main(["--scenario", "no_such_scenario"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert "no_such_scenario" in lines[0]


def test_window_option_before_command_rejected(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "en", "play", str(MINI), "--offscreen"])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert "--lang is a window option" in captured.err
    assert captured.out == ""


def test_window_and_play_option_defaults():
    parser = build_parser()
    window = parser.parse_args(["--lang", "en", "--watch", "--no-narration"])
    assert window.command is None
    assert (window.lang, window.watch, window.narration) == ("en", True, False)
    kiosk = parser.parse_args([])
    assert (kiosk.watch, kiosk.narration) == (False, True)
    play = parser.parse_args(["play", "mini"])
    assert (play.watch, play.narration) == (None, True)
    assert parser.parse_args(["play", "mini", "--no-watch"]).watch is False


@pytest.mark.parametrize("kind", ["file", "unmakeable"])
def test_bad_screenshot_folder_is_usage_error(env, tmp_path: Path, kind: str):
    target = tmp_path / "shots"
    if kind == "file":
        target.write_text("not a folder", encoding="utf-8")
    else:
        (tmp_path / "blocker").write_text("a file", encoding="utf-8")
        target = tmp_path / "blocker" / "shots"
    result = run(env, "play", str(MINI), "--offscreen", "--screenshots", str(target))
    assert result.returncode == 2
    assert "screenshot" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Error:" not in result.stderr


def test_empty_choice_entry_is_usage_error(env, tmp_path: Path):
    result = run(env, "play", str(MINI), "--offscreen", "--choices", "accept,,deny")
    assert result.returncode == 2
    assert "entry 2 of 3" in result.stderr


def test_leftover_choices_are_named(env, tmp_path: Path):
    result = run(
        env,
        "play",
        str(MINI),
        "--offscreen",
        "--choices",
        "accept,deny,spare",
        "--analytics",
        str(tmp_path / "log.sqlite3"),
    )
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr
    assert "spare" in result.stderr


@pytest.mark.parametrize("mode", ["--offscreen", "--text"])
def test_scenario_failing_validation_is_not_played(env, mode: str):
    # The file loads, but a rung skip without a stated reason is a validate error,
    # and a scenario that validate rejects must never reach a visitor.
    broken = ROOT / "tests" / "data" / "broken" / "CC510_ladder_skip.yaml"
    result = run(env, "play", str(broken), mode)
    assert result.returncode == 1
    assert "CC510" in result.stderr


def test_sigterm_logs_run_as_closed(env, tmp_path: Path):
    db = tmp_path / "log.sqlite3"
    command = [sys.executable, str(ROOT / "main.py"), "play", str(MINI), "--text"]
    child = subprocess.Popen(
        [*command, "--analytics", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    # Wait until the first node is shown, then stop the process as a service would.
    assert child.stdout.readline()
    child.send_signal(signal.SIGTERM)
    child.communicate(timeout=30)
    assert child.returncode == 130
    events = list(iter_events(db))
    assert events[-1]["type"] == "run_abandoned"
    assert events[-1]["reason"] == "closed"
