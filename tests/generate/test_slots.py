"""Part slots from procedural shapes: boxes that hold their parts, points that lie on them."""

import numpy as np
import pytest

from engine.data.shapes import CATEGORIES, generate_shape
from engine.data.shapes.labels import LABELS
from engine.generate.slots import (MAX_SLOTS, box_to_world, rotation_from_6d, rotation_to_6d,
                                   shape_to_slots)


def test_slots_hold_every_part_of_every_category():
    for category in CATEGORIES:
        for seed in range(6):
            shape = generate_shape(category, seed)
            slots = shape_to_slots(shape, points_per_part=64)
            assert slots.count() == len(shape.parts) <= MAX_SLOTS
            assert (slots.exists[len(shape.parts):] == 0).all()
            for k, part in enumerate(shape.parts):
                assert LABELS[slots.label[k]] == part.label
                v, _ = part.primitive.mesh()
                local = ((v - slots.centre[k]) @ slots.rotation[k]) / slots.half[k]
                assert np.abs(local).max() < 1 + 1e-4  # the box holds the part's mesh
                assert np.abs(local).max(0).min() > 0.999  # and touches it on every axis
                world = box_to_world(slots.points[k], slots.centre[k], slots.half[k], slots.rotation[k])
                assert np.abs(part.primitive.sdf(world)).max() < 0.01  # points lie on the part


def test_rotation_6d_round_trip():
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.normal(size=(10, 3, 3)))
    q *= np.sign(np.linalg.det(q))[:, None, None]
    assert np.allclose(rotation_from_6d(rotation_to_6d(q)), q, atol=1e-9)
    noisy = rotation_to_6d(q) + 0.01 * rng.normal(size=(10, 6))
    r = rotation_from_6d(noisy)
    assert np.allclose(r @ np.swapaxes(r, 1, 2), np.eye(3), atol=1e-9) and np.allclose(np.linalg.det(r), 1)


def test_too_many_parts_is_refused():
    shape = generate_shape("chair", 0)
    with pytest.raises(ValueError, match="more than 3 slots"):
        shape_to_slots(shape, max_slots=3)
