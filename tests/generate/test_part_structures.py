"""Structure first: the written-out structure table against the library, the evidence weighting,
the draws, and the shipped generator making only structures its training shapes have."""

import numpy as np
import pytest

from engine.generate.part_structures import (STRUCTURES, draw_structure, structure_pattern, structure_table,
                                             structure_weights)
from engine.generate.slots import SLOT_LAYOUT


def test_the_table_holds_every_structure_of_the_first_training_shapes():
    some = structure_table(650)          # the full table is structure_table(4000) (the slow test below)
    for category, rows in some.items():
        known = {tuple(sorted(s.items())): n for s, n in STRUCTURES[category]}
        for structure, n in rows:
            assert n <= known[tuple(sorted(structure.items()))], (category, structure)


@pytest.mark.slow
def test_the_table_is_the_generator_s_training_shapes_structures():
    assert structure_table(4000) == STRUCTURES


def test_a_structure_fills_each_label_block_from_its_start():
    pattern = structure_pattern("stool", {"seat": 1, "leg": 3, "footrest": 1}, 24)
    assert np.flatnonzero(pattern).tolist() == [0, 1, 2, 3, 5]
    assert all(structure_pattern(c, s, 24).sum() == sum(s.values()) for c, rows in STRUCTURES.items() for s, _ in rows)


def test_a_prompt_that_reads_like_the_plain_category_draws_the_training_shares():
    plain = np.linspace(0.1, 0.9, 24)
    shares = np.array([n for _, n in STRUCTURES["stool"]], float)
    assert np.allclose(structure_weights("stool", plain, plain), shares / shares.sum())


def test_firm_odds_draw_only_structures_that_agree():
    plain = np.full(24, 0.5)
    three_legs = plain.copy()
    three_legs[1:4], three_legs[4] = 1.0, 0.0          # legs 1-3 filled, the fourth leg slot empty
    w = structure_weights("stool", three_legs, plain)
    legs = np.array([s.get("leg", 0) for s, _ in STRUCTURES["stool"]])
    assert w[legs == 3].sum() > 0.99     # a firm 0 or 1 is strong evidence (odds held in [1e-3, 1 - 1e-3])


def test_draws_are_fixed_by_the_seed_and_follow_the_weights():
    plain = np.full(24, 0.5)
    assert np.array_equal(draw_structure("table", plain, plain, 7), draw_structure("table", plain, plain, 7))
    draws = [tuple(draw_structure("table", plain, plain, seed)) for seed in range(3000)]
    for (structure, n), w in zip(STRUCTURES["table"], structure_weights("table", plain, plain)):
        share = draws.count(tuple(structure_pattern("table", structure, 24))) / len(draws)
        assert abs(share - w) < 0.03, (structure, share, w)


def test_every_category_s_table_fits_its_slot_layout():
    for category, rows in STRUCTURES.items():
        room = dict(SLOT_LAYOUT[category])
        assert rows and all(all(room[label] >= k for label, k in s.items()) for s, _ in rows), category
