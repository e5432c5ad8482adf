"""What every implicit-fit reconstruction shares: its common settings and its run, from the
input file to a measured surface. A method supplies its own settings (a Config subclass of
ImplicitConfig) and `fit(points, normals, spacing, config, ctx, device) -> (field, report)`,
where field maps a (M, 3) float32 torch tensor of world points to (M,) values, inside > 0.

points: (N, 3) float64 world units; normals (N, 3) unit, outward, or None for methods that fit
unoriented points (needs_normals = False).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import from_dict, param
from ..ops.isosurface import EXTRACTORS
from .common import CloudConfig


@dataclass
class ImplicitConfig(CloudConfig):
    """Settings shared by the implicit fits (their Config classes add their own)."""

    resolution: int = param(128, "Grid cells along the longest side where the surface is extracted; higher "
                                 "keeps finer detail (the field is evaluated only near the surface).",
                            minimum=16, maximum=1024)
    extractor: str = param("lewiner", "Iso-surface extraction: lewiner (marching cubes, ambiguities resolved), "
                                      "classic (the 15-case table; leaves holes, for comparison) or "
                                      "dual_contouring (keeps sharp edges).", choices=EXTRACTORS)
    padding: float = param(0.05, "Empty margin around the points, as a fraction of their largest extent.",
                           minimum=0.0, maximum=1.0)
    keep_largest: bool = param(True, "Return only the largest connected piece of the surface.")
    device: str = param("auto", "Where the fit and the field run: auto (CUDA when present), cpu or cuda.",
                        choices=("auto", "cpu", "cuda"))


class ImplicitMethod:
    """Base of the implicit-fit methods: stages, parsing and the shared run."""

    task = "reconstruct"
    needs_normals = True
    stages = {"load": 0.03, "clean": 0.05, "normals": 0.08, "orient": 0.08, "fit": 0.4, "extract": 0.32,
              "report": 0.04}

    @classmethod
    def parse_config(cls, params: dict):
        return from_dict(cls.Config, params)

    @classmethod
    def run(cls, inputs: dict, config, ctx):
        from ..device import select_device
        from .common import (check_not_flat, clean_cloud, load_cloud, oriented_normals, surface_from_field,
                             surface_result)

        ctx.stage("load", "Reading the input")
        cloud, _ = load_cloud(inputs, config.mesh_samples, config.seed)
        check_not_flat(cloud.points)
        n_input = len(cloud)
        ctx.stage("clean", "Removing outliers")
        cloud, _, dist_knn, neighbors = clean_cloud(cloud, config, ctx)
        check_not_flat(cloud.points)
        spacing = float(np.median(dist_knn[:, 0]))
        normals = None
        if cls.needs_normals:
            ctx.stage("normals", "Estimating normals")
            normals = oriented_normals(cloud, neighbors, dist_knn, config, ctx)
        device = select_device(config.device)
        ctx.stage("fit", f"Fitting the {cls.name.replace('_', ' ')} function")
        field, report = cls.fit(cloud, normals, spacing, config, ctx, device)
        ctx.stage("extract", "Extracting the surface")
        vertices, faces, dropped, grid = surface_from_field(field, cloud.points, config, ctx, device)
        ctx.stage("report", "Measuring the result")
        report.update({"input_points": n_input, "points_used": len(cloud), "outliers_removed": n_input - len(cloud),
                       "grid_shape": list(grid["shape"]), "cell_size": grid["h"],
                       "field_evaluated_fraction": round(grid["evaluated"], 4), "extractor": config.extractor})
        return surface_result(vertices, faces, cloud.points, report, config.seed, dropped)
