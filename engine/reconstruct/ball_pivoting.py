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


class Mesher:
    """The front-advancing state of one ball-pivoting run."""

    def __init__(self, points, normals, tree):
        self.p, self.n, self.tree = points, normals, tree
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

    def first_empty(self, centres, rho, owners) -> int | None:
        """Index of the first ball (in the given order) holding no point but its own three (one
        k-d tree call for all of them)."""
        inside = self.tree.query_ball_point(centres, rho * (1 - 1e-6))
        for i, points in enumerate(inside):
            if all(q in owners[i] for q in points):
                return i
        return None

    def seed(self, rho, start: int) -> bool:
        """A first triangle at an unused point from `start` on (its 12 nearest unused neighbours,
        pairs nearest first); False when none is left."""
        p, n = self.p, self.n
        for i in range(start, len(p)):
            if self.used[i]:
                continue
            near = np.array([j for j in self.tree.query_ball_point(p[i], 2 * rho) if j != i and not self.used[j]],
                            dtype=np.int64)
            if len(near) < 2:
                continue
            near = near[np.argsort(((p[near] - p[i]) ** 2).sum(1))][:12]
            first, second = np.triu_indices(len(near), 1)
            j, k = near[first], near[second]
            turn = np.cross(p[j] - p[i], p[k] - p[i]) @ n[i] <= 0
            b, c = np.where(turn, k, j), np.where(turn, j, k)
            centres, valid = ball_centres(p[i], p[b], p[c], rho)
            normal = np.cross(p[b] - p[i], p[c] - p[i])
            agree = (normal @ n[i] > 0) & ((normal * n[b]).sum(1) > 0) & ((normal * n[c]).sum(1) > 0)
            ok = np.flatnonzero(valid & agree)
            if len(ok) == 0:
                continue
            hit = self.first_empty(centres[ok], rho, [(i, int(b[x]), int(c[x])) for x in ok])
            if hit is not None:
                x = ok[hit]
                self.add(i, int(b[x]), int(c[x]), centres[x])
                self.seed_from = i
                return True
        return False

    def pivot(self, a, b, rho):
        """Pivot the ball of triangle (a, b, .) around edge a -> b: the first point it touches, v,
        with its ball centre (the new triangle is (b, a, v)), or None."""
        p = self.p
        k, c0 = self.directed[(a, b)]
        m = (p[a] + p[b]) / 2
        e = (p[b] - p[a]) / np.linalg.norm(p[b] - p[a])
        u0 = c0 - m - ((c0 - m) @ e) * e
        cand = np.array([v for v in self.tree.query_ball_point(m, 2 * rho) if v not in (a, b, k)], dtype=np.int64)
        if len(cand) == 0:
            return None
        centres, valid = ball_centres(p[b], p[a], p[cand], rho)
        cand, centres = cand[valid], centres[valid]
        u1 = centres - m - ((centres - m) @ e)[:, None] * e
        angle = np.arctan2(np.cross(u0, u1) @ e, u1 @ u0) % (2 * np.pi)
        # The first point the rolling ball touches; a candidate whose ball holds another point is
        # passed over (that point was out of reach at this radius); a few tries bound the cost.
        order = np.argsort(angle)[:24]
        hit = self.first_empty(centres[order], rho, [(a, b, int(cand[i])) for i in order])
        return None if hit is None else (int(cand[order[hit]]), centres[order[hit]])

    def expand(self, rho):
        while self.front:
            a, b = self.front.popleft()
            if (b, a) in self.directed:
                continue                                  # glued meanwhile
            found = self.pivot(a, b, rho)
            if found is not None:
                v, centre = found
                normal = np.cross(self.p[a] - self.p[b], self.p[v] - self.p[b])
                if self.can_use(b, a, v) and normal @ self.n[v] > 0 and self._open_vertex(v):
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
        mesher = Mesher(cloud.points, normals, kdtree(cloud.points))
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
