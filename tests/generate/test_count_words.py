"""Counts said by where the parts stand (engine/generate/count_words.py)."""

import pytest

from engine.generate.count_words import numbered_counts, place_counts


@pytest.mark.parametrize("prompt, attributes, counts", [
    ("a kitchen stool held up at each corner by a leg", ("legs",), {"legs": 4}),
    ("a tall cabinet with a door on each side", ("doors", "drawers", "legs"), {"doors": 2}),
    ("an urn with a grip on either side", ("handles",), {"handles": 2}),
    ("a stool with a leg at each corner, and a footrest", ("legs",), {"legs": 4}),
    ("a table whose top has four corners", ("legs",), {}),                      # no counted noun near
    ("a stool with a footrest at each corner, but three legs", ("legs",), {}),  # "but" breaks it
    ("a desk with a leg at each end", ("legs",), {}),                           # two legs: not a value legs take
    ("a chair with arms on both sides", ("legs", "arms"), {}),                  # arms are there or not, not counted
    ("a cabinet with a door on each side", ("legs",), {}),                      # doors not asked about
])
def test_golden_prompts(prompt, attributes, counts):
    assert place_counts(prompt, attributes) == counts


@pytest.mark.parametrize("prompt, attributes, counts", [
    ("a vase with two loops at the neck, not glazed", ("handles",), {"handles": 2}),
    ("a tall stool propped on three skinny pegs", ("legs",), {"legs": 3}),
    ("a bar stool that rests on a trio of thin posts", ("legs",), {"legs": 3}),
    ("a cupboard you open through one single door", ("doors", "drawers"), {"doors": 1}),
    ("a desk with two drawers and four legs", ("drawers", "legs"), {"drawers": 2, "legs": 4}),   # each its own
    ("a cabinet with two doors, three drawers", ("doors", "drawers"), {"doors": 2, "drawers": 3}),
    ("a stool with three very long thin legs", ("legs",), {}),          # too far: the reader reads that one
    ("a stool with two rungs, legs splayed", ("legs",), {}),             # a comma between
    ("a chair with one arm", ("legs",), {}),                            # not a counted part
    ("a stool on two legs", ("legs",), {}),                             # not a value stools' legs take
    ("a desk without a single drawer to pull out", ("drawers",), {}),   # negated: none, not one
    ("a cabinet, not one door on it", ("doors",), {}),
    ("a cabinet with no glass but a single door", ("doors",), {"doors": 1}),   # "but" ends the negation
])
def test_a_number_before_another_noun_for_the_part(prompt, attributes, counts):
    assert numbered_counts(prompt, attributes) == counts

