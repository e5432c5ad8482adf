"""Steps shared by the reconstruction methods: reading inputs, cleaning, normals, reports.

points: (N, 3) float64 world units; normals (N, 3) unit, outward.
"""

from __future__ import annotations

import numpy as np

from ..errors import EngineError, bad_input
from ..formats import read_input
from ..structures import PartMesh, PointCloud, check_mesh, check_point_cloud


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
