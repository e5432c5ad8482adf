"""Lathe-made objects: lamp, vase, mug (metres, Z up, front at -Y)."""

from __future__ import annotations

import numpy as np

from ..primitives import Lathe
from .common import choice, cylinder, disc, lathe, mirrored, tube


def _shell(outer, wall: float, bottom: float) -> list:
    """Axis-to-axis profile of an open vessel: up the outside, over the rim, down the inside.
    outer: [(r, z), ...] from the base (z = 0) to the rim."""
    outer = np.asarray(outer, dtype=np.float64)
    inner = outer[::-1].copy()
    inner[:, 0] = np.maximum(inner[:, 0] - wall, wall)
    inner = inner[inner[:, 1] >= bottom]
    inner[-1, 1] = max(inner[-1, 1], bottom)
    return [(0.0, 0.0)] + [tuple(p) for p in outer] + [tuple(p) for p in inner] + [(0.0, bottom)]


def lamp(b) -> None:
    r = b.rng
    height = choice(r, ["low", "tall"])
    h = r.uniform(0.4, 0.65) if height == "low" else r.uniform(1.4, 1.8)
    shade = choice(r, ["cone", "cylinder", "dome"])
    pole = choice(r, ["straight", "arched"]) if height == "tall" else "straight"
    base_r = r.uniform(0.08, 0.12) if height == "low" else r.uniform(0.14, 0.2)
    disc(b, "lamp_base", (0, 0, 0), base_r, 0.03, edge_radius=0.01)
    shade_h = r.uniform(0.15, 0.25) if height == "low" else r.uniform(0.25, 0.35)
    shade_r = r.uniform(0.12, 0.18) if height == "low" else r.uniform(0.18, 0.25)
    if pole == "straight":
        top = np.array([0.0, 0.0, h - shade_h])
        cylinder(b, "lamp_pole", (0, 0, 0.025), 0.012, h - shade_h * 0.6 - 0.025, segments=16)
    else:
        reach = r.uniform(0.4, 0.6)
        s = np.linspace(0, 1, 13)
        path = np.stack([np.zeros_like(s), -reach * np.sin(s * np.pi / 2) ** 2, 0.025 + (h - 0.025) * np.sin(s * np.pi / 2)], 1)
        path[:, 2] = np.minimum(path[:, 2], h - 0.02)
        tube(b, "lamp_pole", path, 0.014)
        top = np.array([0.0, -reach, h - 0.05 - shade_h])
    sw = 0.006
    if shade == "cone":
        outer = [(shade_r, 0.0), (shade_r * 0.55, shade_h)]
    elif shade == "cylinder":
        outer = [(shade_r * 0.85, 0.0), (shade_r * 0.85, shade_h)]
    else:
        a = np.linspace(0, np.pi / 2, 8)
        outer = list(zip(shade_r * np.cos(a) + 0.02, shade_h * np.sin(a)))
    outer = np.asarray(outer)
    loop = [tuple(p) for p in outer] + [(p[0] - sw, p[1]) for p in outer[::-1]]
    b.add("lampshade", Lathe(profile=tuple(loop), segments=40, translation=top.copy()))
    disc(b, "bulb", top + np.array([0, 0, shade_h * 0.2]), 0.035, 0.07, edge_radius=0.034, segments=20)
    if pole == "straight":
        tube(b, "lamp_pole", [top + [0, 0, shade_h * 0.35], top + [outer[-1][0] - sw, 0, shade_h * 0.35]], 0.004)
    b.attributes.update(height=height, shade=shade, pole=pole, height_m=round(h, 3))


def vase(b) -> None:
    r = b.rng
    profile = choice(r, ["bulbous", "slender", "flared", "cylindrical", "tapered"])
    h = r.uniform(0.2, 0.5)
    rb = r.uniform(0.05, 0.1)
    z = np.linspace(0, 1, 9)
    if profile == "bulbous":
        rad = rb * (0.6 + 0.7 * np.sin(np.pi * np.clip(z * 1.15, 0, 1))) + 0.01
        rad[-2:] = rb * 0.45
    elif profile == "slender":
        rad = rb * (0.55 + 0.15 * np.sin(np.pi * z))
    elif profile == "flared":
        rad = rb * (0.5 + 0.9 * z ** 2)
    elif profile == "cylindrical":
        rad = np.full_like(z, rb)
    else:
        rad = rb * (0.45 + 0.55 * z)
    outer = list(zip(rad, z * h))
    lathe(b, "body", _shell(outer, 0.006, 0.01), (0, 0, 0), 40)
    handles = int(r.choice([0, 2], p=[0.7, 0.3]))
    if handles:
        def handle(s):
            x0 = s * (rad[5] - 0.004)
            x1 = s * (rad[7] - 0.004)
            out = s * (max(rad[5:8]) + 0.04)
            path = [(x0, 0, h * 0.6), (out, 0, h * 0.66), (out, 0, h * 0.8), (x1, 0, h * 0.86)]
            return tube(b, "vessel_handle", path, 0.007)
        mirrored(b, handle)
    b.attributes.update(profile=profile, handles=handles, height_m=round(h, 3))


def mug(b) -> None:
    r = b.rng
    profile = choice(r, ["cylindrical", "tapered", "bulbous"])
    h, rad = r.uniform(0.08, 0.12), r.uniform(0.035, 0.05)
    z = np.linspace(0, 1, 6)
    if profile == "cylindrical":
        radii = np.full_like(z, rad)
    elif profile == "tapered":
        radii = rad * (0.78 + 0.22 * z)
    else:
        radii = rad * (0.85 + 0.25 * np.sin(np.pi * z))
    saucer = bool(r.random() < 0.3)
    z0 = 0.012 if saucer else 0.0
    if saucer:
        disc(b, "saucer", (0, 0, 0), rad * 2.2, 0.014, edge_radius=0.005)
    lathe(b, "body", _shell(list(zip(radii, z * h)), 0.004, 0.008), (0, 0, z0), 40)
    hr = r.uniform(0.022, 0.032)
    a = np.linspace(-np.pi / 2 - 0.3, np.pi / 2 + 0.3, 13)
    x_attach = rad * 0.95
    cz = z0 + h * 0.5
    path = np.stack([x_attach + hr * np.cos(a) * 0.9 + 0.004, np.zeros_like(a), cz + hr * 1.2 * np.sin(a)], 1)
    path[0, 0] = path[-1, 0] = x_attach - 0.003
    tube(b, "vessel_handle", path, 0.005)
    b.attributes.update(profile=profile, saucer=saucer, height_m=round(h, 3))
