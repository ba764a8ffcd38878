"""Command line: `python main.py [COMMAND]`. With no command the kiosk window opens.

Commands import their heavy modules (Panda3D, SQLite export) only when they run, so
`validate` works on a machine without a 3D stack.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Clear Choice 清风抉择: branching anti-corruption scenarios "
        "built from real cases. With no command, opens the kiosk window.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="how much the program logs to stderr (default WARNING)",
    )
    from .cli_play import add_play_parser, add_window_arguments

    window = parser.add_argument_group(
        "window options", "used only with no command, when the kiosk window opens"
    )
    parser.set_defaults(window_flags=tuple(add_window_arguments(window)))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_play_parser(commands)
    _add_export_parser(commands)
    _add_authoring_parsers(commands)
    return parser


def _window_option_before_command(argv: list[str], args: argparse.Namespace) -> str:
    """Return the first window option given before the command, or "".

    A command has options of its own, so a window option in front of it would be
    silently ignored or overridden.
    """
    command = args.command
    if command is None or command not in argv:
        return ""
    for token in argv[: argv.index(command)]:
        flag = token.split("=", 1)[0]
        if flag in args.window_flags:
            return flag
    return ""


def _add_export_parser(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export",
        help="export the analytics log of learner decisions",
        description="Write every logged event of an analytics database.",
    )
    export.add_argument("db", help="the analytics SQLite file")
    export.add_argument(
        "--format",
        default="jsonl",
        choices=("jsonl",),
        help="output format: jsonl, one JSON object per event (default)",
    )
    export.add_argument("-o", "--output", help="file to write (default: stdout)")
    export.add_argument("--run", help="export only the run with this id")
    export.set_defaults(handler=_run_export)


def _add_authoring_parsers(commands: argparse._SubParsersAction) -> None:
    try:
        from .authoring.cli import add_parsers
    except ImportError:  # the authoring toolkit is optional while it is built
        return
    add_parsers(commands)


def _run_export(args: argparse.Namespace) -> int:
    from .analytics import AnalyticsError
    from .analytics.export import export_jsonl

    try:
        if args.output:
            count = _export_to_file(args.db, Path(args.output), args.run)
            print(f"wrote {count} events to {args.output}", file=sys.stderr)
        else:
            export_jsonl(args.db, sys.stdout, run_id=args.run)
            sys.stdout.flush()
    except AnalyticsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        raise  # main() ends quietly when the reader of stdout has gone
    except OSError as error:
        print(f"error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _export_to_file(db: str, output: Path, run_id: str | None) -> int:
    """Export into a temporary file beside `output`, then rename it into place.

    A failed export leaves no empty or half-written file behind.
    """
    from .analytics.export import export_jsonl

    descriptor, temporary = tempfile.mkstemp(
        prefix=output.name + ".", suffix=".part", dir=output.parent or "."
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            count = export_jsonl(db, stream, run_id=run_id)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    misplaced = _window_option_before_command(
        sys.argv[1:] if argv is None else list(argv), args
    )
    if misplaced:
        parser.error(
            f"{misplaced} is a window option and cannot come before the command "
            f"'{args.command}'; leave the command out to open the window, or give "
            "the command's own options after its name"
        )
    logging.basicConfig(
        level=getattr(logging, args.log_level),
        format="%(levelname)s %(name)s: %(message)s",
    )
    # A service manager stops the kiosk with SIGTERM: treat it like Ctrl+C, so the
    # open run is logged as closed instead of being found interrupted later.
    signal.signal(signal.SIGTERM, _interrupt)
    handler = getattr(args, "handler", None)
    if handler is None:
        from .cli_play import run_window

        return run_window(args)
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of stdout (such as `head`) has gone. Point stdout at /dev/null
        # so the interpreter's final flush does not raise the same error again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
