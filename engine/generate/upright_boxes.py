"""Upright boxes: a desk's top, a cabinet's panels, a bookshelf's shelves stand square to the shape.

In every training shape of its category, a part of most labels has its box square to the shape's
axes (a tabletop, a side panel, a drawer, a shelf: tilted by 0.0 degrees), while the denoiser turns
each box on its own: in 32 generated desks 16-30% of each such label's parts were tilted by more
than 3 degrees, a tenth of the modesty panels by nearly 15, a tenth of 32 bookshelves' top panels
by 17 or more (tests/bench/diagnostics/box_tilts.py; BENCHMARKS.md, twenty-fourth session). `straighten_boxes`
turns each box of such a (category, label) onto the nearest rotation that is square to the axes.
Labels whose training boxes lean or turn (splayed legs, a ring of spokes, a reclined back) are
left as they are; UPRIGHT_LABELS says which are square, measured by `measure_upright_labels`.

Arrays: a part is a decode_slots dict (rotation (3, 3), box axes as columns, ...); only
`rotation` changes, each box axis keeping its half extent, so the part keeps its centre, size and
geometry code.
"""

from __future__ import annotations

import numpy as np

from .slots import BOX_SYMMETRIES

SQUARE_DEGREES = 0.5   # a training box counts as square when it is this close to a square rotation
SQUARE_SHARE = 0.99    # a (category, label) is straightened when at least this share of its boxes are


def nearest_square(rotation) -> np.ndarray:
    """(3, 3) the rotation square to the axes (a signed permutation, det +1) nearest `rotation`."""
    rotation = np.asarray(rotation, dtype=np.float64)
    # the largest trace of S^T R over the 24 square rotations S: the smallest angle between them
    return BOX_SYMMETRIES[int(np.argmax(np.einsum("kij,ij->k", BOX_SYMMETRIES, rotation)))].copy()


def tilt_degrees(rotation) -> float:
    """The angle between a rotation and the nearest square one, in degrees."""
    rotation = np.asarray(rotation, dtype=np.float64)
    cosine = (np.trace(nearest_square(rotation).T @ rotation) - 1) / 2
    return float(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0))))


def straighten_boxes(parts: list, category: str, table: dict | None = None) -> list:
    """The parts with each box of a label the category's training shapes always have square
    turned square (nearest_square); other parts as given. Input not modified."""
    labels = (UPRIGHT_LABELS if table is None else table).get(category, ())
    return [dict(p, rotation=nearest_square(p["rotation"])) if p["label"] in labels else p for p in parts]


def measure_upright_labels(count: int = 1300) -> dict:
    """{category: (label, ...)} of the (category, label) pairs whose boxes in the first `count`
    train-split shapes are square to the axes (within SQUARE_DEGREES) in at least SQUARE_SHARE of them."""
    from .slots import train_part_boxes

    tilts: dict = {}
    for category, parts in train_part_boxes(count):
        for p in parts:
            tilts.setdefault((category, p["label"]), []).append(tilt_degrees(p["rotation"]))
    table: dict = {}
    for (category, label), values in sorted(tilts.items()):
        if np.mean(np.asarray(values) <= SQUARE_DEGREES) >= SQUARE_SHARE:
            table.setdefault(category, []).append(label)
    return {category: tuple(labels) for category, labels in table.items()}


UPRIGHT_LABELS = {   # measure_upright_labels(1300): 100 train-split shapes per category (a test keeps the two equal)
    "armchair": ("arm", "armrest", "back_cushion", "seat_base", "seat_cushion"),
    "bed": ("bed_frame", "footboard", "headboard", "leg", "mattress", "pillow"),
    "bookshelf": ("back_board", "bottom_panel", "plinth", "shelf", "side_panel", "top_panel"),
    "cabinet": ("back_board", "bottom_panel", "door", "drawer", "handle", "plinth", "side_panel", "top_panel"),
    "chair": ("arm_support", "armrest", "back_panel", "back_post", "back_rail", "back_slat", "seat", "stretcher"),
    "desk": ("drawer", "handle", "modesty_panel", "side_panel", "tabletop"),
    "lamp": ("bulb", "lamp_base", "lampshade"),
    "mug": ("body", "saucer", "vessel_handle"),
    "office_chair": ("arm_support", "armrest", "gas_lift", "seat"),
    "sofa": ("arm", "armrest", "back_cushion", "seat_base", "seat_cushion"),
    "stool": ("foot", "footrest", "pedestal", "seat"),
    "table": ("apron", "foot", "pedestal", "tabletop"),
    "vase": ("body",),
}
