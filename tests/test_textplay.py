"""Text play in the terminal: input, quitting, --choices, CJK output and analytics."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from story_factory import STUCK

from game.analytics import AnalyticsLog, iter_events
from game.authoring.textplay import ladder_line, play_text, transcript
from game.authoring.textplay_log import TextRunLog
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


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Keep the default analytics log of every play in this test's folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CLEAR_CHOICE_DATA", str(folder))
    monkeypatch.setenv("CLEAR_CHOICE_STATION", "station-tests")
    return folder


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


def events(db: Path) -> list[dict]:
    return sorted(iter_events(db), key=lambda event: event["seq"])


def kinds(db: Path) -> list[str]:
    return [event["type"] for event in events(db)]


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


def test_q_quits_before_an_ending(tmp_path):
    db = tmp_path / "log.sqlite3"
    result = play("--analytics", str(db), stdin="1\nq\n")
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    assert "You left the story at 'n02_dinner', before reaching an ending." in out
    found = events(db)
    assert found[-1]["type"] == "run_abandoned"
    assert found[-1]["reason"] == "closed"
    assert found[-1]["error_type"] is None


def test_text_play_logs_the_run(tmp_path):
    db = tmp_path / "log.sqlite3"
    result = play("--analytics", str(db), stdin="1\n1\n1\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    found = events(db)
    assert [e["type"] for e in found] == [
        "run_started",
        *["node_entered", "choice_made"] * 3,
        "ending_reached",
    ]
    started = found[0]
    assert started["mode"] == "text"
    assert started["lang"] == "en"
    assert started["scenario_id"] == "story_tools"
    assert [e["node_id"] for e in found if e["type"] == "node_entered"] == [
        "n01_card",
        "n02_dinner",
        "n03_talk",
    ]
    first = found[2]
    assert first["choice_id"] == "take"
    assert first["shown_choices"] == ["take", "refuse", "think"]
    assert first["target"] == "n02_dinner"
    assert first["rung_after_id"] == "reminder_talk"
    assert all(e["decision_ms"] >= 0 for e in found if e["type"] == "choice_made")
    assert found[-1]["ending_id"] == "e_disciplined"
    assert found[-1]["ending_kind"] == "disciplined"


def test_default_log_is_used_without_analytics_option(data_dir):
    result = play(stdin="2\n")
    assert result.returncode == 0, result.stderr
    assert kinds(data_dir / "analytics.sqlite3")[-1] == "ending_reached"


def test_end_of_input_logs_closed(tmp_path):
    db = tmp_path / "log.sqlite3"
    assert play("--analytics", str(db), stdin="1\n").returncode == 1
    assert events(db)[-1]["reason"] == "closed"


def test_unopenable_log_warns_once(tmp_path):
    db = tmp_path / "log.sqlite3"
    db.write_bytes(b"this is not an SQLite file, it is only some text\n" * 40)
    result = play("--analytics", str(db), stdin="2\n")
    assert result.returncode == 0
    err = result.stderr.decode("utf-8").splitlines()
    assert len(err) == 1
    assert err[0].startswith("warning: analytics is off, this run is not recorded: ")
    assert "=== Ending: A clean record" in result.stdout.decode("utf-8")


def test_decision_time_counts_from_the_printed_choices(scenario, tmp_path):
    db = tmp_path / "log.sqlite3"
    ticks = iter([10.0, 12.5, 20.0, 20.25])
    answers = iter(["1\n", "2\n"])
    recorder = TextRunLog(AnalyticsLog(db, "station-tests"), io.StringIO())
    code = play_text(
        Story(scenario),
        "en",
        lambda: next(answers, None),
        io.StringIO(),
        io.StringIO(),
        recorder=recorder,
        clock=lambda: next(ticks),
    )
    recorder.close()
    assert code == 0
    choices = [e for e in events(db) if e["type"] == "choice_made"]
    assert [e["decision_ms"] for e in choices] == [2500, 250]


def test_stuck_node_logs_an_error(write_scenario, tmp_path):
    db = tmp_path / "log.sqlite3"
    story = Story(load_scenario(write_scenario(STUCK)))
    recorder = TextRunLog(AnalyticsLog(db, "station-tests"), io.StringIO())
    code = play_text(
        story, "en", lambda: "1\n", io.StringIO(), io.StringIO(), recorder=recorder
    )
    recorder.close()
    assert code == 1
    last = events(db)[-1]
    assert (last["reason"], last["error_type"]) == ("error", "StoryStuck")


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


def test_choice_not_offered_exits_3(tmp_path):
    db = tmp_path / "log.sqlite3"
    result = play("--analytics", str(db), "--choices", "take,nope", stdin="")
    assert result.returncode == 3
    err = result.stderr.decode("utf-8")
    assert err == (
        "error: choice 'nope' is not offered at node 'n02_dinner'; "
        "valid choices: more, hand_in\n"
    )
    assert events(db)[-1]["reason"] == "closed"


def test_number_in_choices_is_not_an_id():
    result = play("--choices", "1", stdin="")
    assert result.returncode == 3
    assert "choice '1' is not offered at node 'n01_card'" in result.stderr.decode()


@pytest.mark.parametrize(
    ("value", "position"), [("take,,more", "entry 2 of 3"), ("take,", "entry 2 of 2")]
)
def test_empty_entry_in_choices_is_usage_error(value, position):
    result = play("--choices", value, stdin="")
    assert result.returncode == 2
    err = result.stderr.decode("utf-8")
    assert f"error: --choices: {position} in '{value}' is empty" in err
    assert result.stdout == b""


def test_choices_left_after_the_ending_are_named():
    result = play("--choices", "refuse,take,more", stdin="")
    assert result.returncode == 0
    assert result.stderr.decode("utf-8") == (
        "warning: the story ended before these --choices were used: take, more\n"
    )


def test_help_says_what_q_does():
    result = subprocess.run(
        [sys.executable, "main.py", "play", "--help"],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    text = " ".join(result.stdout.decode("utf-8").split())
    assert "leaves the run before an ending" in text
    assert "the exit code is 0" in text


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
