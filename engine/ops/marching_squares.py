"""Marching squares: the iso-contour of a 2-D field, with the saddle cases resolved.

values: (X, Y) float grid, inside where values > level. Returns vertices (V, 2) float64 in node
index space (one per crossed grid edge, shared by the squares on both sides) and segments (S, 2)
int64 oriented with the inside on their left, so closed contours run counter-clockwise around
inside regions and clockwise around holes (the shoelace sum gives the inside area).

The two saddle configurations (diagonal corners inside) are resolved by the asymptotic decider
(Nielson and Hamann 1991): the bilinear interpolant's value at its saddle point says whether the
inside corners are joined through the square or cut off one by one. Neighbours agree on every
shared edge, so contours are closed wherever the field stays inside the grid (the grid is padded
with one outside layer, so they always close).
"""

from __future__ import annotations

import functools

import numpy as np

CORNERS = np.array([[0, 0], [1, 0], [1, 1], [0, 1]])
EDGES = np.array([[0, 1], [1, 2], [3, 2], [0, 3]])  # bottom, right, top, left


def _segment(inside: list, a: int, b: int) -> tuple:
    """Edges a, b as a segment with the inside on its left."""
    mid = CORNERS[EDGES].mean(axis=1)
    d = mid[b] - mid[a]
    left = np.array([-d[1], d[0]])
    to_inside = sum(CORNERS[EDGES[e][0]] - CORNERS[EDGES[e][1]] if inside[EDGES[e][0]]
                    else CORNERS[EDGES[e][1]] - CORNERS[EDGES[e][0]] for e in (a, b))
    return (a, b) if left @ to_inside > 0 else (b, a)


@functools.lru_cache(maxsize=1)
def square_table() -> np.ndarray:
    """(16, 2, 2, 2): per corner configuration (bit k = corner k inside) and saddle choice
    (0: inside corners apart, 1: joined), up to two segments of two edge ids (-1 = none)."""
    table = np.full((16, 2, 2, 2), -1, dtype=np.int64)
    for index in range(16):
        inside = [bool(index >> k & 1) for k in range(4)]
        crossed = [e for e in range(4) if inside[EDGES[e][0]] != inside[EDGES[e][1]]]
        if len(crossed) == 2:
            table[index, :, 0] = _segment(inside, *crossed)
        elif len(crossed) == 4:
            for joined in (0, 1):
                # Cut off each corner that is apart from its diagonal twin: the inside ones when
                # the inside is split, the outside ones when it is joined.
                cut = [k for k in range(4) if inside[k] != bool(joined)]
                for s, k in enumerate(cut):
                    around = [e for e in range(4) if k in EDGES[e]]
                    table[index, joined, s] = _segment(inside, *around)
    return table


def marching_squares(values: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError("marching_squares needs a 2-D grid")
    padded = np.pad(values, 1, mode="constant", constant_values=min(float(values.min()), level) - 1.0)
    nx, ny = padded.shape
    corner_values = [padded[a:nx - 1 + a, b:ny - 1 + b] for a, b in CORNERS]
    index = sum((v > level).astype(np.int64) << k for k, v in enumerate(corner_values))
    v0, v1, v2, v3 = corner_values
    denominator = v0 + v2 - v1 - v3
    saddle = np.where(np.abs(denominator) > 1e-30, (v0 * v2 - v1 * v3) / np.where(denominator == 0, 1, denominator),
                      (v0 + v1 + v2 + v3) / 4)
    joined = (saddle > level).astype(np.int64)
    segs = square_table()[index, joined]                                   # (X, Y, 2, 2)
    cell = np.stack(np.meshgrid(np.arange(nx - 1), np.arange(ny - 1), indexing="ij"), axis=-1)
    valid = segs[..., 0] >= 0
    edges = segs[valid]                                                    # (S, 2)
    cells = np.broadcast_to(cell[:, :, None, :], segs.shape[:3] + (2,))[valid]
    lower = cells[:, None, :] + CORNERS[EDGES[edges, 0]]
    upper = cells[:, None, :] + CORNERS[EDGES[edges, 1]]
    axis = np.argmax(upper - lower, axis=-1)
    start = np.minimum(lower, upper)
    key = np.ravel_multi_index(tuple(start.reshape(-1, 2).T), padded.shape) * 2 + axis.ravel()
    unique, inverse = np.unique(key, return_inverse=True)
    node = np.stack(np.unravel_index(unique // 2, padded.shape), axis=1)
    step = np.eye(2, dtype=np.int64)[unique % 2]
    a, b = padded[tuple(node.T)], padded[tuple((node + step).T)]
    t = np.clip((level - a) / np.where(b == a, 1e-30, b - a), 0.0, 1.0)
    return (node + t[:, None] * step - 1.0).astype(np.float64), inverse.reshape(-1, 2).astype(np.int64)


def contour_area(vertices: np.ndarray, segments: np.ndarray) -> float:
    """Signed area enclosed by oriented closed contours (shoelace over the segments)."""
    p, q = vertices[segments[:, 0]], vertices[segments[:, 1]]
    return float(0.5 * (p[:, 0] * q[:, 1] - q[:, 0] * p[:, 1]).sum())
