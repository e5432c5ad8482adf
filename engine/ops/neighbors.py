"""Nearest neighbours and point-cloud cleaning.

points: (N, 3) float; indices: (N, k) int64; distances: (N, k) float64, ascending, self excluded.
"""

from __future__ import annotations

import numpy as np


def kdtree(points: np.ndarray):
    from scipy.spatial import cKDTree

    return cKDTree(np.asarray(points, dtype=np.float64))


def knn(points: np.ndarray, k: int, tree=None) -> tuple[np.ndarray, np.ndarray]:
    """The k nearest other points of every point: (distances (N, k), indices (N, k))."""
    n = len(points)
    k = int(min(k, n - 1))
    if k < 1:
        raise ValueError("knn needs at least two points")
    tree = tree if tree is not None else kdtree(points)
    dist, idx = tree.query(points, k=k + 1, workers=-1)
    return dist[:, 1:], idx[:, 1:].astype(np.int64)


def statistical_outliers(distances: np.ndarray, std_ratio: float) -> np.ndarray:
    """Mask (N,) bool of points whose mean k-NN distance exceeds mean + std_ratio * std.

    The statistics are robust (median and scaled MAD), so a cloud with many outliers
    does not hide them by inflating the spread.
    """
    mean_d = distances.mean(axis=1)
    centre = np.median(mean_d)
    spread = 1.4826 * np.median(np.abs(mean_d - centre)) + 1e-12
    return mean_d > centre + std_ratio * spread


def local_outliers(distances: np.ndarray, indices: np.ndarray, ratio: float) -> np.ndarray:
    """Mask (N,) bool of points much farther from their neighbours than those neighbours are
    from theirs: mean k-NN distance > ratio * the median of the neighbours' mean k-NN distances.

    Being relative to the local spacing, it keeps sparsely scanned regions (the underside of
    a scanned object) that a global threshold would strip, and still drops stray points.
    """
    mean_d = distances.mean(axis=1)
    local = np.median(mean_d[indices], axis=1)
    return mean_d > ratio * np.maximum(local, 1e-30)


def voxel_downsample_indices(points: np.ndarray, voxel: float) -> np.ndarray:
    """Indices (M,) of one representative point per occupied voxel (the one nearest the voxel's mean)."""
    cells = np.floor((points - points.min(axis=0)) / voxel).astype(np.int64)
    span = cells.max(axis=0) + 1
    # One integer per voxel (sorting 1-D keys is many times faster than np.unique(axis=0)).
    keys = (cells[:, 0] * span[1] + cells[:, 1]) * span[2] + cells[:, 2]
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    sums = np.stack([np.bincount(inverse, weights=points[:, j], minlength=len(counts)) for j in range(3)], axis=1)
    means = sums / counts[:, None]
    d2 = ((points - means[inverse]) ** 2).sum(axis=1)
    order = np.lexsort((d2, inverse))
    first = np.ones(len(order), dtype=bool)
    first[1:] = inverse[order[1:]] != inverse[order[:-1]]
    return np.sort(order[first])


def mean_spacing(points: np.ndarray, tree=None, sample: int = 20000, seed: int = 0) -> float:
    """Median distance from a point to its nearest neighbour, on a random subsample."""
    rng = np.random.default_rng(seed)
    pick = points if len(points) <= sample else points[rng.choice(len(points), sample, replace=False)]
    tree = tree if tree is not None else kdtree(points)
    dist, _ = tree.query(pick, k=2, workers=-1)
    return float(np.median(dist[:, 1]))


def kth_neighbor_distance(points: np.ndarray, k: int = 50) -> np.ndarray:
    """(N,) each point's distance to its k-th nearest other point (the local sampling scale of
    SAL and IGR)."""
    k = int(min(k, len(points) - 1))
    dist, _ = kdtree(points).query(points, k=k + 1, workers=-1)
    return dist[:, -1]
