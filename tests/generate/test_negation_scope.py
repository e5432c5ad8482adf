"""Negated parts read from a prompt's words (engine/generate/negation_scope.py): golden prompts, the
scope's limits, and every training caption of a presence attribute read with its own polarity."""

import pytest

from engine.data.shapes.captions import PHRASES
from engine.generate.negation_scope import (NEGATIVE_VALUE, PART_NOUNS, cue_scopes, negated_attributes,
                                            negation_clauses, words)


@pytest.mark.parametrize("prompt, negated", [
    ("an office chair, arms left off", {"arms": False}),
    ("an office chair standing on plain feet, casters absent", {"wheels": False}),
    ("a computer chair with static feet rather than casters", {"wheels": False}),
    ("an armless stool", {"arms": False}),
    ("a headrest-free office chair", {"headrest": False}),
    ("a mug, saucer not included", {"saucer": False}),
    ("a vase that doesn't have handles", {"handles": 0}),
    ("an office chair without wheels or arms", {"wheels": False, "arms": False}),
    ("an office chair with arms and wheels", {}),
    ("a chair that gives your arms no support", {}),              # "no" reaches forward, not back
    ("an office chair without a cushion but with arms", {}),       # "but" ends the negation's scope
    ("a chair with no cushion, arms at the sides", {}),            # so does a comma
    ("a chair with no seat cushion or padding or fabric on its arms", {}),   # beyond five words
    ("an office chair with arms, its wheels removed", {"wheels": False}),
    ("a bed with the headboard taken away and a footboard", {"headboard": False}),
    ("a plain chair that leaves the sides open, nothing for the arms", {"arms": False}),
    ("a chair with nothing but arms", {}),
    ("a wooden chair stripped of its armrest pieces", {"arms": False}),
    ("a teacup served bare, its saucer left out", {"saucer": False}),
    ("a desk without a single drawer to pull out", {"drawers": 0}),
    ("a drawerless writing desk", {"drawers": 0}),
    ("a desk with three drawers and no handles", {"handles": 0}),
])
def test_golden_prompts(prompt, negated):
    assert negated_attributes(prompt) == negated


def test_words_split_hyphens_apostrophes_and_keep_clause_ends():
    assert words("A wheel-less chair, doesn't roll.") == ["a", "wheel", "less", "chair", ",", "doesn", "t", "roll", "."]


def test_every_training_caption_is_read_with_its_own_polarity():
    missed = []
    for attribute, negative in NEGATIVE_VALUE.items():
        for value, phrases in PHRASES[attribute].items():
            for phrase in phrases:
                got = negated_attributes("a chair " + phrase)
                if value == negative:
                    assert set(got) <= {attribute}, (phrase, got)
                    if attribute not in got:
                        missed.append(phrase)
                else:
                    assert got == {}, (phrase, got)       # a part asked for is never read as negated
    # the negative captions read as such, but those that name no part noun ("on glides", "stationary")
    nouns = {w for ns in PART_NOUNS.values() for n in ns for w in n.split()}
    assert all(not set(words(p)) & nouns and not any(w.endswith(("less", "free")) for w in words(p))
               for p in missed), missed
    assert len(missed) <= 3


@pytest.mark.parametrize("prompt, scopes", [
    ("a task seat with the part for resting your head left off", ["for resting your head"]),   # back four words
    ("a bed frame with nothing rising at the pillow end", ["rising at the pillow end"]),       # on five words
    ("a desk chair that never rolls", ["rolls"]),
    ("a bed left open where your feet point, no board down there", ["board down there"]),
    ("a chair that does not have arms, not even short ones", ["even short ones"]),
    ("a bed frame with nothing at the head, but a tall foot", ["at the head"]),               # "but" ends it
    ("a chair with no arms", []),                        # a part noun in reach: negated_attributes reads it
    ("an office chair missing a headrest", []),          # "missing" reaches both ways, one holds a noun
    ("a kitchen chair stripped of its armrests", []),    # so do "stripped" and "stripped of"
    ("an office chair with a cushion for the neck", []),
])
def test_a_cue_s_reach_is_kept_where_it_names_no_part(prompt, scopes):
    assert cue_scopes(prompt) == scopes


@pytest.mark.parametrize("prompt, negated, kept", [
    ("a bed with a board at the foot that is not painted", ["is not painted"], "a bed, a board at the foot"),
    ("a swivel chair without a cushion, gliding on little wheels", ["a swivel chair without a cushion"],
     "gliding on little wheels"),
    ("an office chair, headrest not wanted", ["headrest not wanted"], "an office chair"),
    ("a bed, footboard: none", ["footboard : none"], "a bed"),              # a colon does not split
    ("a chair with no arms and no wheels", ["no arms", "no wheels"], "a chair"),
    ("a chair with arms", [], "a chair, arms"),
])
def test_a_prompt_splits_into_its_negated_clauses_and_the_rest(prompt, negated, kept):
    assert negation_clauses(prompt) == (negated, kept)


@pytest.mark.parametrize("prompt, negated", [
    ("a side table whose top has no corners at all", [True]),
    ("a side table whose top is free of corners", [True]),
    ("a table whose top is a ring of oak with no angles", [True]),
    ("a cornerless top", [True]),                                          # the suffix
    ("a table whose top has corners you could bump into", [False]),
    ("a top with four corners and no rounded angles", [False, True]),      # each place in order
    ("a table with a glass top", []),
])
def test_each_place_a_noun_stands_is_read_negated_or_not(prompt, negated):
    from engine.generate.negation_scope import noun_negations

    assert noun_negations(prompt, ("corner", "corners", "angle", "angles")) == negated
