"""Reusable set pieces: the room shell, wall decor, windows, lights and furniture."""

from __future__ import annotations

from dataclasses import dataclass

from panda3d.core import NodePath

from game.player.geometry import box, cylinder, plane, shade, sphere


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
