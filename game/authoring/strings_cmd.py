"""`python main.py strings export|import`: the translator's string table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..scenario import ScenarioError, load_scenario
from ..scenario.diagnostics import display_path
from .scenario_arg import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    add_scenario_argument,
    load_or_report,
)
from .strings import (
    StringsError,
    import_csv,
    sidecar_path,
    stale_translations,
    write_csv,
)


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "strings",
        help="export or import the table of texts for translators",
        description="Export every text of a scenario to a CSV table for translators, "
        "or import a translated table back into the scenario file.",
    )
    actions = parser.add_subparsers(dest="strings_action", metavar="ACTION")
    actions.required = True

    export = actions.add_parser(
        "export",
        help="write the string table as CSV (UTF-8, opens in Excel)",
        description="Write a CSV with the columns id, context, zh, en and zh_hash, "
        "one row per text. Keep the id and zh_hash columns as they are.",
    )
    add_scenario_argument(export)
    export.add_argument("-o", "--output", required=True, help="the CSV file to write")
    export.set_defaults(handler=run_export)

    imported = actions.add_parser(
        "import",
        help="write the texts of a CSV table back into the scenario file",
        description="Write changed English (and Chinese) texts of the table into the "
        "scenario file in place, keeping its comments and layout, and record which "
        "Chinese text each translation was made from in <name>.translations.yaml.",
    )
    add_scenario_argument(imported)
    imported.add_argument("table", help="the CSV file to read")
    imported.set_defaults(handler=run_import)

    stale = actions.add_parser(
        "stale",
        help="list English texts whose Chinese changed since they were imported",
        description="List each English text whose Chinese source changed after the "
        "translation was imported. Exits 1 when there is one.",
    )
    add_scenario_argument(stale)
    stale.set_defaults(handler=run_stale)


def run_export(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix.lower() != ".csv":
        print(f"error: the output '{output}' must end in .csv", file=sys.stderr)
        return EXIT_USAGE
    scenario, code = load_or_report(args.scenario)
    if scenario is None:
        return code
    try:
        count = write_csv(scenario, output)
    except StringsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:
        print(f"error: cannot write {output}: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR
    print(f"wrote {count} strings of {scenario.id} to {output}")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    scenario, code = load_or_report(args.scenario)
    if scenario is None:
        return code
    table = Path(args.table)
    try:
        data = table.read_bytes()
    except OSError as error:
        print(f"error: cannot read {table}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = import_csv(scenario, data, display_path(table))
        reloaded = load_scenario(scenario.path)
    except StringsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except ScenarioError as error:
        print(
            f"error: the scenario no longer loads after the import:\n{error}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except OSError as error:
        print(f"error: cannot write the scenario: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    shown = display_path(scenario.path)
    print(
        f"{shown}: {len(result.changed_en)} English and {len(result.changed_zh)} "
        f"Chinese texts changed; the file loads (version {reloaded.version})"
    )
    print(
        f"recorded {result.recorded} translations in "
        f"{display_path(sidecar_path(scenario.path))}"
    )
    return EXIT_OK


def run_stale(args: argparse.Namespace) -> int:
    scenario, code = load_or_report(args.scenario)
    if scenario is None:
        return code
    try:
        stale = stale_translations(scenario)
    except StringsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    for string_id, span in stale:
        print(
            f"{span.path}:{span.line}:{span.col}: the English of '{string_id}' is out "
            "of date: its Chinese changed after the translation was imported"
        )
    print(f"{display_path(scenario.path)}: {len(stale)} out-of-date translation(s)")
    return EXIT_ERROR if stale else EXIT_OK
