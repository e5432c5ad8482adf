"""Turning boxes square to the shape (engine/generate/upright_boxes.py): tilted boxes of labels the
category always has square come back square with the same axes, sizes, centre and code; others,
and the input, stay as they were; the table is what the train split shows."""

import copy

import numpy as np

from engine.generate.slots import BOX_SYMMETRIES
from engine.generate.upright_boxes import (UPRIGHT_LABELS, measure_upright_labels, nearest_square, straighten_boxes,
                                           tilt_degrees)


def turn(axis: int, degrees: float) -> np.ndarray:
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    j, k = (axis + 1) % 3, (axis + 2) % 3
    m = np.eye(3)
    m[j, j], m[j, k], m[k, j], m[k, k] = c, -s, s, c
    return m


def test_the_tilt_is_the_angle_to_the_nearest_square_rotation_however_the_box_s_axes_are_named():
    for naming in BOX_SYMMETRIES[::5]:
        assert abs(tilt_degrees(turn(0, 7.0) @ naming) - 7.0) < 1e-9
        assert np.array_equal(nearest_square(turn(2, 12.0) @ turn(0, -4.0) @ naming), naming)
        assert tilt_degrees(naming) < 1e-6


def test_a_tilted_tabletop_comes_back_square_and_a_splayed_leg_stays_splayed():
    naming = BOX_SYMMETRIES[7]
    top = {"label": "tabletop", "centre": np.array([0.0, 0.0, 0.4]), "half": np.array([0.5, 0.3, 0.02]),
           "rotation": turn(1, 9.0) @ naming, "code": np.arange(16.0)}
    leg = {"label": "leg", "centre": np.array([0.4, 0.2, 0.0]), "half": np.array([0.02, 0.02, 0.4]),
           "rotation": turn(0, 12.0), "code": np.zeros(16)}
    parts = [top, leg]
    before = copy.deepcopy(parts)
    out = straighten_boxes(parts, "table")
    assert np.array_equal(out[0]["rotation"], naming)                     # square, each axis where it was
    assert all(np.array_equal(out[0][k], top[k]) for k in ("centre", "half", "code"))
    assert out[1] is leg                                                  # table legs lean in training
    assert all(np.array_equal(a[k], b[k]) for a, b in zip(parts, before) for k in a if k != "label")
    assert straighten_boxes(parts, "a category with no table") == parts


def test_the_upright_table_is_what_the_train_split_shows():
    assert measure_upright_labels() == UPRIGHT_LABELS
    assert "tabletop" in UPRIGHT_LABELS["desk"] and "shelf" in UPRIGHT_LABELS["bookshelf"]
    assert "leg" not in UPRIGHT_LABELS["table"] and "base_spoke" not in UPRIGHT_LABELS["office_chair"]
