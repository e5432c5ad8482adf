"""Attributes read with the drawn structure: the written-out table against the library, Bayes' rule
on analytic cases, and the shipped generator telling its denoiser a one-pole lamp is arched."""

import numpy as np
import pytest

from engine.generate.part_structures import STRUCTURES
from engine.generate.prompt_reader import ATTRIBUTE_VALUES, CATEGORIES
from engine.generate.structure_attributes import (STRUCTURE_ATTRIBUTES, attribute_blocks, attributes_given_structure,
                                                  structure_attribute_table, structure_shares)


def lamp_row(pole: int) -> int:
    return next(i for i, (s, _) in enumerate(STRUCTURES["lamp"]) if s["lamp_pole"] == pole)


def features_with(values: dict, fill: float = 0.5) -> np.ndarray:
    """Reader features (F,): the given attribute blocks, every other feature `fill`."""
    f = np.full(max(b for _, b in attribute_blocks().values()) + 24, fill)
    for attribute, probabilities in values.items():
        start, stop = attribute_blocks()[attribute]
        f[start:stop] = probabilities
    return f


def test_the_table_holds_the_first_training_shapes_attributes_per_structure():
    some = structure_attribute_table(650)    # the full table is structure_attribute_table(4000) (the slow test)
    assert some.keys() == STRUCTURE_ATTRIBUTES.keys()
    for category, rows in some.items():
        assert len(rows) == len(STRUCTURES[category]) == len(STRUCTURE_ATTRIBUTES[category])
        for row, full in zip(rows, STRUCTURE_ATTRIBUTES[category]):
            for attribute, counts in row.items():
                assert np.all(np.asarray(counts) <= full[attribute]), (category, attribute)


@pytest.mark.slow
def test_the_table_is_the_generator_s_training_shapes_attributes():
    assert structure_attribute_table(4000) == STRUCTURE_ATTRIBUTES


def test_the_blocks_tile_the_reader_s_attribute_features_in_order():
    blocks = list(attribute_blocks().values())
    assert blocks[0][0] == len(CATEGORIES)
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:]))
    assert [b - a for a, b in blocks] == [len(v) for v in ATTRIBUTE_VALUES.values()]


def test_a_plain_reading_takes_the_shares_of_the_drawn_structure():
    rows = STRUCTURE_ATTRIBUTES["chair"]
    for attribute in ("arms", "back_style", "stretchers"):
        everywhere = np.sum([r[attribute] for r in rows], axis=0)
        plain = features_with({attribute: everywhere / everywhere.sum()})
        for k, row in enumerate(rows):
            start, stop = attribute_blocks()[attribute]
            out = attributes_given_structure(plain, "chair", k)
            assert np.allclose(out[start:stop], np.asarray(row[attribute]) / sum(row[attribute]))


def test_a_one_pole_lamp_is_arched_and_the_rest_of_the_reading_is_kept():
    plain = features_with({"pole": [0.76, 0.24], "shade": [0.2, 0.3, 0.5]})
    for pole, arched in ((1, 1.0), (2, 0.0)):
        out = attributes_given_structure(plain, "lamp", lamp_row(pole))
        start, stop = attribute_blocks()["pole"]
        assert np.allclose(out[start:stop], [1 - arched, arched])
        untouched = np.ones(len(plain), bool)
        for attribute in ("pole", "height", "shade"):
            untouched[slice(*attribute_blocks()[attribute])] = False
        assert np.array_equal(out[untouched], plain[untouched])


def test_what_the_prompt_asks_is_kept_where_the_structure_allows_it_and_the_structure_wins_where_not():
    start, stop = attribute_blocks()["height"]
    asked_low = features_with({"pole": [0.76, 0.24], "height": [1.0, 0.0, 0.0]})
    assert attributes_given_structure(asked_low, "lamp", lamp_row(2))[start] == pytest.approx(1.0, abs=0.01)   # either
    assert attributes_given_structure(asked_low, "lamp", lamp_row(1))[start:stop] == pytest.approx([0, 0, 1], abs=0.01)
    # "medium", which no training lamp is: the structure's evidence alone (its shares over the category's)
    nothing = features_with({"height": [0.0, 1.0, 0.0]})
    given = np.asarray(STRUCTURE_ATTRIBUTES["lamp"][lamp_row(2)]["height"], float)
    everywhere = np.sum([r["height"] for r in STRUCTURE_ATTRIBUTES["lamp"]], axis=0)
    evidence = np.divide(given / given.sum(), everywhere / everywhere.sum(), out=np.zeros(3), where=everywhere > 0)
    assert np.allclose(attributes_given_structure(nothing, "lamp", lamp_row(2))[start:stop], evidence / evidence.sum())


def test_drawn_attributes_are_firm_fixed_by_the_seed_and_follow_the_reading():
    plain = features_with({"pole": [0.76, 0.24], "shade": [0.33, 0.33, 0.34], "height": [0.49, 0.0, 0.51]})
    row = lamp_row(2)
    reading = attributes_given_structure(plain, "lamp", row)
    draws = np.stack([attributes_given_structure(plain, "lamp", row, seed) for seed in range(2000)])
    assert np.array_equal(draws[5], attributes_given_structure(plain, "lamp", row, 5))
    for attribute in ("pole", "height", "shade"):
        start, stop = attribute_blocks()[attribute]
        block = draws[:, start:stop]
        assert set(np.unique(block)) <= {0.0, 1.0} and np.all(block.sum(1) == 1)
        assert np.allclose(block.mean(0), reading[start:stop], atol=0.04), attribute
    untouched = np.ones(len(plain), bool)
    for attribute in ("pole", "height", "shade"):
        untouched[slice(*attribute_blocks()[attribute])] = False
    assert np.all(draws[:, untouched] == plain[untouched])


def test_the_style_left_to_the_structure_is_its_shares_and_the_rest_stays_as_drawn():
    rows = STRUCTURE_ATTRIBUTES["bookshelf"]
    drawn = features_with({"height": [0.0, 0.0, 1.0], "shelves": [0, 0, 1.0, 0, 0], "pole": [0.3, 0.7]})
    start, stop = attribute_blocks()["height"]
    for k, row in enumerate(rows):
        out = structure_shares(drawn, "bookshelf", k, ("height", "back_height"))
        assert np.allclose(out[start:stop], np.asarray(row["height"]) / sum(row["height"]))
        kept = np.ones(len(drawn), bool)
        kept[start:stop] = False
        assert np.array_equal(out[kept], drawn[kept])   # back_height: no bookshelf has one; pole: not asked
    assert np.allclose(structure_shares(drawn, "bookshelf", 4, ("height",))[start:stop], [0, 6 / 28, 22 / 28])


def test_a_category_without_the_attribute_leaves_its_block_as_read():
    start, stop = attribute_blocks()["pole"]
    read = features_with({"pole": [0.3, 0.7]})
    assert np.array_equal(attributes_given_structure(read, "stool", 0)[start:stop], [0.3, 0.7])


def test_the_shipped_generator_tells_its_denoiser_a_one_pole_lamp_is_arched_where_its_expert_follows_it():
    import torch

    from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator
    from engine.generate.text import TextEncoder

    generator = PartSlotGenerator.load(MODELS_DIR)
    tokens, mask, _ = TextEncoder().encode(["a lamp"] * 12)
    with torch.no_grad():
        read = generator.net.read(tokens, mask)
    plain = read[0, -24:].numpy()
    start, stop = attribute_blocks()["pole"]
    recipes = list(range(12))
    for with_attributes in (False, True):
        out, held, _ = generator._structures_drawn(read, recipes, plain, Config(structure_attributes=with_attributes))
        poles = (held[:, 1:3] > 0).sum(1).numpy()   # the lamp's two pole slots
        assert set(poles) == {1, 2}
        arched = out[:, start + 1].numpy()
        if with_attributes:
            assert np.allclose(arched, np.where(poles == 1, 1.0, 0.0), atol=1e-6)
        else:
            assert np.allclose(arched, read[:, start + 1].numpy())   # as the prompt reader read it
        assert torch.equal(out[:, :len(CATEGORIES)], read[:, :len(CATEGORIES)])   # the category as read
    assert generator.follows_firm_readings(Config(), "lamp")
    assert not generator.follows_firm_readings(Config(), "armchair")   # trained on its own readings 1 in 4
    for config in (Config(experts=False), Config(expert_below=250)):
        assert not generator.follows_firm_readings(config, "lamp")
        out, _, _ = generator._structures_drawn(read, recipes, plain, config)
        assert torch.equal(out[:, :-24], read[:, :-24])


def test_style_guidance_of_a_firm_expert_guides_away_from_the_bare_category_with_the_style_left_to_the_structure():
    import torch

    from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator
    from engine.generate.text import TextEncoder

    generator = PartSlotGenerator.load(MODELS_DIR)
    assert generator.follows_firm_readings(Config(), "chair")
    seen = []
    guided = type(generator.net).guided

    def recording(net, x, t, tokens, mask, guidance, read=None, x0_prev=None, other=None):
        seen.append((guidance, read, other))
        return guided(net, x, t, tokens, mask, guidance, read, x0_prev, other)

    start, stop = attribute_blocks()["back_height"]
    bare, _, _ = TextEncoder().encode(["chair"])   # the bare name, as in the training captions
    for prompt, style_heard in (("a chair with a high back", True), ("a chair with arms", False)):
        seen.clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(type(generator.net), "guided", recording)
            generator._denoise(Config(prompt=prompt, n=3, steps=2, seed=0), list(range(3)))
        guidance, read, other = seen[0]
        if not style_heard:
            assert guidance == 1.0 and other is None
            continue
        assert guidance == Config().style_guidance
        tokens, _, away = other
        assert torch.allclose(tokens, bare.expand(3, -1, -1), atol=1e-5)   # a batch reads apart in the last bits
        assert torch.equal(read[:, start:stop].sum(1), torch.ones(3))   # drawn one-hot
        assert set(read[:, start:stop].flatten().tolist()) == {0.0, 1.0}
        assert not torch.equal(away[:, start:stop], read[:, start:stop])
        kept = torch.ones(read.shape[1], dtype=torch.bool)
        kept[start:stop] = False
        assert torch.equal(away[:, kept], read[:, kept])
    for config in (Config(prompt="a chair with a high back", n=2, steps=2, experts=False),
                   Config(prompt="a chair with a high back", n=2, steps=2, style_guidance=0.0)):
        seen.clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(type(generator.net), "guided", recording)
            generator._denoise(config, list(range(2)))
        assert seen[0][2] is None


def test_each_candidate_is_told_its_own_drawn_structure_when_the_prompt_s_reading_is_shared():
    # A prompt that asks for something is read once and expanded to the candidates (firm_reading):
    # each candidate's slot odds must still be its own drawn structure, which the denoiser and the
    # slot gate read. (They were all the last candidate's: "a desk chair that moves about freely and
    # never squeaks" lost its casters in every shape where the last draw had none.)
    import torch

    from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator
    from engine.generate.text import TextEncoder

    generator = PartSlotGenerator.load(MODELS_DIR)
    prompt = "an office chair without arms"
    config = Config(prompt=prompt, n=10)
    tokens, mask, _ = TextEncoder().encode([prompt] * 10)
    with torch.no_grad():
        read, asked = generator._firm_reading(config, generator.read_prompt(config, tokens, mask), tokens, mask)
    assert asked == {"arms": False} and read.stride(0) == 0   # one reading shared by the ten
    before = read.clone()
    plain = generator._plain_slot_odds(read, 24)
    for settings in (Config(prompt=prompt, structure_attributes=False), config):
        out, held, _ = generator._structures_drawn(read, list(range(10)), plain, settings)
        casters = (held[:, 7:12] > 0).all(1)
        assert casters.any() and not casters.all()
        assert torch.equal(out[:, -24:], (held > 0).float())
        assert torch.equal(read, before)   # the prompt's reading is left as it was
