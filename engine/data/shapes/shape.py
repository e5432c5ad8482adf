"""A part-labelled shape: its parts (each a watertight primitive), attributes, relations, caption.

Frame: Z up, the front faces -Y (Blender's), after `normalise()` the bounding box is centred
at the origin with its longest side 1 (size_m keeps the real size in metres).
Arrays: part vertices (V, 3) float64, faces (F, 3) int64; sdf queries (N, 3) -> (N,).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...ops.metrics import sample_surface
from ...structures import PartMesh
from .labels import GROUP_OF, LABEL_ID, OTHER_LABEL
from .primitives import Primitive


@dataclass
class Part:
    name: str
    label: str
    primitive: Primitive


@dataclass
class Shape:
    category: str
    seed: int
    attributes: dict
    parts: list
    # {"kind": "mirror_x", "parts": [a, b], "plane_x": x}, {"kind": "mirror_y", ..., "plane_y": y}
    # or {"kind": "rotate_z", "parts": [...], "axis_xy": [x, y]}
    symmetries: list = field(default_factory=list)
    caption: str = ""
    size_m: tuple = (1.0, 1.0, 1.0)

    @property
    def part_names(self) -> list:
        return [p.name for p in self.parts]

    def part_tree(self) -> dict:
        """{category: {group: [part names]}} in part order."""
        tree: dict = {}
        for p in self.parts:
            tree.setdefault(GROUP_OF.get(p.label, "parts"), []).append(p.name)
        return {self.category: tree}

    def mesh(self) -> PartMesh:
        """All parts as one PartMesh (face_part indexes part_names); parts may interpenetrate."""
        verts, faces, face_part, offset = [], [], [], 0
        for i, p in enumerate(self.parts):
            v, f = p.primitive.mesh()
            verts.append(v)
            faces.append(f + offset)
            face_part.append(np.full(len(f), i))
            offset += len(v)
        return PartMesh(np.concatenate(verts), np.concatenate(faces), np.concatenate(face_part), self.part_names)

    def part_sdfs(self, points: np.ndarray) -> np.ndarray:
        """(P, N) signed distance of each query point to each part."""
        return np.stack([p.primitive.sdf(points) for p in self.parts])

    def sdf(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Union distance (N,) (exact outside, a bound inside) and the nearest part (N,).

        Same result as the minimum over part_sdfs, faster: a part is evaluated only at the
        points where the distance to its padded box could beat the best distance so far."""
        points = np.asarray(points, dtype=np.float64)

        def box_gap2(lo, hi):
            gap = np.maximum(np.maximum(lo - points, points - hi), 0.0)
            return np.einsum("ij,ij->i", gap, gap)

        return self._union(points, box_gap2)

    def sdf_grid(self, axis: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """sdf() at the grid axis x axis x axis (x slowest), flattened; the box test is separable."""
        axis = np.asarray(axis, dtype=np.float64)
        points = np.stack(np.meshgrid(axis, axis, axis, indexing="ij"), -1).reshape(-1, 3)

        def box_gap2(lo, hi):
            g = [np.maximum(np.maximum(lo[k] - axis, axis - hi[k]), 0.0) ** 2 for k in range(3)]
            return (g[0][:, None, None] + g[1][None, :, None] + g[2][None, None, :]).reshape(-1)

        return self._union(points, box_gap2)

    def _union(self, points, box_gap2):
        best = np.full(len(points), np.inf)
        nearest = np.zeros(len(points), dtype=np.int64)
        boxes = self.part_boxes()
        order = np.argsort([-np.prod(hi - lo) for lo, hi in boxes])
        for i in order:
            reach = np.maximum(best, 0.0)
            sel = np.flatnonzero(box_gap2(*boxes[i]) <= reach * reach)
            if len(sel):
                d = self.parts[i].primitive.sdf(points[sel])
                better = d < best[sel]
                best[sel[better]] = d[better]
                nearest[sel[better]] = i
        return best, nearest

    def part_boxes(self) -> list:
        """Per part (lo (3,), hi (3,)): its mesh's box, padded for the chords of curved parts."""
        if getattr(self, "_boxes", None) is None:
            self._boxes = []
            for p in self.parts:
                v = p.primitive.mesh()[0]
                pad = 0.02 * (v.max(0) - v.min(0)).max() + 1e-4
                self._boxes.append((v.min(0) - pad, v.max(0) + pad))
        return self._boxes

    def inside_other_parts(self, points: np.ndarray, own_part: np.ndarray, margin: float = 1e-4) -> np.ndarray:
        """(N,) bool: the point lies deeper than `margin` inside a part other than its own."""
        inside = np.zeros(len(points), dtype=bool)
        for i, (lo, hi) in enumerate(self.part_boxes()):
            sel = np.nonzero((own_part != i) & ~inside & (points >= lo).all(1) & (points <= hi).all(1))[0]
            if len(sel):
                inside[sel] = self.parts[i].primitive.sdf(points[sel]) < -margin
        return inside

    def label_ids(self) -> np.ndarray:
        """(P,) uint8 global label id of each part (OTHER_LABEL for labels outside labels.LABELS,
        which user libraries may bring)."""
        return np.array([LABEL_ID.get(p.label, OTHER_LABEL) for p in self.parts], dtype=np.uint8)

    def normalise(self) -> "Shape":
        lo, hi = self.bounds()
        scale = 1.0 / float((hi - lo).max())
        shift = -scale * (lo + hi) / 2
        parts = [Part(p.name, p.label, p.primitive.transformed(scale, shift)) for p in self.parts]
        symmetries = []
        for sym in self.symmetries:
            sym = dict(sym)
            for k, key in enumerate(("plane_x", "plane_y")):
                if key in sym:
                    sym[key] = float(scale * sym[key] + shift[k])
            if "axis_xy" in sym:
                sym["axis_xy"] = [float(scale * sym["axis_xy"][k] + shift[k]) for k in range(2)]
            symmetries.append(sym)
        return Shape(self.category, self.seed, self.attributes, parts, symmetries, self.caption,
                     tuple(float(x) for x in (hi - lo)))

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        vs = [p.primitive.mesh()[0] for p in self.parts]
        return np.min([v.min(0) for v in vs], axis=0), np.max([v.max(0) for v in vs], axis=0)

    def contacts(self, tolerance: float = 0.01, samples: int = 150) -> list:
        """Pairs of part names whose surfaces touch or overlap (within `tolerance`, shape units)."""
        rng = np.random.default_rng(0)
        boxes, points = [], []
        for p in self.parts:
            v, f = p.primitive.mesh()
            boxes.append((v.min(0) - tolerance, v.max(0) + tolerance))
            points.append(np.concatenate([v, sample_surface(v, f, samples, rng)]))
        pairs = []
        for i in range(len(self.parts)):
            for j in range(i + 1, len(self.parts)):
                if (boxes[i][0] > boxes[j][1]).any() or (boxes[j][0] > boxes[i][1]).any():
                    continue
                near = self.parts[j].primitive.sdf(points[i]).min() < tolerance or \
                    self.parts[i].primitive.sdf(points[j]).min() < tolerance
                if near:
                    pairs.append([self.parts[i].name, self.parts[j].name])
        return pairs

    def record(self) -> dict:
        """Everything but the geometry, JSON-ready."""
        return {"category": self.category, "seed": self.seed, "attributes": self.attributes,
                "caption": self.caption, "size_m": list(self.size_m),
                "parts": [{"name": p.name, "label": p.label, "group": GROUP_OF.get(p.label, "parts")}
                          for p in self.parts],
                "part_tree": self.part_tree(),
                "relations": {"contacts": self.contacts(), "symmetries": self.symmetries}}


class Builder:
    """Collects parts while a category generator runs; names instances at the end."""

    def __init__(self, category: str, seed: int, rng: np.random.Generator):
        self.category, self.seed, self.rng = category, seed, rng
        self.attributes: dict = {}
        self._parts: list = []
        self._symmetries: list = []

    def add(self, label: str, primitive: Primitive) -> int:
        if label not in LABEL_ID:
            raise KeyError(f"unknown part label {label!r}")
        self._parts.append((label, primitive))
        return len(self._parts) - 1

    def symmetric(self, kind: str, indices) -> None:
        """Declare a symmetry group: 'mirror_x' / 'mirror_y' (a pair mirrored across the plane
        x = 0 / y = 0) or 'rotate_z' (a ring of parts turned evenly about the vertical axis
        through x = y = 0)."""
        indices = list(indices)
        if len(indices) > 1:
            self._symmetries.append((kind, indices))

    def build(self) -> Shape:
        counts: dict = {}
        for label, _ in self._parts:
            counts[label] = counts.get(label, 0) + 1
        seen: dict = {}
        parts = []
        for label, prim in self._parts:
            k = seen.get(label, 0)
            seen[label] = k + 1
            parts.append(Part(label if counts[label] == 1 else f"{label}_{k}", label, prim))
        symmetries = []
        for kind, idx in self._symmetries:
            where = {"mirror_x": {"plane_x": 0.0}, "mirror_y": {"plane_y": 0.0}}.get(kind, {"axis_xy": [0.0, 0.0]})
            symmetries.append({"kind": kind, "parts": [parts[i].name for i in idx], **where})
        return Shape(self.category, self.seed, dict(self.attributes), parts, symmetries)
