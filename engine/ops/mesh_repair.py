"""Pieces of scanned-mesh repair: welding a soup, coherent face orientation, generalised winding
numbers, and closest points on a mesh.

vertices (V, 3) float64; faces (F, 3) int64, counter-clockwise seen from outside once oriented;
points (M, 3) float64. Generalised winding number (Jacobson et al. 2013): w(x) = sum over faces
of the signed solid angle the face subtends at x, over 4 pi; 1 inside a closed outward surface,
0 outside, and a smooth, still meaningful value where the surface has holes.
"""

from __future__ import annotations

import numpy as np


def weld(vertices: np.ndarray, faces: np.ndarray, tolerance: float):
    """Merge vertices closer than `tolerance` (on a grid of that size), drop faces that lose a
    corner, and faces that repeat another's corners. Returns (vertices, faces, merged, dropped)."""
    key = np.round(vertices / max(tolerance, 1e-300)).astype(np.int64)
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    new_vertices = vertices[first]
    f = inverse[faces]
    ok = (f[:, 0] != f[:, 1]) & (f[:, 1] != f[:, 2]) & (f[:, 2] != f[:, 0])
    f = f[ok]
    _, unique_faces = np.unique(np.sort(f, axis=1), axis=0, return_index=True)
    kept = f[np.sort(unique_faces)]
    return new_vertices, kept, len(vertices) - len(new_vertices), len(faces) - len(kept)


def face_areas(vertices, faces) -> np.ndarray:
    tri = vertices[faces]
    return 0.5 * np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)


def orient_coherently(faces: np.ndarray):
    """Flip faces so that neighbours across every two-face edge wind it in opposite directions.
    Returns (faces, patch (F,) label of the coherent patches, flipped (F,) bool). A non-manifold
    edge (three or more faces) does not join patches; a Moebius-like patch keeps one seam."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import breadth_first_order, connected_components

    n = len(faces)
    directed = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    owner = np.tile(np.arange(n), 3)
    undirected = np.sort(directed, axis=1)
    _, edge_id, counts = np.unique(undirected, axis=0, return_inverse=True, return_counts=True)
    edge_id = edge_id.reshape(-1)
    two = counts[edge_id] == 2
    order = np.argsort(edge_id[two], kind="stable")
    pair_owner = owner[two][order].reshape(-1, 2)
    pair_same = (directed[two][order][:, 0].reshape(-1, 2)[:, 0] == directed[two][order][:, 0].reshape(-1, 2)[:, 1])
    # same start vertex on a shared edge: the two faces wind it the same way, one must flip
    graph = coo_matrix((np.ones(len(pair_owner)), (pair_owner[:, 0], pair_owner[:, 1])), shape=(n, n)).tocsr()
    graph = graph + graph.T
    flip_edge = coo_matrix((pair_same.astype(np.float64) + 1.0, (pair_owner[:, 0], pair_owner[:, 1])), shape=(n, n))
    flip_edge = (flip_edge + flip_edge.T).tocsr()
    _, patch = connected_components(graph, directed=False)
    flipped = np.zeros(n, dtype=bool)
    for root in np.unique(patch, return_index=True)[1]:
        visit, parent = breadth_first_order(graph, root, directed=False, return_predecessors=True)
        for face in visit[1:]:
            p = parent[face]
            needs = flip_edge[p, face] == 2.0            # stored as 1 + same
            flipped[face] = flipped[p] ^ needs
    out = faces.copy()
    out[flipped] = out[flipped][:, ::-1]
    return out, patch, flipped


def winding_numbers(points: np.ndarray, vertices: np.ndarray, faces: np.ndarray, chunk: int = 4096,
                    device="cpu") -> np.ndarray:
    """Generalised winding numbers (M,) of the faces at the points (Van Oosterom and Strackee's
    solid angle, summed in torch in chunks)."""
    import torch

    tri = torch.as_tensor(vertices[faces], dtype=torch.float64, device=device)          # (F, 3, 3)
    out = np.empty(len(points))
    face_chunk = max(1, int(2e6 // max(len(points[:chunk]), 1)))
    for start in range(0, len(points), chunk):
        x = torch.as_tensor(points[start:start + chunk], dtype=torch.float64, device=device)
        total = torch.zeros(len(x), dtype=torch.float64, device=device)
        for fs in range(0, len(tri), face_chunk):
            t = tri[fs:fs + face_chunk]
            a, b, c = (t[None, :, i] - x[:, None] for i in range(3))
            la, lb, lc = a.norm(dim=-1), b.norm(dim=-1), c.norm(dim=-1)
            det = (a * torch.cross(b, c, dim=-1)).sum(-1)
            denom = la * lb * lc + (a * b).sum(-1) * lc + (b * c).sum(-1) * la + (c * a).sum(-1) * lb
            total += 2 * torch.atan2(det, denom).sum(1)
        out[start:start + chunk] = (total / (4 * np.pi)).cpu().numpy()
    return out


def closest_points(points: np.ndarray, vertices: np.ndarray, faces: np.ndarray, candidates: int = 16):
    """For each point, the closest point on the mesh among the `candidates` faces whose centroids
    are nearest (exact for faces no larger than the local spacing): (closest (M, 3), distance (M,),
    face (M,))."""
    from .neighbors import kdtree

    tri = vertices[faces]
    k = int(min(candidates, len(faces)))
    _, cand = kdtree(tri.mean(1)).query(points, k=k, workers=-1)
    cand = cand.reshape(len(points), k)
    best = np.full(len(points), np.inf)
    closest = np.zeros_like(points)
    face = np.zeros(len(points), dtype=np.int64)
    for j in range(k):
        q = closest_on_triangles(points, tri[cand[:, j]])
        d = np.linalg.norm(q - points, axis=1)
        better = d < best
        best[better], closest[better], face[better] = d[better], q[better], cand[better, j]
    return closest, best, face


def closest_on_triangles(p: np.ndarray, tri: np.ndarray) -> np.ndarray:
    """Closest point on triangle tri[i] (M, 3, 3) to p[i] (M, 3), by Ericson's region tests."""
    a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
    ab, ac, ap = b - a, c - a, p - a
    d1, d2 = (ab * ap).sum(1), (ac * ap).sum(1)
    bp = p - b
    d3, d4 = (ab * bp).sum(1), (ac * bp).sum(1)
    cp = p - c
    d5, d6 = (ab * cp).sum(1), (ac * cp).sum(1)
    va = d3 * d6 - d5 * d4
    vb = d5 * d2 - d1 * d6
    vc = d1 * d4 - d3 * d2
    safe = lambda x: np.where(np.abs(x) < 1e-300, 1e-300, x)
    denom = safe(va + vb + vc)
    v, w = vb / denom, vc / denom
    out = a + ab * v[:, None] + ac * w[:, None]                          # inside the face
    t_ab = d1 / safe(d1 - d3)
    on_ab = (vc <= 0) & (d1 >= 0) & (d3 <= 0)
    out = np.where(on_ab[:, None], a + ab * t_ab[:, None], out)
    t_ac = d2 / safe(d2 - d6)
    on_ac = (vb <= 0) & (d2 >= 0) & (d6 <= 0)
    out = np.where(on_ac[:, None], a + ac * t_ac[:, None], out)
    t_bc = (d4 - d3) / safe((d4 - d3) + (d5 - d6))
    on_bc = (va <= 0) & ((d4 - d3) >= 0) & ((d5 - d6) >= 0)
    out = np.where(on_bc[:, None], b + (c - b) * t_bc[:, None], out)
    out = np.where(((d1 <= 0) & (d2 <= 0))[:, None], a, out)
    out = np.where(((d3 >= 0) & (d4 <= d3))[:, None], b, out)
    out = np.where(((d6 >= 0) & (d5 <= d6))[:, None], c, out)
    return out


def self_intersections(vertices: np.ndarray, faces: np.ndarray, chunk: int = 200000) -> np.ndarray:
    """(P, 2) int64 pairs of faces (i < j) that cross each other, faces sharing a vertex left out
    (they meet by construction). Candidates are the pairs whose bounding boxes share a cell of a
    uniform grid sized to the faces; each is tested exactly by crossing edges (an edge of one face
    passes through the other: Moller-Trumbore). Coplanar overlaps are not counted."""
    tri = vertices[faces]
    lo, hi = tri.min(axis=1), tri.max(axis=1)
    size = float(np.median((hi - lo).max(axis=1))) * 2 + 1e-12
    pairs = _box_pairs(lo, hi, size, vertices.min(axis=0))
    if len(pairs) == 0:
        return np.zeros((0, 2), np.int64)
    shared = (faces[pairs[:, 0]][:, :, None] == faces[pairs[:, 1]][:, None, :]).any(axis=(1, 2))
    pairs = pairs[~shared]
    overlap = ((lo[pairs[:, 0]] <= hi[pairs[:, 1]]) & (lo[pairs[:, 1]] <= hi[pairs[:, 0]])).all(axis=1)
    pairs = pairs[overlap]
    hits = [pairs[start:start + chunk][_triangles_cross(tri[pairs[start:start + chunk, 0]],
                                                        tri[pairs[start:start + chunk, 1]])]
            for start in range(0, len(pairs), chunk)]
    return np.concatenate(hits) if hits else np.zeros((0, 2), np.int64)


def _box_pairs(lo, hi, size, origin) -> np.ndarray:
    """Unique pairs (i < j) of boxes that share at least one grid cell of side `size`."""
    first = np.floor((lo - origin) / size).astype(np.int64)
    last = np.floor((hi - origin) / size).astype(np.int64)
    span = last - first + 1
    count = span.prod(axis=1)
    owner = np.repeat(np.arange(len(lo)), count)
    # The k-th cell of a box: offsets enumerated in its span (row-major).
    k = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    s = span[owner]
    offset = np.stack([k // (s[:, 1] * s[:, 2]), (k // s[:, 2]) % s[:, 1], k % s[:, 2]], axis=1)
    cell = first[owner] + offset
    cell -= cell.min(axis=0)
    dims = cell.max(axis=0) + 1
    key = (cell[:, 0] * dims[1] + cell[:, 1]) * dims[2] + cell[:, 2]
    order = np.argsort(key, kind="stable")
    key, owner = key[order], owner[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sizes = np.diff(np.r_[starts, len(key)])
    pairs = []
    for n in np.unique(sizes[sizes > 1]):
        groups = starts[sizes == n][:, None] + np.arange(n)[None]
        members = owner[groups]
        a, b = np.triu_indices(n, 1)
        pairs.append(np.stack([members[:, a].reshape(-1), members[:, b].reshape(-1)], axis=1))
    if not pairs:
        return np.zeros((0, 2), np.int64)
    pairs = np.sort(np.concatenate(pairs), axis=1)
    return np.unique(pairs, axis=0)


def _triangles_cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(P,) bool: does an edge of triangle a[p] pass through triangle b[p], or one of b's through a?"""
    hit = np.zeros(len(a), dtype=bool)
    for first, second in ((a, b), (b, a)):
        for i in range(3):
            hit |= _segment_hits_triangle(first[:, i], first[:, (i + 1) % 3], second)
    return hit


def _segment_hits_triangle(p: np.ndarray, q: np.ndarray, tri: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    """(P,) bool: the segment p-q crosses the triangle's interior (Moller-Trumbore, t in (0, 1))."""
    direction = q - p
    e1, e2 = tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]
    h = np.cross(direction, e2)
    det = np.einsum("ni,ni->n", e1, h)
    scale = np.linalg.norm(e1, axis=1) * np.linalg.norm(e2, axis=1) * np.linalg.norm(direction, axis=1)
    ok = np.abs(det) > eps * np.maximum(scale, 1e-300)
    inv = 1.0 / np.where(ok, det, 1.0)
    s = p - tri[:, 0]
    u = inv * np.einsum("ni,ni->n", s, h)
    qv = np.cross(s, e1)
    v = inv * np.einsum("ni,ni->n", direction, qv)
    t = inv * np.einsum("ni,ni->n", e2, qv)
    return ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > 0) & (t < 1)
