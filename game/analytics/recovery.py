"""Recovery at open: close the open runs of writer processes that have stopped."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from game.analytics.events import END_TYPES, RunAbandoned, make_timestamp
from game.analytics.liveness import ProcessOwner, owner_is_dead
from game.analytics.schema import rollback
from game.analytics.writer import Ack, PendingEvent, insert_event

logger = logging.getLogger(__name__)

_OPEN_RUNS_SQL = """
SELECT s.run_id, l.host_key, l.pid, l.boot_id, l.process_start
FROM events AS s LEFT JOIN live_runs AS l ON l.run_id = s.run_id
WHERE s.type = 'run_started' AND NOT EXISTS (
    SELECT 1 FROM events AS e
    WHERE e.run_id = s.run_id AND e.type IN ('ending_reached', 'run_abandoned')
)
"""


def recover_interrupted_runs(
    conn: sqlite3.Connection, path: Path, me: ProcessOwner
) -> list[str]:
    """Close every open run whose writer process is dead; return their run ids.

    Each such run gets one run_abandoned event with reason "interrupted". Runs of a
    live process, and runs written on another host, are left open.
    """
    conn.execute(
        "DELETE FROM live_runs WHERE run_id IN"
        " (SELECT run_id FROM events WHERE type IN (?, ?))",
        END_TYPES,
    )
    closed = []
    for run_id, host_key, pid, boot_id, process_start in conn.execute(
        _OPEN_RUNS_SQL
    ).fetchall():
        owner = None
        if host_key is not None:
            owner = ProcessOwner(host_key, pid, boot_id, process_start)
        dead = owner_is_dead(owner, me)
        if dead is None:
            logger.info(
                "run %s in %s was written on another host; left open", run_id, path
            )
        elif dead and _close_interrupted(conn, run_id):
            logger.warning(
                "closed run %s of stopped process %s in %s as interrupted",
                run_id,
                pid,
                path,
            )
            closed.append(run_id)
    return closed


def _close_interrupted(conn: sqlite3.Connection, run_id: str) -> bool:
    ts, ts_utc_ms = make_timestamp()
    item = PendingEvent(run_id, RunAbandoned("interrupted"), ts, ts_utc_ms, Ack())
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Check again inside the write lock, because another process may have closed it.
        ended = conn.execute(
            "SELECT 1 FROM events WHERE run_id = ? AND type IN (?, ?)",
            (run_id, *END_TYPES),
        ).fetchone()
        if ended:
            conn.execute("COMMIT")
            return False
        last_seq = conn.execute(
            "SELECT max(seq) FROM events WHERE run_id = ?", (run_id,)
        ).fetchone()[0]
        insert_event(conn, item, last_seq + 1)
        conn.execute("DELETE FROM live_runs WHERE run_id = ?", (run_id,))
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return True
