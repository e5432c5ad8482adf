"""Which parts an edit remakes ("this chair, with arms": the arms), so that the rest of the shape
can be kept exactly (part_slots.Config.keep_rest).

The prompt reader's readings are entangled: "with a headrest" also moves an office chair's
caster odds from 0.9 to 0.5 and its read height, so neither the slots' odds nor every attribute
that moves can say what the edit is about. The attribute of the shape's category that the edit
moves most can (arms, wheels, a headrest, shelves, a round top ...), and each such attribute is
embodied by a few part labels: those parts are remade, every other slot is kept.

Arrays: a reading is the reader's feature vector (F,) (prompt_reader: category probabilities,
then each attribute's value probabilities, then the K slots' filled odds); a scope is (K,) bool,
True for a slot the edit remakes.
"""

from __future__ import annotations

import numpy as np

# The attributes the prompt reader reads that each category's shapes carry (the procedural
# library; a test keeps them equal).
CATEGORY_ATTRIBUTES = {
    "chair": ("arms", "back_height", "back_style", "leg_style", "legs", "rounded", "shape", "stretchers"),
    "armchair": ("arm_style", "arms", "back_height", "leg_style", "legs", "rounded"),
    "stool": ("footrest", "height", "leg_style", "legs", "rounded", "shape"),
    "office_chair": ("arms", "back_height", "headrest", "legs", "wheels"),
    "sofa": ("arm_style", "arms", "back_height", "leg_style", "legs", "seats"),
    "table": ("height", "leg_style", "legs", "rounded", "shape", "thickness"),
    "desk": ("drawers", "leg_style", "legs", "rounded"),
    "bed": ("bed_size", "footboard", "headboard", "legs"),
    "bookshelf": ("back_board", "height", "shelves"),
    "cabinet": ("doors", "drawers", "legs"),
    "lamp": ("height", "pole", "shade"),
    "vase": ("handles", "profile"),
    "mug": ("profile", "saucer"),
}

# The part labels that embody an attribute; an attribute of the whole shape (height, size,
# rounded corners, thickness) has none, and an edit of it remakes the whole shape.
ATTRIBUTE_LABELS = {
    "arms": ("arm", "arm_support", "armrest"), "arm_style": ("arm", "armrest"),
    "wheels": ("caster",), "headrest": ("headrest",), "headboard": ("headboard",),
    "footboard": ("footboard",), "saucer": ("saucer",), "handles": ("vessel_handle",),
    "footrest": ("footrest",), "stretchers": ("stretcher",), "back_board": ("back_board",),
    "shelves": ("shelf",), "doors": ("door", "handle"), "drawers": ("drawer", "handle"),
    "legs": ("leg", "base_spoke", "caster"), "leg_style": ("leg", "pedestal", "foot", "stretcher"),
    "back_style": ("back_panel", "back_rail", "back_slat"), "seats": ("seat_cushion", "back_cushion"),
    "shape": ("tabletop", "seat"), "pole": ("lamp_pole",), "shade": ("lampshade",), "profile": ("body",),
}

SMALLEST_CHANGE = 0.1   # an edit that moves no attribute of the category by this much remakes everything


def edited_attribute(category: str, source, edited) -> str | None:
    """The attribute of `category` whose value probabilities the edit moves most (total variation
    between the two readings, (F,) each), None below SMALLEST_CHANGE."""
    from .prompt_reader import ATTRIBUTE_VALUES, ATTRIBUTES, CATEGORIES

    at, best, best_change = len(CATEGORIES), None, SMALLEST_CHANGE
    for key in ATTRIBUTES:
        size = len(ATTRIBUTE_VALUES[key])
        change = 0.5 * float(np.abs(np.asarray(edited[at:at + size]) - np.asarray(source[at:at + size])).sum())
        if key in CATEGORY_ATTRIBUTES.get(category, ()) and change >= best_change:
            best, best_change = key, change
        at += size
    return best


def edit_scope(category: str, source, edited, slots: int) -> np.ndarray | None:
    """(slots,) bool: the slots an edit remakes (those whose layout label embodies the attribute
    it moves most), or None when it should remake the whole shape."""
    from ..data.shapes.labels import LABELS
    from .slot_codec import layout_label_ids

    attribute = edited_attribute(category, source, edited)
    labels = ATTRIBUTE_LABELS.get(attribute, ())
    if not labels:
        return None
    ids = layout_label_ids(category, slots)
    scope = np.isin(ids, [LABELS.index(label) for label in labels])
    return scope if scope.any() else None
