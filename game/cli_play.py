"""Command line of the 3D player: the kiosk window and ``main.py play``.

Exit codes: 0 at an ending, 1 for a scenario that fails to load or play that
fails, 2 for usage errors (unknown scenario, no display), 3 for a choice id
that is not offered.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BAD_CHOICE = 3
LANGS = ("zh", "en")


def add_play_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``play`` command to ``subparsers`` and return its parser."""
    play = subparsers.add_parser(
        "play",
        help="play a scenario automatically in the 3D player",
        description="Play SCENARIO in the 3D player, taking the --choices in order "
        "and then seeded random choices, and print one line per step.",
    )
    play.add_argument("scenario", metavar="SCENARIO", help="scenario id or YAML path")
    play.add_argument(
        "--lang", choices=LANGS, default="zh", help="language shown (default zh)"
    )
    play.add_argument(
        "--offscreen",
        action="store_true",
        help="render into an offscreen buffer with the software renderer",
    )
    play.add_argument(
        "--choices",
        default="",
        metavar="ID,ID,...",
        help="choice ids to take in order; later decisions are random",
    )
    play.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="N",
        help="seed of the random choices after --choices (default 0)",
    )
    play.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="save one PNG per step into DIR, such as 001_<node id>.png",
    )
    add_analytics_argument(play)
    from game.authoring.textplay import add_text_arguments

    add_text_arguments(play)
    play.set_defaults(handler=run_play)
    return play


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of the kiosk window (no command) to ``parser``."""
    parser.add_argument(
        "--lang", choices=LANGS, help="skip the language screen and use this language"
    )
    parser.add_argument(
        "--scenario",
        metavar="SCENARIO",
        help="skip the menu and always play this scenario (id or YAML path)",
    )
    add_analytics_argument(parser)


def add_analytics_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--analytics",
        type=Path,
        metavar="DB",
        help="analytics SQLite file (default: the per-user data folder)",
    )


def run_play(args: argparse.Namespace) -> int:
    """Run ``main.py play``; return the exit code."""
    if getattr(args, "text", False):
        from game.authoring.textplay import run_text_play

        return run_text_play(args)
    from game.player.config import NoDisplayError
    from game.player.headless import PlayFailed, play_offscreen
    from game.story import ChoiceNotAvailable

    scenario, code = _load(args.scenario)
    if scenario is None:
        return code

    choices = [part.strip() for part in args.choices.split(",") if part.strip()]
    try:
        result = play_offscreen(
            scenario,
            args.lang,
            report=_print_line,
            choices=choices,
            seed=args.seed,
            screenshots=args.screenshots,
            analytics_path=_analytics_path(args),
            offscreen=args.offscreen,
        )
    except NoDisplayError as error:
        _error(str(error))
        return EXIT_USAGE
    except ChoiceNotAvailable as error:
        _error(str(error))
        return EXIT_BAD_CHOICE
    except PlayFailed as error:
        _error(f"{error} (run with --log-level DEBUG for details)")
        return EXIT_ERROR
    except Exception as error:  # never a traceback for the person at the terminal
        log.debug("play failed", exc_info=True)
        _error(f"play failed: {type(error).__name__}: {error}")
        return EXIT_ERROR
    log.info("played %d steps to %s", len(result.steps), result.ending)
    return EXIT_OK


def run_window(args: argparse.Namespace) -> int:
    """Open the kiosk window and run until it is closed; return the exit code."""
    from game.player.app import KioskFailed, PlayerApp
    from game.player.config import NoDisplayError

    scenario = None
    if getattr(args, "scenario", None):
        scenario, code = _load(args.scenario)
        if scenario is None:
            return code
    try:
        app = PlayerApp(
            offscreen=False,
            analytics_path=_analytics_path(args),
            lang=getattr(args, "lang", None),
            scenario=scenario,
        )
    except NoDisplayError as error:
        _error(str(error))
        return EXIT_USAGE
    except Exception as error:  # such as a missing font: one line, no traceback
        log.debug("the window could not start", exc_info=True)
        _error(f"the window could not start: {type(error).__name__}: {error}")
        return EXIT_ERROR

    app.start()
    try:
        app.run_kiosk()
    except KioskFailed as error:
        _error(str(error))
        app.analytics.close()
        return EXIT_ERROR
    # run_kiosk returns only after Ctrl+C; closing the window exits in userExit.
    app.analytics.abandon("interrupted")
    app.analytics.close()
    return 130


def _load(name: str):
    """Return (scenario, 0), or (None, exit code) after printing the error."""
    from game.scenario import (
        ScenarioLoadError,
        ScenarioNotFound,
        find_scenario,
        load_scenario,
    )

    try:
        return load_scenario(find_scenario(name)), EXIT_OK
    except ScenarioNotFound as error:
        _error(str(error))
        return None, EXIT_USAGE
    except ScenarioLoadError as error:
        print(str(error), file=sys.stderr)
        return None, EXIT_ERROR


def _analytics_path(args: argparse.Namespace) -> Path | None:
    """Return --analytics, else the default log file, else None with a warning."""
    path = getattr(args, "analytics", None)
    if path is not None:
        return path
    from game.analytics import AnalyticsError, default_log_path

    try:
        return default_log_path()
    except AnalyticsError as error:
        log.warning("analytics log is off, this session is not recorded: %s", error)
        return None


def _print_line(line: str) -> None:
    print(line, flush=True)


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
