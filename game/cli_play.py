"""Command line of the 3D player: the kiosk window and ``main.py play``.

Exit codes: 0 at an ending or when the window is closed, and 1 for a scenario
that fails to load or play that fails. 2 is for usage errors (unknown scenario,
no display), 3 for a choice id that is not offered, and 130 follows Ctrl+C.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BAD_CHOICE = 3
EXIT_INTERRUPTED = 130
LANGS = ("zh", "en")


def add_play_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``play`` command to ``subparsers`` and return its parser."""
    play = subparsers.add_parser(
        "play",
        help="play a scenario in the 3D player, automatically or as a preview",
        description="Play SCENARIO in the 3D player, taking the --choices in order "
        "and then seeded random choices, and print one line per step. In a window "
        "(no --offscreen) the player watches the file by default: it takes the "
        "--choices, then leaves the window to you, and reloads the scenario when "
        "you save it or press F5.",
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
    play.add_argument(
        "--watch",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="reload the scenario when its file is saved or on F5 / Ctrl+R, and "
        "in a window hand it over after the --choices (default: on in a window, "
        "off with --offscreen)",
    )
    add_narration_argument(play)
    add_analytics_argument(play)
    from game.authoring.textplay import add_text_arguments

    add_text_arguments(play)
    play.set_defaults(handler=run_play)
    return play


def add_window_arguments(parser: argparse._ActionsContainer) -> list[str]:
    """Add the options of the kiosk window (no command) to ``parser``.

    Returns the option strings added, such as ``--lang``.
    """
    added = [
        parser.add_argument(
            "--lang",
            choices=LANGS,
            help="skip the language screen and use this language",
        ),
        parser.add_argument(
            "--scenario",
            metavar="SCENARIO",
            help="skip the menu and always play this scenario (id or YAML path)",
        ),
        parser.add_argument(
            "--watch",
            action="store_true",
            help="reload the playing scenario when its file is saved or on F5 / "
            "Ctrl+R, and turn the idle timeout off (for trainers; off for a kiosk)",
        ),
        add_narration_argument(parser),
        add_analytics_argument(parser),
    ]
    return [flag for action in added for flag in action.option_strings]


def add_narration_argument(parser: argparse._ActionsContainer) -> argparse.Action:
    return parser.add_argument(
        "--no-narration",
        dest="narration",
        action="store_false",
        help="show subtitles only, without text-to-speech",
    )


def add_analytics_argument(parser: argparse._ActionsContainer) -> argparse.Action:
    return parser.add_argument(
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

    from game.authoring.textplay import parse_choices

    try:
        choices = parse_choices(args.choices)
    except ValueError as error:
        _error(str(error))
        return EXIT_USAGE
    watch = not args.offscreen if args.watch is None else args.watch
    problem = _screenshot_folder_problem(args.screenshots)
    if problem is not None:
        _error(problem)
        return EXIT_USAGE
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
            watch=watch,
            narration=args.narration and not args.offscreen,
            on_hand_over=_print_hand_over,
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
    except BrokenPipeError:
        raise  # main() ends quietly when the reader of stdout has gone
    except Exception as error:  # never a traceback for the person at the terminal
        log.debug("play failed", exc_info=True)
        _error(f"play failed: {type(error).__name__}: {error}")
        return EXIT_ERROR
    log.info("played %d steps to %s", len(result.steps), result.ending)
    unused = choices[len(result.steps) :]
    if unused and result.ending is not None:
        print(
            f"warning: the story ended before these --choices were used: "
            f"{', '.join(unused)}",
            file=sys.stderr,
        )
    if watch and not args.offscreen:
        # The preview returns only after Ctrl+C; closing the window exits at once.
        return EXIT_INTERRUPTED
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
            watch=getattr(args, "watch", False),
            narration=getattr(args, "narration", True),
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
    app.analytics.abandon("closed")
    app.analytics.close()
    app.narration.close()
    return EXIT_INTERRUPTED


def _load(name: str):
    """Return (scenario, 0), or (None, exit code) after printing the error."""
    from game.authoring.validate import load_playable
    from game.scenario import ScenarioLoadError, ScenarioNotFound, find_scenario

    try:
        return load_playable(find_scenario(name)), EXIT_OK
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


def _print_hand_over() -> None:
    print(
        "The window is yours now. Saving the scenario file or pressing F5 reloads "
        "it; close the window to quit.",
        file=sys.stderr,
        flush=True,
    )


def _screenshot_folder_problem(folder: Path | None) -> str | None:
    """Return why screenshots cannot be saved in `folder`, or None if they can."""
    if folder is None:
        return None
    if folder.exists() and not folder.is_dir():
        return f"--screenshots {folder} is a file, not a folder; name a folder"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"cannot create the screenshot folder {folder}: {error.strerror}"
    if not os.access(folder, os.W_OK):
        return f"cannot write to the screenshot folder {folder}: permission denied"
    return None


def _print_line(line: str) -> None:
    print(line, flush=True)


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
