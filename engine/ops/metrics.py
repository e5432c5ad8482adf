"""Distances between surfaces.

points: (N, 3) float64 samples of a surface. Chamfer-L1 is the mean of the two mean
nearest-neighbour Euclidean distances (Occupancy Networks' convention); F-score at tau is
the harmonic mean of precision (reconstruction samples within tau of the reference) and
recall (reference samples within tau of the reconstruction).
"""

from __future__ import annotations

import numpy as np


def sample_surface(vertices: np.ndarray, faces: np.ndarray, count: int, seed: int = 0,
                   return_faces: bool = False):
    """`count` points (count, 3) uniformly by area on the triangles (and the face (count,) of
    each when return_faces). `seed` is an int or a numpy Generator (which is then advanced)."""
    rng = np.random.default_rng(seed)
    tri = vertices[faces]
    area = 0.5 * np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    total = area.sum()
    pick = rng.choice(len(faces), size=count, p=area / total if total > 0 else None)  # degenerate: uniform
    u, v = rng.random((2, count))
    flip = u + v > 1
    u[flip], v[flip] = 1 - u[flip], 1 - v[flip]
    t = tri[pick]
    points = t[:, 0] + u[:, None] * (t[:, 1] - t[:, 0]) + v[:, None] * (t[:, 2] - t[:, 0])
    return (points, pick) if return_faces else points


def nearest_distances(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Distance (N,) from each source point to its nearest target point (k-d tree)."""
    from scipy.spatial import cKDTree

    dist, _ = cKDTree(target).query(source, k=1, workers=-1)
    return dist


def surface_distances(recon: np.ndarray, reference: np.ndarray, thresholds=()) -> dict:
    """Chamfer-L1, both one-sided means, and F-score/precision/recall at each threshold."""
    to_ref = nearest_distances(recon, reference)
    to_recon = nearest_distances(reference, recon)
    out = {"accuracy": float(to_ref.mean()), "completeness": float(to_recon.mean()),
           "chamfer_l1": float(0.5 * (to_ref.mean() + to_recon.mean()))}
    for tau in thresholds:
        precision = float((to_ref < tau).mean())
        recall = float((to_recon < tau).mean())
        f = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
        out[f"fscore@{tau:g}"] = f
        out[f"precision@{tau:g}"] = precision
        out[f"recall@{tau:g}"] = recall
    return out
