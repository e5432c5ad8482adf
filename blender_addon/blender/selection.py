# SPDX-License-Identifier: GPL-3.0-or-later
"""The selected object as arrays, read with foreach_get (no per-vertex Python loops).

Coordinates are the object's local ones: the result gets the source's transform, so the
engine sees the same numbers the mesh data holds. points/vertices: (N, 3) float32;
faces: (F, 3) int32 (polygons fanned into triangles through loop_triangles).
"""

import numpy as np


def object_kind(obj) -> str | None:
    """'mesh' (has faces), 'points' (mesh without faces, or a point cloud object) or None."""
    if obj is None:
        return None
    if obj.type == "MESH":
        return "mesh" if len(obj.data.polygons) else ("points" if len(obj.data.vertices) else None)
    if obj.type == "POINTCLOUD":
        return "points" if len(obj.data.points) else None
    return None


def read_points(obj) -> np.ndarray:
    if obj.type == "POINTCLOUD":
        n = len(obj.data.points)
        co = np.empty(n * 3, dtype=np.float32)
        obj.data.attributes["position"].data.foreach_get("vector", co)
        return co.reshape(n, 3)
    n = len(obj.data.vertices)
    co = np.empty(n * 3, dtype=np.float32)
    obj.data.vertices.foreach_get("co", co)
    return co.reshape(n, 3)


def read_mesh(obj) -> tuple[np.ndarray, np.ndarray]:
    mesh = obj.data
    mesh.calc_loop_triangles()
    tris = np.empty(len(mesh.loop_triangles) * 3, dtype=np.int32)
    mesh.loop_triangles.foreach_get("vertices", tris)
    return read_points(obj), tris.reshape(-1, 3)


def fingerprint(obj) -> tuple:
    """A cheap summary used to prove the source object was left untouched."""
    pts = read_points(obj)
    return (obj.name, obj.type, len(pts), float(np.round(pts.astype(np.float64).sum(), 6)),
            tuple(round(v, 6) for row in obj.matrix_world for v in row))
