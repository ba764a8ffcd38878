"""Benchmark: the story graph's layout and drawing against loading the same scenario.

Generates scenarios of 500, 2,000 and 5,000 nodes in two shapes from
tests/story_factory.py, then times, side by side in one run, the best of a few
repeats of:
- loading the file (`load_scenario`: parse, schema checks, model build);
- the layout alone (`build_graph` and `layout_story`);
- layout plus drawing, as `graph -o FILE.svg` and `graph -o FILE.html` do them,
and prints each against the load time. The shapes:
- branching: about ten nodes a layer, random merges, conditional choices, a few
  arrows back and arrows to endings far to the right;
- chain: one long chain where every step can refuse to one shared ending, and every
  tenth step can start over, so most arrows cross hundreds of layers.

Usage: python3 benchmarks/bench_graph.py [--sizes 500,2000,5000] [--repeat R]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from story_factory import big_scenario, chain_scenario  # noqa: E402

from game.authoring.graph import build_graph, layout_story  # noqa: E402
from game.authoring.graph_cmd import draw  # noqa: E402
from game.scenario import load_scenario  # noqa: E402
from game.scenario.loader import paused_gc  # noqa: E402

SHAPES = {"branching": big_scenario, "chain": chain_scenario}


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """Return the shortest of `repeat` timed runs of `action`, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(path: Path, repeat: int) -> dict[str, float]:
    scenario = load_scenario(path)

    def layout() -> object:
        with paused_gc():
            return layout_story(build_graph(scenario))

    def render(kind: str) -> Callable[[], object]:
        def action() -> object:
            with paused_gc():
                return draw(build_graph(scenario), kind)

        return action

    return {
        "steps": len(scenario.nodes) + len(scenario.endings),
        "load": best_of(repeat, lambda: load_scenario(path)),
        "layout": best_of(repeat, layout),
        "svg": best_of(repeat, render("svg")),
        "html": best_of(repeat, render("html")),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="500,2000,5000", help="node counts, separated by commas"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    print(f"best of {args.repeat}; ratios are to the load time of the same file")
    print(
        f"{'shape':<10} {'nodes':>6} {'steps':>6} {'load ms':>9} {'layout ms':>10} "
        f"{'+svg ms':>9} {'+html ms':>9} {'layout':>7} {'+svg':>6} {'+html':>6}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for shape, generate in SHAPES.items():
            for size in sizes:
                path = Path(folder) / f"{shape}_{size}.yaml"
                text = generate(size, scenario_id=f"{shape}_{size}")
                path.write_text(text, encoding="utf-8")
                found = measure(path, args.repeat)
                load = found["load"]
                print(
                    f"{shape:<10} {size:>6} {found['steps']:>6} {load * 1000:>9.0f} "
                    f"{found['layout'] * 1000:>10.0f} {found['svg'] * 1000:>9.0f} "
                    f"{found['html'] * 1000:>9.0f} {found['layout'] / load:>7.2f} "
                    f"{found['svg'] / load:>6.2f} {found['html'] / load:>6.2f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
