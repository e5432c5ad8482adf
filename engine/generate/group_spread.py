"""Group spread: repeated parts stand as far from their hub as the training shapes put them.

A table's four legs stand under its top, 0.44 to 0.97 of the way from its centre to its edge; a
stool's legs stand on a ring 0.75 to 1.02 times its seat's radius. part_symmetry puts a group in a
regular arrangement about its hub, but keeps the spread the denoiser gave it, and the shipped
weights' spreads are often outside anything in training (64 samples a category, the spread more
than 0.02 outside the training range: 38% of the tables' leg groups, 54–64% of the stools', 73%
of the chairs'; legs standing outside a round top: BENCHMARKS.md, seventeenth session).
`clamp_spreads` scales such a group's offsets from the hub's axis, along each horizontal axis
(a mirror group) or radially (a ring), into the range SPREADS gives for its (category, label/n),
measured from the train split by `measure_spreads`; groups within it are not moved. The range is
per axis, so a square of legs can still reach past a round top's rim (the top's roundness is in
its geometry code, not its box): once the parts are decoded, `bring_under_hubs` draws such a
group in towards the hub's axis until every member's upper end stands over the hub's decoded
shape.

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


def hubbed_spreads(parts: list, category: str, arrangements: dict | None = None) -> dict:
    """{"label/n": spread} of each group of the parts that its category's arrangement centres on
    a single hub part (what SPREADS measures)."""
    arrangements = ARRANGEMENTS if arrangements is None else arrangements
    out = {}
    for label, idx in group_by_label(parts).items():
        found = _hub_and_kind(parts, category, label, len(idx), arrangements)
        if found is not None:
            out[f"{label}/{len(idx)}"] = spread([parts[i] for i in idx], *found)
    return out


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


def upper_end(part) -> np.ndarray:
    """(3,) the centre of the part's box face along its most vertical axis, on the upper side."""
    rotation = np.asarray(part["rotation"], dtype=np.float64)
    axis = int(np.argmax(np.abs(rotation[2])))
    reach = rotation[:, axis] * np.asarray(part["half"], dtype=np.float64)[axis]
    return np.asarray(part["centre"], dtype=np.float64) + (reach if reach[2] >= 0 else -reach)


def over_hub(hub, logits: np.ndarray, points: np.ndarray, bound: float = 1.1) -> np.ndarray:
    """(N,) bool: whether each world point's vertical line through the hub meets its decoded
    shape (`logits`: its occupancy logits on its box grid over [-bound, bound]^3, decode_box_grids):
    the point taken to the hub's centre height, in box coordinates, over an occupied node column."""
    rotation = np.asarray(hub["rotation"], dtype=np.float64)
    half = np.maximum(np.asarray(hub["half"], dtype=np.float64), 1e-9)
    thick = int(np.argmax(np.abs(rotation[2])))    # the box axis nearest the world's vertical
    columns = (np.asarray(logits) > 0).any(axis=thick)
    others = [a for a in range(3) if a != thick]
    level = np.array(points, dtype=np.float64).reshape(-1, 3)
    level[:, 2] = np.asarray(hub["centre"])[2]
    local = (level - np.asarray(hub["centre"])) @ rotation / half
    shape = np.array(np.shape(logits))[others]
    index = np.rint((local[:, others] + bound) / (2 * bound) * (shape - 1)).astype(np.int64)
    inside = np.all((index >= 0) & (index < shape), axis=1)
    out = np.zeros(len(level), bool)
    out[inside] = columns[index[inside, 0], index[inside, 1]]
    return out


def bring_under_hubs(parts: list, grids: list, category: str, arrangements: dict | None = None,
                     step: float = 0.02, least: float = 0.3) -> list:
    """The parts with each hubbed group with a member whose upper end (the centre of its box's
    highest face, where a splayed leg meets the top) stands past its hub's decoded shape (a square
    of legs under a round top, past its rim) drawn in towards the hub's axis, by the least of the
    scales 1 - step, 1 - 2 step, ... down to `least` that brings every member's upper end and the
    point its box's horizontal half extent further out over the hub; a group that none brings
    under is left as it is. `grids`: each part's occupancy logits (decode_box_grids). Input not
    modified."""
    arrangements = ARRANGEMENTS if arrangements is None else arrangements
    out = list(parts)
    for label, idx in group_by_label(parts).items():
        found = _hub_and_kind(parts, category, label, len(idx), arrangements)
        if found is None:
            continue
        hub = found[0]
        hub_grid = grids[next(k for k, p in enumerate(parts) if p is hub)]
        axis = np.array([*np.asarray(hub["centre"], dtype=np.float64)[:2], 0.0])
        offsets = np.array([np.asarray(parts[i]["centre"], dtype=np.float64) - axis for i in idx])
        ends = np.array([upper_end(parts[i]) - axis for i in idx])   # where a splayed leg meets the top
        reach = np.array([world_half(parts[i])[:2].min() for i in idx])

        def edges(scale, out_by):
            flat = ends[:, :2] * scale
            outward = flat / np.maximum(np.linalg.norm(flat, axis=1, keepdims=True), 1e-9)
            points = np.concatenate([flat, flat + outward * out_by[:, None]])
            return np.column_stack([points + axis[:2], np.zeros(len(points))])

        # The upper ends alone decide whether to move: flush legs at a seat's rounded corners poke
        # out by their half width and stay.
        if over_hub(hub, hub_grid, edges(1.0, np.zeros_like(reach))).all():
            continue
        for scale in np.arange(1 - step, least - 1e-9, -step):
            if over_hub(hub, hub_grid, edges(scale, reach)).all():
                for i, offset in zip(idx, offsets):
                    out[i] = {**parts[i], "centre": axis + offset * np.array([scale, scale, 1.0])}
                break
    return out


def measure_spreads(count: int = 1300) -> dict:
    """{category: {"label/n": (low, high)}} from the first `count` train-split shapes: the range
    of each hubbed group's spread (tuples of 1 or 2 values, per axis), widened by MARGIN and rounded
    to 3 decimals; groups whose spread ever exceeds MAX_SPREAD are left out."""
    from .slots import train_part_boxes

    seen: dict = {}
    for category, parts in train_part_boxes(count):
        for key, value in hubbed_spreads(list(parts), category).items():
            seen.setdefault((category, key), []).append(value)
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
