"""Case furniture: bookshelf, cabinet (metres, Z up, front at -Y)."""

from __future__ import annotations

import numpy as np

from .common import box, choice, corner_legs, mirrored


def _carcass(b, w, d, h, z0, t, back_board: bool) -> None:
    """Two sides, a top and a bottom (and a back), standing on z0."""
    mirrored(b, lambda s: box(b, "side_panel", (s * (w / 2 - t / 2), 0, z0 + h / 2), (t, d, h)))
    box(b, "top_panel", (0, 0, z0 + h - t / 2), (w - 2 * t + 0.002, d, t))
    box(b, "bottom_panel", (0, 0, z0 + t / 2), (w - 2 * t + 0.002, d, t))
    if back_board:
        box(b, "back_board", (0, d / 2 - 0.006, z0 + h / 2), (w - 2 * t + 0.002, 0.012, h - 2 * t + 0.002))


def bookshelf(b) -> None:
    r = b.rng
    height = choice(r, ["low", "medium", "tall"])
    h = {"low": r.uniform(0.7, 0.95), "medium": r.uniform(1.1, 1.5), "tall": r.uniform(1.7, 2.1)}[height]
    w, d, t = r.uniform(0.6, 1.2), r.uniform(0.25, 0.38), r.uniform(0.018, 0.03)
    shelves = int(np.clip(round(h / r.uniform(0.3, 0.4)) - 1, 2, 6))
    back_board = bool(r.random() < 0.6)
    plinth = r.uniform(0.04, 0.09)
    box(b, "plinth", (0, -0.01, plinth / 2), (w - 2 * t + 0.002, d - 0.04, plinth))
    _carcass(b, w, d, h - plinth, plinth, t, back_board)
    inner0, inner1 = plinth + t, h - t
    for z in np.linspace(inner0, inner1, shelves + 2)[1:-1]:
        box(b, "shelf", (0, 0, z), (w - 2 * t + 0.002, d - (0.012 if back_board else 0.0), t))
    b.attributes.update(height=height, shelves=shelves, back_board=back_board, height_m=round(h, 3),
                        width_m=round(w, 3))


def cabinet(b) -> None:
    r = b.rng
    h, w, d = r.uniform(0.6, 1.2), r.uniform(0.5, 1.4), r.uniform(0.35, 0.55)
    t = 0.02
    has_legs = bool(r.random() < 0.5)
    leg_h = r.uniform(0.1, 0.2) if has_legs else 0.0
    front = choice(r, ["doors", "drawers"])
    body_h = h - leg_h
    if not has_legs:
        box(b, "plinth", (0, -0.01, 0.03), (w - 2 * t + 0.002, d - 0.04, 0.06))
    z0 = leg_h if has_legs else 0.06
    body_h = h - z0
    _carcass(b, w, d, body_h, z0, t, True)
    fy = -d / 2 - 0.01
    if front == "doors":
        doors = 1 if w < 0.7 else 2
        if doors == 1:
            box(b, "door", (0, fy, z0 + body_h / 2), (w - 0.01, 0.02, body_h - 0.01))
            box(b, "handle", (w / 2 - 0.07, fy - 0.02, z0 + body_h * 0.6), (0.015, 0.02, 0.12), radius=0.005)
        else:
            mirrored(b, lambda s: box(b, "door", (s * w / 4, fy, z0 + body_h / 2), (w / 2 - 0.008, 0.02, body_h - 0.01)))
            mirrored(b, lambda s: box(b, "handle", (s * 0.04, fy - 0.02, z0 + body_h * 0.6), (0.015, 0.02, 0.12),
                                      radius=0.005))
        b.attributes["doors"] = doors
    else:
        drawers = int(np.clip(round(body_h / r.uniform(0.15, 0.25)), 2, 5))
        dh = (body_h - 0.01) / drawers
        for k in range(drawers):
            zc = z0 + 0.005 + dh * (k + 0.5)
            box(b, "drawer", (0, fy, zc), (w - 0.01, 0.02, dh - 0.008))
            box(b, "handle", (0, fy - 0.02, zc), (min(0.2, w / 3), 0.02, 0.015), radius=0.005)
        b.attributes["drawers"] = drawers
    if has_legs:
        corner_legs(b, choice(r, ["straight", "tapered"]), w / 2 - 0.04, d / 2 - 0.04, leg_h + 0.005, 0.04)
        b.attributes["legs"] = 4
    b.attributes.update(height_m=round(h, 3), width_m=round(w, 3))
