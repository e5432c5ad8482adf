"""The generator's prompt check: what a prompt asks for, contradictions read off the part structure,
retry seeds, the size table, and the mention reader's data and training."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data.shapes import CATEGORIES, shape_for_index
from engine.generate.prompt_check import (CATEGORY_CHECKS, asked_attributes, attribute_odds, contradictions,
                                          retry_seed)
from engine.generate.prompt_reader import ATTRIBUTE_VALUES, ATTRIBUTES
from engine.generate.prompt_reader import CATEGORIES as READ_CATEGORIES
from engine.generate.slots import part_box


def _parts(shape):
    return [{"label": p.label, "half": part_box(p.primitive)[1]} for p in shape.parts]


def _reading(category: str, values: dict, odds: float = 0.9) -> np.ndarray:
    """A reader's feature vector (F,): the category sure, each given attribute at `odds` on its
    value (the rest spread evenly), every other attribute uniform, no slot odds."""
    row = [np.eye(len(READ_CATEGORIES))[READ_CATEGORIES.index(category)]]
    for key in ATTRIBUTES:
        size = len(ATTRIBUTE_VALUES[key])
        block = np.full(size, 1.0 / size)
        if key in values:
            block = np.full(size, (1 - odds) / (size - 1))
            block[ATTRIBUTE_VALUES[key].index(values[key])] = odds
        row.append(block)
    return np.concatenate(row + [np.zeros(24)])


@pytest.mark.parametrize("category", list(CATEGORIES))
def test_every_checked_attribute_is_read_right_off_the_librarys_shapes(category):
    from engine.generate.label_sizes import LABEL_LOG_VOLUME_RANGES
    from engine.generate.part_attributes import recover_attributes

    index = list(CATEGORIES).index(category)
    checked = [a for a in CATEGORY_CHECKS[category] if a != "shape"]
    seen = 0
    for k in range(15):
        shape = shape_for_index("train", index + len(CATEGORIES) * k)
        got = recover_attributes(_parts(shape), ranges=LABEL_LOG_VOLUME_RANGES)
        for attribute in checked:
            if attribute in shape.attributes:
                assert got[attribute] == shape.attributes[attribute], (shape.seed, attribute)
                seen += 1
    assert seen or not checked


def test_office_chair_legs_are_not_checked_as_they_are_spokes():
    assert "legs" not in CATEGORY_CHECKS["office_chair"]
    assert "legs" in CATEGORY_CHECKS["stool"] and "shape" in CATEGORY_CHECKS["table"]
    assert CATEGORY_CHECKS["lamp"] == ()


def test_the_size_table_is_the_librarys():
    from engine.generate.label_sizes import LABEL_LOG_VOLUME_RANGES
    from engine.generate.part_attributes import label_size_ranges

    ranges = label_size_ranges(600)
    assert set(ranges) == set(LABEL_LOG_VOLUME_RANGES)
    for label, (low, high) in ranges.items():
        assert np.allclose(LABEL_LOG_VOLUME_RANGES[label], (low, high), atol=1e-4), label


def test_only_mentioned_attributes_of_the_category_are_asked_for():
    reading = _reading("office_chair", {"wheels": False, "arms": False, "headrest": True, "doors": 2})
    assert asked_attributes("office_chair", reading, {"wheels"}) == {"wheels": False}
    assert asked_attributes("office_chair", reading, {"wheels", "arms", "headrest"}) == \
        {"wheels": False, "arms": False, "headrest": True}
    assert asked_attributes("office_chair", reading, set()) == {}
    assert asked_attributes("office_chair", reading, {"doors"}) == {}          # not an office chair's
    assert asked_attributes("office_chair", reading, {"legs"}) == {}           # spokes: not checked
    unsure = _reading("stool", {"legs": 3}, odds=0.4)                          # 0.4 against 0.2 each
    assert asked_attributes("stool", unsure, {"legs"}) == {}
    assert asked_attributes("stool", _reading("stool", {"legs": 3}), {"legs"}) == {"legs": 3}
    assert asked_attributes("table", _reading("table", {"shape": "round"}), {"shape"}) == {"shape": "round"}


def test_attribute_odds_are_the_readings_block():
    reading = _reading("bed", {"headboard": False}, odds=0.8)
    assert np.allclose(attribute_odds(reading, "headboard"), [0.2, 0.8])
    with pytest.raises(KeyError):
        attribute_odds(reading, "colour")


def test_contradictions_count_the_asked_attributes_the_parts_lack():
    from engine.generate.label_sizes import LABEL_LOG_VOLUME_RANGES

    leg = {"label": "leg", "half": np.exp(np.full(3, np.mean(LABEL_LOG_VOLUME_RANGES["leg"]) / 3))}
    seat = {"label": "seat", "half": np.exp(np.full(3, np.mean(LABEL_LOG_VOLUME_RANGES["seat"]) / 3))}
    three = [seat, leg, leg, leg]
    assert contradictions(three, {"legs": 3}) == 0
    assert contradictions(three + [leg], {"legs": 3}) == 1
    sliver = {"label": "leg", "half": np.full(3, 1e-4)}       # too small to be a leg: not counted
    assert contradictions(three + [sliver], {"legs": 3}) == 0
    assert contradictions(three, {"legs": 3, "arms": True}) == 1
    assert contradictions(three, {"legs": 4, "arms": True}) == 2


def test_a_round_top_is_read_from_the_decoded_grid():
    axis = np.linspace(-1.1, 1.1, 24)
    x, y, z = np.meshgrid(axis, axis, axis, indexing="ij")
    disc = np.where((np.hypot(x, y) < 1.0) & (abs(z) < 1.0), 1.0, -1.0)
    square = np.where((np.maximum(abs(x), abs(y)) < 1.0) & (abs(z) < 1.0), 1.0, -1.0)
    top = [{"label": "tabletop", "half": np.array([0.4, 0.4, 0.02])}]
    assert contradictions(top, {"shape": "round"}, disc) == 0
    assert contradictions(top, {"shape": "round"}, square) == 1
    assert contradictions(top, {"shape": "square"}, square) == 0
    assert contradictions(top, {"shape": "rectangular"}, disc) == 1


def test_retry_seeds_start_at_the_candidates_own_and_stay_apart():
    assert retry_seed(7, 0) == 7
    seeds = {retry_seed(s, a) for s in range(64) for a in range(11)}
    assert len(seeds) == 64 * 11
    assert all(0 <= s < 2 ** 31 for s in seeds)
    assert 0 <= retry_seed(2 ** 31 - 1, 10) < 2 ** 31


def test_mention_examples_carry_the_attributes_their_captions_mention():
    from engine.data.shapes.captions import CATEGORY_NAMES, parse_caption
    from engine.train.mentions import mention_examples

    captions, targets = mention_examples("train", 6, 2, seed=0)
    assert len(captions) == 6 * 4 and targets.shape == (24, len(ATTRIBUTES))
    for text, row in zip(captions, targets):
        assert {ATTRIBUTES[j] for j in np.nonzero(row)[0]} == set(parse_caption(text)) & set(ATTRIBUTES)
    names = {n for names in CATEGORY_NAMES.values() for n in names}
    plain = [row for text, row in zip(captions, targets) if text in names]
    assert plain and not np.any(plain)
    assert targets.sum() > 6


def test_mention_reader_training_lowers_the_loss_and_saves_a_card(tmp_path):
    import json

    from engine.generate.part_slots import load_mention_reader
    from engine.train.mentions import MentionTrainConfig, train_mentions

    card = train_mentions(str(tmp_path / "mentions.safetensors"),
                          MentionTrainConfig(shapes=40, val_shapes=10, captions_per_shape=2, steps=300, batch=64,
                                             threads=1), log=lambda *a: None)
    assert card["history"][-1][1] < card["history"][0][1] * 0.6
    assert {"precision", "recall", "exact_sets"} <= set(card["metrics"])
    assert json.load(open(tmp_path / "mentions.json"))["sha256"] == card["sha256"]
    assert load_mention_reader(str(tmp_path)) is not None


def test_a_tampered_mention_reader_is_refused(tmp_path):
    import shutil

    from engine.errors import EngineError
    from engine.generate.part_slots import MODELS_DIR, load_mention_reader

    for name in ("mentions.safetensors", "mentions.json"):
        shutil.copy(f"{MODELS_DIR}/{name}", tmp_path / name)
    data = bytearray((tmp_path / "mentions.safetensors").read_bytes())
    data[-5] ^= 0xFF
    (tmp_path / "mentions.safetensors").write_bytes(bytes(data))
    with pytest.raises(EngineError) as err:
        load_mention_reader(str(tmp_path))
    assert err.value.code == "MODEL_MISSING"


def test_a_firm_reading_is_one_hot_where_asked_and_says_it_in_the_slots():
    from engine.data.shapes.labels import LABELS
    from engine.generate.prompt_check import firm_reading
    from engine.generate.slot_codec import layout_label_ids

    reading = _reading("office_chair", {"wheels": False, "arms": True}, odds=0.6)
    reading[-24:] = 0.7
    firm = firm_reading(reading, {"wheels": False}, 24)
    assert np.allclose(attribute_odds(firm, "wheels"), [0.0, 1.0])
    assert np.allclose(attribute_odds(firm, "arms"), attribute_odds(reading, "arms"))   # not asked: as read
    casters = layout_label_ids("office_chair", 24) == LABELS.index("caster")
    assert casters.any() and np.all(firm[-24:][casters] == 0) and np.all(firm[-24:][~casters] == 0.7)
    assert np.array_equal(firm[:len(READ_CATEGORIES)], reading[:len(READ_CATEGORIES)])
    wheeled = firm_reading(reading, {"wheels": True}, 24)
    assert np.all(wheeled[-24:][casters] == 1.0) and casters.sum() == 5   # every wheeled structure's five casters
    assert np.all(wheeled[-24:][~casters] == 0.7)

    stool = _reading("stool", {"legs": 4}, odds=0.6)
    stool[-24:] = 0.5
    firm = firm_reading(stool, {"legs": 3}, 24)
    assert np.allclose(attribute_odds(firm, "legs"), [1.0, 0.0, 0.0, 0.0])
    legs = np.nonzero(layout_label_ids("stool", 24) == LABELS.index("leg"))[0]
    assert len(legs) == 4 and list(firm[-24:][legs]) == [1.0, 1.0, 1.0, 0.0]   # legs fill their slots in order
    others = np.setdiff1d(np.arange(24), legs)
    assert np.all(firm[-24:][others] == 0.5)


@pytest.mark.parametrize("category, attribute", [("bed", "footboard"), ("bed", "headboard"), ("mug", "saucer"),
                                                 ("office_chair", "arms"), ("office_chair", "wheels"),
                                                 ("armchair", "arms"), ("sofa", "arms")])
def test_a_part_asked_for_fills_the_slots_every_library_shape_with_it_fills(category, attribute):
    from engine.data.shapes.labels import LABELS
    from engine.generate.edit_scope import ATTRIBUTE_LABELS
    from engine.generate.prompt_check import slots_every_such_structure_fills
    from engine.generate.slot_codec import layout_label_ids
    from engine.generate.slots import layout_slots, train_part_boxes

    labels = ATTRIBUTE_LABELS[attribute]
    holders = np.isin(layout_label_ids(category, 24), [LABELS.index(label) for label in labels])
    every = holders.copy()
    seen = 0
    for shape_category, parts in train_part_boxes(1500):
        part_labels = [part["label"] for part in parts]
        if shape_category == category and set(part_labels) & set(labels):
            every &= np.isin(np.arange(24), layout_slots(category, part_labels, 24))
            seen += 1
    assert seen >= 5
    fills = slots_every_such_structure_fills(category, labels, 24)
    assert fills.any() and np.array_equal(fills, every)


def test_counted_parts_fill_their_labels_slots_in_order_in_the_library():
    from engine.data.shapes.labels import LABELS
    from engine.generate.part_attributes import COUNTED
    from engine.generate.slot_codec import layout_label_ids
    from engine.generate.slots import shape_to_slots

    names = list(CATEGORIES)
    for category in CATEGORIES:
        layout = layout_label_ids(category, 24)
        for key in set(CATEGORY_CHECKS[category]) & set(COUNTED):
            holders = np.nonzero(np.isin(layout, [LABELS.index(label) for label in COUNTED[key]]))[0]
            for k in range(8):
                slots = shape_to_slots(shape_for_index("train", names.index(category) + len(names) * k),
                                       points_per_part=8, seed=0)
                filled = slots.exists[holders] > 0.5
                assert filled[:filled.sum()].all(), (category, key, k)
