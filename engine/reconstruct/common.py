"""Steps shared by the reconstruction methods: reading inputs, cleaning, normals, reports.

points: (N, 3) float64 world units; normals (N, 3) unit, outward.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import param
from ..errors import EngineError, bad_input
from ..formats import read_input
from ..structures import PartMesh, PointCloud, check_mesh, check_point_cloud


@dataclass
class CloudConfig:
    """Settings every point-cloud method shares: cleaning, normals and orientation, sampling of
    mesh inputs. The methods' Config classes add their own after these."""

    normal_neighbors: int = param(24, "Neighbours used to estimate each point's normal and spacing.",
                                  minimum=4, maximum=200)
    orientation: str = param("auto", "How normals are turned outward: auto (scanner positions if the input "
                                     "has them, else given normals, else a spanning tree), mst, viewpoints "
                                     "or given.", choices=("auto", "mst", "viewpoints", "given"))
    outlier_ratio: float = param(2.0, "Remove points whose mean neighbour distance is more than this many "
                                      "times that of their neighbours (0 keeps every point).",
                                 minimum=0.0, maximum=100.0)
    mesh_samples: int = param(100000, "Points sampled from a mesh input.", minimum=1000, maximum=10000000)
    seed: int = param(0, "Seed for random sampling (mesh inputs, reports, training).", minimum=0,
                      maximum=2 ** 31 - 1)


def mesh_in_world(verts, faces, grid, config):
    """Grid-unit vertices to world units; the largest piece only when config.keep_largest.
    Returns (vertices, faces, pieces dropped)."""
    from ..ops.meshes import keep_largest_component

    if len(faces) == 0:
        raise bad_input("No surface was found; the points may not enclose any volume.")
    vertices = verts * grid["h"] + grid["origin"]
    dropped = 0
    if config.keep_largest:
        vertices, faces, dropped = keep_largest_component(vertices, faces)
    return vertices, faces, dropped


def load_cloud(inputs: dict, mesh_samples: int, seed: int = 0) -> tuple[PointCloud, PartMesh | None]:
    """A point cloud from inputs['points'] or inputs['mesh']; a mesh is sampled by area, and its
    face normals are kept as orientation hints. Returns the cloud and the mesh (or None)."""
    if "mesh" in inputs:
        data = read_input(inputs["mesh"], kind="mesh")
        mesh = check_mesh(data)
        return check_point_cloud(sample_mesh(mesh, mesh_samples, seed)), mesh
    if "points" in inputs:
        data = read_input(inputs["points"], kind="points")
        return check_point_cloud(data), None
    raise EngineError("BAD_INPUT", "The job names no input; give 'points' or 'mesh'.")


def sample_mesh(mesh: PartMesh, count: int, seed: int) -> PointCloud:
    """Points uniformly by area, each with its face's normal (an orientation hint)."""
    from ..ops.metrics import sample_surface

    tri = mesh.vertices[mesh.faces]
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    length = np.linalg.norm(cross, axis=1)
    if not (length > 0).any():
        raise bad_input("Every face of the mesh has zero area.")
    face_normals = cross / np.maximum(length, 1e-300)[:, None]
    points, faces = sample_surface(mesh.vertices, mesh.faces, count, seed, return_faces=True)
    return PointCloud(points, face_normals[faces])


def check_not_flat(points: np.ndarray) -> None:
    """Refuse clouds that span no volume (a plane or a line): they enclose nothing to mesh."""
    centred = points - points.mean(axis=0)
    sample = centred if len(centred) <= 200000 else centred[:: len(centred) // 200000 + 1]
    singular = np.linalg.svd(sample / (np.abs(sample).max() + 1e-300), compute_uv=False)
    if singular[2] < 1e-4 * singular[0]:
        raise bad_input("The points lie on a plane or a line, so they enclose no volume.",
                        "A watertight mesh needs a scan that goes around a solid.")


def distance_to_input(vertices, faces, points, samples: int = 100000, seed: int = 0) -> dict:
    """How far the input points are from the output surface: mean and 95th percentile."""
    from ..ops.metrics import nearest_distances, sample_surface

    surf = sample_surface(vertices, faces, 2 * samples, seed)
    rng = np.random.default_rng(seed)
    pick = points if len(points) <= samples else points[rng.choice(len(points), samples, replace=False)]
    d = nearest_distances(pick, surf)
    return {"input_to_surface_mean": float(d.mean()), "input_to_surface_p95": float(np.percentile(d, 95))}


def clean_cloud(cloud, config, ctx):
    """Statistical outlier removal (config.outlier_ratio, config.normal_neighbors): the cleaned
    cloud, its k-d tree, and each point's k nearest neighbours' distances (N, k) and indices."""
    from ..ops.neighbors import kdtree, local_outliers

    k = int(min(config.normal_neighbors, len(cloud) - 1))
    tree = kdtree(cloud.points)
    dist, idx = chunked_knn(cloud.points, k, tree, ctx)
    if config.outlier_ratio > 0:
        outliers = local_outliers(dist, idx, config.outlier_ratio)
        ctx.check()
        if 0 < outliers.sum() < 0.5 * len(outliers):
            keep = ~outliers
            cloud = cloud.subset(keep)
            # Renumber the neighbour lists; a removed neighbour is replaced by the point itself.
            new_index = np.cumsum(keep) - 1
            own = np.arange(len(keep))[keep]
            idx = np.where(keep[idx[keep]], new_index[idx[keep]], new_index[own][:, None])
            dist = dist[keep]
            tree = kdtree(cloud.points)
    if len(cloud) < 10:
        raise bad_input("Fewer than 10 points are left after removing outliers.")
    return cloud, tree, dist, idx


def chunked_knn(points, k, tree, ctx, chunk: int = 100000):
    dists, idxs = [], []
    for start in range(0, len(points), chunk):
        ctx.check()
        d, i = tree.query(points[start:start + chunk], k=k + 1, workers=-1)
        dists.append(d[:, 1:])
        idxs.append(i[:, 1:])
    return np.concatenate(dists), np.concatenate(idxs).astype(np.int64)


def oriented_normals(cloud, idx, dist_knn, config, ctx):
    """Unit normals (N, 3) turned outward: PCA of the neighbours, then config.orientation (scanner
    positions, given normals, or a spanning tree on a thinned cloud)."""
    from ..ops import normals as nops
    from ..ops.neighbors import kdtree, voxel_downsample_indices

    pts = cloud.points
    k = int(min(config.normal_neighbors, len(pts) - 1))
    mode = config.orientation
    if mode == "auto":
        mode = "viewpoints" if cloud.viewpoints is not None else ("given" if cloud.normals is not None else "mst")
    if mode == "given" and cloud.normals is None:
        raise bad_input("Orientation 'given' was chosen but the input has no normals.")
    if mode == "viewpoints" and cloud.viewpoints is None:
        raise bad_input("Orientation 'viewpoints' was chosen but the input has no scanner positions.")
    if mode == "given":
        n = cloud.normals / np.maximum(np.linalg.norm(cloud.normals, axis=1, keepdims=True), 1e-30)
        return nops.orient_outward(pts, n, np.zeros(len(pts), np.int64))
    normals = np.empty_like(pts)
    for start in range(0, len(pts), 100000):
        ctx.report(start / len(pts))
        rows = idx[start:start + 100000]
        with_self = np.concatenate([np.arange(start, start + len(rows))[:, None], rows], axis=1)
        normals[start:start + 100000], _ = nops.pca_normals(pts, with_self)
    ctx.stage("orient", "Orienting normals")
    if mode == "viewpoints":
        return nops.orient_towards_viewpoints(pts, normals, cloud.viewpoints)
    # Orient a thinned cloud (the spanning tree is the slow part), then copy signs to all points.
    spacing = float(np.median(dist_knn[:, 0]))
    extent = float((pts.max(axis=0) - pts.min(axis=0)).max())
    voxel = max(spacing * 1.5, extent / 250)
    keep = voxel_downsample_indices(pts, voxel) if len(pts) > 40000 else np.arange(len(pts))
    sub = pts[keep]
    ctx.check()
    sub_tree = kdtree(sub)
    ctx.check()
    ks = int(min(max(k, 12), len(sub) - 1))
    _, sub_idx = sub_tree.query(sub, k=ks + 1, workers=-1)
    ctx.check()
    sub_normals = np.empty_like(sub)
    for start in range(0, len(sub), 20000):         # chunks, so a cancel is seen within a fraction of a second
        ctx.check()
        sub_normals[start:start + 20000], _ = nops.pca_normals(sub, sub_idx[start:start + 20000])
    ctx.report(0.3)
    oriented_sub = nops.orient_mst(sub, sub_normals, sub_idx[:, 1:min(ks, 10) + 1], check=ctx.check)
    ctx.report(0.8)
    return nops.propagate_orientation(pts, normals, sub, oriented_sub, tree=sub_tree)


def surface_from_field(field, points, config, ctx, device="cpu"):
    """Mesh an implicit function (inside > 0) over the points' box: sampled coarse to fine
    (config.resolution, config.padding), extracted with config.extractor, in world units, the
    largest piece only when config.keep_largest. Returns (vertices, faces, pieces dropped, grid)."""
    from ..ops.field_grid import sample_near_surface
    from ..ops.isosurface import extract_isosurface

    values, grid = sample_near_surface(field, points.min(axis=0), points.max(axis=0), config.resolution,
                                       padding=config.padding, device=device, check=ctx.check, progress=ctx.report)
    ctx.check()
    verts, faces = extract_isosurface(values, 0.0, config.extractor)
    return (*mesh_in_world(verts, faces, grid, config), grid)


def surface_result(vertices, faces, points, report: dict, seed: int = 0, dropped: int = 0):
    """The MethodResult of a one-surface reconstruction, with its quality report."""
    from ..ops.meshes import quality_report
    from ..registry import MethodResult

    quality = quality_report(vertices, faces)
    quality.update(distance_to_input(vertices, faces, points, seed=seed))
    quality["components_removed"] = dropped
    return MethodResult([(PartMesh(vertices, faces, None, ["surface"]), quality)], ["surface"], report)
