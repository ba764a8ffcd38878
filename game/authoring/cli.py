"""Register the authoring commands with the main command line."""

from __future__ import annotations

import argparse
import importlib
import logging

log = logging.getLogger(__name__)

# Each module defines add_parser(commands), which adds its subcommand and sets
# `handler` on the parsed arguments.
COMMAND_MODULES = (
    "game.authoring.validate_cmd",
    "game.authoring.graph_cmd",
    "game.authoring.simulate_cmd",
    "game.authoring.strings_cmd",
)


def add_parsers(commands: argparse._SubParsersAction) -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.add_parser(commands)
