"""`python3 main.py graph SCENARIO -o FILE`: draw the story graph."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from ..scenario.loader import paused_gc
from .graph import StoryGraph, build_graph, layout_story, to_dot
from .graph_html import to_html
from .graph_svg import to_svg
from .scenario_arg import add_scenario_argument, load_or_report

log = logging.getLogger(__name__)

FORMATS = {".svg": "svg", ".dot": "dot", ".gv": "dot", ".html": "html", ".htm": "html"}
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "graph",
        help="draw the story graph as SVG, DOT or an HTML page",
        description="Draw the story graph of a scenario. The file name's ending picks "
        "the format: .svg (a picture), .dot or .gv (Graphviz source) or .html (a page "
        "that pans, zooms and searches node ids). Nothing outside Python is needed.",
    )
    add_scenario_argument(parser)
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        help="the file to write: .svg, .dot, .gv or .html",
    )
    parser.add_argument(
        "--lang",
        default="en",
        choices=("zh", "en"),
        help="language of the texts, legend, tooltips and page controls (default en)",
    )
    parser.set_defaults(handler=run_graph)


def run_graph(args: argparse.Namespace) -> int:
    output = Path(args.output)
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        endings = ", ".join(sorted(FORMATS))
        print(
            f"error: cannot tell the format of '{output}' from its ending "
            f"'{output.suffix}'; use one of {endings}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    scenario, code = load_or_report(args.scenario)
    if scenario is None:
        return code

    with paused_gc():
        graph = build_graph(scenario, args.lang)
        text = draw(graph, kind)
    try:
        _write_atomically(output, text)
    except OSError as error:
        print(f"error: cannot write {output}: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR
    steps = len(graph.nodes)
    print(f"wrote {output} ({kind}, {steps} steps, {len(graph.edges)} arrows)")
    return EXIT_OK


def draw(graph: StoryGraph, kind: str) -> str:
    """Return the graph as text of `kind`: "svg", "dot" or "html"."""
    if kind == "dot":
        return to_dot(graph)
    layout = layout_story(graph)
    log.info(
        "%d layers, %d lanes, %d crossings, %d far arrows drawn as tags",
        layout.layer_count,
        len(layout.lanes),
        layout.crossings,
        sum(route.tag is not None for route in layout.routes),
    )
    return to_svg(graph, layout) if kind == "svg" else to_html(graph, layout)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)
