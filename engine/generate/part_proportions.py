"""Part proportions: each part's size along each world axis, relative to each other part's, kept
within the range the training shapes of its category have.

The procedural library ties many part sizes together: a pedestal stool's foot is 1.1 times its
seat across, a table's foot 0.35 to 0.97 times its top, a chair's back panel 0.51 to 0.85 times
its seat wide. The denoiser decides each box on its own: of 19 generated pedestal stools, 84% of the feet
were more than 5% off that 1.1 (tests/bench/diagnostics/part_proportions.py; BENCHMARKS.md,
seventeenth session). `fit_proportions` moves the log sizes of a shape's parts the least (in the
sum of squares) that puts every measured pair's log size ratio, per axis, within its training
range (PROPORTIONS, measured from the train split by `measure_proportions`): Dykstra's
alternating projections onto the pairs' slabs, which converge to that nearest point. A shape
whose ratios are all within range is not changed.

Units: a part with a label of its own, or a group of parts of one label (a table's four legs,
sized alike by part_symmetry: their mean log size is the unit's, and all are scaled alike). A
box's size along a world axis is its half extent along the box axis nearest that world axis (a
leg's box turned about its own length, as round tubes' boxes are, has the same sizes as
unturned; a reclined back's height is its length). Each box is scaled about its own centre;
contacts are restored afterwards by assembly.
Arrays: a part is a decode_slots dict (label, centre (3,), half (3,), rotation (3, 3), code);
only `half` changes.
"""

from __future__ import annotations

import numpy as np

MIN_SHAPES = 20      # a pair of units is measured when at least this many training shapes have both
MARGIN = 0.02        # the measured log ratio range is widened by this (2%) on each side, and by twice
                     # its width over the number of shapes: n draws of a uniform range leave about a
                     # width / (n + 1) of it unseen at each end
ITERATIONS = 60      # Dykstra sweeps (a handful of pairs a category; converged well before)
PERMUTATIONS = np.array([np.eye(3)[list(order)] for order in
                         ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0))])


def axis_matching(rotation) -> np.ndarray:
    """(3, 3) 0/1: row w picks the box axis nearest world axis w (the permutation that best
    matches |rotation|)."""
    r = np.abs(np.asarray(rotation, dtype=np.float64))
    return PERMUTATIONS[int(np.argmax([(m * r).sum() for m in PERMUTATIONS]))]


def units(parts: list) -> dict:
    """{unit name: [part indices]}: each label's parts (a label with several is a group, named
    'label/n')."""
    by_label: dict = {}
    for i, p in enumerate(parts):
        by_label.setdefault(p["label"], []).append(i)
    return {label if len(idx) == 1 else f"{label}/{len(idx)}": idx for label, idx in by_label.items()}


def log_sizes(parts: list, idx: list) -> np.ndarray:
    """(3,) the mean over the unit's parts of the log sizes along the world axes."""
    return np.mean([np.log(np.maximum(axis_matching(parts[i]["rotation"]) @ np.asarray(parts[i]["half"]), 1e-9))
                    for i in idx], axis=0)


def log_ratios(parts: list) -> dict:
    """{"a|b": (3,) log(size a / size b) per world axis} for every pair of the parts' units, a < b
    (what PROPORTIONS measures)."""
    sizes = {n: log_sizes(parts, idx) for n, idx in units(parts).items()}
    return {f"{a}|{b}": sizes[a] - sizes[b] for a in sizes for b in sizes if a < b}


def fit_proportions(parts: list, category: str, table: dict | None = None) -> list:
    """The parts with the least change of log sizes that puts every measured pair of units within
    its range; as given (the same list's dicts) when already within. Input not modified."""
    rules = (PROPORTIONS if table is None else table).get(category, {})
    found = units(parts)
    pairs = [(a, b, np.asarray(low), np.asarray(high)) for key, (low, high) in rules.items()
             for a, b in [key.split("|")] if a in found and b in found]
    if not pairs:
        return list(parts)
    names = sorted(found)
    start = np.stack([log_sizes(parts, found[n]) for n in names])
    row = {n: k for k, n in enumerate(names)}
    u = start.copy()
    corrections = [np.zeros((2, 3)) for _ in pairs]
    for _ in range(ITERATIONS):
        for k, (a, b, low, high) in enumerate(pairs):
            i, j = row[a], row[b]
            given = np.stack([u[i], u[j]]) + corrections[k]
            d = given[0] - given[1]
            shift = (np.clip(d, low, high) - d) / 2     # the nearest point of the slab low <= u_a - u_b <= high
            projected = given + np.stack([shift, -shift])
            corrections[k] = given - projected
            u[i], u[j] = projected
    scale = np.exp(u - start)
    if np.allclose(scale, 1.0, atol=1e-9):
        return list(parts)
    out = list(parts)
    for n in names:
        for i in found[n]:
            p = parts[i]
            own = axis_matching(p["rotation"]).T @ scale[row[n]]   # world axes to the box's
            out[i] = {**p, "half": np.asarray(p["half"], dtype=np.float64) * own}
    return out


def measure_proportions(count: int = 2600) -> dict:
    """{category: {"a|b": (low (3,), high (3,))}} from the first `count` train-split shapes: for
    every pair of units (a < b) that at least MIN_SHAPES shapes have, the range of log(size a /
    size b) per world axis, widened (MARGIN), rounded to 3 decimals."""
    from .slots import train_part_boxes

    seen: dict = {}
    for category, parts in train_part_boxes(count):
        for key, ratio in log_ratios(list(parts)).items():
            seen.setdefault((category, key), []).append(ratio)
    table: dict = {}
    for (category, key), rows in sorted(seen.items()):
        if len(rows) < MIN_SHAPES:
            continue
        rows = np.array(rows)
        wider = MARGIN + 2 * (rows.max(0) - rows.min(0)) / len(rows)
        low = tuple(round(float(v), 3) for v in rows.min(0) - wider)
        high = tuple(round(float(v), 3) for v in rows.max(0) + wider)
        table.setdefault(category, {})[key] = (low, high)
    return table


PROPORTIONS = {   # measure_proportions(2600): 200 train-split shapes per category (a test keeps the two equal, but
                  # for a few ranges of boxes whose axes another CPU's SVD picks otherwise)
    "armchair": {
        "arm/2|armrest/2": ((-0.354, -0.02, -0.52), (-0.179, 0.02, 0.735)),
        "arm/2|back_cushion": ((-2.022, 1.27, -1.681), (-0.69, 2.007, -0.215)),
        "arm/2|leg/4": ((0.895, 2.842, 0.065), (1.527, 3.135, 1.591)),
        "arm/2|seat_base": ((-2.248, -0.02, -0.636), (-1.359, 0.02, 0.832)),
        "arm/2|seat_cushion": ((-2.022, 0.101, 0.142), (-0.69, 0.303, 1.209)),
        "armrest/2|back_cushion": ((-1.612, 1.263, -1.748), (-0.533, 2.013, -0.667)),
        "armrest/2|leg/4": ((1.236, 2.841, -0.125), (1.731, 3.138, 1.135)),
        "armrest/2|seat_base": ((-1.86, -0.02, -0.568), (-1.18, 0.02, 0.4)),
        "armrest/2|seat_cushion": ((-1.612, 0.099, -0.115), (-0.533, 0.305, 0.816)),
        "back_cushion|leg/4": ((2.196, 1.079, 1.032), (2.947, 1.634, 2.451)),
        "back_cushion|seat_base": ((-0.689, -2.007, 0.458), (-0.207, -1.27, 1.702)),
        "back_cushion|seat_cushion": ((-0.02, -1.886, 1.078), (0.02, -0.986, 2.04)),
        "leg/4|seat_base": ((-3.191, -3.135, -1.28), (-2.84, -2.842, 0.005)),
        "leg/4|seat_cushion": ((-2.947, -2.992, -0.756), (-2.196, -2.565, 0.435)),
        "seat_base|seat_cushion": ((0.207, 0.101, -0.044), (0.689, 0.303, 0.89)),
    },
    "bed": {
        "bed_frame|footboard": ((-0.061, 3.672, -1.623), (-0.001, 3.786, -0.736)),
        "bed_frame|headboard": ((-0.061, 3.673, -2.395), (-0.001, 3.786, -1.528)),
        "bed_frame|leg/4": ((2.747, 3.491, -0.688), (3.459, 3.604, 0.588)),
        "bed_frame|mattress": ((0.013, 0.008, -0.733), (0.085, 0.05, 0.263)),
        "bed_frame|pillow": ((0.549, 1.593, -0.104), (0.595, 1.707, 0.456)),
        "bed_frame|pillow/2": ((0.88, 1.593, -0.111), (0.93, 1.707, 0.464)),
        "footboard|headboard": ((-0.02, -0.02, -1.029), (0.02, 0.02, -0.446)),
        "footboard|leg/4": ((2.782, -0.202, 0.706), (3.477, -0.162, 1.608)),
        "footboard|mattress": ((0.034, -3.758, 0.532), (0.126, -3.642, 1.397)),
        "footboard|pillow": ((0.586, -2.099, 1.097), (0.636, -2.059, 1.737)),
        "footboard|pillow/2": ((0.901, -2.099, 0.922), (0.957, -2.059, 1.694)),
        "headboard|leg/4": ((2.786, -0.202, 1.311), (3.478, -0.162, 2.463)),
        "headboard|mattress": ((0.034, -3.758, 1.369), (0.126, -3.643, 2.186)),
        "headboard|pillow": ((0.586, -2.099, 1.91), (0.636, -2.059, 2.389)),
        "headboard|pillow/2": ((0.901, -2.099, 1.87), (0.957, -2.059, 2.384)),
        "leg/4|mattress": ((-3.427, -3.575, -0.889), (-2.682, -3.461, 0.502)),
        "leg/4|pillow": ((-2.324, -1.917, -0.239), (-2.176, -1.877, 0.706)),
        "leg/4|pillow/2": ((-2.559, -1.917, -0.252), (-2.259, -1.877, 0.706)),
        "mattress|pillow": ((0.491, 1.563, 0.115), (0.531, 1.679, 0.681)),
        "mattress|pillow/2": ((0.848, 1.562, 0.122), (0.888, 1.678, 0.682)),
    },
    "bookshelf": {
        "back_board|bottom_panel": ((-0.02, -3.478, 2.927), (0.02, -3.022, 4.72)),
        "back_board|plinth": ((-0.02, -3.368, 1.88), (0.02, -2.849, 3.886)),
        "back_board|shelf/2": ((-0.02, -3.454, 2.918), (0.02, -2.966, 4.104)),
        "back_board|shelf/3": ((-0.02, -3.478, 3.577), (0.02, -2.942, 4.344)),
        "back_board|shelf/4": ((-0.02, -3.473, 3.742), (0.02, -2.974, 4.659)),
        "back_board|shelf/5": ((-0.02, -3.458, 3.985), (0.02, -3.01, 4.75)),
        "back_board|side_panel/2": ((3.039, -3.478, -0.115), (4.184, -3.022, 0.004)),
        "back_board|top_panel": ((-0.02, -3.478, 2.927), (0.02, -3.022, 4.72)),
        "bottom_panel|plinth": ((-0.02, 0.091, -1.597), (0.02, 0.194, -0.292)),
        "bottom_panel|shelf/2": ((-0.02, -0.021, -0.02), (0.02, 0.07, 0.02)),
        "bottom_panel|shelf/3": ((-0.02, -0.022, -0.02), (0.02, 0.071, 0.02)),
        "bottom_panel|shelf/4": ((-0.02, -0.022, -0.02), (0.02, 0.07, 0.02)),
        "bottom_panel|shelf/5": ((-0.02, -0.024, -0.02), (0.02, 0.069, 0.02)),
        "bottom_panel|side_panel/2": ((2.982, -0.02, -4.725), (4.178, 0.02, -3.033)),
        "bottom_panel|top_panel": ((-0.02, -0.02, -0.02), (0.02, 0.02, 0.02)),
        "plinth|shelf/2": ((-0.02, -0.195, 0.358), (0.02, -0.057, 1.61)),
        "plinth|shelf/3": ((-0.02, -0.195, 0.251), (0.02, -0.055, 1.485)),
        "plinth|shelf/4": ((-0.02, -0.194, 0.469), (0.02, -0.055, 1.597)),
        "plinth|shelf/5": ((-0.02, -0.189, 0.373), (0.02, -0.054, 1.562)),
        "plinth|side_panel/2": ((2.982, -0.194, -3.898), (4.178, -0.091, -1.962)),
        "plinth|top_panel": ((-0.02, -0.194, 0.292), (0.02, -0.091, 1.597)),
        "shelf/2|side_panel/2": ((2.999, -0.07, -4.121), (4.162, 0.021, -3.028)),
        "shelf/2|top_panel": ((-0.02, -0.07, -0.02), (0.02, 0.021, 0.02)),
        "shelf/3|side_panel/2": ((2.947, -0.071, -4.345), (4.03, 0.022, -3.606)),
        "shelf/3|top_panel": ((-0.02, -0.071, -0.02), (0.02, 0.022, 0.02)),
        "shelf/4|side_panel/2": ((3.026, -0.07, -4.726), (4.222, 0.022, -3.814)),
        "shelf/4|top_panel": ((-0.02, -0.07, -0.02), (0.02, 0.022, 0.02)),
        "shelf/5|side_panel/2": ((3.104, -0.069, -4.755), (4.114, 0.024, -4.03)),
        "shelf/5|top_panel": ((-0.02, -0.069, -0.02), (0.02, 0.024, 0.02)),
        "side_panel/2|top_panel": ((-4.178, -0.02, 3.033), (-2.982, 0.02, 4.725)),
    },
    "cabinet": {
        "back_board|bottom_panel": ((-0.02, -3.847, 2.938), (0.02, -3.349, 4.035)),
        "back_board|door/2": ((0.64, -0.531, -0.091), (0.698, -0.491, -0.004)),
        "back_board|drawer/3": ((-0.073, -0.531, 1.068), (0.001, -0.491, 1.114)),
        "back_board|drawer/4": ((-0.078, -0.531, 1.37), (0.001, -0.491, 1.414)),
        "back_board|drawer/5": ((-0.08, -0.531, 1.6), (0.002, -0.491, 1.647)),
        "back_board|handle/2": ((0.992, -0.531, 1.097), (4.613, -0.491, 3.661)),
        "back_board|handle/3": ((0.955, -0.531, 3.223), (1.944, -0.491, 4.03)),
        "back_board|handle/4": ((0.96, -0.531, 3.536), (1.978, -0.491, 4.222)),
        "back_board|handle/5": ((0.941, -0.531, 3.799), (1.986, -0.491, 4.34)),
        "back_board|leg/4": ((2.447, -1.224, 0.658), (3.566, -1.184, 2.311)),
        "back_board|plinth": ((-0.02, -3.775, 2.097), (0.02, -3.221, 2.944)),
        "back_board|side_panel/2": ((3.128, -3.847, -0.114), (4.251, -3.349, -0.013)),
        "back_board|top_panel": ((-0.02, -3.847, 2.938), (0.02, -3.349, 4.035)),
        "bottom_panel|door/2": ((0.64, 2.858, -4.077), (0.698, 3.338, -2.991)),
        "bottom_panel|drawer/3": ((-0.073, 2.814, -2.648), (0.001, 3.36, -1.847)),
        "bottom_panel|drawer/4": ((-0.078, 2.824, -2.544), (0.001, 3.35, -1.855)),
        "bottom_panel|drawer/5": ((-0.08, 2.85, -2.432), (0.002, 3.357, -1.884)),
        "bottom_panel|handle/2": ((0.992, 2.859, -1.864), (4.613, 3.337, 0.36)),
        "bottom_panel|handle/3": ((0.955, 2.814, 0.268), (1.944, 3.36, 0.308)),
        "bottom_panel|handle/4": ((0.96, 2.824, 0.268), (1.978, 3.35, 0.308)),
        "bottom_panel|handle/5": ((0.941, 2.85, 0.268), (1.986, 3.357, 0.308)),
        "bottom_panel|leg/4": ((2.447, 2.144, -2.354), (3.566, 2.646, -1.628)),
        "bottom_panel|plinth": ((-0.02, 0.055, -1.119), (0.02, 0.142, -1.079)),
        "bottom_panel|side_panel/2": ((3.128, -0.02, -4.068), (4.251, 0.02, -3.032)),
        "bottom_panel|top_panel": ((-0.02, -0.02, -0.02), (0.02, 0.02, 0.02)),
        "door/2|handle/2": ((3.089, -0.02, 1.199), (3.87, 0.02, 2.285)),
        "door/2|leg/4": ((2.124, -0.713, 0.696), (2.903, -0.673, 2.383)),
        "door/2|plinth": ((-0.698, -3.264, 2.174), (-0.639, -2.747, 2.994)),
        "door/2|side_panel/2": ((2.801, -3.338, -0.044), (3.583, -2.858, 0.012)),
        "door/2|top_panel": ((-0.698, -3.338, 2.991), (-0.64, -2.858, 4.077)),
        "drawer/3|handle/3": ((1.009, -0.02, 2.135), (1.963, 0.02, 2.936)),
        "drawer/3|leg/4": ((2.545, -0.713, -0.508), (3.592, -0.673, 0.999)),
        "drawer/3|side_panel/2": ((3.255, -3.36, -1.202), (4.269, -2.814, -1.118)),
        "drawer/3|top_panel": ((-0.001, -3.36, 1.847), (0.073, -2.814, 2.648)),
        "drawer/4|handle/4": ((1.018, -0.02, 2.142), (1.997, 0.02, 2.832)),
        "drawer/4|leg/4": ((2.435, -0.713, -0.412), (3.653, -0.673, 0.626)),
        "drawer/4|side_panel/2": ((3.167, -3.35, -1.483), (4.307, -2.824, -1.407)),
        "drawer/4|top_panel": ((-0.001, -3.35, 1.855), (0.078, -2.824, 2.544)),
        "drawer/5|handle/5": ((1.001, -0.02, 2.171), (2.004, 0.02, 2.72)),
        "drawer/5|side_panel/2": ((3.136, -3.357, -1.701), (4.317, -2.85, -1.633)),
        "drawer/5|top_panel": ((-0.002, -3.357, 1.884), (0.08, -2.85, 2.432)),
        "handle/2|leg/4": ((-1.113, -0.713, -2.629), (1.742, -0.673, 0.259)),
        "handle/2|plinth": ((-4.701, -3.263, -1.529), (-1.055, -2.749, 0.835)),
        "handle/2|side_panel/2": ((-0.372, -3.337, -3.729), (2.387, -2.859, -1.191)),
        "handle/2|top_panel": ((-4.613, -3.337, -0.36), (-0.992, -2.859, 1.864)),
        "handle/3|leg/4": ((1.532, -0.713, -2.659), (1.634, -0.673, -1.874)),
        "handle/3|side_panel/2": ((2.226, -3.36, -4.074), (2.326, -2.814, -3.316)),
        "handle/3|top_panel": ((-1.944, -3.36, -0.308), (-0.955, -2.814, -0.268)),
        "handle/4|leg/4": ((1.43, -0.713, -2.643), (1.642, -0.673, -2.011)),
        "handle/4|side_panel/2": ((2.129, -3.35, -4.259), (2.33, -2.824, -3.606)),
        "handle/4|top_panel": ((-1.978, -3.35, -0.308), (-0.96, -2.824, -0.268)),
        "handle/5|side_panel/2": ((2.115, -3.357, -4.373), (2.333, -2.85, -3.852)),
        "handle/5|top_panel": ((-1.986, -3.357, -0.308), (-0.941, -2.85, -0.268)),
        "leg/4|side_panel/2": ((0.673, -2.646, -2.345), (0.713, -2.144, -0.75)),
        "leg/4|top_panel": ((-3.566, -2.646, 1.628), (-2.447, -2.144, 2.354)),
        "plinth|side_panel/2": ((3.114, -0.142, -2.977), (4.248, -0.055, -2.17)),
        "plinth|top_panel": ((-0.02, -0.142, 1.079), (0.02, -0.055, 1.119)),
        "side_panel/2|top_panel": ((-4.251, -0.02, 3.032), (-3.128, 0.02, 4.068)),
    },
    "chair": {
        "arm_support/2|armrest/2": ((-0.608, -2.988, 2.059), (-0.568, -2.43, 2.099)),
        "arm_support/2|back_post/2": ((-0.62, -0.62, -1.207), (-0.152, -0.152, -0.286)),
        "arm_support/2|back_rail": ((-2.907, -0.02, 1.184), (-2.24, 0.02, 1.224)),
        "arm_support/2|leg/4": ((-1.341, -1.309, -0.909), (-0.128, -0.112, -0.648)),
        "arm_support/2|seat": ((-3.063, -3.06, 1.244), (-2.764, -2.703, 2.121)),
        "arm_support/2|stretcher/2": ((0.203, -2.93, 2.283), (0.243, -2.252, 2.323)),
        "armrest/2|back_post/2": ((-0.032, 1.964, -3.286), (0.435, 2.755, -2.366)),
        "armrest/2|back_rail": ((-2.319, 2.513, -0.895), (-1.652, 2.998, -0.855)),
        "armrest/2|leg/4": ((-0.753, 1.531, -2.988), (0.46, 2.799, -2.728)),
        "armrest/2|seat": ((-2.475, -0.395, -0.835), (-2.176, 0.008, 0.042)),
        "armrest/2|stretcher/2": ((0.791, 0.062, 0.203), (0.831, 0.171, 0.243)),
        "back_panel|back_post/2": ((1.452, -0.847, -0.578), (2.756, -0.372, -0.152)),
        "back_panel|leg/4": ((0.872, -1.541, -1.1), (2.78, -0.326, 0.315)),
        "back_panel|seat": ((-0.743, -3.286, 1.17), (-0.116, -2.916, 3.101)),
        "back_post/2|back_rail": ((-2.694, 0.159, 1.54), (-1.577, 0.613, 2.418)),
        "back_post/2|back_rail/3": ((-2.65, 0.347, 1.913), (-1.802, 0.747, 2.796)),
        "back_post/2|back_rail/4": ((-2.629, 0.354, 1.917), (-1.65, 0.796, 2.839)),
        "back_post/2|back_slat/3": ((-0.606, 0.612, 0.099), (1.148, 1.381, 0.406)),
        "back_post/2|back_slat/4": ((-0.31, 0.579, 0.104), (1.115, 1.366, 0.42)),
        "back_post/2|back_slat/5": ((-0.209, 0.65, 0.098), (1.083, 1.37, 0.446)),
        "back_post/2|leg/4": ((-0.996, -0.966, -0.57), (0.053, 0.062, 0.482)),
        "back_post/2|seat": ((-2.871, -2.786, 1.715), (-2.196, -2.149, 3.227)),
        "back_post/2|stretcher/2": ((0.38, -2.63, 2.63), (0.842, -1.833, 3.49)),
        "back_rail/3|leg/4": ((1.191, -1.521, -2.496), (2.699, -0.291, -2.212)),
        "back_rail/3|seat": ((-0.664, -3.205, -0.322), (-0.117, -2.827, 0.567)),
        "back_rail/4|leg/4": ((1.337, -1.478, -2.579), (2.65, -0.308, -2.259)),
        "back_rail/4|seat": ((-0.7, -3.224, -0.387), (-0.123, -2.855, 0.514)),
        "back_rail|back_slat/3": ((2.036, 0.408, -2.262), (3.358, 0.773, -1.19)),
        "back_rail|back_slat/4": ((2.286, 0.412, -2.283), (3.355, 0.768, -1.134)),
        "back_rail|back_slat/5": ((2.467, 0.408, -2.294), (3.371, 0.772, -1.151)),
        "back_rail|leg/4": ((1.132, -1.357, -2.157), (2.703, -0.145, -1.854)),
        "back_rail|seat": ((-0.702, -3.053, 0.053), (-0.134, -2.696, 0.891)),
        "back_rail|stretcher/2": ((2.393, -2.917, 1.079), (3.143, -2.284, 1.119)),
        "back_slat/3|leg/4": ((-1.148, -2.158, -0.852), (0.606, -0.565, 0.346)),
        "back_slat/3|seat": ((-3.552, -3.817, 1.356), (-2.203, -3.147, 3.116)),
        "back_slat/4|leg/4": ((-1.895, -1.366, -0.957), (0.348, -0.579, 0.36)),
        "back_slat/4|seat": ((-3.54, -3.775, 1.386), (-2.461, -3.138, 2.988)),
        "back_slat/5|leg/4": ((-1.776, -1.952, -0.918), (0.249, -0.616, 0.373)),
        "back_slat/5|seat": ((-3.542, -3.797, 1.219), (-2.63, -3.113, 3.106)),
        "leg/4|seat": ((-2.878, -2.794, 1.941), (-1.494, -1.529, 2.991)),
        "leg/4|stretcher/2": ((0.38, -2.63, 2.963), (0.842, -1.833, 3.21)),
        "seat|stretcher/2": ((2.979, 0.084, 0.183), (3.283, 0.531, 1.056)),
    },
    "desk": {
        "drawer/2|handle/2": ((1.042, 0.309, 2.972), (1.281, 0.349, 3.119)),
        "drawer/2|leg/2": ((2.034, -0.608, -0.852), (2.266, -0.568, -0.798)),
        "drawer/2|side_panel": ((-0.102, -3.418, -0.848), (-0.048, -3.009, -0.794)),
        "drawer/2|tabletop": ((-1.526, -3.49, 1.904), (-0.902, -3.066, 2.555)),
        "drawer/3|handle/3": ((1.055, 0.309, 2.537), (1.251, 0.349, 2.701)),
        "drawer/3|modesty_panel": ((-1.441, 0.203, -0.602), (-0.831, 0.243, -0.448)),
        "drawer/3|side_panel/2": ((1.169, -3.434, -1.273), (1.289, -2.955, -1.218)),
        "drawer/3|tabletop": ((-1.53, -3.503, 1.422), (-0.904, -3.075, 2.147)),
        "drawer/4|handle/4": ((1.045, 0.309, 2.228), (1.278, 0.349, 2.395)),
        "drawer/4|modesty_panel": ((-1.48, 0.203, -0.917), (-0.783, 0.243, -0.751)),
        "drawer/4|side_panel/2": ((1.161, -3.433, -1.582), (1.311, -2.964, -1.523)),
        "drawer/4|tabletop": ((-1.538, -3.499, 1.134), (-0.908, -3.076, 1.822)),
        "drawer|handle": ((1.047, 0.309, 3.681), (1.271, 0.349, 3.819)),
        "drawer|tabletop": ((-1.552, -3.504, 2.603), (-0.857, -3.09, 3.312)),
        "handle/2|leg/2": ((0.961, -0.936, -3.94), (1.001, -0.896, -3.802)),
        "handle/2|side_panel": ((-1.353, -3.746, -3.936), (-1.136, -3.337, -3.798)),
        "handle/2|tabletop": ((-2.619, -3.819, -1.098), (-2.101, -3.395, -0.493)),
        "handle/3|modesty_panel": ((-2.583, -0.125, -3.17), (-1.971, -0.085, -3.13)),
        "handle/3|side_panel/2": ((0.026, -3.763, -3.939), (0.136, -3.284, -3.801)),
        "handle/3|tabletop": ((-2.629, -3.831, -1.142), (-2.093, -3.403, -0.518)),
        "handle/4|modesty_panel": ((-2.582, -0.125, -3.17), (-1.963, -0.085, -3.13)),
        "handle/4|side_panel/2": ((0.007, -3.762, -3.942), (0.142, -3.293, -3.796)),
        "handle/4|tabletop": ((-2.628, -3.828, -1.141), (-2.087, -3.405, -0.477)),
        "handle|tabletop": ((-2.629, -3.833, -1.142), (-2.098, -3.418, -0.471)),
        "leg/2|side_panel": ((-2.326, -2.829, -0.016), (-2.115, -2.382, 0.024)),
        "leg/2|tabletop": ((-3.599, -2.906, 2.697), (-3.108, -2.496, 3.366)),
        "leg/4|tabletop": ((-3.612, -2.933, 2.684), (-3.084, -2.448, 3.429)),
        "modesty_panel|side_panel/2": ((2.031, -3.636, -0.791), (3.933, -3.185, -0.645)),
        "modesty_panel|tabletop": ((-0.125, -3.713, 2.025), (-0.044, -3.299, 2.657)),
        "side_panel/2|tabletop": ((-3.999, -0.135, 2.695), (-2.134, -0.057, 3.419)),
        "side_panel|tabletop": ((-1.449, -0.134, 2.692), (-0.841, -0.057, 3.362)),
    },
    "lamp": {
        "bulb|lamp_base": ((-1.768, -1.768, 0.827), (-0.801, -0.801, 0.867)),
        "bulb|lamp_pole": ((0.896, -0.962, -3.316), (0.936, -0.598, -3.006)),
        "bulb|lamp_pole/2": ((-0.05, 1.6, -0.504), (1.149, 1.657, 0.487)),
        "bulb|lampshade": ((-2.059, -2.059, -1.637), (-1.069, -1.069, -0.764)),
        "lamp_base|lamp_pole": ((2.286, 0.499, -4.164), (2.676, 1.124, -3.854)),
        "lamp_base|lamp_pole/2": ((0.935, 2.418, -1.352), (2.875, 3.397, -0.36)),
        "lamp_base|lampshade": ((-0.882, -0.882, -2.484), (0.159, 0.159, -1.611)),
        "lamp_pole/2|lampshade": ((-3.186, -3.684, -1.726), (-1.378, -2.688, -0.816)),
        "lamp_pole|lampshade": ((-2.987, -1.392, 1.422), (-2.36, -0.601, 1.937)),
    },
    "mug": {
        "body|saucer": ((-0.811, -0.811, 1.713), (-0.682, -0.682, 2.177)),
        "body|vessel_handle": ((0.422, 1.923, -0.091), (0.996, 2.411, 0.637)),
        "saucer|vessel_handle": ((1.224, 2.705, -1.853), (1.785, 3.121, -1.473)),
    },
    "office_chair": {
        "arm_support/2|armrest/2": ((-0.867, -1.892, 2.214), (-0.827, -1.852, 2.254)),
        "arm_support/2|back_panel": ((-2.88, -0.243, -0.791), (-2.634, -0.203, -0.046)),
        "arm_support/2|base_spoke/5": ((-1.131, -1.302, 2.038), (-1.005, -1.129, 2.083)),
        "arm_support/2|caster/5": ((-0.347, 0.124, 1.52), (-0.307, 0.164, 1.56)),
        "arm_support/2|gas_lift": ((-0.531, -0.243, -0.477), (-0.491, -0.203, -0.044)),
        "arm_support/2|headrest": ((-2.423, -0.425, 0.673), (-2.167, -0.385, 0.713)),
        "arm_support/2|seat": ((-2.931, -2.548, 1.233), (-2.685, -2.33, 1.273)),
        "armrest/2|back_panel": ((-2.032, 1.629, -3.024), (-1.787, 1.669, -2.28)),
        "armrest/2|base_spoke/5": ((-0.284, 0.57, -0.195), (-0.158, 0.742, -0.151)),
        "armrest/2|caster/5": ((0.501, 1.996, -0.713), (0.541, 2.036, -0.673)),
        "armrest/2|gas_lift": ((0.316, 1.629, -2.71), (0.356, 1.669, -2.278)),
        "armrest/2|headrest": ((-1.575, 1.446, -1.56), (-1.319, 1.486, -1.52)),
        "armrest/2|seat": ((-2.084, -0.677, -1.001), (-1.838, -0.458, -0.961)),
        "back_panel|base_spoke/5": ((1.53, -1.078, 2.106), (1.849, -0.905, 2.848)),
        "back_panel|caster/5": ((2.308, 0.347, 1.583), (2.553, 0.387, 2.33)),
        "back_panel|gas_lift": ((2.124, -0.02, -0.365), (2.368, 0.02, 0.704)),
        "back_panel|headrest": ((0.44, -0.202, 1.252), (0.48, -0.162, 1.477)),
        "back_panel|seat": ((-0.071, -2.324, 1.298), (-0.031, -2.108, 2.04)),
        "base_spoke/5|caster/5": ((0.679, 1.273, -0.542), (0.805, 1.446, -0.498)),
        "base_spoke/5|gas_lift": ((0.494, 0.905, -2.534), (0.62, 1.078, -2.105)),
        "base_spoke/5|headrest": ((-1.397, 0.719, -1.39), (-1.09, 0.9, -1.345)),
        "base_spoke/5|seat": ((-1.9, -1.379, -0.83), (-1.582, -1.061, -0.786)),
        "caster/5|gas_lift": ((-0.204, -0.387, -1.921), (-0.164, -0.347, -1.586)),
        "caster/5|headrest": ((-2.101, -0.57, -0.867), (-1.838, -0.53, -0.827)),
        "caster/5|seat": ((-2.604, -2.69, -0.308), (-2.359, -2.475, -0.268)),
        "gas_lift|headrest": ((-1.911, -0.202, 0.727), (-1.66, -0.162, 1.18)),
        "gas_lift|seat": ((-2.419, -2.324, 1.299), (-2.175, -2.108, 1.727)),
        "headrest|seat": ((-0.531, -2.145, 0.54), (-0.491, -1.92, 0.58)),
    },
    "sofa": {
        "arm/2|armrest/2": ((-0.309, -0.02, -0.955), (-0.145, 0.02, 0.586)),
        "arm/2|back_cushion/2": ((-1.74, 1.325, -1.806), (-0.967, 1.884, -0.224)),
        "arm/2|back_cushion/3": ((-1.729, 1.294, -1.542), (-0.921, 1.871, -0.249)),
        "arm/2|leg/4": ((1.073, 2.973, -0.302), (1.73, 3.238, 1.379)),
        "arm/2|seat_base": ((-2.944, -0.02, -0.601), (-1.985, 0.02, 0.913)),
        "arm/2|seat_cushion/2": ((-1.74, 0.124, -0.21), (-0.967, 0.289, 1.036)),
        "arm/2|seat_cushion/3": ((-1.729, 0.126, -0.052), (-0.921, 0.299, 0.994)),
        "armrest/2|back_cushion/2": ((-1.463, 1.317, -1.532), (-0.787, 1.895, -0.548)),
        "armrest/2|back_cushion/3": ((-1.459, 1.286, -1.449), (-0.758, 1.879, -0.568)),
        "armrest/2|leg/4": ((1.356, 2.97, 0.04), (1.901, 3.238, 0.974)),
        "armrest/2|seat_base": ((-2.674, -0.02, -0.279), (-1.809, 0.02, 0.553)),
        "armrest/2|seat_cushion/2": ((-1.463, 0.121, -0.078), (-0.787, 0.291, 0.803)),
        "armrest/2|seat_cushion/3": ((-1.459, 0.124, -0.115), (-0.758, 0.301, 0.735)),
        "back_cushion/2|leg/4": ((2.593, 1.312, 1.059), (2.87, 1.732, 2.073)),
        "back_cushion/2|seat_base": ((-1.036, -1.884, 0.724), (-0.843, -1.325, 1.599)),
        "back_cushion/2|seat_cushion/2": ((-0.02, -1.74, 0.955), (0.02, -1.056, 1.789)),
        "back_cushion/3|leg/4": ((2.592, 1.294, 0.97), (2.88, 1.729, 2.083)),
        "back_cushion/3|seat_base": ((-1.356, -1.871, 0.715), (-1.198, -1.294, 1.547)),
        "back_cushion/3|seat_cushion/3": ((-0.02, -1.725, 0.99), (0.02, -1.014, 1.814)),
        "leg/4|seat_base": ((-4.172, -3.238, -0.913), (-3.493, -2.973, 0.061)),
        "leg/4|seat_cushion/2": ((-2.87, -3.088, -0.7), (-2.593, -2.707, 0.287)),
        "leg/4|seat_cushion/3": ((-2.88, -3.086, -0.64), (-2.592, -2.712, 0.278)),
        "seat_base|seat_cushion/2": ((0.843, 0.124, -0.187), (1.036, 0.289, 0.576)),
        "seat_base|seat_cushion/3": ((1.198, 0.126, -0.148), (1.356, 0.299, 0.535)),
    },
    "stool": {
        "footrest|leg/3": ((1.927, 1.927, -3.548), (2.585, 2.585, -3.04)),
        "footrest|leg/4": ((1.928, 1.928, -3.52), (2.574, 2.574, -3.068)),
        "footrest|seat": ((-0.246, -0.246, -0.935), (0.169, 0.169, -0.194)),
        "foot|pedestal": ((1.691, 1.691, -3.291), (2.126, 2.126, -2.185)),
        "foot|seat": ((0.075, 0.075, -0.748), (0.115, 0.115, 0.051)),
        "leg/3|seat": ((-2.557, -2.557, 1.559), (-2.139, -2.139, 3.205)),
        "leg/4|seat": ((-2.556, -2.556, 1.696), (-2.127, -2.127, 3.304)),
        "pedestal|seat": ((-2.031, -2.031, 1.467), (-1.596, -1.596, 3.123)),
    },
    "table": {
        "apron/4|leg/4": ((0.488, 0.407, -2.648), (1.492, 1.203, -1.369)),
        "apron/4|tabletop": ((-2.319, -2.045, 0.065), (-1.841, -1.798, 1.548)),
        "foot|pedestal": ((1.431, 1.431, -3.331), (2.507, 2.507, -1.957)),
        "foot|tabletop": ((-1.122, -0.421, -0.621), (0.039, 0.004, 0.829)),
        "leg/4|tabletop": ((-3.74, -3.466, 1.527), (-2.412, -2.155, 4.096)),
        "pedestal|tabletop": ((-3.137, -2.718, 1.634), (-1.783, -1.522, 4.087)),
    },
    "vase": {
        "body|vessel_handle/2": ((0.106, 1.562, 0.93), (1.293, 3.019, 1.275)),
    },
}
