"""Attributes read off a shape's part structure: counts of labelled parts (legs, shelves, doors,
drawers, vessel handles), the presence of parts (armrests, casters, a headrest, a headboard, a
footboard, a saucer) and whether a tabletop is round. Used by the prompt-fidelity eval
(fidelity.py) and by the generator's own check that a candidate has what its prompt asks for
(prompt_check.py). A part counts only when its box volume is one its label has in the training
shapes (label_size_ranges): a sliver labelled door is no door.

Arrays: parts are dicts {label, half (3,), ...} as from slot_codec.decode_slots; occupancy grids
(R, R, R) logits in a part's own box frame.
"""

from __future__ import annotations

import numpy as np

COUNTED = {"legs": ("leg",), "shelves": ("shelf",), "doors": ("door",), "drawers": ("drawer",),
           "handles": ("vessel_handle",)}
PRESENT = {"arms": ("armrest", "arm_support", "arm"), "wheels": ("caster",), "headrest": ("headrest",),
           "headboard": ("headboard",), "footboard": ("footboard",), "saucer": ("saucer",)}


_SIZE_RANGES: dict = {}


def label_size_ranges(count: int = 600) -> dict:
    """{label: (low, high)}: the range of log box volume (sum of the log half extents) of each
    label's parts over the first `count` shapes of the train split."""
    if count not in _SIZE_RANGES:
        from ..data.shapes import shape_for_index
        from .slots import part_box

        sizes: dict = {}
        for i in range(count):
            for part in shape_for_index("train", i).parts:
                sizes.setdefault(part.label, []).append(float(np.log(part_box(part.primitive)[1]).sum()))
        _SIZE_RANGES[count] = {label: (min(v), max(v)) for label, v in sizes.items()}
    return _SIZE_RANGES[count]


def plausible_size(part: dict, ranges: dict, slack: float = np.log(2.0)) -> bool:
    """Is a decoded part's box within the training range of its label's box volumes (widened by
    `slack` in log volume, a factor of 2)? A label the range does not know counts as plausible."""
    if part["label"] not in ranges:
        return True
    low, high = ranges[part["label"]]
    size = float(np.log(np.asarray(part["half"])).sum())
    return low - slack <= size <= high + slack


def recover_attributes(parts: list, tabletop_grid: np.ndarray | None = None, ranges: dict | None = None) -> dict:
    """Attributes read off decoded slots ([{label, ...}] from slot_codec.decode_slots); with
    `ranges` (label_size_ranges) only parts of a plausible size for their label count.
    `tabletop_grid` is the decoded grid of the first tabletop part (its box frame)."""
    tops = [p for p in parts if p["label"] == "tabletop"]
    if ranges is not None:
        parts = [p for p in parts if plausible_size(p, ranges)]
    labels = [p["label"] for p in parts]
    out = {name: sum(labels.count(label) for label in wanted) for name, wanted in COUNTED.items()}
    out.update({name: any(label in labels for label in wanted) for name, wanted in PRESENT.items()})
    if tabletop_grid is not None and tops:
        out["round"] = is_round_slab(tabletop_grid, tops[0]["half"])
    return out


def is_round_slab(grid: np.ndarray, half, threshold: float = 0.9) -> bool:
    """Is a slab-like part round rather than square? `grid` holds occupancy logits in the part's
    own box frame (every axis spans the box, so the slab fills the grid along its thin axis
    too: the thin axis is the box's smallest half extent, `half` (3,)). In the slice across it,
    a disc fills pi/4 = 0.785 of its bounding square, a square (rounded corners included)
    nearly all of it."""
    occupied = np.asarray(grid) > 0
    if not occupied.any():
        return False
    thin = int(np.argmin(np.asarray(half)))
    filled = np.nonzero(occupied.any(axis=tuple(j for j in range(3) if j != thin)))[0]
    section = np.take(occupied, (filled.min() + filled.max()) // 2, axis=thin)
    rows, cols = np.nonzero(section)
    box = (rows.max() - rows.min() + 1) * (cols.max() - cols.min() + 1)
    return bool(section.sum() / box < threshold)
