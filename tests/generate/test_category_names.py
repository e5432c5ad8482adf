"""Which category a prompt names, from its words (category_names.py)."""

import pytest

from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.category_names import OTHER_NAMES, head_names, may_be_a_kind_of, named_categories, named_category


@pytest.mark.parametrize("prompt, named", [
    ("a coffee table", {"table"}),              # "coffee mug" is a mug's name; "coffee" alone names nothing
    ("A Round Coffee Table", {"table"}),
    ("a desk chair", {"office_chair"}),         # the longest name, its words taken out: not also a desk or a chair
    ("an arm-chair", {"armchair"}),             # a hyphen splits words
    ("a bedside table", {"table"}),             # whole words: "bedside" is not "bed"
    ("a chair at a desk", {"chair", "desk"}),
    ("a light wooden chair", {"lamp", "chair"}),
    ("a sofa bed", {"sofa"}),                   # one of a sofa's other names: sold as a sofa
    ("a bed beside a sofa", {"sofa", "bed"}),
    ("a wardrobe", {"cabinet"}),                # other names (OTHER_NAMES), never in the captions
    ("a tall oak Wardrobe with two doors", {"cabinet"}),
    ("an étagère", {"bookshelf"}),              # accents dropped
    ("a bergère armchair", {"armchair"}),
    ("a gaming chair", {"office_chair"}),       # the longer name first: not also a chair
    ("a chest of drawers", {"cabinet"}),
    ("a desk with a hutch", {"desk", "cabinet"}),
    ("a chest", set()),                         # not a name alone
    ("two tall wardrobes", {"cabinet"}),        # a plural by "s" or "es"
    ("a row of bar stools", {"stool"}),
    ("a set of coffee tables", {"table"}),
    ("a zorblat", set()),
    ("", set()),
])
def test_the_names_a_prompt_holds(prompt, named):
    assert named_categories(prompt) == named
    if len(named) <= 1:
        assert named_category(prompt) == (next(iter(named)) if named else None)


@pytest.mark.parametrize("prompt, head", [
    ("a light wooden chair", "chair"),            # the head of the noun phrase, not "light" (a lamp's name)
    ("a table lamp", "lamp"),
    ("a table whose top looks like the big lid of a jar", "table"),   # a jar is a vase's name
    ("a lamp shaped like a vase", "lamp"),
    ("a chair at a desk", "chair"),
    ("a bed beside a sofa", "bed"),
    ("a desk with a hutch", "desk"),
    ("a tall stool, its seat the size of a dinner plate", "stool"),
    ("a chair and a table", None),                # two things joined: none
    ("a vase or a mug", None),
    ("next to a chair, a small desk", None),      # no name before the first modifier
    ("a coffee table", "table"),                  # one category's names: as before
])
def test_the_head_of_the_first_noun_phrase_names_the_thing(prompt, head):
    assert named_category(prompt) == head
    assert {c for _, c in head_names(prompt)} == ({head} if head else set())


def test_every_name_names_its_own_category():
    for table in (CATEGORY_NAMES, OTHER_NAMES):
        for category, names in table.items():
            for name in names:
                assert named_category(f"a {name} with four legs") == category, name


def test_the_other_names_are_names_the_captions_never_use():
    captions = {name for names in CATEGORY_NAMES.values() for name in names}
    assert set(OTHER_NAMES) == set(CATEGORY_NAMES)
    others = [name for names in OTHER_NAMES.values() for name in names]
    assert len(set(others)) == len(others) and not captions & set(others)


@pytest.mark.parametrize("prompt, category, kind", [
    ("a black chair", "office_chair", True),         # "desk chair": office chairs are chairs too
    ("a comfy chair", "armchair", True),             # "easy chair"
    ("a gaming chair", "armchair", False),           # an office chair's other name: that kind outright
    ("a coffee table", "mug", False),                # no mug is called a ... table
    ("a bistro table", "stool", False),
    ("a wardrobe", "cabinet", False),                # an other name: its kind outright
    ("a windsor chair", "office_chair", False),      # ends in "chair", but an other name of a chair's
    ("a light wooden chair", "lamp", False),         # "light" is a lamp's name, but the head is "chair"
    ("a light wooden chair", "office_chair", True),
])
def test_a_named_thing_may_be_a_kind_of_a_category_whose_names_share_its_head_noun(prompt, category, kind):
    assert may_be_a_kind_of(prompt, category) is kind
