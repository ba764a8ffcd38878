"""Benchmark: loading plus full validation against a bare PyYAML parse of one file.

Generates a scenario of N nodes (default 5,000), then times, side by side in one run:
- a bare parse with PyYAML's C loader (`yaml.load(text, Loader=yaml.CSafeLoader)`),
- the project's load (compose, schema checks, model build),
- load plus the whole-graph validation,
and prints the ratios to the bare parse. The target is a ratio of at most 2 for load
plus validation. The loader turns off the cyclic garbage collector while it runs, so
the bare parse is also timed that way, for reference.

Usage: python benchmarks/bench_load.py [--nodes N] [--repeat R]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.authoring.validate import validate_scenario  # noqa: E402
from game.scenario import check_scenario  # noqa: E402

SCENES = ("office", "banquet_room", "home", "talk_room")


def generate(nodes: int) -> str:
    """Return the YAML text of a valid scenario with `nodes` decision points."""
    parts = [
        "format: 1",
        "id: bench",
        "version: 1",
        "title: {zh: 基准测试, en: Benchmark}",
        "summary: {zh: 生成的场景, en: A generated scenario}",
        "role: {zh: 科员, en: Clerk}",
        "cases:",
        "  - id: c1",
        "    summary: {zh: 案例, en: A case}",
        "    source: generated",
        "speakers:",
        "  narrator: {name: {zh: 旁白, en: Narrator}}",
        "  boss:",
        "    name: {zh: 承包商, en: The contractor}",
        '    look: {body: "#4a5a7a", head: "#e0b89a", height: 1.75}',
        "variables:",
        "  gifts: {type: int, initial: 0, unit: yuan}",
        "  lied: {type: bool, initial: false}",
        "start: n0",
        "nodes:",
    ]
    for index in range(nodes):
        after = f"n{index + 1}" if index + 1 < nodes else "e_end"
        skip = f"n{index + 2}" if index + 2 < nodes else "e_end"
        parts += [
            f"  n{index}:",
            f"    scene: {SCENES[index % len(SCENES)]}",
            "    lines:",
            "      - id: offer",
            "        speaker: boss",
            f"        text: {{zh: 第{index}年的礼物。, en: 'Gift {index}.'}}",
            "      - id: think",
            "        speaker: narrator",
            "        text: {zh: 你犹豫了。, en: You hesitate.}",
            '        when: "gifts > 0"',
            "    choices:",
            "      - id: take",
            "        text: {zh: 收下, en: Take it}",
            f"        go: {after}",
            '        effects: ["gifts += 500"]',
            "      - id: refuse",
            "        text: {zh: 拒绝, en: Refuse}",
            f"        go: {skip}",
            '        when: "not lied"',
        ]
    parts += [
        "endings:",
        "  e_end:",
        "    kind: kept_integrity",
        "    scene: office",
        "    title: {zh: 结束, en: The end}",
        "    lines: [{id: end, speaker: narrator, text: {zh: 结束。, en: The end.}}]",
        "    epilogue: [{zh: 真实案例。, en: The real case.}]",
        "    legal_basis: []",
        "    cases: [c1]",
    ]
    return "\n".join(parts) + "\n"


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000, help="decision points")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.yaml"
        text = generate(args.nodes)
        path.write_text(text, encoding="utf-8")
        shared = ROOT / "scenarios" / "_shared"

        scenario, diagnostics = check_scenario(path, shared_dir=shared)
        if scenario is None:
            print(diagnostics.render())
            return 1

        def bare() -> object:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def load() -> object:
            return check_scenario(path, shared_dir=shared)

        def bare_without_gc() -> object:
            gc.disable()
            try:
                return bare()
            finally:
                gc.enable()

        actions = {
            "bare CSafeLoader parse": bare,
            "same, cyclic GC off": bare_without_gc,
            "load": load,
        }

        def load_and_validate() -> object:
            loaded, found = check_scenario(path, shared_dir=shared)
            validate_scenario(loaded, found)
            return found

        actions["load + validate"] = load_and_validate
        print(f"validation found: {load_and_validate().summary()}")

        print(
            f"{args.nodes} nodes, {len(text.encode()) / 1e6:.2f} MB, best of "
            f"{args.repeat}"
        )
        results = {
            name: best_of(args.repeat, action) for name, action in actions.items()
        }
        base = results["bare CSafeLoader parse"][0]
        for name, (best, median) in results.items():
            print(
                f"{name:>24}: best {best * 1000:8.1f} ms, median {median * 1000:8.1f}"
                f" ms, ratio {best / base:5.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
