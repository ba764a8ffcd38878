"""Procedural primitives with normals and vertex colours for the 3D sets.

Every builder returns a shared, cached ``Geom``; the ``box``, ``cylinder``,
``sphere`` and ``plane`` helpers wrap one in a new ``GeomNode`` under a parent.
Sizes are in metres, Z is up and +Y points away from a default camera.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from panda3d.core import (
    Geom,
    GeomNode,
    GeomTriangles,
    GeomVertexData,
    GeomVertexFormat,
    GeomVertexWriter,
    NodePath,
)

Rgba = tuple[float, float, float, float]
ColorLike = str | Sequence[float]
Vec3Like = Sequence[float]

# Geoms are small, immutable once built and keyed by rounded sizes and colours,
# so a bounded cache lets every set reuse them across rebuilds.
CACHE_SIZE = 1024


def to_rgba(color: ColorLike) -> Rgba:
    """Convert ``"#rrggbb"``, ``"#rrggbbaa"`` or a 3/4-tuple to an RGBA tuple.

    Raises ValueError for a string that is not a hex colour.
    """
    if isinstance(color, str):
        text = color.lstrip("#")
        if len(text) not in (6, 8):
            raise ValueError(f"invalid colour {color!r}: expected '#rrggbb'")
        try:
            channels = [
                int(text[i : i + 2], 16) / 255.0 for i in range(0, len(text), 2)
            ]
        except ValueError:
            raise ValueError(f"invalid colour {color!r}: expected '#rrggbb'") from None
        if len(channels) == 3:
            channels.append(1.0)
        return tuple(channels)  # type: ignore[return-value]

    values = tuple(float(c) for c in color)
    if len(values) == 3:
        return (*values, 1.0)
    if len(values) == 4:
        return values  # type: ignore[return-value]
    raise ValueError(f"invalid colour {color!r}: expected 3 or 4 channels")


def shade(color: ColorLike, factor: float) -> Rgba:
    """Return ``color`` with its RGB channels scaled by ``factor`` (clamped)."""
    r, g, b, a = to_rgba(color)
    return (
        min(1.0, r * factor),
        min(1.0, g * factor),
        min(1.0, b * factor),
        a,
    )


def _key(values: Sequence[float]) -> tuple[float, ...]:
    # Round to millimetres and 1/1000 colour steps, so near-equal requests share.
    return tuple(round(float(v), 3) for v in values)


class _MeshWriter:
    """Accumulate vertices and triangles into one Geom."""

    def __init__(self, name: str) -> None:
        self.data = GeomVertexData(name, GeomVertexFormat.get_v3n3c4(), Geom.UH_static)
        self.vertex = GeomVertexWriter(self.data, "vertex")
        self.normal = GeomVertexWriter(self.data, "normal")
        self.color = GeomVertexWriter(self.data, "color")
        self.triangles = GeomTriangles(Geom.UH_static)
        self.count = 0

    def add_vertex(self, pos: Vec3Like, normal: Vec3Like, color: Rgba) -> int:
        self.vertex.add_data3(*pos)
        self.normal.add_data3(*normal)
        self.color.add_data4(*color)
        self.count += 1
        return self.count - 1

    def add_quad(self, a: int, b: int, c: int, d: int) -> None:
        """Add two triangles for corners given counter-clockwise from the front."""
        self.triangles.add_vertices(a, b, c)
        self.triangles.add_vertices(a, c, d)

    def finish(self) -> Geom:
        geom = Geom(self.data)
        geom.add_primitive(self.triangles)
        return geom


@lru_cache(maxsize=CACHE_SIZE)
def _box_geom(size: tuple[float, ...], color: tuple[float, ...]) -> Geom:
    sx, sy, sz = size[0] / 2, size[1] / 2, size[2]
    mesh = _MeshWriter("box")
    rgba = tuple(color)
    # Each face: outward normal and its corners counter-clockwise seen from outside.
    faces = (
        ((0, -1, 0), ((-sx, -sy, 0), (sx, -sy, 0), (sx, -sy, sz), (-sx, -sy, sz))),
        ((0, 1, 0), ((sx, sy, 0), (-sx, sy, 0), (-sx, sy, sz), (sx, sy, sz))),
        ((-1, 0, 0), ((-sx, sy, 0), (-sx, -sy, 0), (-sx, -sy, sz), (-sx, sy, sz))),
        ((1, 0, 0), ((sx, -sy, 0), (sx, sy, 0), (sx, sy, sz), (sx, -sy, sz))),
        ((0, 0, 1), ((-sx, -sy, sz), (sx, -sy, sz), (sx, sy, sz), (-sx, sy, sz))),
        ((0, 0, -1), ((-sx, sy, 0), (sx, sy, 0), (sx, -sy, 0), (-sx, -sy, 0))),
    )
    for normal, corners in faces:
        ids = [mesh.add_vertex(corner, normal, rgba) for corner in corners]
        mesh.add_quad(*ids)
    return mesh.finish()


def box_geom(size: Vec3Like, color: ColorLike) -> Geom:
    """Return a box of ``size`` (x, y, z) whose origin is the centre of its base."""
    return _box_geom(_key(size), _key(to_rgba(color)))


@lru_cache(maxsize=CACHE_SIZE)
def _cylinder_geom(
    dims: tuple[float, ...], segments: int, color: tuple[float, ...], caps: bool
) -> Geom:
    radius, radius_top, height = dims
    mesh = _MeshWriter("cylinder")
    rgba = tuple(color)
    # The side normal of a frustum leans by the slope of its profile.
    slope = (radius - radius_top) / height if height else 0.0
    norm = math.hypot(1.0, slope)

    ring: list[tuple[int, int]] = []
    for i in range(segments + 1):
        angle = 2 * math.pi * i / segments
        cx, cy = math.cos(angle), math.sin(angle)
        normal = (cx / norm, cy / norm, slope / norm)
        low = mesh.add_vertex((cx * radius, cy * radius, 0.0), normal, rgba)
        high = mesh.add_vertex((cx * radius_top, cy * radius_top, height), normal, rgba)
        ring.append((low, high))
    for i in range(segments):
        mesh.add_quad(ring[i][0], ring[i + 1][0], ring[i + 1][1], ring[i][1])

    if caps:
        for z, r, up in ((height, radius_top, 1.0), (0.0, radius, -1.0)):
            if r <= 0:
                continue
            centre = mesh.add_vertex((0.0, 0.0, z), (0, 0, up), rgba)
            rim = [
                mesh.add_vertex(
                    (
                        math.cos(2 * math.pi * i / segments) * r,
                        math.sin(2 * math.pi * i / segments) * r,
                        z,
                    ),
                    (0, 0, up),
                    rgba,
                )
                for i in range(segments + 1)
            ]
            for i in range(segments):
                if up > 0:
                    mesh.triangles.add_vertices(centre, rim[i], rim[i + 1])
                else:
                    mesh.triangles.add_vertices(centre, rim[i + 1], rim[i])
    return mesh.finish()


def cylinder_geom(
    radius: float,
    height: float,
    color: ColorLike,
    *,
    radius_top: float | None = None,
    segments: int = 16,
    caps: bool = True,
) -> Geom:
    """Return a Z-axis cylinder or frustum with its base centred on the origin."""
    top = radius if radius_top is None else radius_top
    return _cylinder_geom(
        _key((radius, top, height)), int(segments), _key(to_rgba(color)), caps
    )


@lru_cache(maxsize=CACHE_SIZE)
def _sphere_geom(
    radius: float, rings: int, segments: int, color: tuple[float, ...], top_only: bool
) -> Geom:
    mesh = _MeshWriter("sphere")
    rgba = tuple(color)
    last_ring = rings // 2 if top_only else rings
    rows: list[list[int]] = []
    for j in range(last_ring + 1):
        # Polar angle from the top pole down; a hemisphere stops at the equator.
        theta = math.pi * j / rings
        z, rho = math.cos(theta), math.sin(theta)
        row = []
        for i in range(segments + 1):
            phi = 2 * math.pi * i / segments
            normal = (rho * math.cos(phi), rho * math.sin(phi), z)
            row.append(mesh.add_vertex([radius * n for n in normal], normal, rgba))
        rows.append(row)
    for j in range(last_ring):
        for i in range(segments):
            mesh.add_quad(
                rows[j + 1][i], rows[j + 1][i + 1], rows[j][i + 1], rows[j][i]
            )
    return mesh.finish()


def sphere_geom(
    radius: float,
    color: ColorLike,
    *,
    rings: int = 8,
    segments: int = 12,
    top_only: bool = False,
) -> Geom:
    """Return a UV sphere centred on the origin (``top_only``: the upper half)."""
    return _sphere_geom(
        round(float(radius), 3),
        int(rings),
        int(segments),
        _key(to_rgba(color)),
        top_only,
    )


@lru_cache(maxsize=CACHE_SIZE)
def _plane_geom(
    size: tuple[float, ...],
    divisions: tuple[int, int],
    color: tuple[float, ...],
    color_top: tuple[float, ...],
) -> Geom:
    width, height = size
    columns, rows = divisions
    mesh = _MeshWriter("plane")
    grid: list[list[int]] = []
    for j in range(rows + 1):
        v = j / rows
        rgba = tuple(a + (b - a) * v for a, b in zip(color, color_top, strict=True))
        z = (v - 0.5) * height
        grid.append(
            [
                mesh.add_vertex(((i / columns - 0.5) * width, 0.0, z), (0, -1, 0), rgba)
                for i in range(columns + 1)
            ]
        )
    for j in range(rows):
        for i in range(columns):
            mesh.add_quad(
                grid[j][i], grid[j][i + 1], grid[j + 1][i + 1], grid[j + 1][i]
            )
    return mesh.finish()


def plane_geom(
    width: float,
    height: float,
    color: ColorLike,
    *,
    color_top: ColorLike | None = None,
    divisions: tuple[int, int] = (1, 1),
) -> Geom:
    """Return a centred plane in XZ facing -Y, split into a grid of quads.

    The grid gives per-vertex lighting enough samples to show a point light's
    falloff; ``color_top`` blends the vertex colour upwards for a soft gradient.
    """
    base = to_rgba(color)
    top = base if color_top is None else to_rgba(color_top)
    return _plane_geom(
        _key((width, height)),
        (max(1, int(divisions[0])), max(1, int(divisions[1]))),
        _key(base),
        _key(top),
    )


def attach_geom(
    parent: NodePath,
    geom: Geom,
    pos: Vec3Like = (0, 0, 0),
    hpr: Vec3Like = (0, 0, 0),
    name: str = "geom",
) -> NodePath:
    """Attach ``geom`` in a new GeomNode under ``parent`` at ``pos`` and ``hpr``."""
    node = GeomNode(name)
    node.add_geom(geom)
    path = parent.attach_new_node(node)
    path.set_pos(*pos)
    path.set_hpr(*hpr)
    return path


def box(
    parent: NodePath,
    size: Vec3Like,
    pos: Vec3Like,
    color: ColorLike,
    hpr: Vec3Like = (0, 0, 0),
    name: str = "box",
) -> NodePath:
    """Attach a box whose base centre sits at ``pos``."""
    return attach_geom(parent, box_geom(size, color), pos, hpr, name)


def cylinder(
    parent: NodePath,
    radius: float,
    height: float,
    pos: Vec3Like,
    color: ColorLike,
    hpr: Vec3Like = (0, 0, 0),
    name: str = "cylinder",
    **options: object,
) -> NodePath:
    """Attach a cylinder whose base centre sits at ``pos``; see cylinder_geom."""
    geom = cylinder_geom(radius, height, color, **options)  # type: ignore[arg-type]
    return attach_geom(parent, geom, pos, hpr, name)


def sphere(
    parent: NodePath,
    radius: float,
    pos: Vec3Like,
    color: ColorLike,
    hpr: Vec3Like = (0, 0, 0),
    name: str = "sphere",
    **options: object,
) -> NodePath:
    """Attach a sphere centred at ``pos``; see sphere_geom."""
    geom = sphere_geom(radius, color, **options)  # type: ignore[arg-type]
    return attach_geom(parent, geom, pos, hpr, name)


def plane(
    parent: NodePath,
    width: float,
    height: float,
    pos: Vec3Like,
    color: ColorLike,
    hpr: Vec3Like = (0, 0, 0),
    name: str = "plane",
    **options: object,
) -> NodePath:
    """Attach a plane centred at ``pos``, facing -Y before ``hpr``; see plane_geom."""
    geom = plane_geom(width, height, color, **options)  # type: ignore[arg-type]
    return attach_geom(parent, geom, pos, hpr, name)


def cache_info() -> dict[str, object]:
    """Return the lru_cache statistics of each primitive builder."""
    return {
        "box": _box_geom.cache_info(),
        "cylinder": _cylinder_geom.cache_info(),
        "sphere": _sphere_geom.cache_info(),
        "plane": _plane_geom.cache_info(),
    }


def clear_cache() -> None:
    """Drop every cached Geom."""
    for builder in (_box_geom, _cylinder_geom, _sphere_geom, _plane_geom):
        builder.cache_clear()
