"""The 3D sets, one builder per ``scene`` of a scenario node.

Each builder (in sets_life.py and sets_legal.py) furnishes a room from the
pieces in furniture.py and the primitives in geometry.py, and returns a Stage
(staging.py): its camera, speaker marks and lighting. Rooms share one frame:
the floor is z = 0, the back wall is the far +Y wall, and the camera sits near
y = 0 at a seated eye height. The lower third of the frame (under the dialogue
panel) shows mostly table tops and floor, and the left edge (under the ladder
HUD) shows no faces.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from panda3d.core import NodePath, PerspectiveLens, Point3

from game.player import sets_legal, sets_life
from game.player.staging import EYE_HEIGHT, MAX_LIGHT_SUM, Stage, apply_lighting

__all__ = [
    "EYE_HEIGHT",
    "MAX_LIGHT_SUM",
    "SCENE_IDS",
    "SetInfo",
    "aim_camera",
    "build_set",
]

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


_BUILDERS: dict[str, Callable[[NodePath], Stage]] = {
    "office": sets_life.build_office,
    "banquet_room": sets_life.build_banquet_room,
    "home": sets_life.build_home,
    "talk_room": sets_legal.build_talk_room,
    "retention_room": sets_legal.build_retention_room,
    "procuratorate": sets_legal.build_procuratorate,
    "courtroom": sets_legal.build_courtroom,
    "prison_visit": sets_legal.build_prison_visit,
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
