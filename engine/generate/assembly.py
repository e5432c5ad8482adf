"""Part assembly after decoding: no part floats, and a watertight union on request.

attach_floating_parts moves every part that touches no other part (gap above `tolerance`, in
shape units) by the shortest translation that closes its gap to the nearest part, anchoring at
the largest part and growing the connected set outward (as DSG-Net's assembly enforces
predicted adjacency; here the adjacency is "touches something"). Parts that already touch are
never moved. union_mesh fuses all parts into one watertight mesh on a voxel grid.
Meshes: vertices (V, 3) float64, faces (F, 3) int64, face_part (F,) int64.
"""

from __future__ import annotations

import numpy as np

from ..ops.metrics import sample_surface


def attach_floating_parts(vertices, faces, face_part, tolerance: float = 0.01, samples: int = 400):
    """(vertices moved, the indices of the parts that were moved)."""
    from scipy.spatial import cKDTree

    vertices = np.array(vertices, dtype=np.float64, copy=True)
    parts = np.unique(face_part)
    if len(parts) < 2:
        return vertices, []
    vert_part = np.full(len(vertices), -1)
    for p in parts:
        vert_part[np.unique(faces[face_part == p])] = p
    clouds = {p: np.concatenate([vertices[vert_part == p],
                                 sample_surface(vertices, faces[face_part == p], samples, int(p))]) for p in parts}
    sizes = {p: np.ptp(clouds[p], axis=0).prod() for p in parts}
    anchored = {max(parts, key=lambda p: sizes[p])}
    moved = []
    while len(anchored) < len(parts):
        anchor_pts = np.concatenate([clouds[p] for p in anchored])
        tree = cKDTree(anchor_pts)
        best = None
        for p in parts:
            if p in anchored:
                continue
            dist, idx = tree.query(clouds[p])
            k = int(dist.argmin())
            if best is None or dist[k] < best[1]:
                best = (p, dist[k], anchor_pts[idx[k]] - clouds[p][k])
        p, gap, shift = best
        if gap > tolerance:
            shift = shift * (1 - 0.5 * tolerance / gap)  # stop just inside the tolerance
            vertices[vert_part == p] += shift
            clouds[p] = clouds[p] + shift
            moved.append(int(p))
        anchored.add(p)
    return vertices, moved


def floating_parts(vertices, faces, face_part, tolerance: float) -> list:
    """Parts farther than `tolerance` from every other part (the integrity check)."""
    from scipy.spatial import cKDTree

    parts = np.unique(face_part)
    clouds = {p: sample_surface(vertices, faces[face_part == p], 400, int(p)) for p in parts}
    out = []
    for p in parts:
        others = [clouds[q] for q in parts if q != p]
        if others and cKDTree(np.concatenate(others)).query(clouds[p])[0].min() > tolerance:
            out.append(int(p))
    return out


def union_mesh(vertices, faces, resolution: int = 128):
    """One watertight mesh of everything the parts enclose."""
    from ..data.library import make_watertight

    return make_watertight(np.asarray(vertices), np.asarray(faces), resolution=resolution, close_voxels=1)
