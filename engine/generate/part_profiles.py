"""Turned parts meshed from a predicted profile: a lathe's cross-section read off its geometry code.

The part auto-encoder's occupancy loses the thin walls of turned vessels (a vase's body, a mug's,
a lampshade: validation IoU 0.69 for bodies, BENCHMARKS.md twenty-fourth session), and averaging
its logits over the angle (revolved_parts.py) cannot bring back a profile the decoder never drew.
The code itself still says which profile it was made from: a small network reads a part's code
and label and predicts its cross-section, and the part is meshed as an exact surface of
revolution, walls of any thinness whole and watertight.

Profile (a part's box coordinates, the box over [-1, 1] along each of its axes): ROWS rows at the
heights z_k = -1 + (2k + 1) / ROWS along the box axis nearest the upright (the axis of
revolution), each row an outer radius, an inner radius and a hollow flag: a hollow row is the
ring r_in <= r <= r_out, a solid one the disc r <= r_out. Radii are in units of the box's half
extents across the axis (a box with unequal sides turns an ellipse). Arrays: profiles (n, ROWS,
3) float32 [r_out, r_in, hollow in {0, 1}]; meshes (vertices (V, 3) float64 in box coordinates,
faces (F, 3) int64, outward).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .part_readers import KeyedReaderConfig

ROWS = 32              # rows of a profile along the axis of revolution
RADIAL_SAMPLES = 231   # the radius sampled over [0, RADIAL_REACH] to measure a row
RADIAL_REACH = 1.15
SEGMENTS = 40          # sides of the meshed surface of revolution (the library's lathes have 40)
MIN_WALL = 0.01        # thinnest wall meshed, box units


@dataclass
class ProfileConfig(KeyedReaderConfig):
    """Sizes of the profile reader: part_readers.KeyedReaderConfig's (keys: the turned parts it
    reads) and its rows."""
    rows: int = ROWS


def row_heights(rows: int = ROWS) -> np.ndarray:
    """(rows,) the row centres along the axis, box units."""
    return -1.0 + (2.0 * np.arange(rows) + 1.0) / rows


def across_axes(axis: int) -> tuple:
    """The two box axes across the axis of revolution, in the order that keeps (across, across,
    axis) right-handed."""
    return {0: (1, 2), 1: (2, 0), 2: (0, 1)}[axis]


def measure_profile(sdf, centre, half, rotation, axis: int, rows: int = ROWS) -> np.ndarray:
    """(rows, 3) the cross-section of a part whose signed distance (negative inside, world units)
    is `sdf(points (N, 3)) -> (N,)`, in its box (centre, half, rotation; slots.part_box) about box
    axis `axis`: each row's radii read along the four half-axes across it and averaged."""
    from .slots import box_to_world

    a, b = across_axes(axis)
    z = row_heights(rows)
    r = np.linspace(0.0, RADIAL_REACH, RADIAL_SAMPLES)
    readings = []
    for direction, sign in ((a, 1.0), (a, -1.0), (b, 1.0), (b, -1.0)):
        box = np.zeros((rows, len(r), 3))
        box[..., axis] = z[:, None]
        box[..., direction] = sign * r[None, :]
        d = np.asarray(sdf(box_to_world(box.reshape(-1, 3), centre, half, rotation))).reshape(rows, len(r))
        readings.append(np.stack([_row_radii(row, r) for row in d]))
    out = np.mean(readings, axis=0)
    hollow = np.mean([reading[:, 2] for reading in readings], axis=0) > 0.5
    out[:, 2] = hollow
    out[~hollow, 1] = 0.0
    return out.astype(np.float32)


def _row_radii(distance: np.ndarray, r: np.ndarray) -> tuple:
    """(r_out, r_in, hollow) of one row of signed distances sampled at radii r (crossings placed
    linearly between samples); (0, 0, 0) for a row outside the part."""
    inside = distance < 0
    if not inside.any():
        return 0.0, 0.0, 0.0
    last = int(np.nonzero(inside)[0][-1])
    r_out = r[-1] if last == len(r) - 1 else _crossing(r, distance, last)
    if inside[0]:
        return r_out, 0.0, 0.0
    first = int(np.nonzero(inside)[0][0])
    return r_out, _crossing(r, distance, first - 1), 1.0


def _crossing(r: np.ndarray, distance: np.ndarray, i: int) -> float:
    """The radius between samples i and i + 1 where the distance crosses zero."""
    d0, d1 = distance[i], distance[i + 1]
    return float(r[i] + (r[i + 1] - r[i]) * d0 / (d0 - d1)) if d0 != d1 else float(r[i])


def profile_polygon(profile: np.ndarray) -> np.ndarray:
    """(P, 2) the closed (r, z) outline of a profile, counter-clockwise: up the outside from the
    bottom (z = -1) to the top (z = 1), then down the inside where the rows at the top are hollow to
    a flat floor midway between the last hollow row and the first solid one, or across the top to
    the axis; a ring hollow at every row (a lampshade)
    is open at both ends. Hollow rows that reach neither end are filled (no closed cavities)."""
    profile = np.asarray(profile, dtype=np.float64)
    rows = len(profile)
    z = row_heights(rows)
    r_out = np.maximum(profile[:, 0], 0.0)
    hollow = profile[:, 2] > 0.5
    r_in = np.clip(profile[:, 1], MIN_WALL, np.maximum(r_out - MIN_WALL, MIN_WALL))
    hollow &= r_out > 2 * MIN_WALL
    top = _run(hollow[::-1])
    bottom = _run(hollow)
    outer = [(r_out[0], -1.0)] + list(zip(r_out, z)) + [(r_out[-1], 1.0)]
    if top == rows:
        inner = [(r_in[-1], 1.0)] + list(zip(r_in[::-1], z[::-1])) + [(r_in[0], -1.0)]
        return _dedupe(outer + inner)
    points = []
    if bottom:
        floor = (z[bottom - 1] + z[bottom]) / 2
        points += [(0.0, floor), (r_in[bottom - 1], floor)] + [(r_in[k], z[k]) for k in reversed(range(bottom))]
        points.append((r_in[0], -1.0))
    else:
        points.append((0.0, -1.0))
    points += outer
    if top:
        ceiling = (z[rows - top - 1] + z[rows - top]) / 2
        points += [(r_in[-1], 1.0)] + [(r_in[k], z[k]) for k in range(rows - 1, rows - top - 1, -1)]
        points += [(r_in[rows - top], ceiling), (0.0, ceiling)]
    else:
        points.append((0.0, 1.0))
    return _dedupe(points)


def _run(flags: np.ndarray) -> int:
    """How many of the flags from the first on are all true."""
    off = np.nonzero(~flags)[0]
    return len(flags) if len(off) == 0 else int(off[0])


def _dedupe(points: list) -> np.ndarray:
    """The outline without a point equal to the one before it (nor a last equal to the first)."""
    out = [points[0]]
    for p in points[1:]:
        if abs(p[0] - out[-1][0]) > 1e-9 or abs(p[1] - out[-1][1]) > 1e-9:
            out.append(p)
    if len(out) > 1 and abs(out[-1][0] - out[0][0]) < 1e-9 and abs(out[-1][1] - out[0][1]) < 1e-9:
        out.pop()
    return np.asarray(out, dtype=np.float64)


def revolve_outline(outline: np.ndarray, axis: int, segments: int = SEGMENTS) -> tuple:
    """(vertices (V, 3), faces (F, 3)) in box coordinates: the closed (r, z) outline turned about
    box axis `axis`, a point on the axis (r = 0) one vertex, every other a ring of `segments`;
    watertight, faces outward."""
    a, b = across_axes(axis)
    theta = 2 * np.pi * np.arange(segments) / segments
    vertices, first = [], []
    for r, z in outline:
        first.append(len(vertices))
        if r <= 1e-9:
            point = np.zeros(3)
            point[axis] = z
            vertices.append(point)
            continue
        ring = np.zeros((segments, 3))
        ring[:, a], ring[:, b], ring[:, axis] = r * np.cos(theta), r * np.sin(theta), z
        vertices.extend(ring)
    faces = []
    j = np.arange(segments)
    k = (j + 1) % segments
    n = len(outline)
    for i in range(n):
        i2 = (i + 1) % n
        on_axis = (outline[i][0] <= 1e-9, outline[i2][0] <= 1e-9)
        p, q = first[i], first[i2]
        if on_axis[0] and on_axis[1]:
            continue
        if on_axis[0]:
            faces.append(np.stack([np.full(segments, p), q + k, q + j], 1))
        elif on_axis[1]:
            faces.append(np.stack([p + j, p + k, np.full(segments, q)], 1))
        else:
            faces.append(np.stack([p + j, p + k, q + k], 1))
            faces.append(np.stack([p + j, q + k, q + j], 1))
    vertices = np.asarray(vertices, dtype=np.float64)
    faces = np.concatenate(faces).astype(np.int64)
    if _signed_volume(vertices, faces) < 0:
        faces = faces[:, ::-1].copy()
    return vertices, faces


def _signed_volume(vertices: np.ndarray, faces: np.ndarray) -> float:
    tri = vertices[faces]
    return float(np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6.0)


def profile_mesh(profile: np.ndarray, axis: int, segments: int = SEGMENTS):
    """(vertices, faces) of a profile turned about box axis `axis`; None for a profile with no
    outer radius (nothing to mesh)."""
    if float(np.max(np.asarray(profile)[:, 0])) <= 2 * MIN_WALL:
        return None
    return revolve_outline(profile_polygon(profile), axis, segments)


def profile_reader_class():
    """The profile reader (torch, imported on first use; part_readers.keyed_reader_base): code and
    key -> (rows, 3) raw outputs (outer radius through softplus; inner radius as a share of it
    through a sigmoid; hollow logit)."""
    import torch
    from torch import nn

    from .part_readers import keyed_reader_base

    class ProfileReader(keyed_reader_base()):
        def __init__(self, config: ProfileConfig):
            super().__init__(config, 3 * config.rows)

        def forward(self, codes, key_ids):
            raw = self.raw(codes, key_ids).view(-1, self.config.rows, 3)
            r_out = nn.functional.softplus(raw[..., 0])
            return r_out, r_out * torch.sigmoid(raw[..., 1]), raw[..., 2]

        def loss(self, codes, key_ids, profiles):
            r_out, r_in, hollow_logit = self(codes, key_ids)
            hollow = profiles[..., 2]
            radius = ((r_out - profiles[..., 0]) ** 2).mean()
            inner = (hollow * (r_in - profiles[..., 1]) ** 2).sum() / hollow.sum().clamp(min=1.0)
            flags = nn.functional.binary_cross_entropy_with_logits(hollow_logit, hollow)
            return radius + inner + 0.01 * flags

        def profiles(self, codes, keys) -> np.ndarray:
            """(n, rows, 3) float32 profiles of codes (n, code_dim) read as parts of `keys`."""
            with torch.no_grad():
                r_out, r_in, hollow_logit = self(*self.inputs(codes, keys))
            return torch.stack([r_out, r_in, (hollow_logit > 0).float()], -1).cpu().numpy()

    return ProfileReader
