"""Tables and beds: table, desk, bed (metres, Z up, front at -Y)."""

from __future__ import annotations

import numpy as np

from .common import box, choice, corner_legs, cylinder, disc, mirrored


def table(b) -> None:
    r = b.rng
    height = choice(r, ["low", "medium", "tall"], p=[0.25, 0.55, 0.2])
    top_z = {"low": r.uniform(0.38, 0.48), "medium": r.uniform(0.7, 0.78), "tall": r.uniform(0.95, 1.08)}[height]
    shape = choice(r, ["rectangular", "square", "round"])
    thickness = choice(r, ["thin", "thick"])
    t = r.uniform(0.018, 0.03) if thickness == "thin" else r.uniform(0.045, 0.07)
    rounded = bool(r.random() < 0.5)
    edge = 0.01 if rounded else 0.0
    if shape == "round":
        rad = r.uniform(0.4, 0.65)
        disc(b, "tabletop", (0, 0, top_z - t), rad, t, edge_radius=edge)
        hx = hy = rad * 0.62
    else:
        w = r.uniform(1.0, 1.8) if shape == "rectangular" else r.uniform(0.7, 1.0)
        d = r.uniform(0.6, 0.9) if shape == "rectangular" else w
        box(b, "tabletop", (0, 0, top_z - t / 2), (w, d, t), radius=edge)
        hx, hy = w / 2 - 0.06, d / 2 - 0.06
    leg_style = choice(r, ["straight", "tapered", "turned", "splayed", "pedestal"], p=[0.3, 0.2, 0.15, 0.15, 0.2])
    under = top_z - t
    if leg_style == "pedestal":
        foot_r = min(hx, hy) * 1.1 if shape != "round" else hx * 1.1
        disc(b, "foot", (0, 0, 0), foot_r, 0.04, edge_radius=0.01)
        cylinder(b, "pedestal", (0, 0, 0.035), r.uniform(0.04, 0.07), under - 0.03, segments=24)
    else:
        lt = r.uniform(0.04, 0.07)
        square = leg_style == "straight" and r.random() < 0.5
        if shape == "round":
            hx = hy = hx / np.sqrt(2)
        corner_legs(b, leg_style, hx, hy, under + 0.005, lt, square, splay=0.08)
        b.attributes["legs"] = 4
    apron = bool(leg_style in ("straight", "tapered", "turned") and shape != "round" and r.random() < 0.6)
    if apron:
        ah = 0.08
        mirrored(b, lambda s: box(b, "apron", (s * hx, 0, under - ah / 2 + 0.002), (0.02, 2 * hy, ah)))
        mirrored(b, lambda s: box(b, "apron", (0, s * hy, under - ah / 2 + 0.002), (2 * hx, 0.02, ah)), axis="y")
    b.attributes.update(height=height, shape=shape, thickness=thickness, rounded=rounded, leg_style=leg_style,
                        top_height_m=round(top_z, 3))


def desk(b) -> None:
    r = b.rng
    w, d, top_z = r.uniform(1.0, 1.6), r.uniform(0.55, 0.8), r.uniform(0.72, 0.78)
    t = r.uniform(0.025, 0.045)
    drawers = int(r.choice([0, 1, 2, 3, 4]))
    rounded = bool(r.random() < 0.4)
    box(b, "tabletop", (0, 0, top_z - t / 2), (w, d, t), radius=0.008 if rounded else 0.0)
    under = top_z - t
    support = choice(r, ["legs", "panels"])
    unit_w = r.uniform(0.38, 0.45)
    side = choice(r, [1.0, -1.0])
    if drawers:
        ux = side * (w / 2 - unit_w / 2 - 0.02)
        box(b, "side_panel", (ux, 0, under / 2), (unit_w, d - 0.06, under + 0.002))
        dh = (under - 0.06) / drawers
        for k in range(drawers):
            zc = 0.05 + dh * (k + 0.5)
            box(b, "drawer", (ux, -(d - 0.06) / 2 - 0.01, zc), (unit_w - 0.03, 0.025, dh - 0.012))
            box(b, "handle", (ux, -(d - 0.06) / 2 - 0.03, zc), (0.12, 0.018, 0.015), radius=0.005)
    if support == "panels":
        if drawers:
            box(b, "side_panel", (-side * (w / 2 - 0.015), 0, under / 2), (0.03, d - 0.06, under + 0.002))
        else:
            mirrored(b, lambda s: box(b, "side_panel", (s * (w / 2 - 0.015), 0, under / 2),
                                      (0.03, d - 0.06, under + 0.002)))
        box(b, "modesty_panel", (0, d / 2 - 0.05, under - 0.2), (w - 0.1, 0.02, 0.35))
    else:
        leg_style = choice(r, ["straight", "tapered"])
        lx, ly = w / 2 - 0.04, d / 2 - 0.04
        if drawers:
            from .common import leg

            for y in (-ly, ly):
                leg(b, leg_style, -side * lx, y, under + 0.005, 0.045, square=leg_style == "straight")
            b.attributes["legs"] = 2
        else:
            corner_legs(b, leg_style, lx, ly, under + 0.005, 0.045, square=leg_style == "straight")
            b.attributes["legs"] = 4
        b.attributes["leg_style"] = leg_style
    b.attributes.update(drawers=drawers, rounded=rounded, support=support, width_m=round(w, 3))


def bed(b) -> None:
    r = b.rng
    size = choice(r, ["single", "double"])
    w = r.uniform(0.9, 1.0) if size == "single" else r.uniform(1.4, 1.8)
    length = r.uniform(1.95, 2.1)
    leg_h, frame_h, mat_h = r.uniform(0.1, 0.25), r.uniform(0.12, 0.2), r.uniform(0.15, 0.25)
    headboard, footboard = bool(r.random() < 0.85), bool(r.random() < 0.4)
    frame_z = leg_h + frame_h / 2
    box(b, "bed_frame", (0, 0, frame_z), (w + 0.06, length + 0.06, frame_h), radius=0.01)
    top = leg_h + frame_h
    box(b, "mattress", (0, 0, top + mat_h / 2 - 0.005), (w, length, mat_h), radius=0.05)
    pillows = 1 if size == "single" else 2
    py = length / 2 - 0.25
    pz = top + mat_h + 0.05
    if pillows == 1:
        box(b, "pillow", (0, py, pz), (w * 0.6, 0.4, 0.13), radius=0.05)
    else:
        mirrored(b, lambda s: box(b, "pillow", (s * w / 4, py, pz), (w * 0.42, 0.4, 0.13), radius=0.05))
    if headboard:
        hh = top + mat_h + r.uniform(0.4, 0.8)
        box(b, "headboard", (0, length / 2 + 0.05, hh / 2), (w + 0.1, 0.05, hh), radius=0.01)
    if footboard:
        fh = top + r.uniform(0.1, 0.3)
        box(b, "footboard", (0, -length / 2 - 0.05, fh / 2), (w + 0.1, 0.05, fh), radius=0.01)
    corner_legs(b, "straight", w / 2 - 0.04, length / 2 - 0.04, leg_h + 0.005, 0.06, square=True)
    b.attributes.update(bed_size=size, headboard=headboard, footboard=footboard, legs=4,
                        width_m=round(w, 3))
