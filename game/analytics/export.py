"""Read events back from an analytics log without changing it.

The file is opened read-only (SQLite ``mode=ro``), so an export can run while a game
writes to the same file. It reads a consistent snapshot of the committed events.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from os import PathLike
from pathlib import Path
from typing import Any, TextIO

from game.analytics.events import COMMON_FIELDS, CorruptLogError, LogFileError
from game.analytics.schema import (
    BUSY_TIMEOUT_S,
    check_tables,
    check_user_version,
    describe_sqlite_error,
)

_SELECT_SQL = (
    "SELECT event_id, run_id, seq, type, ts, schema, payload FROM events{where}"
    " ORDER BY ts_utc_ms, run_id, seq"
)


def iter_events(
    db_path: str | PathLike[str], run_id: str | None = None
) -> Iterator[dict[str, Any]]:
    """Yield every event (or those of ``run_id``) as a flat dict, oldest first.

    Order is by time, then run_id, then seq. Keys are the common fields followed by
    the type's own fields, as documented in docs/analytics.md.
    Raises LogFileError if the file is missing, damaged or of a newer schema.
    """
    path = Path(db_path)
    conn = _open_read_only(path)
    try:
        if run_id is None:
            rows = conn.execute(_SELECT_SQL.format(where=""))
        else:
            rows = conn.execute(
                _SELECT_SQL.format(where=" WHERE run_id = ?"), (run_id,)
            )
        for row in rows:
            yield _flatten(row, path)
    except sqlite3.Error as exc:
        raise describe_sqlite_error(path, exc) from exc
    finally:
        conn.close()


def export_jsonl(
    db_path: str | PathLike[str], out: TextIO, run_id: str | None = None
) -> int:
    """Write one JSON object per event to ``out``, one per line, and return the count.

    A ``run_id`` that is not in the file gives a count of 0.
    """
    count = 0
    for event in iter_events(db_path, run_id):
        out.write(json.dumps(event, ensure_ascii=False) + "\n")
        count += 1
    return count


def _open_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise LogFileError(
            f"The analytics log '{path}' was not found. Check the path. The game "
            "writes to default_log_path() unless it is given another path."
        )
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise describe_sqlite_error(path, exc) from exc

    try:
        if check_user_version(conn, path) == 0:
            raise CorruptLogError(
                f"'{path}' is not a Clear Choice analytics log (it has no log schema)."
                " Check the path."
            )
        check_tables(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise describe_sqlite_error(path, exc) from exc
    except LogFileError:
        conn.close()
        raise
    return conn


def _flatten(row: tuple[Any, ...], path: Path) -> dict[str, Any]:
    event = dict(zip(COMMON_FIELDS, row[:-1], strict=True))
    try:
        payload = json.loads(row[-1])
    except json.JSONDecodeError as exc:
        raise CorruptLogError(
            f"Event {event['event_id']} in '{path}' has an unreadable payload "
            f"({exc}). The file was changed outside the game; export a copy with "
            "that event removed."
        ) from exc
    if not isinstance(payload, dict):
        raise CorruptLogError(
            f"Event {event['event_id']} in '{path}' has a payload that is not a JSON "
            "object. The file was changed outside the game."
        )
    for name, value in payload.items():
        event.setdefault(name, value)
    return event
