"""Stylised standing figures for the speakers of a scenario."""

from __future__ import annotations

import logging
from typing import Protocol

from panda3d.core import NodePath

from game.player.geometry import box, cylinder, shade, sphere, to_rgba

log = logging.getLogger(__name__)

MIN_HEIGHT = 1.4
MAX_HEIGHT = 2.0
DEFAULT_HAIR = "#1c1a19"
SHOE_COLOR = "#1a1716"
EYE_COLOR = "#1b1512"
SHIRT_COLOR = "#ecebe4"
TIE_COLOR = "#6e2a2c"

# Colour scale and head lift applied to the speaker who is talking.
SPEAKING_SCALE = (1.1, 1.1, 1.08, 1.0)
SPEAKING_HEAD_PITCH = 6.0
SPEAKING_ARM_PITCH = 18.0


class Look(Protocol):
    """The ``look`` of a speaker in a scenario file."""

    body: str
    head: str
    height: float


def _clamped_height(look: Look) -> float:
    height = float(look.height)
    if not MIN_HEIGHT <= height <= MAX_HEIGHT:
        clamped = min(MAX_HEIGHT, max(MIN_HEIGHT, height))
        log.warning(
            "character height %.2f m outside 1.4-2.0, using %.2f", height, clamped
        )
        return clamped
    return height


def build_character(look: Look, parent: NodePath, name: str = "") -> NodePath:
    """Build a figure about ``look.height`` tall under ``parent``.

    The origin is between the feet and the figure faces +Y. Raises ValueError
    when ``look.body`` or ``look.head`` is not a ``#rrggbb`` colour.
    """
    height = _clamped_height(look)
    body = to_rgba(look.body)
    skin = to_rgba(look.head)
    hair = to_rgba(getattr(look, "hair", None) or DEFAULT_HAIR)
    trousers = shade(body, 0.62)

    root = parent.attach_new_node(f"character-{name}" if name else "character")
    root.set_tag("character", name)
    # All proportions are fractions of the height, then scaled as one group.
    figure = root.attach_new_node("figure")
    figure.set_scale(height)

    _build_legs(figure, trousers)
    _build_torso(figure, body)
    for side in (-1, 1):
        _build_arm(figure, side, body, skin)
    _build_head(figure, skin, hair)

    # Merge each part's Geoms, but keep the part nodes: the arm and head turn
    # about their own pivot transforms, which a flatten of the part would bake in.
    for part in figure.get_children():
        part.find("mesh").flatten_strong()
    return root


def _part(
    figure: NodePath, name: str, pivot: tuple[float, float, float] = (0, 0, 0)
) -> NodePath:
    """Attach a body part pivoting at ``pivot``; return the node for its geometry."""
    node = figure.attach_new_node(name)
    node.set_pos(*pivot)
    return node.attach_new_node("mesh")


def _build_legs(figure: NodePath, trousers: tuple) -> None:
    legs = _part(figure, "legs")
    for side in (-1, 1):
        x = side * 0.048
        box(legs, (0.075, 0.085, 0.46), (x, 0.0, 0.03), trousers)
        box(legs, (0.08, 0.13, 0.032), (x, 0.022, 0.0), SHOE_COLOR)
    box(legs, (0.175, 0.1, 0.06), (0.0, 0.0, 0.46), trousers)


def _build_torso(figure: NodePath, body: tuple) -> None:
    torso = _part(figure, "torso")
    # A jacket that widens from the waist to the shoulders.
    box(torso, (0.2, 0.11, 0.14), (0, 0, 0.5), body)
    box(torso, (0.25, 0.125, 0.16), (0, 0, 0.635), body)
    cylinder(torso, 0.045, 0.26, (-0.13, 0, 0.78), body, hpr=(0, 0, 90), segments=10)
    # A shirt and tie in a V opening, closed below by two lapels.
    box(torso, (0.085, 0.01, 0.11), (0, 0.06, 0.68), SHIRT_COLOR)
    box(torso, (0.016, 0.012, 0.1), (0, 0.065, 0.685), TIE_COLOR)
    for side in (-1, 1):
        box(
            torso,
            (0.04, 0.012, 0.16),
            (side * 0.036, 0.068, 0.635),
            shade(body, 1.15),
            hpr=(0, 0, side * 18),
        )


def _build_arm(figure: NodePath, side: int, body: tuple, skin: tuple) -> None:
    # The arm hangs from a pivot at the shoulder, so set_speaking can lift it.
    pivot = _part(figure, "arm_r" if side > 0 else "arm_l", (side * 0.155, 0.0, 0.79))
    cylinder(pivot, 0.032, 0.33, (0, 0, -0.33), body, radius_top=0.04, segments=8)
    sphere(pivot, 0.04, (0, 0, 0.0), body, rings=6, segments=8)
    sphere(pivot, 0.03, (0, 0.005, -0.355), skin, rings=6, segments=8)


def _build_head(figure: NodePath, skin: tuple, hair: tuple) -> None:
    radius = 0.066
    # Hair caps the head, so its top lands at exactly 1.0 (the full height).
    centre = 1.0 - radius * 1.1
    head = _part(figure, "head", (0, 0, 0.83))
    cylinder(head, 0.03, centre - 0.83, (0, 0, 0), skin, segments=8, caps=False)
    local = centre - 0.83
    sphere(head, radius, (0, 0, local), skin, rings=10, segments=14)
    sphere(
        head,
        radius * 1.07,
        (0, -0.008, local + 0.006),
        hair,
        rings=10,
        segments=14,
        top_only=True,
        hpr=(0, 18, 0),
    )
    for side in (-1, 1):
        sphere(
            head,
            0.011,
            (side * 0.024, radius * 0.9, local + 0.006),
            EYE_COLOR,
            rings=4,
            segments=6,
        )
        box(
            head,
            (0.022, 0.006, 0.005),
            (side * 0.025, radius * 0.86, local + 0.026),
            hair,
        )
    box(
        head, (0.026, 0.006, 0.005), (0, radius * 0.93, local - 0.032), shade(skin, 0.6)
    )


def set_speaking(node: NodePath, speaking: bool) -> None:
    """Brighten the figure and lift its head and right arm while it speaks."""
    figure = node.find("figure")
    if figure.is_empty():
        raise ValueError(f"{node} is not a character built by build_character")

    head = figure.find("head")
    arm = figure.find("arm_r")
    if speaking:
        node.set_color_scale(*SPEAKING_SCALE)
        head.set_p(SPEAKING_HEAD_PITCH)
        arm.set_p(SPEAKING_ARM_PITCH)
    else:
        node.clear_color_scale()
        head.set_p(0.0)
        arm.set_p(0.0)
    node.set_tag("speaking", "1" if speaking else "0")
