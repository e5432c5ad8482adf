"""Part proportions: each part's size along each world axis, relative to each other part's, kept
within the range the training shapes of its category have.

The procedural library ties many part sizes together: a pedestal stool's foot is 1.1 times its
seat across, a table's foot 0.35 to 0.97 times its top, a chair's back panel 0.51 to 0.85 times
its seat wide. The denoiser decides each box on its own: of 64 generated stools, 74% of the feet
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


def measure_proportions(count: int = 1300) -> dict:
    """{category: {"a|b": (low (3,), high (3,))}} from the first `count` train-split shapes: for
    every pair of units (a < b) that at least MIN_SHAPES shapes have, the range of log(size a /
    size b) per world axis, widened (MARGIN), rounded to 3 decimals."""
    from .slots import train_part_boxes

    seen: dict = {}
    for category, parts in train_part_boxes(count):
        parts = list(parts)
        found = units(parts)
        sizes = {n: log_sizes(parts, idx) for n, idx in found.items()}
        for a in sizes:
            for b in sizes:
                if a < b:
                    seen.setdefault((category, f"{a}|{b}"), []).append(sizes[a] - sizes[b])
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


PROPORTIONS = {   # measure_proportions(1300): 100 train-split shapes per category (a test keeps the two equal)
    "armchair": {
        "arm/2|armrest/2": ((-0.357, -0.02, -0.541), (-0.177, 0.02, 0.755)),
        "arm/2|back_cushion": ((-2.033, 1.29, -1.694), (-0.73, 2.013, -0.201)),
        "arm/2|leg/4": ((0.889, 2.84, 0.085), (1.53, 3.138, 1.552)),
        "arm/2|seat_base": ((-2.256, -0.02, -0.649), (-1.378, 0.02, 0.779)),
        "arm/2|seat_cushion": ((-2.033, 0.099, 0.166), (-0.73, 0.296, 1.219)),
        "armrest/2|back_cushion": ((-1.63, 1.306, -1.765), (-0.515, 2.024, -0.676)),
        "armrest/2|leg/4": ((1.229, 2.842, -0.138), (1.737, 3.142, 1.117)),
        "armrest/2|seat_base": ((-1.871, -0.02, -0.579), (-1.169, 0.02, 0.273)),
        "armrest/2|seat_cushion": ((-1.63, 0.097, -0.128), (-0.515, 0.291, 0.792)),
        "back_cushion|leg/4": ((2.23, 1.075, 1.068), (2.942, 1.635, 2.409)),
        "back_cushion|seat_base": ((-0.668, -2.013, 0.569), (-0.203, -1.29, 1.639)),
        "back_cushion|seat_cushion": ((-0.02, -1.893, 1.073), (0.02, -1.013, 2.024)),
        "leg/4|seat_base": ((-3.191, -3.138, -1.226), (-2.837, -2.84, -0.004)),
        "leg/4|seat_cushion": ((-2.942, -2.991, -0.766), (-2.23, -2.603, 0.381)),
        "seat_base|seat_cushion": ((0.203, 0.099, -0.052), (0.668, 0.296, 0.843)),
    },
    "bed": {
        "bed_frame|footboard": ((-0.062, 3.672, -1.638), (-0.001, 3.788, -0.852)),
        "bed_frame|headboard": ((-0.061, 3.675, -2.404), (-0.001, 3.786, -1.519)),
        "bed_frame|leg/4": ((2.74, 3.492, -0.699), (3.46, 3.604, 0.6)),
        "bed_frame|mattress": ((0.012, 0.008, -0.743), (0.085, 0.05, 0.272)),
        "bed_frame|pillow": ((0.549, 1.595, -0.111), (0.596, 1.707, 0.465)),
        "bed_frame|pillow/2": ((0.88, 1.593, -0.115), (0.93, 1.708, 0.462)),
        "footboard|headboard": ((-0.02, -0.02, -1.018), (0.02, 0.02, -0.43)),
        "footboard|leg/4": ((2.765, -0.202, 0.688), (3.494, -0.162, 1.531)),
        "footboard|mattress": ((0.032, -3.76, 0.511), (0.128, -3.642, 1.418)),
        "footboard|pillow": ((0.586, -2.099, 1.157), (0.637, -2.059, 1.711)),
        "headboard|leg/4": ((2.779, -0.202, 1.299), (3.483, -0.162, 2.466)),
        "headboard|mattress": ((0.033, -3.758, 1.36), (0.126, -3.644, 2.195)),
        "headboard|pillow": ((0.586, -2.099, 1.902), (0.636, -2.059, 2.396)),
        "headboard|pillow/2": ((0.901, -2.099, 1.921), (0.956, -2.059, 2.393)),
        "leg/4|mattress": ((-3.427, -3.575, -0.902), (-2.675, -3.462, 0.515)),
        "leg/4|pillow": ((-2.32, -1.917, -0.254), (-2.175, -1.877, 0.722)),
        "leg/4|pillow/2": ((-2.558, -1.917, -0.252), (-2.26, -1.877, 0.725)),
        "mattress|pillow": ((0.491, 1.564, 0.107), (0.531, 1.679, 0.689)),
        "mattress|pillow/2": ((0.848, 1.563, 0.11), (0.888, 1.68, 0.693)),
    },
    "bookshelf": {
        "back_board|bottom_panel": ((-0.02, -3.484, 2.897), (0.02, -3.017, 4.739)),
        "back_board|plinth": ((-0.02, -3.374, 1.928), (0.02, -2.843, 3.917)),
        "back_board|shelf/2": ((-0.02, -3.471, 2.87), (0.02, -2.949, 4.152)),
        "back_board|side_panel/2": ((3.028, -3.484, -0.117), (4.203, -3.017, 0.005)),
        "back_board|top_panel": ((-0.02, -3.484, 2.897), (0.02, -3.017, 4.739)),
        "bottom_panel|plinth": ((-0.02, 0.091, -1.61), (0.02, 0.195, -0.279)),
        "bottom_panel|shelf/2": ((-0.02, -0.022, -0.02), (0.02, 0.071, 0.02)),
        "bottom_panel|shelf/3": ((-0.02, -0.024, -0.02), (0.02, 0.068, 0.02)),
        "bottom_panel|side_panel/2": ((2.971, -0.02, -4.73), (4.189, 0.02, -3.017)),
        "bottom_panel|top_panel": ((-0.02, -0.02, -0.02), (0.02, 0.02, 0.02)),
        "plinth|shelf/2": ((-0.02, -0.197, 0.439), (0.02, -0.056, 1.631)),
        "plinth|shelf/3": ((-0.02, -0.181, 0.209), (0.02, -0.054, 1.527)),
        "plinth|side_panel/2": ((2.971, -0.195, -3.916), (4.189, -0.091, -1.981)),
        "plinth|top_panel": ((-0.02, -0.195, 0.279), (0.02, -0.091, 1.61)),
        "shelf/2|side_panel/2": ((2.975, -0.071, -4.143), (4.185, 0.022, -3.006)),
        "shelf/2|top_panel": ((-0.02, -0.071, -0.02), (0.02, 0.022, 0.02)),
        "shelf/3|side_panel/2": ((2.92, -0.068, -4.366), (3.955, 0.024, -3.624)),
        "shelf/3|top_panel": ((-0.02, -0.068, -0.02), (0.02, 0.024, 0.02)),
        "side_panel/2|top_panel": ((-4.189, -0.02, 3.017), (-2.971, 0.02, 4.73)),
    },
    "cabinet": {
        "back_board|bottom_panel": ((-0.02, -3.848, 2.959), (0.02, -3.344, 4.026)),
        "back_board|door/2": ((0.64, -0.531, -0.085), (0.697, -0.491, -0.004)),
        "back_board|drawer/4": ((-0.073, -0.531, 1.37), (0.002, -0.491, 1.414)),
        "back_board|handle/2": ((1.485, -0.531, 1.145), (4.647, -0.491, 3.445)),
        "back_board|handle/4": ((0.933, -0.531, 3.511), (1.984, -0.491, 4.247)),
        "back_board|leg/4": ((2.488, -1.224, 0.635), (3.567, -1.184, 2.294)),
        "back_board|plinth": ((-0.02, -3.772, 2.143), (0.02, -3.208, 2.943)),
        "back_board|side_panel/2": ((3.117, -3.848, -0.112), (4.249, -3.344, -0.014)),
        "back_board|top_panel": ((-0.02, -3.848, 2.959), (0.02, -3.344, 4.026)),
        "bottom_panel|door/2": ((0.64, 2.848, -4.063), (0.697, 3.336, -3.061)),
        "bottom_panel|drawer/4": ((-0.073, 2.804, -2.57), (0.002, 3.369, -1.829)),
        "bottom_panel|handle/2": ((1.485, 2.848, -1.921), (4.647, 3.336, 0.417)),
        "bottom_panel|handle/4": ((0.933, 2.804, 0.268), (1.984, 3.369, 0.308)),
        "bottom_panel|leg/4": ((2.488, 2.137, -2.364), (3.567, 2.65, -1.617)),
        "bottom_panel|plinth": ((-0.02, 0.055, -1.119), (0.02, 0.144, -1.079)),
        "bottom_panel|side_panel/2": ((3.117, -0.02, -4.06), (4.249, 0.02, -3.051)),
        "bottom_panel|top_panel": ((-0.02, -0.02, -0.02), (0.02, 0.02, 0.02)),
        "door/2|handle/2": ((3.08, -0.02, 1.269), (3.857, 0.02, 2.271)),
        "door/2|leg/4": ((2.098, -0.713, 0.79), (2.899, -0.673, 2.323)),
        "door/2|side_panel/2": ((2.792, -3.336, -0.042), (3.57, -2.848, 0.012)),
        "door/2|top_panel": ((-0.697, -3.336, 3.061), (-0.64, -2.848, 4.063)),
        "drawer/4|handle/4": ((0.986, -0.02, 2.117), (2.002, 0.02, 2.857)),
        "drawer/4|side_panel/2": ((3.243, -3.369, -1.485), (4.308, -2.804, -1.406)),
        "drawer/4|top_panel": ((-0.002, -3.369, 1.829), (0.073, -2.804, 2.57)),
        "handle/2|leg/4": ((-1.226, -0.713, -2.721), (1.855, -0.673, 0.365)),
        "handle/2|side_panel/2": ((-0.444, -3.336, -3.533), (2.459, -2.848, -1.23)),
        "handle/2|top_panel": ((-4.647, -3.336, -0.417), (-1.485, -2.848, 1.921)),
        "handle/4|side_panel/2": ((2.237, -3.369, -4.283), (2.326, -2.804, -3.581)),
        "handle/4|top_panel": ((-1.984, -3.369, -0.308), (-0.933, -2.804, -0.268)),
        "leg/4|side_panel/2": ((0.673, -2.65, -2.329), (0.713, -2.137, -0.727)),
        "leg/4|top_panel": ((-3.567, -2.65, 1.617), (-2.488, -2.137, 2.364)),
        "plinth|side_panel/2": ((3.087, -0.144, -2.976), (4.26, -0.055, -2.213)),
        "plinth|top_panel": ((-0.02, -0.144, 1.079), (0.02, -0.055, 1.119)),
        "side_panel/2|top_panel": ((-4.249, -0.02, 3.051), (-3.117, 0.02, 4.06)),
    },
    "chair": {
        "arm_support/2|armrest/2": ((-0.608, -2.995, 2.059), (-0.568, -2.518, 2.099)),
        "arm_support/2|back_post/2": ((-0.631, -0.631, -1.229), (-0.142, -0.142, -0.264)),
        "arm_support/2|leg/4": ((-1.371, -1.339, -0.913), (-0.098, -0.083, -0.659)),
        "arm_support/2|seat": ((-3.069, -3.067, 1.227), (-2.757, -2.699, 2.143)),
        "armrest/2|back_post/2": ((-0.043, 1.945, -3.309), (0.446, 2.774, -2.343)),
        "armrest/2|leg/4": ((-0.783, 1.5, -2.993), (0.49, 2.83, -2.739)),
        "armrest/2|seat": ((-2.481, -0.404, -0.853), (-2.169, 0.017, 0.063)),
        "back_panel|back_post/2": ((1.482, -0.853, -0.596), (2.808, -0.353, -0.138)),
        "back_panel|leg/4": ((1.314, -1.597, -1.165), (2.823, -0.27, 0.38)),
        "back_panel|seat": ((-0.746, -3.301, 1.093), (-0.09, -2.9, 3.051)),
        "back_post/2|back_rail": ((-2.646, 0.151, 1.532), (-1.721, 0.621, 2.411)),
        "back_post/2|back_slat/4": ((-0.241, 0.555, 0.109), (1.16, 1.313, 0.43)),
        "back_post/2|leg/4": ((-1.006, -0.907, -0.58), (0.063, 0.069, 0.492)),
        "back_post/2|seat": ((-2.876, -2.775, 1.762), (-2.226, -2.143, 3.203)),
        "back_post/2|stretcher/2": ((0.364, -2.659, 2.637), (0.845, -1.807, 3.519)),
        "back_rail|back_slat/4": ((2.244, 0.399, -2.31), (3.398, 0.781, -1.09)),
        "back_rail|leg/4": ((1.107, -1.33, -2.121), (2.669, -0.126, -1.868)),
        "back_rail|seat": ((-0.673, -3.059, 0.073), (-0.133, -2.691, 0.876)),
        "back_slat/4|leg/4": ((-1.974, -1.313, -1.008), (0.301, -0.555, 0.393)),
        "back_slat/4|seat": ((-3.581, -3.8, 1.329), (-2.436, -3.113, 2.966)),
        "leg/4|seat": ((-2.891, -2.806, 2.025), (-1.481, -1.517, 2.982)),
        "leg/4|stretcher/2": ((0.364, -2.659, 2.978), (0.845, -1.807, 3.216)),
        "seat|stretcher/2": ((2.986, 0.068, 0.155), (3.292, 0.54, 1.026)),
    },
    "desk": {
        "drawer/2|handle/2": ((1.034, 0.309, 2.968), (1.29, 0.349, 3.124)),
        "drawer/2|tabletop": ((-1.494, -3.503, 1.939), (-0.887, -3.112, 2.564)),
        "drawer/4|handle/4": ((1.042, 0.309, 2.239), (1.285, 0.349, 2.399)),
        "drawer/4|tabletop": ((-1.559, -3.515, 1.142), (-0.917, -3.061, 1.844)),
        "handle/2|tabletop": ((-2.627, -3.831, -1.109), (-2.111, -3.44, -0.468)),
        "handle/4|tabletop": ((-2.645, -3.843, -1.161), (-2.096, -3.39, -0.51)),
        "leg/2|side_panel": ((-2.331, -2.839, -0.016), (-2.11, -2.37, 0.024)),
        "leg/2|tabletop": ((-3.611, -2.915, 2.701), (-3.108, -2.485, 3.377)),
        "modesty_panel|side_panel/2": ((2.034, -3.642, -0.788), (3.967, -3.209, -0.643)),
        "modesty_panel|tabletop": ((-0.123, -3.719, 2.013), (-0.043, -3.321, 2.666)),
        "side_panel/2|tabletop": ((-4.033, -0.132, 2.683), (-2.135, -0.057, 3.405)),
        "side_panel|tabletop": ((-1.465, -0.135, 2.697), (-0.831, -0.056, 3.373)),
    },
    "lamp": {
        "bulb|lamp_base": ((-1.777, -1.777, 0.827), (-0.793, -0.793, 0.867)),
        "bulb|lamp_pole": ((0.896, -0.964, -3.292), (0.936, -0.587, -2.999)),
        "bulb|lamp_pole/2": ((-0.064, 1.599, -0.517), (1.164, 1.657, 0.5)),
        "bulb|lampshade": ((-2.056, -2.056, -1.629), (-1.062, -1.062, -0.767)),
        "lamp_base|lamp_pole": ((2.274, 0.496, -4.139), (2.689, 1.106, -3.847)),
        "lamp_base|lamp_pole/2": ((0.96, 2.406, -1.364), (2.899, 3.41, -0.347)),
        "lamp_base|lampshade": ((-0.891, -0.891, -2.477), (0.168, 0.168, -1.615)),
        "lamp_pole/2|lampshade": ((-3.198, -3.697, -1.737), (-1.356, -2.675, -0.804)),
        "lamp_pole|lampshade": ((-2.937, -1.317, 1.445), (-2.344, -0.627, 1.911)),
    },
    "mug": {
        "body|saucer": ((-0.813, -0.813, 1.704), (-0.68, -0.68, 2.176)),
        "body|vessel_handle": ((0.417, 1.919, -0.098), (0.994, 2.415, 0.644)),
        "saucer|vessel_handle": ((1.234, 2.699, -1.846), (1.794, 3.103, -1.466)),
    },
    "office_chair": {
        "arm_support/2|armrest/2": ((-0.867, -1.892, 2.214), (-0.827, -1.852, 2.254)),
        "arm_support/2|back_panel": ((-2.876, -0.243, -0.802), (-2.631, -0.203, -0.035)),
        "arm_support/2|base_spoke/5": ((-1.133, -1.304, 2.038), (-1.004, -1.127, 2.083)),
        "arm_support/2|caster/5": ((-0.347, 0.124, 1.52), (-0.307, 0.164, 1.56)),
        "arm_support/2|gas_lift": ((-0.531, -0.243, -0.469), (-0.491, -0.203, -0.038)),
        "arm_support/2|seat": ((-2.928, -2.551, 1.233), (-2.682, -2.327, 1.273)),
        "armrest/2|back_panel": ((-2.029, 1.629, -3.036), (-1.783, 1.669, -2.269)),
        "armrest/2|base_spoke/5": ((-0.285, 0.568, -0.195), (-0.157, 0.745, -0.151)),
        "armrest/2|caster/5": ((0.501, 1.996, -0.713), (0.541, 2.036, -0.673)),
        "armrest/2|gas_lift": ((0.316, 1.629, -2.702), (0.356, 1.669, -2.272)),
        "armrest/2|seat": ((-2.08, -0.679, -1.001), (-1.835, -0.455, -0.961)),
        "back_panel|base_spoke/5": ((1.528, -1.079, 2.099), (1.84, -0.904, 2.855)),
        "back_panel|caster/5": ((2.305, 0.347, 1.573), (2.549, 0.387, 2.339)),
        "back_panel|gas_lift": ((2.122, -0.02, -0.375), (2.363, 0.02, 0.683)),
        "back_panel|headrest": ((0.44, -0.202, 1.249), (0.48, -0.162, 1.486)),
        "back_panel|seat": ((-0.071, -2.326, 1.291), (-0.031, -2.106, 2.047)),
        "base_spoke/5|caster/5": ((0.678, 1.272, -0.542), (0.806, 1.448, -0.498)),
        "base_spoke/5|gas_lift": ((0.493, 0.904, -2.531), (0.621, 1.079, -2.101)),
        "base_spoke/5|headrest": ((-1.399, 0.712, -1.39), (-1.077, 0.903, -1.345)),
        "base_spoke/5|seat": ((-1.891, -1.382, -0.83), (-1.579, -1.061, -0.786)),
        "caster/5|gas_lift": ((-0.204, -0.387, -1.925), (-0.164, -0.347, -1.582)),
        "caster/5|seat": ((-2.6, -2.693, -0.308), (-2.356, -2.473, -0.268)),
        "gas_lift|headrest": ((-1.916, -0.202, 0.707), (-1.65, -0.162, 1.191)),
        "gas_lift|seat": ((-2.414, -2.326, 1.295), (-2.174, -2.106, 1.721)),
        "headrest|seat": ((-0.531, -2.154, 0.54), (-0.491, -1.922, 0.58)),
    },
    "sofa": {
        "arm/2|armrest/2": ((-0.309, -0.02, -0.98), (-0.143, 0.02, 0.531)),
        "arm/2|back_cushion/2": ((-1.741, 1.323, -1.579), (-0.955, 1.883, -0.208)),
        "arm/2|back_cushion/3": ((-1.68, 1.282, -1.569), (-0.907, 1.883, -0.256)),
        "arm/2|leg/4": ((1.082, 2.97, -0.085), (1.737, 3.241, 1.289)),
        "arm/2|seat_base": ((-2.896, -0.02, -0.613), (-1.977, 0.02, 0.799)),
        "arm/2|seat_cushion/2": ((-1.741, 0.124, -0.23), (-0.955, 0.289, 1.056)),
        "arm/2|seat_cushion/3": ((-1.68, 0.123, 0.014), (-0.907, 0.302, 0.994)),
        "armrest/2|back_cushion/2": ((-1.485, 1.311, -1.566), (-0.769, 1.788, -0.515)),
        "armrest/2|back_cushion/3": ((-1.399, 1.265, -1.477), (-0.767, 1.899, -0.589)),
        "armrest/2|leg/4": ((1.356, 2.964, 0.018), (1.914, 3.244, 0.97)),
        "armrest/2|seat_base": ((-2.619, -0.02, -0.294), (-1.797, 0.02, 0.568)),
        "armrest/2|seat_cushion/2": ((-1.485, 0.138, -0.107), (-0.769, 0.293, 0.822)),
        "armrest/2|seat_cushion/3": ((-1.399, 0.119, -0.145), (-0.767, 0.306, 0.766)),
        "back_cushion/2|leg/4": ((2.587, 1.326, 1.034), (2.876, 1.741, 2.098)),
        "back_cushion/2|seat_base": ((-1.038, -1.883, 0.713), (-0.842, -1.323, 1.537)),
        "back_cushion/2|seat_cushion/2": ((-0.02, -1.739, 0.942), (0.02, -1.054, 1.802)),
        "back_cushion/3|leg/4": ((2.598, 1.284, 0.943), (2.883, 1.739, 2.111)),
        "back_cushion/3|seat_base": ((-1.358, -1.883, 0.731), (-1.203, -1.282, 1.563)),
        "back_cushion/3|seat_cushion/3": ((-0.02, -1.74, 0.973), (0.02, -0.999, 1.832)),
        "leg/4|seat_base": ((-4.18, -3.241, -0.906), (-3.485, -2.97, 0.073)),
        "leg/4|seat_cushion/2": ((-2.876, -3.097, -0.72), (-2.587, -2.699, 0.226)),
        "leg/4|seat_cushion/3": ((-2.883, -3.094, -0.662), (-2.598, -2.707, 0.3)),
        "seat_base|seat_cushion/2": ((0.842, 0.124, -0.198), (1.038, 0.289, 0.588)),
        "seat_base|seat_cushion/3": ((1.203, 0.123, -0.155), (1.358, 0.302, 0.538)),
    },
    "stool": {
        "footrest|seat": ((-0.252, -0.252, -0.946), (0.176, 0.176, -0.182)),
        "leg/3|seat": ((-2.557, -2.557, 1.591), (-2.131, -2.131, 3.122)),
        "leg/4|seat": ((-2.565, -2.565, 1.813), (-2.118, -2.118, 3.333)),
    },
    "table": {
        "apron/4|leg/4": ((0.538, 0.385, -2.701), (1.467, 1.097, -1.316)),
        "apron/4|tabletop": ((-2.336, -2.054, 0.006), (-1.851, -1.789, 1.583)),
        "foot|pedestal": ((1.399, 1.399, -3.372), (2.539, 2.539, -1.916)),
        "foot|tabletop": ((-1.157, -0.433, -0.662), (0.074, 0.016, 0.841)),
        "leg/4|tabletop": ((-3.71, -3.323, 1.497), (-2.396, -2.142, 3.967)),
        "pedestal|tabletop": ((-3.171, -2.754, 1.559), (-1.82, -1.486, 4.162)),
    },
    "vase": {
        "body|vessel_handle/2": ((0.068, 1.516, 0.959), (1.331, 3.066, 1.271)),
    },
}
