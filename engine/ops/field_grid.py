"""An implicit function sampled on a grid, exactly only near its zero set (coarse to fine).

    values, grid = sample_near_surface(field, lo, hi, resolution)
    # field: callable, (M, 3) float32 torch tensor of world points on `device` -> (M,) values,
    #        inside > 0; lo, hi (3,) the box to cover; resolution: cells along its longest side.
    # values (X, Y, Z) float32 node values; grid {"origin" (3,), "h": cell size, "shape",
    #        "evaluated": fraction of the nodes where the field was called}.

The field is first evaluated on a grid `coarse` times coarser. Coarse cells whose corners change
sign, and their neighbours within `band` cells, are evaluated at every fine node; elsewhere the
fine values are the trilinear interpolation of the coarse ones, which keep one sign inside each
such cell, so no surface appears there. At 256^3 this calls the field on a few percent of the
nodes. Evaluation runs in batches on the field's device (CUDA when the method chose it), with
a cancel check and a progress report between batches.
"""

from __future__ import annotations

import numpy as np


def grid_for_box(lo, hi, resolution: int, padding: float) -> dict:
    """A grid whose longest side has `resolution` cells over the box grown by `padding` of its
    largest extent on every side, node counts rounded up to a multiple of 4 cells plus one."""
    lo, hi = np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
    extent = float((hi - lo).max())
    pad = padding * extent
    h = (extent + 2 * pad) / resolution
    cells = np.ceil((hi - lo + 2 * pad) / h / 4).astype(int) * 4
    origin = (lo + hi) / 2 - cells * h / 2
    return {"origin": origin, "h": float(h), "shape": tuple(int(c) + 1 for c in cells)}


def evaluate(field, points: np.ndarray, device="cpu", batch: int = 65536, check=None, progress=None) -> np.ndarray:
    """The field at world points (N, 3), in batches; (N,) float32."""
    import torch

    out = np.empty(len(points), dtype=np.float32)
    for start in range(0, len(points), batch):
        if check is not None:
            check()
        chunk = torch.as_tensor(points[start:start + batch], dtype=torch.float32, device=device)
        with torch.no_grad():
            out[start:start + batch] = field(chunk).detach().float().cpu().numpy()
        if progress is not None:
            progress(min(1.0, (start + batch) / max(len(points), 1)))
    return out


def sample_near_surface(field, lo, hi, resolution: int, padding: float = 0.05, coarse: int = 4, band: int = 1,
                        device="cpu", check=None, progress=None):
    from scipy.ndimage import binary_dilation

    grid = grid_for_box(lo, hi, resolution, padding)
    shape = np.array(grid["shape"])
    origin, h = grid["origin"], grid["h"]
    coarse_shape = (shape - 1) // coarse + 1
    coarse_nodes = np.stack(np.meshgrid(*[np.arange(n) for n in coarse_shape], indexing="ij"), -1).reshape(-1, 3)
    report = (lambda lo_, hi_: (lambda f: progress(lo_ + (hi_ - lo_) * f))) if progress else (lambda a, b: None)
    coarse_values = evaluate(field, origin + coarse_nodes * coarse * h, device, check=check,
                             progress=report(0.0, 0.2)).reshape(tuple(coarse_shape))
    inside = coarse_values > 0
    corners = [inside[a:a + coarse_shape[0] - 1, b:b + coarse_shape[1] - 1, c:c + coarse_shape[2] - 1]
               for a in (0, 1) for b in (0, 1) for c in (0, 1)]
    crossed = np.logical_or.reduce(corners) & ~np.logical_and.reduce(corners)
    if band > 0:
        crossed = binary_dilation(crossed, iterations=band)
    values = coarse_values
    for axis in range(3):
        values = upsample_linear(values, axis, coarse)
    # every fine node of a crossed coarse cell, its faces included
    cells = crossed.repeat(coarse, 0).repeat(coarse, 1).repeat(coarse, 2)
    padded = np.pad(cells, 1)
    active = np.zeros(tuple(shape), dtype=bool)
    for a in (0, 1):
        for b in (0, 1):
            for c in (0, 1):
                active |= padded[a:a + shape[0], b:b + shape[1], c:c + shape[2]]
    nodes = np.argwhere(active)
    values[active] = evaluate(field, origin + nodes * h, device, check=check, progress=report(0.2, 1.0))
    grid["evaluated"] = float(active.mean())
    return values, grid


def upsample_linear(values: np.ndarray, axis: int, factor: int) -> np.ndarray:
    """Linear interpolation along one axis onto `factor` times as many cells (nodes kept);
    applied along each axis in turn it is trilinear interpolation."""
    n = values.shape[axis]
    position = np.arange((n - 1) * factor + 1) / factor
    lower = np.minimum(position.astype(np.int64), n - 2) if n > 1 else np.zeros(len(position), np.int64)
    frac = (position - lower).astype(np.float32)
    shape = [1] * values.ndim
    shape[axis] = -1
    frac = frac.reshape(shape)
    a = np.take(values, lower, axis=axis)
    b = np.take(values, np.minimum(lower + 1, n - 1), axis=axis)
    return (a * (1 - frac) + b * frac).astype(np.float32)
