"""The `validate` command: check scenario files and folders, for authors and CI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game.scenario import DiagnosticList, Scenario, list_scenarios
from game.scenario.diagnostics import display_path

from .statespace import MAX_STATES

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validate",
        help="check scenario files for errors and likely mistakes",
        description="Check scenario files: the format, then the whole story graph "
        "(reachability, stuck states, the escalation ladder, variables, texts). "
        "A folder is searched for scenarios, skipping names that start with '_'. "
        "Exits 0 when there are no errors, 1 when there are, 2 on a usage error.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="a scenario file or a folder of them"
    )
    parser.add_argument(
        "--format",
        default="text",
        choices=("text", "json"),
        help="output format: text with a caret under each problem (default), or "
        "one JSON document",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings too, not only errors"
    )
    parser.add_argument(
        "--max-states",
        type=int,
        default=MAX_STATES,
        metavar="N",
        help=f"play states to explore per scenario (default {MAX_STATES:,})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate every file named by `args.paths` and print the report."""
    from .validate import check_scenario_ids, validate_path

    files = _collect(args.paths)
    if files is None:
        return EXIT_USAGE
    if args.max_states < 1:
        print("error: --max-states must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    _tolerate_narrow_terminal()

    loaded: list[Scenario] = []
    results = [
        (path, validate_path(path, max_states=args.max_states, loaded=loaded))
        for path in files
    ]
    across_files = check_scenario_ids(loaded)
    for path, diagnostics in results:
        if path in across_files:
            diagnostics.extend(across_files[path])
    errors = sum(len(diagnostics.errors) for _, diagnostics in results)
    warnings = sum(len(diagnostics.warnings) for _, diagnostics in results)
    if args.format == "json":
        _print_json(results, errors, warnings)
    else:
        _print_text(results, errors, warnings)
    if errors or (args.strict and warnings):
        return EXIT_ERROR
    return EXIT_OK


def _collect(paths: list[str]) -> list[Path] | None:
    """Return the scenario files named or found in folders; None after a usage error."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = list_scenarios(path)
            if not found:
                print(f"error: no scenario files in the folder {name}", file=sys.stderr)
                return None
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            print(f"error: no such file or folder: {name}", file=sys.stderr)
            return None
    return list(dict.fromkeys(files))


def _print_text(
    results: list[tuple[Path, DiagnosticList]], errors: int, warnings: int
) -> None:
    for path, diagnostics in results:
        if diagnostics.items:
            print(diagnostics.render())
            print()
        print(f"{display_path(path)}: {diagnostics.summary()}")
    if len(results) > 1:
        files = f"{len(results)} files"
        print(
            f"total: {files}, {_count(errors, 'error')}, {_count(warnings, 'warning')}"
        )


def _print_json(
    results: list[tuple[Path, DiagnosticList]], errors: int, warnings: int
) -> None:
    report = {
        "files": [
            {
                "path": display_path(path),
                "diagnostics": [d.to_json() for d in diagnostics.sorted()],
            }
            for path, diagnostics in results
        ],
        "errors": errors,
        "warnings": warnings,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"


def _tolerate_narrow_terminal() -> None:
    """Print characters the terminal's encoding lacks as escapes, not a traceback."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
