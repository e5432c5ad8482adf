"""Adaptive screened Poisson: a dense coarse solve, then finer levels solved only in a narrow band
of nodes around the samples, meshed brick by brick.

Conventions (as ops/poisson.py): points (N, 3) float32 in units of the FINEST level's node
spacing; normals (N, 3) unit outward; weights (N,) the area each point stands for, in finest
cells squared. Level l of L refinements has nodes at spacing 2^(L-l) finest cells; level 0 is a
dense (X, Y, Z) grid, levels 1..L hold values only at their band nodes, kept as sorted flat keys
(i * Y_l + j) * Z_l + k with coordinates (M, 3) int64 and values (M,) float32.

A band level's unknowns are the nodes of the cells within `band` cells of a sample. Its system
is the screened Poisson one of ops/poisson.py restricted to those nodes: a neighbour outside the
band is a Dirichlet node whose value is the coarser level's, interpolated. Outside its band, a
level IS its coarser level (node values and trilinear samples fall back to it), so the field
is defined everywhere, and only the band, where the detail is, costs memory: the finest level of
a surface is about area / h^2 * (2 band + 2) nodes instead of a dense grid's volume / h^3.
The dense coarse level sees the samples merged per half coarse cell (merge_samples): a dense
cloud costs it what its cells hold, not what the finest level needs. Lookups of band nodes go
through a brick index (BrickIndex), O(1) per node.

Extraction: bricks of BRICK finest cells that hold band nodes or where the coarse grid changes
sign are filled with node values (the band's, else the coarser levels') and meshed one by one
with Lewiner's marching cubes; the bricks' shared faces give identical vertices, merged after.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .poisson import PointScreening, conjugate_gradient, solve_indicator

BRICK = 16        # finest cells per side of an extraction brick
NODE_BRICK = 8    # nodes per side of a brick of the band's index
_OFFSETS6 = ((-1, 0, 0), (1, 0, 0), (0, -1, 0), (0, 1, 0), (0, 0, -1), (0, 0, 1))


@dataclass
class DenseLevel:
    values: torch.Tensor       # (X, Y, Z)

    @property
    def shape(self):
        return tuple(self.values.shape)

    def nodes(self, coords: torch.Tensor) -> torch.Tensor:
        """Values at integer node coordinates (Q, 3); 0 (outside) beyond the grid."""
        inside = ((coords >= 0) & (coords < torch.tensor(self.shape, device=coords.device))).all(dim=1)
        c = coords.clamp(min=torch.zeros(3, dtype=coords.dtype, device=coords.device),
                         max=torch.tensor(self.shape, device=coords.device) - 1)
        return self.values[c[:, 0], c[:, 1], c[:, 2]] * inside.to(self.values.dtype)

    def sample(self, points: torch.Tensor) -> torch.Tensor:
        """Trilinear values at points (Q, 3) in this level's node units."""
        return _trilinear(self.nodes, points)


@dataclass
class BandLevel:
    shape: tuple               # the level's whole node shape (never allocated)
    keys: torch.Tensor         # (M,) int64, sorted
    coords: torch.Tensor       # (M, 3) int64
    values: torch.Tensor       # (M,) float32
    parent: object             # the coarser level (DenseLevel or BandLevel), at half the resolution
    index: "BrickIndex" = None

    def find(self, coords: torch.Tensor) -> torch.Tensor:
        """Band index of each node (Q, 3), -1 where it is not in the band."""
        if self.index is None:
            self.index = BrickIndex(self.coords, self.shape)
        return self.index.find(coords)

    def nodes(self, coords: torch.Tensor) -> torch.Tensor:
        idx = self.find(coords)
        hit = idx >= 0
        out = torch.empty(len(coords), dtype=self.values.dtype, device=self.values.device)
        out[hit] = self.values[idx[hit]]
        out[~hit] = self.parent.sample(coords[~hit].to(self.values.dtype) / 2)
        return out

    def sample(self, points: torch.Tensor) -> torch.Tensor:
        return _trilinear(self.nodes, points)


def level_block(level, corners: torch.Tensor, size: int) -> torch.Tensor:
    """Node values of cubes of (size + 1)^3 nodes starting at corners (B, 3) (even, with size even,
    on band levels): (B, size + 1, size + 1, size + 1). A band level upsamples its parent's block
    (trilinear, exactly its sample() at the half positions) and writes its band nodes over it."""
    local = torch.stack(torch.meshgrid(*[torch.arange(size + 1, device=corners.device)] * 3, indexing="ij"),
                        dim=-1).reshape(-1, 3)
    coords = (corners[:, None, :] + local[None]).reshape(-1, 3)
    if isinstance(level, DenseLevel):
        return level.nodes(coords).reshape(len(corners), size + 1, size + 1, size + 1)
    coarse = level_block(level.parent, torch.div(corners, 2, rounding_mode="floor"), size // 2)
    block = torch.nn.functional.interpolate(coarse[:, None], size=(size + 1,) * 3, mode="trilinear",
                                            align_corners=True)[:, 0].reshape(-1)
    idx = level.find(coords)
    hit = idx >= 0
    block[hit] = level.values[idx[hit]]
    return block.reshape(len(corners), size + 1, size + 1, size + 1)


def _keys(coords: torch.Tensor, shape) -> torch.Tensor:
    return (coords[:, 0] * shape[1] + coords[:, 1]) * shape[2] + coords[:, 2]


class BrickIndex:
    """Node -> band index in O(1): a dense table over bricks of NODE_BRICK^3 nodes points to a row
    of NODE_BRICK^3 band indices (-1 where a node is not in the band), kept only for bricks that
    hold band nodes: memory grows with the band, not with the level's volume."""

    def __init__(self, coords: torch.Tensor, shape):
        b = NODE_BRICK
        self.shape = tuple(shape)
        self.grid = tuple(-(-n // b) for n in shape)
        brick = _keys(torch.div(coords, b, rounding_mode="floor"), self.grid)
        used, slot = torch.unique(brick, return_inverse=True)
        self.table = torch.full((self.grid[0] * self.grid[1] * self.grid[2],), -1, dtype=torch.int32,
                                device=coords.device)
        self.table[used] = torch.arange(len(used), dtype=torch.int32, device=coords.device)
        self.rows = torch.full((len(used), b ** 3), -1, dtype=torch.int64, device=coords.device)
        self.rows[slot, _keys(coords % b, (b, b, b))] = torch.arange(len(coords), device=coords.device)

    def find(self, coords: torch.Tensor) -> torch.Tensor:
        b = NODE_BRICK
        inside = ((coords >= 0) & (coords < torch.tensor(self.shape, device=coords.device))).all(dim=1)
        c = torch.where(inside[:, None], coords, torch.zeros_like(coords))
        slot = self.table[_keys(torch.div(c, b, rounding_mode="floor"), self.grid)].long()
        idx = self.rows[slot.clamp(min=0), _keys(c % b, (b, b, b))]
        return torch.where(inside & (slot >= 0), idx, torch.full_like(idx, -1))


def _cell_corners(points: torch.Tensor):
    """For each of the 8 corners of each point's cell: (node coordinates (N, 3) int64, trilinear
    weight (N,))."""
    base = points.floor().long()
    frac = points - base.to(points.dtype)
    for corner in range(8):
        offset = torch.tensor([(corner >> 2) & 1, (corner >> 1) & 1, corner & 1], device=points.device)
        yield base + offset, torch.where(offset.bool(), frac, 1 - frac).prod(dim=1)


def _trilinear(node_values, points: torch.Tensor) -> torch.Tensor:
    out = torch.zeros(len(points), dtype=points.dtype, device=points.device)
    for corner, weight in _cell_corners(points):
        out += weight * node_values(corner)
    return out


def band_nodes(points: torch.Tensor, shape, band: int, slab: int = 32) -> torch.Tensor:
    """Sorted unique node keys of the cells within `band` cells (26-neighbourhood) of a point's
    cell, with all their corners. Dilated by max pooling in slabs along the first axis, so that
    memory stays at a slab of the level, not its volume."""
    device = points.device
    cell_shape = tuple(n - 1 for n in shape)
    cells = torch.unique(_keys(points.floor().long().clamp(min=0).minimum(
        torch.tensor(cell_shape, device=device) - 1), cell_shape))
    first = torch.div(cells, cell_shape[1] * cell_shape[2], rounding_mode="floor")
    reach = band + 1   # node j has the cells j-1 and j on each axis; each grows by `band`
    keys = []
    for x0 in range(0, shape[0], slab):
        x1 = min(x0 + slab, shape[0])
        lo, hi = x0 - reach, x1 + reach - 1            # the cells [lo, hi) that can reach these nodes
        a, b = torch.searchsorted(first, torch.tensor([lo, hi], device=device)).tolist()
        if a == b:
            continue
        c = _unkey(cells[a:b], cell_shape)
        occupied = torch.zeros(hi - lo, cell_shape[1] + 2 * reach, cell_shape[2] + 2 * reach, device=device)
        occupied[c[:, 0] - lo, c[:, 1] + reach, c[:, 2] + reach] = 1.0
        # Output j (per axis) covers the padded input [j, j + 2 reach): the cells [j - reach, j + reach).
        # One axis at a time: 3 * 2 reach comparisons per node instead of (2 reach)^3.
        nodes = occupied[None, None]
        for kernel in ((2 * reach, 1, 1), (1, 2 * reach, 1), (1, 1, 2 * reach)):
            nodes = torch.nn.functional.max_pool3d(nodes, kernel_size=kernel, stride=1)
        nodes = nodes[0, 0]
        nodes = nodes[:, : shape[1], : shape[2]]
        hit = torch.nonzero(nodes > 0)
        hit[:, 0] += x0
        keys.append(_keys(hit, shape))
    return torch.cat(keys) if keys else torch.zeros(0, dtype=torch.int64, device=device)


def _unkey(keys: torch.Tensor, shape) -> torch.Tensor:
    k = keys % shape[2]
    j = (keys // shape[2]) % shape[1]
    i = keys // (shape[1] * shape[2])
    return torch.stack([i, j, k], dim=1)


class BandSystem:
    """The screened Poisson system on a band's nodes (the interface conjugate_gradient uses)."""

    def __init__(self, level: BandLevel, points, normals, weights, alpha: float, check=None):
        check = check or (lambda: None)
        coords, m = level.coords, len(level.keys)
        self.alpha = float(alpha)
        self.neighbours = torch.stack([level.find(coords + torch.tensor(o, device=coords.device)) for o in _OFFSETS6],
                                      dim=1)
        # Missing neighbours point at a sentinel row M holding zero: gathers need no mask.
        self.gather_index = torch.where(self.neighbours >= 0, self.neighbours, torch.full_like(self.neighbours, m))
        check()
        corners = list(_cell_corners(points))
        self.stencil = (torch.stack([level.find(c) for c, _ in corners], dim=1), torch.stack([w for _, w in corners], dim=1))
        if (self.stencil[0] < 0).any():
            raise ValueError("a sample's cell is not in the band")
        field = self._splat(-normals * weights[:, None])
        for axis in range(3):
            field = self._smooth(field, axis)
        check()
        self.rhs = self._divergence(field) + 0.5 * self.alpha * self._splat(weights[:, None])[:, 0]
        # Dirichlet neighbours outside the band: their (coarser-level) values move to the right side.
        for d, offset in enumerate(_OFFSETS6):
            missing = self.neighbours[:, d] < 0
            if missing.any():
                outside = coords[missing] + torch.tensor(offset, device=coords.device)
                self.rhs[missing] += level.parent.sample(outside.to(points.dtype) / 2)
        self.screening = PointScreening(self.stencil, weights)
        self.diagonal = 6.0 + self.alpha * self.screening.diagonal(m)

    def _splat(self, values):
        idx, wts = self.stencil
        out = torch.zeros(len(self.neighbours), values.shape[1], dtype=values.dtype, device=values.device)
        out.index_add_(0, idx.reshape(-1), (wts[:, :, None] * values[:, None, :]).reshape(-1, values.shape[1]))
        return out

    def _shifted(self, values, direction):
        """values at each node's neighbour in `direction` (0 where it is outside the band)."""
        padded = torch.cat([values, torch.zeros_like(values[:1])])
        return padded[self.gather_index[:, direction]]

    def _smooth(self, field, axis):
        """[1, 2, 1] / 4 along one axis; a missing neighbour repeats the node's own value (the
        dense grid's edge rule)."""
        out = 0.5 * field
        for direction in (2 * axis, 2 * axis + 1):
            has = (self.neighbours[:, direction] >= 0)[:, None]
            out = out + 0.25 * torch.where(has, self._shifted(field, direction), field)
        return out

    def _divergence(self, field):
        """G^T e with e the field averaged onto edges; across the band's edge the field is zero."""
        rhs = torch.zeros(len(field), dtype=field.dtype, device=field.device)
        for axis in range(3):
            comp = field[:, axis]
            rhs -= 0.5 * (comp + self._shifted(comp, 2 * axis + 1))
            rhs += 0.5 * (comp + self._shifted(comp, 2 * axis))
        return rhs

    def apply(self, x):
        padded = torch.cat([x, torch.zeros_like(x[:1])])
        return 6.0 * x - padded[self.gather_index].sum(dim=1) + self.alpha * self.screening.apply(x)


def merge_samples(points, normals, weights, cell: float):
    """Samples merged per cube of `cell` (grid units): the weighted mean position, the weighted
    sum of normals over the total weight (so the splatted field sum w n is kept), the total
    weight. What the coarse grid sees of a dense cloud, at a fraction of the cost."""
    cube = torch.floor(points / cell).long()
    cube -= cube.min(dim=0).values
    span = tuple(int(n) + 1 for n in cube.max(dim=0).values)
    _, group = torch.unique(_keys(cube, span), return_inverse=True)
    count = int(group.max()) + 1
    total = torch.zeros(count, dtype=weights.dtype, device=weights.device).index_add_(0, group, weights)
    summed = torch.zeros(count, 6, dtype=points.dtype, device=points.device).index_add_(
        0, group, torch.cat([points, normals], dim=1) * weights[:, None])
    return summed[:, :3] / total[:, None], summed[:, 3:] / total[:, None], total


def solve_adaptive(points, normals, weights, coarse_shape, alpha: float, refine: int, band: int = 2,
                   fine_iterations: int = 40, progress=None, check=None):
    """The indicator as levels: a dense coarse grid (coarse_shape) and `refine` band levels,
    each twice as fine. Points and weights in finest units. Returns the finest level."""
    check = check or (lambda: None)
    scale = 2 ** refine
    merged = merge_samples(points / scale, normals, weights / scale ** 2, 0.5)
    coarse = solve_indicator(*merged, coarse_shape, alpha, fine_iterations=fine_iterations, check=check)
    level = DenseLevel(coarse)
    shape = tuple(coarse_shape)
    for step in range(1, refine + 1):
        check()
        s = 2 ** (refine - step)
        shape = tuple(2 * (n - 1) + 1 for n in shape)
        p = points / s
        keys = band_nodes(p, shape, band)
        coords = _unkey(keys, shape)
        start = level.sample(coords.to(points.dtype) / 2)
        fine = BandLevel(shape, keys, coords, start, level)
        system = BandSystem(fine, p, normals, weights / s ** 2, alpha, check)
        fine.values = conjugate_gradient(system, start, fine_iterations, tol=1e-6, check=check)
        del system
        level = fine
        if progress is not None:
            progress(step / refine)
    return level


def coarse_crossing_cells(values: torch.Tensor, level: float) -> torch.Tensor:
    """(C, 3) int64 coordinates of the dense grid's cells whose corners straddle `level`."""
    lo, hi = torch.minimum(values[:-1], values[1:]), torch.maximum(values[:-1], values[1:])
    lo = torch.minimum(lo[:, :-1], lo[:, 1:])
    hi = torch.maximum(hi[:, :-1], hi[:, 1:])
    lo = torch.minimum(lo[:, :, :-1], lo[:, :, 1:])
    hi = torch.maximum(hi[:, :, :-1], hi[:, :, 1:])
    return torch.nonzero((lo < level) & (hi > level))


def extract_levels(finest, level_value: float, check=None, progress=None):
    """Marching cubes of the finest level's field over the bricks where the surface can be:
    (vertices in finest node units, faces), outward."""
    from skimage.measure import marching_cubes

    from .isosurface import merge_pieces

    check = check or (lambda: None)
    bricks = _candidate_bricks(finest, level_value)
    verts_all, faces_all, offset = [], [], 0
    chunk = 64
    for start in range(0, len(bricks), chunk):
        check()
        corner = bricks[start:start + chunk] * BRICK
        values = level_block(finest, corner, BRICK).cpu().numpy().astype(np.float32)
        for b in range(len(corner)):
            block = values[b]
            if not (block.min() < level_value < block.max()):
                continue
            v, f, _, _ = marching_cubes(block, level=level_value, method="lewiner", allow_degenerate=False)
            verts_all.append(v.astype(np.float64) + corner[b].cpu().numpy())
            faces_all.append(f[:, ::-1].astype(np.int64) + offset)
            offset += len(v)
        if progress is not None:
            progress(min(1.0, (start + chunk) / len(bricks)))
    return merge_pieces(verts_all, faces_all)


def _candidate_bricks(finest, level_value: float) -> torch.Tensor:
    """(B, 3) brick coordinates: those holding any band node of any level, and those covering a
    dense-grid cell that straddles the level (surfaces far from the samples, over holes)."""
    found = []
    level, scale = finest, 1
    while isinstance(level, BandLevel):
        found.append(torch.div(level.coords * scale, BRICK, rounding_mode="floor"))
        level, scale = level.parent, scale * 2
    cells = coarse_crossing_cells(level.values, level_value)
    for corner in range(8):
        offset = torch.tensor([(corner >> 2) & 1, (corner >> 1) & 1, corner & 1], device=cells.device)
        found.append(torch.div((cells + offset) * scale, BRICK, rounding_mode="floor"))
    limit = (torch.tensor(finest.shape, device=cells.device) - 1) // BRICK
    found = torch.cat(found)
    found = found[((found >= 0) & (found <= limit)).all(dim=1)]
    grid = tuple(int(n) + 1 for n in limit)
    return _unkey(torch.unique(_keys(found, grid)), grid)
