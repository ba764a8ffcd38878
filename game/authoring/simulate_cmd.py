"""`python3 main.py simulate SCENARIO`: coverage of random or exhaustive play."""

from __future__ import annotations

import argparse
import json

from .scenario_arg import (
    EXIT_ERROR,
    EXIT_OK,
    add_scenario_argument,
    load_or_report,
    write_utf8,
)
from .simulate import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    MAX_DEPTH,
    MAX_STATES,
    Report,
    simulate_exhaustive,
    simulate_random,
)

LIST_LIMIT = 50  # never-reached items listed per kind in text output


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "simulate",
        help="play a scenario many times and report coverage, stuck states and loops",
        description="Play SCENARIO with the real runtime: seeded random playthroughs, "
        "or with --exhaustive every distinct play state once. Reports the nodes, "
        "choices and endings reached, any stuck state (a node where no choice is "
        "offered) and any loop (a random run that makes the most choices allowed "
        "without reaching an ending), each with the way to reproduce it. Exits 1 "
        "when a state is stuck or a run loops.",
    )
    add_scenario_argument(parser)
    parser.add_argument(
        "--runs",
        type=_positive,
        default=DEFAULT_RUNS,
        help=f"number of random playthroughs (default {DEFAULT_RUNS})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"seed of the random playthroughs (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--exhaustive",
        action="store_true",
        help="explore every distinct state (step, variables, rung) instead",
    )
    parser.add_argument(
        "--max-states",
        type=_positive,
        default=MAX_STATES,
        help=f"with --exhaustive: stop after this many states (default {MAX_STATES})",
    )
    parser.add_argument(
        "--max-depth",
        type=_positive,
        default=MAX_DEPTH,
        help=f"with --exhaustive: choices per path at most (default {MAX_DEPTH})",
    )
    parser.add_argument(
        "--format", default="text", choices=("text", "json"), help="output format"
    )
    parser.set_defaults(handler=run_simulate)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def run_simulate(args: argparse.Namespace) -> int:
    scenario, code = load_or_report(args.scenario)
    if scenario is None:
        return code
    if args.exhaustive:
        report = simulate_exhaustive(scenario, args.max_states, args.max_depth)
    else:
        report = simulate_random(scenario, args.runs, args.seed)
    if args.format == "json":
        text = json.dumps(
            report_json(report, args.scenario), ensure_ascii=False, indent=2
        )
    else:
        text = report_text(report, args.scenario)
    write_utf8(text + "\n")
    return EXIT_ERROR if report.findings else EXIT_OK


def _percent(reached: int, total: int) -> str:
    return f"{100 * reached / total:.1f}%" if total else "n/a"


def report_text(report: Report, name: str) -> str:
    """Format a report for reading in a terminal."""
    out = _header(report) + _coverage(report) + _endings(report)
    out += _stuck(report, name) + _loops(report, name)
    return "\n".join(out)


def _header(report: Report) -> list[str]:
    if report.mode == "random":
        out = [f"{report.scenario_id}: {report.runs} random runs, seed {report.seed}"]
    else:
        state = (
            "complete"
            if report.complete
            else "incomplete: a bound was reached, so coverage is a lower bound"
        )
        out = [f"{report.scenario_id}: exhaustive, {report.states} distinct states"]
        out.append(f"search: {state}")
    out.append(f"bound: {report.bound}")
    return out


def _coverage(report: Report) -> list[str]:
    out = ["coverage:"]
    for kind, (reached, total) in report.coverage().items():
        out.append(f"  {kind:<8} {reached:>5} / {total:<5} {_percent(reached, total)}")
    for kind, items in report.never_reached().items():
        if not items:
            continue
        shown = ", ".join(items[:LIST_LIMIT])
        more = f" and {len(items) - LIST_LIMIT} more" if len(items) > LIST_LIMIT else ""
        out.append(f"never reached {kind} ({len(items)}): {shown}{more}")
    return out


def _endings(report: Report) -> list[str]:
    unit = "runs" if report.mode == "random" else "end states"
    total = sum(report.ending_counts.values())
    out = [f"endings ({unit}):"]
    for ending in report.endings:
        count = report.ending_counts.get(ending, 0)
        out.append(f"  {ending:<28} {count:>6} {_percent(count, total):>7}")
    return out


def _stuck(report: Report, name: str) -> list[str]:
    if not report.stuck:
        return ["no stuck state"]
    out = [
        f"STUCK: {len(report.stuck)} node(s) where no choice is offered "
        f"({report.stuck_count} time(s) in all):"
    ]
    for stuck in report.stuck[:LIST_LIMIT]:
        values = ", ".join(f"{k}={_value(v)}" for k, v in stuck.variables)
        out.append(
            f"  at '{stuck.node_id}' with {values or 'no variables'}, "
            f"rung {stuck.rung_id}"
        )
        out.append(f"    path: {' → '.join(stuck.path) or '(the start)'}")
        out.append(f"    reproduce: {stuck.how_to_reproduce(name)}")
    return out


def _loops(report: Report, name: str) -> list[str]:
    if report.mode != "random":
        return []
    if not report.loops:
        return ["no loop"]
    out = [
        f"LOOP: {len(report.cut_runs)} of {report.runs} run(s) made "
        f"{report.max_steps} choices without reaching an ending, "
        f"going round {len(report.loops)} loop(s):"
    ]
    for loop in report.loops[:LIST_LIMIT]:
        nodes = ", ".join(loop.nodes[:LIST_LIMIT])
        more = len(loop.nodes) - LIST_LIMIT
        out.append(
            f"  {len(loop.runs)} run(s) went round {nodes}"
            + (f" and {more} more" if more > 0 else "")
        )
        out.append(f"    stopped at '{loop.node_id}' in run {loop.run}")
        out.append(f"    reproduce: {loop.how_to_reproduce(name)}")
    return out


def _value(value: int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def report_json(report: Report, name: str) -> dict:
    """Return the report as plain JSON data."""
    return {
        "scenario": report.scenario_id,
        "mode": report.mode,
        "runs": report.runs if report.mode == "random" else None,
        "seed": report.seed,
        "states": report.states if report.mode == "exhaustive" else None,
        "complete": report.complete,
        "bound": report.bound,
        "coverage": {
            kind: {
                "reached": reached,
                "total": total,
                "percent": _ratio(reached, total),
            }
            for kind, (reached, total) in report.coverage().items()
        },
        "never_reached": report.never_reached(),
        "endings": {e: report.ending_counts.get(e, 0) for e in report.endings},
        "cut_runs": report.cut_runs,
        "loops": [
            {
                "nodes": list(loop.nodes),
                "stopped_at": loop.node_id,
                "seed": loop.seed,
                "run": loop.run,
                "runs": loop.runs,
                "reproduce": loop.how_to_reproduce(name),
            }
            for loop in report.loops
        ],
        "stuck": [
            {
                "node": stuck.node_id,
                "variables": dict(stuck.variables),
                "rung": stuck.rung_id,
                "path": list(stuck.path),
                "seed": stuck.seed,
                "run": stuck.run,
                "reproduce": stuck.how_to_reproduce(name),
            }
            for stuck in report.stuck
        ],
        "stuck_count": report.stuck_count,
    }


def _ratio(reached: int, total: int) -> float | None:
    return round(100 * reached / total, 2) if total else None
