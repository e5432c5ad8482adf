"""Core data structures shared by every task.

PointCloud: points (N, 3) float64; normals (N, 3) float64 or None; viewpoints (N, 3) float64
    or None (the scanner position that saw each point, when known).
PartMesh: vertices (V, 3) float64; faces (F, 3) int64; face_part (F,) int64 indexing
    part_names (list of labels such as "seat", "leg_0"); a reconstruction has one part.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .errors import bad_input


@dataclass
class PointCloud:
    points: np.ndarray
    normals: np.ndarray | None = None
    viewpoints: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.points)

    def subset(self, mask) -> "PointCloud":
        return PointCloud(self.points[mask],
                          None if self.normals is None else self.normals[mask],
                          None if self.viewpoints is None else self.viewpoints[mask])


@dataclass
class PartMesh:
    vertices: np.ndarray
    faces: np.ndarray
    face_part: np.ndarray = None
    part_names: list = field(default_factory=lambda: ["object"])

    def __post_init__(self):
        self.vertices = np.asarray(self.vertices, dtype=np.float64).reshape(-1, 3)
        self.faces = np.asarray(self.faces, dtype=np.int64).reshape(-1, 3)
        if self.face_part is None:
            self.face_part = np.zeros(len(self.faces), dtype=np.int64)
        self.face_part = np.asarray(self.face_part, dtype=np.int64).reshape(-1)


def check_point_cloud(cloud: PointCloud, min_points: int = 10) -> PointCloud:
    """Refuse clouds no method can use, with a sentence that says why."""
    pts = np.asarray(cloud.points)
    if pts.ndim != 2 or pts.shape[1] != 3:
        raise bad_input(f"Points must be an (N, 3) array; got shape {pts.shape}.")
    if len(pts) == 0:
        raise bad_input("The input has no points.", "Select an object with vertices, or check the file.")
    if not np.isfinite(pts).all():
        bad = int((~np.isfinite(pts).all(axis=1)).sum())
        raise bad_input(f"{bad} of {len(pts)} points have NaN or infinite coordinates.",
                        "Remove or fix those points first.")
    if len(pts) < min_points:
        raise bad_input(f"The input has {len(pts)} point{'' if len(pts) == 1 else 's'}; at least {min_points} are needed.")
    extent = pts.max(axis=0) - pts.min(axis=0)
    if extent.max() <= 0:
        raise bad_input("All points are at the same position.")
    if cloud.normals is not None:
        n = np.asarray(cloud.normals)
        if n.shape != pts.shape or not np.isfinite(n).all():
            raise bad_input("The normals do not match the points or are not finite.")
    return cloud


def check_mesh(mesh: PartMesh) -> PartMesh:
    if len(mesh.faces) == 0:
        raise bad_input("The mesh has no faces.", "Use it as a point cloud instead.")
    if mesh.faces.min() < 0 or mesh.faces.max() >= len(mesh.vertices):
        raise bad_input("The mesh has faces that refer to missing vertices.")
    if not np.isfinite(mesh.vertices).all():
        raise bad_input("The mesh has NaN or infinite vertex coordinates.")
    return mesh
