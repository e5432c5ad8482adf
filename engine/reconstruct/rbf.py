"""RBF reconstruction (Carr et al. 2001) with a partition of unity (Ohtake et al. 2003).

The function is a weighted sum of polyharmonic radial basis functions phi(r) = r^3 plus a linear
polynomial, interpolating 0 at surface centres and -eps / +eps at the centres moved eps along /
against their outward normals (inside > 0). A dense solve over the whole cloud would be N^3, so
the box is cut into cubic patches, each fitted on the centres within its sphere (a few hundred),
all patches solved in one batched call, and the local functions blended by normalised Wendland
weights, w(d) = (1 - d/R)^4 (4 d/R + 1). Where no fitted patch reaches a point, the nearest
centre's tangent plane gives the sign. `smoothing` adds lambda to the kernel's diagonal
(lambda = 0 interpolates exactly; larger approximates noisy points).

points (N, 3) float64 world; centres (C, 3) are a voxel thinning of them; queries (M, 3)
float32 torch; per patch, coordinates are centred and scaled by the patch radius.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import param
from .implicit import ImplicitConfig, ImplicitMethod


@dataclass
class Config(ImplicitConfig):
    """Settings of RBF reconstruction."""

    centres: int = param(30000, "Surface points kept as RBF centres (a voxel thinning of the cloud); each "
                                "gives three constraints.", minimum=100, maximum=2000000)
    patch_points: int = param(120, "Centres per partition-of-unity patch, on average: larger patches are "
                                   "smoother across seams and cost more (cubic in this number).",
                              minimum=20, maximum=600)
    smoothing: float = param(0.001, "Regularisation added to the kernel's diagonal, relative to its scale: 0 "
                                    "interpolates the points exactly, larger smooths noise.",
                             minimum=0.0, maximum=10.0)
    offset: float = param(0.5, "Distance of the off-surface constraints, in centre spacings.", minimum=0.05,
                          maximum=5.0)


def thin_centres(points, normals, count: int):
    """About `count` centres, one per voxel of a grid sized for that count."""
    from ..ops.neighbors import voxel_downsample_indices

    if len(points) <= count:
        return points, normals
    extent = points.max(0) - points.min(0)
    voxel = float(np.sqrt(extent @ np.roll(extent, 1) * 2 / count))  # surface ~ area / voxel^2 cells
    for _ in range(8):
        keep = voxel_downsample_indices(points, voxel)
        if len(keep) <= 1.3 * count:
            break
        voxel *= 1.25
    return points[keep], normals[keep]


def rbf_field(points, normals, config, device, check=None):
    import torch

    from ..ops.neighbors import kdtree

    centres, cnormals = thin_centres(points, normals, config.centres)
    tree = kdtree(centres)
    spacing = float(np.median(tree.query(centres, k=2)[0][:, 1]))
    eps = config.offset * spacing
    sites = np.concatenate([centres, centres + eps * cnormals, centres - eps * cnormals])
    target = np.concatenate([np.zeros(len(centres)), -eps * np.ones(len(centres)), eps * np.ones(len(centres))])
    lo = points.min(0) - 2 * eps
    extent = float((points.max(0) - lo).max()) + 2 * eps
    # Patch spheres of radius 1.3 cells (every point of a cell lies in its own sphere and in some
    # of its neighbours'), sized so that the surface disc in a sphere, pi R^2, holds about
    # patch_points centres of area spacing^2 each.
    radius = spacing * np.sqrt(config.patch_points / np.pi)
    per_side = max(1, int(np.ceil(extent / (radius / 1.3))))
    size = extent / per_side
    radius = 1.3 * size
    cells = np.stack(np.meshgrid(*[np.arange(per_side)] * 3, indexing="ij"), -1).reshape(-1, 3)
    patch_centre = lo + (cells + 0.5) * size
    site_tree = kdtree(sites)
    members = site_tree.query_ball_point(patch_centre, radius, workers=-1)
    fitted = np.array([sum(1 for i in m if i < len(centres)) >= 10 for m in members])
    slot = -np.ones(len(cells), dtype=np.int64)
    slot[fitted] = np.arange(fitted.sum())
    members = [np.asarray(m, dtype=np.int64) for m, f in zip(members, fitted) if f]
    width = max(len(m) for m in members)
    P = len(members)
    index = np.zeros((P, width), dtype=np.int64)
    real = np.zeros((P, width), dtype=bool)
    for p, m in enumerate(members):
        index[p, : len(m)], real[p, : len(m)] = m, True
    t = lambda a, dtype=torch.float64: torch.as_tensor(a, dtype=dtype, device=device)
    pc = t(patch_centre[fitted])
    x = (t(sites)[t(index, torch.int64)] - pc[:, None]) / radius          # (P, W, 3) patch coordinates
    f = t(target)[t(index, torch.int64)] / radius
    mask = t(real, torch.bool)
    weights = _solve_patches(x, f, mask, config.smoothing, check)          # (P, W + 4)
    return _blend(x, mask, weights, pc, radius, lo, size, per_side, slot, centres, cnormals, device)


def _solve_patches(x, f, mask, smoothing, check):
    """Batched solve of [[phi + lambda I, P], [P^T, 0]] [w; c] = [f; 0] per patch; padding rows
    and columns are identity rows with a zero right-hand side, so their weights are zero."""
    import torch

    out = []
    for start in range(0, len(x), 64):
        if check is not None:
            check()
        sl = slice(start, start + 64)
        system, rhs = _patch_system(x[sl], f[sl], mask[sl], smoothing)
        # numpy's LAPACK for these small dense solves: torch's batched solve has been seen to
        # fail (bad LU pivots) in a process where Blender's bundled libraries were loaded
        solved = np.linalg.solve(system.cpu().numpy(), rhs.cpu().numpy()[..., None])[..., 0]
        out.append(torch.as_tensor(solved, dtype=x.dtype, device=x.device))
    return torch.cat(out)


def _patch_system(x, f, mask, smoothing):
    import torch

    P, W, _ = x.shape
    phi = torch.cdist(x, x) ** 3
    scale = phi.amax(dim=(1, 2)).clamp_min(1e-12)
    phi = torch.where(mask[:, :, None] & mask[:, None, :], phi, torch.zeros_like(phi))
    diagonal = torch.where(mask, smoothing * scale[:, None], torch.ones_like(mask, dtype=x.dtype))
    phi = phi + torch.diag_embed(diagonal)
    poly = torch.cat([torch.ones(P, W, 1, dtype=x.dtype, device=x.device), x], dim=-1) * mask[..., None]
    top = torch.cat([phi, poly], dim=-1)
    bottom = torch.cat([poly.transpose(1, 2), torch.zeros(P, 4, 4, dtype=x.dtype, device=x.device)], dim=-1)
    rhs = torch.cat([f * mask, torch.zeros(P, 4, dtype=x.dtype, device=x.device)], dim=1)
    return torch.cat([top, bottom], dim=1), rhs


def _blend(x, mask, weights, pc, radius, lo, size, per_side, slot, centres, cnormals, device):
    import torch

    from ..ops.neighbors import kdtree

    tree = kdtree(centres)
    slot_t = torch.as_tensor(slot, device=device)
    lo_t = torch.as_tensor(lo, dtype=torch.float64, device=device)
    offsets = torch.stack(torch.meshgrid(*[torch.arange(-1, 2, device=device)] * 3, indexing="ij"), -1).reshape(-1, 3)
    W = x.shape[1]

    def field(q):
        q = q.double()
        total = torch.zeros(len(q), dtype=torch.float64, device=q.device)
        weight = torch.zeros_like(total)
        own = torch.floor((q - lo_t) / size).long()
        for off in offsets:
            cell = own + off
            ok = ((cell >= 0) & (cell < per_side)).all(1)
            flat = (cell[:, 0] * per_side + cell[:, 1]) * per_side + cell[:, 2]
            p = torch.where(ok, slot_t[flat.clamp(0, per_side ** 3 - 1)], torch.full_like(flat, -1))
            rows = torch.nonzero(p >= 0)[:, 0]
            if len(rows) == 0:
                continue
            pp = p[rows]
            local = (q[rows] - pc[pp]) / radius
            d = local.norm(dim=1)
            near = d < 1
            rows, pp, local, d = rows[near], pp[near], local[near], d[near]
            for start in range(0, len(rows), 4096):
                sl = slice(start, start + 4096)
                r = (local[sl, None, :] - x[pp[sl]]).norm(dim=-1) ** 3 * mask[pp[sl]]
                w = weights[pp[sl]]
                value = (r * w[:, :W]).sum(1) + w[:, W] + (local[sl] * w[:, W + 1:]).sum(1)
                wend = (1 - d[sl]) ** 4 * (4 * d[sl] + 1)
                total.index_add_(0, rows[sl], wend * value * radius)
                weight.index_add_(0, rows[sl], wend)
        out = total / weight.clamp_min(1e-30)
        bare = weight <= 0
        if bare.any():
            _, nearest = tree.query(q[bare].cpu().numpy(), k=1)
            c = torch.as_tensor(centres[nearest], dtype=torch.float64, device=q.device)
            n = torch.as_tensor(cnormals[nearest], dtype=torch.float64, device=q.device)
            out[bare] = ((c - q[bare]) * n).sum(1)
        return out.float()

    return field


class RBF(ImplicitMethod):
    name = "rbf"
    summary = "RBF: polyharmonic r^3 splines with a linear term, fitted per patch and blended (partition of unity)."
    Config = Config

    @staticmethod
    def fit(cloud, normals, spacing, config, ctx, device):
        field = rbf_field(cloud.points, normals, config, device, ctx.check)
        return field, {"centres": int(min(config.centres, len(cloud)))}
