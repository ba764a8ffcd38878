"""Helpers of the authoring commands: the SCENARIO argument, loading and output."""

from __future__ import annotations

import argparse
import sys

from ..scenario import (
    ScenarioError,
    ScenarioLoadError,
    ScenarioNotFound,
    find_scenario,
    load_scenario,
)
from ..scenario.model import Scenario

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def add_scenario_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario",
        metavar="SCENARIO",
        help="a scenario file, or the id or file name of one in scenarios/",
    )


def load_or_report(name: str, *, playable: bool = False) -> tuple[Scenario | None, int]:
    """Load the named scenario; on failure print why and return (None, exit code).

    The exit code is 2 when no scenario has that name and 1 when it has errors. With
    `playable`, the whole-graph checks of `validate` must pass too, as for a visitor.
    """
    try:
        if playable:
            from .validate import load_playable

            return load_playable(find_scenario(name)), EXIT_OK
        return load_scenario(find_scenario(name)), EXIT_OK
    except ScenarioNotFound as error:
        print(f"error: {error}", file=sys.stderr)
        return None, EXIT_USAGE
    except ScenarioLoadError as error:
        print(str(error), file=sys.stderr)
        print(
            "fix these errors first; python3 main.py validate lists them",
            file=sys.stderr,
        )
    except ScenarioError as error:
        print(f"error: {error}", file=sys.stderr)
    return None, EXIT_ERROR


def write_utf8(text: str) -> None:
    """Write text to stdout as UTF-8, whatever the locale's encoding is."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # stdout was replaced by a text-only stream
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
