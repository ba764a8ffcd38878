"""Text play in the terminal: piped input, invalid input, EOF, quitting, CJK output."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from story_factory import STUCK

from game.authoring.textplay import ladder_line, play_text, transcript
from game.scenario import load_scenario
from game.story import Story

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "tests" / "data" / "story_tools.yaml"


def play(*options: str, stdin: str, lang: str = "en") -> subprocess.CompletedProcess:
    """Run `main.py play --text` under the C locale with `stdin` piped in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO"))}
    env.update(LANG="C", LC_ALL="C")
    return subprocess.run(
        [
            sys.executable,
            "main.py",
            "play",
            str(SCENARIO),
            "--text",
            "--lang",
            lang,
            *options,
        ],
        input=stdin.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


def test_piped_choices_reach_ending():
    result = play(stdin="1\n1\n1\n")
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr
    assert "  1) Take it\n  2) Politely refuse\n  3) Put it off\n> 1\n" in out
    assert "Ladder: 2/8 Light sanction" in out
    assert "The inspector: Have you taken shopping cards?" in out
    assert "=== Ending: A Party warning (disciplined) ===" in out


def test_chinese_output_under_c_locale():
    result = play(stdin="2\n", lang="zh")
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr
    assert "处理阶梯：0/8 清白" in out
    assert "供应商：科长，一点心意，过年用。" in out
    assert "=== 结局：清清白白（守住底线）===" in out


def test_invalid_input_prompts_again():
    result = play(stdin="x\n0\n7\n\nrefuse\n")
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr
    assert out.count("Type a number from 1 to 3, or q to quit.") == 4
    assert "=== Ending: A clean record (kept integrity) ===" in out


def test_eof_before_ending_fails():
    result = play(stdin="1\n")
    assert result.returncode == 1
    err = result.stderr.decode("utf-8")
    assert "input ended before the story reached an ending (at 'n02_dinner')" in err
    assert "Traceback" not in err


def test_q_quits():
    result = play(stdin="1\nq\n")
    assert result.returncode == 0
    assert "You left the story at 'n02_dinner'." in result.stdout.decode("utf-8")


def test_debug_shows_variables():
    result = play("--debug", stdin="3\n1\n1\n1\n")
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr
    assert "[debug] step=n01_card rung=none cards=0 told=false" in out
    assert "[debug] step=n01_card rung=none cards=0 told=true hidden: think" in out
    assert "[debug] step=n03_talk rung=light_sanction cards=6000 told=true" in out
    assert "  1) Take it  [take]" in out


def test_choices_option_is_taken_first():
    result = play("--choices", "take,more", stdin="2\n")
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr
    assert "> take\n" in out
    assert "=== Ending: The verdict (prosecuted) ===" in out


def test_unknown_scenario_is_usage_error():
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "main.py", "play", "no_such_story", "--text"],
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert b"no_such_story" in result.stderr


def test_transcript_matches_piped_session(scenario):
    story = Story(scenario)
    for choice in ("think", "take", "more", "deny"):
        story.choose(choice)
    out = io.StringIO()
    answers = iter(["3\n", "1\n", "1\n", "2\n"])
    code = play_text(
        Story(scenario),
        "en",
        lambda: next(answers, None),
        out,
        io.StringIO(),
        echo=True,
    )
    assert code == 0
    assert transcript(story, "en") == out.getvalue()


def test_stuck_node_reports_error(write_scenario):
    story = Story(load_scenario(write_scenario(STUCK)))
    story.choose("take")
    err = io.StringIO()
    code = play_text(story, "en", lambda: None, io.StringIO(), err)
    assert code == 1
    assert "no choice is available at 'n2'" in err.getvalue()


def test_ladder_line(scenario):
    story = Story(scenario)
    story.choose("take")
    assert ladder_line(story, "en") == "Ladder: 1/8 Reminder talk"
    assert ladder_line(story, "zh") == "处理阶梯：1/8 谈话提醒"
