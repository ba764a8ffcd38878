"""Tests of the analytics log: events, storage, recovery, export and defaults."""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

import platformdirs
import pytest

from game.analytics import (
    COMMON_FIELDS,
    EVENT_FIELDS,
    AnalyticsError,
    AnalyticsLog,
    CorruptLogError,
    InvalidEventError,
    LogClosedError,
    LogFileError,
    NewerSchemaError,
    RunEndedError,
    RunLog,
    WriteFailedError,
    default_log_path,
    export_jsonl,
    iter_events,
    station_id_default,
)
from game.analytics.events import format_timestamp

CHILD = Path(__file__).with_name("analytics_child.py")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "analytics.md"
STATION_ID = "station-a1b2c3"
TS_PATTERN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d")
HEX32 = re.compile(r"[0-9a-f]{32}")

DOCUMENTED_FIELDS = {
    "run_started": (
        "station_id",
        "scenario_id",
        "scenario_version",
        "content_hash",
        "lang",
        "mode",
        "app_version",
    ),
    "node_entered": ("node_id", "rung_id", "rung_index"),
    "choice_made": (
        "node_id",
        "choice_id",
        "shown_choices",
        "decision_ms",
        "rung_before_id",
        "rung_before_index",
        "rung_after_id",
        "rung_after_index",
        "target",
    ),
    "ending_reached": ("ending_id", "ending_kind", "rung_id", "rung_index"),
    "run_abandoned": ("reason", "error_type"),
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "logs" / "analytics.sqlite3"


@pytest.fixture
def log(db_path: Path):
    analytics_log = AnalyticsLog(db_path, STATION_ID)
    yield analytics_log
    analytics_log.close()


@pytest.fixture
def set_timezone():
    """Yield a function that switches the process's local time zone (POSIX TZ)."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    old = os.environ.get("TZ")

    def switch(tz: str) -> None:
        os.environ["TZ"] = tz
        time.tzset()

    yield switch
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


def _start(log: AnalyticsLog, **overrides) -> RunLog:
    fields = {
        "scenario_id": "grain_bureau",
        "scenario_version": 2,
        "content_hash": "sha256:9a8b7c",
        "lang": "zh",
        "mode": "simulate",
        "app_version": "0.1.0",
    }
    fields.update(overrides)
    return log.start_run(**fields)


def _choice(run: RunLog, **overrides):
    fields = {
        "node_id": "n01_card",
        "choice_id": "accept",
        "shown_choices": ["accept", "refuse", "report"],
        "decision_ms": 4210,
        "rung_before_id": "none",
        "rung_before_index": 0,
        "rung_after_id": "reminder_talk",
        "rung_after_index": 1,
        "target": "n02_mooncakes",
    }
    fields.update(overrides)
    return run.choice_made(**fields)


def _play_full_run(log: AnalyticsLog) -> RunLog:
    run = _start(log)
    run.node_entered("n01_card", "none", 0)
    _choice(run)
    run.ending_reached("e_prosecuted", "prosecuted", "verdict", 6).wait(10)
    return run


def _exported(db_path: Path, run_id: str | None = None) -> list[dict]:
    out = io.StringIO()
    count = export_jsonl(db_path, out, run_id)
    lines = out.getvalue().splitlines()
    assert count == len(lines)
    return [json.loads(line) for line in lines]


def _start_holding_child(db_path: Path) -> tuple[subprocess.Popen, str]:
    """Start a child process that keeps one run open, and return it and the run id."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), "hold", str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline() == "READY\n"
    _, run_id, seq = child.stdout.readline().split()
    assert seq == "1"
    assert child.stdout.readline().split() == ["ACK", run_id, "2"]
    return child, run_id


def _stop_child(child: subprocess.Popen) -> None:
    child.kill()
    child.wait()
    child.stdin.close()
    child.stdout.close()


def _abandon_reasons(db_path: Path, run_id: str) -> list[str]:
    return [
        event["reason"]
        for event in _exported(db_path, run_id)
        if event["type"] == "run_abandoned"
    ]


# Events and fields


def test_event_fields_match_documented_names() -> None:
    assert COMMON_FIELDS == ("event_id", "run_id", "seq", "type", "ts", "schema")
    assert EVENT_FIELDS == DOCUMENTED_FIELDS


def test_docs_name_every_event_and_field() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name in (*COMMON_FIELDS, *EVENT_FIELDS):
        assert f"`{name}`" in text, name
    for event_type, names in EVENT_FIELDS.items():
        for name in names:
            assert f"`{name}`" in text, f"{event_type}.{name}"


def test_export_has_common_and_type_fields(log: AnalyticsLog, db_path: Path) -> None:
    run = _start(log)
    run.node_entered("n01_card", "none", 0)
    _choice(run)
    run.ending_reached("e_prosecuted", "prosecuted", "verdict", 6)
    other = _start(log, lang="en", mode="text")
    other.abandoned("error", "OSError").wait(10)

    events = _exported(db_path)
    assert len(events) == 6
    for event in events:
        expected = [*COMMON_FIELDS, *EVENT_FIELDS[event["type"]]]
        assert list(event) == expected, event["type"]


def test_export_field_types(log: AnalyticsLog, db_path: Path) -> None:
    run = _start(log)
    _choice(run)
    run.abandoned("idle").wait(10)

    started, choice, abandoned = _exported(db_path, run.run_id)
    for event in (started, choice, abandoned):
        assert HEX32.fullmatch(event["event_id"])
        assert event["run_id"] == run.run_id
        assert HEX32.fullmatch(event["run_id"])
        assert isinstance(event["seq"], int)
        assert TS_PATTERN.fullmatch(event["ts"])
        assert event["schema"] == 1
    assert started["station_id"] == STATION_ID
    assert started["scenario_version"] == 2
    assert started["lang"] == "zh"
    assert choice["shown_choices"] == ["accept", "refuse", "report"]
    assert choice["decision_ms"] == 4210
    assert choice["rung_after_index"] == 1
    assert choice["target"] == "n02_mooncakes"
    assert abandoned["reason"] == "idle"
    assert abandoned["error_type"] is None


def test_event_ids_are_unique(log: AnalyticsLog, db_path: Path) -> None:
    for _ in range(3):
        _play_full_run(log)
    events = _exported(db_path)
    assert len({event["event_id"] for event in events}) == len(events)
    assert len({event["run_id"] for event in events}) == 3


def test_seq_counts_from_one_per_run(log: AnalyticsLog, db_path: Path) -> None:
    first = _start(log)
    second = _start(log)
    acks = []
    for step in range(3):
        acks.append(first.node_entered(f"n{step}", "none", 0))
        acks.append(second.node_entered(f"n{step}", "none", 0))
    assert [ack.result(10) for ack in acks] == [2, 2, 3, 3, 4, 4]

    for run in (first, second):
        seqs = [event["seq"] for event in _exported(db_path, run.run_id)]
        assert seqs == [1, 2, 3, 4]


def test_seq_contiguous_across_threads(log: AnalyticsLog, db_path: Path) -> None:
    run = _start(log)

    def enter_nodes() -> None:
        for step in range(50):
            run.node_entered(f"n{step}", "none", 0)

    threads = [threading.Thread(target=enter_nodes) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.ending_reached("e_kept", "kept_integrity", "none", 0).wait(10)

    seqs = [event["seq"] for event in _exported(db_path, run.run_id)]
    assert seqs == list(range(1, 203))


def test_ts_has_milliseconds_and_offset(db_path: Path, set_timezone) -> None:
    set_timezone("CST-8")
    with AnalyticsLog(db_path, STATION_ID) as log:
        before = datetime.now().astimezone()
        run = _start(log)
        run.start_ack.wait(10)
        after = datetime.now().astimezone()

    ts = _exported(db_path, run.run_id)[0]["ts"]
    assert TS_PATTERN.fullmatch(ts), ts
    assert ts.endswith("+08:00")
    moment = datetime.fromisoformat(ts)
    assert before.replace(microsecond=before.microsecond // 1000 * 1000) <= moment
    assert moment <= after


def test_format_timestamp_local_offsets(set_timezone) -> None:
    set_timezone("CST-8")
    assert format_timestamp(1_512_000) == "1970-01-01T08:25:12.000+08:00"
    set_timezone("EST5")
    assert format_timestamp(86_400_123) == "1970-01-01T19:00:00.123-05:00"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lang": "fr"}, "lang"),
        ({"mode": "vr"}, "mode"),
        ({"scenario_id": "my scenario"}, "scenario_id"),
        ({"scenario_id": ""}, "scenario_id"),
        ({"scenario_version": "2"}, "scenario_version"),
        ({"scenario_version": True}, "scenario_version"),
        ({"content_hash": None}, "content_hash"),
    ],
)
def test_start_run_rejects_bad_field(
    log: AnalyticsLog, overrides: dict, field: str
) -> None:
    with pytest.raises(InvalidEventError, match=field):
        _start(log, **overrides)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decision_ms": -1}, "decision_ms"),
        ({"decision_ms": 1.5}, "decision_ms"),
        ({"rung_after_index": True}, "rung_after_index"),
        ({"shown_choices": []}, "shown_choices"),
        ({"shown_choices": "accept"}, "shown_choices"),
        ({"shown_choices": ["accept", "a b"]}, "shown_choices"),
        ({"choice_id": "flee"}, "not in shown_choices"),
        ({"node_id": "n01\n"}, "node_id"),
        ({"target": "我的选择"}, "target"),
    ],
)
def test_choice_made_rejects_bad_field(
    log: AnalyticsLog, overrides: dict, field: str
) -> None:
    run = _start(log)
    with pytest.raises(InvalidEventError, match=field):
        _choice(run, **overrides)


def test_abandoned_rejects_bad_reason_and_message(log: AnalyticsLog) -> None:
    run = _start(log)
    with pytest.raises(InvalidEventError, match="reason"):
        run.abandoned("bored")
    with pytest.raises(InvalidEventError, match="error_type"):
        run.abandoned("error", "ValueError: visitor typed something")
    assert not run.ended


def test_rejected_event_leaves_no_gap(log: AnalyticsLog, db_path: Path) -> None:
    run = _start(log)
    with pytest.raises(InvalidEventError):
        run.node_entered("n01", "none", -1)
    assert run.node_entered("n01", "none", 0).result(10) == 2


def test_station_id_is_validated(db_path: Path) -> None:
    with pytest.raises(InvalidEventError, match="station_id"):
        AnalyticsLog(db_path, "Front desk kiosk")


# Ended runs and closing


@pytest.mark.parametrize("ending", ["ending", "abandoned"])
def test_ended_run_rejects_events(
    log: AnalyticsLog, db_path: Path, ending: str
) -> None:
    run = _start(log)
    if ending == "ending":
        run.ending_reached("e_kept", "kept_integrity", "none", 0).wait(10)
    else:
        run.abandoned("idle").wait(10)
    assert run.ended

    with pytest.raises(RunEndedError, match=run.run_id):
        run.node_entered("n02", "none", 0)
    with pytest.raises(RunEndedError):
        _choice(run)
    with pytest.raises(RunEndedError):
        run.ending_reached("e_kept", "kept_integrity", "none", 0)
    with pytest.raises(RunEndedError):
        run.abandoned("closed")
    assert len(_exported(db_path, run.run_id)) == 2


def test_close_abandons_open_runs(db_path: Path) -> None:
    log = AnalyticsLog(db_path, STATION_ID)
    open_run = _start(log)
    open_run.node_entered("n01", "none", 0)
    finished = _play_full_run(log)
    log.close()

    assert _abandon_reasons(db_path, open_run.run_id) == ["closed"]
    assert _abandon_reasons(db_path, finished.run_id) == []


def test_closed_log_rejects_events(db_path: Path) -> None:
    log = AnalyticsLog(db_path, STATION_ID)
    run = _start(log)
    log.close()
    log.close()

    with pytest.raises(LogClosedError, match="closed"):
        _start(log)
    with pytest.raises(LogClosedError):
        run.node_entered("n01", "none", 0)


def test_queued_events_flushed_on_close(db_path: Path) -> None:
    log = AnalyticsLog(db_path, STATION_ID)
    run = _start(log)
    acks = [run.node_entered(f"n{step}", "none", 0) for step in range(100)]
    log.close()

    assert all(ack.done() for ack in acks)
    assert len(_exported(db_path, run.run_id)) == 102


def test_exit_without_close_flushes(db_path: Path) -> None:
    script = (
        "import sys\n"
        "from game.analytics import AnalyticsLog\n"
        f"log = AnalyticsLog(sys.argv[1], {STATION_ID!r})\n"
        "run = log.start_run(scenario_id='s', scenario_version=1,"
        " content_hash='h', lang='en', mode='text', app_version='1')\n"
        "for step in range(100):\n"
        "    run.node_entered(f'n{step}', 'none', 0)\n"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-c", script, str(db_path)], cwd=root, check=True, timeout=60
    )

    events = _exported(db_path)
    assert len(events) == 102
    assert events[-1]["type"] == "run_abandoned"
    assert events[-1]["reason"] == "closed"


# Write failures


def _fail_inserts(db_path: Path, event_type: str) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute(
        "CREATE TRIGGER fail_insert BEFORE INSERT ON events"
        f" WHEN NEW.type = '{event_type}'"
        " BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END"
    )
    return conn


def test_failed_commit_raises_from_ack(log: AnalyticsLog, db_path: Path) -> None:
    run = _start(log)
    run.start_ack.wait(10)
    conn = _fail_inserts(db_path, "node_entered")

    failed = run.node_entered("n01", "none", 0)
    with pytest.raises(WriteFailedError, match="simulated write failure") as info:
        failed.wait(10)
    assert run.run_id in str(info.value)
    assert str(db_path) in str(info.value)

    conn.execute("DROP TRIGGER fail_insert")
    conn.close()
    assert run.node_entered("n01", "none", 0).result(10) == 2


def test_failed_run_start_fails_later_events(log: AnalyticsLog, db_path: Path) -> None:
    conn = _fail_inserts(db_path, "run_started")
    run = _start(log)
    with pytest.raises(WriteFailedError):
        run.start_ack.wait(10)
    conn.execute("DROP TRIGGER fail_insert")
    conn.close()

    with pytest.raises(WriteFailedError, match="run_started"):
        run.node_entered("n01", "none", 0).wait(10)
    assert _exported(db_path, run.run_id) == []


# Recovery


def test_recovery_skips_run_of_live_process(db_path: Path) -> None:
    child, run_id = _start_holding_child(db_path)
    try:
        with AnalyticsLog(db_path, STATION_ID) as log:
            assert log.recovered_runs == ()
        assert _abandon_reasons(db_path, run_id) == []
    finally:
        child.stdin.close()
        assert child.wait(timeout=60) == 0
        child.stdout.close()
    assert _abandon_reasons(db_path, run_id) == ["closed"]


def test_recovery_closes_run_of_killed_process(db_path: Path) -> None:
    child, run_id = _start_holding_child(db_path)
    _stop_child(child)

    with AnalyticsLog(db_path, STATION_ID) as log:
        assert log.recovered_runs == (run_id,)
    with AnalyticsLog(db_path, STATION_ID) as log:
        assert log.recovered_runs == ()

    events = _exported(db_path, run_id)
    assert [event["seq"] for event in events] == [1, 2, 3]
    assert events[-1]["type"] == "run_abandoned"
    assert events[-1]["reason"] == "interrupted"
    assert events[-1]["error_type"] is None


def _update_owner(db_path: Path, run_id: str, column: str, value: str) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            f"UPDATE live_runs SET {column} = ? WHERE run_id = ?", (value, run_id)
        )
    conn.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc start time")
def test_recovery_detects_reused_pid(db_path: Path) -> None:
    child, run_id = _start_holding_child(db_path)
    try:
        # The pid is alive but started at another time: a new process reused it.
        _update_owner(db_path, run_id, "process_start", "1")
        with AnalyticsLog(db_path, STATION_ID) as log:
            assert log.recovered_runs == (run_id,)
    finally:
        _stop_child(child)
    assert _abandon_reasons(db_path, run_id) == ["interrupted"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux boot id")
def test_recovery_closes_run_from_earlier_boot(db_path: Path) -> None:
    child, run_id = _start_holding_child(db_path)
    try:
        _update_owner(db_path, run_id, "boot_id", "an-earlier-boot")
        with AnalyticsLog(db_path, STATION_ID) as log:
            assert log.recovered_runs == (run_id,)
    finally:
        _stop_child(child)


def test_recovery_leaves_other_host_run_open(db_path: Path) -> None:
    child, run_id = _start_holding_child(db_path)
    _stop_child(child)
    _update_owner(db_path, run_id, "host_key", "0123456789abcdef")

    with AnalyticsLog(db_path, STATION_ID) as log:
        assert log.recovered_runs == ()
    assert _abandon_reasons(db_path, run_id) == []


def test_recovery_keeps_own_process_runs(db_path: Path) -> None:
    first = AnalyticsLog(db_path, STATION_ID)
    run = _start(first)
    run.start_ack.wait(10)
    try:
        with AnalyticsLog(db_path, STATION_ID) as second:
            assert second.recovered_runs == ()
        assert run.node_entered("n01", "none", 0).result(10) == 2
    finally:
        first.close()


# Bad files


def test_newer_schema_rejected(db_path: Path) -> None:
    AnalyticsLog(db_path, STATION_ID).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 2")
    conn.close()

    with pytest.raises(NewerSchemaError) as info:
        AnalyticsLog(db_path, STATION_ID)
    message = str(info.value)
    assert str(db_path) in message
    assert "newer version" in message
    assert "schema 2" in message
    with pytest.raises(NewerSchemaError):
        list(iter_events(db_path))


@pytest.mark.parametrize(
    "content",
    [b"these are visitor notes, not a database\n" * 50, b"SQLite format 3\x00" * 64],
)
def test_not_a_database_message(db_path: Path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)

    with pytest.raises(CorruptLogError) as info:
        AnalyticsLog(db_path, STATION_ID)
    message = str(info.value)
    assert isinstance(info.value, AnalyticsError)
    assert str(db_path) in message
    assert "Move it aside" in message
    assert "Traceback" not in message
    with pytest.raises(CorruptLogError):
        export_jsonl(db_path, io.StringIO())
    assert db_path.read_bytes() == content


def test_damaged_log_message(db_path: Path) -> None:
    with AnalyticsLog(db_path, STATION_ID) as log:
        _play_full_run(log)
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * 3996
    db_path.write_bytes(bytes(data))

    with pytest.raises(CorruptLogError, match="damaged"):
        AnalyticsLog(db_path, STATION_ID)


def test_other_sqlite_file_rejected(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE visitors (name TEXT)")
    conn.close()

    with pytest.raises(CorruptLogError, match="not a Clear Choice analytics log"):
        AnalyticsLog(db_path, STATION_ID)
    with pytest.raises(CorruptLogError, match="not a Clear Choice analytics log"):
        export_jsonl(db_path, io.StringIO())


def test_folder_path_rejected(tmp_path: Path) -> None:
    with pytest.raises(LogFileError, match="is a folder"):
        AnalyticsLog(tmp_path, STATION_ID)


def test_export_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LogFileError, match="not found"):
        export_jsonl(tmp_path / "missing.sqlite3", io.StringIO())
    assert not (tmp_path / "missing.sqlite3").exists()


# Export


def test_export_orders_by_time_across_offsets(db_path: Path, set_timezone) -> None:
    with AnalyticsLog(db_path, STATION_ID) as log:
        set_timezone("CST-8")
        east = _start(log)
        east.start_ack.wait(10)
        time.sleep(0.002)  # the next event must get a later millisecond
        set_timezone("EST5")
        west = _start(log)
        west.start_ack.wait(10)

    # Closing the log adds a "closed" event to each run, which can share the
    # millisecond of west's start, so only the two starts are compared.
    events = [e for e in _exported(db_path) if e["type"] == "run_started"]
    assert [event["run_id"] for event in events] == [east.run_id, west.run_id]
    # As text, the later event sorts first, but the export must follow the instant.
    assert events[1]["ts"] < events[0]["ts"]


def test_export_sorted_by_ts_run_seq(log: AnalyticsLog, db_path: Path) -> None:
    runs = [_start(log) for _ in range(3)]
    for step in range(5):
        for run in runs:
            run.node_entered(f"n{step}", "none", 0)
    for run in runs:
        run.abandoned("idle").wait(10)

    events = _exported(db_path)
    keys = [
        (datetime.fromisoformat(event["ts"]), event["run_id"], event["seq"])
        for event in events
    ]
    assert len(events) == 21
    assert keys == sorted(keys)


def test_export_one_run(log: AnalyticsLog, db_path: Path) -> None:
    first = _play_full_run(log)
    _play_full_run(log)
    events = _exported(db_path, first.run_id)
    assert {event["run_id"] for event in events} == {first.run_id}
    assert len(events) == 4
    assert _exported(db_path, "0" * 32) == []


def test_export_keeps_non_ascii(log: AnalyticsLog, db_path: Path) -> None:
    _play_full_run(log)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "UPDATE events SET payload = json_set(payload, '$.node_id', '节点')"
            " WHERE type = 'node_entered'"
        )
    conn.close()
    out = io.StringIO()
    export_jsonl(db_path, out)
    assert '"node_id": "节点"' in out.getvalue()


def test_export_read_only_during_write(log: AnalyticsLog, db_path: Path) -> None:
    _play_full_run(log)
    _play_full_run(log)
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO events VALUES ('e' , 'r', 1, 'node_entered',"
        " '2026-01-01T00:00:00.000+00:00', 0, 1, '{}')"
    )
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    try:
        events = _exported(db_path)
        lazy = next(iter_events(db_path))
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert len(events) == 8
    assert lazy == events[0]
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest


def test_export_while_log_writes(log: AnalyticsLog, db_path: Path) -> None:
    run = _start(log)
    acks = [run.node_entered(f"n{step}", "none", 0) for step in range(300)]
    seen = [len(_exported(db_path)) for _ in range(5)]
    acks[-1].wait(10)

    assert seen == sorted(seen)
    assert len(_exported(db_path)) == 301


# Defaults


def test_station_id_created_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CLEAR_CHOICE_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("CLEAR_CHOICE_STATION", raising=False)

    first = station_id_default()
    assert re.fullmatch(r"station-[0-9a-f]{6}", first)
    assert station_id_default() == first
    saved = (tmp_path / "data" / "station_id").read_text(encoding="utf-8")
    assert saved.strip() == first
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["station_id"]


def test_station_id_env_override(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CLEAR_CHOICE_DATA", str(tmp_path))
    monkeypatch.setenv("CLEAR_CHOICE_STATION", "station-lobby-1")
    assert station_id_default() == "station-lobby-1"
    assert not (tmp_path / "station_id").exists()

    monkeypatch.setenv("CLEAR_CHOICE_STATION", "Lobby kiosk")
    with pytest.raises(AnalyticsError, match="CLEAR_CHOICE_STATION"):
        station_id_default()


def test_station_id_bad_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CLEAR_CHOICE_STATION", raising=False)
    (tmp_path / "station_id").write_text("not an id\n", encoding="utf-8")
    with pytest.raises(AnalyticsError, match="station_id"):
        station_id_default(tmp_path)


def test_default_log_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CLEAR_CHOICE_DATA", str(tmp_path))
    assert default_log_path() == tmp_path / "analytics.sqlite3"

    monkeypatch.delenv("CLEAR_CHOICE_DATA")
    expected = platformdirs.user_data_path("clear-choice") / "analytics.sqlite3"
    assert default_log_path() == expected


def test_log_uses_wal_and_schema_version(log: AnalyticsLog, db_path: Path) -> None:
    _play_full_run(log)
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        assert meta["schema_version"] == "1"
    finally:
        conn.close()


# Memory


def test_memory_steady_over_many_runs(log: AnalyticsLog) -> None:
    def play(count: int) -> None:
        for _ in range(count):
            run = _start(log)
            for step in range(3):
                run.node_entered(f"n{step}", "none", 0)
                _choice(run, node_id=f"n{step}")
            run.ending_reached("e_prosecuted", "prosecuted", "verdict", 6).wait(10)

    tracemalloc.start()
    growths = []
    try:
        play(50)  # warm caches (statement cache, interned strings)
        gc.collect()
        previous = tracemalloc.get_traced_memory()[0]
        for _ in range(3):
            play(300)
            gc.collect()
            current = tracemalloc.get_traced_memory()[0]
            growths.append(current - previous)
            previous = current
    finally:
        tracemalloc.stop()

    # A leak grows in every phase, while objects that happen to be alive at one
    # measurement (a timestamp still referenced by the writer thread, say) come and
    # go, so the median phase is the one to judge. Measured growth was within
    # +-2 KB; keeping one 32-character run id per run would alone add about 24 KB.
    median = sorted(growths)[1]
    assert median < 16_000, f"memory grew by {growths} bytes in three 300-run phases"
