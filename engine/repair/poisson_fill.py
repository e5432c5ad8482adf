"""Scan repair: one watertight, manifold component that keeps the scanned surface and fills only
what is missing.

Pipeline: weld the soup (vertices closer than 1e-6 of the diagonal) and drop degenerate and
repeated faces -> drop components smaller than `min_component` of the area -> orient the faces
coherently (across every two-face edge) and turn each coherent patch outward by generalised
winding numbers (the orientation that makes the winding number 1 just inside and 0 just outside
at the patch's faces) -> oriented samples of the faces, statistical outliers removed -> screened
Poisson indicator at a cell size of `tolerance` -> marching cubes (closed, manifold; the largest
piece) -> every output vertex within one cell of the scanned surface is moved onto it, so the
scanned parts keep their detail within the tolerance while the holes are closed by the smooth
Poisson surface; a snap that would make faces cross is undone (faces tested pairwise, ops/
mesh_repair.self_intersections). The quality report adds the distance from the scanned surface
to the result, the area that was filled and the crossing face pairs left (none expected).

Input: a mesh, vertices (V, 3) float64 world, faces (F, 3) int64 in any orientation.
Output: PartMesh with one part, "surface".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import from_dict, param


@dataclass
class Config:
    """Settings of scan repair."""

    tolerance: float = param(0.004, "How far the repaired surface may stray from the scanned one, as a fraction "
                                    "of the bounding-box diagonal; smaller keeps finer detail and needs a finer "
                                    "grid.", minimum=0.0005, maximum=0.05)
    min_component: float = param(0.01, "Drop pieces with less than this fraction of the total area (stray "
                                        "fragments); 0 keeps them all.", minimum=0.0, maximum=0.5)
    outlier_ratio: float = param(2.0, "Remove samples whose mean neighbour distance is more than this many times "
                                      "that of their neighbours (0 keeps every sample).", minimum=0.0, maximum=100.0)
    screening: float = param(8.0, "How strongly the fill is pulled through the scanned surface.", minimum=0.0,
                             maximum=100.0)
    max_resolution: int = param(384, "Upper bound on the grid cells along the longest side (memory and time "
                                     "grow with its cube).", minimum=32, maximum=1024)
    samples: int = param(400000, "Points sampled from the mesh for the fill.", minimum=1000, maximum=10000000)
    device: str = param("auto", "Where the solver runs: auto (CUDA when present), cpu or cuda.",
                        choices=("auto", "cpu", "cuda"))
    seed: int = param(0, "Seed for the random sampling.", minimum=0, maximum=2 ** 31 - 1)


def clean_soup(vertices, faces, config):
    """Weld, drop small components, orient coherently and outward. Returns (vertices, faces, report)."""
    from ..errors import bad_input
    from ..ops.meshes import face_components, remove_unused_vertices
    from ..ops.mesh_repair import face_areas, orient_coherently, weld

    diagonal = float(np.linalg.norm(vertices.max(0) - vertices.min(0)))
    vertices, faces, merged, dropped = weld(vertices, faces, 1e-6 * diagonal)
    area = face_areas(vertices, faces)
    faces, area = faces[area > 0], area[area > 0]
    if len(faces) == 0:
        raise bad_input("Every face of the mesh has zero area.")
    component = face_components(faces, len(vertices))
    component_area = np.bincount(component, weights=area)
    keep = component_area[component] >= config.min_component * area.sum()
    faces = faces[keep]
    vertices, faces = remove_unused_vertices(vertices, faces)
    faces, patch, flipped = orient_coherently(faces)
    faces, turned = orient_patches_outward(vertices, faces, patch)
    report = {"vertices_merged": int(merged), "faces_dropped": int(dropped + (~keep).sum()),
              "components_dropped": int((component_area < config.min_component * area.sum()).sum()),
              "faces_flipped": int((flipped ^ turned).sum()), "patches": int(patch.max() + 1)}
    return vertices, faces, report


def orient_patches_outward(vertices, faces, patch, probes: int = 24, largest: int = 64):
    """Turn each coherent patch so that the whole mesh's winding number is near 1 just behind its
    faces and near 0 just in front (the largest patches, one at a time, the others kept as they
    are); smaller patches face away from the centroid. Returns (faces, turned (F,) bool)."""
    from ..ops.mesh_repair import face_areas, winding_numbers

    faces = faces.copy()
    turned = np.zeros(len(faces), dtype=bool)
    area = face_areas(vertices, faces)
    patch_area = np.bincount(patch, weights=area)
    order = np.argsort(-patch_area)
    rng = np.random.default_rng(0)
    diagonal = float(np.linalg.norm(vertices.max(0) - vertices.min(0)))
    centre = (area[:, None] * vertices[faces].mean(1)).sum(0) / area.sum()
    for rank, p in enumerate(order):
        members = np.flatnonzero(patch == p)
        tri = vertices[faces[members]]
        normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        if rank < largest:
            pick = rng.choice(len(members), min(probes, len(members)), replace=False, p=area[members] / area[members].sum())
            c = tri[pick].mean(1)
            n = normal[pick] / np.maximum(np.linalg.norm(normal[pick], axis=1, keepdims=True), 1e-300)
            step = 0.01 * diagonal
            w_front = winding_numbers(c + step * n, vertices, faces)
            w_back = winding_numbers(c - step * n, vertices, faces)
            # as it is: front ~0, back ~1; turned over, the patch's own share changes sign
            error_as_is = np.abs(w_front).mean() + np.abs(1 - w_back).mean()
            own_front = winding_numbers(c + step * n, vertices, faces[members])
            own_back = winding_numbers(c - step * n, vertices, faces[members])
            error_turned = np.abs(w_front - 2 * own_front).mean() + np.abs(1 - (w_back - 2 * own_back)).mean()
            turn = error_turned < error_as_is
        else:
            turn = ((tri.mean(1) - centre) * normal).sum() < 0
        if turn:
            faces[members] = faces[members][:, ::-1]
            turned[members] = True
    return faces, turned


def snap_without_crossings(vertices, targets, snap, faces, check=None, rounds: int = 8):
    """Move the vertices marked `snap` onto their targets, except where that makes faces cross:
    the snapped vertices of crossing faces go back to where marching cubes put them (whose
    surface does not cross itself), round after round. Returns (vertices, the snap mask that
    was kept, face pairs still crossing, snaps undone)."""
    from ..ops.mesh_repair import self_intersections

    snap = snap.copy()
    undone = 0
    moved = np.where(snap[:, None], targets, vertices)
    for _ in range(rounds):
        if check is not None:
            check()
        pairs = self_intersections(moved, faces)
        involved = np.zeros(len(vertices), dtype=bool)
        involved[faces[pairs.reshape(-1)].reshape(-1)] = True
        back = involved & snap
        if not back.any():
            return moved, snap, int(len(pairs)), undone
        snap[back] = False
        undone += int(back.sum())
        moved[back] = vertices[back]
    return moved, snap, int(len(self_intersections(moved, faces))), undone


class PoissonFill:
    task = "repair"
    name = "poisson_fill"
    summary = "Repair: weld, drop fragments, orient by winding numbers, fill holes with screened Poisson, keep the scan."
    Config = Config
    stages = {"load": 0.04, "clean": 0.2, "sample": 0.06, "solve": 0.45, "extract": 0.1, "snap": 0.1, "report": 0.05}

    @staticmethod
    def parse_config(params: dict) -> Config:
        return from_dict(Config, params)

    @staticmethod
    def run(inputs: dict, config: Config, ctx):
        from ..errors import EngineError
        from ..formats import read_input
        from ..ops.metrics import sample_surface
        from ..ops.mesh_repair import closest_points, face_areas
        from ..reconstruct import poisson
        from ..reconstruct.common import surface_result
        from ..structures import check_mesh

        ctx.stage("load", "Reading the mesh")
        if "mesh" not in inputs:
            raise EngineError("BAD_INPUT", "Repair needs a mesh (vertices and faces).",
                              "Use Reconstruct for a point cloud.")
        mesh = check_mesh(read_input(inputs["mesh"], kind="mesh"))
        ctx.stage("clean", "Welding, dropping fragments and orienting faces")
        vertices, faces, report = clean_soup(np.asarray(mesh.vertices, np.float64), np.asarray(mesh.faces), config)
        ctx.check()
        ctx.stage("sample", "Sampling the scanned surface")
        tri = vertices[faces]
        normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-300)
        points, which = sample_surface(vertices, faces, config.samples, config.seed, return_faces=True)
        extent = float((vertices.max(0) - vertices.min(0)).max())
        diagonal = float(np.linalg.norm(vertices.max(0) - vertices.min(0)))
        cell = config.tolerance * diagonal
        resolution = int(min(config.max_resolution, max(32, np.ceil(extent / cell))))
        from ..reconstruct.common import clean_cloud
        from ..structures import PointCloud

        settings = poisson.Config(resolution=resolution, screening=config.screening, outlier_ratio=config.outlier_ratio,
                                  normal_neighbors=12, device=config.device, keep_largest=True)
        cloud, _, dist_knn, _ = clean_cloud(PointCloud(points, normal[which]), settings, ctx)
        ctx.stage("solve", "Filling the holes (screened Poisson)")
        grid, values, weights = poisson.solve_indicator_grid(cloud.points, cloud.normals, dist_knn, settings, ctx)
        ctx.stage("extract", "Extracting the closed surface")
        out_v, out_f, dropped = poisson.extract_indicator_surface(grid, values, cloud.points, weights, settings, ctx)
        ctx.stage("snap", "Keeping the scanned surface")
        target, distance, _ = closest_points(out_v, vertices, faces)
        near = distance < grid["h"]
        ctx.check()
        out_v, near, crossings, undone = snap_without_crossings(out_v, target, near, out_f, ctx.check)
        ctx.stage("report", "Measuring the result")
        scanned = sample_surface(vertices, faces, min(200000, 4 * len(faces)), config.seed + 1)
        _, to_result, _ = closest_points(scanned, out_v, out_f)
        out_area = face_areas(out_v, out_f)
        filled = ~near[out_f].all(1)
        report.update({"cell_size": grid["h"], "resolution": resolution, "tolerance": cell,
                       "scan_to_result_mean": float(to_result.mean()), "scan_to_result_p95": float(np.percentile(to_result, 95)),
                       "scan_to_result_max": float(to_result.max()),
                       "scan_within_tolerance": float((to_result <= cell).mean()),
                       "filled_area_fraction": float(out_area[filled].sum() / out_area.sum()),
                       "pieces_dropped": int(dropped), "input_faces": int(len(mesh.faces)),
                       "self_intersections": crossings, "snaps_undone": undone})
        return surface_result(out_v, out_f, scanned, report, config.seed)
