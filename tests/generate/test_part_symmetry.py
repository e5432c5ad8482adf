"""Snapping repeated parts onto symmetric arrangements (engine/generate/part_symmetry.py): exact
arrangements stay put, disturbed ones come back exactly symmetric and near where they were, box
axes named another way make no difference, the table is what the train split shows."""

import copy

import numpy as np
import pytest

from engine.generate.part_symmetry import (ARRANGEMENTS, MIRROR, RING, SNAP_TOLERANCE, STACK, Arrangement,
                                           measure_arrangements, rotation_z, snap_distance, snap_group, symmetrize)
from engine.generate.slots import BOX_SYMMETRIES

AXIS = np.array([0.05, -0.02, 0.0])


def small_rotation(rng, size: float) -> np.ndarray:
    w = rng.normal(0, size, 3)
    k = np.array([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])
    u, _, vt = np.linalg.svd(np.eye(3) + k)
    return u @ vt


def leg(angle: float, radius: float = 0.25, tilt: float = 0.1, code: float = 0.0) -> dict:
    """A thin splayed box standing at `angle` round AXIS, leaning out by `tilt` radians."""
    turn = rotation_z(angle)
    lean = np.array([[np.cos(tilt), 0, np.sin(tilt)], [0, 1, 0], [-np.sin(tilt), 0, np.cos(tilt)]])
    return {"label": "leg", "centre": AXIS + turn @ np.array([radius, 0.0, -0.2]), "half": np.array([0.02, 0.03, 0.25]),
            "rotation": turn @ lean, "code": np.full(16, code)}


def corners(p) -> np.ndarray:
    c = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)], dtype=float)
    return (p["rotation"] @ (c * p["half"]).T).T + p["centre"]


def same_box(a, b, tol=1e-9) -> bool:
    return np.allclose(np.sort(corners(a), axis=0), np.sort(corners(b), axis=0), atol=tol)


def disturb(p: dict, rng, rename: bool) -> dict:
    q = dict(p, centre=p["centre"] + rng.normal(0, 0.015, 3), half=p["half"] * rng.uniform(0.9, 1.1, 3),
             rotation=small_rotation(rng, 0.08) @ p["rotation"])
    if rename:    # the same box with its axes named another way
        s = BOX_SYMMETRIES[int(rng.integers(1, 24))]
        q = dict(q, rotation=q["rotation"] @ s, half=np.abs(s).T @ q["half"])
    return q


@pytest.mark.parametrize("count", [3, 4, 5])
def test_an_exact_ring_stays_where_it_is(count):
    group = [leg(0.3 + 2 * np.pi * k / count) for k in range(count)]
    snapped = snap_group(group, RING)
    assert all(same_box(a, b) for a, b in zip(group, snapped))
    assert snap_distance(group, RING) < 1e-9


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_disturbed_ring_comes_back_even_and_near_where_it_was(seed):
    rng = np.random.default_rng(seed)
    errors = rng.uniform(-0.25, 0.25, 3)                                         # up to 14 degrees off
    angles = 0.3 + 2 * np.pi * np.arange(3) / 3 + errors
    exact = [leg(a - e + errors.mean()) for a, e in zip(angles, errors)]    # the even ring turned by the mean error
    group = [disturb(dict(leg(a, code=k)), rng, rename=k == 1) for k, a in enumerate(angles)]
    before = copy.deepcopy(group)
    snapped = snap_group(group, RING)
    centres = np.array([p["centre"] for p in snapped])
    axis = centres[:, :2].mean(0)
    offsets = centres[:, :2] - axis
    assert np.ptp(np.hypot(*offsets.T)) < 1e-9 and np.ptp(centres[:, 2]) < 1e-9
    spacing = np.diff(np.sort(np.arctan2(offsets[:, 1], offsets[:, 0])))
    assert np.allclose(spacing, 2 * np.pi / 3)
    # every leg is the first one turned about the axis (box corners as point sets)
    for p in snapped[1:]:
        def angle(q):
            return np.arctan2(*(q["centre"][:2] - axis)[::-1])

        turn = rotation_z(angle(p) - angle(snapped[0]))
        carried = dict(snapped[0], centre=np.r_[axis, 0] + turn @ (snapped[0]["centre"] - np.r_[axis, 0]),
                       rotation=turn @ snapped[0]["rotation"])
        assert same_box(p, carried)
    # the centres are the least-squares regular triangle through the disturbed ones (c_k = a + Rz(2 pi k / 3) v,
    # k in angular order), solved here directly
    order = np.argsort(np.argsort(np.arctan2(*(np.array([q["centre"] for q in group])[:, :2] - AXIS[:2]).T[::-1])))
    rows = np.concatenate([np.hstack([np.eye(2), rotation_z(2 * np.pi * k / 3)[:2, :2]]) for k in order])
    a_v = np.linalg.lstsq(rows, np.concatenate([q["centre"][:2] for q in group]), rcond=None)[0]
    fitted = [a_v[:2] + rotation_z(2 * np.pi * k / 3)[:2, :2] @ a_v[2:] for k in order]
    assert np.allclose(centres[:, :2], fitted, atol=1e-9)
    # near the undisturbed ring, each part keeping its own label, code and axis naming
    for p, q, e in zip(snapped, group, exact):
        assert np.linalg.norm(p["centre"] - e["centre"]) < 0.06
        assert p["label"] == q["label"] and np.array_equal(p["code"], q["code"])
        assert np.abs(p["rotation"] - q["rotation"]).max() < 0.35      # not renamed: near its own axes
        assert np.linalg.det(p["rotation"]) > 0.999
    assert all(np.array_equal(a[k], b[k]) for a, b in zip(group, before) for k in a if k != "label")
    again = snap_group(snapped, RING)
    assert all(same_box(a, b) for a, b in zip(snapped, again))


def arm(side: float, disturbed=None) -> dict:
    p = {"label": "armrest", "centre": np.array([0.1 + side * 0.3, 0.05, 0.2]), "half": np.array([0.03, 0.2, 0.02]),
         "rotation": rotation_z(side * 0.1), "code": np.zeros(16)}
    return disturb(p, disturbed, rename=True) if disturbed is not None else p


def mirrored(p: dict, plane_x: float) -> np.ndarray:
    c = corners(p)
    c[:, 0] = 2 * plane_x - c[:, 0]
    return np.sort(c, axis=0)


def test_a_mirror_pair_becomes_mirror_images_across_the_plane_between_them():
    group = [arm(-1), arm(1)]
    assert snap_distance(group, MIRROR) < 1e-9
    a, b = snap_group([arm(-1), arm(1, np.random.default_rng(4))], MIRROR)
    plane = (a["centre"][0] + b["centre"][0]) / 2
    assert np.allclose(mirrored(a, plane), np.sort(corners(b), axis=0), atol=1e-9)
    assert np.linalg.det(a["rotation"]) > 0.999 and np.linalg.det(b["rotation"]) > 0.999


def test_four_legs_one_to_a_quadrant_become_a_rectangle_and_others_are_left_alone():
    rng = np.random.default_rng(7)
    rect = [dict(leg(0.0), centre=AXIS + np.array([sx * 0.4, sy * 0.25, -0.2]), rotation=np.eye(3))
            for sx in (-1, 1) for sy in (-1, 1)]
    assert snap_distance(rect, MIRROR) < 1e-9
    snapped = snap_group([disturb(p, rng, rename=k == 2) for k, p in enumerate(rect)], MIRROR)
    offsets = np.array([p["centre"] for p in snapped]) - np.mean([p["centre"] for p in snapped], axis=0)
    assert np.ptp(np.abs(offsets), axis=0).max() < 1e-9
    assert np.ptp([np.sort(p["half"]) for p in snapped], axis=0).max() < 1e-9
    crowded = [dict(p, centre=p["centre"] * np.array([1, 1, 1]) + np.array([0.5, 0, 0]) * (k < 2))
               for k, p in enumerate(rect)]
    crowded[0]["centre"] = crowded[1]["centre"] + np.array([0.01, 0.01, 0.0])   # two legs in one quadrant
    assert snap_group(crowded, MIRROR) is None
    assert snap_distance(crowded, MIRROR) == float("inf")


def test_symmetrize_snaps_only_what_the_category_table_names_about_its_hub():
    rng = np.random.default_rng(3)
    legs = [disturb(leg(2 * np.pi * k / 3), rng, rename=False) for k in range(3)]
    seat = {"label": "seat", "centre": np.r_[AXIS[:2] + 0.01, 0.3], "half": np.full(3, 0.2), "rotation": np.eye(3),
            "code": np.zeros(16)}
    parts = [seat] + legs
    out = symmetrize(parts, "stool")
    assert out[0] is seat and snap_distance(out[1:], RING) < 1e-9 and snap_distance(legs, RING) > 0.01
    offsets = np.array([p["centre"][:2] for p in out[1:]]) - seat["centre"][:2]
    assert np.allclose(offsets.mean(0), 0, atol=1e-9)                  # round the seat's axis
    assert np.allclose(np.sort(np.degrees(np.arctan2(offsets[:, 1], offsets[:, 0]))), [-150, -30, 90])
    assert symmetrize(parts, "lamp") == parts                          # the table has no entry for lamps
    assert symmetrize(parts, "stool", {"stool": {"leg/4": Arrangement(RING)}}) == parts   # three legs, not four
    free = symmetrize(parts, "stool", {"stool": {"leg/3": Arrangement(RING)}})   # no hub, no phase: fitted
    assert np.allclose(np.mean([p["centre"] for p in free[1:]], axis=0)[:2],
                       np.mean([p["centre"] for p in legs], axis=0)[:2], atol=1e-9)
    no_seat = symmetrize(legs, "stool")                                # the hub missing: the legs' own mean
    assert np.allclose(np.mean([p["centre"] for p in no_seat], axis=0)[:2],
                       np.mean([p["centre"] for p in legs], axis=0)[:2], atol=1e-9)


def test_the_arrangement_table_is_what_the_train_split_shows():
    measured = measure_arrangements()
    assert measured == ARRANGEMENTS
    assert ARRANGEMENTS["stool"] == {"leg/3": Arrangement(RING, "seat", 90.0), "leg/4": Arrangement(RING, "seat", 45.0)}
    assert ARRANGEMENTS["table"]["leg/4"] == Arrangement(MIRROR, "tabletop")
    assert ARRANGEMENTS["office_chair"]["caster/5"] == Arrangement(RING, "gas_lift", 18.0)
    assert ARRANGEMENTS["desk"]["drawer/3"] == ARRANGEMENTS["bookshelf"]["shelf/4"] == Arrangement(STACK)
    assert SNAP_TOLERANCE <= 0.03


def drawer(k: int) -> dict:
    """Drawer k of a column on a desk's pedestal, 0.2 apart, its box axes named as a desk's are."""
    return {"label": "drawer", "centre": np.array([0.3, -0.28, 0.15 + 0.2 * k]), "half": np.array([0.18, 0.012, 0.09]),
            "rotation": np.eye(3), "code": np.full(16, float(k))}


def test_a_stack_stays_put_and_a_disturbed_one_comes_back_even_in_its_own_order():
    column = [drawer(k) for k in range(4)]
    assert snap_distance(column, STACK) < 1e-9
    rng = np.random.default_rng(7)
    shuffled = [disturb(column[k], rng, rename=k == 1) for k in (2, 0, 3, 1)]
    snapped = snap_group(shuffled, STACK)
    heights = [p["centre"][2] for p in snapped]
    assert np.argsort(heights).tolist() == np.argsort([p["centre"][2] for p in shuffled]).tolist()
    assert np.allclose(np.diff(np.sort(heights)), np.diff(np.sort(heights))[0], atol=1e-9)   # even spacing
    assert np.ptp([p["centre"][:2] for p in snapped], axis=0).max() < 1e-9                  # one column
    lowest = snapped[int(np.argmin(heights))]
    for p in snapped:     # one box, moved up: the same corners as the lowest's, lifted
        lifted = dict(lowest, centre=lowest["centre"] + [0, 0, p["centre"][2] - lowest["centre"][2]])
        assert same_box(p, lifted)
    assert [p["code"][0] for p in snapped] == [2.0, 0.0, 3.0, 1.0]                           # codes kept
    assert max(np.abs(np.sort(corners(a), 0) - np.sort(corners(b), 0)).max() for a, b in zip(snapped, shuffled)) < 0.1


def test_a_ring_can_be_given_its_axis_and_first_angle():
    rng = np.random.default_rng(5)
    group = [disturb(leg(2 * np.pi * k / 3 + 0.4), rng, rename=k == 2) for k in range(3)]
    snapped = snap_group(group, RING, axis=AXIS[:2], phase=np.pi / 2)
    offsets = np.array([p["centre"] for p in snapped])[:, :2] - AXIS[:2]
    angles = np.sort(np.degrees(np.arctan2(offsets[:, 1], offsets[:, 0])))
    assert np.allclose(angles, [-150, -30, 90], atol=1e-9)           # legs at 90 degrees and 120 apart
    assert np.ptp(np.hypot(*offsets.T)) < 1e-9
    # each leg still leans out from the axis as the undisturbed ones did (its long axis in its own radial plane)
    for p, o in zip(snapped, offsets):
        long = p["rotation"][:, int(np.argmax(p["half"]))]
        assert abs(np.cross(o / np.linalg.norm(o), long[:2])) < 0.05
