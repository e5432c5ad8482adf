"""Stanford 3D Scanning Repository range scans: a .conf of rigid poses plus one PLY per scan.

Returns points (N, 3) float64 in the frame of the reference scan and scan_id (N,) int32.

Stanford's bunny bun.conf stores `bmesh FILE tx ty tz qx qy qz qw`; the scans line up with
bun_zipper.ply only when qw is negated (measured here, and noted by others), so that
reading is the default for that file.
"""

from __future__ import annotations

import os

import numpy as np


def quaternion_matrix(qx, qy, qz, qw) -> np.ndarray:
    """Rotation matrix (3, 3) of the unit quaternion (x, y, z, w)."""
    q = np.array([qw, qx, qy, qz], dtype=np.float64)
    w, x, y, z = q / np.linalg.norm(q)
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])


def read_conf(conf_path, negate_qw: bool = True) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """[(ply file name, rotation (3, 3), translation (3,))] for every `bmesh` line."""
    poses = []
    with open(conf_path, encoding="ascii") as fh:
        for line in fh:
            words = line.split()
            if len(words) == 9 and words[0] == "bmesh":
                tx, ty, tz, qx, qy, qz, qw = map(float, words[2:])
                rot = quaternion_matrix(qx, qy, qz, -qw if negate_qw else qw)
                poses.append((words[1], rot, np.array([tx, ty, tz])))
    return poses


def load_range_scans(conf_path, negate_qw: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """All scans of a .conf merged into one frame: points (N, 3) float64, scan_id (N,) int32."""
    from ..formats.ply import read_ply

    folder = os.path.dirname(os.fspath(conf_path))
    points, ids = [], []
    for i, (name, rot, trans) in enumerate(read_conf(conf_path, negate_qw)):
        scan = read_ply(os.path.join(folder, name))["vertices"]
        points.append(scan @ rot.T + trans)
        ids.append(np.full(len(scan), i, dtype=np.int32))
    return np.concatenate(points), np.concatenate(ids)
