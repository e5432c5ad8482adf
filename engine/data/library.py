"""Your own library: a folder of meshes (GLB, OBJ, PLY) turned into the same shapes and samples
as the procedural set, so a studio can train the generators on its own assets.

    FOLDER/chair/wooden.glb        category = the file's folder ("chair"); parts = glTF mesh
    FOLDER/chair/ikea.obj          nodes or OBJ o/g groups, labels from their names
    FOLDER/labels.json             optional {"name or glob": "label"}, e.g. {"Leg*": "leg"}

Each asset is normalised like the procedural shapes (bounding box centred, longest side 1).
A part that is not watertight is rebuilt on a voxel grid: its surface is rasterised into a
band of voxels, gaps narrower than a few voxels are closed morphologically, the outside is
flood-filled from the grid border and everything else is solid (the approach of Huang et al.,
"Robust Watertight Manifold Surface Generation", 2018); marching cubes gives the watertight
part. Open sheets become thin solids. Arrays: vertices (V, 3) float64, faces (F, 3) int64.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
from dataclasses import dataclass, field

import numpy as np

from ..errors import EngineError, bad_input
from .shapes.primitives import Primitive
from .shapes.shape import Part, Shape

MESH_EXTENSIONS = (".glb", ".obj", ".ply")


@dataclass
class LibraryConfig:
    """How user meshes become training shapes."""
    resolution: int = 64        # voxels along a part's longest side when it must be made watertight
    close_voxels: int = 2       # gaps up to about twice this many voxels are closed
    on_error: str = "raise"     # raise: stop with every problem listed; report: load the rest, list the failures


@dataclass
class LibraryResult:
    shapes: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (path, reason)
    repaired: list = field(default_factory=list)  # (path, part name) rebuilt watertight


def load_library(folder: str, config: LibraryConfig = LibraryConfig()) -> LibraryResult:
    if not os.path.isdir(folder):
        raise bad_input(f"{folder} is not a folder.")
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(folder) for f in names
                   if f.lower().endswith(MESH_EXTENSIONS))
    if not files:
        raise bad_input(f"{folder} holds no .glb, .obj or .ply files.",
                        "Put one folder per category (e.g. chair/) with mesh files in it.")
    mapping = _read_mapping(folder)
    result = LibraryResult()
    for path in files:
        try:
            shape, repaired = load_asset(path, _category(folder, path), mapping, config)
            result.shapes.append(shape)
            result.repaired += [(path, name) for name in repaired]
        except EngineError as exc:
            result.failed.append((path, exc.message))
    if result.failed and config.on_error == "raise":
        lines = "; ".join(f"{os.path.relpath(p, folder)}: {why}" for p, why in result.failed)
        raise bad_input(f"{len(result.failed)} of {len(files)} files cannot be used: {lines}",
                        "Fix or remove them, or load with on_error='report' to use the rest.")
    return result


def _category(folder: str, path: str) -> str:
    rel = os.path.relpath(os.path.dirname(path), folder)
    name = os.path.basename(os.path.abspath(folder)) if rel == "." else rel.split(os.sep)[0]
    return re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_") or "object"


def _read_mapping(folder: str) -> dict:
    path = os.path.join(folder, "labels.json")
    if not os.path.exists(path):
        return {}
    try:
        with open(path, encoding="utf-8") as fh:
            mapping = json.load(fh)
    except (OSError, ValueError) as exc:
        raise bad_input(f"labels.json cannot be read: {exc}.") from None
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise bad_input('labels.json must map names (or globs) to labels, e.g. {"Leg*": "leg"}.')
    return mapping


def part_label(name: str, mapping: dict) -> str:
    """A part's label: the mapping's first matching entry, else its name without numbering
    ('Leg.001', 'leg_2', 'Leg 3' -> 'leg')."""
    for pattern, label in mapping.items():
        if name == pattern or fnmatch.fnmatch(name, pattern):
            return label
    base = re.sub(r"([._\s-]*\d+)+$", "", name.strip()).lower()
    return re.sub(r"[^a-z0-9]+", "_", base).strip("_") or "part"


def load_asset(path: str, category: str, mapping: dict, config: LibraryConfig = LibraryConfig()):
    """One file -> (Shape in the normalised frame, names of the parts that were rebuilt)."""
    from ..formats import read_input
    from ..ops.meshes import quality_report
    from ..structures import PartMesh

    mesh = read_input(path, kind="mesh")
    if not isinstance(mesh, PartMesh) or len(mesh.faces) == 0:
        raise bad_input("the mesh has no faces")
    if not np.isfinite(mesh.vertices).all():
        raise bad_input("the mesh has NaN or infinite coordinates")
    used = mesh.vertices[np.unique(mesh.faces)]
    lo, hi = used.min(0), used.max(0)
    if (hi - lo).max() <= 0:
        raise bad_input("all vertices are at one point")
    scale = 1.0 / (hi - lo).max()
    vertices = (mesh.vertices - (lo + hi) / 2) * scale
    parts, repaired, counts = [], [], {}
    for k, name in enumerate(mesh.part_names):
        faces = mesh.faces[mesh.face_part == k]
        if not len(faces):
            continue
        v, f = _compact(vertices, faces)
        report = quality_report(v, f)
        if report["watertight"] and report["volume"] < 0:
            f = f[:, ::-1]  # closed but wound inside out
        elif not report["watertight"] or report["volume"] == 0:
            v, f = make_watertight(v, f, config.resolution, config.close_voxels)
            repaired.append(name)
        label = part_label(name, mapping)
        counts[label] = counts.get(label, 0) + 1
        parts.append((label, MeshPart(v, f, config.resolution)))
    if not parts:
        raise bad_input("the mesh has no faces")
    seen: dict = {}
    named = []
    for label, prim in parts:
        i = seen.get(label, 0)
        seen[label] = i + 1
        named.append(Part(label if counts[label] == 1 else f"{label}_{i}", label, prim))
    source = os.path.basename(path)
    shape = Shape(category, 0, {"source": source}, named, caption=category.replace("_", " "),
                  size_m=tuple(float(x) for x in (hi - lo)))
    return shape, repaired


def _compact(vertices, faces):
    used, inverse = np.unique(faces.reshape(-1), return_inverse=True)
    return vertices[used], inverse.reshape(-1, 3)


def make_watertight(vertices, faces, resolution: int = 64, close_voxels: int = 2, max_voxels: int = 4_000_000):
    """A watertight, outward-facing mesh of the solid that the (possibly open) surface bounds."""
    from scipy import ndimage
    from scipy.spatial import cKDTree

    from ..ops.isosurface import marching_cubes
    from ..ops.meshes import quality_report

    lo, hi = vertices.min(0), vertices.max(0)
    extent = np.maximum(hi - lo, 1e-9)
    # Fine enough for the part's thinnest side too (a plate), within a few million voxels.
    voxel = min(extent.max() / resolution, max(extent.min() / 8, extent.max() / (4 * resolution)))
    voxel = max(voxel, (np.prod(extent + 10 * voxel) / max_voxels) ** (1 / 3))
    pad = close_voxels + 3
    origin = lo - pad * voxel
    shape = np.ceil((hi - lo) / voxel).astype(int) + 2 * pad + 1
    axes = [origin[a] + voxel * np.arange(shape[a]) for a in range(3)]
    nodes = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, 3)
    samples = _dense_samples(vertices, faces, spacing=voxel / 3)
    udf, _ = cKDTree(samples).query(nodes, distance_upper_bound=4 * voxel, workers=-1)
    udf = np.minimum(udf, 4 * voxel).reshape(shape)
    band = udf < 0.75 * voxel
    closed = ndimage.binary_dilation(band, iterations=close_voxels) if close_voxels else band
    outside = reachable_from_border(~closed)
    if close_voxels:  # undo the dilation, without crossing the surface's band
        outside = ndimage.binary_dilation(outside, iterations=close_voxels, mask=~band)
    interior = ~outside & ~band
    if close_voxels and interior.any():
        # Closing leaves pockets in concave corners of open surfaces: interior pieces that lie
        # wholly within the closing's reach of the surface are not solid, drop them.
        pieces, count = ndimage.label(interior)
        depth = ndimage.distance_transform_edt(~band)
        deepest = ndimage.maximum(depth, pieces, index=np.arange(1, count + 1))
        interior = np.isin(pieces, 1 + np.nonzero(deepest > close_voxels + 1)[0])
    # Signed distance: negative in the interior and in the band voxels nearer the interior than
    # the outside. Surfaces with no interior near them (open sheets, walls behind big holes)
    # are offset by about a voxel so that they become thin closed solids.
    to_interior = ndimage.distance_transform_edt(~interior) if interior.any() else np.full(shape, np.inf)
    to_outside = ndimage.distance_transform_edt(~outside)
    sheet = to_interior > 3
    inner_band = band & (to_interior < to_outside)
    field = np.where(interior | inner_band, -udf, np.where(sheet, udf - 0.9 * voxel, udf))
    verts, tris = marching_cubes(-field.astype(np.float32), 0.0)
    verts = origin + verts * voxel
    report = quality_report(verts, tris)
    if not report["watertight"]:  # pragma: no cover - marching cubes on a padded grid closes
        raise bad_input("a part could not be made watertight")
    return verts, tris


def reachable_from_border(free: np.ndarray) -> np.ndarray:
    """(X, Y, Z) bool: the free voxels connected (6-neighbourhood) to the grid's border."""
    from scipy import ndimage

    labels, _ = ndimage.label(free)
    border = np.unique(np.concatenate([labels[0].ravel(), labels[-1].ravel(), labels[:, 0].ravel(),
                                       labels[:, -1].ravel(), labels[:, :, 0].ravel(), labels[:, :, -1].ravel()]))
    return np.isin(labels, border[border > 0])


def _dense_samples(vertices, faces, spacing: float, limit: int = 3_000_000):
    """Points on every face, no farther apart than about `spacing` (vertices included)."""
    tri = vertices[faces]
    edge = np.max(np.linalg.norm(tri[:, [1, 2, 0]] - tri, axis=2), axis=1)
    n = np.clip(np.ceil(edge / spacing).astype(np.int64), 1, 200)
    count = (n + 1) * (n + 2) // 2
    if count.sum() > limit:
        n = np.maximum((n * np.sqrt(limit / count.sum())).astype(np.int64), 1)
        count = (n + 1) * (n + 2) // 2
    face = np.repeat(np.arange(len(faces)), count)
    k = np.arange(len(face)) - np.repeat(np.cumsum(count) - count, count)
    i = np.floor((np.sqrt(8 * k + 1) - 1) / 2).astype(np.int64)
    i -= (i * (i + 1) // 2 > k)
    i += ((i + 1) * (i + 2) // 2 <= k)
    j = k - i * (i + 1) // 2
    nf = n[face].astype(np.float64)
    u, v = (i - j) / nf, j / nf
    t = tri[face]
    return t[:, 0] + u[:, None] * (t[:, 1] - t[:, 0]) + v[:, None] * (t[:, 2] - t[:, 0])


class MeshPart(Primitive):
    """A watertight user mesh as a part: its own mesh, and a signed distance whose magnitude is
    the distance to dense surface samples and whose sign comes from a flood-filled voxel grid
    (winding numbers decide in the voxels the surface passes through)."""

    def __init__(self, vertices, faces, resolution: int = 64):
        super().__init__()
        self._mesh = (np.asarray(vertices, dtype=np.float64), np.asarray(faces, dtype=np.int64))
        self._resolution = resolution
        self._tree = None

    def mesh(self):
        return self._mesh

    def transformed(self, scale, shift):
        v, f = self._mesh
        return MeshPart(v * scale + shift, f, self._resolution)

    def _prepare(self):
        from scipy.spatial import cKDTree

        v, f = self._mesh
        lo, hi = v.min(0), v.max(0)
        self._voxel = voxel = max((hi - lo).max(), 1e-9) / self._resolution
        self._origin = lo - 2 * voxel
        shape = np.ceil((hi - lo) / voxel).astype(int) + 5
        self._tree = cKDTree(_dense_samples(v, f, spacing=voxel / 3))
        axes = [self._origin[a] + voxel * (np.arange(shape[a]) + 0.5) for a in range(3)]
        centres = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, 3)
        near = (self._tree.query(centres, distance_upper_bound=voxel, workers=-1)[0] < voxel).reshape(shape)
        # 0 outside, 1 inside, 2 near the surface (ask the winding number there)
        self._cells = np.where(near, 2, np.where(reachable_from_border(~near), 0, 1)).astype(np.uint8)

    def sdf(self, points):
        points = np.asarray(points, dtype=np.float64)
        if self._tree is None:
            self._prepare()
        dist, _ = self._tree.query(points, workers=-1)
        cell = np.floor((points - self._origin) / self._voxel).astype(np.int64)
        inside_grid = ((cell >= 0) & (cell < self._cells.shape)).all(1)
        state = np.zeros(len(points), dtype=np.uint8)
        c = cell[inside_grid]
        state[inside_grid] = self._cells[c[:, 0], c[:, 1], c[:, 2]]
        inside = state == 1
        ask = np.nonzero(state == 2)[0]
        if len(ask):
            inside[ask] = winding_numbers(*self._mesh, points[ask]) > 0.5
        return np.where(inside, -dist, dist)


def winding_numbers(vertices, faces, points, chunk: int = 2048) -> np.ndarray:
    """Generalised winding number (N,) of a triangle mesh at each point (Van Oosterom and
    Strackee's solid angle, summed over faces, divided by 4 pi)."""
    tri = np.asarray(vertices, dtype=np.float64)[faces]
    out = np.empty(len(points))
    for s in range(0, len(points), chunk):
        d = tri[None] - points[s:s + chunk, None, None, :]   # (n, F, 3, 3)
        ln = np.linalg.norm(d, axis=-1)
        det = np.einsum("nfi,nfi->nf", d[:, :, 0], np.cross(d[:, :, 1], d[:, :, 2]))
        dots = (np.einsum("nfi,nfi->nf", d[:, :, 0], d[:, :, 1]) * ln[:, :, 2]
                + np.einsum("nfi,nfi->nf", d[:, :, 1], d[:, :, 2]) * ln[:, :, 0]
                + np.einsum("nfi,nfi->nf", d[:, :, 2], d[:, :, 0]) * ln[:, :, 1])
        denom = ln[:, :, 0] * ln[:, :, 1] * ln[:, :, 2] + dots
        out[s:s + chunk] = np.arctan2(det, denom).sum(1) / (2 * np.pi)
    return out
