"""Does a generated candidate have what its prompt asks for? (part_slots.Config.prompt_retries)

The denoiser follows what the prompt reader reads most of the time but not always: "a dining
chair, no armrests whatsoever" read right still came out with arms in some samples. A candidate
whose part structure contradicts the prompt is made again from another seed (a generate-and-check
loop, as text-to-image systems rerank their samples): the part structure says the attributes
plainly (part_attributes.recover_attributes), so the check is exact for the attributes it covers.

What the prompt asks for: the attributes it speaks of (the mention reader, mention_reader.py),
each with the value the prompt reader reads most probable, when that has odds of at least
ASKED_ODDS. The prompt reader alone cannot say which attributes a prompt speaks of: it reads every
attribute, an unmentioned one as the training shapes' odds given the rest of the prompt, so "an
office chair that does not roll" also reads "no arms" at 0.87. A bare "office chair" asks for
nothing, so its candidates are never remade and the model's variety is kept.

Arrays: a reading is the reader's feature vector (F,) (prompt_reader: category probabilities, then
each attribute's value probabilities, then the slots' filled odds); parts are dicts as from
slot_codec.decode_slots.
"""

from __future__ import annotations

import numpy as np

from .edit_scope import CATEGORY_ATTRIBUTES

ASKED_ODDS = 0.5
# The attributes the part structure says (part_attributes.recover_attributes; "shape" by the
# roundness of the tabletop), per category: every one that the category carries, but an office
# chair's leg count (its legs are spokes). A test checks each against the procedural library.
CHECKED = ("arms", "wheels", "headrest", "headboard", "footboard", "saucer", "legs", "shelves", "doors",
           "drawers", "handles")
CATEGORY_CHECKS = {category: tuple(a for a in attributes if a in CHECKED and (category, a) != ("office_chair", "legs"))
                   + (("shape",) if category == "table" else ())
                   for category, attributes in CATEGORY_ATTRIBUTES.items()}
# Attributes whose "no" leaves their parts out entirely (ATTRIBUTE_LABELS lists the parts).
ABSENT_MEANS_NO_PARTS = ("arms", "wheels", "headrest", "headboard", "footboard", "saucer")
# Seeds of a candidate's later tries: far from the seeds of the candidates beside it (seed + k).
RETRY_SEED_STRIDE = 1_000_003


def retry_seed(seed: int, attempt: int) -> int:
    """The seed of a candidate's `attempt`-th try (attempt 0: its own seed)."""
    return (seed + attempt * RETRY_SEED_STRIDE) % 2 ** 31


def attribute_block(key: str) -> slice:
    """Where one attribute's value probabilities lie in a reading (F,)."""
    from .prompt_reader import ATTRIBUTE_VALUES, ATTRIBUTES, CATEGORIES

    at = len(CATEGORIES)
    for name in ATTRIBUTES:
        size = len(ATTRIBUTE_VALUES[name])
        if name == key:
            return slice(at, at + size)
        at += size
    raise KeyError(key)


def attribute_odds(reading, key: str) -> np.ndarray:
    """The value probabilities of one attribute in a reading (F,)."""
    return np.asarray(reading[attribute_block(key)], dtype=np.float64)


def asked_attributes(category: str, reading, mentioned) -> dict:
    """{attribute: value} the prompt asks for and the part structure can say, given its reading
    (F,) and the attributes it speaks of (mentioned: a collection of ATTRIBUTES keys)."""
    from .prompt_reader import ATTRIBUTE_VALUES

    asked = {}
    for key in CATEGORY_CHECKS.get(category, ()):
        if key not in mentioned:
            continue
        odds = attribute_odds(reading, key)
        best = int(odds.argmax())
        if odds[best] >= ASKED_ODDS:
            asked[key] = ATTRIBUTE_VALUES[key][best]
    return asked


def firm_reading(reading, asked: dict, slots: int) -> np.ndarray:
    """The reading (F,) candidates are denoised from when the prompt asks for something: each asked
    attribute's block one-hot on the asked value (the denoiser learned to follow confident reads),
    and the filled odds of the slots that hold its parts under the category's layout made to say
    it: a counted part (legs, shelves, doors, drawers, vessel handles) fills its label's slots in
    order in every training shape, so the first `count` are at odds 1 and the rest at 0; a part
    asked away (no wheels, no headboard) has its slots at 0, which the slot gate
    (part_slots.gate_slots) then holds empty; a part asked for (a footboard, arms) has at odds 1
    the slots that every training structure with it fills (slots_every_such_structure_fills), so
    the structure drawn for a candidate (part_structures.draw_structure) has it: left at the odds
    read, "a bed with a low panel closing the end where the feet go" read a footboard at 0.91 and
    still drew beds without one in 6 of 10 candidates, retries included."""
    from ..data.shapes.labels import LABELS
    from .edit_scope import ATTRIBUTE_LABELS
    from .part_attributes import COUNTED
    from .prompt_reader import ATTRIBUTE_VALUES, ATTRIBUTES, CATEGORIES
    from .slot_codec import layout_label_ids

    out = np.array(reading, dtype=np.float64)
    category = CATEGORIES[int(out[:len(CATEGORIES)].argmax())]
    at = len(CATEGORIES)
    for key in ATTRIBUTES:
        size = len(ATTRIBUTE_VALUES[key])
        if key in asked:
            out[at:at + size] = np.eye(size)[ATTRIBUTE_VALUES[key].index(asked[key])]
        at += size
    layout, odds = layout_label_ids(category, slots), out[at:]
    for key, value in asked.items():
        if key in COUNTED:
            holders = np.nonzero(np.isin(layout, [LABELS.index(label) for label in COUNTED[key]]))[0]
            odds[holders] = 0.0
            odds[holders[:int(value)]] = 1.0
        elif key in ABSENT_MEANS_NO_PARTS and value is False:
            odds[np.isin(layout, [LABELS.index(label) for label in ATTRIBUTE_LABELS[key]])] = 0.0
        elif key in ABSENT_MEANS_NO_PARTS:
            odds[slots_every_such_structure_fills(category, ATTRIBUTE_LABELS[key], slots)] = 1.0
    return out


def slots_every_such_structure_fills(category: str, labels, slots: int) -> np.ndarray:
    """(slots,) bool: the slots holding one of `labels` that every training structure of the category
    with any of those parts fills (part_structures.STRUCTURES): a bed with a footboard fills its
    footboard slot, an office chair with wheels its five caster slots."""
    from ..data.shapes.labels import LABELS
    from .part_structures import STRUCTURES, structure_pattern
    from .slot_codec import layout_label_ids

    holders = np.isin(layout_label_ids(category, slots), [LABELS.index(label) for label in labels])
    filled = holders.copy()
    having = [structure for structure, _ in STRUCTURES.get(category, ()) if set(structure) & set(labels)]
    for structure in having:
        filled &= structure_pattern(category, structure, slots)
    return filled if having else np.zeros(slots, bool)


def contradictions(parts: list, asked: dict, tabletop_grid=None, ranges: dict | None = None) -> int:
    """How many asked attributes a candidate's parts contradict. `tabletop_grid`: the decoded grid
    of its first tabletop (needed only when a shape is asked); `ranges`: label_sizes (default)."""
    from .label_sizes import LABEL_LOG_VOLUME_RANGES
    from .part_attributes import recover_attributes

    got = recover_attributes(parts, tabletop_grid, LABEL_LOG_VOLUME_RANGES if ranges is None else ranges)
    wrong = 0
    for key, want in asked.items():
        if key == "shape":
            wrong += got.get("round") != (want == "round")
        else:
            wrong += got.get(key) != want
    return wrong
