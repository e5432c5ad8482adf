"""Which attribute a prompt speaks of, by similarity to the caption phrases (phrase_mentions.py)."""

import re

import numpy as np
import pytest

from engine.data.shapes.captions import CATEGORY_NAMES, PHRASES
from engine.generate.phrase_mentions import (MARGIN, attribute_moves, attribute_scores, blend_reading,
                                             canonical_prompt, phrase_captions, spoken_of, value_odds)
from engine.generate.prompt_check import CATEGORY_CHECKS
from engine.generate.prompt_reader import ATTRIBUTE_VALUES


def test_the_captions_are_every_phrase_of_every_attribute_under_the_first_name():
    attributes, captions, owners, values = phrase_captions("bed")
    assert attributes == ("bed_size", "footboard", "headboard", "legs")
    assert len(captions) == len(owners) == len(values) == sum(len(p) for a in attributes for p in PHRASES[a].values())
    assert captions[owners.tolist().index(2)] == "a bed with a headboard"
    for caption, owner, value in zip(captions, owners, values):
        phrase = caption[len("a bed "):]
        assert phrase in PHRASES[attributes[owner]][ATTRIBUTE_VALUES[attributes[owner]][value]]
    assert all(c.startswith("a bed ") for c in captions)


def test_scores_are_each_attributes_best_similarity_less_the_median():
    rng = np.random.default_rng(0)
    embeddings = rng.normal(size=(7, 5)).astype(np.float32)
    owners = np.array([0, 0, 1, 2, 2, 2, 1])
    pooled = rng.normal(size=5).astype(np.float32)
    scores = attribute_scores(pooled, (("a", "b", "c"), embeddings, owners))
    best = [max(float(embeddings[i] @ pooled) for i in range(7) if owners[i] == k) for k in range(3)]
    assert scores == pytest.approx({name: b - sorted(best)[1] for name, b in zip("abc", best)}, abs=1e-6)


@pytest.mark.parametrize("prompt, category, canonical", [
    ("a shelf unit with six levels", "bookshelf", "a bookshelf with six levels"),
    ("A Bar Stool on three legs", "stool", "A stool on three legs"),        # the longest name, any case
    ("a bar stool beside a stool", "stool", "a stool beside a stool"),      # the first only
    ("an executive chair", "office_chair", "an executive chair"),           # no name of the category: as it is
])
def test_a_prompts_category_name_is_replaced_by_the_first_name(prompt, category, canonical):
    assert canonical_prompt(prompt, category) == canonical


@pytest.mark.parametrize("category", sorted(c for c, checked in CATEGORY_CHECKS.items() if checked))
def test_a_bare_category_name_speaks_of_nothing(category):
    for name in CATEGORY_NAMES[category]:
        for prompt in (name, f"a {name}"):
            assert spoken_of(prompt, category, CATEGORY_CHECKS[category]) == set(), prompt
    assert max(attribute_moves(f"a {CATEGORY_NAMES[category][0]}", category).values()) == pytest.approx(0, abs=1e-6)


@pytest.mark.parametrize("prompt, category, attribute", [
    ("a bookshelf with six shelves", "bookshelf", "shelves"),              # a caption's own phrase
    ("a mug on a saucer", "mug", "saucer"),
    # paraphrases from the first six fidelity sets (the seventh is held out), all missed by the mention reader
    ("a bookcase with six levels of shelving", "bookshelf", "shelves"),
    ("an office chair topped by a cushion for the neck", "office_chair", "headrest"),
    ("a bed with a panel rising at its foot", "bed", "footboard"),
    ("a stool that stands on a tripod of legs", "stool", "legs"),
    ("a dining chair that lets you rest your forearms", "chair", "arms"),
])
def test_paraphrases_are_taken_to_speak_of_their_attribute(prompt, category, attribute):
    assert spoken_of(prompt, category, CATEGORY_CHECKS[category]) == {attribute}
    moves = attribute_moves(prompt, category)
    assert moves[attribute] >= MARGIN
    assert spoken_of(prompt, category, CATEGORY_CHECKS[category], margin=moves[attribute] + 1e-3) == set()


def test_only_checked_attributes_are_spoken_of():
    assert spoken_of("a tall bookshelf", "bookshelf", CATEGORY_CHECKS["bookshelf"]) == set()
    assert spoken_of("a bookshelf with six levels of shelving", "bookshelf", ()) == set()


@pytest.mark.parametrize("prompt, category, attribute, value", [
    ("a cabinet with two doors", "cabinet", "doors", 2),                       # a caption's own phrase
    ("a cabinet shut by twin doors", "cabinet", "doors", 2),                   # third fidelity set
    ("a cup set down on a matching plate", "mug", "saucer", True),             # fourth
    ("a round dining table", "table", "shape", "round"),
])
def test_a_values_odds_follow_its_captions(prompt, category, attribute, value):
    odds = value_odds(prompt, category, attribute)
    assert odds.shape == (len(ATTRIBUTE_VALUES[attribute]),) and odds.sum() == pytest.approx(1.0)
    assert ATTRIBUTE_VALUES[attribute][int(odds.argmax())] == value


def test_a_blended_reading_moves_only_the_attributes_asked_and_stays_odds():
    from engine.generate.prompt_check import attribute_odds
    from engine.generate.prompt_reader import ATTRIBUTES, CATEGORIES, ReaderConfig

    rng = np.random.default_rng(1)
    size = len(CATEGORIES) + sum(len(v) for v in ATTRIBUTE_VALUES.values()) + ReaderConfig().slots
    reading = rng.uniform(size=size)
    at = len(CATEGORIES)
    for key in ATTRIBUTES:    # each block a distribution, as the reader's are
        n = len(ATTRIBUTE_VALUES[key])
        reading[at:at + n] /= reading[at:at + n].sum()
        at += n
    prompt = "a cabinet shut by twin doors"
    blended = blend_reading(reading, "cabinet", prompt, {"doors"}, weight=0.5)
    want = 0.5 * attribute_odds(reading, "doors") + 0.5 * value_odds(prompt, "cabinet", "doors")
    assert attribute_odds(blended, "doors") == pytest.approx(want)
    moved = ~np.isclose(blended, reading)
    assert moved.sum() <= len(ATTRIBUTE_VALUES["doors"]) and moved.any()
    assert np.array_equal(blend_reading(reading, "cabinet", prompt, {"doors"}, weight=0.0), reading)
    assert np.array_equal(blend_reading(reading, "cabinet", prompt, set(), weight=0.5), reading)


@pytest.mark.parametrize("prompt, category, heard, negated", [
    ("a task seat with the part for resting your head left off", "office_chair", {"headrest"}, {"headrest": False}),
    ("a bed frame with nothing rising at the pillow end", "bed", {"headboard"}, {"headboard": False}),
    ("a desk chair set on a fixed base that never rolls", "office_chair", {"wheels"}, {"wheels": False}),
    ("a task seat with the part for resting your head left off", "office_chair", set(), {}),   # not heard
    ("a task seat with the headrest part for resting your head left off", "office_chair", {"headrest"}, {}),
    ("a bed with a tall panel behind the pillows, not too wide", "bed", {"headboard"}, {}),    # of another thing
    ("a bed with a panel at the foot and nothing at the head", "bed", {"footboard"}, {}),     # headboard unheard
])
def test_a_negation_naming_no_part_takes_away_the_part_heard_where_its_words_speak_of_it(prompt, category, heard,
                                                                                           negated):
    from engine.generate.phrase_mentions import negated_by_scope

    assert negated_by_scope(prompt, category, heard, CATEGORY_CHECKS[category]) == negated


def _shape_reading(odds):
    from engine.generate.prompt_check import attribute_block

    block = attribute_block("shape")
    reading = np.zeros(block.stop + 8)
    reading[block] = odds
    return reading


@pytest.mark.parametrize("prompt, reader_odds, shape", [
    ("a table whose top looks like a giant dinner plate", (0.5, 0.31, 0.19), "round"),      # 0.5 * 0.5 + 0.5 * 0.85
    ("a coffee table whose surface is a boxy slab with four right-angled corners", (0.07, 0.89, 0.04), "square"),
    ("a table like a giant dinner plate", (0.5, 0.31, 0.19), None),                          # no top named
    ("a table with a glass top", (0.39, 0.52, 0.09), None),                                  # a top, no likeness
    ("a coffee table whose top is like a drum skin", (0.3, 0.5, 0.2), "round"),              # odds unclear: the
    ("a kitchen table whose top looks like a chessboard", (0.6, 0.3, 0.1), "square"),        # likeness decides
    ("a side table whose top has no corners at all", (0.1, 0.8, 0.1), "round"),              # corners decide,
    ("a table whose top is free of corners", (0.1, 0.1, 0.8), "round"),                      # whatever the odds
    ("a table whose top has corners you could bump into", (0.9, 0.02, 0.08), "rectangular"),
    ("a side table whose top has angles where its sides meet", (0.9, 0.02, 0.08), "rectangular"),
    ("a table whose top is like a drum skin, its legs set at an angle", (0.3, 0.5, 0.2), "round"),  # not corners
])
def test_a_named_top_asks_its_shape_by_its_corners_the_blended_odds_or_its_likeness(prompt, reader_odds, shape):
    from engine.generate.phrase_mentions import named_top_shape

    assert named_top_shape(prompt, _shape_reading(reader_odds), 0.5) == shape


@pytest.mark.parametrize("prompt, thing", [
    ("a coffee table whose top looks like a door laid flat", "a door laid flat"),
    ("a dining table with a top in the shape of a circle", "a circle"),
    ("a table with a top like a coin, not too high", "a coin"),
    ("a table whose top resembles a vinyl record and four legs", "a vinyl record"),
    ("a table with legs like tree trunks and a glass top", None),          # the legs are likened
    ("I would like a table with a glass top", None),                      # "like" before any top
    ("a table with a round top", None),
])
def test_the_thing_a_top_is_likened_to_runs_from_the_cue_to_the_clause_end(prompt, thing):
    from engine.generate.phrase_mentions import likened_thing

    assert likened_thing(prompt) == thing


def test_a_likened_thing_s_roundness_has_the_sign_of_the_caption_words_themselves():
    from engine.generate.phrase_mentions import likeness_roundness

    assert likeness_roundness("a disc") > 0.05 and likeness_roundness("a circle") > 0.05
    assert likeness_roundness("a rectangle") < -0.05 and likeness_roundness("a square") < -0.05


def test_the_known_things_read_right_when_each_is_left_out_of_its_own_list():
    """Each of ROUND_THINGS and CORNERED_THINGS read with itself left out of the lists: the phrases
    and the other things together read more of them right than the phrases alone (49 of 67)."""
    import numpy as np

    from engine.generate.phrase_mentions import CORNERED_THINGS, ROUND_THINGS, _pooled, _shape_words

    round_phrases, cornered_phrases, round_things, cornered_things = _shape_words("cpu")
    right_by_phrases = right_by_both = 0
    for index, thing in enumerate(ROUND_THINGS + CORNERED_THINGS):
        is_round = index < len(ROUND_THINGS)
        keep_round = np.arange(len(ROUND_THINGS)) != index
        keep_cornered = np.arange(len(CORNERED_THINGS)) != index - len(ROUND_THINGS)
        embedding = _pooled(thing, "cpu")
        by_phrases = (round_phrases @ embedding).mean() - (cornered_phrases @ embedding).mean()
        by_things = (round_things[keep_round] @ embedding).mean() - (cornered_things[keep_cornered] @ embedding).mean()
        right_by_phrases += (by_phrases > 0) == is_round
        right_by_both += (by_phrases + by_things > 0) == is_round
    assert right_by_phrases <= 50 and right_by_both >= 56


def test_no_known_thing_is_named_by_a_fidelity_prompt():
    from engine.generate.fidelity import PROMPT_SETS
    from engine.generate.phrase_mentions import CORNERED_THINGS, ROUND_THINGS, likened_thing

    prompts = [prompt.lower() for prompts in PROMPT_SETS.values() for prompt, _ in prompts]
    assert len({likened_thing(prompt) for prompt in prompts} - {None}) >= 40
    for thing in ROUND_THINGS + CORNERED_THINGS:
        noun = thing.split(" ", 1)[1]
        assert not any(re.search(rf"\b{re.escape(noun)}\b", prompt) for prompt in prompts), thing
