"""Dual contouring (Ju et al. 2002): one vertex per crossed cell, placed by a quadric error
function of the crossings' tangent planes, so sharp edges and corners of the field survive.

values: (X, Y, Z) float grid, inside where values > level; gradient: optional (X, Y, Z, 3) of
the field (central differences of values when not given). Returns vertices (V, 3) float64 in
node index space and faces (F, 3) int64, counter-clockwise seen from outside, as
isosurface.marching_cubes. Every crossed grid edge gives a quad of the four cells around it, so
the surface is closed (the grid is padded with one outside layer); where one cell holds two
sheets the vertex is shared and the mesh can be non-manifold there (the method's known limit).

The QEF of a cell, sum_i (n_i . (x - p_i))^2, is regularised towards the mean of its crossings
(weight `regularisation`), which keeps flat cells' vertices at the mass point, and the vertex is
clamped to its cell.
"""

from __future__ import annotations

import numpy as np


def dual_contouring(values: np.ndarray, level: float, gradient: np.ndarray | None = None,
                    regularisation: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    values = np.asarray(values, dtype=np.float64)
    if gradient is None:
        gradient = np.stack(np.gradient(values), axis=-1)
    pad_value = min(float(values.min()), level) - 1.0
    padded = np.pad(values, 1, mode="constant", constant_values=pad_value)
    grad = np.pad(np.asarray(gradient, dtype=np.float64), ((1, 1), (1, 1), (1, 1), (0, 0)), mode="edge")
    shape = np.array(padded.shape)
    cells_shape = tuple(shape - 1)
    ata = np.zeros(cells_shape + (3, 3))
    atb = np.zeros(cells_shape + (3,))
    mass = np.zeros(cells_shape + (3,))
    count = np.zeros(cells_shape)
    quads = []
    for axis in range(3):
        step = np.eye(3, dtype=np.int64)[axis]
        lo = padded[tuple(slice(0, n - 1) if a == axis else slice(None) for a, n in enumerate(shape))]
        hi = padded[tuple(slice(1, None) if a == axis else slice(None) for a in range(3))]
        crossed = (lo > level) != (hi > level)
        node = np.argwhere(crossed)                                        # lower node of each edge
        if len(node) == 0:
            continue
        a, b = lo[crossed], hi[crossed]
        t = np.clip((level - a) / np.where(b == a, 1e-30, b - a), 0.0, 1.0)
        point = node + t[:, None] * step
        g = (1 - t)[:, None] * grad[tuple(node.T)] + t[:, None] * grad[tuple((node + step).T)]
        normal = -g / np.maximum(np.linalg.norm(g, axis=1, keepdims=True), 1e-12)   # outward
        u, w = [x for x in range(3) if x != axis]
        if (u, w) not in ((1, 2), (2, 0), (0, 1)):
            u, w = w, u                                                    # (axis, u, w) right-handed
        around = []
        for du, dw in ((-1, -1), (0, -1), (0, 0), (-1, 0)):              # counter-clockwise about +axis
            offset = np.zeros(3, dtype=np.int64)
            offset[u], offset[w] = du, dw
            cell = node + offset
            inside_grid = np.all((cell >= 0) & (cell < np.array(cells_shape)), axis=1)
            c = tuple(cell[inside_grid].T)
            n, p = normal[inside_grid], point[inside_grid]
            np.add.at(ata, c, n[:, :, None] * n[:, None, :])
            np.add.at(atb, c, n * (n * p).sum(1, keepdims=True))
            np.add.at(mass, c, p)
            np.add.at(count, c, 1)
            around.append(np.ravel_multi_index(tuple(np.clip(cell, 0, np.array(cells_shape) - 1).T), cells_shape))
        quad = np.stack(around, axis=1)
        outward_is_plus = a > level                                        # inside at the lower node
        quads.append(np.where(outward_is_plus[:, None], quad, quad[:, ::-1]))
    if not quads:
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    quads = np.concatenate(quads)
    used, inverse = np.unique(quads, return_inverse=True)
    cell = np.stack(np.unravel_index(used, cells_shape), axis=1)
    flat = tuple(cell.T)
    centre = mass[flat] / np.maximum(count[flat], 1)[:, None]
    lam = regularisation
    lhs = ata[flat] + lam * np.eye(3)
    rhs = atb[flat] + lam * centre
    vertex = np.linalg.solve(lhs, rhs[..., None])[..., 0]
    vertex = np.clip(vertex, cell, cell + 1)
    q = inverse.reshape(-1, 4)
    faces = np.concatenate([q[:, [0, 1, 2]], q[:, [0, 2, 3]]])
    keep = (faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2]) & (faces[:, 2] != faces[:, 0])
    return vertex - 1.0, faces[keep].astype(np.int64)
