"""Counts said by where the parts stand (engine/generate/count_words.py)."""

import pytest

from engine.generate.count_words import place_counts


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
