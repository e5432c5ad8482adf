"""Part proportions: the written table equals the train split's measure, real shapes beyond the
measured sample barely change, an out-of-range pair is brought to the nearest end of its range
by hand, and the fit is the nearest point that satisfies every pair (against a brute-force search)."""

import itertools

import numpy as np

from engine.generate.part_proportions import (PROPORTIONS, axis_matching, fit_proportions, log_sizes,
                                              measure_proportions, units)


def _part(label, half, rotation=None):
    return {"label": label, "centre": np.zeros(3), "half": np.array(half, float),
            "rotation": np.eye(3) if rotation is None else rotation, "code": np.zeros(4)}


def test_the_written_table_is_the_train_split_s_measure():
    measured = measure_proportions()
    assert {c: set(pairs) for c, pairs in measured.items()} == {c: set(pairs) for c, pairs in PROPORTIONS.items()}
    differ = [(c, key) for c, pairs in PROPORTIONS.items() for key in pairs if measured[c][key] != pairs[key]]
    # A box fitted to a round or tilted part (a lamp's pole, a chair's back rail) takes its cross
    # axes from an SVD whose near-ties another CPU breaks otherwise: on a second machine 5 of the
    # 275 ranges moved, by up to 0.13; everything else is equal to the last digit.
    assert len(differ) <= 8, differ
    for c, key in differ:
        assert np.allclose(measured[c][key], PROPORTIONS[c][key], atol=0.15), (c, key)
    low, high = PROPORTIONS["stool"]["foot|seat"]
    assert np.exp(low[0]) > 1.05 and np.exp(high[0]) < 1.15     # a pedestal stool's foot: 1.1 times its seat


def test_real_shapes_beyond_the_measured_sample_barely_change():
    from engine.generate.slots import train_part_boxes

    changed = []
    for category, parts in train_part_boxes(1300, start=2600):
        out = fit_proportions(list(parts), category)
        changed.append(max(float(np.abs(np.log(a["half"] / b["half"])).max()) for a, b in zip(parts, out)))
    # ranges seen in 200 shapes a category miss some of the rest: 2.8% of these 1,300 move, 99% of
    # them by under 1.4%, one part by 18%
    changed = np.array(changed)
    assert np.mean(changed > 1e-3) < 0.04 and np.percentile(changed, 99) < 0.02 and changed.max() < 0.2


def test_a_foot_too_small_for_its_seat_is_grown_and_the_seat_shrunk_by_hand():
    seat, foot = _part("seat", [0.2, 0.2, 0.02]), _part("foot", [0.1, 0.1, 0.02])
    rules = {"stool": {"foot|seat": ((0.0, 0.0, -1.0), (0.1, 0.1, 1.0))}}
    out = fit_proportions([seat, foot], "stool", rules)
    # log ratio log(0.5) on x and y, 0 on z (within range): each side moves half the way to 0
    assert np.allclose(out[0]["half"], [np.sqrt(0.02), np.sqrt(0.02), 0.02])
    assert np.allclose(out[1]["half"], [np.sqrt(0.02), np.sqrt(0.02), 0.02])
    assert np.array_equal(seat["half"], [0.2, 0.2, 0.02])   # input untouched
    within = fit_proportions([seat, _part("foot", [0.21, 0.21, 0.02])], "stool", rules)
    assert within[0] is seat and np.array_equal(within[1]["half"], [0.21, 0.21, 0.02])


def test_a_turned_box_is_sized_along_its_nearest_axes():
    turn = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])   # box x along world y
    slight = np.array([[np.cos(0.3), -np.sin(0.3), 0], [np.sin(0.3), np.cos(0.3), 0], [0, 0, 1]])
    assert np.allclose(log_sizes([_part("leg", [0.1, 0.3, 0.5], turn)], [0]), np.log([0.3, 0.1, 0.5]))
    assert np.allclose(axis_matching(slight), np.eye(3))
    rules = {"t": {"leg|top": ((-5, -5, -5), (np.log(0.5), 5, 5))}}
    out = fit_proportions([_part("leg", [0.1, 0.3, 0.5], turn), _part("top", [0.2, 0.2, 0.2])], "t", rules)
    assert np.isclose(out[0]["half"][1] / out[1]["half"][0], 0.5) and np.isclose(out[0]["half"][0], 0.1)


def test_the_fit_is_the_nearest_log_sizes_within_every_range():
    rng = np.random.default_rng(0)
    rules = {"c": {"a|b": ((0.0,) * 3, (0.2,) * 3), "a|c": ((-0.1,) * 3, (0.0,) * 3), "b|c": ((-0.3,) * 3, (0.3,) * 3)}}
    for _ in range(5):
        halves = np.exp(rng.normal(0, 0.4, (3, 3))) * 0.1
        parts = [_part(n, h) for n, h in zip("abc", halves)]
        out = fit_proportions(parts, "c", rules)
        got = np.log([p["half"][0] for p in out])
        start = np.log(halves[:, 0])
        best, best_cost = None, np.inf   # brute force on a grid around the start, axis x
        grid = np.linspace(-1, 1, 201)
        for da, db in itertools.product(grid, grid):
            # for given a and b, the best c is the start's clipped into what a and c, b and c allow
            ua, ub = start[0] + da, start[1] + db
            if not 0.0 <= ua - ub <= 0.2:
                continue
            lo, hi = max(ua, ub - 0.3), min(ua + 0.1, ub + 0.3)
            if lo > hi:
                continue
            uc = np.clip(start[2], lo, hi)
            cost = da ** 2 + db ** 2 + (uc - start[2]) ** 2
            if cost < best_cost:
                best, best_cost = np.array([ua, ub, uc]), cost
        assert np.sum((got - start) ** 2) <= best_cost + 1e-3 and np.abs(got - best).max() < 0.02
        assert 0 - 1e-6 <= got[0] - got[1] <= 0.2 + 1e-6 and -0.1 - 1e-6 <= got[0] - got[2] <= 1e-6


def test_groups_are_sized_as_one_unit():
    parts = [_part("top", [0.5, 0.5, 0.02])] + [_part("leg", [0.02, 0.02, 0.3]) for _ in range(4)]
    assert sorted(units(parts)) == ["leg/4", "top"]
    rules = {"t": {"leg/4|top": ((np.log(0.1), np.log(0.1), -5), (5, 5, 5))}}
    out = fit_proportions(parts, "t", rules)
    assert all(np.allclose(p["half"], out[1]["half"]) for p in out[1:])
    assert np.isclose(out[1]["half"][0] / out[0]["half"][0], 0.1)
