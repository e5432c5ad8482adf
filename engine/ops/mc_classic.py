"""Classic marching cubes (Lorensen and Cline 1987): the 15-case table with complementary symmetry.

Kept as a selectable extractor to show the failure it is known for: a cube with more than four
inside corners is triangulated as its complement (outside corners separated), a cube with at most
four as itself (inside corners separated), so two neighbours can join the corners of an ambiguous
shared face differently and leave a hole there. `marching_cubes` in isosurface.py (Lewiner) does
not; tests/engine/test_isosurface.py shows both on the same fields.

values: (X, Y, Z) float grid, inside where values > level. Returns vertices (V, 3) float64 in
node index space and faces (F, 3) int64 wound counter-clockwise seen from outside (the
convention of isosurface.marching_cubes). Vertices on a grid edge are shared by the cubes
around it, so a hole shows as boundary edges.

The table is not typed in: it is derived once from the rule above. On each cube face the edge
crossings are joined into segments (on an ambiguous face, so that each inside corner is cut off
alone), the segments form closed loops around the cube, and each loop is fanned into triangles
oriented from the inside corners to the outside ones.
"""

from __future__ import annotations

import functools

import numpy as np

# Corner k of a cube at node (i, j, k) + CORNERS[k]; edge e joins corners EDGES[e].
CORNERS = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]])
EDGES = np.array([[0, 1], [1, 2], [3, 2], [0, 3], [4, 5], [5, 6], [7, 6], [4, 7], [0, 4], [1, 5], [2, 6], [3, 7]])
# Faces as corner cycles.
FACES = [(0, 1, 2, 3), (4, 5, 6, 7), (0, 1, 5, 4), (3, 2, 6, 7), (0, 3, 7, 4), (1, 2, 6, 5)]


def _edge_of(a: int, b: int) -> int:
    for e, (p, q) in enumerate(EDGES):
        if {p, q} == {a, b}:
            return e
    raise KeyError((a, b))


def _face_segments(inside: list, face: tuple) -> list:
    """Segments (edge, edge) on one face; an inside corner between two crossings is cut off alone."""
    crossings = [(_edge_of(face[i], face[(i + 1) % 4]), i) for i in range(4)
                 if inside[face[i]] != inside[face[(i + 1) % 4]]]
    if len(crossings) == 2:
        return [(crossings[0][0], crossings[1][0])]
    if len(crossings) == 4:  # ambiguous: two diagonal inside corners; join the edges around each
        segments = []
        for i in range(4):
            if inside[face[i]]:
                segments.append((_edge_of(face[i - 1], face[i]), _edge_of(face[i], face[(i + 1) % 4])))
        return segments
    return []


def _loops(segments: list) -> list:
    """Closed loops of edges from segments (each crossed edge lies on two faces: degree 2)."""
    neighbours: dict = {}
    for a, b in segments:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    seen, loops = set(), []
    for start in neighbours:
        if start in seen:
            continue
        loop, previous, current = [start], None, start
        seen.add(start)
        while True:
            options = [n for n in neighbours[current] if n != previous]
            nxt = options[0] if options else neighbours[current][0]
            if nxt == start:
                break
            loop.append(nxt)
            seen.add(nxt)
            previous, current = current, nxt
        loops.append(loop)
    return loops


def _triangulate(inside: list) -> list:
    """Triangles (as edge triples) of one corner configuration, wound outward."""
    midpoints = CORNERS[EDGES].mean(axis=1)
    segments = [s for face in FACES for s in _face_segments(inside, face)]
    triangles = []
    for loop in _loops(segments):
        points = midpoints[loop]
        normal = np.cross(points - points.mean(0), np.roll(points, -1, axis=0) - points.mean(0)).sum(0)
        outward = sum(CORNERS[EDGES[e][1]] - CORNERS[EDGES[e][0]] if inside[EDGES[e][0]]
                      else CORNERS[EDGES[e][0]] - CORNERS[EDGES[e][1]] for e in loop)
        if normal @ outward < 0:
            loop = loop[::-1]
        triangles += [(loop[0], loop[i], loop[i + 1]) for i in range(1, len(loop) - 1)]
    return triangles


@functools.lru_cache(maxsize=1)
def classic_table() -> tuple[np.ndarray, np.ndarray]:
    """(table (256, T, 3) edge ids, -1 padded; counts (256,)): cube index bit k = corner k inside.
    A cube with more than four inside corners takes its complement's triangles, turned over."""
    rows = []
    for index in range(256):
        inside = [bool(index >> k & 1) for k in range(8)]
        if sum(inside) > 4:
            rows.append([t[::-1] for t in _triangulate([not x for x in inside])])
        else:
            rows.append(_triangulate(inside))
    width = max(len(r) for r in rows)
    table = np.full((256, width, 3), -1, dtype=np.int64)
    for i, r in enumerate(rows):
        if r:
            table[i, : len(r)] = r
    return table, np.array([len(r) for r in rows])


def marching_cubes_classic(values: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """The 15-case table over the whole grid, padded with one outside layer (so, apart from the
    holes this table makes, the surface closes at the grid's border)."""
    values = np.asarray(values, dtype=np.float64)
    padded = np.pad(values, 1, mode="constant", constant_values=min(float(values.min()), level) - 1.0)
    inside = padded > level
    nx, ny, nz = padded.shape
    index = np.zeros((nx - 1, ny - 1, nz - 1), dtype=np.int64)
    for k, (a, b, c) in enumerate(CORNERS):
        index |= inside[a:nx - 1 + a, b:ny - 1 + b, c:nz - 1 + c].astype(np.int64) << k
    table, counts = classic_table()
    cells = np.flatnonzero(counts[index.ravel()] > 0)
    if len(cells) == 0:
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    cube = np.stack(np.unravel_index(cells, index.shape), axis=1)          # (C, 3)
    tris = table[index.ravel()[cells]]                                      # (C, T, 3)
    valid = tris[:, :, 0] >= 0
    cube_of = np.repeat(np.arange(len(cells)), valid.sum(1))
    edges = tris[valid]                                                     # (F, 3)
    # Each triangle corner is a grid edge: its lower node and axis give a global id.
    lower = cube[cube_of][:, None, :] + CORNERS[EDGES[edges, 0]]            # (F, 3, 3)
    upper = cube[cube_of][:, None, :] + CORNERS[EDGES[edges, 1]]
    axis = np.argmax(upper - lower, axis=-1)
    start = np.minimum(lower, upper)
    key = (np.ravel_multi_index(tuple(start.reshape(-1, 3).T), padded.shape) * 3 + axis.ravel())
    unique, inverse = np.unique(key, return_inverse=True)
    node = np.stack(np.unravel_index(unique // 3, padded.shape), axis=1)
    step = np.eye(3, dtype=np.int64)[unique % 3]
    v0 = padded[tuple(node.T)]
    v1 = padded[tuple((node + step).T)]
    t = np.clip((level - v0) / np.where(v1 == v0, 1e-30, v1 - v0), 0.0, 1.0)
    vertices = node + t[:, None] * step - 1.0
    faces = inverse.reshape(-1, 3)
    keep = (faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2]) & (faces[:, 2] != faces[:, 0])
    return vertices.astype(np.float64), faces[keep].astype(np.int64)
