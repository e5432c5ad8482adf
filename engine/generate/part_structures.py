"""Structure first: which parts a candidate has, drawn before its parts are denoised.

The denoiser decides every slot's exists flag at once from noise, and left alone it mixes
structures no training shape has: 26 structures among 128 generated stools against the 6 of the
training stools (two-legged stools 14%, legs beside a pedestal, no pedestal stool with its foot;
total variation 0.44 from the training shares; tests/bench/diagnostics/structure_modes.py). The
procedural library has few structures per category (2 to 24, each shared by several training
shapes), so a candidate's structure is drawn from them:

    p(structure | prompt) ~ share(structure | category) * prod_k r_k
    r_k = q_k / pi_k where the structure fills slot k, (1 - q_k) / (1 - pi_k) where it does not,

q the prompt's filled-slot odds (the prompt reader's, firm where the prompt check reads an ask),
pi those of the bare category name: the prompt's evidence about each slot beside the plain
category's, applied to the training shares (a bare category name draws the shares themselves;
"a stool with three legs", whose fourth leg slot reads near 0, all but never draws four legs).
The drawn structure then becomes the candidate's filled-slot odds (1 for its slots, 0 for the
rest), which the denoiser learned to follow (it trains on shapes' own slot odds a quarter of
the time) and the slot gate holds.

STRUCTURES: {category: [(({label: count}), training shapes with it)]}, the structures of the
generator's training set (the first 4,000 shapes of the train split: structure_table(4000),
written out; a test keeps them equal). Arrays: slot odds (K,) float in [0, 1]; patterns (K,) bool.
"""

from __future__ import annotations

import numpy as np

EVIDENCE_CLIP = 1e-3   # odds are held inside [clip, 1 - clip]: a firm 0 or 1 is strong evidence, not a veto


def structure_key(labels) -> tuple:
    """A structure as a hashable key: ((label, count), ...) sorted, of a shape's part labels."""
    from collections import Counter

    return tuple(sorted(Counter(labels).items()))


def structure_table(count: int) -> dict:
    """{category: [({label: count}, shapes)]} over the first `count` shapes of the train split,
    most common first (ties by their labels)."""
    from collections import Counter

    from ..data.shapes import shape_for_index

    seen: dict = {}
    for i in range(count):
        shape = shape_for_index("train", i)
        seen.setdefault(shape.category, Counter())[structure_key(p.label for p in shape.parts)] += 1
    return {category: [(dict(key), n) for key, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
            for category, c in sorted(seen.items())}


def structure_pattern(category: str, structure: dict, slots: int) -> np.ndarray:
    """(slots,) bool: the slots a structure fills under the category's layout (each label's
    parts fill its block from the start)."""
    from .slots import SLOT_LAYOUT

    pattern, at = np.zeros(slots, bool), 0
    for label, room in SLOT_LAYOUT[category]:
        pattern[at:at + min(structure.get(label, 0), room)] = True
        at += room
    return pattern


def structure_weights(category: str, odds, plain_odds) -> np.ndarray:
    """(S,) probabilities of the category's structures (STRUCTURES order) given the prompt's
    filled-slot odds (K,) and the bare category name's (K,)."""
    q = np.clip(np.asarray(odds, dtype=np.float64), EVIDENCE_CLIP, 1 - EVIDENCE_CLIP)
    pi = np.clip(np.asarray(plain_odds, dtype=np.float64), EVIDENCE_CLIP, 1 - EVIDENCE_CLIP)
    filled_ratio, empty_ratio = np.log(q / pi), np.log((1 - q) / (1 - pi))
    logs = []
    for structure, shapes in STRUCTURES[category]:
        pattern = structure_pattern(category, structure, len(q))
        logs.append(np.log(shapes) + np.where(pattern, filled_ratio, empty_ratio).sum())
    logs = np.array(logs)
    w = np.exp(logs - logs.max())
    return w / w.sum()


def draw_structure_index(category: str, odds, plain_odds, seed: int) -> int:
    """One candidate's structure, drawn by its seed (the same seed, the same draw): its index in
    STRUCTURES[category]."""
    weights = structure_weights(category, odds, plain_odds)
    return int(np.random.default_rng([int(seed), 5]).choice(len(weights), p=weights))


def draw_structure(category: str, odds, plain_odds, seed: int) -> np.ndarray:
    """(K,) bool: one candidate's filled slots, drawn by its seed (draw_structure_index)."""
    pick = draw_structure_index(category, odds, plain_odds, seed)
    return structure_pattern(category, STRUCTURES[category][pick][0], len(odds))


# structure_table(4000), written out (a test keeps them equal).
STRUCTURES = {
    "armchair": [
        ({'arm': 2, 'armrest': 2, 'back_cushion': 1, 'leg': 4, 'seat_base': 1, 'seat_cushion': 1}, 157),
        ({'arm': 2, 'back_cushion': 1, 'leg': 4, 'seat_base': 1, 'seat_cushion': 1}, 151),
    ],
    "bed": [
        ({'bed_frame': 1, 'headboard': 1, 'leg': 4, 'mattress': 1, 'pillow': 1}, 87),
        ({'bed_frame': 1, 'footboard': 1, 'headboard': 1, 'leg': 4, 'mattress': 1, 'pillow': 1}, 66),
        ({'bed_frame': 1, 'footboard': 1, 'headboard': 1, 'leg': 4, 'mattress': 1, 'pillow': 2}, 51),
        ({'bed_frame': 1, 'headboard': 1, 'leg': 4, 'mattress': 1, 'pillow': 2}, 51),
        ({'bed_frame': 1, 'leg': 4, 'mattress': 1, 'pillow': 2}, 17),
        ({'bed_frame': 1, 'leg': 4, 'mattress': 1, 'pillow': 1}, 15),
        ({'bed_frame': 1, 'footboard': 1, 'leg': 4, 'mattress': 1, 'pillow': 1}, 13),
        ({'bed_frame': 1, 'footboard': 1, 'leg': 4, 'mattress': 1, 'pillow': 2}, 8),
    ],
    "bookshelf": [
        ({'back_board': 1, 'bottom_panel': 1, 'plinth': 1, 'shelf': 2, 'side_panel': 2, 'top_panel': 1}, 97),
        ({'bottom_panel': 1, 'plinth': 1, 'shelf': 2, 'side_panel': 2, 'top_panel': 1}, 50),
        ({'bottom_panel': 1, 'plinth': 1, 'shelf': 3, 'side_panel': 2, 'top_panel': 1}, 32),
        ({'back_board': 1, 'bottom_panel': 1, 'plinth': 1, 'shelf': 3, 'side_panel': 2, 'top_panel': 1}, 31),
        ({'back_board': 1, 'bottom_panel': 1, 'plinth': 1, 'shelf': 4, 'side_panel': 2, 'top_panel': 1}, 28),
        ({'back_board': 1, 'bottom_panel': 1, 'plinth': 1, 'shelf': 5, 'side_panel': 2, 'top_panel': 1}, 28),
        ({'bottom_panel': 1, 'plinth': 1, 'shelf': 4, 'side_panel': 2, 'top_panel': 1}, 26),
        ({'bottom_panel': 1, 'plinth': 1, 'shelf': 5, 'side_panel': 2, 'top_panel': 1}, 11),
        ({'bottom_panel': 1, 'plinth': 1, 'shelf': 6, 'side_panel': 2, 'top_panel': 1}, 3),
        ({'back_board': 1, 'bottom_panel': 1, 'plinth': 1, 'shelf': 6, 'side_panel': 2, 'top_panel': 1}, 2),
    ],
    "cabinet": [
        ({'back_board': 1, 'bottom_panel': 1, 'door': 2, 'handle': 2, 'leg': 4, 'side_panel': 2, 'top_panel': 1}, 64),
        ({'back_board': 1, 'bottom_panel': 1, 'door': 2, 'handle': 2, 'plinth': 1, 'side_panel': 2, 'top_panel': 1}, 52),
        ({'back_board': 1, 'bottom_panel': 1, 'drawer': 3, 'handle': 3, 'leg': 4, 'side_panel': 2, 'top_panel': 1}, 34),
        ({'back_board': 1, 'bottom_panel': 1, 'drawer': 4, 'handle': 4, 'leg': 4, 'side_panel': 2, 'top_panel': 1}, 32),
        ({'back_board': 1, 'bottom_panel': 1, 'drawer': 4, 'handle': 4, 'plinth': 1, 'side_panel': 2, 'top_panel': 1}, 27),
        ({'back_board': 1, 'bottom_panel': 1, 'drawer': 5, 'handle': 5, 'plinth': 1, 'side_panel': 2, 'top_panel': 1}, 25),
        ({'back_board': 1, 'bottom_panel': 1, 'door': 1, 'handle': 1, 'leg': 4, 'side_panel': 2, 'top_panel': 1}, 21),
        ({'back_board': 1, 'bottom_panel': 1, 'drawer': 5, 'handle': 5, 'leg': 4, 'side_panel': 2, 'top_panel': 1}, 19),
        ({'back_board': 1, 'bottom_panel': 1, 'door': 1, 'handle': 1, 'plinth': 1, 'side_panel': 2, 'top_panel': 1}, 12),
        ({'back_board': 1, 'bottom_panel': 1, 'drawer': 3, 'handle': 3, 'plinth': 1, 'side_panel': 2, 'top_panel': 1}, 11),
        ({'back_board': 1, 'bottom_panel': 1, 'drawer': 2, 'handle': 2, 'leg': 4, 'side_panel': 2, 'top_panel': 1}, 7),
        ({'back_board': 1, 'bottom_panel': 1, 'drawer': 2, 'handle': 2, 'plinth': 1, 'side_panel': 2, 'top_panel': 1}, 3),
    ],
    "chair": [
        ({'back_panel': 1, 'back_post': 2, 'leg': 4, 'seat': 1}, 34),
        ({'back_post': 2, 'back_rail': 1, 'back_slat': 4, 'leg': 4, 'seat': 1}, 29),
        ({'back_post': 2, 'back_rail': 1, 'back_slat': 5, 'leg': 4, 'seat': 1}, 29),
        ({'back_post': 2, 'back_rail': 1, 'back_slat': 3, 'leg': 4, 'seat': 1}, 25),
        ({'back_post': 2, 'back_rail': 4, 'leg': 4, 'seat': 1}, 23),
        ({'back_post': 2, 'back_rail': 3, 'leg': 4, 'seat': 1}, 18),
        ({'back_panel': 1, 'back_post': 2, 'leg': 4, 'seat': 1, 'stretcher': 2}, 14),
        ({'back_post': 2, 'back_rail': 1, 'back_slat': 3, 'leg': 4, 'seat': 1, 'stretcher': 2}, 14),
        ({'arm_support': 2, 'armrest': 2, 'back_post': 2, 'back_rail': 1, 'back_slat': 4, 'leg': 4, 'seat': 1}, 13),
        ({'arm_support': 2, 'armrest': 2, 'back_panel': 1, 'back_post': 2, 'leg': 4, 'seat': 1}, 12),
        ({'back_post': 2, 'back_rail': 1, 'back_slat': 4, 'leg': 4, 'seat': 1, 'stretcher': 2}, 12),
        ({'back_post': 2, 'back_rail': 4, 'leg': 4, 'seat': 1, 'stretcher': 2}, 9),
        ({'arm_support': 2, 'armrest': 2, 'back_panel': 1, 'back_post': 2, 'leg': 4, 'seat': 1, 'stretcher': 2}, 8),
        ({'arm_support': 2, 'armrest': 2, 'back_post': 2, 'back_rail': 1, 'back_slat': 3, 'leg': 4, 'seat': 1}, 8),
        ({'back_post': 2, 'back_rail': 1, 'back_slat': 5, 'leg': 4, 'seat': 1, 'stretcher': 2}, 8),
        ({'arm_support': 2, 'armrest': 2, 'back_post': 2, 'back_rail': 1, 'back_slat': 5, 'leg': 4, 'seat': 1}, 7),
        ({'arm_support': 2, 'armrest': 2, 'back_post': 2, 'back_rail': 4, 'leg': 4, 'seat': 1}, 7),
        ({'arm_support': 2, 'armrest': 2, 'back_post': 2, 'back_rail': 1, 'back_slat': 3, 'leg': 4, 'seat': 1, 'stretcher': 2}, 6),
        ({'arm_support': 2, 'armrest': 2, 'back_post': 2, 'back_rail': 3, 'leg': 4, 'seat': 1, 'stretcher': 2}, 6),
        ({'arm_support': 2, 'armrest': 2, 'back_post': 2, 'back_rail': 4, 'leg': 4, 'seat': 1, 'stretcher': 2}, 6),
        ({'back_post': 2, 'back_rail': 3, 'leg': 4, 'seat': 1, 'stretcher': 2}, 6),
        ({'arm_support': 2, 'armrest': 2, 'back_post': 2, 'back_rail': 1, 'back_slat': 5, 'leg': 4, 'seat': 1, 'stretcher': 2}, 5),
        ({'arm_support': 2, 'armrest': 2, 'back_post': 2, 'back_rail': 3, 'leg': 4, 'seat': 1}, 5),
        ({'arm_support': 2, 'armrest': 2, 'back_post': 2, 'back_rail': 1, 'back_slat': 4, 'leg': 4, 'seat': 1, 'stretcher': 2}, 4),
    ],
    "desk": [
        ({'modesty_panel': 1, 'side_panel': 2, 'tabletop': 1}, 42),
        ({'drawer': 4, 'handle': 4, 'modesty_panel': 1, 'side_panel': 2, 'tabletop': 1}, 39),
        ({'drawer': 2, 'handle': 2, 'leg': 2, 'side_panel': 1, 'tabletop': 1}, 37),
        ({'drawer': 1, 'handle': 1, 'modesty_panel': 1, 'side_panel': 2, 'tabletop': 1}, 32),
        ({'leg': 4, 'tabletop': 1}, 28),
        ({'drawer': 1, 'handle': 1, 'leg': 2, 'side_panel': 1, 'tabletop': 1}, 27),
        ({'drawer': 3, 'handle': 3, 'modesty_panel': 1, 'side_panel': 2, 'tabletop': 1}, 27),
        ({'drawer': 4, 'handle': 4, 'leg': 2, 'side_panel': 1, 'tabletop': 1}, 26),
        ({'drawer': 2, 'handle': 2, 'modesty_panel': 1, 'side_panel': 2, 'tabletop': 1}, 25),
        ({'drawer': 3, 'handle': 3, 'leg': 2, 'side_panel': 1, 'tabletop': 1}, 25),
    ],
    "lamp": [
        ({'bulb': 1, 'lamp_base': 1, 'lamp_pole': 2, 'lampshade': 1}, 232),
        ({'bulb': 1, 'lamp_base': 1, 'lamp_pole': 1, 'lampshade': 1}, 75),
    ],
    "mug": [
        ({'body': 1, 'vessel_handle': 1}, 205),
        ({'body': 1, 'saucer': 1, 'vessel_handle': 1}, 102),
    ],
    "office_chair": [
        ({'arm_support': 2, 'armrest': 2, 'back_panel': 1, 'base_spoke': 5, 'caster': 5, 'gas_lift': 1, 'seat': 1}, 106),
        ({'back_panel': 1, 'base_spoke': 5, 'caster': 5, 'gas_lift': 1, 'seat': 1}, 73),
        ({'arm_support': 2, 'armrest': 2, 'back_panel': 1, 'base_spoke': 5, 'gas_lift': 1, 'seat': 1}, 38),
        ({'arm_support': 2, 'armrest': 2, 'back_panel': 1, 'base_spoke': 5, 'caster': 5, 'gas_lift': 1, 'headrest': 1, 'seat': 1}, 29),
        ({'arm_support': 2, 'armrest': 2, 'back_panel': 1, 'base_spoke': 5, 'gas_lift': 1, 'headrest': 1, 'seat': 1}, 21),
        ({'back_panel': 1, 'base_spoke': 5, 'caster': 5, 'gas_lift': 1, 'headrest': 1, 'seat': 1}, 17),
        ({'back_panel': 1, 'base_spoke': 5, 'gas_lift': 1, 'seat': 1}, 16),
        ({'back_panel': 1, 'base_spoke': 5, 'gas_lift': 1, 'headrest': 1, 'seat': 1}, 8),
    ],
    "sofa": [
        ({'arm': 2, 'back_cushion': 2, 'leg': 4, 'seat_base': 1, 'seat_cushion': 2}, 63),
        ({'arm': 2, 'armrest': 2, 'back_cushion': 3, 'leg': 4, 'seat_base': 1, 'seat_cushion': 3}, 61),
        ({'arm': 2, 'back_cushion': 3, 'leg': 4, 'seat_base': 1, 'seat_cushion': 3}, 57),
        ({'arm': 2, 'armrest': 2, 'back_cushion': 2, 'leg': 4, 'seat_base': 1, 'seat_cushion': 2}, 45),
        ({'arm': 2, 'back_cushion': 3, 'seat_base': 1, 'seat_cushion': 3}, 24),
        ({'arm': 2, 'armrest': 2, 'back_cushion': 2, 'seat_base': 1, 'seat_cushion': 2}, 21),
        ({'arm': 2, 'armrest': 2, 'back_cushion': 3, 'seat_base': 1, 'seat_cushion': 3}, 19),
        ({'arm': 2, 'back_cushion': 2, 'seat_base': 1, 'seat_cushion': 2}, 18),
    ],
    "stool": [
        ({'leg': 4, 'seat': 1}, 72),
        ({'leg': 3, 'seat': 1}, 62),
        ({'footrest': 1, 'leg': 3, 'seat': 1}, 53),
        ({'footrest': 1, 'leg': 4, 'seat': 1}, 52),
        ({'foot': 1, 'pedestal': 1, 'seat': 1}, 36),
        ({'foot': 1, 'footrest': 1, 'pedestal': 1, 'seat': 1}, 33),
    ],
    "table": [
        ({'leg': 4, 'tabletop': 1}, 176),
        ({'apron': 4, 'leg': 4, 'tabletop': 1}, 79),
        ({'foot': 1, 'pedestal': 1, 'tabletop': 1}, 53),
    ],
    "vase": [
        ({'body': 1}, 218),
        ({'body': 1, 'vessel_handle': 2}, 89),
    ],
}
