"""Symmetric arrangements of repeated parts: a stool's legs evenly round a ring, a table's legs at
the corners of a rectangle, a chair's arms mirror images.

Every procedural shape places its repeated parts exactly symmetrically (equal lengths, equal radii,
equal angles), while the denoiser places each slot with its own error: the shipped weights' stools
had their legs' radii spread by 28% and their gaps off even spacing by 27 degrees rms (medians),
where every training stool has 0 and 0 (BENCHMARKS.md, fourteenth session). `symmetrize` snaps each
group of parts of one label onto the arrangement the training shapes of that category use for that
many parts (ARRANGEMENTS, measured from the train split by `measure_arrangements`).

Arrangements act about a vertical axis: through the centre of the single part the training groups
centre on (the seat for a stool's legs: Arrangement.axis), else through the mean of the centres:
  ring    n parts at angles phase + 2 pi k / n, one radius and height: rotations about Z
  mirror  2 parts mirror images across the plane through the axis (x or y, whichever parts them
          more), or 4 parts one in each quadrant, mirror images across both planes
and one that is a translation:
  stack   n parts one above another at even spacing (a bookshelf's shelves, a desk's drawers and
          their handles): one x, y, box and rotation, heights a + b k in their own order
A group is snapped by carrying each part into the frame of the first (the inverse of its own
symmetry transform), averaging the carried centres, box rotations and half extents, and carrying
the average back: the centres become the least-squares regular arrangement of the given ones.
Box axes are compared through the box's own symmetries (a box's axes can be named 48 ways,
mirrored ones included), so each part keeps its geometry code and its own axis naming.
Arrays: a part is a decode_slots dict (centre (3,), half (3,), rotation (3, 3), code (C,));
transforms are (3, 3) orthogonal matrices acting on offsets from the axis (z unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .slots import signed_permutations

RING, MIRROR, STACK = "ring", "mirror", "stack"
# A training group counts as symmetric when snapping moves no box corner further than this (3% of the
# shape: the twist of a round tube's box about its own axis is arbitrary and moves its corners about 0.02).
SNAP_TOLERANCE = 0.03


SIGNED_PERMUTATIONS = signed_permutations()   # a box's axes named any of 48 ways, mirrored ones included


def rotation_z(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def ring_transforms(offsets: np.ndarray, phase: float | None = None) -> list:
    """offsets (n, 3) from the axis -> n rotations about Z, part k's at the nearest of n evenly
    spaced angles, in the parts' own angular order; the angles start at `phase` (radians) when
    given, else at a circular mean of the residues."""
    n = len(offsets)
    angle = np.arctan2(offsets[:, 1], offsets[:, 0])
    if phase is not None:   # which of the n angles each part is nearest, as a circular assignment
        angle = angle - phase
    order = np.argsort(np.mod(angle, 2 * np.pi))
    slot = np.empty(n, dtype=np.int64)
    slot[order] = np.arange(n)
    if phase is None:
        phase = float(np.angle(np.exp(1j * (angle - 2 * np.pi * slot / n)).mean()))
    return [rotation_z(phase + 2 * np.pi * k / n) for k in slot]


def mirror_transforms(offsets: np.ndarray) -> list | None:
    """offsets (n, 3) -> the mirror transform of each part relative to the first part's side, or
    None when the parts do not sit one to a side (n = 2) or one to a quadrant (n = 4)."""
    n = len(offsets)
    if n == 2:
        axis = int(np.argmax(np.abs(offsets[0, :2] - offsets[1, :2])))
        flip = np.eye(3)
        flip[axis, axis] = -1.0
        return [np.eye(3), flip]
    if n == 4:
        signs = np.sign(offsets[:, :2])
        quadrants = {(sx, sy) for sx, sy in signs}
        if len(quadrants) != 4 or 0 in signs:
            return None
        return [np.diag([sx * signs[0, 0], sy * signs[0, 1], 1.0]) for sx, sy in signs]
    return None


def _proper(matrix: np.ndarray) -> np.ndarray:
    """The rotation nearest `matrix` (polar decomposition, det +1)."""
    u, _, vt = np.linalg.svd(matrix)
    d = np.sign(np.linalg.det(u @ vt))
    return u @ np.diag([1.0, 1.0, d]) @ vt


def _align(carried: np.ndarray, reference: np.ndarray, det: float) -> np.ndarray:
    """The signed permutation S with det(S) = det that brings carried @ S nearest `reference`."""
    candidates = SIGNED_PERMUTATIONS[np.isclose(np.linalg.det(SIGNED_PERMUTATIONS), det)]
    errors = np.linalg.norm(carried[None] @ candidates - reference[None], axis=(1, 2))
    return candidates[int(np.argmin(errors))]


def snap_stack(parts: list) -> list:
    """The parts of one group placed exactly one above another (STACK), as new dicts: their
    mean x and y, their mean box (each part's axes named as the lowest's), and heights at even
    spacing, the least-squares line through their heights in height order."""
    centres = np.array([p["centre"] for p in parts], dtype=np.float64)
    rank = np.empty(len(parts), dtype=np.int64)
    rank[np.argsort(centres[:, 2], kind="stable")] = np.arange(len(parts))
    lowest = parts[int(np.argmin(rank))]
    reference = np.asarray(lowest["rotation"], dtype=np.float64)
    namings = [_align(np.asarray(p["rotation"], dtype=np.float64), reference, 1.0) for p in parts]
    rotation = _proper(np.mean([np.asarray(p["rotation"]) @ n for p, n in zip(parts, namings)], axis=0))
    half = np.exp(np.mean([np.log(np.abs(n).T @ np.asarray(p["half"], dtype=np.float64))
                           for p, n in zip(parts, namings)], axis=0))
    slope, intercept = np.polyfit(rank.astype(np.float64), centres[:, 2], 1)
    xy = centres[:, :2].mean(0)
    return [dict(p, centre=np.array([*xy, intercept + slope * k]), rotation=rotation @ n.T, half=np.abs(n) @ half)
            for p, n, k in zip(parts, namings, rank)]


def snap_group(parts: list, arrangement: str, axis=None, phase: float | None = None) -> list | None:
    """The parts of one group (decode_slots dicts) placed exactly in `arrangement`, as new dicts
    (labels and codes kept); None when the parts cannot be put in it (see mirror_transforms).
    `axis` (x, y): where the arrangement's axis stands (default: the mean of the centres);
    `phase`: a ring's first angle (default: fitted). A stack has no axis nor phase."""
    if arrangement == STACK:
        return snap_stack(parts)
    centres = np.array([p["centre"] for p in parts], dtype=np.float64)
    axis = np.array([*(centres[:, :2].mean(0) if axis is None else axis), 0.0])
    offsets = centres - axis
    transforms = ring_transforms(offsets, phase) if arrangement == RING else mirror_transforms(offsets)
    if transforms is None:
        return None
    local_centres, local_rotations, local_halves, namings = [], [], [], []
    for p, t in zip(parts, transforms):
        carried = t.T @ np.asarray(p["rotation"], dtype=np.float64)
        naming = np.eye(3) if not namings else _align(carried, local_rotations[0], np.linalg.det(t))
        local_centres.append(t.T @ (np.asarray(p["centre"]) - axis))
        local_rotations.append(carried @ naming)
        local_halves.append(np.abs(naming).T @ np.asarray(p["half"], dtype=np.float64))
        namings.append(naming)
    centre = np.mean(local_centres, axis=0)
    rotation = _proper(np.mean(local_rotations, axis=0))
    if arrangement == RING and phase is not None:   # the mean part turned back onto the given angle
        back = rotation_z(-np.arctan2(centre[1], centre[0]))
        centre, rotation = back @ centre, back @ rotation
    half = np.exp(np.mean(np.log(local_halves), axis=0))
    return [dict(p, centre=axis + t @ centre, rotation=t @ rotation @ naming.T, half=np.abs(naming) @ half)
            for p, t, naming in zip(parts, transforms, namings)]


def group_by_label(parts: list) -> dict:
    """{label: [part indices]} for the labels with more than one part."""
    groups: dict = {}
    for i, p in enumerate(parts):
        groups.setdefault(p["label"], []).append(i)
    return {label: idx for label, idx in groups.items() if len(idx) > 1}


@dataclass(frozen=True)
class Arrangement:
    """How the training shapes of a category place a group of n parts of one label: `kind` RING,
    MIRROR or STACK; `axis`: the label of a single part whose centre the group's axis passes through in
    those shapes ("" for none: the group's own mean); `phase`: a ring's first angle in degrees
    when every training ring has it (None: fitted per shape)."""
    kind: str
    axis: str = ""
    phase: float | None = None


def symmetrize(parts: list, category: str, arrangements: dict | None = None) -> list:
    """The parts (decode_slots dicts) with every group the category's training shapes arrange
    symmetrically snapped onto that arrangement; other parts as given. Input not modified."""
    table = (ARRANGEMENTS if arrangements is None else arrangements).get(category, {})
    out = list(parts)
    for label, idx in group_by_label(parts).items():
        arrangement = table.get(f"{label}/{len(idx)}")
        if arrangement is None:
            continue
        hubs = [p for p in parts if p["label"] == arrangement.axis]
        axis = np.asarray(hubs[0]["centre"])[:2] if len(hubs) == 1 else None
        phase = None if arrangement.phase is None else np.radians(arrangement.phase)
        snapped = snap_group([parts[i] for i in idx], arrangement.kind, axis, phase)
        for i, p in zip(idx, snapped or []):
            out[i] = p
    return out


def _box_corners(p) -> np.ndarray:
    """(8, 3) sorted by coordinate: the same box named two ways gives the same array."""
    corners = np.array([[sx, sy, sz] for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)], dtype=np.float64)
    return np.sort((np.asarray(p["rotation"]) @ (corners * p["half"]).T).T + p["centre"], axis=0)


def snap_distance(parts: list, arrangement: str) -> float:
    """How far snapping moves any box corner of the group (inf when it cannot be snapped)."""
    snapped = snap_group(parts, arrangement)
    if snapped is None:
        return float("inf")
    return float(max(np.abs(_box_corners(a) - _box_corners(b)).max() for a, b in zip(parts, snapped)))


def _ring_phase(parts: list) -> float:
    """A ring's first angle: its first part's angle about the parts' mean axis, in degrees within
    [0, 360 / n) (the same for every part of an even ring)."""
    centres = np.array([p["centre"] for p in parts])
    offset = centres[0, :2] - centres[:, :2].mean(0)
    return float(np.mod(np.degrees(np.arctan2(offset[1], offset[0])), 360.0 / len(parts)))


def _hubs(parts: list, group: list) -> set:
    """Labels of single parts whose centre lies on the group's axis (within SNAP_TOLERANCE / 10)."""
    axis = np.mean([p["centre"][:2] for p in group], axis=0)
    counts: dict = {}
    for p in parts:
        counts[p["label"]] = counts.get(p["label"], 0) + 1
    return {p["label"] for p in parts if counts[p["label"]] == 1
            and np.linalg.norm(np.asarray(p["centre"][:2]) - axis) <= SNAP_TOLERANCE / 10}


def _shared(rows: list, share: float):
    """The value (or, for sets, the member) that at least `share` of rows have; None if none."""
    if isinstance(rows[0], set):
        best = sorted({m for r in rows for m in r}, key=lambda m: (-sum(m in r for r in rows), m))
        return best[0] if best and np.mean([best[0] in r for r in rows]) >= share else None
    middle = float(np.median(rows))
    return round(middle, 1) if np.mean(np.abs(np.asarray(rows) - middle) <= 1.0) >= share else None


def measure_arrangements(count: int = 1300, share: float = 0.95) -> dict:
    """{category: {"label/n": Arrangement}} from the first `count` train-split shapes: the
    arrangement that snaps at least `share` of a category's groups of n parts of a label in place
    (moving no box corner more than SNAP_TOLERANCE; ring preferred for 3 or more parts, mirror
    for 2, when both hold, and stack only where neither does), the single part its axis passes
    through in at least `share` of them (none for a stack, which no hub moves),
    and a ring's first angle where at least `share` of them have it (to a degree). Measured from
    the parts' boxes rather than read from the shapes' declared symmetry groups, which name some
    groups only (a four-legged table's legs as two mirrored pairs) and no hub or first angle."""
    from .slots import train_part_boxes

    seen: dict = {}
    for category, parts in train_part_boxes(count):
        for label, idx in group_by_label(parts).items():
            group = [parts[k] for k in idx]
            seen.setdefault((category, f"{label}/{len(idx)}"), []).append(
                ({a: snap_distance(group, a) for a in (RING, MIRROR, STACK)}, _hubs(parts, group),
                 _ring_phase(group) if len(group) >= 3 else 0.0))
    table: dict = {}
    for (category, key), rows in sorted(seen.items()):
        order = (RING, MIRROR, STACK) if int(key.split("/")[1]) >= 3 else (MIRROR, RING, STACK)
        for kind in order:
            if np.mean([moved[kind] <= SNAP_TOLERANCE for moved, _, _ in rows]) >= share:
                phase = _shared([ph for _, _, ph in rows], share) if kind == RING else None
                hub = _shared([h for _, h, _ in rows], share) if kind != STACK else None
                table.setdefault(category, {})[key] = Arrangement(kind, hub or "", phase)
                break
    return table


ARRANGEMENTS = {   # measure_arrangements(1300): 100 train-split shapes per category (a test keeps the two equal)
    "armchair": {
        "arm/2": Arrangement(MIRROR, "seat_base"),
        "armrest/2": Arrangement(MIRROR, "seat_base"),
        "leg/4": Arrangement(MIRROR, "seat_base"),
    },
    "bed": {
        "leg/4": Arrangement(MIRROR, "bed_frame"),
        "pillow/2": Arrangement(MIRROR),
    },
    "bookshelf": {
        "shelf/2": Arrangement(STACK),
        "shelf/3": Arrangement(STACK),
        "shelf/4": Arrangement(STACK),
        "shelf/5": Arrangement(STACK),
        "side_panel/2": Arrangement(MIRROR, "bottom_panel"),
    },
    "cabinet": {
        "door/2": Arrangement(MIRROR),
        "drawer/2": Arrangement(STACK),
        "drawer/3": Arrangement(STACK),
        "drawer/4": Arrangement(STACK),
        "drawer/5": Arrangement(STACK),
        "handle/2": Arrangement(MIRROR),
        "handle/3": Arrangement(STACK),
        "handle/4": Arrangement(STACK),
        "handle/5": Arrangement(STACK),
        "leg/4": Arrangement(MIRROR, "bottom_panel"),
        "side_panel/2": Arrangement(MIRROR, "bottom_panel"),
    },
    "chair": {
        "arm_support/2": Arrangement(MIRROR),
        "armrest/2": Arrangement(MIRROR),
        "back_post/2": Arrangement(MIRROR),
        "back_rail/3": Arrangement(STACK),
        "back_rail/4": Arrangement(STACK),
        "leg/4": Arrangement(MIRROR, "seat"),
        "stretcher/2": Arrangement(MIRROR, "seat"),
    },
    "desk": {
        "drawer/2": Arrangement(STACK),
        "drawer/3": Arrangement(STACK),
        "drawer/4": Arrangement(STACK),
        "handle/2": Arrangement(STACK),
        "handle/3": Arrangement(STACK),
        "handle/4": Arrangement(STACK),
        "leg/2": Arrangement(MIRROR),
        "leg/4": Arrangement(MIRROR, "tabletop"),
    },
    "office_chair": {
        "arm_support/2": Arrangement(MIRROR),
        "armrest/2": Arrangement(MIRROR, "gas_lift"),
        "base_spoke/5": Arrangement(RING, "gas_lift", 18.0),
        "caster/5": Arrangement(RING, "gas_lift", 18.0),
    },
    "sofa": {
        "arm/2": Arrangement(MIRROR, "seat_base"),
        "armrest/2": Arrangement(MIRROR, "seat_base"),
        "back_cushion/2": Arrangement(MIRROR),
        "leg/4": Arrangement(MIRROR, "seat_base"),
        "seat_cushion/2": Arrangement(MIRROR),
    },
    "stool": {
        "leg/3": Arrangement(RING, "seat", 90.0),
        "leg/4": Arrangement(RING, "seat", 45.0),
    },
    "table": {
        "leg/4": Arrangement(MIRROR, "tabletop"),
    },
    "vase": {
        "vessel_handle/2": Arrangement(MIRROR, "body"),
    },
}
