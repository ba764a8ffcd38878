"""Sets of the official's working and private life: office, banquet room and home."""

from __future__ import annotations

import math

from panda3d.core import NodePath

from game.player.furniture import (
    Room,
    bookshelf,
    build_room,
    ceiling_panel,
    chair,
    desk,
    glow,
    plant,
    table,
    wall_band,
    wall_clock,
    window,
)
from game.player.geometry import box, cylinder, plane, shade, sphere
from game.player.staging import EYE_HEIGHT, Lighting, Stage, facing, speaker_mark


def build_office(static: NodePath) -> Stage:
    room = build_room(
        static,
        (6.4, 5.6, 2.9),
        "#f6ecd6",
        "#d4c8b0",
        wall_top="#fcf4e4",
        skirting="#8a6a48",
    )
    wall_band(room, 1.0, "#b9c9b4")
    _tile_lines(room, 0.8, "#b3a68e")
    ceiling_panel(room, -0.4, 3.4, (1.2, 0.6), "#fff6e4")
    ceiling_panel(room, 1.6, 3.4, (1.2, 0.6), "#fff6e4")

    blinds = window(
        room.back, -1.55, 1.0, (1.6, 1.45), "#bcd8ea", outside_top="#8fb8da"
    )
    for k in range(14):
        box(
            blinds,
            (1.62, 0.03, 0.018),
            (0, -0.07, 0.1 + k * 0.095),
            "#efeae0",
            (0, 0, 0),
        )
    box(blinds, (1.7, 0.06, 0.08), (0, -0.08, 1.45), "#d8d2c6")
    plant(static, (-2.75, 5.15), 1.1)

    # A wall calendar: a red header, a white sheet and a grid of day marks.
    calendar = room.back.attach_new_node("calendar")
    calendar.set_pos(-0.3, -0.02, 1.45)
    box(calendar, (0.42, 0.015, 0.56), (0, 0, 0), "#f7f4ec")
    box(calendar, (0.42, 0.02, 0.12), (0, -0.005, 0.48), "#c0262c")
    box(calendar, (0.16, 0.022, 0.05), (0, -0.008, 0.51), "#e8c45a")
    for row in range(5):
        for col in range(7):
            color = "#c0262c" if col in (0, 6) else "#6a6a6a"
            box(
                calendar,
                (0.03, 0.02, 0.022),
                (-0.165 + col * 0.055, -0.006, 0.06 + row * 0.07),
                color,
            )

    for k, x in enumerate((2.0, 2.6)):
        _filing_cabinet(static, (x, 5.3), "#9aa3a6" if k else "#a4acae")
    box(static, (0.34, 0.26, 0.3), (2.6, 5.3, 1.32), "#e8e0c8")
    bookshelf(
        static,
        (3.0, 3.2, 0),
        (1.2, 0.32, 2.0),
        "#8a6440",
        ("#7a2a28", "#2f4a6a", "#c8b27a", "#3c5a3c"),
        heading=-90,
    )
    wall_clock(room.back, 1.6, 2.35)

    desk(static, (0.35, 1.75), (1.9, 0.85, 0.76), "#7b4f2e", heading=180)
    _desk_props(static)
    chair(static, (0.35, 2.85), 180, "#3c3c44", back_height=0.6)

    lighting = Lighting(
        ambient=(0.42, 0.39, 0.34),
        sun=(0.26, 0.24, 0.2),
        sun_hpr=(-30, -40, 0),
        lamp=(0.22, 0.19, 0.15),
        lamp_pos=(0.3, 2.6, 2.6),
    )
    marks = [speaker_mark(0.25, 3.1), speaker_mark(1.45, 3.5), speaker_mark(-0.7, 3.5)]
    return Stage((0.1, 0.0, EYE_HEIGHT), (0.55, 3.0, 1.3), marks, lighting)


def _tile_lines(room: Room, step: float, color: str) -> None:
    """Score the floor with grout lines into square tiles of ``step`` metres."""
    half = room.width / 2
    count_x = int(room.width / step)
    for i in range(1, count_x):
        x = -half + i * step
        box(
            room.node,
            (0.012, room.depth + 1.5, 0.004),
            (x, (room.depth - 1.5) / 2, 0),
            color,
        )
    y = -1.5 + step
    while y < room.depth:
        box(room.node, (room.width, 0.012, 0.004), (0, y, 0), color)
        y += step


def _filing_cabinet(parent: NodePath, pos: tuple[float, float], color: str) -> None:
    node = parent.attach_new_node("filing-cabinet")
    node.set_pos(pos[0], pos[1], 0)
    box(node, (0.55, 0.5, 1.32), (0, 0, 0), color)
    for k in range(4):
        z = 0.06 + k * 0.31
        box(node, (0.5, 0.02, 0.27), (0, -0.25, z), shade(color, 1.08))
        box(node, (0.16, 0.03, 0.03), (0, -0.27, z + 0.2), "#5a5e60")
        box(node, (0.08, 0.025, 0.04), (0, -0.265, z + 0.12), "#f2f0e8")


def _desk_props(parent: NodePath) -> None:
    top = 0.76
    # Monitor on the left, turned towards the seated official (the camera).
    monitor = parent.attach_new_node("monitor")
    monitor.set_pos(-0.55, 2.05, top)
    monitor.set_h(18)
    box(monitor, (0.22, 0.16, 0.02), (0, 0, 0), "#2a2a2c")
    box(monitor, (0.05, 0.04, 0.2), (0, 0.04, 0.02), "#2a2a2c")
    box(monitor, (0.5, 0.04, 0.32), (0, 0.04, 0.16), "#1e1e20")
    glow(box(monitor, (0.46, 0.01, 0.28), (0, 0.015, 0.18), "#4a74a0"))
    box(parent, (0.45, 0.15, 0.02), (-0.3, 1.55, top), "#303034")

    # Papers in front of the official and a file tray on the right.
    for k, (dx, dh) in enumerate(((0.0, -4), (0.03, 3), (-0.02, 9))):
        box(
            parent,
            (0.21, 0.3, 0.006),
            (0.3 + dx, 1.6, top + k * 0.006),
            "#f8f8f2",
            (dh, 0, 0),
        )
    box(parent, (0.3, 0.36, 0.08), (1.05, 1.6, top), "#4a4a50")
    box(parent, (0.26, 0.32, 0.03), (1.05, 1.6, top + 0.06), "#f4f2ea")
    cylinder(parent, 0.04, 0.1, (-0.95, 1.75, top), "#3a5a7a", segments=10)
    cylinder(parent, 0.035, 0.11, (0.0, 1.5, top), "#f0ece0", segments=10)

    # The gift: a red bag with a gold band and rope handles, left on the desk.
    bag = parent.attach_new_node("gift-bag")
    bag.set_pos(0.5, 2.05, top)
    bag.set_h(-14)
    box(bag, (0.28, 0.12, 0.3), (0, 0, 0), "#c4161c")
    box(bag, (0.285, 0.125, 0.045), (0, 0, 0.18), "#e8b830")
    box(bag, (0.09, 0.13, 0.07), (0, 0, 0.07), "#e8b830")
    for dx in (-0.06, 0.06):
        box(bag, (0.012, 0.012, 0.1), (dx, 0, 0.3), "#e8b830")
    box(bag, (0.132, 0.012, 0.012), (0, 0, 0.395), "#e8b830")


def build_banquet_room(static: NodePath) -> Stage:
    room = build_room(
        static,
        (6.2, 6.0, 2.9),
        "#e6d2b0",
        "#6a2a22",
        "#efe2c8",
        wall_top="#efdfc2",
        skirting="#5a3a22",
    )
    # A red lacquer panel with a gold frame on the back wall.
    panel = room.back.attach_new_node("red-panel")
    panel.set_pos(0.4, -0.02, 0.5)
    box(panel, (3.2, 0.03, 2.1), (0, 0, 0), "#d8aa48")
    box(panel, (3.0, 0.04, 1.9), (0, -0.005, 0.1), "#a8161a")
    for dx in (-0.8, 0.0, 0.8):
        cylinder(
            panel, 0.26, 0.05, (dx, -0.03, 1.0), "#d8aa48", hpr=(0, 90, 0), segments=20
        )
        cylinder(
            panel, 0.2, 0.055, (dx, -0.03, 1.0), "#b81c20", hpr=(0, 90, 0), segments=20
        )
    # A scroll painting on the left wall and a sideboard on the right.
    scroll = room.left.attach_new_node("scroll")
    scroll.set_pos(3.0, -0.02, 1.0)
    box(scroll, (0.7, 0.02, 1.3), (0, 0, 0), "#c8b690")
    box(scroll, (0.56, 0.025, 1.05), (0, -0.002, 0.12), "#f3ecdc")
    sphere(scroll, 0.12, (-0.08, -0.02, 0.75), "#3a3a3a", rings=4, segments=6)
    box(scroll, (0.3, 0.03, 0.03), (0.05, -0.01, 0.55), "#4a4a4a", (0, 0, 20))
    sideboard = table(static, (2.75, 3.6), (0.5, 1.6, 0.85), "#5a2e1c", apron=False)
    box(sideboard, (0.46, 1.5, 0.72), (0, 0, 0.08), "#6a3a24")
    for k, color in enumerate(("#f2efe6", "#2a4a2a", "#6a1a1a", "#f2efe6")):
        cylinder(sideboard, 0.04, 0.28, (0, -0.5 + k * 0.3, 0.85), color, segments=10)

    # The round table, white cloth, glass lazy susan and dishes.
    cx, cy = 0.35, 2.9
    cylinder(static, 1.12, 0.3, (cx, cy, 0.46), "#f4f0e6", radius_top=1.06, segments=28)
    cylinder(static, 1.06, 0.02, (cx, cy, 0.76), "#f8f5ee", segments=28)
    cylinder(static, 0.5, 0.02, (cx, cy, 0.78), "#9bb4b0", segments=24)
    cylinder(static, 0.12, 0.46, (cx, cy, 0.0), "#5a3a22", segments=10)
    dishes = ("#c8641e", "#4a8a3a", "#8a4a2a", "#d8b040", "#b0302a")
    for k, color in enumerate(dishes):
        angle = 2 * math.pi * k / len(dishes) + 0.3
        x, y = cx + 0.3 * math.cos(angle), cy + 0.3 * math.sin(angle)
        cylinder(
            static, 0.13, 0.025, (x, y, 0.8), "#fbfbf6", radius_top=0.15, segments=14
        )
        sphere(static, 0.08, (x, y, 0.815), color, rings=6, segments=10, top_only=True)
    sphere(static, 0.14, (cx, cy, 0.8), "#c86a2a", rings=6, segments=10, top_only=True)
    seats = 8
    for k in range(seats):
        angle = 2 * math.pi * k / seats + math.pi / 2
        px, py = cx + 0.85 * math.cos(angle), cy + 0.85 * math.sin(angle)
        cylinder(static, 0.12, 0.012, (px, py, 0.77), "#ffffff", segments=14)
        cylinder(static, 0.03, 0.012, (px + 0.12, py, 0.77), "#e8c45a", segments=6)
        chair_x, chair_y = cx + 1.35 * math.cos(angle), cy + 1.35 * math.sin(angle)
        if chair_y > 1.8:
            heading = facing((chair_x, chair_y, 0), (cx, cy))
            chair(
                static,
                (chair_x, chair_y),
                heading,
                "#b01e22",
                "#d0a04a",
                back_height=0.6,
            )
    bottles = ((-0.75, 0.0, "#f2efe6"), (0.8, -0.1, "#234a2a"), (0.7, 0.2, "#f2efe6"))
    for dx, dy, color in bottles:
        x, y = cx + dx, cy + dy
        cylinder(static, 0.04, 0.26, (x, y, 0.78), color, segments=10)
        cylinder(static, 0.015, 0.07, (x, y, 1.04), shade(color, 0.8), segments=6)
        cylinder(static, 0.042, 0.08, (x, y, 0.86), "#c41a1e", segments=10, caps=False)

    for x in (-0.9, 1.8):
        _lantern(room, x, 4.8)
    lighting = Lighting(
        ambient=(0.44, 0.36, 0.28),
        sun=(0.18, 0.15, 0.12),
        sun_hpr=(20, -50, 0),
        lamp=(0.2, 0.14, 0.09),
        lamp_pos=(0.35, 2.9, 2.2),
        lamp_falloff=(1.0, 0.0, 0.05),
        spot=(0.08, 0.06, 0.04),
        spot_pos=(0.35, 1.5, 2.8),
        spot_target=(0.35, 3.6, 1.3),
    )
    marks = [
        speaker_mark(0.05, 4.35),
        speaker_mark(1.15, 4.25),
        speaker_mark(-1.0, 4.45),
    ]
    return Stage((0.1, 0.55, EYE_HEIGHT), (0.45, 4.0, 1.35), marks, lighting)


def _lantern(room: Room, x: float, y: float) -> None:
    """Hang a glowing red palace lantern from the ceiling at (x, y)."""
    node = room.node.attach_new_node("lantern")
    node.set_pos(x, y, room.height - 0.95)
    box(node, (0.015, 0.015, 0.5), (0, 0, 0.45), "#3a2a1a")
    cylinder(node, 0.14, 0.06, (0, 0, 0.42), "#d8aa48", segments=12)
    glow(cylinder(node, 0.2, 0.4, (0, 0, 0.05), "#ff5a2a", radius_top=0.2, segments=14))
    glow(sphere(node, 0.24, (0, 0, 0.25), "#f03a1e", rings=8, segments=14))
    cylinder(node, 0.14, 0.06, (0, 0, 0.0), "#d8aa48", segments=12)
    box(node, (0.04, 0.04, 0.22), (0, 0, -0.22), "#e8b830")


def build_home(static: NodePath) -> Stage:
    room = build_room(
        static,
        (6.0, 5.4, 2.8),
        "#d9c7b0",
        "#6e4a30",
        "#e8dccb",
        wall_top="#e2d4c0",
        skirting="#4a3220",
    )
    for k in range(1, 22):
        box(room.node, (0.008, 7.0, 0.003), (-3.0 + k * 0.27, 1.95, 0), "#5a3a24")
    # A night window: dark sky, a moon and lit windows of the block across.
    night = window(
        room.back, -0.9, 0.95, (1.9, 1.4), "#10182e", "#d8d0c0", outside_top="#1e2c4e"
    )
    glow(sphere(night, 0.09, (0.6, -0.018, 1.15), "#f2eed2", rings=6, segments=10))
    for k in range(14):
        bx = -0.85 + (k * 0.37) % 1.7
        bz = 0.12 + (k * 0.23) % 0.7
        lit = "#f0c060" if k % 3 else "#a8c0d8"
        glow(box(night, (0.07, 0.005, 0.06), (bx, -0.025, bz), lit))
    for dx in (-1.25, 1.25):
        box(night, (0.5, 0.06, 1.7), (dx, -0.12, -0.15), "#8a3a36")

    # A sofa against the back wall, a rug and a low table with tea things.
    sofa = static.attach_new_node("sofa")
    sofa.set_pos(-0.4, 4.75, 0)
    fabric = "#6a7a8a"
    box(sofa, (2.2, 0.85, 0.42), (0, 0, 0), fabric)
    box(sofa, (2.2, 0.22, 0.5), (0, 0.32, 0.42), shade(fabric, 0.9))
    for dx in (-1.0, 1.0):
        box(sofa, (0.2, 0.85, 0.25), (dx, 0, 0.42), shade(fabric, 0.95))
    for dx in (-0.5, 0.5):
        box(sofa, (0.95, 0.6, 0.1), (dx, -0.08, 0.42), shade(fabric, 1.1))
    box(sofa, (0.36, 0.12, 0.3), (-0.6, 0.18, 0.52), "#c8a060", (0, -15, 8))
    plane(static, 2.6, 1.7, (0.1, 3.4, 0.006), "#8a3a32", (0, -90, 0), divisions=(3, 3))
    plane(static, 2.3, 1.4, (0.1, 3.4, 0.009), "#a8564a", (0, -90, 0), divisions=(3, 3))
    low = table(static, (0.1, 3.35), (1.2, 0.6, 0.42), "#4a2e1c", apron=False)
    cylinder(low, 0.14, 0.02, (0.2, 0.0, 0.42), "#f2f0ea", segments=14)
    for k, color in enumerate(("#e04a2a", "#f0b030", "#e04a2a")):
        sphere(
            low,
            0.045,
            (0.16 + k * 0.05, -0.02 + 0.03 * (k % 2), 0.47),
            color,
            rings=5,
            segments=8,
        )
    for dx in (-0.35, -0.2):
        cylinder(low, 0.035, 0.07, (dx, 0.05, 0.42), "#f4f2ec", segments=10)

    # The TV on a low cabinet in the far right corner, turned into the room.
    tv = static.attach_new_node("tv")
    tv.set_pos(2.25, 4.9, 0)
    tv.set_h(-18)
    box(tv, (1.3, 0.42, 0.45), (0, 0, 0), "#3a2a1e")
    box(tv, (0.5, 0.02, 0.2), (-0.3, -0.21, 0.12), "#4a3626")
    box(tv, (0.3, 0.2, 0.03), (0, 0, 0.45), "#111114")
    box(tv, (0.05, 0.05, 0.12), (0, 0.02, 0.46), "#111114")
    box(tv, (1.12, 0.05, 0.64), (0, 0.0, 0.56), "#111114")
    glow(box(tv, (1.04, 0.01, 0.56), (0, -0.026, 0.6), "#2a4262"))

    # The floor lamp by the sofa: a warm shade that carries the point light.
    lamp = static.attach_new_node("floor-lamp")
    lamp.set_pos(1.35, 4.85, 0)
    cylinder(lamp, 0.16, 0.03, (0, 0, 0), "#2a2a2a", segments=12)
    cylinder(lamp, 0.015, 1.45, (0, 0, 0.03), "#2a2a2a", segments=6)
    glow(
        cylinder(lamp, 0.24, 0.3, (0, 0, 1.4), "#f8d89a", radius_top=0.15, segments=14)
    )
    photo = room.back.attach_new_node("photo")
    photo.set_pos(1.0, -0.02, 1.45)
    box(photo, (0.5, 0.02, 0.38), (0, 0, 0), "#4a3220")
    box(photo, (0.42, 0.025, 0.3), (0, -0.002, 0.04), "#8aa0b0")
    for dx, tone in ((-0.08, "#d8b090"), (0.08, "#c89a80")):
        sphere(photo, 0.05, (dx, -0.02, 0.22), tone, rings=4, segments=6)
    plant(static, (-2.55, 4.9), 1.0)

    lighting = Lighting(
        ambient=(0.3, 0.27, 0.3),
        sun=(0.1, 0.13, 0.24),
        sun_hpr=(170, -30, 0),
        lamp=(0.5, 0.36, 0.22),
        lamp_pos=(1.35, 4.6, 1.6),
        lamp_falloff=(1.0, 0.0, 0.09),
    )
    marks = [speaker_mark(0.25, 3.95), speaker_mark(-0.85, 4.1), speaker_mark(1.2, 3.8)]
    return Stage((0.35, 0.3, EYE_HEIGHT), (0.3, 4.0, 1.3), marks, lighting)
