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
