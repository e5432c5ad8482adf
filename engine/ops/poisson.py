"""Screened Poisson surface reconstruction on a regular grid, in torch (CUDA when present).

Conventions
    grid values x: (X, Y, Z) float32, one per grid node; node (i, j, k) sits at
        origin + h * (i, j, k) in world space.
    points: (N, 3) float32 in grid units (world coordinates mapped by (p - origin) / h).
    normals: (N, 3) float32 unit, pointing out of the shape.
    weights: (N,) float32, the surface area each point stands for, in grid cells squared.

The indicator is 1 inside and 0 outside, and 0 on the grid's boundary. We minimise
    sum over grid edges (x[j] - x[i] - e_ij)^2  +  alpha * sum_n w_n (x(p_n) - 1/2)^2
where e is the splatted, smoothed gradient field (-normals) averaged onto edges and x(p)
is trilinear interpolation. The normal equations (L + alpha B^T W B) x = G^T e + alpha/2 B^T w
are solved coarse to fine: an exact-ish solve on a coarse grid, then a few conjugate
gradient iterations per finer level starting from the upsampled coarser solution
(a cascadic multigrid, as in Kazhdan and Hoppe's screened Poisson).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass
class GridSpec:
    """A grid of `shape` nodes with spacing `h` starting at `origin` (world units)."""

    origin: torch.Tensor  # (3,) float64
    h: float
    shape: tuple[int, int, int]


def trilinear_stencil(points: torch.Tensor, shape) -> tuple[torch.Tensor, torch.Tensor]:
    """Flat node indices (N, 8) int64 and weights (N, 8) of each point's enclosing cell."""
    dims = torch.tensor(shape, device=points.device)
    base = torch.clamp(points.floor().long(), min=torch.zeros_like(dims), max=dims - 2)
    frac = (points - base.to(points.dtype)).clamp(0, 1)
    idx, wts = [], []
    for corner in range(8):
        offset = torch.tensor([(corner >> 2) & 1, (corner >> 1) & 1, corner & 1], device=points.device)
        node = base + offset
        w = torch.where(offset.bool(), frac, 1 - frac).prod(dim=1)
        idx.append((node[:, 0] * shape[1] + node[:, 1]) * shape[2] + node[:, 2])
        wts.append(w)
    return torch.stack(idx, dim=1), torch.stack(wts, dim=1)


def splat(values: torch.Tensor, stencil, shape) -> torch.Tensor:
    """Scatter per-point values (N, C) to the grid with trilinear weights -> (C, X, Y, Z)."""
    idx, wts = stencil
    n_nodes = shape[0] * shape[1] * shape[2]
    out = torch.zeros(values.shape[1], n_nodes, dtype=values.dtype, device=values.device)
    contrib = (wts[:, :, None] * values[:, None, :]).reshape(-1, values.shape[1])
    out.index_add_(1, idx.reshape(-1), contrib.T.contiguous())
    return out.reshape(values.shape[1], *shape)


def smooth(field: torch.Tensor) -> torch.Tensor:
    """Separable [1, 2, 1] / 4 blur along each spatial axis of a (C, X, Y, Z) field,
    replicating the edge values (shifted adds: far cheaper than conv3d on the CPU)."""
    out = field
    for axis in range(1, 4):
        n = out.shape[axis]
        blurred = 0.5 * out
        blurred.narrow(axis, 1, n - 1).add_(out.narrow(axis, 0, n - 1), alpha=0.25)
        blurred.narrow(axis, 0, n - 1).add_(out.narrow(axis, 1, n - 1), alpha=0.25)
        blurred.narrow(axis, 0, 1).add_(out.narrow(axis, 0, 1), alpha=0.25)
        blurred.narrow(axis, n - 1, 1).add_(out.narrow(axis, n - 1, 1), alpha=0.25)
        out = blurred
    return out


def divergence_rhs(field: torch.Tensor) -> torch.Tensor:
    """G^T e for the gradient field (3, X, Y, Z) averaged onto grid edges -> (X, Y, Z)."""
    rhs = torch.zeros(field.shape[1:], dtype=field.dtype, device=field.device)
    for axis in range(3):
        comp = field[axis]
        n = comp.shape[axis]
        edge = 0.5 * (comp.narrow(axis, 0, n - 1) + comp.narrow(axis, 1, n - 1))
        rhs.narrow(axis, 1, n - 1).add_(edge)
        rhs.narrow(axis, 0, n - 1).sub_(edge)
    return rhs


def laplacian(x: torch.Tensor) -> torch.Tensor:
    """G^T G x: the grid Laplacian with x = 0 just outside the grid (Dirichlet boundary).

    The zero boundary pins the far field to "outside": with a zero-flux boundary instead,
    the indicator leaks out through unscanned holes and the surface balloons to the box.
    """
    out = 6.0 * x
    for axis in range(3):
        n = x.shape[axis]
        out.narrow(axis, 0, n - 1).sub_(x.narrow(axis, 1, n - 1))
        out.narrow(axis, 1, n - 1).sub_(x.narrow(axis, 0, n - 1))
    return out


class PointScreening:
    """The screening operator B^T W B of samples on a node vector: B holds each sample's
    trilinear stencil (idx (N, 8) into the nodes, wts (N, 8)), W its weight.

    Samples that share a cell share their 8 nodes, so the operator is a sum of one 8x8 block
    per occupied cell (the sum of w s s^T over the cell's samples). Where samples crowd their
    cells (dense scans, every coarser level) the blocks are applied instead of the samples:
    the same product, at the cost of the occupied cells rather than of the points."""

    # Samples per occupied cell from which blocks are cheaper: on the bunny scans one application
    # took 0.7x the per-sample time at 1.7 samples per cell, 0.25x at 4.4, 0.06x at 270
    # (tests/bench/diagnostics/screening_blocks.py).
    BLOCK_WHEN = 1.5

    def __init__(self, stencil, weights, chunk: int = 1 << 18):
        idx, wts = stencil
        self.dtype, self.device = wts.dtype, wts.device
        cells, inverse = torch.unique(idx[:, 0], return_inverse=True)
        self.blocked = len(idx) >= self.BLOCK_WHEN * len(cells)
        if not self.blocked:
            self.idx, self.wts, self.weights = idx, wts, weights
            return
        self.nodes = torch.empty(len(cells), 8, dtype=idx.dtype, device=idx.device)
        self.nodes[inverse] = idx
        blocks = torch.zeros(len(cells), 64, dtype=wts.dtype, device=wts.device)
        for start in range(0, len(idx), chunk):
            w, s = wts[start:start + chunk], weights[start:start + chunk]
            blocks.index_add_(0, inverse[start:start + chunk], (w[:, :, None] * w[:, None, :] * s[:, None, None]).reshape(-1, 64))
        self.blocks = blocks.reshape(-1, 8, 8)

    def diagonal(self, n: int) -> torch.Tensor:
        """The operator's diagonal as a flat (n,) vector."""
        out = torch.zeros(n, dtype=self.dtype, device=self.device)
        if self.blocked:
            return out.index_add_(0, self.nodes.reshape(-1), torch.diagonal(self.blocks, dim1=1, dim2=2).reshape(-1))
        return out.index_add_(0, self.idx.reshape(-1), (self.wts ** 2 * self.weights[:, None]).reshape(-1))

    def apply(self, x: torch.Tensor) -> torch.Tensor:
        """B^T W B x for a flat (n,) node vector -> (n,)."""
        out = torch.zeros_like(x)
        if self.blocked:
            products = torch.bmm(self.blocks, x[self.nodes][:, :, None])[:, :, 0]
            return out.index_add_(0, self.nodes.reshape(-1), products.reshape(-1))
        at_points = (x[self.idx] * self.wts).sum(dim=1) * self.weights
        return out.index_add_(0, self.idx.reshape(-1), (self.wts * at_points[:, None]).reshape(-1))


class ScreenedSystem:
    """The linear system of one grid level, applied without forming a matrix."""

    def __init__(self, points, normals, weights, shape, alpha: float, check=None):
        check = check or (lambda: None)
        self.shape = tuple(shape)
        self.stencil = trilinear_stencil(points, self.shape)
        check()
        self.alpha = float(alpha)
        vector_field = splat(-normals * weights[:, None], self.stencil, self.shape)
        check()
        vector_field = smooth(vector_field)
        check()
        self.rhs = divergence_rhs(vector_field)
        del vector_field
        self.rhs += 0.5 * self.alpha * splat(weights[:, None], self.stencil, self.shape)[0]
        check()
        self.screening = PointScreening(self.stencil, weights)
        check()
        self.diagonal = 6.0 + self.alpha * self.screening.diagonal(self.rhs.numel()).reshape(self.shape)

    def apply(self, x: torch.Tensor) -> torch.Tensor:
        return laplacian(x) + self.alpha * self.screening.apply(x.reshape(-1)).reshape(self.shape)


def conjugate_gradient(system: ScreenedSystem, x: torch.Tensor, iterations: int, tol: float = 1e-6,
                       check=None) -> torch.Tensor:
    """Jacobi-preconditioned CG from the initial guess x; stops at relative residual tol."""
    r = system.rhs - system.apply(x)
    if check is not None:
        check()
    inv_diag = 1.0 / system.diagonal
    z = r * inv_diag
    p = z.clone()
    rz = (r * z).sum()
    rhs_norm = system.rhs.norm() + 1e-30
    x = x.clone()
    for _ in range(iterations):
        if check is not None:
            check()
        ap = system.apply(p)
        step = rz / (torch.dot(p.reshape(-1), ap.reshape(-1)) + 1e-30)
        x.add_(step * p)
        r.sub_(step * ap)
        if r.norm() / rhs_norm < tol:
            break
        torch.mul(r, inv_diag, out=z)
        rz_new = torch.dot(r.reshape(-1), z.reshape(-1))
        p.mul_(rz_new / (rz + 1e-30)).add_(z)
        rz = rz_new
    return x


def upsample(x: torch.Tensor, shape) -> torch.Tensor:
    """Trilinear prolongation of a coarse grid (nodes at 2i of the fine grid) to `shape`."""
    coarse = tuple(x.shape)
    up = F.interpolate(x[None, None], size=tuple(2 * (c - 1) + 1 for c in coarse), mode="trilinear",
                       align_corners=True)[0, 0]
    out = torch.zeros(shape, dtype=x.dtype, device=x.device)
    sx, sy, sz = (min(a, b) for a, b in zip(shape, up.shape))
    out[:sx, :sy, :sz] = up[:sx, :sy, :sz]
    return out


def level_shapes(shape, coarsest: int) -> list[tuple[int, int, int]]:
    """Grid shapes from finest to coarsest; each coarser level has nodes at every other fine node."""
    shapes = [tuple(shape)]
    while max(shapes[-1]) > coarsest:
        shapes.append(tuple((s - 1) // 2 + 1 for s in shapes[-1]))
    return shapes


def solve_indicator(points, normals, weights, shape, alpha: float, coarse_iterations: int = 400,
                    fine_iterations: int = 40, coarsest: int = 40, progress=None, check=None) -> torch.Tensor:
    """The indicator grid (shape) for points/normals/weights given in finest-grid units."""
    shapes = level_shapes(shape, coarsest)
    x = None
    for level in range(len(shapes) - 1, -1, -1):
        scale = 2.0 ** level
        system = ScreenedSystem(points / scale, normals, weights / scale ** 2, shapes[level], alpha, check)
        if x is None:
            x = torch.full(shapes[level], 0.0, dtype=points.dtype, device=points.device)
            x = conjugate_gradient(system, x, coarse_iterations, tol=1e-7, check=check)
        else:
            x = upsample(x, shapes[level])
            if check is not None:
                check()
            x = conjugate_gradient(system, x, fine_iterations, tol=1e-6, check=check)
        if progress is not None:
            progress(1.0 - level / len(shapes))
        del system
    return x
