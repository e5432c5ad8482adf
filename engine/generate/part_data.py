"""Training examples for the part auto-encoder, from procedural shapes.

For each part: surface points (M, 3) and occupancy queries (Q, 3) with labels, all in the
part's box coordinates (slots.py); queries are half uniform in [-1.2, 1.2]^3 and half near the
surface (box-frame Gaussian noise of 0.01 or 0.05: thin walls need the finer one). Arrays
float32, labels bool.
"""

from __future__ import annotations

import numpy as np

from ..data.shapes import shape_for_index
from .slots import box_to_world, part_box
from ..ops.metrics import sample_surface


def part_examples(split: str, first: int, count: int, points: int = 256, queries: int = 512, seed: int = 0):
    """Examples from the parts of shapes first .. first + count - 1 of a split."""
    rng = np.random.default_rng([seed, first])
    pts, qs, ins, labels = [], [], [], []
    for i in range(first, first + count):
        shape = shape_for_index(split, i)
        for part in shape.parts:
            centre, half, rot = part_box(part.primitive)
            v, f = part.primitive.mesh()
            surface = ((sample_surface(v, f, points + queries // 2, rng) - centre) @ rot) / half
            sigma = np.where(rng.random((queries // 2, 1)) < 0.5, 0.01, 0.05)
            near = surface[points:] + rng.normal(size=(queries // 2, 3)) * sigma
            far = rng.uniform(-1.2, 1.2, size=(queries - queries // 2, 3))
            q = np.concatenate([near, far])
            inside = part.primitive.sdf(box_to_world(q, centre, half, rot)) < 0
            pts.append(surface[:points])
            qs.append(q)
            ins.append(inside)
            labels.append(part.label)
    return (np.asarray(pts, np.float32), np.asarray(qs, np.float32), np.asarray(ins, bool), labels)
