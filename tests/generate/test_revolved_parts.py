"""Turned parts as surfaces of revolution (engine/generate/revolved_parts.py): a profile that is
already turned stays, what varies with the angle is averaged away, the axis is the box's upright
one, other labels and categories are untouched, and the table is what the train split shows."""

import numpy as np

from engine.generate.revolved_parts import (REVOLVED, measure_revolved, revolution_axis, revolve_logits,
                                            revolve_parts)

BOUND = 1.1


def node_grid(n: int = 33, m: int = 21):
    u = np.linspace(-BOUND, BOUND, n)
    w = np.linspace(-BOUND, BOUND, m)
    x, y, z = np.meshgrid(u, u, w, indexing="ij")
    return x, y, z


def shell(x, y, z) -> np.ndarray:
    """Logits of a cone-shaped shell about Z, 0.15 thick, positive inside the wall."""
    radius = np.hypot(x, y)
    wall = 0.6 + 0.2 * z
    return 4.0 * (0.15 - np.abs(radius - wall))


def test_a_turned_profile_stays_and_what_varies_with_the_angle_is_averaged_away():
    x, y, z = node_grid()
    turned = shell(x, y, z)
    kept = revolve_logits(turned, axis=2)
    wall = np.abs(turned) < 1.0
    assert np.abs(kept - turned)[wall].max() < 0.35            # ring interpolation, a fraction of a cell
    assert np.array_equal(kept > 0, turned > 0) or np.mean((kept > 0) != (turned > 0)) < 0.01
    angle, off_axis = np.arctan2(y, x), np.hypot(x, y) > 0       # no angle on the axis itself
    torn = turned + off_axis * (3.0 * np.cos(angle) + 2.0 * np.sin(3 * angle))   # holes on one side, lumps on another
    assert np.mean((torn > 0) != (turned > 0)) > 0.02
    mended = revolve_logits(torn, axis=2)
    assert np.abs(mended - kept).max() < 1e-6                 # the angular terms average to nothing on each ring
    assert np.abs(np.rot90(mended, 1, axes=(0, 1)) - mended).max() < 1e-6


def test_the_axis_of_revolution_is_the_box_axis_nearest_the_upright():
    x, y, z = node_grid()
    turned = shell(x, y, z)
    lying = np.moveaxis(turned, 2, 0)                         # the same shell, its axis the box's first
    assert np.abs(np.moveaxis(revolve_logits(lying, axis=0), 0, 2) - revolve_logits(turned, axis=2)).max() < 1e-9
    assert revolution_axis(np.eye(3)) == 2
    assert revolution_axis(np.array([[0.0, 0, 1], [0, 1, 0], [-1, 0, 0]])) == 0


def test_only_the_category_s_turned_labels_are_revolved_and_the_input_stays():
    x, y, z = node_grid()
    torn = shell(x, y, z) + 3.0 * np.cos(np.arctan2(y, x)) * (np.hypot(x, y) > 0)
    parts = [{"label": "lampshade", "rotation": np.eye(3)}, {"label": "lamp_pole", "rotation": np.eye(3)}]
    grids = [torn.copy(), torn.copy()]
    out = revolve_parts(parts, grids, "lamp")
    assert not np.array_equal(out[0], torn) and out[1] is grids[1]
    assert np.array_equal(grids[0], torn)
    assert revolve_parts(parts, grids, "chair")[0] is grids[0]


def test_the_turned_labels_are_what_the_train_split_shows():
    assert measure_revolved() == REVOLVED
    assert {"lampshade", "lamp_base"} <= set(REVOLVED["lamp"]) and REVOLVED["vase"] == ("body",)
    assert "chair" not in REVOLVED                            # chairs' legs are not all turned
