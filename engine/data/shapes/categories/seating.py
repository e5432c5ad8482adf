"""Seating: chair, armchair, stool, office_chair, sofa (metres, Z up, front at -Y)."""

from __future__ import annotations

import numpy as np

from ..primitives import rotation
from .common import box, choice, corner_legs, cylinder, disc, leg, mirrored, ring, tube


def chair(b) -> None:
    r = b.rng
    seat_h, w, d, t = r.uniform(0.42, 0.5), r.uniform(0.4, 0.52), r.uniform(0.38, 0.5), r.uniform(0.025, 0.055)
    shape = choice(r, ["square", "round"], p=[0.8, 0.2])
    rounded = bool(r.random() < 0.5)
    leg_style = choice(r, ["straight", "tapered", "turned", "splayed", "bent"])
    square_legs = leg_style == "straight" and r.random() < 0.5
    back_style = choice(r, ["panel", "slats", "ladder", "spindles"])
    back_height = choice(r, ["low", "high"])
    arms = bool(r.random() < 0.3)
    stretchers = bool(leg_style in ("straight", "tapered", "turned") and r.random() < 0.5)
    lt = r.uniform(0.03, 0.045)
    inset = lt / 2 + 0.01
    hx, hy = w / 2 - inset, d / 2 - inset
    if shape == "square":
        box(b, "seat", (0, 0, seat_h - t / 2), (w, d, t), radius=0.012 if rounded else 0.0)
    else:
        disc(b, "seat", (0, 0, seat_h - t), w / 2, t, edge_radius=0.012 if rounded else 0.0)
        hx = hy = (w / 2 - inset) / np.sqrt(2)
    corner_legs(b, leg_style, hx, hy, seat_h - t / 2, lt, square_legs)
    if stretchers:
        mirrored(b, lambda s: box(b, "stretcher", (s * hx, 0, 0.15), (0.02, 2 * hy, 0.02)))
    back_top = seat_h + (r.uniform(0.25, 0.33) if back_height == "low" else r.uniform(0.45, 0.6))
    post_y = hy
    posts = mirrored(b, lambda s: box(b, "back_post", (s * hx, post_y, (seat_h - t + back_top) / 2),
                                      (lt, lt, back_top - seat_h + t)))
    _chair_back(b, back_style, hx - lt / 2, post_y, seat_h, back_top, lt, posts)
    if arms:
        arm_h = seat_h + 0.2
        ax = hx + lt * 0.5
        mirrored(b, lambda s: box(b, "arm_support", (s * ax, -hy, (seat_h + arm_h) / 2), (0.025, 0.025, arm_h - seat_h)))
        mirrored(b, lambda s: box(b, "armrest", (s * ax, (post_y - hy) / 2 - 0.02, arm_h),
                                  (0.045, post_y + hy + 0.04, 0.025), radius=0.008))
    b.attributes.update(legs=4, leg_style=leg_style, back_style=back_style, back_height=back_height, arms=arms,
                        shape=shape, stretchers=stretchers, rounded=rounded, seat_height_m=round(seat_h, 3))


def _chair_back(b, style, half_w, y, seat_h, top, post, posts) -> None:
    rail_h = 0.06
    if style == "panel":
        box(b, "back_panel", (0, y, (seat_h + 0.08 + top) / 2), (2 * half_w + 0.004, 0.02, top - seat_h - 0.08))
        return
    box(b, "back_rail", (0, y, top - rail_h / 2), (2 * half_w + 0.004, 0.025, rail_h))
    if style == "ladder":
        n = int(b.rng.integers(2, 4))
        for z in np.linspace(seat_h + 0.1, top - rail_h, n + 1)[:-1]:
            box(b, "back_rail", (0, y, z), (2 * half_w + 0.004, 0.02, 0.035))
        return
    n = int(b.rng.integers(3, 6))
    xs = np.linspace(-half_w, half_w, n + 2)[1:-1]
    z0, z1 = seat_h - 0.005, top - rail_h + 0.005
    idx = []
    for x in xs:
        if style == "slats":
            idx.append(box(b, "back_slat", (x, y, (z0 + z1) / 2), (0.8 * 2 * half_w / (n + 1) * 0.6, 0.012, z1 - z0)))
        else:
            idx.append(cylinder(b, "back_slat", (x, y, z0), 0.008, z1 - z0, segments=12))
    for k in range(n // 2):
        b.symmetric("mirror_x", [idx[n - 1 - k], idx[k]])


def armchair(b) -> None:
    r = b.rng
    w, d = r.uniform(0.7, 0.95), r.uniform(0.7, 0.9)
    base_h, cushion_t = r.uniform(0.15, 0.25), r.uniform(0.1, 0.16)
    leg_h = r.uniform(0.06, 0.15)
    arm_style = choice(r, ["square", "rolled"])
    back_height = choice(r, ["low", "high"])
    leg_style = choice(r, ["straight", "tapered", "turned"])
    arm_w, back_t = r.uniform(0.1, 0.18), r.uniform(0.12, 0.2)
    rounded = True
    box(b, "seat_base", (0, 0, leg_h + base_h / 2), (w, d, base_h), radius=0.02)
    seat_top = leg_h + base_h + cushion_t
    box(b, "seat_cushion", (0, -back_t / 2 + 0.01, leg_h + base_h + cushion_t / 2 - 0.005),
        (w - 2 * arm_w + 0.01, d - back_t + 0.02, cushion_t), radius=0.03)
    back_top = seat_top + (r.uniform(0.3, 0.4) if back_height == "low" else r.uniform(0.5, 0.7))
    box(b, "back_cushion", (0, d / 2 - back_t / 2, (leg_h + base_h + back_top) / 2 - 0.005),
        (w - 2 * arm_w + 0.01, back_t, back_top - leg_h - base_h), radius=0.03)
    arm_top = seat_top + r.uniform(0.12, 0.22)
    _upholstered_arms(b, arm_style, w, d, arm_w, leg_h + base_h - 0.01, arm_top)
    corner_legs(b, leg_style, w / 2 - 0.05, d / 2 - 0.05, leg_h + 0.01, 0.04)
    b.attributes.update(arm_style=arm_style, back_height=back_height, leg_style=leg_style, legs=4, arms=True,
                        rounded=rounded, width_m=round(w, 3))


def _upholstered_arms(b, style, w, d, arm_w, z0, top) -> None:
    if style == "square":
        mirrored(b, lambda s: box(b, "arm", (s * (w / 2 - arm_w / 2), 0, (z0 + top) / 2), (arm_w, d, top - z0),
                                  radius=0.02))
        return
    rad = arm_w / 2 + 0.02

    def rolled(s):
        x = s * (w / 2 - arm_w / 2)
        return tube(b, "armrest", [(x, -d / 2 + rad, top - rad), (x, d / 2 - rad, top - rad)], rad, segments=16)

    mirrored(b, lambda s: box(b, "arm", (s * (w / 2 - arm_w / 2), 0, (z0 + top - rad) / 2),
                              (arm_w, d, top - rad - z0), radius=0.02))
    mirrored(b, rolled)


def stool(b) -> None:
    r = b.rng
    height = choice(r, ["low", "medium", "tall"])
    seat_h = {"low": r.uniform(0.3, 0.45), "medium": r.uniform(0.55, 0.65), "tall": r.uniform(0.72, 0.8)}[height]
    shape = choice(r, ["round", "square"], p=[0.7, 0.3])
    rad, t = r.uniform(0.15, 0.22), r.uniform(0.03, 0.06)
    rounded = bool(r.random() < 0.5)
    leg_style = choice(r, ["straight", "splayed", "turned", "pedestal"])
    n_legs = int(r.choice([3, 4])) if leg_style != "pedestal" else 1
    footrest = bool(height != "low" and r.random() < 0.6)
    if shape == "round":
        disc(b, "seat", (0, 0, seat_h - t), rad, t, edge_radius=0.012 if rounded else 0.0)
    else:
        box(b, "seat", (0, 0, seat_h - t / 2), (2 * rad, 2 * rad, t), radius=0.012 if rounded else 0.0)
    if leg_style == "pedestal":
        disc(b, "foot", (0, 0, 0), rad * 1.1, 0.03, edge_radius=0.01)
        cylinder(b, "pedestal", (0, 0, 0.02), 0.03, seat_h - t / 2 - 0.02)
        if footrest:
            b.add("footrest", _ring_tube(seat_h * 0.35, rad * 0.8, 0.012))
    else:
        lr = rad * 0.75 if shape == "round" else rad * 0.8
        splay = 0.1 * seat_h

        def make(a):
            return leg(b, leg_style, lr * np.cos(a), lr * np.sin(a), seat_h - t / 2, 0.035,
                       (np.cos(a), np.sin(a)), splay)

        phase = np.pi / 4 if n_legs == 4 else np.pi / 2
        ring(b, n_legs, make, phase)
        if footrest:
            fz = seat_h * 0.35
            spread = (1 - fz / seat_h) * splay if leg_style == "splayed" else 0.0
            b.add("footrest", _ring_tube(fz, lr + spread, 0.012))
    b.attributes.update(height=height, shape=shape, rounded=rounded, leg_style=leg_style, footrest=footrest,
                        seat_height_m=round(seat_h, 3), **({"legs": n_legs} if n_legs > 1 else {}))


def _ring_tube(z, radius, thickness):
    from ..primitives import Lathe

    return Lathe(profile=((radius - thickness, -thickness), (radius + thickness, -thickness),
                          (radius + thickness, thickness), (radius - thickness, thickness)),
                 segments=32, translation=np.array([0.0, 0.0, z]))


def office_chair(b) -> None:
    r = b.rng
    seat_h, w, d = r.uniform(0.44, 0.54), r.uniform(0.45, 0.55), r.uniform(0.42, 0.5)
    wheels, arms = bool(r.random() < 0.75), bool(r.random() < 0.6)
    back_height = choice(r, ["low", "high"])
    headrest = bool(back_height == "high" and r.random() < 0.5)
    spoke_r = r.uniform(0.26, 0.33)
    base_z = 0.07 if wheels else 0.03
    box(b, "seat", (0, 0, seat_h - 0.04), (w, d, 0.08), radius=0.025)
    cylinder(b, "gas_lift", (0, 0, base_z), 0.025, seat_h - 0.08 - base_z + 0.01)

    def spoke(a):
        end = (spoke_r * np.cos(a), spoke_r * np.sin(a))
        return tube(b, "base_spoke", [(0, 0, base_z + 0.02), (end[0], end[1], base_z)], 0.018)

    ring(b, 5, spoke, np.pi / 2)
    if wheels:
        def caster(a):
            rot = rotation("z", np.degrees(a)) @ rotation("y", 90)
            pos = (spoke_r * np.cos(a), spoke_r * np.sin(a), 0.03)
            return b.add("caster", _wheel(rot, pos))

        ring(b, 5, caster, np.pi / 2)
    back_top = seat_h + (r.uniform(0.3, 0.4) if back_height == "low" else r.uniform(0.5, 0.6))
    tilt = r.uniform(5, 15)
    back_len = back_top - seat_h
    rot = rotation("x", -tilt)
    centre = np.array([0, d / 2 - 0.03, seat_h]) + rot @ np.array([0, 0, back_len / 2])
    box(b, "back_panel", centre, (w * 0.95, 0.05, back_len), radius=0.02, rot=rot)
    if headrest:
        hc = np.array([0, d / 2 - 0.03, seat_h]) + rot @ np.array([0, 0, back_len + 0.08])
        box(b, "headrest", hc, (w * 0.6, 0.06, 0.14), radius=0.025, rot=rot)
    if arms:
        arm_h = seat_h + 0.22
        mirrored(b, lambda s: box(b, "arm_support", (s * (w / 2 + 0.01), 0.02, (seat_h - 0.06 + arm_h) / 2),
                                  (0.03, 0.04, arm_h - seat_h + 0.06)))
        mirrored(b, lambda s: box(b, "armrest", (s * (w / 2 + 0.01), 0.0, arm_h), (0.07, 0.26, 0.03), radius=0.012))
    b.attributes.update(wheels=wheels, arms=arms, back_height=back_height, headrest=headrest,
                        legs=5, seat_height_m=round(seat_h, 3))


def _wheel(rot, pos):
    from ..primitives import Lathe

    return Lathe(profile=((0, -0.012), (0.028, -0.012), (0.03, 0.0), (0.028, 0.012), (0, 0.012)), segments=16,
                 rotation=rot, translation=np.asarray(pos, dtype=np.float64))


def sofa(b) -> None:
    r = b.rng
    seats = int(r.choice([2, 3]))
    seat_w, d = r.uniform(0.55, 0.7), r.uniform(0.8, 1.0)
    arm_style = choice(r, ["square", "rolled"])
    back_height = choice(r, ["low", "high"])
    has_legs = bool(r.random() < 0.7)
    arm_w, back_t = r.uniform(0.12, 0.22), r.uniform(0.15, 0.22)
    leg_h = r.uniform(0.08, 0.15) if has_legs else 0.0
    base_h, cushion_t = r.uniform(0.15, 0.22), r.uniform(0.12, 0.18)
    w = seats * seat_w + 2 * arm_w
    z_base = leg_h
    box(b, "seat_base", (0, 0, z_base + base_h / 2), (w, d, base_h), radius=0.02)
    seat_top = z_base + base_h + cushion_t
    xs = (np.arange(seats) - (seats - 1) / 2) * seat_w
    back_top = seat_top + (r.uniform(0.3, 0.38) if back_height == "low" else r.uniform(0.45, 0.6))
    seat_idx, back_idx = [], []
    for x in xs:
        seat_idx.append(box(b, "seat_cushion", (x, -back_t / 2 + 0.01, z_base + base_h + cushion_t / 2 - 0.005),
                            (seat_w - 0.005, d - back_t + 0.02, cushion_t), radius=0.03))
        back_idx.append(box(b, "back_cushion", (x, d / 2 - back_t / 2, (z_base + base_h + back_top) / 2 - 0.005),
                            (seat_w - 0.005, back_t, back_top - z_base - base_h), radius=0.03))
    for group in (seat_idx, back_idx):
        for k in range(seats // 2):
            b.symmetric("mirror_x", [group[seats - 1 - k], group[k]])
    arm_top = seat_top + r.uniform(0.1, 0.2)
    _upholstered_arms(b, arm_style, w, d, arm_w, z_base + base_h - 0.01, arm_top)
    if has_legs:
        leg_style = choice(r, ["straight", "tapered"])
        corner_legs(b, leg_style, w / 2 - 0.06, d / 2 - 0.06, leg_h + 0.01, 0.04)
        b.attributes.update(leg_style=leg_style, legs=4)
    b.attributes.update(seats=seats, arm_style=arm_style, back_height=back_height, arms=True,
                        width_m=round(w, 3))
