"""Equal sides: the table measured from the train split, the snap against hand-worked cases,
real parts left as they are."""

import numpy as np
import pytest

from engine.generate.equal_sides import (EQUAL_SIDES, FLAT, LONG, equal_pair, equalize_sides, measure_equal_sides,
                                         side_ratio)


def part(label, half, **extra):
    return dict({"label": label, "centre": np.array([0.1, 0.2, 0.3]), "half": np.asarray(half, float),
                 "rotation": np.eye(3), "code": np.arange(4.0)}, **extra)


def test_the_table_is_what_the_train_split_shows():
    assert measure_equal_sides() == EQUAL_SIDES
    assert EQUAL_SIDES["stool"]["seat"] == ((FLAT, 0.0),) and EQUAL_SIDES["table"]["leg"] == ((LONG, 0.0),)
    assert 0.8 < dict(EQUAL_SIDES["table"]["tabletop"])[FLAT] < 1      # round and square tops, and long ones


@pytest.mark.parametrize("half, pair, expected", [
    ((0.3, 0.2, 0.05), FLAT, (0.06 ** 0.5, 0.06 ** 0.5, 0.05)),
    ((0.05, 0.3, 0.2), FLAT, (0.05, 0.06 ** 0.5, 0.06 ** 0.5)),           # any axis order
    ((0.5, 0.03, 0.02), LONG, (0.5, 6e-4 ** 0.5, 6e-4 ** 0.5)),
    ((0.2, 0.2, 0.1), FLAT, (0.2, 0.2, 0.1)),                             # equal already
])
def test_a_pair_becomes_its_geometric_mean(half, pair, expected):
    assert np.allclose(equal_pair(half, pair), expected)
    assert side_ratio(equal_pair(half, pair), pair) == pytest.approx(1.0)


def test_only_parts_near_enough_to_equal_are_snapped_and_the_rest_is_kept():
    parts = [part("tabletop", (0.5, 0.45, 0.02)), part("tabletop", (0.5, 0.3, 0.02)),
             part("seat", (0.25, 0.1, 0.03)), part("shelf", (0.3, 0.29, 0.01))]
    before = [{k: np.copy(v) if isinstance(v, np.ndarray) else v for k, v in p.items()} for p in parts]
    table = {"table": {"tabletop": ((FLAT, 0.88),), "seat": ((FLAT, 0.0),)}}
    out = equalize_sides(parts, "table", table)
    assert np.allclose(out[0]["half"], [0.225 ** 0.5, 0.225 ** 0.5, 0.02])   # 0.9 >= 0.88
    assert out[1] is parts[1]                                                  # 0.6: a long top
    assert np.allclose(out[2]["half"], [0.025 ** 0.5, 0.025 ** 0.5, 0.03])   # always equal: any ratio
    assert out[3] is parts[3]                                                  # no rule for shelves
    for a, b in zip(parts, before):                                          # the input is not modified
        assert all(np.array_equal(a[k], b[k]) for k in a)
    for a, b in zip(out, parts):
        assert all(np.array_equal(a[k], b[k]) for k in ("centre", "rotation", "code", "label"))
    assert equalize_sides(parts, "spaceship") == parts


def test_real_parts_are_left_as_they_are():
    from engine.data.shapes import shape_for_index
    from engine.generate.slots import part_box

    worst = 0.0
    for i in range(1300, 1430):          # shapes past the measured ones
        shape = shape_for_index("train", i)
        parts = [part(p.label, part_box(p.primitive)[1]) for p in shape.parts]
        for a, b in zip(parts, equalize_sides(parts, shape.category)):
            worst = max(worst, float(np.abs(np.log(b["half"] / a["half"])).max()))
    assert worst < 0.006, worst          # sides within 1% of each other move half a per cent at most
