"""Part slots from procedural shapes: boxes that hold their parts, points that lie on them."""

import numpy as np
import pytest

from engine.data.shapes import CATEGORIES, generate_shape
from engine.data.shapes.labels import LABELS
from engine.generate.slots import (MAX_SLOTS, SLOT_LAYOUT, box_to_world, layout_slots, rotation_from_6d,
                                   rotation_to_6d, shape_to_slots)


def test_slots_hold_every_part_of_every_category():
    for category in CATEGORIES:
        for seed in range(6):
            shape = generate_shape(category, seed)
            slots = shape_to_slots(shape, points_per_part=64)
            assert slots.count() == len(shape.parts) <= MAX_SLOTS
            where = layout_slots(category, [p.label for p in shape.parts])
            assert len(set(where)) == len(where) and (slots.exists[where] == 1).all()
            for k, part in zip(where, shape.parts):
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


def test_canonical_boxes_are_the_same_box_with_the_rotation_nearest_the_identity():
    from engine.generate.slots import BOX_SYMMETRIES, canonical_box

    rng = np.random.default_rng(1)
    corners = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)], dtype=np.float64)
    for _ in range(50):
        q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
        q *= np.sign(np.linalg.det(q))
        centre, half = rng.normal(size=3), rng.uniform(0.05, 1.0, 3)
        c2, h2, q2 = canonical_box(centre, half, q)
        same = np.sort(box_to_world(corners, centre, half, q).round(9), 0)
        assert np.allclose(same, np.sort(box_to_world(corners, c2, h2, q2).round(9), 0), atol=1e-8)
        assert np.isclose(np.linalg.det(q2), 1) and np.trace(q2) >= max(np.trace(q @ s) for s in BOX_SYMMETRIES) - 1e-9
        # naming the same box's axes differently gives the same canonical form
        s = BOX_SYMMETRIES[rng.integers(24)]
        c3, h3, q3 = canonical_box(centre, np.abs(s.T) @ half, q @ s)
        assert np.allclose(q3, q2) and np.allclose(h3, h2)


def test_upright_legs_share_one_convention_whatever_primitive_made_them():
    for category, seed in (("chair", 0), ("stool", 1), ("table", 3), ("office_chair", 2)):
        slots = shape_to_slots(generate_shape(category, seed), points_per_part=16)
        for k in np.flatnonzero(slots.exists):
            if LABELS[slots.label[k]] == "leg" and slots.rotation[k][2, 2] > 0.95:  # near vertical
                assert np.argmax(slots.half[k]) == 2, (category, seed, slots.half[k])


def test_every_shape_fits_its_category_layout_and_each_slot_keeps_one_label():
    from engine.data.shapes import shape_for_index

    assert set(SLOT_LAYOUT) == set(CATEGORIES)
    slot_label: dict = {}
    for split, count in (("train", 1500), ("test", 300)):
        for i in range(count):
            shape = shape_for_index(split, i)
            for k, part in zip(layout_slots(shape.category, [p.label for p in shape.parts]), shape.parts):
                assert slot_label.setdefault((shape.category, k), part.label) == part.label
    for category, layout in SLOT_LAYOUT.items():
        assert sum(n for _, n in layout) <= MAX_SLOTS
        assert len({label for label, _ in layout}) == len(layout)


def test_a_part_beyond_its_block_is_refused():
    assert layout_slots("stool", ["seat", "leg", "leg", "footrest"]) == [0, 1, 2, 5]
    with pytest.raises(ValueError, match="no slot left for its part 'leg'"):
        layout_slots("stool", ["seat"] + ["leg"] * 5)
    with pytest.raises(ValueError, match="no slot left for its part 'shelf'"):
        layout_slots("stool", ["shelf"])


def test_labels_snap_to_the_layout_of_the_category_the_bits_or_the_reader_name():
    from engine.data.shapes import shape_for_index
    from engine.generate.slot_codec import (LABEL_BITS, CodecStats, encode_slots, label_from_bits,
                                            snap_labels_to_layout)
    from engine.generate.slots import shape_to_slots

    shape = next(s for s in (shape_for_index("train", i) for i in range(40)) if s.category == "office_chair")
    slots = shape_to_slots(shape, points_per_part=8)
    stats = CodecStats(np.zeros(3), np.ones(3), np.zeros(16), np.ones(16))
    x = encode_slots(slots.exists, slots.label, slots.centre, slots.half, slots.rotation,
                     np.zeros((MAX_SLOTS, 16)), stats)
    noisy = x.copy()
    filled = np.flatnonzero(x[:, 0] > 0)
    rng = np.random.default_rng(0)
    for k in filled[::2]:                                  # every other part gets one bit flipped, softly
        noisy[k, 1 + rng.integers(LABEL_BITS)] *= -0.3
    assert any(label_from_bits(noisy[k:k + 1, 1:1 + LABEL_BITS])[0] != slots.label[k] for k in filled)
    snapped, category = snap_labels_to_layout(noisy)
    assert category == "office_chair"
    assert [int(label_from_bits(snapped[k:k + 1, 1:1 + LABEL_BITS])[0]) for k in filled] == list(slots.label[filled])
    assert np.array_equal(snapped[:, 1 + LABEL_BITS:], noisy[:, 1 + LABEL_BITS:])   # only the label bits move
    assert np.array_equal(snapped[x[:, 0] <= 0], noisy[x[:, 0] <= 0])              # empty slots untouched
    # a reader sure of another category decides; an unsure one does not
    _, read = snap_labels_to_layout(noisy, {"cabinet": 0.9, "office_chair": 0.1})
    _, unsure = snap_labels_to_layout(noisy, {"cabinet": 0.4, "office_chair": 0.3})
    assert read == "cabinet" and unsure == "office_chair"
    assert LABELS[int(label_from_bits(snap_labels_to_layout(noisy, {"cabinet": 0.9})[0][:1, 1:1 + LABEL_BITS])[0])] \
        == SLOT_LAYOUT["cabinet"][0][0]
