"""Iso-surface extraction from a node grid.

values: (X, Y, Z) float32 grid; the surface is where values == level, and values above
level are inside. Returns vertices (V, 3) float64 in grid units (node index space) and
faces (F, 3) int64 wound counter-clockwise seen from outside
(scikit-image winds them the other way for this sign convention, so we flip).
"""

from __future__ import annotations

import numpy as np


def marching_cubes(values: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Lewiner marching cubes (scikit-image), which resolves the ambiguous face and interior
    cases, on the grid padded with one layer of outside values so the surface always closes."""
    from skimage.measure import marching_cubes as _mc

    padded = np.pad(np.asarray(values, dtype=np.float32), 1, mode="constant",
                    constant_values=np.float32(min(float(values.min()), level) - 1.0))
    verts, faces, _, _ = _mc(padded, level=level, method="lewiner", allow_degenerate=False)
    verts = verts.astype(np.float64) - 1.0
    return verts, np.ascontiguousarray(faces[:, ::-1]).astype(np.int64)


def marching_cubes_slabs(values: np.ndarray, level: float, slab: int = 48, check=None, progress=None):
    """Marching cubes in slabs along the first axis (so a job can be cancelled between slabs),
    stitched by merging the vertices that neighbouring slabs both create on their shared plane.

    Lewiner's face test depends only on the four values of a face, so both slabs triangulate a
    shared face the same way and the stitched mesh equals the one-piece result.
    """
    from skimage.measure import marching_cubes as _mc

    outside = np.float32(min(float(values.min()), level) - 1.0)
    padded = np.pad(np.asarray(values, dtype=np.float32), 1, mode="constant", constant_values=outside)
    n = padded.shape[0]
    verts_all, faces_all, offset = [], [], 0
    starts = list(range(0, n - 1, slab))
    for i, start in enumerate(starts):
        if check is not None:
            check()
        block = padded[start:min(start + slab + 1, n)]
        if block.shape[0] < 2 or not (block.min() < level < block.max()):
            continue
        v, f, _, _ = _mc(block, level=level, method="lewiner", allow_degenerate=False)
        v = v.astype(np.float64)
        v[:, 0] += start
        verts_all.append(v)
        faces_all.append(f[:, ::-1].astype(np.int64) + offset)
        offset += len(v)
        if progress is not None:
            progress((i + 1) / len(starts))
    verts, faces = merge_pieces(verts_all, faces_all)
    return verts - 1.0, faces


def merge_pieces(verts_all: list, faces_all: list):
    """One mesh from pieces meshed apart (slabs, bricks) with faces already offset into the
    concatenation: vertices the pieces share (identical coordinates on a shared face) merged,
    faces that collapse dropped. Returns (vertices (V, 3), faces (F, 3) int64)."""
    if not verts_all:
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    verts = np.concatenate(verts_all)
    faces = np.concatenate(faces_all)
    unique, inverse = np.unique(verts, axis=0, return_inverse=True)
    faces = inverse.reshape(-1)[faces]
    keep = (faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2]) & (faces[:, 2] != faces[:, 0])
    return unique, faces[keep]


EXTRACTORS = ("lewiner", "classic", "dual_contouring")


def extract_isosurface(values: np.ndarray, level: float, method: str = "lewiner", gradient=None):
    """The chosen extractor: lewiner (marching cubes, ambiguities resolved: closed surfaces),
    classic (the 15-case table: holes at ambiguous faces, kept to show them) or dual_contouring
    (sharp edges and corners; can be non-manifold where a cell holds two sheets)."""
    if method == "lewiner":
        return marching_cubes(values, level)
    if method == "classic":
        from .mc_classic import marching_cubes_classic

        return marching_cubes_classic(values, level)
    if method == "dual_contouring":
        from .dual_contouring import dual_contouring

        return dual_contouring(values, level, gradient)
    raise ValueError(f"unknown iso-surface extractor {method!r}; choose one of {', '.join(EXTRACTORS)}")
