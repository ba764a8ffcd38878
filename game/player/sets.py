"""The 3D sets, one builder per ``scene`` of a scenario node.

Each builder furnishes a room from the primitives in geometry.py and returns
its camera, speaker marks and lighting. Rooms share one frame: the floor is
z = 0, the back wall is the far +Y wall, and the camera sits near y = 0 at a
seated eye height. The lower third of the frame (under the dialogue panel)
shows mostly table tops and floor, and the left edge (under the ladder HUD)
shows no faces.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from panda3d.core import (
    AmbientLight,
    DirectionalLight,
    NodePath,
    PerspectiveLens,
    Point3,
    PointLight,
    Spotlight,
    TransparencyAttrib,
)

from game.player.geometry import box, cylinder, plane, shade, sphere

log = logging.getLogger(__name__)

SCENE_IDS = (
    "office",
    "banquet_room",
    "home",
    "talk_room",
    "retention_room",
    "procuratorate",
    "courtroom",
    "prison_visit",
)

EYE_HEIGHT = 1.2
# Horizontal field of view the camera positions were framed for, in degrees.
DEFAULT_FOV = 62.0
NEAR_PLANE = 0.25
FAR_PLANE = 40.0


@dataclass(frozen=True)
class SetInfo:
    """A built set: its root node, camera, speaker marks and lights.

    ``speaker_marks`` contains ``(position, heading_deg)`` pairs for standing
    figures, in the order speakers should fill them. Every node the set made is
    under ``root``, so ``root.remove_node()`` frees it, lights included.
    """

    root: NodePath
    camera_pos: Point3
    camera_look: Point3
    speaker_marks: tuple[tuple[Point3, float], ...]
    lights: list[NodePath] = field(default_factory=list)
    fov: float = DEFAULT_FOV


# Panda3D 1.10's software renderer (p3tinydisplay) wraps a colour channel that
# reaches full brightness to black along some triangle edges. The lights of a
# set therefore add up to at most this much per channel, below saturation.
MAX_LIGHT_SUM = 0.9


@dataclass
class Lighting:
    """Light colours and placement of one set (RGB tuples, positions in metres).

    The lights at full strength (the lamp divided by its constant attenuation)
    sum to at most MAX_LIGHT_SUM in each channel.
    """

    ambient: tuple[float, float, float]
    sun: tuple[float, float, float]
    sun_hpr: tuple[float, float, float]
    lamp: tuple[float, float, float]
    lamp_pos: tuple[float, float, float]
    lamp_falloff: tuple[float, float, float] = (1.0, 0.0, 0.04)
    spot: tuple[float, float, float] | None = None
    spot_pos: tuple[float, float, float] = (0.0, 1.0, 2.9)
    spot_target: tuple[float, float, float] = (0.3, 3.0, 1.4)
    spot_angle: float = 45.0


@dataclass
class Stage:
    """Camera, speaker marks and lighting that a scene builder returns."""

    camera_pos: tuple[float, float, float]
    camera_look: tuple[float, float, float]
    marks: list[tuple[tuple[float, float, float], float]]
    lighting: Lighting


# --- shared layout helpers -------------------------------------------------


def facing(pos: tuple[float, float, float], target: tuple[float, float]) -> float:
    """Return the heading in degrees that turns a +Y-facing figure at ``pos``
    towards the point ``target`` (x, y)."""
    dx, dy = target[0] - pos[0], target[1] - pos[1]
    return math.degrees(math.atan2(-dx, dy))


def _mark(
    x: float, y: float, z: float = 0.0, toward: tuple[float, float] = (0.0, 0.0)
) -> tuple[tuple[float, float, float], float]:
    pos = (x, y, z)
    return pos, facing(pos, toward)


@dataclass
class Room:
    """Walls, floor and ceiling of a box-shaped room, and frames on its walls.

    A wall frame is a node on the wall whose local X runs along it, Z runs up
    and -Y points into the room, so decor is placed in wall coordinates.
    """

    node: NodePath
    width: float
    depth: float
    height: float
    back: NodePath
    left: NodePath
    right: NodePath


def build_room(
    parent: NodePath,
    size: tuple[float, float, float],
    wall: str,
    floor: str,
    ceiling: str = "#f2f0ea",
    *,
    wall_top: str | None = None,
    skirting: str | None = None,
    front: float = -1.5,
) -> Room:
    """Build a room ``size`` = (width, depth, height) from y = ``front`` to depth."""
    width, depth, height = size
    span = depth - front
    node = parent.attach_new_node("room")
    top = wall_top or shade(wall, 1.06)
    mid_y = (depth + front) / 2
    walls = dict(color_top=top, divisions=(10, 5))

    plane(
        node, width, span, (0, mid_y, 0), floor, (0, -90, 0), "floor", divisions=(8, 8)
    )
    # A downward-facing ceiling gets almost no light from the set's lamps, so
    # it is drawn unlit, darker towards the camera as under an even light.
    glow(
        plane(
            node,
            width,
            span,
            (0, mid_y, height),
            shade(ceiling, 0.92),
            (0, 90, 0),
            "ceiling",
            color_top=shade(ceiling, 0.7),
            divisions=(2, 2),
        )
    )
    plane(node, width, height, (0, depth, height / 2), wall, name="back", **walls)
    plane(
        node,
        span,
        height,
        (-width / 2, mid_y, height / 2),
        wall,
        (90, 0, 0),
        "left",
        **walls,
    )
    plane(
        node,
        span,
        height,
        (width / 2, mid_y, height / 2),
        wall,
        (-90, 0, 0),
        "right",
        **walls,
    )

    back = node.attach_new_node("back-frame")
    back.set_pos(0, depth, 0)
    left = node.attach_new_node("left-frame")
    left.set_pos(-width / 2, 0, 0)
    left.set_h(90)
    right = node.attach_new_node("right-frame")
    right.set_pos(width / 2, 0, 0)
    right.set_h(-90)
    room = Room(node, width, depth, height, back, left, right)

    if skirting:
        box(back, (width, 0.03, 0.1), (0, -0.015, 0), skirting)
        box(left, (span, 0.03, 0.1), (mid_y, -0.015, 0), skirting)
        box(right, (span, 0.03, 0.1), (-mid_y, -0.015, 0), skirting)
    return room


def wall_band(room: Room, height: float, color: str) -> None:
    """Paint a dado band from the floor to ``height`` on the back and side walls."""
    span = room.depth + 1.5
    mid = (room.depth - 1.5) / 2
    plane(
        room.back, room.width, height, (0, -0.012, height / 2), color, divisions=(8, 2)
    )
    plane(room.left, span, height, (mid, -0.012, height / 2), color, divisions=(8, 2))
    plane(room.right, span, height, (-mid, -0.012, height / 2), color, divisions=(8, 2))
    rail = shade(color, 0.8)
    box(room.back, (room.width, 0.03, 0.04), (0, -0.015, height), rail)
    box(room.left, (span, 0.03, 0.04), (mid, -0.015, height), rail)
    box(room.right, (span, 0.03, 0.04), (-mid, -0.015, height), rail)


def glow(node: NodePath) -> NodePath:
    """Make ``node`` ignore lighting, so its vertex colour reads as emitted light."""
    node.set_light_off(1)
    return node


def ceiling_panel(
    room: Room, x: float, y: float, size: tuple[float, float], color: str
) -> None:
    """Hang a flat, glowing ceiling light with a thin frame."""
    z = room.height
    box(room.node, (size[0] + 0.06, size[1] + 0.06, 0.04), (x, y, z - 0.04), "#d8d8d4")
    glow(box(room.node, (size[0], size[1], 0.02), (x, y, z - 0.055), color))


def window(
    wall: NodePath,
    x: float,
    z: float,
    size: tuple[float, float],
    outside: str,
    frame: str = "#e8e8e2",
    *,
    outside_top: str | None = None,
) -> NodePath:
    """Set a framed window into ``wall`` (wall coordinates: x along, z up).

    The view outside glows, so a window reads as daylight or night.
    Returns the window node so callers can add blinds, bars or a skyline.
    """
    width, height = size
    node = wall.attach_new_node("window")
    node.set_pos(x, 0, z)
    glow(
        plane(
            node,
            width,
            height,
            (0, -0.02, height / 2),
            outside,
            color_top=outside_top,
            divisions=(2, 4),
        )
    )
    bar = 0.06
    for dz in (0.0, height - bar):
        box(node, (width + 2 * bar, 0.08, bar), (0, -0.04, dz), frame)
    for dx in (-(width + bar) / 2, (width + bar) / 2, 0.0):
        box(node, (bar if dx else bar * 0.6, 0.08, height), (dx, -0.04, 0), frame)
    box(node, (width + 0.24, 0.16, 0.04), (0, -0.08, -0.04), frame)
    return node


def table(
    parent: NodePath,
    pos: tuple[float, float],
    size: tuple[float, float, float],
    top: str,
    legs: str | None = None,
    *,
    apron: bool = True,
    heading: float = 0.0,
) -> NodePath:
    """Build a four-legged table with its top ``size`` = (width, depth, height)."""
    width, depth, height = size
    node = parent.attach_new_node("table")
    node.set_pos(pos[0], pos[1], 0)
    node.set_h(heading)
    legs = legs or shade(top, 0.75)
    box(node, (width, depth, 0.04), (0, 0, height - 0.04), top)
    if apron:
        box(
            node,
            (width - 0.1, depth - 0.1, 0.1),
            (0, 0, height - 0.14),
            shade(top, 0.8),
        )
    for sx in (-1, 1):
        for sy in (-1, 1):
            leg_pos = (sx * (width / 2 - 0.06), sy * (depth / 2 - 0.06), 0)
            box(node, (0.05, 0.05, height - 0.04), leg_pos, legs)
    return node


def desk(
    parent: NodePath,
    pos: tuple[float, float],
    size: tuple[float, float, float],
    wood: str,
    heading: float = 0.0,
) -> NodePath:
    """Build an office desk: a top on two pedestals and a modesty panel.

    The drawers face the sitter at +Y before ``heading``; the panel faces -Y.
    """
    width, depth, height = size
    node = parent.attach_new_node("desk")
    node.set_pos(pos[0], pos[1], 0)
    node.set_h(heading)
    box(node, (width, depth, 0.05), (0, 0, height - 0.05), wood)
    dark = shade(wood, 0.8)
    for sx in (-1, 1):
        x = sx * (width / 2 - 0.22)
        box(node, (0.42, depth - 0.06, height - 0.05), (x, 0, 0), dark)
        for k in range(3):
            drawer_z = 0.08 + k * (height - 0.15) / 3
            box(
                node,
                (0.36, 0.02, (height - 0.2) / 3),
                (x, depth / 2 - 0.03, drawer_z),
                wood,
            )
            box(
                node,
                (0.1, 0.03, 0.015),
                (x, depth / 2 - 0.01, drawer_z + 0.1),
                "#c9b27a",
            )
    box(
        node,
        (width - 0.84, 0.03, height * 0.55),
        (0, 0.12 - depth / 2, height * 0.4),
        dark,
    )
    return node


def chair(
    parent: NodePath,
    pos: tuple[float, float],
    heading: float,
    color: str,
    frame: str = "#3a3a3c",
    *,
    back_height: float = 0.5,
) -> NodePath:
    """Build a chair whose seat faces +Y before ``heading`` (the back is at -Y)."""
    node = parent.attach_new_node("chair")
    node.set_pos(pos[0], pos[1], 0)
    node.set_h(heading)
    box(node, (0.46, 0.44, 0.07), (0, 0, 0.42), color)
    box(node, (0.46, 0.06, back_height), (0, -0.2, 0.48), color)
    for sx in (-1, 1):
        for sy in (-1, 1):
            box(node, (0.035, 0.035, 0.42), (sx * 0.2, sy * 0.19, 0), frame)
    return node


def bookshelf(
    parent: NodePath,
    pos: tuple[float, float, float],
    size: tuple[float, float, float],
    wood: str,
    spines: tuple[str, ...],
    heading: float = 0.0,
) -> NodePath:
    """Build an open bookshelf facing -Y with rows of books in ``spines`` colours."""
    width, depth, height = size
    node = parent.attach_new_node("bookshelf")
    node.set_pos(*pos)
    node.set_h(heading)

    box(node, (width, 0.02, height), (0, depth / 2 - 0.01, 0), shade(wood, 0.7))
    for sx in (-1, 1):
        box(node, (0.03, depth, height), (sx * (width / 2 - 0.015), 0, 0), wood)
    shelves = 5
    step = (height - 0.05) / shelves
    for k in range(shelves + 1):
        box(node, (width, depth, 0.025), (0, 0, k * step), wood)

    # Books vary in width and height by a fixed pattern, with a gap every nine.
    for k in range(shelves):
        x = -width / 2 + 0.05
        index = k * 3
        while x < width / 2 - 0.12:
            book_w = 0.035 + 0.01 * ((index * 7) % 3)
            book_h = step * (0.7 + 0.06 * ((index * 5) % 4))
            color = spines[index % len(spines)]
            box(
                node,
                (book_w, depth * 0.8, book_h),
                (x + book_w / 2, 0, k * step + 0.025),
                color,
            )
            x += book_w + 0.004
            index += 1
            if index % 9 == 0:
                x += 0.08
    return node


def plant(parent: NodePath, pos: tuple[float, float], scale: float = 1.0) -> NodePath:
    """Build a potted plant: a terracotta pot with a cluster of leaves."""
    node = parent.attach_new_node("plant")
    node.set_pos(pos[0], pos[1], 0)
    node.set_scale(scale)
    cylinder(node, 0.16, 0.4, (0, 0, 0), "#9b5a3c", radius_top=0.21, segments=12)
    cylinder(node, 0.19, 0.02, (0, 0, 0.39), "#3a2a1e", segments=12)
    cylinder(node, 0.02, 0.45, (0, 0, 0.4), "#4a5a2a", segments=6)
    leaves = ((0, 0, 0.95, 0.22), (0.14, 0.05, 0.8, 0.16), (-0.13, -0.04, 0.78, 0.17))
    leaves += ((0.04, -0.12, 1.1, 0.14), (-0.06, 0.1, 1.12, 0.15))
    for i, (x, y, z, r) in enumerate(leaves):
        green = ("#3f7a3a", "#356b32", "#4a8a42")[i % 3]
        sphere(node, r, (x, y, z), green, rings=6, segments=8)
    return node


def wall_clock(wall: NodePath, x: float, z: float, face: str = "#f6f4ee") -> None:
    """Hang a round clock with two hands on ``wall``."""
    cylinder(wall, 0.17, 0.04, (x, -0.02, z), "#2c2c2c", hpr=(0, 90, 0), segments=16)
    cylinder(wall, 0.15, 0.045, (x, -0.02, z), face, hpr=(0, 90, 0), segments=16)
    box(wall, (0.012, 0.01, 0.1), (x, -0.07, z), "#202020")
    box(wall, (0.07, 0.01, 0.012), (x + 0.035, -0.07, z), "#202020")


def apply_lighting(root: NodePath, lighting: Lighting) -> list[NodePath]:
    """Create the ambient, directional, point and optional spot light of a set."""
    ambient = AmbientLight("ambient")
    ambient.set_color((*lighting.ambient, 1.0))
    sun = DirectionalLight("sun")
    sun.set_color((*lighting.sun, 1.0))
    lamp = PointLight("lamp")
    lamp.set_color((*lighting.lamp, 1.0))
    lamp.set_attenuation(lighting.lamp_falloff)

    lights = [root.attach_new_node(ambient), root.attach_new_node(sun)]
    lights[1].set_hpr(*lighting.sun_hpr)
    lamp_path = root.attach_new_node(lamp)
    lamp_path.set_pos(*lighting.lamp_pos)
    lights.append(lamp_path)

    if lighting.spot is not None:
        spot = Spotlight("spot")
        spot.set_color((*lighting.spot, 1.0))
        spot.set_exponent(8.0)
        spot_lens = PerspectiveLens()
        spot_lens.set_fov(lighting.spot_angle)
        spot.set_lens(spot_lens)
        spot_path = root.attach_new_node(spot)
        spot_path.set_pos(*lighting.spot_pos)
        spot_path.look_at(Point3(*lighting.spot_target))
        lights.append(spot_path)

    # A NodePath to a light under root references root, so root.set_light() on
    # it would close a cycle (root, its state, the LightAttrib, the NodePath,
    # root) that remove_node() never frees. The attrib names a second instance
    # of each light under an unparented holder instead. Both instances share the
    # light node and its transform.
    # NOTE: lights are therefore placed as if root sat at the world origin.
    holder = NodePath("set-lights")
    for light in lights:
        root.set_light(light.instance_to(holder))
    return lights


# --- scenes ----------------------------------------------------------------


def _office(static: NodePath) -> Stage:
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
    marks = [_mark(0.25, 3.1), _mark(1.45, 3.5), _mark(-0.7, 3.5)]
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


def _banquet_room(static: NodePath) -> Stage:
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
    marks = [_mark(0.05, 4.35), _mark(1.15, 4.25), _mark(-1.0, 4.45)]
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


def _home(static: NodePath) -> Stage:
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
    marks = [_mark(0.25, 3.95), _mark(-0.85, 4.1), _mark(1.2, 3.8)]
    return Stage((0.35, 0.3, EYE_HEIGHT), (0.3, 4.0, 1.3), marks, lighting)


def _talk_room(static: NodePath) -> Stage:
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
    marks = [_mark(0.05, 2.8), _mark(1.7, 3.95), _mark(-0.55, 3.3)]
    return Stage((0.2, 0.0, EYE_HEIGHT), (0.6, 3.0, 1.3), marks, lighting)


def _retention_room(static: NodePath) -> Stage:
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
    marks = [_mark(-0.1, 3.45), _mark(1.0, 3.7), _mark(-1.0, 3.7)]
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


def _procuratorate(static: NodePath) -> Stage:
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
    marks = [_mark(0.35, 3.65), _mark(1.45, 3.8), _mark(-0.75, 3.75)]
    return Stage((0.15, 0.2, EYE_HEIGHT), (0.5, 3.6, 1.45), marks, lighting)


def _courtroom(static: NodePath) -> Stage:
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
    marks = [_mark(0.0, 6.95, 0.45), _mark(1.88, 4.52), _mark(-1.2, 6.95, 0.45)]
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


def _prison_visit(static: NodePath) -> Stage:
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
        _mark(0.0, 3.05, toward=(0.0, 0.2)),
        _mark(0.95, 4.5),
        _mark(-0.9, 3.6),
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


_BUILDERS: dict[str, Callable[[NodePath], Stage]] = {
    "office": _office,
    "banquet_room": _banquet_room,
    "home": _home,
    "talk_room": _talk_room,
    "retention_room": _retention_room,
    "procuratorate": _procuratorate,
    "courtroom": _courtroom,
    "prison_visit": _prison_visit,
}


def build_set(scene_id: str, parent: NodePath) -> SetInfo:
    """Build the set for ``scene_id`` under ``parent``.

    Raises ValueError for an id that is not in SCENE_IDS.
    """
    builder = _BUILDERS.get(scene_id)
    if builder is None:
        raise ValueError(
            f"unknown scene {scene_id!r}; expected one of: {', '.join(SCENE_IDS)}"
        )

    root = parent.attach_new_node(f"set-{scene_id}")
    static = root.attach_new_node("static")
    try:
        stage = builder(static)
        lights = apply_lighting(root, stage.lighting)
    except Exception:
        root.remove_node()
        raise
    # The set never moves, so it merges into a few Geoms that draw fast.
    static.flatten_strong()

    marks = tuple((Point3(*pos), heading) for pos, heading in stage.marks)
    log.debug("built set %s with %d nodes", scene_id, root.count_num_descendants())
    return SetInfo(
        root=root,
        camera_pos=Point3(*stage.camera_pos),
        camera_look=Point3(*stage.camera_look),
        speaker_marks=marks,
        lights=lights,
    )


def aim_camera(
    info: SetInfo, camera: NodePath, lens: PerspectiveLens | None = None
) -> None:
    """Place ``camera`` at the set's eye point and set ``lens``'s field of view.

    The field of view is horizontal; the lens keeps the window's aspect ratio.
    """
    camera.set_pos(info.camera_pos)
    camera.look_at(info.camera_look)
    if lens is not None:
        half = math.radians(info.fov) / 2
        vertical = math.degrees(2 * math.atan(math.tan(half) / lens.get_aspect_ratio()))
        lens.set_fov(info.fov, vertical)
        lens.set_near_far(NEAR_PLANE, FAR_PLANE)
