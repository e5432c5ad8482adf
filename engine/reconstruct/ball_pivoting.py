"""Ball pivoting (Bernardini et al. 1999): the explicit baseline, a mesh through the points.

A ball of radius rho rests on three points with no other point inside it: that is a triangle.
The ball then pivots around each edge of the front until it touches another point, which makes
the next triangle. Where no point is reached (sparse or missing data, an edge of the scan), the
edge stays a boundary: ball pivoting leaves holes, and the quality report says how many boundary
edges there are. Several radii are run from small to large (`radii`, in multiples of the mean
point spacing), each larger one pivoting on the boundary the smaller left, then seeding anew.

The ball lies on the outer side of each triangle, as given by the oriented normals; triangles
are wound counter-clockwise seen from outside. A directed edge belongs to at most one triangle
and an edge to at most two, so the result is edge-manifold; it can still be pinched at vertices.
points (N, 3) float64 world, normals (N, 3) unit outward; faces (F, 3) int64 into the points.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from ..config import from_dict, param
from .common import CloudConfig


@dataclass
class Config(CloudConfig):
    """Settings of ball pivoting (after the shared cleaning and normals ones)."""

    radii: str = param("1.5,3,6", "Ball radii as multiples of the mean point spacing, smallest first "
                                  "(comma separated); larger radii close bigger gaps and lose detail.")
    max_points: int = param(200000, "Thin larger clouds to about this many points first (ball pivoting "
                                    "runs point by point).", minimum=100, maximum=5000000)


def parse_radii(text: str) -> list:
    from ..errors import EngineError

    try:
        radii = [float(r) for r in str(text).split(",") if r.strip()]
    except ValueError:
        radii = []
    if not radii or any(not (0 < r < 1000) for r in radii):
        raise EngineError("BAD_PARAMS", f"The radii {str(text)[:60]!r} are not a list of positive numbers.",
                          "Give multiples of the point spacing, e.g. 1.5,3,6.")
    return sorted(radii)


def cross(u, v):
    """Row-wise cross product of (M, 3) arrays (np.cross's axis handling costs more than the
    product on the small arrays of one pivot)."""
    return np.stack([u[:, 1] * v[:, 2] - u[:, 2] * v[:, 1], u[:, 2] * v[:, 0] - u[:, 0] * v[:, 2],
                     u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]], axis=1)


def ball_centres(a, b, c, rho: float):
    """Centres of the radius-rho balls through triangles (a, b, c), each broadcast to (M, 3), on the
    side of (b - a) x (c - a): (centres (M, 3), valid (M,) False where the triangle is degenerate
    or its circumradius exceeds rho)."""
    m = max(len(np.atleast_2d(x)) for x in (a, b, c))
    a, b, c = (np.broadcast_to(np.atleast_2d(np.asarray(x, dtype=np.float64)), (m, 3)) for x in (a, b, c))
    ab, ac = b - a, c - a
    n = cross(ab, ac)
    nn = (n * n).sum(1)
    safe = np.maximum(nn, 1e-300)
    circum = a + (cross(n, ab) * (ac * ac).sum(1)[:, None] + cross(ac, n) * (ab * ab).sum(1)[:, None]) / (
        2 * safe[:, None])
    h2 = rho * rho - ((circum - a) ** 2).sum(1)
    valid = (nn > 1e-24) & (h2 >= 0)
    return circum + np.sqrt(np.maximum(h2, 0))[:, None] * n / np.sqrt(safe)[:, None], valid


def _flatten(lists):
    """Ragged k-d tree answers -> (items (M,) int64, owner (M,) int64: the list each came from)."""
    import itertools

    counts = np.fromiter(map(len, lists), np.int64, len(lists))
    items = np.fromiter(itertools.chain.from_iterable(lists), np.int64, int(counts.sum()))
    return items, np.repeat(np.arange(len(lists)), counts)


def _rank_within(owner) -> np.ndarray:
    """Position of each row within its owner's run (owner sorted)."""
    return np.arange(len(owner)) - np.searchsorted(owner, owner)


class Mesher:
    """The front-advancing state of one ball-pivoting run."""

    def __init__(self, points, normals, tree, check=None):
        self.p, self.n, self.tree = points, normals, tree
        self.check = check
        self.faces: list = []
        self.directed: dict = {}          # (a, b) -> (third vertex, ball centre) of its triangle
        self.used = np.zeros(len(points), dtype=bool)
        self.edge_faces: dict = {}        # undirected edge -> its number of triangles
        self.open_edges = np.zeros(len(points), dtype=np.int64)   # edges with one triangle, per point
        self.front: deque = deque()
        self.boundary: list = []

    def add(self, a, b, c, centre):
        self.faces.append((a, b, c))
        for u, v, w in ((a, b, c), (b, c, a), (c, a, b)):
            self.directed[(u, v)] = (w, centre)
            if (v, u) not in self.directed:
                self.front.append((u, v))
            key = (min(u, v), max(u, v))
            count = self.edge_faces.get(key, 0) + 1
            self.edge_faces[key] = count
            self.open_edges[[u, v]] += 1 if count == 1 else -1
        self.used[[a, b, c]] = True

    def can_use(self, a, b, c) -> bool:
        return not any(e in self.directed for e in ((a, b), (b, c), (c, a)))

    def seed(self, rho, start: int, chunk: int = 256) -> bool:
        """A first triangle at an unused point from `start` on (its 12 nearest unused neighbours,
        pairs nearest first); False when none is left. Candidate points are tried a chunk at a
        time, all their triangles and balls at once; the first point (in index order) with an
        empty ball wins, as if they were tried one by one."""
        unused = np.flatnonzero(~self.used[start:]) + start
        for at in range(0, len(unused), chunk):
            if self.check is not None:
                self.check()
            found = self._seed_among(unused[at:at + chunk], rho)
            if found is not None:
                i, b, c, centre = found
                self.add(i, b, c, centre)
                self.seed_from = i
                return True
        return False

    def _seed_among(self, points, rho, nearest: int = 12):
        """(i, b, c, ball centre) of the first of `points` that can seed, or None."""
        p, n = self.p, self.n
        near, owner = _flatten(self.tree.query_ball_point(p[points], 2 * rho))
        keep = (near != points[owner]) & ~self.used[near]
        near, owner = near[keep], owner[keep]
        order = np.lexsort((((p[near] - p[points[owner]]) ** 2).sum(1), owner))
        near, owner = near[order], owner[order]
        rank = _rank_within(owner)
        take = rank < nearest
        table = np.full((len(points), nearest), -1, dtype=np.int64)
        table[owner[take], rank[take]] = near[take]
        first, second = np.triu_indices(nearest, 1)
        j, k = table[:, first].reshape(-1), table[:, second].reshape(-1)
        who = np.repeat(np.arange(len(points)), len(first))
        real = (j >= 0) & (k >= 0)
        j, k, who = j[real], k[real], who[real]
        i = points[who]
        turn = (cross(p[j] - p[i], p[k] - p[i]) * n[i]).sum(1) <= 0
        b, c = np.where(turn, k, j), np.where(turn, j, k)
        centres, valid = ball_centres(p[i], p[b], p[c], rho)
        normal = cross(p[b] - p[i], p[c] - p[i])
        agree = ((normal * n[i]).sum(1) > 0) & ((normal * n[b]).sum(1) > 0) & ((normal * n[c]).sum(1) > 0)
        ok = np.flatnonzero(valid & agree)
        if len(ok) == 0:
            return None
        empty = self._empty_balls(centres[ok], rho, (i[ok], b[ok], c[ok]))
        if not empty.any():
            return None
        x = ok[np.flatnonzero(empty)[0]]   # the first point's first pair: rows are in that order
        return int(i[x]), int(b[x]), int(c[x]), centres[x]

    def pivot_batch(self, edges, rho, tries: int = 24):
        """Pivot the ball of each front edge's triangle around it, all edges at once: per edge
        a -> b, None or (v, ball centre, whether the new triangle (b, a, v) faces along v's
        normal), v the first point the rolling ball touches. A candidate whose ball holds another point is passed over (that
        point was out of reach at this radius); the first `tries` candidates by angle are tried.
        The result of an edge depends only on its own triangle, not on the rest of the front, so
        a batch gives what edge-by-edge pivoting gives."""
        p = self.p
        a = np.fromiter((e[0] for e in edges), np.int64, len(edges))
        b = np.fromiter((e[1] for e in edges), np.int64, len(edges))
        third = [self.directed[e] for e in edges]
        k = np.fromiter((t[0] for t in third), np.int64, len(edges))
        c0 = np.stack([t[1] for t in third])
        m = (p[a] + p[b]) / 2
        e = (p[b] - p[a]) / np.linalg.norm(p[b] - p[a], axis=1, keepdims=True)
        u0 = c0 - m - ((c0 - m) * e).sum(1)[:, None] * e
        cand, owner = _flatten(self.tree.query_ball_point(m, 2 * rho))
        keep = (cand != a[owner]) & (cand != b[owner]) & (cand != k[owner])
        cand, owner = cand[keep], owner[keep]
        centres, valid = ball_centres(p[b[owner]], p[a[owner]], p[cand], rho)
        cand, owner, centres = cand[valid], owner[valid], centres[valid]
        eo, mo = e[owner], m[owner]
        u1 = centres - mo - ((centres - mo) * eo).sum(1)[:, None] * eo
        angle = np.arctan2((cross(u0[owner], u1) * eo).sum(1), (u1 * u0[owner]).sum(1)) % (2 * np.pi)
        order = np.lexsort((angle, owner))
        cand, owner, centres = cand[order], owner[order], centres[order]
        rank = _rank_within(owner)
        tried = rank < tries
        cand, owner, centres, rank = cand[tried], owner[tried], centres[tried], rank[tried]
        # Each edge's first candidate is usually the answer: test those balls, then the others'
        # only for the edges whose first ball held a point.
        empty = np.zeros(len(cand), dtype=bool)
        first = rank == 0
        empty[first] = self._empty_balls(centres[first], rho, (a[owner[first]], b[owner[first]], cand[first]))
        solved = np.zeros(len(edges), dtype=bool)
        solved[owner[first & empty]] = True
        rest = ~first & ~solved[owner]
        empty[rest] = self._empty_balls(centres[rest], rho, (a[owner[rest]], b[owner[rest]], cand[rest]))
        results = [None] * len(edges)
        hits = np.flatnonzero(empty)
        _, first = np.unique(owner[hits], return_index=True)
        hits = hits[first]
        # Does the new triangle (b, a, v) face the way v's normal does?
        o = owner[hits]
        facing = (cross(p[a[o]] - p[b[o]], p[cand[hits]] - p[b[o]]) * self.n[cand[hits]]).sum(1) > 0
        for h, agrees in zip(hits, facing):
            results[int(owner[h])] = (int(cand[h]), centres[h], bool(agrees))
        return results

    def _empty_balls(self, centres, rho, own) -> np.ndarray:
        """(M,) bool: the ball holds no point but (possibly, within rounding) its own three."""
        shrunk = rho * (1 - 1e-6)
        inside = self.tree.query_ball_point(centres, shrunk, return_length=True)
        own_inside = sum((((self.p[o] - centres) ** 2).sum(1) < shrunk * shrunk).astype(np.int64) for o in own)
        return inside - own_inside == 0

    def expand(self, rho, batch: int = 4096):
        """Advance the front until every edge is glued or a boundary: the pivots of a batch of
        front edges are found together, then applied in front order."""
        while self.front:
            if self.check is not None:
                self.check()
            edges = []
            while self.front and len(edges) < batch:
                a, b = self.front.popleft()
                if (b, a) not in self.directed:
                    edges.append((a, b))
            if not edges:
                break
            for (a, b), found in zip(edges, self.pivot_batch(edges, rho)):
                if (b, a) in self.directed:
                    continue                                  # glued meanwhile
                if found is not None:
                    v, centre, facing = found
                    if facing and self.can_use(b, a, v) and self._open_vertex(v):
                        self.add(b, a, v, centre)
                        continue
                self.boundary.append((a, b))

    def _open_vertex(self, v) -> bool:
        """A point may join if it is unused or still on the front (it has a boundary edge)."""
        return not self.used[v] or self.open_edges[v] > 0

    def run(self, radii):
        self.seed_from = 0
        for rho in radii:
            pending, self.boundary = self.boundary, []
            self.front.extend(e for e in pending if (e[1], e[0]) not in self.directed)
            self.expand(rho)
            start = 0
            while self.seed(rho, start):
                start = self.seed_from
                self.expand(rho)
        return np.array(self.faces, dtype=np.int64).reshape(-1, 3)


class BallPivoting:
    task = "reconstruct"
    name = "ball_pivoting"
    summary = "Ball pivoting: triangles through the points themselves; keeps every sample, leaves holes."
    Config = Config
    stages = {"load": 0.05, "clean": 0.05, "normals": 0.1, "orient": 0.1, "mesh": 0.65, "report": 0.05}

    @staticmethod
    def parse_config(params: dict) -> Config:
        config = from_dict(Config, params)
        parse_radii(config.radii)
        return config

    @staticmethod
    def run(inputs: dict, config: Config, ctx):
        from ..ops.neighbors import kdtree, voxel_downsample_indices
        from .common import check_not_flat, clean_cloud, load_cloud, oriented_normals, surface_result

        ctx.stage("load", "Reading the input")
        cloud, _ = load_cloud(inputs, config.mesh_samples, config.seed)
        check_not_flat(cloud.points)
        n_input = len(cloud)
        if len(cloud) > config.max_points:
            extent = float((cloud.points.max(0) - cloud.points.min(0)).max())
            voxel = extent / np.sqrt(config.max_points / 2)
            cloud = cloud.subset(np.isin(np.arange(len(cloud)), voxel_downsample_indices(cloud.points, voxel)))
        ctx.stage("clean", "Removing outliers")
        cloud, tree, dist_knn, neighbors = clean_cloud(cloud, config, ctx)
        ctx.stage("normals", "Estimating normals")
        normals = oriented_normals(cloud, neighbors, dist_knn, config, ctx)
        ctx.stage("mesh", "Pivoting the ball")
        spacing = float(np.mean(dist_knn[:, 0]))
        radii = [r * spacing for r in parse_radii(config.radii)]
        mesher = Mesher(cloud.points, normals, kdtree(cloud.points), ctx.check)
        faces = mesher.run(radii)
        ctx.check()
        if len(faces) == 0:
            from ..errors import bad_input

            raise bad_input("The ball found no triangle; the points may be too sparse for these radii.",
                            "Try larger radii.")
        used = np.unique(faces)
        remap = -np.ones(len(cloud), dtype=np.int64)
        remap[used] = np.arange(len(used))
        vertices, faces = cloud.points[used], remap[faces]
        ctx.stage("report", "Measuring the result")
        report = {"input_points": n_input, "points_used": int(len(used)), "points_left_out": int(len(cloud) - len(used)),
                  "radii": radii, "mean_spacing": spacing}
        return surface_result(vertices, faces, cloud.points, report, config.seed)
