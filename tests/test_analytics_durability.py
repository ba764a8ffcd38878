"""Kill a real writer process at random moments and check what survives on disk."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

from game.analytics import AnalyticsLog

CHILD = Path(__file__).with_name("analytics_child.py")
SEED = 20261204
KILLS = 6
STATION_ID = "station-parent"

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="needs SIGKILL and /proc-style pid checks"
)


def _play_until_killed(db_path: Path, mode: str, delay_s: float) -> set[tuple]:
    """Run the child, SIGKILL it ``delay_s`` after READY, return its ACKed events."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), mode, str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read_stdout() -> None:
        for line in child.stdout:
            lines.append(line)
            if line == "READY\n":
                ready.set()
        ready.set()

    reader = threading.Thread(target=read_stdout, daemon=True)
    reader.start()
    ready.wait(timeout=60)
    time.sleep(delay_s)
    child.kill()
    child.wait()
    reader.join()
    stderr = child.stderr.read()
    child.stderr.close()
    child.stdout.close()

    assert "READY\n" in lines, f"child did not start: {stderr}"
    acked = set()
    for line in lines:
        # A line cut off by the kill has no newline, so it was never fully printed.
        if line.startswith("ACK ") and line.endswith("\n"):
            _, run_id, seq = line.split()
            acked.add((run_id, int(seq)))
    return acked


def _events(db_path: Path) -> list[tuple[str, int, str, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT run_id, seq, type, payload FROM events ORDER BY run_id, seq"
        ).fetchall()
    finally:
        conn.close()


def _integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _open_runs(events: list[tuple[str, int, str, str]]) -> set[str]:
    started = {run_id for run_id, _, kind, _ in events if kind == "run_started"}
    ended = {
        run_id
        for run_id, _, kind, _ in events
        if kind in ("ending_reached", "run_abandoned")
    }
    return started - ended


def _interrupted_counts(events: list[tuple[str, int, str, str]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for run_id, _, kind, payload in events:
        if kind == "run_abandoned" and '"reason":"interrupted"' in payload:
            counts[run_id] += 1
    return counts


def test_sigkill_loses_no_acked_event(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db_path = tmp_path / "analytics.sqlite3"
    all_acked: set[tuple] = set()
    killed_open_runs: set[str] = set()

    for kill in range(KILLS):
        mode = "step" if kill % 2 == 0 else "burst"
        acked = _play_until_killed(db_path, mode, rng.uniform(0.05, 0.8))
        assert acked, f"kill {kill}: the child acknowledged no event"
        all_acked |= acked

        assert _integrity(db_path) == "ok", f"kill {kill}"
        events = _events(db_path)
        present = {(run_id, seq) for run_id, seq, _, _ in events}
        missing = all_acked - present
        assert not missing, f"kill {kill}: acknowledged events lost: {missing}"

        seqs: dict[str, list[int]] = defaultdict(list)
        for run_id, seq, _, _ in events:
            seqs[run_id].append(seq)
        for run_id, run_seqs in seqs.items():
            expected = list(range(1, len(run_seqs) + 1))
            assert run_seqs == expected, f"kill {kill}: run {run_id} has a gap"

        open_before = _open_runs(events)
        assert len(open_before) <= 1, f"kill {kill}: {open_before}"
        killed_open_runs |= open_before
        before_counts = _interrupted_counts(events)

        for _ in range(2):  # a second open must not close the run again
            log = AnalyticsLog(db_path, STATION_ID)
            log.close()

        after = _events(db_path)
        after_counts = _interrupted_counts(after)
        assert not _open_runs(after), f"kill {kill}: runs left open after recovery"
        for run_id in open_before:
            assert after_counts[run_id] == 1, f"kill {kill}: run {run_id}"
        changed = {r for r in after_counts if after_counts[r] != before_counts[r]}
        assert changed == open_before, f"kill {kill}: recovery touched {changed}"
        assert len(after) == len(events) + len(open_before), f"kill {kill}"

    # With delays up to 0.8 s almost every kill lands inside a run. If none did,
    # the test would not have exercised recovery at all.
    assert killed_open_runs, "no kill happened inside a run"
