"""Turned parts decoded as surfaces of revolution: a lamp's shade, a vase's or a mug's body.

Every training part of these labels is a lathe turned about the upright axis (REVOLVED, measured
by `measure_revolved`), but the part decoder's occupancy of a thin turned shell comes out torn: a
mug's wall is a few grid cells thick and its logits hover about zero in places, so marching cubes
leaves holes and ragged bands. `revolve_logits` replaces each node's logit by the mean of the
logits at the same height and the same (box-normalised) radius from the box's upright axis: the
decoder's profile, averaged over every angle, turned into a surface of revolution. Mug bodies
come out whole (mugs 84.0 -> 80.0% 1-NNA, BENCHMARKS.md twenty-sixth session); a lampshade's
profile itself falls below zero at some heights, so its bands stay: the code's limit, which no
averaging over the angle mends.

Arrays: logits (nx, ny, nz) on a part's box grid over [-bound, bound] along each of its own axes
(part_vae.decode_box_grids); the axis of revolution is one of the three, the two others are read
in units of their own half extent (a box with unequal sides turns an ellipse).
"""

from __future__ import annotations

import numpy as np

RING_SHARE = 0.5     # a ring of the profile is a half cell wide (in the finer of the two across axes)


def revolve_logits(logits: np.ndarray, axis: int, bound: float = 1.1) -> np.ndarray:
    """(nx, ny, nz) the logits averaged over every angle about the box axis `axis`: each node's
    value the mean over its slice's nodes in the same ring of radius (linear between rings)."""
    grid = np.moveaxis(np.asarray(logits, dtype=np.float64), axis, -1)
    n1, n2, slices = grid.shape
    # node coordinates exactly symmetric about the axis, so mirrored nodes share their ring
    u, v = ((np.arange(n) - (n - 1) / 2) * (2 * bound / (n - 1)) for n in (n1, n2))
    radius = np.hypot(u[:, None], v[None, :]).ravel()
    width = RING_SHARE * 2 * bound / (max(n1, n2) - 1)
    ring = np.minimum((radius / width).astype(np.int64), int(radius.max() / width))
    rings = ring.max() + 1
    count = np.bincount(ring, minlength=rings)
    used = count > 0
    mean_radius = np.bincount(ring, weights=radius, minlength=rings)[used] / count[used]
    values = grid.reshape(n1 * n2, slices)
    out = np.empty_like(values)
    for k in range(slices):
        profile = np.bincount(ring, weights=values[:, k], minlength=rings)[used] / count[used]
        out[:, k] = np.interp(radius, mean_radius, profile)
    return np.moveaxis(out.reshape(n1, n2, slices), -1, axis).astype(np.asarray(logits).dtype)


def revolution_axis(rotation) -> int:
    """The box axis nearest the world's upright (Z): what a turned part turns about."""
    return int(np.abs(np.asarray(rotation, dtype=np.float64)[2]).argmax())


def revolve_parts(parts: list, logits: list, category: str, table: dict | None = None) -> list:
    """The logits, those of the category's turned labels (`table`, default REVOLVED) revolved
    about their box's upright axis; the others as given. Input not modified."""
    turned = (REVOLVED if table is None else table).get(category, ())
    return [revolve_logits(grid, revolution_axis(p["rotation"])) if p["label"] in turned else grid
            for p, grid in zip(parts, logits)]


def measure_revolved(count: int = 1300) -> dict:
    """{category: (label, ...)} the labels every part of which, in the first `count` train-split
    shapes, is a lathe turned about the world's upright."""
    from ..data.shapes import shape_for_index
    from ..data.shapes.primitives import Lathe

    seen: dict = {}
    for i in range(count):
        shape = shape_for_index("train", i)
        for part in shape.parts:
            primitive = part.primitive
            upright = isinstance(primitive, Lathe) and abs(np.asarray(primitive.rotation)[2, 2]) > 1 - 1e-6
            key = (shape.category, part.label)
            seen[key] = seen.get(key, True) and upright
    out: dict = {}
    for (category, label), turned in sorted(seen.items()):
        if turned:
            out.setdefault(category, []).append(label)
    return {category: tuple(labels) for category, labels in out.items()}


REVOLVED = {   # measure_revolved(1300): 100 train-split shapes per category (a test keeps the two equal)
    "armchair": ("leg",),
    "cabinet": ("leg",),
    "lamp": ("bulb", "lamp_base", "lampshade"),
    "mug": ("body", "saucer"),
    "office_chair": ("gas_lift",),
    "sofa": ("leg",),
    "stool": ("foot", "footrest", "pedestal"),
    "table": ("foot", "pedestal"),
    "vase": ("body",),
}
