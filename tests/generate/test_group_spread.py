"""Group spread: the written table equals the train split's measure, real shapes stay put, a group
outside its range is moved to its nearest end (by hand), one inside is left alone."""

import numpy as np
import pytest

from engine.generate.group_spread import SPREADS, clamp_spreads, measure_spreads, spread
from engine.generate.part_symmetry import RING


def test_the_written_table_is_the_train_split_s_measure():
    assert measure_spreads() == SPREADS
    assert "office_chair" not in SPREADS        # casters against a thin gas lift: not measured
    low, high = SPREADS["table"]["leg/4"]
    assert low[0] < 0.45 and 0.9 < high[0] < 1.0   # round tops' legs at 0.44 of the radius, long ones near the edge


def test_real_shapes_beyond_the_measured_sample_barely_move():
    from engine.generate.slots import train_part_boxes

    moved = []
    for category, parts in train_part_boxes(1300, start=1300):
        out = clamp_spreads(list(parts), category)
        moved.append(max(float(np.abs(a["centre"] - b["centre"]).max()) for a, b in zip(parts, out)))
    assert max(moved) < 0.005 and np.mean(np.array(moved) > 0) < 0.02


def _part(label, centre, half):
    return {"label": label, "centre": np.array(centre, float), "half": np.array(half, float),
            "rotation": np.eye(3), "code": np.zeros(4)}


def test_legs_outside_a_round_top_are_brought_under_it_by_hand():
    top = _part("tabletop", [0.1, -0.2, 0.4], [0.5, 0.5, 0.02])
    legs = [_part("leg", [0.1 + sx * 0.6, -0.2 + sy * 0.3, 0.0], [0.02, 0.02, 0.38])
            for sx in (-1, 1) for sy in (-1, 1)]
    parts = [top] + legs
    before = [dict(p) for p in parts]
    out = clamp_spreads(parts, "table")
    (low_x, low_y), (high_x, high_y) = SPREADS["table"]["leg/4"]
    for leg, new in zip(legs, out[1:]):
        # x: 0.6 / 0.5 = 1.2, over the range: to high_x; y: 0.3 / 0.5 = 0.6, inside it: kept
        expected = [0.1 + np.sign(leg["centre"][0] - 0.1) * high_x * 0.5, leg["centre"][1], 0.0]
        assert np.allclose(new["centre"], expected) and new["half"] is leg["half"]
    assert out[0] is top and all(np.array_equal(a["centre"], b["centre"]) for a, b in zip(parts, before))
    inside = clamp_spreads([top] + [_part("leg", [0.1 + sx * 0.4, -0.2 + sy * 0.4, 0.0], [0.02, 0.02, 0.38])
                                    for sx in (-1, 1) for sy in (-1, 1)], "table")
    assert np.allclose([spread(inside[1:], top, "mirror")], [[0.8, 0.8]])


@pytest.mark.parametrize("radius, expected", [(0.1, 0.74 * 0.2), (0.18, 0.18), (0.4, 1.028 * 0.2)])
def test_a_ring_of_legs_is_scaled_radially_onto_its_range(radius, expected):
    seat = _part("seat", [0.0, 0.0, 0.5], [0.2, 0.2, 0.02])
    legs = [_part("leg", [radius * np.cos(a), radius * np.sin(a), 0.2], [0.02, 0.02, 0.2])
            for a in np.radians([90, 210, 330])]
    out = clamp_spreads([seat] + legs, "stool")
    assert np.allclose([np.linalg.norm(p["centre"][:2]) for p in out[1:]], expected)
    assert np.allclose(spread(out[1:], seat, RING), expected / 0.2)
    assert all(p["centre"][2] == 0.2 for p in out[1:])


def _disc_logits(n=161, bound=1.1):
    """Occupancy logits of a disc filling its box (x^2 + y^2 <= 1, any z) on an n x n x 5 grid."""
    axis = np.linspace(-bound, bound, n)
    x, y = np.meshgrid(axis, axis, indexing="ij")
    return np.repeat((1.0 - np.hypot(x, y))[:, :, None], 5, axis=2)


def _box_logits(n=161, bound=1.1):
    axis = np.linspace(-bound, bound, n)
    x, y = np.meshgrid(axis, axis, indexing="ij")
    return np.repeat((1.0 - np.maximum(abs(x), abs(y)))[:, :, None], 5, axis=2)


def test_legs_past_a_round_top_s_rim_are_drawn_in_under_it():
    from engine.generate.group_spread import bring_under_hubs, over_hub, upper_end

    top = _part("tabletop", [0.1, -0.2, 0.4], [0.5, 0.5, 0.02])
    legs = [_part("leg", [0.1 + sx * 0.42, -0.2 + sy * 0.42, 0.0], [0.03, 0.03, 0.38])
            for sx in (-1, 1) for sy in (-1, 1)]
    grids = [_disc_logits()] + [np.ones((5, 5, 5))] * 4
    out = bring_under_hubs([top] + legs, grids, "table")
    scale = (out[1]["centre"][0] - 0.1) / -0.42
    # the leg's upper end plus its half width must reach no further than the rim: (0.42 s) sqrt 2 + 0.03 <= 0.5
    largest = (0.5 - 0.03) / (0.42 * np.sqrt(2))
    assert largest - 0.03 <= scale <= largest + 0.02
    for leg, new in zip(legs, out[1:]):
        assert np.allclose(new["centre"][:2] - [0.1, -0.2], scale * (leg["centre"][:2] - [0.1, -0.2]))
        assert new["centre"][2] == leg["centre"][2] and np.hypot(*(upper_end(new)[:2] - [0.1, -0.2])) < 0.5
    assert over_hub(top, grids[0], np.array([[0.1, -0.2, 9.0]]))[0]          # any height: the column counts
    square = bring_under_hubs([top] + legs, [_box_logits()] + grids[1:], "table")
    assert all(a is b for a, b in zip(square, [top] + legs))               # under a square top: kept


def test_real_tables_legs_stand_under_their_tops():
    from engine.data.shapes import CATEGORIES, shape_for_index
    from engine.generate.group_spread import bring_under_hubs
    from engine.generate.slots import shape_part_boxes

    for k in range(60):
        shape = shape_for_index("train", list(CATEGORIES).index("table") + len(CATEGORIES) * k)
        parts = shape_part_boxes(shape)
        round_top = shape.attributes["shape"] == "round"
        grids = [(_disc_logits() if round_top else _box_logits()) if p["label"] == "tabletop" else np.ones((5, 5, 5))
                 for p in parts]
        out = bring_under_hubs(parts, grids, "table")
        assert all(a is b for a, b in zip(out, parts)), (k, shape.attributes)


def test_legs_flush_with_a_seat_s_rounded_corners_are_kept():
    from engine.generate.group_spread import bring_under_hubs

    seat = _part("seat", [0.0, 0.0, 0.45], [0.25, 0.25, 0.03])
    legs = [_part("leg", [sx * 0.23, sy * 0.23, 0.2], [0.02, 0.02, 0.2]) for sx in (-1, 1) for sy in (-1, 1)]
    axis = np.linspace(-1.1, 1.1, 161)
    x, y = np.meshgrid(axis, axis, indexing="ij")   # a square seat whose corners are rounded off (radius 0.15)
    rounded = np.where((abs(x) > 0.85) & (abs(y) > 0.85), 0.15 - np.hypot(abs(x) - 0.85, abs(y) - 0.85),
                       1.0 - np.maximum(abs(x), abs(y)))
    out = bring_under_hubs([seat] + legs, [np.repeat(rounded[:, :, None], 5, axis=2)] + [np.ones((5, 5, 5))] * 4, "chair")
    assert all(a is b for a, b in zip(out, [seat] + legs))


def test_over_hub_reads_a_hub_whose_box_axes_are_named_another_way():
    from engine.generate.group_spread import over_hub

    # the same round top as a box whose first axis is the vertical one: box (z, x, y) = world (x, y, z)
    rotation = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    top = {"label": "tabletop", "centre": np.array([0.0, 0.0, 0.5]), "half": np.array([0.02, 0.5, 0.5]),
           "rotation": rotation}
    axis = np.linspace(-1.1, 1.1, 161)
    y, z = np.meshgrid(axis, axis, indexing="ij")
    logits = np.repeat((1.0 - np.hypot(y, z))[None, :, :], 5, axis=0)   # a disc across box axes 1 and 2
    points = np.array([[0.3, 0.3, 0.0], [0.4, 0.4, 0.0], [0.0, 0.49, 0.0], [0.0, 0.52, 0.0]])
    assert over_hub(top, logits, points).tolist() == [True, False, True, False]
