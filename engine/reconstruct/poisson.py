"""Screened Poisson reconstruction: points (with or without normals) -> one watertight mesh.

Pipeline: thinning of clouds far denser than the grid (one point a cell, `thin_above`) ->
statistical outlier removal -> k-NN PCA normals -> consistent orientation (scanner positions,
given normals, or a minimum spanning tree on a thinned cloud) -> screened Poisson indicator on a
grid in torch (CUDA when present), with `refine` finer levels solved only in a band around the
points (ops/poisson_band.py) -> Lewiner marching cubes (brick by brick on band levels) -> the
largest component, in world units.

Input points: (N, 3) float64 world units. Output: PartMesh with one part, "surface".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import from_dict, param
from ..errors import EngineError
from ..registry import MethodResult
from .common import CloudConfig


@dataclass
class Config(CloudConfig):
    """Settings of screened Poisson reconstruction (after the shared cleaning and normals ones)."""

    resolution: int = param(192, "Grid cells along the longest side of the shape; higher keeps finer detail "
                                 "and costs time and memory roughly in proportion to its cube.",
                            minimum=16, maximum=1024)
    screening: float = param(4.0, "How strongly the surface is pulled through the points (0 = plain Poisson, "
                                  "smoother; higher = closer to the samples).", minimum=0.0, maximum=100.0)
    padding: float = param(0.1, "Empty margin around the points, as a fraction of their largest extent.",
                           minimum=0.02, maximum=1.0)
    solver_iterations: int = param(12, "Conjugate-gradient iterations on each fine level.", minimum=1,
                                   maximum=1000)
    mesh_samples: int = param(200000, "Points sampled from a mesh input.", minimum=1000, maximum=10000000)
    keep_largest: bool = param(True, "Return only the largest connected piece of the surface.")
    refine: int = param(0, "Finer levels solved only near the points (adaptive resolution): each halves the cell "
                           "size there, at a cost that grows with the surface's area rather than the box's volume "
                           "(resolution 192 with 1 level gives the detail of a 384 grid).", minimum=0, maximum=3)
    thin_above: float = param(8.0, "Clouds with more points than this per occupied grid cell are thinned to one "
                                   "point per cell before cleaning (0 never thins): the grid cannot hold finer "
                                   "detail, and dense scans run many times faster.",
                              minimum=0.0, maximum=1000.0)
    device: str = param("auto", "Where the solver runs: auto (CUDA when present), cpu or cuda.",
                        choices=("auto", "cpu", "cuda"))


class ScreenedPoisson:
    task = "reconstruct"
    name = "poisson"
    summary = "Screened Poisson: smooth, watertight surfaces from noisy scans; needs no normals."
    Config = Config
    stages = {"load": 0.04, "clean": 0.06, "normals": 0.12, "orient": 0.13, "solve": 0.45,
              "extract": 0.15, "report": 0.05}

    @staticmethod
    def parse_config(params: dict) -> Config:
        return from_dict(Config, params)

    @staticmethod
    def run(inputs: dict, config: Config, ctx) -> MethodResult:
        from .common import check_not_flat, clean_cloud, load_cloud, oriented_normals, surface_result

        ctx.stage("load", "Reading the input")
        cloud, _ = load_cloud(inputs, config.mesh_samples, config.seed)
        check_not_flat(cloud.points)
        n_input = len(cloud)

        ctx.stage("clean", "Removing outliers")
        cloud = thin_dense_cloud(cloud, config)
        n_thinned = len(cloud)
        ctx.check()
        cloud, tree, spacing_knn, neighbors = clean_cloud(cloud, config, ctx)
        check_not_flat(cloud.points)

        ctx.stage("normals", "Estimating normals")
        normals = oriented_normals(cloud, neighbors, spacing_knn, config, ctx)

        ctx.stage("solve", "Solving the screened Poisson equation")
        if config.refine:
            grid, finest, weights_world = solve_adaptive_grid(cloud.points, normals, spacing_knn, config, ctx)
            ctx.stage("extract", "Extracting the surface")
            vertices, faces, dropped = extract_adaptive_surface(grid, finest, cloud.points, weights_world, config, ctx)
            sizes = {"grid_shape": list(grid["coarse_shape"]), "band_nodes": len(finest.keys)}
        else:
            grid, values, weights_world = solve_indicator_grid(cloud.points, normals, spacing_knn, config, ctx)
            ctx.stage("extract", "Extracting the surface")
            vertices, faces, dropped = extract_indicator_surface(grid, values, cloud.points, weights_world, config, ctx)
            sizes = {"grid_shape": list(values.shape)}

        ctx.stage("report", "Measuring the result")
        report = {"input_points": n_input, "points_used": len(cloud), "thinned_away": n_input - n_thinned,
                  "outliers_removed": n_thinned - len(cloud), **sizes, "cell_size": grid["h"]}
        return surface_result(vertices, faces, cloud.points, report, config.seed, dropped)


def thin_dense_cloud(cloud, config):
    """The cloud with one point per grid cell (the finest level's, with config.refine; the point
    nearest the cell's mean) when it has more than config.thin_above points per occupied cell;
    else the cloud unchanged."""
    from ..ops.neighbors import voxel_downsample_indices

    if config.thin_above <= 0 or len(cloud) < 1000:
        return cloud
    keep = voxel_downsample_indices(cloud.points, _grid_for(cloud.points, config)["h"] / 2 ** config.refine)
    if len(cloud) <= config.thin_above * len(keep):
        return cloud
    return cloud.subset(keep)


def _grid_for(points, config):
    lo, hi = points.min(axis=0), points.max(axis=0)
    extent = float((hi - lo).max())
    pad = config.padding * extent
    levels = 1
    while config.resolution / 2 ** levels >= 32:
        levels += 1
    step = 2 ** (levels - 1)
    h = (extent + 2 * pad) / config.resolution
    cells = np.ceil((hi - lo + 2 * pad) / h / step).astype(int) * step
    origin = (lo + hi) / 2 - cells * h / 2
    return {"origin": origin, "h": float(h), "shape": tuple(int(c) + 1 for c in cells)}


def solve_indicator_grid(points, normals, dist_knn, config, ctx):
    """The screened Poisson indicator of oriented points on a grid (config: resolution, padding,
    screening, solver_iterations, device): (grid, values, per-point area weights)."""
    import torch

    from ..device import is_out_of_memory, select_device
    from ..ops.poisson import solve_indicator

    device = select_device(config.device)
    grid = _grid_for(points, config)
    area = _area_weights(dist_knn)
    try:
        to_t = lambda a: torch.as_tensor(np.ascontiguousarray(a), dtype=torch.float32, device=device)
        p = to_t((points - grid["origin"]) / grid["h"])
        n = to_t(normals)
        w = to_t(area / grid["h"] ** 2)
        values = solve_indicator(p, n, w, grid["shape"], config.screening, fine_iterations=config.solver_iterations,
                                 progress=ctx.report, check=ctx.check)
        values = values.cpu().numpy()
    except RuntimeError as exc:
        if is_out_of_memory(exc):
            raise EngineError("OUT_OF_MEMORY", f"The {grid['shape']} grid does not fit in memory on {device}.",
                              "Lower the resolution.") from None
        raise
    return grid, values, area


def _area_weights(dist_knn):
    """Each point stands for the area of a disc reaching its k-th neighbour, shared k ways, so
    dense overlapping scans do not outweigh sparse regions; a stray point's huge disc is capped
    so that it cannot outweigh the surface around it."""
    r = dist_knn[:, -1]
    area = np.pi * r ** 2 / dist_knn.shape[1]
    return np.minimum(area, 9.0 * np.median(area))


def solve_adaptive_grid(points, normals, dist_knn, config, ctx):
    """The indicator on a dense grid at config.resolution and config.refine finer band levels
    (ops/poisson_band.py): (grid of the finest level, with "coarse_shape"; the finest level;
    per-point area weights)."""
    import torch

    from ..device import is_out_of_memory, select_device
    from ..ops.poisson_band import solve_adaptive

    device = select_device(config.device)
    grid = _grid_for(points, config)
    scale = 2 ** config.refine
    fine = {"origin": grid["origin"], "h": grid["h"] / scale, "coarse_shape": grid["shape"],
            "shape": tuple((n - 1) * scale + 1 for n in grid["shape"])}
    area = _area_weights(dist_knn)
    try:
        to_t = lambda a: torch.as_tensor(np.ascontiguousarray(a), dtype=torch.float32, device=device)
        finest = solve_adaptive(to_t((points - fine["origin"]) / fine["h"]), to_t(normals), to_t(area / fine["h"] ** 2),
                                grid["shape"], config.screening, config.refine,
                                fine_iterations=config.solver_iterations, progress=ctx.report, check=ctx.check)
    except RuntimeError as exc:
        if is_out_of_memory(exc):
            raise EngineError("OUT_OF_MEMORY", f"The {grid['shape']} grid and its {config.refine} finer levels do "
                              f"not fit in memory on {device}.", "Lower the resolution or the refinement.") from None
        raise
    return fine, finest, area


def extract_adaptive_surface(grid, finest, points, weights, config, ctx):
    """Marching cubes of the finest level brick by brick at the area-weighted mean of the
    indicator at the samples: (vertices, faces, pieces dropped) in world units."""
    import torch

    from ..ops.poisson_band import extract_levels
    from .common import mesh_in_world

    at = torch.as_tensor((points - grid["origin"]) / grid["h"], dtype=torch.float32, device=finest.values.device)
    sampled = finest.sample(at).cpu().numpy()
    level = float((sampled * weights).sum() / weights.sum())
    verts, faces = extract_levels(finest, level, check=ctx.check, progress=ctx.report)
    return mesh_in_world(verts, faces, grid, config)


def extract_indicator_surface(grid, values, points, weights, config, ctx):
    """Marching cubes at the indicator's iso-value, in world units, the largest piece only when
    config.keep_largest: (vertices, faces, pieces dropped)."""
    from ..ops.isosurface import marching_cubes_slabs
    from .common import mesh_in_world

    level = _iso_level(values, (points - grid["origin"]) / grid["h"], weights)
    verts, faces = marching_cubes_slabs(values, level, check=ctx.check, progress=ctx.report)
    return mesh_in_world(verts, faces, grid, config)


def _iso_level(values, grid_points, weights) -> float:
    """The area-weighted mean of the indicator at the samples (Kazhdan's choice of iso-value)."""
    from scipy.ndimage import map_coordinates

    sampled = map_coordinates(values, grid_points.T, order=1, mode="nearest")
    return float((sampled * weights).sum() / weights.sum())
