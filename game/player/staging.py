"""Stage and Lighting, which scene builders return, and the code that lights a set."""

from __future__ import annotations

import math
from dataclasses import dataclass

from panda3d.core import (
    AmbientLight,
    DirectionalLight,
    NodePath,
    PerspectiveLens,
    Point3,
    PointLight,
    Spotlight,
)

# Camera height above the floor in metres: the eyes of a seated viewer.
EYE_HEIGHT = 1.2

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


def facing(pos: tuple[float, float, float], target: tuple[float, float]) -> float:
    """Return the heading in degrees that turns a +Y-facing figure at ``pos``
    towards the point ``target`` (x, y)."""
    dx, dy = target[0] - pos[0], target[1] - pos[1]
    return math.degrees(math.atan2(-dx, dy))


def speaker_mark(
    x: float, y: float, z: float = 0.0, toward: tuple[float, float] = (0.0, 0.0)
) -> tuple[tuple[float, float, float], float]:
    """Return a speaker mark at (x, y, z) whose figure faces ``toward`` (x, y)."""
    pos = (x, y, z)
    return pos, facing(pos, toward)


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
