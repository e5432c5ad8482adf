"""Attributes read with the drawn structure: what a candidate's parts list says of its attributes.

Structure first (part_structures.py) draws which parts a candidate has and makes its filled-slot
odds firm, but the prompt reader's attribute probabilities, which condition the denoiser too, stay
those of the prompt: for "a lamp", 0.24 that its pole is arched. A lamp drawn with one pole is an
arched lamp in every training shape (a straight one has a second, the arm holding its bulb), and
one with two poles a straight one; told one pole and "most likely straight", the denoiser placed
the shade between the two: its shade sat 0.02-0.06 of the lamp's height off the base's axis in half
of the generated one-pole lamps (training: 0.24-0.41), and more than 0.18 off it in a quarter of the
two-pole ones (training: 0). Many attributes are so tied to the parts (a chair's arms, its back's
style, a bed's footboard, a bookshelf's shelf count) and some partly (a one-pole lamp is tall).

So each attribute is read again given the drawn structure, by Bayes' rule on the training shares:

    p(value | prompt, structure) ~ p(value | prompt) * p(value | structure) / p(value | category)

(the prompt reader's probability, the evidence of the structure beside the plain category's): a
plain prompt takes the attribute's shares among training shapes with that structure, a prompt
that asks for a value keeps it where the structure allows it, and a value no training shape with
the structure has goes to zero. The prompt's probabilities are held above READ_CLIP, so where
the structure rules out every value the prompt asks for, the structure's evidence alone decides
(the structure is what the candidate is made of).

STRUCTURE_ATTRIBUTES: {category: [{attribute: [shapes per value (prompt_reader.ATTRIBUTE_VALUES
order)]} per structure, in part_structures.STRUCTURES order]}, over the same 4,000 training shapes
(structure_attribute_table(4000), written out; a test keeps them equal). Arrays: features (F,)
float, the prompt reader's (categories, then each attribute's values, then the slot odds).
"""

from __future__ import annotations

import numpy as np

READ_CLIP = 1e-3   # the prompt's probabilities are held above this: a firm 0 is strong evidence, not a veto


def structure_attribute_table(count: int) -> dict:
    """{category: [{attribute: [shapes per value]} per structure of part_structures.STRUCTURES]} over
    the first `count` shapes of the train split; a structure none of them has gets {}."""
    from ..data.shapes import shape_for_index
    from .part_structures import STRUCTURES, structure_key
    from .prompt_reader import ATTRIBUTE_VALUES, ATTRIBUTES, reader_targets

    seen: dict = {}
    for i in range(count):
        shape = shape_for_index("train", i)
        counts = seen.setdefault(shape.category, {}).setdefault(structure_key(p.label for p in shape.parts), {})
        for attribute, value in zip(ATTRIBUTES, reader_targets(shape.category, shape.attributes)[1]):
            if value >= 0:
                counts.setdefault(attribute, [0] * len(ATTRIBUTE_VALUES[attribute]))[value] += 1
    return {category: [seen.get(category, {}).get(tuple(sorted(s.items())), {}) for s, _ in rows]
            for category, rows in STRUCTURES.items()}


def attribute_blocks() -> dict:
    """{attribute: (start, stop)} of each attribute's values in the prompt reader's features."""
    from .prompt_reader import ATTRIBUTE_VALUES, ATTRIBUTES, CATEGORIES

    out, at = {}, len(CATEGORIES)
    for attribute in ATTRIBUTES:
        out[attribute] = (at, at + len(ATTRIBUTE_VALUES[attribute]))
        at = out[attribute][1]
    return out


def attributes_given_structure(features: np.ndarray, category: str, structure: int, seed: int | None = None
                               ) -> np.ndarray:
    """A copy of one candidate's reader features (F,) with each attribute the category's training
    shapes have read again given its drawn structure (the index of a part_structures.STRUCTURES
    row of `category`); the category, the other attributes and the slot odds as they were. With a
    `seed`, each such attribute is then drawn from that reading (one-hot: a firm reading, as the
    shapes' own are in training; the same seed, the same draw)."""
    rng = None if seed is None else np.random.default_rng([int(seed), 7])
    rows = STRUCTURE_ATTRIBUTES[category]
    out = np.array(features, dtype=np.float64)
    for attribute, (start, stop) in attribute_blocks().items():
        given = rows[structure].get(attribute)
        if given is None:
            continue
        given = np.asarray(given, dtype=np.float64)
        everywhere = np.sum([row[attribute] for row in rows if attribute in row], axis=0).astype(np.float64)
        ratio = np.divide(given / given.sum(), everywhere / everywhere.sum(), out=np.zeros_like(given),
                          where=everywhere > 0)
        posterior = np.clip(out[start:stop], READ_CLIP, 1.0) * ratio
        posterior = posterior / posterior.sum()   # > 0: a value of the structure has a ratio > 0
        if rng is not None:
            posterior = np.eye(len(posterior))[rng.choice(len(posterior), p=posterior)]
        out[start:stop] = posterior
    return out.astype(np.asarray(features).dtype)

def structure_shares(features: np.ndarray, category: str, structure: int, attributes) -> np.ndarray:
    """A copy of one candidate's reader features (F,) with each of `attributes` that the category's
    training shapes have set to its shares among those with the drawn structure, p(value |
    structure): the reading of a prompt that names the category and not that attribute, the rest as
    it was. The other side of style guidance for an expert that follows firm readings: the same
    parts and attributes, the style left as the structure has it."""
    rows = STRUCTURE_ATTRIBUTES[category]
    out = np.array(features, dtype=np.float64)
    blocks = attribute_blocks()
    for attribute in attributes:
        given = rows[structure].get(attribute)
        if given is None:
            continue
        start, stop = blocks[attribute]
        out[start:stop] = np.asarray(given, dtype=np.float64) / sum(given)
    return out.astype(np.asarray(features).dtype)


# structure_attribute_table(4000), written out (a test keeps them equal).
STRUCTURE_ATTRIBUTES = {
    "armchair": [
        {
            'arm_style': [0, 157],
            'arms': [157, 0],
            'back_height': [78, 79],
            'leg_style': [52, 44, 61, 0, 0, 0],
            'legs': [0, 157, 0, 0],
            'rounded': [157, 0],
        },
        {
            'arm_style': [151, 0],
            'arms': [151, 0],
            'back_height': [78, 73],
            'leg_style': [48, 54, 49, 0, 0, 0],
            'legs': [0, 151, 0, 0],
            'rounded': [151, 0],
        },
    ],
    "bed": [
        {'bed_size': [87, 0], 'footboard': [0, 87], 'headboard': [87, 0], 'legs': [0, 87, 0, 0]},
        {'bed_size': [66, 0], 'footboard': [66, 0], 'headboard': [66, 0], 'legs': [0, 66, 0, 0]},
        {'bed_size': [0, 51], 'footboard': [51, 0], 'headboard': [51, 0], 'legs': [0, 51, 0, 0]},
        {'bed_size': [0, 51], 'footboard': [0, 51], 'headboard': [51, 0], 'legs': [0, 51, 0, 0]},
        {'bed_size': [0, 17], 'footboard': [0, 17], 'headboard': [0, 17], 'legs': [0, 17, 0, 0]},
        {'bed_size': [15, 0], 'footboard': [0, 15], 'headboard': [0, 15], 'legs': [0, 15, 0, 0]},
        {'bed_size': [13, 0], 'footboard': [13, 0], 'headboard': [0, 13], 'legs': [0, 13, 0, 0]},
        {'bed_size': [0, 8], 'footboard': [8, 0], 'headboard': [0, 8], 'legs': [0, 8, 0, 0]},
    ],
    "bookshelf": [
        {'back_board': [97, 0], 'height': [82, 15, 0], 'shelves': [97, 0, 0, 0, 0]},
        {'back_board': [0, 50], 'height': [40, 10, 0], 'shelves': [50, 0, 0, 0, 0]},
        {'back_board': [0, 32], 'height': [0, 30, 2], 'shelves': [0, 32, 0, 0, 0]},
        {'back_board': [31, 0], 'height': [0, 30, 1], 'shelves': [0, 31, 0, 0, 0]},
        {'back_board': [28, 0], 'height': [0, 6, 22], 'shelves': [0, 0, 28, 0, 0]},
        {'back_board': [28, 0], 'height': [0, 0, 28], 'shelves': [0, 0, 0, 28, 0]},
        {'back_board': [0, 26], 'height': [0, 1, 25], 'shelves': [0, 0, 26, 0, 0]},
        {'back_board': [0, 11], 'height': [0, 0, 11], 'shelves': [0, 0, 0, 11, 0]},
        {'back_board': [0, 3], 'height': [0, 0, 3], 'shelves': [0, 0, 0, 0, 3]},
        {'back_board': [2, 0], 'height': [0, 0, 2], 'shelves': [0, 0, 0, 0, 2]},
    ],
    "cabinet": [
        {'doors': [0, 64], 'legs': [0, 64, 0, 0]},
        {'doors': [0, 52]},
        {'drawers': [0, 0, 0, 34, 0, 0], 'legs': [0, 34, 0, 0]},
        {'drawers': [0, 0, 0, 0, 32, 0], 'legs': [0, 32, 0, 0]},
        {'drawers': [0, 0, 0, 0, 27, 0]},
        {'drawers': [0, 0, 0, 0, 0, 25]},
        {'doors': [21, 0], 'legs': [0, 21, 0, 0]},
        {'drawers': [0, 0, 0, 0, 0, 19], 'legs': [0, 19, 0, 0]},
        {'doors': [12, 0]},
        {'drawers': [0, 0, 0, 11, 0, 0]},
        {'drawers': [0, 0, 7, 0, 0, 0], 'legs': [0, 7, 0, 0]},
        {'drawers': [0, 0, 3, 0, 0, 0]},
    ],
    "chair": [
        {
            'arms': [0, 34],
            'back_height': [18, 16],
            'back_style': [0, 34, 0, 0],
            'leg_style': [7, 10, 2, 4, 11, 0],
            'legs': [0, 34, 0, 0],
            'rounded': [15, 19],
            'shape': [5, 29, 0],
            'stretchers': [0, 34],
        },
        {
            'arms': [0, 29],
            'back_height': [16, 13],
            'back_style': [15, 0, 0, 14],
            'leg_style': [6, 4, 5, 9, 5, 0],
            'legs': [0, 29, 0, 0],
            'rounded': [12, 17],
            'shape': [5, 24, 0],
            'stretchers': [0, 29],
        },
        {
            'arms': [0, 29],
            'back_height': [12, 17],
            'back_style': [14, 0, 0, 15],
            'leg_style': [5, 6, 3, 8, 7, 0],
            'legs': [0, 29, 0, 0],
            'rounded': [15, 14],
            'shape': [10, 19, 0],
            'stretchers': [0, 29],
        },
        {
            'arms': [0, 25],
            'back_height': [10, 15],
            'back_style': [15, 0, 0, 10],
            'leg_style': [7, 3, 2, 7, 6, 0],
            'legs': [0, 25, 0, 0],
            'rounded': [10, 15],
            'shape': [4, 21, 0],
            'stretchers': [0, 25],
        },
        {
            'arms': [0, 23],
            'back_height': [12, 11],
            'back_style': [0, 0, 23, 0],
            'leg_style': [2, 3, 6, 9, 3, 0],
            'legs': [0, 23, 0, 0],
            'rounded': [12, 11],
            'shape': [5, 18, 0],
            'stretchers': [0, 23],
        },
        {
            'arms': [0, 18],
            'back_height': [10, 8],
            'back_style': [0, 0, 18, 0],
            'leg_style': [5, 2, 2, 5, 4, 0],
            'legs': [0, 18, 0, 0],
            'rounded': [4, 14],
            'shape': [0, 18, 0],
            'stretchers': [0, 18],
        },
        {
            'arms': [0, 14],
            'back_height': [5, 9],
            'back_style': [0, 14, 0, 0],
            'leg_style': [4, 5, 5, 0, 0, 0],
            'legs': [0, 14, 0, 0],
            'rounded': [5, 9],
            'shape': [2, 12, 0],
            'stretchers': [14, 0],
        },
        {
            'arms': [0, 14],
            'back_height': [5, 9],
            'back_style': [8, 0, 0, 6],
            'leg_style': [5, 5, 4, 0, 0, 0],
            'legs': [0, 14, 0, 0],
            'rounded': [7, 7],
            'shape': [5, 9, 0],
            'stretchers': [14, 0],
        },
        {
            'arms': [13, 0],
            'back_height': [5, 8],
            'back_style': [7, 0, 0, 6],
            'leg_style': [1, 3, 5, 1, 3, 0],
            'legs': [0, 13, 0, 0],
            'rounded': [7, 6],
            'shape': [2, 11, 0],
            'stretchers': [0, 13],
        },
        {
            'arms': [12, 0],
            'back_height': [6, 6],
            'back_style': [0, 12, 0, 0],
            'leg_style': [2, 1, 0, 3, 6, 0],
            'legs': [0, 12, 0, 0],
            'rounded': [7, 5],
            'shape': [2, 10, 0],
            'stretchers': [0, 12],
        },
        {
            'arms': [0, 12],
            'back_height': [7, 5],
            'back_style': [8, 0, 0, 4],
            'leg_style': [2, 4, 6, 0, 0, 0],
            'legs': [0, 12, 0, 0],
            'rounded': [10, 2],
            'shape': [1, 11, 0],
            'stretchers': [12, 0],
        },
        {
            'arms': [0, 9],
            'back_height': [4, 5],
            'back_style': [0, 0, 9, 0],
            'leg_style': [4, 4, 1, 0, 0, 0],
            'legs': [0, 9, 0, 0],
            'rounded': [2, 7],
            'shape': [1, 8, 0],
            'stretchers': [9, 0],
        },
        {
            'arms': [8, 0],
            'back_height': [3, 5],
            'back_style': [0, 8, 0, 0],
            'leg_style': [2, 2, 4, 0, 0, 0],
            'legs': [0, 8, 0, 0],
            'rounded': [2, 6],
            'shape': [1, 7, 0],
            'stretchers': [8, 0],
        },
        {
            'arms': [8, 0],
            'back_height': [5, 3],
            'back_style': [3, 0, 0, 5],
            'leg_style': [1, 2, 1, 3, 1, 0],
            'legs': [0, 8, 0, 0],
            'rounded': [3, 5],
            'shape': [2, 6, 0],
            'stretchers': [0, 8],
        },
        {
            'arms': [0, 8],
            'back_height': [4, 4],
            'back_style': [2, 0, 0, 6],
            'leg_style': [3, 4, 1, 0, 0, 0],
            'legs': [0, 8, 0, 0],
            'rounded': [3, 5],
            'shape': [2, 6, 0],
            'stretchers': [8, 0],
        },
        {
            'arms': [7, 0],
            'back_height': [5, 2],
            'back_style': [5, 0, 0, 2],
            'leg_style': [1, 0, 1, 2, 3, 0],
            'legs': [0, 7, 0, 0],
            'rounded': [4, 3],
            'shape': [0, 7, 0],
            'stretchers': [0, 7],
        },
        {
            'arms': [7, 0],
            'back_height': [5, 2],
            'back_style': [0, 0, 7, 0],
            'leg_style': [1, 0, 1, 4, 1, 0],
            'legs': [0, 7, 0, 0],
            'rounded': [5, 2],
            'shape': [0, 7, 0],
            'stretchers': [0, 7],
        },
        {
            'arms': [6, 0],
            'back_height': [4, 2],
            'back_style': [4, 0, 0, 2],
            'leg_style': [1, 4, 1, 0, 0, 0],
            'legs': [0, 6, 0, 0],
            'rounded': [2, 4],
            'shape': [1, 5, 0],
            'stretchers': [6, 0],
        },
        {
            'arms': [6, 0],
            'back_height': [2, 4],
            'back_style': [0, 0, 6, 0],
            'leg_style': [2, 2, 2, 0, 0, 0],
            'legs': [0, 6, 0, 0],
            'rounded': [1, 5],
            'shape': [2, 4, 0],
            'stretchers': [6, 0],
        },
        {
            'arms': [6, 0],
            'back_height': [3, 3],
            'back_style': [0, 0, 6, 0],
            'leg_style': [1, 3, 2, 0, 0, 0],
            'legs': [0, 6, 0, 0],
            'rounded': [2, 4],
            'shape': [2, 4, 0],
            'stretchers': [6, 0],
        },
        {
            'arms': [0, 6],
            'back_height': [4, 2],
            'back_style': [0, 0, 6, 0],
            'leg_style': [3, 0, 3, 0, 0, 0],
            'legs': [0, 6, 0, 0],
            'rounded': [4, 2],
            'shape': [1, 5, 0],
            'stretchers': [6, 0],
        },
        {
            'arms': [5, 0],
            'back_height': [3, 2],
            'back_style': [3, 0, 0, 2],
            'leg_style': [2, 3, 0, 0, 0, 0],
            'legs': [0, 5, 0, 0],
            'rounded': [2, 3],
            'shape': [1, 4, 0],
            'stretchers': [5, 0],
        },
        {
            'arms': [5, 0],
            'back_height': [3, 2],
            'back_style': [0, 0, 5, 0],
            'leg_style': [0, 1, 0, 2, 2, 0],
            'legs': [0, 5, 0, 0],
            'rounded': [3, 2],
            'shape': [1, 4, 0],
            'stretchers': [0, 5],
        },
        {
            'arms': [4, 0],
            'back_height': [0, 4],
            'back_style': [1, 0, 0, 3],
            'leg_style': [1, 1, 2, 0, 0, 0],
            'legs': [0, 4, 0, 0],
            'rounded': [2, 2],
            'shape': [0, 4, 0],
            'stretchers': [4, 0],
        },
    ],
    "desk": [
        {'drawers': [42, 0, 0, 0, 0, 0], 'rounded': [21, 21]},
        {'drawers': [0, 0, 0, 0, 39, 0], 'rounded': [12, 27]},
        {'drawers': [0, 0, 37, 0, 0, 0], 'leg_style': [19, 18, 0, 0, 0, 0], 'rounded': [14, 23]},
        {'drawers': [0, 32, 0, 0, 0, 0], 'rounded': [14, 18]},
        {'drawers': [28, 0, 0, 0, 0, 0], 'leg_style': [14, 14, 0, 0, 0, 0], 'legs': [0, 28, 0, 0], 'rounded': [9, 19]},
        {'drawers': [0, 27, 0, 0, 0, 0], 'leg_style': [10, 17, 0, 0, 0, 0], 'rounded': [11, 16]},
        {'drawers': [0, 0, 0, 27, 0, 0], 'rounded': [11, 16]},
        {'drawers': [0, 0, 0, 0, 26, 0], 'leg_style': [15, 11, 0, 0, 0, 0], 'rounded': [12, 14]},
        {'drawers': [0, 0, 25, 0, 0, 0], 'rounded': [9, 16]},
        {'drawers': [0, 0, 0, 25, 0, 0], 'leg_style': [13, 12, 0, 0, 0, 0], 'rounded': [11, 14]},
    ],
    "lamp": [
        {'height': [149, 0, 83], 'pole': [232, 0], 'shade': [78, 78, 76]},
        {'height': [0, 0, 75], 'pole': [0, 75], 'shade': [23, 25, 27]},
    ],
    "mug": [
        {'profile': [66, 0, 0, 58, 81], 'saucer': [0, 205]},
        {'profile': [37, 0, 0, 31, 34], 'saucer': [102, 0]},
    ],
    "office_chair": [
        {'arms': [106, 0], 'back_height': [66, 40], 'headrest': [0, 106], 'legs': [0, 0, 106, 0], 'wheels': [106, 0]},
        {'arms': [0, 73], 'back_height': [46, 27], 'headrest': [0, 73], 'legs': [0, 0, 73, 0], 'wheels': [73, 0]},
        {'arms': [38, 0], 'back_height': [29, 9], 'headrest': [0, 38], 'legs': [0, 0, 38, 0], 'wheels': [0, 38]},
        {'arms': [29, 0], 'back_height': [0, 29], 'headrest': [29, 0], 'legs': [0, 0, 29, 0], 'wheels': [29, 0]},
        {'arms': [21, 0], 'back_height': [0, 21], 'headrest': [21, 0], 'legs': [0, 0, 21, 0], 'wheels': [0, 21]},
        {'arms': [0, 17], 'back_height': [0, 17], 'headrest': [17, 0], 'legs': [0, 0, 17, 0], 'wheels': [17, 0]},
        {'arms': [0, 16], 'back_height': [11, 5], 'headrest': [0, 16], 'legs': [0, 0, 16, 0], 'wheels': [0, 16]},
        {'arms': [0, 8], 'back_height': [0, 8], 'headrest': [8, 0], 'legs': [0, 0, 8, 0], 'wheels': [0, 8]},
    ],
    "sofa": [
        {
            'arm_style': [63, 0],
            'arms': [63, 0],
            'back_height': [28, 35],
            'leg_style': [28, 35, 0, 0, 0, 0],
            'legs': [0, 63, 0, 0],
            'seats': [63, 0],
        },
        {
            'arm_style': [0, 61],
            'arms': [61, 0],
            'back_height': [29, 32],
            'leg_style': [40, 21, 0, 0, 0, 0],
            'legs': [0, 61, 0, 0],
            'seats': [0, 61],
        },
        {
            'arm_style': [57, 0],
            'arms': [57, 0],
            'back_height': [30, 27],
            'leg_style': [31, 26, 0, 0, 0, 0],
            'legs': [0, 57, 0, 0],
            'seats': [0, 57],
        },
        {
            'arm_style': [0, 45],
            'arms': [45, 0],
            'back_height': [27, 18],
            'leg_style': [27, 18, 0, 0, 0, 0],
            'legs': [0, 45, 0, 0],
            'seats': [45, 0],
        },
        {'arm_style': [24, 0], 'arms': [24, 0], 'back_height': [10, 14], 'seats': [0, 24]},
        {'arm_style': [0, 21], 'arms': [21, 0], 'back_height': [8, 13], 'seats': [21, 0]},
        {'arm_style': [0, 19], 'arms': [19, 0], 'back_height': [9, 10], 'seats': [0, 19]},
        {'arm_style': [18, 0], 'arms': [18, 0], 'back_height': [12, 6], 'seats': [18, 0]},
    ],
    "stool": [
        {
            'footrest': [0, 72],
            'height': [39, 14, 19],
            'leg_style': [20, 0, 28, 24, 0, 0],
            'legs': [0, 72, 0, 0],
            'rounded': [40, 32],
            'shape': [52, 20, 0],
        },
        {
            'footrest': [0, 62],
            'height': [29, 12, 21],
            'leg_style': [27, 0, 20, 15, 0, 0],
            'legs': [62, 0, 0, 0],
            'rounded': [30, 32],
            'shape': [50, 12, 0],
        },
        {
            'footrest': [53, 0],
            'height': [0, 28, 25],
            'leg_style': [16, 0, 20, 17, 0, 0],
            'legs': [53, 0, 0, 0],
            'rounded': [26, 27],
            'shape': [30, 23, 0],
        },
        {
            'footrest': [52, 0],
            'height': [0, 25, 27],
            'leg_style': [16, 0, 14, 22, 0, 0],
            'legs': [0, 52, 0, 0],
            'rounded': [27, 25],
            'shape': [37, 15, 0],
        },
        {
            'footrest': [0, 36],
            'height': [18, 8, 10],
            'leg_style': [0, 0, 0, 0, 0, 36],
            'rounded': [18, 18],
            'shape': [21, 15, 0],
        },
        {
            'footrest': [33, 0],
            'height': [0, 16, 17],
            'leg_style': [0, 0, 0, 0, 0, 33],
            'rounded': [17, 16],
            'shape': [19, 14, 0],
        },
    ],
    "table": [
        {
            'height': [44, 104, 28],
            'leg_style': [59, 35, 27, 55, 0, 0],
            'legs': [0, 176, 0, 0],
            'rounded': [76, 100],
            'shape': [96, 37, 43],
            'thickness': [81, 95],
        },
        {
            'height': [21, 38, 20],
            'leg_style': [35, 24, 20, 0, 0, 0],
            'legs': [0, 79, 0, 0],
            'rounded': [37, 42],
            'shape': [0, 44, 35],
            'thickness': [41, 38],
        },
        {
            'height': [19, 24, 10],
            'leg_style': [0, 0, 0, 0, 0, 53],
            'rounded': [31, 22],
            'shape': [24, 17, 12],
            'thickness': [28, 25],
        },
    ],
    "vase": [
        {'handles': [218, 0], 'profile': [46, 48, 41, 41, 42]},
        {'handles': [0, 89], 'profile': [16, 18, 20, 12, 23]},
    ],
}
