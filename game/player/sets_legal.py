"""Sets of the case: talk room, retention room, procuratorate, courtroom, prison."""

from __future__ import annotations

import math

from panda3d.core import NodePath, TransparencyAttrib

from game.player.furniture import (
    bookshelf,
    build_room,
    ceiling_panel,
    chair,
    desk,
    glow,
    table,
    wall_band,
    wall_clock,
    window,
)
from game.player.geometry import box, cylinder, plane, shade, sphere
from game.player.staging import EYE_HEIGHT, Lighting, Stage, speaker_mark


def build_talk_room(static: NodePath) -> Stage:
    room = build_room(
        static,
        (5.6, 5.0, 2.7),
        "#d2dee6",
        "#929aa0",
        "#eef0f0",
        wall_top="#dde6ec",
        skirting="#7a8288",
    )
    ceiling_panel(room, 0.3, 2.2, (1.2, 0.3), "#f4faff")
    ceiling_panel(room, 0.3, 4.4, (1.2, 0.3), "#f4faff")
    # A rules plaque: a framed white board with a red title and lines of text.
    plaque = room.back.attach_new_node("plaque")
    plaque.set_pos(0.35, -0.02, 1.35)
    box(plaque, (1.5, 0.03, 1.0), (0, 0, 0), "#8a939a")
    box(plaque, (1.42, 0.035, 0.92), (0, -0.002, 0.04), "#f6f6f2")
    box(plaque, (0.8, 0.04, 0.08), (0, -0.004, 0.8), "#b8242a")
    for row in range(6):
        length = 1.2 if row % 3 else 0.9
        box(plaque, (length, 0.04, 0.025), (0, -0.004, 0.15 + row * 0.1), "#7a7e82")
    window(room.left, 3.0, 1.6, (0.9, 0.6), "#d8e0e6", "#e8ecee", outside_top="#e8eef2")
    wall_clock(room.back, -1.3, 2.2)
    door = room.right.attach_new_node("door")
    door.set_pos(-3.9, -0.02, 0)
    box(door, (1.0, 0.04, 2.1), (0, 0, 0), "#9aa4aa")
    box(door, (0.9, 0.05, 2.02), (0, -0.005, 0), "#b8c0c4")
    box(door, (0.14, 0.07, 0.03), (-0.35, -0.01, 1.0), "#6a7278")

    top = table(static, (0.3, 2.15), (1.5, 0.8, 0.76), "#cfd3d2", "#8a9094")
    folder = top.attach_new_node("folder")
    folder.set_pos(0.2, 0.05, 0.76)
    folder.set_h(-6)
    box(folder, (0.32, 0.24, 0.02), (0, 0, 0), "#3a5a7a")
    box(folder, (0.28, 0.21, 0.008), (0.01, 0.005, 0.02), "#f4f2ea")
    box(top, (0.2, 0.27, 0.012), (-0.4, 0.1, 0.76), "#f8f8f4")
    box(top, (0.14, 0.01, 0.01), (-0.38, 0.0, 0.773), "#202428", (20, 0, 0))
    cylinder(
        top, 0.04, 0.11, (0.62, -0.05, 0.76), "#e8f0f4", radius_top=0.045, segments=12
    )
    cylinder(
        top, 0.035, 0.06, (0.62, -0.05, 0.77), "#b8d0dc", radius_top=0.04, segments=12
    )
    chair(static, (0.6, 2.95), 180, "#5a646c", back_height=0.55)
    # The learner's own chair is under the camera, out of view.
    chair(static, (0.2, 0.25), 0, "#5a646c", back_height=0.55)
    side = table(
        static, (1.9, 3.6), (0.9, 0.55, 0.74), "#dcdedc", "#8a9094", heading=-20
    )
    box(side, (0.22, 0.3, 0.015), (0.1, 0.0, 0.74), "#f8f8f4")

    lighting = Lighting(
        ambient=(0.42, 0.46, 0.5),
        sun=(0.22, 0.25, 0.28),
        sun_hpr=(-20, -60, 0),
        lamp=(0.12, 0.12, 0.12),
        lamp_pos=(0.3, 3.0, 2.6),
        lamp_falloff=(1.0, 0.0, 0.03),
    )
    marks = [speaker_mark(0.05, 2.8), speaker_mark(1.7, 3.95), speaker_mark(-0.55, 3.3)]
    return Stage((0.2, 0.0, EYE_HEIGHT), (0.6, 3.0, 1.3), marks, lighting)


def build_retention_room(static: NodePath) -> Stage:
    pad = "#c4d4c2"
    room = build_room(static, (5.0, 4.8, 2.7), "#8a9a8c", "#98a898", "#e4e8e2")
    # Every wall is lined with padded panels separated by dark seams.
    _padding(room.back, room.width, room.height, 0.0, pad)
    _padding(room.left, 6.3, room.height, 1.65, pad)
    _padding(room.right, 6.3, room.height, -1.65, pad)
    for k in range(1, 8):
        box(room.node, (5.0, 0.02, 0.004), (0, -1.5 + k * 0.8, 0), "#7e8e80")

    # A caged ceiling lamp, a camera dome in the far right corner and a door.
    lamp_y = 4.3
    glow(box(room.node, (0.9, 0.6, 0.03), (0.2, lamp_y, room.height - 0.05), "#ffffff"))
    for k in range(5):
        bar_y = lamp_y - 0.28 + k * 0.14
        box(room.node, (0.94, 0.012, 0.03), (0.2, bar_y, room.height - 0.09), "#6a6e6a")
    for dx in (-0.47, 0.47):
        box(
            room.node,
            (0.012, 0.64, 0.05),
            (0.2 + dx, lamp_y, room.height - 0.09),
            "#6a6e6a",
        )
    cam = room.node.attach_new_node("camera")
    cam.set_pos(2.35, 4.65, room.height - 0.15)
    box(cam, (0.2, 0.2, 0.12), (0, 0, 0.03), "#e8e8e4")
    sphere(cam, 0.1, (0, 0, 0.03), "#2a2c2e", rings=6, segments=10)
    glow(sphere(cam, 0.02, (-0.03, -0.07, 0.0), "#ff3a30", rings=4, segments=6))
    door = room.back.attach_new_node("door")
    door.set_pos(-1.3, -0.08, 0)
    box(door, (1.0, 0.04, 2.05), (0, 0, 0), "#a8b4a8")
    box(door, (0.26, 0.05, 0.18), (0, -0.005, 1.45), "#4a5a5e")

    # A low padded bed along the right wall.
    bed = static.attach_new_node("bed")
    bed.set_pos(1.75, 3.2, 0)
    box(bed, (0.95, 2.0, 0.32), (0, 0, 0), "#a8b8a8")
    box(bed, (0.9, 1.95, 0.12), (0, 0, 0.32), "#eef0ea")
    box(bed, (0.6, 0.35, 0.1), (0, 0.75, 0.44), "#f8f8f4")
    box(bed, (0.92, 0.9, 0.06), (0, -0.45, 0.44), "#7a8aa0")

    # A table and stool with rounded corners, so nothing has an edge.
    _rounded_table(static, (-0.1, 2.2), (1.1, 0.65, 0.72), "#b8c2b4")
    cylinder(static, 0.2, 0.45, (-0.1, 1.4, 0), "#c8d0c4", segments=16)
    cylinder(static, 0.2, 0.45, (-0.1, 3.0, 0), "#c8d0c4", segments=16)
    cylinder(static, 0.045, 0.1, (0.25, 2.1, 0.72), "#f4f4f0", segments=12)

    lighting = Lighting(
        ambient=(0.22, 0.23, 0.22),
        sun=(0.3, 0.3, 0.3),
        sun_hpr=(10, -65, 0),
        lamp=(0.3, 0.3, 0.3),
        lamp_pos=(0.2, 3.2, 2.4),
        lamp_falloff=(1.0, 0.0, 0.08),
        spot=(0.07, 0.07, 0.07),
        spot_pos=(0.2, 3.9, 2.62),
        spot_target=(0.1, 2.6, 0.0),
        spot_angle=70.0,
    )
    marks = [speaker_mark(-0.1, 3.45), speaker_mark(1.0, 3.7), speaker_mark(-1.0, 3.7)]
    return Stage((0.15, 0.0, EYE_HEIGHT), (0.35, 3.0, 1.25), marks, lighting)


def _padding(
    wall: NodePath, span: float, height: float, centre: float, color: str
) -> None:
    """Line a wall with a grid of soft panels, each a box with a darker seam."""
    size = 0.6
    columns = int(span / size)
    rows = int(height / size)
    start = centre - columns * size / 2
    for col in range(columns):
        for row in range(rows):
            tone = color if (col + row) % 2 else shade(color, 0.97)
            x = start + (col + 0.5) * size
            box(
                wall,
                (size - 0.04, 0.05, size - 0.04),
                (x, -0.025, row * size + 0.02),
                tone,
            )


def _rounded_table(
    parent: NodePath,
    pos: tuple[float, float],
    size: tuple[float, float, float],
    color: str,
) -> None:
    width, depth, height = size
    radius = 0.1
    node = parent.attach_new_node("rounded-table")
    node.set_pos(pos[0], pos[1], 0)
    top_z = height - 0.05
    box(node, (width - 2 * radius, depth, 0.05), (0, 0, top_z), color)
    box(node, (width, depth - 2 * radius, 0.05), (0, 0, top_z), color)
    for sx in (-1, 1):
        for sy in (-1, 1):
            corner = (sx * (width / 2 - radius), sy * (depth / 2 - radius), top_z)
            cylinder(node, radius, 0.05, corner, color, segments=10)
    box(node, (width * 0.7, depth * 0.6, top_z), (0, 0, 0), shade(color, 0.9))


def build_procuratorate(static: NodePath) -> Stage:
    room = build_room(
        static,
        (6.4, 5.8, 3.0),
        "#f4f0e6",
        "#5a4030",
        "#f4f2ec",
        wall_top="#faf8f0",
        skirting="#3a2a20",
    )
    wall_band(room, 0.9, "#8a6a4a")
    ceiling_panel(room, 0.3, 3.0, (1.4, 0.6), "#fbfaf4")
    # The round plaque (red disc in a gold ring) between two red panels.
    plaque = room.back.attach_new_node("plaque")
    plaque.set_pos(0.35, -0.03, 2.05)
    cylinder(plaque, 0.42, 0.04, (0, 0, 0), "#d8a838", hpr=(0, 90, 0), segments=28)
    cylinder(plaque, 0.34, 0.05, (0, 0, 0), "#b8161c", hpr=(0, 90, 0), segments=28)
    cylinder(plaque, 0.2, 0.06, (0, 0, 0), "#e8c04a", hpr=(0, 90, 0), segments=24)
    cylinder(plaque, 0.16, 0.07, (0, 0, 0), "#b8161c", hpr=(0, 90, 0), segments=24)
    for dx in (-1.0, 1.7):
        box(room.back, (0.55, 0.03, 2.0), (dx, -0.02, 0.8), "#b3161c")
        box(room.back, (0.55, 0.035, 0.08), (dx, -0.024, 2.72), "#d8a838")
        cylinder(room.back, 0.015, 2.0, (dx - 0.28, -0.04, 0.8), "#c8a040", segments=6)
        for k in range(7):
            box(
                room.back,
                (0.03, 0.04, 0.1),
                (dx - 0.24 + k * 0.08, -0.03, 0.72),
                "#d8a838",
            )
    spines = ("#6a1c1c", "#22324e", "#6a1c1c", "#3a3a3e", "#c8b27a")
    bookshelf(static, (-2.3, 5.55, 0), (1.4, 0.36, 2.2), "#5a3a24", spines)
    bookshelf(static, (3.0, 3.6, 0), (1.4, 0.36, 2.2), "#5a3a24", spines, heading=-90)
    box(room.left, (1.2, 0.05, 0.8), (3.2, -0.03, 1.4), "#3a2a20")
    box(room.left, (1.1, 0.06, 0.7), (3.2, -0.032, 1.45), "#d0c8a8")

    desk(static, (0.35, 3.15), (1.9, 0.85, 0.78), "#5a3826")
    chair(static, (0.35, 4.0), 180, "#2a2a30", back_height=0.75)
    top = 0.78
    # Stacks of kraft case files with white labels, one opened for reading.
    for stack, (sx, count) in enumerate(((-0.35, 6), (-0.05, 4), (0.85, 5))):
        for k in range(count):
            tilt = ((k * 7 + stack) % 5) - 2
            files = box(
                static,
                (0.3, 0.22, 0.045),
                (sx, 3.05, top + k * 0.045),
                "#c8a878",
                (tilt, 0, 0),
            )
            box(files, (0.12, 0.005, 0.025), (0.05, -0.111, 0.01), "#f4f2ea")
    box(static, (0.4, 0.3, 0.01), (0.4, 2.95, top), "#f6f4ee", (-8, 0, 0))
    box(static, (0.15, 0.05, 0.12), (0.95, 3.35, top), "#b8161c")
    cylinder(static, 0.035, 0.12, (-0.6, 3.3, top), "#d8d4c8", segments=10)

    lighting = Lighting(
        ambient=(0.42, 0.42, 0.41),
        sun=(0.3, 0.3, 0.29),
        sun_hpr=(-15, -45, 0),
        lamp=(0.18, 0.17, 0.15),
        lamp_pos=(0.3, 2.8, 2.6),
    )
    marks = [
        speaker_mark(0.35, 3.65),
        speaker_mark(1.45, 3.8),
        speaker_mark(-0.75, 3.75),
    ]
    return Stage((0.15, 0.2, EYE_HEIGHT), (0.5, 3.6, 1.45), marks, lighting)


def build_courtroom(static: NodePath) -> Stage:
    room = build_room(
        static,
        (7.6, 8.0, 3.8),
        "#d8c8a8",
        "#6a4a32",
        "#f0ece2",
        wall_top="#e4d8c0",
        skirting="#3a2618",
    )
    _panelling(room.left, 9.5, 1.6, 3.25, "#8a5a34")
    _panelling(room.right, 9.5, 1.6, -3.25, "#8a5a34")
    _panelling(room.back, room.width, 1.0, 0.0, "#8a5a34")
    # The red backdrop with a gold-ringed red disc above the bench.
    backdrop = room.back.attach_new_node("backdrop")
    backdrop.set_pos(0, -0.03, 1.0)
    box(backdrop, (4.6, 0.04, 2.7), (0, 0, 0), "#c8a040")
    box(backdrop, (4.4, 0.05, 2.6), (0, -0.005, 0.05), "#a8141a")
    cylinder(
        backdrop, 0.42, 0.06, (0, -0.01, 2.0), "#e0b040", hpr=(0, 90, 0), segments=28
    )
    cylinder(
        backdrop, 0.34, 0.07, (0, -0.01, 2.0), "#b8161c", hpr=(0, 90, 0), segments=28
    )
    cylinder(
        backdrop, 0.13, 0.08, (0, -0.01, 2.02), "#e8c04a", hpr=(0, 90, 0), segments=14
    )
    for k in range(2):
        ceiling_panel(room, 0.0, 3.0 + k * 2.8, (2.2, 0.5), "#fffaf0")

    # The raised bench: a dais, a panelled front and three high-back seats.
    wood = "#7a4a2a"
    box(static, (5.0, 1.8, 0.45), (0, 6.9, 0), shade(wood, 0.8))
    box(static, (4.6, 0.12, 1.25), (0, 6.2, 0), wood)
    box(static, (4.7, 0.6, 0.05), (0, 6.35, 1.25), shade(wood, 1.15))
    for k in range(6):
        box(static, (0.6, 0.02, 0.8), (-1.9 + k * 0.76, 6.13, 0.2), shade(wood, 1.1))
    for dx in (-1.2, 0.0, 1.2):
        seat = chair(static, (dx, 7.05), 180, "#6a1a1e", wood, back_height=1.0)
        seat.set_z(0.45)
        box(static, (0.3, 0.22, 0.01), (dx, 6.45, 1.3), "#f4f2ea")

    # Prosecution on the right, defence on the left, each angled to the floor.
    for sx, cloth in ((1, "#2a3a5a"), (-1, "#3a3a3a")):
        heading = -sx * 75
        desk_x, desk_y = sx * 1.45, 4.4
        side = desk(static, (desk_x, desk_y), (1.6, 0.7, 0.78), wood, heading=heading)
        box(side, (1.5, 0.02, 0.5), (0, -0.37, 0.2), cloth)
        box(side, (0.3, 0.22, 0.01), (0.3, 0.05, 0.78), "#f4f2ea")
        box(side, (0.24, 0.06, 0.1), (-0.4, -0.2, 0.78), "#f4f2ea")
        # The sitter's side is local +Y, which the heading turns outwards.
        out_x = -math.sin(math.radians(heading))
        out_y = math.cos(math.radians(heading))
        seat = (desk_x + 0.75 * out_x, desk_y + 0.75 * out_y)
        chair(static, seat, heading + 180, "#3a2a2a", wood, back_height=0.6)
    # The dock: a low wooden enclosure with a rail, facing the bench.
    dock = static.attach_new_node("dock")
    dock.set_pos(0.0, 3.1, 0)
    for sx in (-1, 1):
        box(dock, (0.06, 1.0, 0.95), (sx * 0.7, 0, 0), wood)
    box(dock, (1.46, 0.06, 0.95), (0, 0.47, 0), wood)
    box(dock, (1.5, 0.09, 0.06), (0, 0.47, 0.95), "#c8a060")
    for sx in (-1, 1):
        box(dock, (0.09, 1.04, 0.06), (sx * 0.7, 0, 0.95), "#c8a060")
    for k in range(5):
        box(dock, (0.04, 0.02, 0.5), (-0.5 + k * 0.25, 0.43, 0.3), shade(wood, 1.2))

    lighting = Lighting(
        ambient=(0.42, 0.4, 0.37),
        sun=(0.28, 0.27, 0.25),
        sun_hpr=(10, -40, 0),
        lamp=(0.12, 0.11, 0.1),
        lamp_pos=(0.0, 5.0, 3.2),
        lamp_falloff=(1.0, 0.0, 0.025),
        spot=(0.08, 0.07, 0.06),
        spot_pos=(0.0, 3.5, 3.7),
        spot_target=(0.0, 6.8, 1.5),
    )
    marks = [
        speaker_mark(0.0, 6.95, 0.45),
        speaker_mark(1.88, 4.52),
        speaker_mark(-1.2, 6.95, 0.45),
    ]
    return Stage((0.0, 1.0, EYE_HEIGHT), (0.35, 6.0, 1.6), marks, lighting)


def _panelling(
    wall: NodePath, span: float, height: float, centre: float, wood: str
) -> None:
    """Line the lower wall with vertical wood panels and a capping rail."""
    width = 0.55
    count = int(span / width)
    start = centre - count * width / 2
    box(wall, (span, 0.03, height), (centre, -0.015, 0), shade(wood, 0.8))
    for k in range(count):
        box(
            wall,
            (width - 0.06, 0.04, height - 0.2),
            (start + (k + 0.5) * width, -0.02, 0.1),
            wood,
        )
    box(wall, (span, 0.06, 0.06), (centre, -0.03, height), shade(wood, 1.2))


def build_prison_visit(static: NodePath) -> Stage:
    room = build_room(
        static,
        (6.0, 5.6, 2.8),
        "#dde2da",
        "#a8aca4",
        "#eeefea",
        wall_top="#e6eae2",
        skirting="#8a908a",
    )
    wall_band(room, 1.1, "#b8c2bc")
    ceiling_panel(room, 0.2, 4.4, (1.2, 0.3), "#f6fbff")
    ceiling_panel(room, 0.2, 1.4, (1.2, 0.3), "#f6fbff")

    # A high barred window on the far wall, behind the partition.
    bars = window(
        room.back, 1.2, 1.5, (1.1, 0.8), "#d4e4ee", "#9aa09a", outside_top="#e8f0f4"
    )
    for k in range(7):
        cylinder(
            bars, 0.015, 0.8, (-0.45 + k * 0.15, -0.12, 0.0), "#4a4e50", segments=6
        )
    for dz in (0.25, 0.55):
        box(bars, (1.1, 0.03, 0.03), (0, -0.12, dz), "#4a4e50")
    door = room.back.attach_new_node("door")
    door.set_pos(-1.5, -0.03, 0)
    box(door, (1.0, 0.04, 2.1), (0, 0, 0), "#7a8a8a")
    box(door, (0.2, 0.05, 0.3), (0, -0.005, 1.4), "#b8c8d0")
    box(door, (0.12, 0.07, 0.03), (0.35, -0.01, 1.0), "#4a4e50")

    # A counter runs wall to wall with a glass partition in metal frames above it.
    counter_y = 2.25
    box(static, (6.0, 0.5, 0.78), (0, counter_y, 0), "#a0a8a2")
    box(static, (6.0, 0.6, 0.04), (0, counter_y, 0.78), "#c8cec8")
    frame = "#8a9290"
    box(static, (6.0, 0.1, 0.06), (0, counter_y, 0.82), frame)
    box(static, (6.0, 0.12, 0.08), (0, counter_y, 2.12), frame)
    box(static, (6.0, 0.3, 0.6), (0, counter_y, 2.2), "#d4dad2")
    for bx in (-2.4, -0.8, 0.8, 2.4):
        box(static, (0.07, 0.12, 1.3), (bx, counter_y, 0.82), frame)
        box(static, (0.05, 0.9, 0.55), (bx, counter_y, 0.82), "#b8beb8")
    glass = static.attach_new_node("glass")
    glass.set_transparency(TransparencyAttrib.M_alpha)
    for bx in (-1.6, 0.0, 1.6):
        plane(glass, 1.55, 1.24, (bx, counter_y, 1.5), (0.72, 0.86, 0.9, 0.16))
        for dx, width in ((-0.45, 0.07), (-0.3, 0.03)):
            streak = plane(
                glass,
                width,
                1.1,
                (bx + dx, counter_y - 0.01, 1.5),
                (1, 1, 1, 0.28),
                (0, 0, 28),
            )
            glow(streak)

    # Each booth has a telephone on both sides and a fixed stool beyond the glass.
    for bx in (-1.6, 0.0, 1.6):
        _telephone(static, bx + 0.5, counter_y - 0.2, 0)
        _telephone(static, bx - 0.5, counter_y + 0.2, 180)
        cylinder(static, 0.035, 0.45, (bx, counter_y + 0.85, 0), "#6a6e6a", segments=8)
        cylinder(
            static, 0.17, 0.05, (bx, counter_y + 0.85, 0.45), "#4a6a7a", segments=14
        )
    cylinder(static, 0.035, 0.45, (1.6, 1.3, 0), "#6a6e6a", segments=8)
    cylinder(static, 0.17, 0.05, (1.6, 1.3, 0.45), "#4a6a7a", segments=14)
    plane(static, 6.0, 3.0, (0, 4.1, 0.012), "#b2b6ae", (0, -90, 0), divisions=(4, 4))

    lighting = Lighting(
        ambient=(0.46, 0.48, 0.48),
        sun=(0.26, 0.27, 0.28),
        sun_hpr=(15, -35, 0),
        lamp=(0.14, 0.14, 0.14),
        lamp_pos=(0.0, 3.6, 2.5),
        lamp_falloff=(1.0, 0.0, 0.04),
    )
    marks = [
        speaker_mark(0.0, 3.05, toward=(0.0, 0.2)),
        speaker_mark(0.95, 4.5),
        speaker_mark(-0.9, 3.6),
    ]
    return Stage((0.0, 0.2, EYE_HEIGHT), (0.3, 3.6, 1.4), marks, lighting)


def _telephone(parent: NodePath, x: float, y: float, heading: float) -> None:
    """Put a black telephone with its handset on the counter, facing -Y."""
    node = parent.attach_new_node("telephone")
    node.set_pos(x, y, 0.82)
    node.set_h(heading)
    box(node, (0.12, 0.08, 0.16), (0, 0.0, 0.0), "#8a9094")
    box(node, (0.035, 0.03, 0.15), (0.035, -0.055, 0.03), "#1a1a1c")
    box(node, (0.05, 0.04, 0.03), (0.035, -0.06, 0.16), "#1a1a1c")
    box(node, (0.05, 0.04, 0.03), (0.035, -0.06, 0.01), "#1a1a1c")
    box(node, (0.05, 0.01, 0.07), (-0.025, -0.041, 0.05), "#3a3e40")
