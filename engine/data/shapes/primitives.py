"""Watertight part primitives, each with a signed distance that matches its mesh.

Every primitive lives in world units, Z up, with a pose: x_world = scale * R @ x_local + t.
  mesh() -> vertices (V, 3) float64, faces (F, 3) int64: closed, manifold, outward-facing.
  sdf(points (N, 3)) -> (N,) float64, negative inside (exact for boxes and lathes; for tubes
      the union of capsules, which the swept mesh follows to within its chord error).
Shapes:
  RoundedBox   half extents (3,) with an edge radius (0 gives a plain box).
  Lathe        a profile [(r, z), ...] revolved about local Z: from the axis back to the axis
               (solids: legs, vases, mugs, discs) or a closed loop away from it (rings, shades).
  Tube         a circle swept along a polyline with round end caps (bent legs, handles, arcs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def rotation(axis: str, degrees: float) -> np.ndarray:
    """(3, 3) rotation about a world axis ('x', 'y' or 'z')."""
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    i = "xyz".index(axis)
    j, k = (i + 1) % 3, (i + 2) % 3
    m = np.eye(3)
    m[j, j], m[j, k], m[k, j], m[k, k] = c, -s, s, c
    return m


@dataclass
class Primitive:
    rotation: np.ndarray = field(default_factory=lambda: np.eye(3))
    translation: np.ndarray = field(default_factory=lambda: np.zeros(3))
    scale: float = 1.0

    def mesh(self) -> tuple[np.ndarray, np.ndarray]:
        if getattr(self, "_mesh", None) is None:
            v, f = self.local_mesh()
            v = self.scale * v @ np.asarray(self.rotation).T + np.asarray(self.translation)
            self._mesh = (v, _outward(v, f))
        return self._mesh

    def sdf(self, points: np.ndarray) -> np.ndarray:
        local = (np.asarray(points, dtype=np.float64) - self.translation) @ np.asarray(self.rotation) / self.scale
        return self.scale * self.local_sdf(local)

    def transformed(self, scale: float, shift: np.ndarray) -> "Primitive":
        """The same primitive under x -> scale * x + shift (used to normalise a shape)."""
        import copy

        out = copy.copy(self)
        out._mesh = None
        out.scale = self.scale * scale
        out.translation = scale * np.asarray(self.translation, dtype=np.float64) + shift
        return out

    def local_mesh(self):
        raise NotImplementedError

    def local_sdf(self, p):
        raise NotImplementedError


def _outward(vertices, faces):
    """Flip the winding when the signed volume is negative (each primitive is one closed shell)."""
    t = vertices[faces]
    volume = np.einsum("ij,ij->i", t[:, 0], np.cross(t[:, 1], t[:, 2])).sum()
    return faces[:, ::-1].copy() if volume < 0 else faces


@dataclass
class RoundedBox(Primitive):
    half: tuple = (0.5, 0.5, 0.5)
    radius: float = 0.0
    segments: int = 3

    def local_sdf(self, p):
        h = np.asarray(self.half, dtype=np.float64)
        q = np.abs(p) - (h - self.radius)
        outside = np.linalg.norm(np.maximum(q, 0.0), axis=1)
        return outside + np.minimum(q.max(axis=1), 0.0) - self.radius

    def local_mesh(self):
        h = np.asarray(self.half, dtype=np.float64)
        r = float(min(self.radius, h.min()))
        coords = [_axis_coords(h[a], r, self.segments) for a in range(3)]
        verts, faces, offset = [], [], 0
        for axis in range(3):
            b, c = (axis + 1) % 3, (axis + 2) % 3
            cb, cc = np.meshgrid(coords[b], coords[c], indexing="ij")
            nb, nc = cb.shape
            for sign in (1.0, -1.0):
                v = np.zeros((nb * nc, 3))
                v[:, axis], v[:, b], v[:, c] = sign * h[axis], cb.ravel(), cc.ravel()
                idx = np.arange(nb * nc).reshape(nb, nc) + offset
                q = np.stack([idx[:-1, :-1], idx[1:, :-1], idx[1:, 1:], idx[:-1, 1:]], -1).reshape(-1, 4)
                tri = np.concatenate([q[:, [0, 1, 2]], q[:, [0, 2, 3]]])
                faces.append(tri if sign > 0 else tri[:, ::-1])
                verts.append(v)
                offset += len(v)
        v, f = weld(np.concatenate(verts), np.concatenate(faces))
        if r > 0:
            inner = np.clip(v, -(h - r), h - r)
            d = v - inner
            v = inner + r * d / np.linalg.norm(d, axis=1, keepdims=True)
        return v, f


def _axis_coords(half: float, r: float, segments: int) -> np.ndarray:
    """Grid coordinates along one axis: the flat part's ends plus arc steps into the rounded edge."""
    if r <= 0:
        return np.array([-half, half])
    arc = (half - r) + r * np.tan(np.linspace(0.0, np.pi / 4, segments + 1))
    arc[-1] = half  # exactly the face's coordinate, so that faces weld along their edges
    return np.unique(np.concatenate([-arc, arc]))


def weld(vertices, faces, decimals: int = 9):
    """Merge vertices at the same position; drop faces that collapse."""
    key = np.round(vertices, decimals)
    uniq, inverse = np.unique(key, axis=0, return_inverse=True)
    f = inverse.reshape(-1)[faces]
    keep = (f[:, 0] != f[:, 1]) & (f[:, 1] != f[:, 2]) & (f[:, 0] != f[:, 2])
    return uniq.astype(np.float64), f[keep]


@dataclass
class Lathe(Primitive):
    profile: tuple = ((0.0, 0.0), (0.5, 0.0), (0.5, 1.0), (0.0, 1.0))
    segments: int = 32

    def _points(self) -> np.ndarray:
        return np.asarray(self.profile, dtype=np.float64).reshape(-1, 2)

    def is_loop(self) -> bool:
        p = self._points()
        return not (p[0, 0] == 0 and p[-1, 0] == 0)

    def local_mesh(self):
        p = self._points()
        n = self.segments
        ang = np.linspace(0, 2 * np.pi, n, endpoint=False)
        ring_pts = p if self.is_loop() else p[1:-1]
        if (ring_pts[:, 0] <= 0).any():
            raise ValueError("a lathe profile may touch the axis only at its two ends")
        rings = np.stack([ring_pts[:, :1] * np.cos(ang), ring_pts[:, :1] * np.sin(ang),
                          np.repeat(ring_pts[:, 1:], n, axis=1)], axis=-1).reshape(-1, 3)
        m = len(ring_pts)
        idx = np.arange(m * n).reshape(m, n)
        nxt = np.roll(idx, -1, axis=1)
        pairs = list(zip(range(m - 1), range(1, m))) + ([(m - 1, 0)] if self.is_loop() else [])
        tris = []
        for a, b in pairs:
            tris += [np.stack([idx[a], nxt[b], idx[b]], 1), np.stack([idx[a], nxt[a], nxt[b]], 1)]
        verts = [rings]
        if not self.is_loop():
            bottom, top = m * n, m * n + 1
            verts.append(np.array([[0.0, 0.0, p[0, 1]], [0.0, 0.0, p[-1, 1]]]))
            tris.append(np.stack([np.full(n, bottom), nxt[0], idx[0]], 1))
            tris.append(np.stack([np.full(n, top), idx[-1], nxt[-1]], 1))
        return np.concatenate(verts), np.concatenate(tris).astype(np.int64)

    def local_sdf(self, p):
        q = np.stack([np.hypot(p[:, 0], p[:, 1]), p[:, 2]], axis=1)
        poly = self._points()
        closed = np.concatenate([poly, poly[:1]])
        a, b = closed[:-1], closed[1:]
        # The closing edge of an axis-to-axis profile lies on the axis: it counts for inside,
        # not as surface.
        surface = np.ones(len(a), dtype=bool)
        if not self.is_loop():
            surface[-1] = False
        return polygon_sdf(q, a, b, surface)


def polygon_sdf(q, a, b, surface) -> np.ndarray:
    """Signed distance (N,) from 2D points q (N, 2) to the polygon with edges a->b (S, 2);
    only edges marked `surface` count for the distance, all of them for inside (even-odd).
    One pass over the points per edge: S is small, N large."""
    x, y = q[:, 0], q[:, 1]
    best = np.full(len(q), np.inf)
    inside = np.zeros(len(q), dtype=bool)
    for (ax, ay), (bx, by), is_surface in zip(a, b, surface):
        ex, ey = bx - ax, by - ay
        dx, dy = x - ax, y - ay
        if is_surface:
            t = (dx * ex + dy * ey) * (1.0 / max(ex * ex + ey * ey, 1e-30))
            np.clip(t, 0.0, 1.0, out=t)
            px, py = dx - t * ex, dy - t * ey
            np.minimum(best, px * px + py * py, out=best)
        if ay != by:
            inside ^= ((ay > y) != (by > y)) & (x < ax + dy * (ex / ey))
    dist = np.sqrt(best)
    return np.where(inside, -dist, dist)


@dataclass
class Tube(Primitive):
    path: tuple = ((0.0, 0.0, 0.0), (0.0, 0.0, 1.0))
    radius: float = 0.05
    segments: int = 12
    cap_rings: int = 3

    def _path(self):
        p = np.asarray(self.path, dtype=np.float64).reshape(-1, 3)
        keep = np.ones(len(p), dtype=bool)
        keep[1:] = np.linalg.norm(np.diff(p, axis=0), axis=1) > 1e-12
        return p[keep]

    def local_sdf(self, p):
        path = self._path()
        best = np.full(len(p), np.inf)
        for a, b in zip(path[:-1], path[1:]):
            e = b - a
            d = p - a
            t = np.clip(d @ e / (e @ e), 0.0, 1.0)
            d -= t[:, None] * e
            np.minimum(best, np.einsum("ij,ij->i", d, d), out=best)
        return np.sqrt(best) - self.radius

    def local_mesh(self):
        path = self._path()
        seg = np.diff(path, axis=0)
        seg /= np.linalg.norm(seg, axis=1, keepdims=True)
        tangent = np.concatenate([seg[:1], seg[:-1] + seg[1:], seg[-1:]])
        tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
        normal = _perpendicular(tangent[0])
        n = self.segments
        ang = np.linspace(0, 2 * np.pi, n, endpoint=False)
        centres, radii, frames = [], [], []
        for k in range(self.cap_rings, 0, -1):  # start cap
            phi = np.pi / 2 * k / (self.cap_rings + 1)
            centres.append(path[0] - tangent[0] * self.radius * np.sin(phi))
            radii.append(self.radius * np.cos(phi))
            frames.append((tangent[0], normal))
        for i in range(len(path)):
            normal = normal - tangent[i] * (normal @ tangent[i])
            normal /= np.linalg.norm(normal)
            centres.append(path[i])
            radii.append(self.radius)
            frames.append((tangent[i], normal))
        for k in range(1, self.cap_rings + 1):  # end cap
            phi = np.pi / 2 * k / (self.cap_rings + 1)
            centres.append(path[-1] + tangent[-1] * self.radius * np.sin(phi))
            radii.append(self.radius * np.cos(phi))
            frames.append((tangent[-1], normal))
        rings = []
        for c, r, (t, nrm) in zip(centres, radii, frames):
            bin_ = np.cross(t, nrm)
            rings.append(c + r * (np.cos(ang)[:, None] * nrm + np.sin(ang)[:, None] * bin_))
        m = len(rings)
        verts = np.concatenate(rings + [[path[0] - tangent[0] * self.radius],
                                        [path[-1] + tangent[-1] * self.radius]])
        idx = np.arange(m * n).reshape(m, n)
        nxt = np.roll(idx, -1, axis=1)
        tris = []
        for a in range(m - 1):
            tris += [np.stack([idx[a], nxt[a], nxt[a + 1]], 1), np.stack([idx[a], nxt[a + 1], idx[a + 1]], 1)]
        tris.append(np.stack([np.full(n, m * n), nxt[0], idx[0]], 1))
        tris.append(np.stack([np.full(n, m * n + 1), idx[-1], nxt[-1]], 1))
        return verts, np.concatenate(tris).astype(np.int64)


def _perpendicular(t: np.ndarray) -> np.ndarray:
    helper = np.array([0.0, 0.0, 1.0]) if abs(t[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    n = np.cross(t, helper)
    return n / np.linalg.norm(n)


def arc(centre, radius: float, start_deg: float, end_deg: float, plane: str = "xz", steps: int = 12) -> np.ndarray:
    """Points (steps + 1, 3) on a circular arc in a world plane ('xz', 'yz' or 'xy')."""
    ang = np.radians(np.linspace(start_deg, end_deg, steps + 1))
    a, b = "xyz".index(plane[0]), "xyz".index(plane[1])
    pts = np.tile(np.asarray(centre, dtype=np.float64), (len(ang), 1))
    pts[:, a] += radius * np.cos(ang)
    pts[:, b] += radius * np.sin(ang)
    return pts
