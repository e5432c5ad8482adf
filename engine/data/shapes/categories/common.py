"""Part makers shared by the category generators (metres, Z up, floor at z = 0, front at -Y).

Each maker adds one primitive to a Builder and returns its index; `mirrored` adds a left/right
pair and declares the symmetry; `ring` adds parts turned evenly about the vertical axis.
"""

from __future__ import annotations

import numpy as np

from ..primitives import Lathe, RoundedBox, Tube, rotation


def box(b, label, centre, size, radius=0.0, rot=None) -> int:
    size = np.asarray(size, dtype=np.float64)
    radius = min(radius, 0.49 * size.min())
    return b.add(label, RoundedBox(half=tuple(size / 2), radius=radius, segments=3,
                                   translation=np.asarray(centre, dtype=np.float64),
                                   rotation=np.eye(3) if rot is None else rot))


def cylinder(b, label, bottom, radius, height, top_radius=None, segments=24, rot=None) -> int:
    top_radius = radius if top_radius is None else top_radius
    profile = ((0.0, 0.0), (radius, 0.0), (top_radius, height), (0.0, height))
    return lathe(b, label, profile, bottom, segments, rot)


def disc(b, label, bottom, radius, thickness, edge_radius=0.0, segments=40) -> int:
    """A flat round slab, its rim rounded by edge_radius."""
    e = min(edge_radius, 0.49 * thickness, 0.49 * radius)
    if e <= 0:
        return cylinder(b, label, bottom, radius, thickness, segments=segments)
    ang = np.linspace(-np.pi / 2, np.pi / 2, 7)
    rim = [(radius - e + e * np.cos(a), thickness / 2 + (thickness / 2 - e) * np.sign(a) + e * np.sin(a)) for a in ang]
    profile = [(0.0, 0.0)] + rim + [(0.0, thickness)]
    return lathe(b, label, profile, bottom, segments)


def lathe(b, label, profile, bottom, segments=32, rot=None) -> int:
    return b.add(label, Lathe(profile=tuple(map(tuple, np.asarray(profile, dtype=np.float64))), segments=segments,
                              translation=np.asarray(bottom, dtype=np.float64),
                              rotation=np.eye(3) if rot is None else rot))


def tube(b, label, path, radius, segments=12) -> int:
    return b.add(label, Tube(path=tuple(map(tuple, np.asarray(path, dtype=np.float64))), radius=radius,
                             segments=segments))


def mirrored(b, make, axis: str = "x") -> tuple:
    """make(sign) adds the part on the side where the axis coordinate has that sign; returns
    the two indices (+ side first). axis 'x': left/right pairs; 'y': front/back pairs."""
    plus, minus = make(1.0), make(-1.0)
    b.symmetric(f"mirror_{axis}", [plus, minus])
    return plus, minus


def ring(b, count, make, phase=0.0) -> list:
    """make(angle_radians) adds one part; `count` of them evenly about the Z axis."""
    idx = [make(phase + 2 * np.pi * k / count) for k in range(count)]
    b.symmetric("rotate_z", idx)
    return idx


def leg(b, style, x, y, top, thickness, outward=(0.0, 0.0), splay=0.06, square=False, label="leg") -> int:
    """A leg from the floor up to height `top` at (x, y); `outward` (unit, XY) sets the splay/bend side."""
    out = np.asarray(outward, dtype=np.float64)
    r = thickness / 2
    angle = np.arctan2(y, x)
    if style == "straight" and square:
        return box(b, label, (x, y, top / 2), (thickness, thickness, top))
    if style == "straight":
        return cylinder(b, label, (x, y, 0), r, top, segments=16, rot=rotation("z", np.degrees(angle)))
    if style == "tapered":
        return cylinder(b, label, (x, y, 0), 0.55 * r, top, top_radius=r, segments=16,
                        rot=rotation("z", np.degrees(angle)))
    if style == "turned":
        z = np.array([0, 0.08, 0.16, 0.3, 0.45, 0.6, 0.75, 0.85, 1.0]) * top
        rr = np.array([0.7, 0.75, 0.55, 1.0, 0.6, 0.9, 0.55, 1.0, 1.0]) * r
        profile = [(0.0, 0.0)] + list(zip(rr, z)) + [(0.0, top)]
        return lathe(b, label, profile, (x, y, 0), 16, rot=rotation("z", np.degrees(angle)))
    if style == "splayed":
        foot = np.array([x, y]) + out * splay
        return tube(b, label, [(foot[0], foot[1], r), (x, y, top)], r)
    if style == "bent":
        s = np.linspace(0, 1, 9)
        bulge = 4 * s * (1 - s) * splay
        pts = np.stack([x + out[0] * bulge, y + out[1] * bulge, r + s * (top - r)], axis=1)
        return tube(b, label, pts, r)
    raise ValueError(f"unknown leg style {style!r}")


def corner_legs(b, style, hx, hy, top, thickness, square=False, splay=0.05) -> list:
    """Four legs at (±hx, ±hy): front pair and back pair, each mirrored."""
    ids = []
    for y in (-hy, hy):
        def make(sign, y=y):
            out = np.array([sign * hx, y]) / np.hypot(hx, y)
            return leg(b, style, sign * hx, y, top, thickness, out, splay, square)
        ids += mirrored(b, make)
    return ids


def choice(rng, options, p=None):
    return options[int(rng.choice(len(options), p=p))]
