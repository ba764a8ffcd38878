"""`main.py export`: read-only logs, folders, failed exports and closed pipes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from game.analytics import AnalyticsLog, iter_events

ROOT = Path(__file__).resolve().parents[1]


def export(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "main.py"), "export", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = tmp_path / "logs" / "log.sqlite3"
    path.parent.mkdir()
    with AnalyticsLog(path, "station-test") as log:
        run = log.start_run(
            scenario_id="mini",
            scenario_version=1,
            content_hash="0" * 64,
            lang="en",
            mode="offscreen",
            app_version="test",
        )
        run.node_entered("n1", "none", 0)
        run.ending_reached("e_end", "kept_integrity", "none", 0).wait(10)
    return path


def test_export_to_stdout(log_file: Path) -> None:
    result = export(str(log_file))
    assert result.returncode == 0, result.stderr
    types = [json.loads(line)["type"] for line in result.stdout.splitlines()]
    assert types == ["run_started", "node_entered", "ending_reached"]


def test_export_folder_is_clear_error(log_file: Path) -> None:
    result = export(str(log_file.parent))
    assert result.returncode == 1
    assert "is a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_log_names_default_path(tmp_path: Path) -> None:
    result = export(str(tmp_path / "absent.sqlite3"))
    assert result.returncode == 1
    assert "not found" in result.stderr
    assert "default_log_path" not in result.stderr


def test_failed_export_leaves_no_file(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    result = export(str(tmp_path / "absent.sqlite3"), "-o", str(output))
    assert result.returncode == 1
    assert list(tmp_path.iterdir()) == []


def test_export_to_file(log_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    result = export(str(log_file), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert len(output.read_text(encoding="utf-8").splitlines()) == 3
    assert "wrote 3 events" in result.stderr


def test_read_only_location_falls_back(log_file: Path, monkeypatch) -> None:
    # Without write access beside the log, SQLite cannot create the -shm file a WAL
    # reader needs, and mode=ro fails; export must then read the file as immutable.
    real_connect = sqlite3.connect

    def connect(database, *args, **kwargs):
        if "mode=ro" in database:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    events = list(iter_events(log_file))
    assert [event["type"] for event in events] == [
        "run_started",
        "node_entered",
        "ending_reached",
    ]


def test_closed_pipe_is_quiet(log_file: Path) -> None:
    command = f"{sys.executable} {ROOT / 'main.py'} export {log_file} | head -1"
    result = subprocess.run(
        command, shell=True, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["type"] == "run_started"
    assert "error" not in result.stderr.lower()
