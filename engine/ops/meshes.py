"""Mesh topology and clean-up.

vertices: (V, 3) float; faces: (F, 3) int64 vertex indices; face_part: (F,) int.
"""

from __future__ import annotations

import numpy as np


def edges_with_counts(faces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique undirected edges (E, 2) and how many faces use each (E,)."""
    e = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    e.sort(axis=1)
    base = np.int64(e.max() + 1) if len(e) else np.int64(1)
    keys, counts = np.unique(e[:, 0] * base + e[:, 1], return_counts=True)
    return np.stack([keys // base, keys % base], axis=1), counts


def face_components(faces: np.ndarray, n_vertices: int) -> np.ndarray:
    """Connected component label (F,) of each face (faces sharing a vertex are connected)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if len(faces) == 0:
        return np.zeros(0, dtype=np.int64)
    rows = np.repeat(np.arange(len(faces)), 3)
    incidence = coo_matrix((np.ones(rows.size), (rows, faces.reshape(-1))), shape=(len(faces), n_vertices))
    _, labels = connected_components((incidence @ incidence.T).tocsr(), directed=False)
    return labels


def keep_largest_component(vertices, faces):
    """The component with the most faces, re-indexed; and how many components were dropped."""
    labels = face_components(faces, len(vertices))
    if len(labels) == 0:
        return vertices, faces, 0
    counts = np.bincount(labels)
    keep = labels == np.argmax(counts)
    v, f = remove_unused_vertices(vertices, faces[keep])
    return v, f, int(len(counts) - 1)


def drop_small_components(vertices, faces, fraction: float):
    """The mesh without its components of fewer faces than `fraction` times the largest one's,
    re-indexed; and how many were dropped. Closed components stay closed."""
    labels = face_components(faces, len(vertices))
    if len(labels) == 0:
        return vertices, faces, 0
    counts = np.bincount(labels)
    small = counts < fraction * counts.max()
    if not small.any():
        return vertices, faces, 0
    v, f = remove_unused_vertices(vertices, faces[~small[labels]])
    return v, f, int(small.sum())


def remove_unused_vertices(vertices, faces):
    used, inverse = np.unique(faces.reshape(-1), return_inverse=True)
    return vertices[used], inverse.reshape(faces.shape).astype(np.int64)


def vertex_manifold(faces: np.ndarray, n_vertices: int) -> bool:
    """True when the faces around every vertex form one fan (one edge-connected ring)."""
    if len(faces) == 0:
        return True
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    # Corner c = (face, vertex); link corners of the same vertex that share an edge of their faces.
    fv = faces
    corner_vertex = fv.reshape(-1)
    corner_id = np.arange(fv.size).reshape(fv.shape)
    pairs = []
    for a, b in ((0, 1), (1, 2), (2, 0)):
        # corners at a and b of one face lie on a shared edge with the matching corners of the neighbour
        edge = np.sort(np.stack([fv[:, a], fv[:, b]], axis=1), axis=1)
        pairs.append((edge, corner_id[:, a], corner_id[:, b], fv[:, a], fv[:, b]))
    edges = np.concatenate([p[0] for p in pairs])
    ca = np.concatenate([p[1] for p in pairs])
    cb = np.concatenate([p[2] for p in pairs])
    va = np.concatenate([p[3] for p in pairs])
    key = edges[:, 0] * np.int64(n_vertices) + edges[:, 1]
    order = np.argsort(key, kind="stable")
    key_sorted = key[order]
    same = key_sorted[1:] == key_sorted[:-1]
    i, j = order[:-1][same], order[1:][same]
    # For each shared edge, join the corner of vertex v in one face with the corner of v in the other.
    low_i = np.where(va[i] == edges[i, 0], ca[i], cb[i])
    low_j = np.where(va[j] == edges[j, 0], ca[j], cb[j])
    high_i = np.where(va[i] == edges[i, 0], cb[i], ca[i])
    high_j = np.where(va[j] == edges[j, 0], cb[j], ca[j])
    rows = np.concatenate([low_i, high_i])
    cols = np.concatenate([low_j, high_j])
    graph = coo_matrix((np.ones(rows.size), (rows, cols)), shape=(fv.size, fv.size))
    _, labels = connected_components(graph, directed=False)
    fans_per_vertex = np.bincount(corner_vertex[np.unique(labels, return_index=True)[1]], minlength=n_vertices)
    return bool(fans_per_vertex.max() <= 1)


def quality_report(vertices: np.ndarray, faces: np.ndarray) -> dict:
    """Watertight (every edge in exactly two faces, consistently wound), manifold (edges and
    vertices), components, boundary edges, genus (from the Euler characteristic when closed),
    signed volume and area."""
    faces = np.asarray(faces, dtype=np.int64)
    if len(faces) == 0:
        return {"faces": 0, "vertices": int(len(vertices)), "watertight": False, "manifold": False,
                "components": 0, "boundary_edges": 0, "non_manifold_edges": 0, "genus": None,
                "area": 0.0, "volume": 0.0}
    edges, counts = edges_with_counts(faces)
    boundary = int((counts == 1).sum())
    non_manifold_edges = int((counts > 2).sum())
    directed = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    directed_keys = directed[:, 0] * np.int64(len(vertices) + 1) + directed[:, 1]
    consistent = len(np.unique(directed_keys)) == len(directed_keys)
    edge_manifold = non_manifold_edges == 0
    manifold = edge_manifold and vertex_manifold(faces, len(vertices))
    components = int(face_components(faces, len(vertices)).max() + 1)
    watertight = boundary == 0 and edge_manifold and consistent
    used = len(np.unique(faces))
    euler = used - len(edges) + len(faces)
    genus = int(components - euler // 2) if watertight and euler % 2 == 0 else None
    tri = vertices[faces]
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    area = float(0.5 * np.linalg.norm(cross, axis=1).sum())
    volume = float(np.einsum("ij,ij->i", tri[:, 0], cross).sum() / 6.0)
    return {"faces": int(len(faces)), "vertices": int(len(vertices)), "watertight": bool(watertight),
            "manifold": bool(manifold), "components": components, "boundary_edges": boundary,
            "non_manifold_edges": non_manifold_edges, "genus": genus, "area": area, "volume": volume}
