"""Analytics log: an append-only SQLite record of every run, with no personal data.

See docs/analytics.md for the event types, their fields and the durability promise.
"""

from __future__ import annotations

from game.analytics.events import (
    ABANDON_REASONS,
    COMMON_FIELDS,
    EVENT_FIELDS,
    LANGS,
    MODES,
    SCHEMA_VERSION,
    AnalyticsError,
    CorruptLogError,
    InvalidEventError,
    LogClosedError,
    LogFileError,
    NewerSchemaError,
    RunEndedError,
    WriteFailedError,
)
from game.analytics.export import export_jsonl, iter_events
from game.analytics.paths import default_data_dir, default_log_path, station_id_default
from game.analytics.store import AnalyticsLog, RunLog
from game.analytics.writer import Ack

__all__ = [
    "ABANDON_REASONS",
    "COMMON_FIELDS",
    "EVENT_FIELDS",
    "LANGS",
    "MODES",
    "SCHEMA_VERSION",
    "Ack",
    "AnalyticsError",
    "AnalyticsLog",
    "CorruptLogError",
    "InvalidEventError",
    "LogClosedError",
    "LogFileError",
    "NewerSchemaError",
    "RunEndedError",
    "RunLog",
    "WriteFailedError",
    "default_data_dir",
    "default_log_path",
    "export_jsonl",
    "iter_events",
    "station_id_default",
]
