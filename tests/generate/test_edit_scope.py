"""What an edit remakes (edit_scope.py): the category's attribute the edit moves most, and the
slots of the labels that embody it; the tables checked against the procedural library."""

import numpy as np
import pytest

from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.labels import LABELS
from engine.generate.edit_scope import ATTRIBUTE_LABELS, CATEGORY_ATTRIBUTES, edit_scope, edited_attribute
from engine.generate.prompt_reader import ATTRIBUTE_VALUES, ATTRIBUTES
from engine.generate.prompt_reader import CATEGORIES as READ_CATEGORIES
from engine.generate.slots import SLOT_LAYOUT


def reading(category: str, values: dict, slot_odds: float = 0.5) -> np.ndarray:
    """A reader's feature vector: sure of the category and of the given attribute values,
    uniform over every other attribute's values."""
    parts = [np.eye(len(READ_CATEGORIES))[READ_CATEGORIES.index(category)]]
    for key in ATTRIBUTES:
        options = ATTRIBUTE_VALUES[key]
        parts.append(np.eye(len(options))[options.index(values[key])] if key in values
                     else np.full(len(options), 1 / len(options)))
    parts.append(np.full(24, slot_odds))
    return np.concatenate(parts)


def test_the_tables_agree_with_the_library():
    names = list(CATEGORIES)
    for i, category in enumerate(names):
        keys = set()
        for k in range(30):
            attributes = shape_for_index("train", i + len(names) * k).attributes
            keys |= {a for a, v in attributes.items() if not isinstance(v, float) and a in ATTRIBUTES}
        assert set(CATEGORY_ATTRIBUTES[category]) == keys, category
    assert set(ATTRIBUTE_LABELS) <= set(ATTRIBUTES)
    assert all(label in LABELS for labels in ATTRIBUTE_LABELS.values() for label in labels)
    # An attribute a category has and the table gives labels to names parts of that category.
    for category, keys in CATEGORY_ATTRIBUTES.items():
        layout = {label for label, _ in SLOT_LAYOUT[category]}
        for key in keys:
            if ATTRIBUTE_LABELS.get(key):
                assert layout & set(ATTRIBUTE_LABELS[key]), (category, key)


def test_the_edit_remakes_the_slots_of_the_attribute_it_moves_most():
    arms = ATTRIBUTE_VALUES["arms"]
    source = reading("chair", {"arms": arms[0]})
    edited = reading("chair", {"arms": arms[1]})
    assert edited_attribute("chair", source, edited) == "arms"
    scope = edit_scope("chair", source, edited, 24)
    layout = [label for label, count in SLOT_LAYOUT["chair"] for _ in range(count)]
    assert [layout[k] for k in np.flatnonzero(scope)] == ["arm_support"] * 2 + ["armrest"] * 2
    # A bigger change to an attribute chairs do not have (wheels) is not the edit's.
    wheels = ATTRIBUTE_VALUES["wheels"]
    moved = reading("chair", {"arms": arms[1], "wheels": wheels[1]})
    assert edited_attribute("chair", reading("chair", {"arms": arms[0], "wheels": wheels[0]}), moved) == "arms"


@pytest.mark.parametrize("key", ["height", None])
def test_a_change_of_the_whole_shape_or_no_change_remakes_everything(key):
    source = reading("stool", {})
    edited = reading("stool", {key: ATTRIBUTE_VALUES[key][0]} if key else {})
    assert edit_scope("stool", source, edited, 24) is None
