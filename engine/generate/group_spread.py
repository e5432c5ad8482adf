"""Group spread: repeated parts stand as far from their hub as the training shapes put them.

A table's four legs stand under its top, 0.44 to 0.97 of the way from its centre to its edge; a
stool's legs stand on a ring 0.75 to 1.02 times its seat's radius. part_symmetry puts a group in a
regular arrangement about its hub, but keeps the spread the denoiser gave it, and the shipped
weights' spreads are often outside anything in training (64 samples a category, the spread more
than 0.02 outside the training range: 41% of the tables' leg groups, 54–64% of the stools', 73%
of the chairs'; legs standing outside a round top: BENCHMARKS.md, seventeenth session).
`clamp_spreads` scales such a group's offsets from the hub's axis, along each horizontal axis
(a mirror group) or radially (a ring), into the range SPREADS gives for its (category, label/n),
measured from the train split by `measure_spreads`; groups within it are not moved.

Spread: ring, the mean distance of the part centres from the hub's vertical axis over the hub's
mean horizontal half extent; mirror, per world axis (x, y), the largest offset of a part centre
from the hub's centre over the hub's half extent along that axis (the half extents of the hub's
box as seen along the world axes). Only groups that stand within their hub's footprint in
training are kept (every training spread at most MAX_SPREAD): an office chair's casters are
measured against a thin gas lift, whose radius says little about where they stand.
Arrays: a part is a decode_slots dict (label, centre (3,), half (3,), rotation (3, 3), code);
only `centre` changes.
"""

from __future__ import annotations

import numpy as np

from .part_symmetry import ARRANGEMENTS, RING, group_by_label

MAX_SPREAD = 1.5     # a group whose training spread reaches beyond this is not measured against its hub
MARGIN = 0.01        # the measured range is widened by this, so that real shapes beyond the sample stay put


def world_half(part) -> np.ndarray:
    """(3,) half extents of the part's box along the world axes."""
    return np.abs(np.asarray(part["rotation"], dtype=np.float64)) @ np.asarray(part["half"], dtype=np.float64)


def _hub_and_kind(parts: list, category: str, label: str, count: int, arrangements: dict):
    arrangement = arrangements.get(category, {}).get(f"{label}/{count}")
    if arrangement is None or not arrangement.axis:
        return None
    hubs = [p for p in parts if p["label"] == arrangement.axis]
    return (hubs[0], arrangement.kind) if len(hubs) == 1 else None


def spread(group: list, hub, kind: str) -> np.ndarray:
    """(1,) for a ring, (2,) for a mirror group: see the module docstring."""
    offsets = np.array([np.asarray(p["centre"], dtype=np.float64)[:2] for p in group]) - np.asarray(hub["centre"])[:2]
    half = np.maximum(world_half(hub)[:2], 1e-9)
    if kind == RING:
        return np.array([np.linalg.norm(offsets, axis=1).mean() / half.mean()])
    return np.abs(offsets).max(0) / half


def clamp_spreads(parts: list, category: str, table: dict | None = None, arrangements: dict | None = None) -> list:
    """The parts with each group whose spread lies outside its (category, label/n) range moved
    (scaled about the hub's axis) to the nearest end of it; other parts as given. Input not
    modified."""
    rules = (SPREADS if table is None else table).get(category, {})
    arrangements = ARRANGEMENTS if arrangements is None else arrangements
    out = list(parts)
    for label, idx in group_by_label(parts).items():
        rule = rules.get(f"{label}/{len(idx)}")
        found = _hub_and_kind(parts, category, label, len(idx), arrangements)
        if rule is None or found is None:
            continue
        hub, kind = found
        group = [parts[i] for i in idx]
        now = spread(group, hub, kind)
        wanted = np.clip(now, rule[0], rule[1])
        if np.allclose(wanted, now):
            continue
        scale = np.ones(3)
        scale[:2] = wanted[0] / max(now[0], 1e-9) if kind == RING else wanted / np.maximum(now, 1e-9)
        axis = np.array([*np.asarray(hub["centre"], dtype=np.float64)[:2], 0.0])
        for i, p in zip(idx, group):
            out[i] = {**p, "centre": axis + (np.asarray(p["centre"], dtype=np.float64) - axis) * scale}
    return out


def measure_spreads(count: int = 1300) -> dict:
    """{category: {"label/n": (low, high)}} from the first `count` train-split shapes: the range
    of each hubbed group's spread (tuples of 1 or 2 values, per axis), widened by MARGIN and rounded
    to 3 decimals; groups whose spread ever exceeds MAX_SPREAD are left out."""
    from .slots import train_part_boxes

    seen: dict = {}
    for category, parts in train_part_boxes(count):
        parts = list(parts)
        for label, idx in group_by_label(parts).items():
            found = _hub_and_kind(parts, category, label, len(idx), ARRANGEMENTS)
            if found is not None:
                seen.setdefault((category, f"{label}/{len(idx)}"), []).append(
                    spread([parts[i] for i in idx], *found))
    table: dict = {}
    for (category, key), rows in sorted(seen.items()):
        rows = np.array(rows)
        if rows.max() > MAX_SPREAD:
            continue
        low = tuple(round(float(v), 3) for v in np.maximum(rows.min(0) - MARGIN, 0.0))
        high = tuple(round(float(v), 3) for v in rows.max(0) + MARGIN)
        table.setdefault(category, {})[key] = (low, high)
    return table


SPREADS = {   # measure_spreads(1300): 100 train-split shapes per category (a test keeps the two equal)
    "armchair": {
        "arm/2": ((0.747, 0.0), (0.901, 0.01)),
        "armrest/2": ((0.747, 0.0), (0.892, 0.01)),
        "leg/4": ((0.847, 0.848), (0.904, 0.899)),
    },
    "bed": {
        "leg/4": ((0.844, 0.92), (0.934, 0.945)),
    },
    "bookshelf": {
        "side_panel/2": ((1.004, 0.0), (1.056, 0.01)),
    },
    "cabinet": {
        "leg/4": ((0.907, 0.762), (0.979, 0.864)),
        "side_panel/2": ((1.003, 0.0), (1.048, 0.01)),
    },
    "chair": {
        "leg/4": ((0.591, 0.591), (0.981, 0.976)),
        "stretcher/2": ((0.601, 0.0), (0.908, 0.01)),
    },
    "desk": {
        "leg/4": ((0.917, 0.845), (0.959, 0.91)),
    },
    "sofa": {
        "arm/2": ((0.857, 0.0), (0.953, 0.01)),
        "armrest/2": ((0.858, 0.0), (0.952, 0.01)),
        "leg/4": ((0.901, 0.84), (0.962, 0.89)),
    },
    "stool": {
        "leg/3": ((0.74,), (1.028,)),
        "leg/4": ((0.74,), (0.999,)),
    },
    "table": {
        "leg/4": ((0.428, 0.428), (0.982, 0.939)),
    },
    "vase": {
        "vessel_handle/2": ((0.744, 0.0), (1.469, 0.01)),
    },
}
