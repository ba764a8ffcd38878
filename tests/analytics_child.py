"""Helper process for the analytics tests, which writes to a log until stopped.

Usage: ``python tests/analytics_child.py MODE DB_PATH``

- ``step``: play runs as fast as possible, waiting for each event's Ack before the
  next event, as the game does between scenes.
- ``burst``: queue a whole run's events at once, then wait for their Acks in order.
- ``hold``: start one run, enter one node, then wait until stdin closes and close
  the log normally.

It prints ``READY`` once the log is open and ``ACK <run_id> <seq>`` after each Ack
has resolved (never before), flushing stdout after every line.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.analytics import Ack, AnalyticsLog, RunLog  # noqa: E402

STATION_ID = "station-test01"
RUNG_IDS = ("none", "reminder_talk", "light_sanction", "case_filed", "retention")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("step", "burst", "hold"):
        print("usage: analytics_child.py step|burst|hold DB_PATH", file=sys.stderr)
        return 2
    mode, db_path = argv[1], Path(argv[2])

    log = AnalyticsLog(db_path, STATION_ID)
    _emit("READY")
    if mode == "hold":
        _hold(log)
        return 0

    rng = random.Random(0)
    while True:
        run = _start(log)
        _report(run, run.start_ack)
        pending = _play_run(run, rng, wait_each=mode == "step")
        for ack in pending:
            _report(run, ack)


def _start(log: AnalyticsLog) -> RunLog:
    return log.start_run(
        scenario_id="grain_bureau",
        scenario_version=3,
        content_hash="sha256:0f1e2d3c",
        lang="zh",
        mode="simulate",
        app_version="0.1.0",
    )


def _play_run(run: RunLog, rng: random.Random, wait_each: bool) -> list[Ack]:
    """Log one run's events, and return the Acks not yet reported."""
    pending: list[Ack] = []

    def send(ack: Ack) -> None:
        if wait_each:
            _report(run, ack)
        else:
            pending.append(ack)

    rung = 0
    for step in range(rng.randint(2, 8)):
        node_id = f"n{step:02d}"
        send(run.node_entered(node_id, RUNG_IDS[rung], rung))
        after = min(rung + rng.randint(0, 1), len(RUNG_IDS) - 1)
        send(
            run.choice_made(
                node_id=node_id,
                choice_id="accept",
                shown_choices=["accept", "refuse", "report"],
                decision_ms=rng.randint(300, 20_000),
                rung_before_id=RUNG_IDS[rung],
                rung_before_index=rung,
                rung_after_id=RUNG_IDS[after],
                rung_after_index=after,
                target=f"n{step + 1:02d}",
            )
        )
        rung = after
    send(run.ending_reached("e_prosecuted", "prosecuted", RUNG_IDS[rung], rung))
    return pending


def _hold(log: AnalyticsLog) -> None:
    run = _start(log)
    _report(run, run.start_ack)
    _report(run, run.node_entered("n00", "none", 0))
    sys.stdin.read()
    log.close()


def _report(run: RunLog, ack: Ack) -> None:
    _emit(f"ACK {run.run_id} {ack.result()}")


def _emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
