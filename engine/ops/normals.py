"""Normal estimation (k-NN PCA) and consistent orientation.

points: (N, 3) float64; normals: (N, 3) float64 unit; neighbour indices: (N, k) int64.
Orientation returns normals flipped so that neighbouring normals agree and the whole set
points out of the shape.
"""

from __future__ import annotations

import numpy as np


def pca_normals(points: np.ndarray, neighborhoods: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row of neighborhoods (M, k) (indices into points, the point itself included):
    the normal (M, 3), the smallest-eigenvalue eigenvector of the neighbourhood's covariance,
    and the surface variation (M,) = lambda_min / sum(lambda) (0 on a plane, 1/3 for noise)."""
    nbhd = points[neighborhoods]
    centred = nbhd - nbhd.mean(axis=1, keepdims=True)
    cov = np.matmul(centred.transpose(0, 2, 1), centred) / nbhd.shape[1]
    evals, evecs = np.linalg.eigh(cov)
    normals = evecs[:, :, 0]
    variation = evals[:, 0] / np.maximum(evals.sum(axis=1), 1e-30)
    return normals, variation


def orient_towards_viewpoints(points: np.ndarray, normals: np.ndarray, viewpoints: np.ndarray) -> np.ndarray:
    """Flip each normal to face its scanner position; viewpoints: (N, 3) or (3,)."""
    facing = np.einsum("ni,ni->n", normals, np.broadcast_to(viewpoints, points.shape) - points)
    return np.where(facing[:, None] < 0, -normals, normals)


def _tree_edge_weights(points, normals, rows, cols, scale):
    """Cost of each k-NN edge for the spanning tree: normals that disagree in direction, and
    an edge that leaves the tangent planes (it jumps between sheets: the two sides of an ear or
    a panel), measured against the local point spacing `scale` (N,): across a gap of a spacing
    or more the edge costs as much as a right angle between normals."""
    d = points[cols] - points[rows]
    parallel = 1.0 - np.abs(np.einsum("ni,ni->n", normals[rows], normals[cols]))
    off_plane = (np.abs(np.einsum("ni,ni->n", normals[rows], d))
                 + np.abs(np.einsum("ni,ni->n", normals[cols], d))) / (scale[rows] + scale[cols])
    return parallel + np.minimum(off_plane, 2.0) + 1e-6


def tree_edge_signs(points, normals, parent, scale, gap: float = 0.5) -> np.ndarray:
    """(N,) +1 where a node's normal keeps its parent's side, -1 where it must be flipped.

    Along a surface the normals agree: Hoppe's rule, the sign of n_i . n_parent. Across a thin
    gap (nearly parallel normals, each point more than `gap` local spacings off the other's
    tangent plane: the two sides of a panel, an ear, a leaf) the normals must point away from
    each other, whatever their dot product says: the sign of (n_i . d)(n_parent . -d). With
    Hoppe's rule alone both sides of a panel under about two spacings thick end up facing the
    same way."""
    d = points[parent] - points
    a = np.einsum("ni,ni->n", normals, d)
    b = -np.einsum("ni,ni->n", normals[parent], d)
    along = np.einsum("ni,ni->n", normals, normals[parent])
    limit = gap * 0.5 * (scale + scale[parent])
    across = (np.abs(along) > 0.8) & (np.abs(a) > limit) & (np.abs(b) > limit)
    return np.where(across, np.where(a * b < 0, -1, 1), np.where(along < 0, -1, 1))


def _root_signs(parent: np.ndarray, edge_sign: np.ndarray) -> np.ndarray:
    """Sign of each node relative to its tree root: the product of edge signs on its path,
    by pointer jumping (log depth vectorised passes instead of a Python walk)."""
    sign = edge_sign.astype(np.int8).copy()
    hop = parent.copy()
    is_root = parent == np.arange(len(parent))
    while True:
        active = ~is_root[hop]
        if not active.any():
            return sign
        sign[active] *= sign[hop[active]]
        hop[active] = hop[hop[active]]


def orient_mst(points: np.ndarray, normals: np.ndarray, neighbors: np.ndarray, check=None) -> np.ndarray:
    """Hoppe-style propagation along a minimum spanning tree of the k-NN graph, one tree per
    connected component; each component is then turned outward on its own (see orient_outward)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import breadth_first_order, connected_components, minimum_spanning_tree

    check = check or (lambda: None)
    n, k = neighbors.shape
    rows = np.repeat(np.arange(n), k)
    cols = neighbors.reshape(-1)
    scale = np.linalg.norm(points[neighbors] - points[:, None], axis=2).mean(axis=1) + 1e-30
    weights = _tree_edge_weights(points, normals, rows, cols, scale)
    graph = coo_matrix((weights, (rows, cols)), shape=(n, n)).tocsr()
    graph = graph.maximum(graph.T)
    check()
    tree = minimum_spanning_tree(graph)
    check()
    tree = (tree + tree.T).tocsr()
    n_comp, labels = connected_components(tree, directed=False)
    check()
    parent = np.arange(n)
    for comp in range(n_comp):
        root = int(np.flatnonzero(labels == comp)[0])
        _, pred = breadth_first_order(tree, root, directed=False, return_predecessors=True)
        members = pred >= 0
        parent[members] = pred[members]
        check()
    oriented = normals * _root_signs(parent, tree_edge_signs(points, normals, parent, scale))[:, None]
    check()
    return orient_outward(points, oriented, labels)


def orient_outward(points: np.ndarray, normals: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Flip whole components so their normals point away from the shape.

    Vote on the points that are extreme along many directions (those lie on the convex
    hull, where the outward normal must have a positive component along the direction).
    """
    directions = _fibonacci_sphere(64)
    out = normals.copy()
    for comp in np.unique(labels):
        idx = np.flatnonzero(labels == comp)
        proj = points[idx] @ directions.T
        extreme = idx[np.argmax(proj, axis=0)]
        votes = np.einsum("di,di->d", out[extreme], directions)
        if votes.sum() < 0:
            out[idx] = -out[idx]
    return out


def propagate_orientation(target_points, target_normals, source_points, source_normals, tree=None, k=3):
    """Orient target normals (M, 3) by agreement with the k nearest oriented source normals."""
    from scipy.spatial import cKDTree

    tree = tree if tree is not None else cKDTree(source_points)
    _, idx = tree.query(target_points, k=k, workers=-1)
    idx = idx.reshape(len(target_points), -1)
    agree = np.einsum("ni,nki->n", target_normals, source_normals[idx])
    return np.where(agree[:, None] < 0, -target_normals, target_normals)


def _fibonacci_sphere(n: int) -> np.ndarray:
    i = np.arange(n) + 0.5
    phi = np.arccos(1 - 2 * i / n)
    theta = np.pi * (1 + 5 ** 0.5) * i
    return np.stack([np.cos(theta) * np.sin(phi), np.sin(theta) * np.sin(phi), np.cos(phi)], axis=1)
