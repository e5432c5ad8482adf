"""Equal sides: a round seat's box is square seen from above, a turned leg's is square in section.

Most part labels have two equal box sides in every training shape of their category (a stool's
round or square seat, a caster, a saucer: the two largest; a leg, a spoke, a gas lift: the two
smallest), and a table's top has them in 71% of the training tables (round and square tops),
the rest no nearer square than 0.76. The denoiser decides each box side on its own, so its round
seats come out as ellipses: 12 of 62 generated stool seats had sides within 1% of each other, and
36 of 62 generated tabletops fell between 0.8 and 0.99, where no training tabletop is
(tests/bench/diagnostics/side_ratios.py; BENCHMARKS.md, fifteenth session). `equalize_sides`
makes such a pair equal (their geometric mean, so the area seen across them is kept) when the
part's ratio of the two is at least the threshold EQUAL_SIDES gives for its (category, label):
halfway between 1 and the nearest-to-square training part without equal sides, 0 when every
training part has them.

Pairs: FLAT, the two largest sides (a slab, a disc, a ring); LONG, the two smallest (a bar, a
tube). Arrays: a part is a decode_slots dict (half (3,) box half extents, ...); only `half`
changes, so the box keeps its centre, rotation and geometry code.
"""

from __future__ import annotations

import numpy as np

FLAT, LONG = "flat", "long"
EQUAL_RATIO = 0.99    # two sides count as equal in a training part when the shorter is 99% of the longer
EQUAL_SHARE = 0.2     # a (category, label) pair is snapped when at least this share of its training parts have it


def side_ratio(half, pair: str) -> float:
    """The shorter of the pair's two sides over the longer (1: equal)."""
    h = np.sort(np.asarray(half, dtype=np.float64))
    a, b = (h[1], h[2]) if pair == FLAT else (h[0], h[1])
    return float(a / max(b, 1e-12))


def equal_pair(half, pair: str) -> np.ndarray:
    """(3,) half extents with the pair's two sides set to their geometric mean."""
    h = np.asarray(half, dtype=np.float64).copy()
    order = np.argsort(h, kind="stable")
    i, j = (order[1], order[2]) if pair == FLAT else (order[0], order[1])
    h[i] = h[j] = np.sqrt(h[i] * h[j])
    return h


def equalize_sides(parts: list, category: str, table: dict | None = None) -> list:
    """The parts with each pair of sides their (category, label) has equal in training made equal
    where the part is near enough (EQUAL_SIDES thresholds); other parts as given. Input not
    modified."""
    rules = (EQUAL_SIDES if table is None else table).get(category, {})
    out = []
    for p in parts:
        half = np.asarray(p["half"], dtype=np.float64)
        for pair, threshold in rules.get(p["label"], ()):
            if side_ratio(half, pair) >= threshold:
                half = equal_pair(half, pair)
        out.append(p if half is p["half"] else {**p, "half": half})
    return out


def measure_equal_sides(count: int = 1300) -> dict:
    """{category: {label: ((pair, threshold), ...)}} from the first `count` train-split shapes:
    the pairs of sides at least EQUAL_SHARE of a (category, label)'s parts have equal, each with
    the threshold halfway between 1 and the largest ratio among its parts without them (0 when
    all have them), rounded to 3 decimals."""
    from .slots import train_part_boxes

    ratios: dict = {}
    for category, parts in train_part_boxes(count):
        for part in parts:
            ratios.setdefault((category, part["label"]), []).append([side_ratio(part["half"], FLAT),
                                                                     side_ratio(part["half"], LONG)])
    table: dict = {}
    for (category, label), rows in sorted(ratios.items()):
        rows = np.array(rows)
        rules = []
        for column, pair in enumerate((FLAT, LONG)):
            equal = rows[:, column] >= EQUAL_RATIO
            if equal.mean() >= EQUAL_SHARE:
                unequal = rows[~equal, column]
                rules.append((pair, round(0.5 * (1 + unequal.max()), 3) if len(unequal) else 0.0))
        if rules:
            table.setdefault(category, {})[label] = tuple(rules)
    return table


EQUAL_SIDES = {   # measure_equal_sides(1300): 100 train-split shapes per category (a test keeps the two equal)
    "armchair": {
        "armrest": ((LONG, 0.0),),
        "leg": ((LONG, 0.0),),
    },
    "bed": {
        "leg": ((LONG, 0.0),),
    },
    "cabinet": {
        "leg": ((LONG, 0.0),),
    },
    "chair": {
        "arm_support": ((LONG, 0.0),),
        "back_post": ((LONG, 0.0),),
        "back_slat": ((LONG, 0.78),),
        "leg": ((LONG, 0.735),),
        "seat": ((FLAT, 0.995),),
        "stretcher": ((LONG, 0.0),),
    },
    "desk": {
        "leg": ((LONG, 0.0),),
    },
    "lamp": {
        "bulb": ((FLAT, 0.0), (LONG, 0.0)),
        "lamp_base": ((FLAT, 0.0),),
        "lamp_pole": ((LONG, 0.607),),
        "lampshade": ((FLAT, 0.992),),
    },
    "mug": {
        "body": ((FLAT, 0.992), (LONG, 0.992)),
        "saucer": ((FLAT, 0.0),),
    },
    "office_chair": {
        "base_spoke": ((LONG, 0.0),),
        "caster": ((FLAT, 0.0),),
        "gas_lift": ((LONG, 0.0),),
    },
    "sofa": {
        "armrest": ((LONG, 0.0),),
        "leg": ((LONG, 0.0),),
    },
    "stool": {
        "foot": ((FLAT, 0.0),),
        "footrest": ((FLAT, 0.0),),
        "leg": ((LONG, 0.0),),
        "pedestal": ((LONG, 0.0),),
        "seat": ((FLAT, 0.0),),
    },
    "table": {
        "foot": ((FLAT, 0.0),),
        "leg": ((LONG, 0.0),),
        "pedestal": ((LONG, 0.0),),
        "tabletop": ((FLAT, 0.88),),
    },
    "vase": {
        "body": ((LONG, 0.972),),
    },
}
