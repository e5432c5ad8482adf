"""Which category a prompt names, from its words (category_names.py)."""

import pytest

from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.category_names import may_be_a_kind_of, named_categories, named_category


@pytest.mark.parametrize("prompt, named", [
    ("a coffee table", {"table"}),              # "coffee mug" is a mug's name; "coffee" alone names nothing
    ("A Round Coffee Table", {"table"}),
    ("a desk chair", {"office_chair"}),         # the longest name, its words taken out: not also a desk or a chair
    ("an arm-chair", {"armchair"}),             # a hyphen splits words
    ("a bedside table", {"table"}),             # whole words: "bedside" is not "bed"
    ("a chair at a desk", {"chair", "desk"}),
    ("a light wooden chair", {"lamp", "chair"}),
    ("a sofa bed", {"sofa", "bed"}),
    ("a wardrobe", set()),
    ("", set()),
])
def test_the_names_a_prompt_holds(prompt, named):
    assert named_categories(prompt) == named
    assert named_category(prompt) == (next(iter(named)) if len(named) == 1 else None)


def test_every_name_names_its_own_category():
    for category, names in CATEGORY_NAMES.items():
        for name in names:
            assert named_category(f"a {name} with four legs") == category, name


@pytest.mark.parametrize("prompt, category, kind", [
    ("an executive chair", "office_chair", True),    # "desk chair": office chairs are chairs too
    ("a gaming chair", "armchair", True),            # "easy chair"
    ("a coffee table", "mug", False),                # no mug is called a ... table
    ("a bistro table", "stool", False),
    ("a wardrobe", "cabinet", False),                # names nothing
])
def test_a_named_thing_may_be_a_kind_of_a_category_whose_names_share_its_head_noun(prompt, category, kind):
    assert may_be_a_kind_of(prompt, category) is kind
