"""Tests of the 3D sets and characters, rendered offscreen in software."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import pytest
from panda3d.core import (
    AmbientLight,
    DirectionalLight,
    GeomVertexReader,
    LightAttrib,
    NodePath,
    PNMImage,
    Point2,
    Point3,
    PointLight,
    Spotlight,
    load_prc_file_data,
)

from game.player import geometry
from game.player.characters import build_character, set_speaking
from game.player.sets import (
    EYE_HEIGHT,
    MAX_LIGHT_SUM,
    SCENE_IDS,
    aim_camera,
    build_set,
)

WIDTH, HEIGHT = 320, 180
# Share of the frame the left ladder HUD and the dialogue panel cover.
HUD_WIDTH = 0.08
PANEL_HEIGHT = 1 / 3
# A standing head is about this high above a speaker mark.
HEAD_HEIGHT = 1.55
# Half a body in film units (-1..1) at a typical speaking distance.
BODY_MARGIN = 0.1
REBUILDS = 50
# RSS may wander by allocator noise, but 50 leaked sets would cost far more.
MAX_RSS_GROWTH = 8 * 1024 * 1024


@dataclass(frozen=True)
class Look:
    body: str
    head: str
    height: float


LOOK = Look(body="#34405a", head="#e0b89a", height=1.75)


@pytest.fixture(scope="module")
def base():
    load_prc_file_data(
        "test_sets",
        "load-display p3tinydisplay\nwindow-type offscreen\n"
        f"win-size {WIDTH} {HEIGHT}\naudio-library-name null\n",
    )
    from direct.showbase.ShowBase import ShowBase

    showbase = ShowBase()
    yield showbase
    showbase.destroy()


def step(base) -> None:
    """Run one frame of ShowBase's tasks: rendering and its state garbage sweep."""
    base.task_mgr.step()


def render_frame(base) -> PNMImage:
    step(base)
    step(base)
    image = PNMImage()
    assert base.win.get_screenshot(image)
    return image


def grey_samples(image: PNMImage, box=(0.0, 0.0, 1.0, 1.0), step: int = 2):
    """Return the grey levels of every ``step``-th pixel inside ``box`` (fractions)."""
    x0, y0 = int(box[0] * image.get_x_size()), int(box[1] * image.get_y_size())
    x1, y1 = int(box[2] * image.get_x_size()), int(box[3] * image.get_y_size())
    return [
        image.get_gray(x, y) for y in range(y0, y1, step) for x in range(x0, x1, step)
    ]


def variance(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_unknown_scene_names_id_and_choices(base):
    with pytest.raises(ValueError) as raised:
        build_set("hallway", base.render)

    message = str(raised.value)
    assert "'hallway'" in message
    for scene in SCENE_IDS:
        assert scene in message


def test_unknown_scene_leaves_no_nodes(base):
    before = base.render.count_num_descendants()
    with pytest.raises(ValueError):
        build_set("hallway", base.render)
    assert base.render.count_num_descendants() == before


@pytest.mark.parametrize("scene", SCENE_IDS)
def test_set_has_its_lights_under_root(base, scene):
    info = build_set(scene, base.render)
    try:
        kinds = {type(light.node()) for light in info.lights}
        assert AmbientLight in kinds
        assert DirectionalLight in kinds
        assert kinds & {PointLight, Spotlight}

        attrib = info.root.get_attrib(LightAttrib)
        assert attrib is not None
        lit = {attrib.get_on_light(i).node() for i in range(attrib.get_num_on_lights())}
        for light in info.lights:
            assert info.root.is_ancestor_of(light)
            assert light.node() in lit
    finally:
        info.root.remove_node()


@pytest.mark.parametrize("scene", SCENE_IDS)
def test_set_lights_stay_below_saturation(base, scene):
    info = build_set(scene, base.render)
    try:
        total = [0.0, 0.0, 0.0]
        for light in info.lights:
            node = light.node()
            strength = 1.0
            if isinstance(node, (PointLight, Spotlight)):
                strength = 1.0 / node.get_attenuation()[0]
            for channel in range(3):
                total[channel] += node.get_color()[channel] * strength
    finally:
        info.root.remove_node()

    assert max(total) <= MAX_LIGHT_SUM + 1e-6, total


def test_removed_set_frees_its_lights(base):
    info = build_set("office", base.render)
    lamps = [light.node() for light in info.lights]
    info.root.remove_node()
    del info
    # ShowBase frees unused render states a frame or two after their last use.
    for _ in range(5):
        step(base)

    # Only the list above still references each light node.
    for lamp in lamps:
        assert lamp.get_ref_count() == 1, lamp.get_name()


@pytest.mark.parametrize("scene", SCENE_IDS)
def test_set_camera_is_seated(base, scene):
    info = build_set(scene, base.render)
    try:
        assert info.camera_pos.z == pytest.approx(EYE_HEIGHT, abs=0.05)
        assert len(info.speaker_marks) >= 2
        for pos, heading in info.speaker_marks:
            assert isinstance(pos, Point3)
            assert math.isfinite(heading)
    finally:
        info.root.remove_node()


@pytest.mark.parametrize("scene", SCENE_IDS)
def test_set_marks_frame_heads_clear_of_overlays(base, scene):
    info = build_set(scene, base.render)
    try:
        aim_camera(info, base.camera, base.camLens)
        for index, (pos, _heading) in enumerate(info.speaker_marks):
            head = base.cam.get_relative_point(
                base.render, pos + Point3(0, 0, HEAD_HEIGHT)
            )
            film = Point2()
            assert base.camLens.project(head, film), f"mark {index} is off screen"
            assert film.x > -1 + 2 * HUD_WIDTH + BODY_MARGIN, f"mark {index} under HUD"
            assert film.y > -1 + 2 * PANEL_HEIGHT, f"mark {index} is under the panel"
    finally:
        info.root.remove_node()


@pytest.mark.parametrize("scene", SCENE_IDS)
def test_set_renders_a_varied_frame(base, scene):
    blank = render_frame(base)
    info = build_set(scene, base.render)
    try:
        for index, (pos, heading) in enumerate(info.speaker_marks[:2]):
            figure = build_character(LOOK, info.root, f"speaker{index}")
            figure.set_pos(pos)
            figure.set_h(heading)
        aim_camera(info, base.camera, base.camLens)
        image = render_frame(base)
    finally:
        info.root.remove_node()

    assert variance(grey_samples(image)) > 0.003
    centre = (0.3, 0.2, 0.7, 0.6)
    shown = grey_samples(image, centre)
    empty = grey_samples(blank, centre)
    difference = sum(abs(a - b) for a, b in zip(shown, empty, strict=True))
    assert difference / len(shown) > 0.05


def test_rebuilt_set_matches_first_build(base):
    # Flattening must copy the cached Geoms, never move their vertices.
    first = build_set("banquet_room", base.render)
    first_bounds = first.root.get_tight_bounds()
    first.root.remove_node()

    again = build_set("banquet_room", base.render)
    again_bounds = again.root.get_tight_bounds()
    again.root.remove_node()

    assert again_bounds[0] == first_bounds[0]
    assert again_bounds[1] == first_bounds[1]


def test_rebuilding_sets_leaves_graph_and_memory_steady(base):
    def build_and_remove(scene: str) -> None:
        info = build_set(scene, base.render)
        for index, (pos, heading) in enumerate(info.speaker_marks):
            figure = build_character(LOOK, info.root, f"speaker{index}")
            figure.set_pos(pos)
            figure.set_h(heading)
        aim_camera(info, base.camera, base.camLens)
        step(base)
        info.root.remove_node()
        step(base)

    # One pass first, so the Geom cache and the renderer's buffers are warm.
    for scene in SCENE_IDS:
        build_and_remove(scene)
    nodes_before = base.render.count_num_descendants()
    rss_before = resident_bytes()

    for k in range(REBUILDS):
        build_and_remove(SCENE_IDS[k % len(SCENE_IDS)])

    assert base.render.count_num_descendants() == nodes_before
    assert resident_bytes() - rss_before < MAX_RSS_GROWTH


@pytest.mark.parametrize("height", [1.4, 1.62, 1.75, 2.0])
def test_character_height_matches_look(base, height):
    look = Look(body="#7a4a3a", head="#d2a484", height=height)
    figure = build_character(look, base.render, "probe")
    try:
        low, high = figure.get_tight_bounds()
        assert low.z == pytest.approx(0.0, abs=0.01)
        assert high.z - low.z == pytest.approx(height, rel=0.05)
    finally:
        figure.remove_node()


def test_character_is_named_under_parent(base):
    parent = base.render.attach_new_node("parent")
    try:
        figure = build_character(LOOK, parent, "contractor")
        assert figure.get_parent() == parent
        assert figure.get_tag("character") == "contractor"
    finally:
        parent.remove_node()


def test_character_rejects_bad_colour(base):
    with pytest.raises(ValueError, match="#12345"):
        build_character(Look(body="#12345", head="#e0b89a", height=1.7), base.render)


def test_speaking_lifts_arm_forward_and_back(base):
    figure = build_character(LOOK, base.render, "speaker")
    try:
        arm = figure.find("**/arm_r")
        resting_front = arm.get_tight_bounds(figure)[1].y

        set_speaking(figure, True)
        raised_front = arm.get_tight_bounds(figure)[1].y
        assert raised_front > resting_front + 0.02
        assert figure.has_color_scale()
        assert figure.get_color_scale()[0] > 1.0

        set_speaking(figure, False)
        assert arm.get_tight_bounds(figure)[1].y == pytest.approx(resting_front)
        assert not figure.has_color_scale()
    finally:
        figure.remove_node()


def test_speaking_rejects_other_nodes(base):
    other = NodePath("not-a-character")
    with pytest.raises(ValueError, match="not a character"):
        set_speaking(other, True)


def test_box_normals_point_outwards():
    geom = geometry.box_geom((1.0, 2.0, 0.5), "#ffffff")
    data = geom.get_vertex_data()
    vertex = GeomVertexReader(data, "vertex")
    normal = GeomVertexReader(data, "normal")
    centre = Point3(0, 0, 0.25)
    for _ in range(data.get_num_rows()):
        offset = vertex.get_data3() - centre
        direction = normal.get_data3()
        assert direction.length() == pytest.approx(1.0)
        assert offset.dot(direction) > 0


def test_plane_faces_minus_y_with_gradient():
    geom = geometry.plane_geom(2.0, 1.0, "#000000", color_top="#ffffff")
    data = geom.get_vertex_data()
    vertex = GeomVertexReader(data, "vertex")
    normal = GeomVertexReader(data, "normal")
    color = GeomVertexReader(data, "color")
    for _ in range(data.get_num_rows()):
        z = vertex.get_data3().z
        assert tuple(normal.get_data3()) == pytest.approx((0, -1, 0))
        assert color.get_data4()[0] == pytest.approx(z + 0.5, abs=0.01)


def test_geom_cache_shares_equal_requests():
    first = geometry.box_geom((0.5, 0.5, 0.5), "#ff0000")
    again = geometry.box_geom((0.5, 0.5, 0.5), (1.0, 0.0, 0.0))
    other = geometry.box_geom((0.5, 0.5, 0.6), "#ff0000")
    assert first is again
    assert first is not other


def test_to_rgba_parses_hex_and_rejects_junk():
    assert geometry.to_rgba("#ff8000") == pytest.approx((1.0, 128 / 255, 0.0, 1.0))
    assert geometry.to_rgba((0.1, 0.2, 0.3)) == (0.1, 0.2, 0.3, 1.0)
    with pytest.raises(ValueError):
        geometry.to_rgba("#zzzzzz")
    with pytest.raises(ValueError):
        geometry.to_rgba((0.1, 0.2))
