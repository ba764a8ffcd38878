"""Render every 3D set with two characters offscreen to PNG files for review.

Usage: python tools/render_sets.py [--out DIR] [--size 1280x720] [--guides]
[SCENE ...]. With --guides the images show the dialogue-panel line (lower
third) and the ladder HUD margin (left edge), to check the framing.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from panda3d.core import Filename, PNMImage, load_prc_file_data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

log = logging.getLogger("render_sets")

# Share of the frame covered by the left HUD and by the dialogue panel.
HUD_WIDTH = 0.08
PANEL_HEIGHT = 1 / 3


@dataclass(frozen=True)
class SampleLook:
    """A speaker look as a scenario file gives it."""

    body: str
    head: str
    height: float


SAMPLE_LOOKS = (
    SampleLook(body="#34405a", head="#e0b89a", height=1.74),
    SampleLook(body="#7a4a3a", head="#d2a484", height=1.62),
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenes", nargs="*", help="scene ids (default: all)")
    parser.add_argument(
        "--out", type=Path, default=Path("build/sets"), help="output folder"
    )
    parser.add_argument(
        "--size", default="1280x720", help="image size in pixels, WIDTHxHEIGHT"
    )
    parser.add_argument(
        "--guides", action="store_true", help="draw the HUD and panel margins"
    )
    return parser.parse_args(argv)


def draw_guides(image: PNMImage) -> None:
    """Mark the left HUD margin and the top of the dialogue panel in yellow."""
    width, height = image.get_x_size(), image.get_y_size()
    panel_top = int(height * (1 - PANEL_HEIGHT))
    hud_right = int(width * HUD_WIDTH)
    for x in range(width):
        image.set_xel(x, panel_top, 1.0, 0.9, 0.1)
    for y in range(height):
        image.set_xel(hud_right, y, 1.0, 0.9, 0.1)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    load_prc_file_data(
        "",
        "load-display p3tinydisplay\nwindow-type offscreen\n"
        f"win-size {width} {height}\naudio-library-name null\n",
    )
    from direct.showbase.ShowBase import ShowBase

    from game.player.characters import build_character, set_speaking
    from game.player.sets import SCENE_IDS, aim_camera, build_set

    scenes = args.scenes or list(SCENE_IDS)
    args.out.mkdir(parents=True, exist_ok=True)
    base = ShowBase()
    try:
        for scene in scenes:
            info = build_set(scene, base.render)
            for index, ((pos, heading), look) in enumerate(
                zip(info.speaker_marks, SAMPLE_LOOKS, strict=False)
            ):
                figure = build_character(look, info.root, f"speaker{index}")
                figure.set_pos(pos)
                figure.set_h(heading)
                set_speaking(figure, index == 0)
            aim_camera(info, base.cam, base.camLens)

            started = time.perf_counter()
            base.graphics_engine.render_frame()
            elapsed = time.perf_counter() - started
            base.task_mgr.step()
            image = PNMImage()
            base.win.get_screenshot(image)
            image.remove_alpha()
            if args.guides:
                draw_guides(image)
            path = args.out / f"{scene}.png"
            image.write(Filename.from_os_specific(str(path)))
            log.info("%s: %.0f ms first frame -> %s", scene, elapsed * 1000, path)
            info.root.remove_node()
            # ShowBase's task sweeps the render states the removed set used.
            base.task_mgr.step()
    finally:
        base.destroy()
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.exit(main(sys.argv[1:]))
