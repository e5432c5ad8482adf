"""Assembly: floating parts are attached, touching parts stay put, the union is watertight."""

import numpy as np

from engine.data.shapes.primitives import RoundedBox
from engine.generate.assembly import attach_floating_parts, floating_parts, union_mesh
from engine.ops.meshes import quality_report


def three_boxes(gap):
    seat = RoundedBox(half=(0.3, 0.3, 0.05), translation=np.array([0, 0, 0.5])).mesh()
    leg = RoundedBox(half=(0.03, 0.03, 0.2), translation=np.array([0.2, 0.2, 0.25 - gap])).mesh()
    lamp = RoundedBox(half=(0.05, 0.05, 0.05), translation=np.array([0, 0, 0.6])).mesh()  # touches the seat
    v = np.concatenate([seat[0], leg[0], lamp[0]])
    f = np.concatenate([seat[1], leg[1] + len(seat[0]), lamp[1] + len(seat[0]) + len(leg[0])])
    fp = np.repeat([0, 1, 2], [len(seat[1]), len(leg[1]), len(lamp[1])])
    return v, f, fp, len(seat[0]), len(leg[0])


def test_a_floating_leg_is_moved_to_touch_and_the_rest_stays():
    v, f, fp, ns, nl = three_boxes(gap=0.1)
    assert floating_parts(v, f, fp, 0.01) == [1]
    out, moved = attach_floating_parts(v, f, fp, tolerance=0.01)
    assert moved == [1]
    assert floating_parts(out, f, fp, 0.01) == []
    assert np.array_equal(out[:ns], v[:ns]) and np.array_equal(out[ns + nl:], v[ns + nl:])
    shift = out[ns:ns + nl] - v[ns:ns + nl]
    assert np.allclose(shift, shift[0]) and 0.08 < shift[0, 2] < 0.1  # straight up, about the gap


def test_touching_parts_are_left_alone_and_the_union_is_watertight():
    v, f, fp, _, _ = three_boxes(gap=0.0)
    out, moved = attach_floating_parts(v, f, fp)
    assert moved == [] and np.array_equal(out, v)
    uv, uf = union_mesh(v, f, resolution=64)
    q = quality_report(uv, uf)
    assert q["watertight"] and q["components"] == 1


def test_a_short_leg_is_lowered_to_the_floor_and_nothing_else_moves():
    from engine.generate.assembly import level_ground_parts

    parts = [RoundedBox(half=(0.3, 0.3, 0.05), translation=np.array([0, 0, 0.5])).mesh(),
             RoundedBox(half=(0.03, 0.03, 0.225), translation=np.array([0.2, 0.2, 0.225])).mesh(),   # on the floor
             RoundedBox(half=(0.03, 0.03, 0.22), translation=np.array([-0.2, 0.2, 0.23])).mesh(),    # 0.01 short
             RoundedBox(half=(0.03, 0.03, 0.1), translation=np.array([0.0, -0.2, 0.35])).mesh()]     # far up: no
    offsets = np.cumsum([0] + [len(p[0]) for p in parts])
    v = np.concatenate([p[0] for p in parts])
    f = np.concatenate([p[1] + o for p, o in zip(parts, offsets)])
    fp = np.repeat(np.arange(4), [len(p[1]) for p in parts])
    out, moved = level_ground_parts(v, f, fp, ["seat", "leg_0", "leg_1", "leg_2"])
    assert moved == [2]
    assert np.isclose(out[offsets[2]:offsets[3], 2].min(), v[:, 2].min())
    assert np.allclose(out[offsets[2]:offsets[3], :2], v[offsets[2]:offsets[3], :2])  # straight down
    assert np.isclose(out[offsets[2]:offsets[3], 2].max(), v[offsets[2]:offsets[3], 2].max())  # its top stays
    keep = np.r_[0:offsets[2], offsets[3]:len(v)]
    assert np.array_equal(out[keep], v[keep])
    # a seat is never moved, whatever its height
    assert level_ground_parts(v, f, fp, ["seat", "seat_1", "seat_2", "seat_3"])[1] == []
