"""Assembly: floating parts are attached, touching parts stay put, the union is watertight; a decoded
part is made one piece where it can be (part_slots.one_piece_mesh)."""

import numpy as np
import pytest

from engine.data.shapes.primitives import RoundedBox
from engine.generate.assembly import attach_floating_parts, floating_parts, to_unit_frame, union_mesh
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


def test_a_leg_poking_up_through_the_top_is_shortened_to_end_inside_it_and_nothing_else_moves():
    from engine.generate.assembly import seat_legs_under_tops

    parts = [RoundedBox(half=(0.4, 0.3, 0.025), translation=np.array([0, 0, 0.725])).mesh(),     # top 0.70-0.75
             RoundedBox(half=(0.03, 0.03, 0.4), translation=np.array([0.3, 0.2, 0.4])).mesh(),    # 0-0.80: pokes
             RoundedBox(half=(0.03, 0.03, 0.37), translation=np.array([-0.3, 0.2, 0.37])).mesh(),  # 0-0.74: inside
             RoundedBox(half=(0.03, 0.03, 0.4), translation=np.array([0.6, 0.0, 0.4])).mesh(),    # beside the top
             RoundedBox(half=(0.03, 0.03, 0.4), translation=np.array([-0.3, -0.2, 0.4])).mesh()]  # a post: not a leg
    offsets = np.cumsum([0] + [len(p[0]) for p in parts])
    v = np.concatenate([p[0] for p in parts])
    f = np.concatenate([p[1] + o for p, o in zip(parts, offsets)])
    fp = np.repeat(np.arange(5), [len(p[1]) for p in parts])
    names = ["tabletop", "leg_0", "leg_1", "leg_2", "back_post"]
    out, moved = seat_legs_under_tops(v, f, fp, names)
    assert moved == [1]
    leg = out[offsets[1]:offsets[2]]
    assert np.isclose(leg[:, 2].max(), 0.725) and np.isclose(leg[:, 2].min(), 0.0)   # ends mid-top, foot kept
    assert np.allclose(leg[:, :2], v[offsets[1]:offsets[2], :2])
    keep = np.r_[0:offsets[1], offsets[2]:len(v)]
    assert np.array_equal(out[keep], v[keep])
    assert floating_parts(out, f, fp, 0.01) == floating_parts(v, f, fp, 0.01)


def test_no_leg_of_a_procedural_shape_is_shortened():
    from engine.data.shapes import CATEGORIES, shape_for_index
    from engine.generate.assembly import seat_legs_under_tops
    from engine.generate.part_slots import instance_names

    names = list(CATEGORIES)
    for category in ("table", "stool", "chair", "desk", "armchair"):
        for i in range(25):
            shape = shape_for_index("train", names.index(category) + len(names) * i)
            mesh = shape.mesh()
            part_names = instance_names([part.label for part in shape.parts])   # as the generator names parts
            assert seat_legs_under_tops(mesh.vertices, mesh.faces, mesh.face_part, part_names)[1] == [], (category, i)
            legs = [k for k, n in enumerate(part_names) if n.startswith("leg")]
            if category == "table" and legs:   # the same table with its legs raised 0.08 through its top: caught
                v = mesh.vertices.copy()
                leg_vertices = np.unique(mesh.faces[np.isin(mesh.face_part, legs)])
                top_vertices = np.unique(mesh.faces[np.isin(mesh.face_part, [part_names.index("tabletop")])])
                v[leg_vertices, 2] += v[top_vertices, 2].max() + 0.08 - v[leg_vertices, 2].max()
                assert seat_legs_under_tops(v, mesh.faces, mesh.face_part, part_names)[1] == legs, i


def test_the_unit_frame_centres_the_box_and_makes_its_longest_side_one_keeping_proportions():
    rng = np.random.default_rng(0)
    v = rng.uniform([-0.2, 0.1, 0.3], [0.5, 0.4, 1.6], (200, 3))
    lo, hi = v.min(0), v.max(0)
    out = to_unit_frame(v)
    assert np.allclose(out.min(0) + out.max(0), 0) and np.isclose((out.max(0) - out.min(0)).max(), 1.0)
    assert np.allclose(out, (v - (lo + hi) / 2) / (hi - lo)[2])           # one scale: the height was longest
    assert np.allclose(to_unit_frame(out), out)                              # a shape in the frame stays
    assert to_unit_frame(np.zeros((0, 3))).shape == (0, 3)
    assert np.array_equal(to_unit_frame(np.ones((3, 3))), np.ones((3, 3)))   # a point: nothing to scale


def _bar_logits(gap_start: int, gap_end: int) -> np.ndarray:
    """A bar along x through a (30, 9, 9) node grid, logits +1 inside and -1 outside, cut by
    slightly negative logits over x in [gap_start, gap_end), with a lone speck in a corner."""
    grid = -np.ones((30, 9, 9), np.float32)
    grid[3:27, 3:6, 3:6] = 1.0
    grid[gap_start:gap_end, 3:6, 3:6] = -0.1
    grid[1, 7, 7] = 1.0
    return grid


@pytest.mark.parametrize("gap, pieces", [((14, 15), 1), ((14, 16), 1), ((8, 22), 2)])
def test_a_broken_part_is_joined_where_a_closing_bridges_it_and_specks_go(gap, pieces):
    from engine.generate.part_slots import one_piece_mesh
    from engine.generate.part_vae import mesh_from_logits
    from engine.ops.meshes import face_components

    grid = _bar_logits(*gap)
    raw = mesh_from_logits(grid)
    assert face_components(raw[1], len(raw[0])).max() + 1 == 3          # two halves and the speck
    vertices, faces = one_piece_mesh(grid, raw)
    assert face_components(faces, len(vertices)).max() + 1 == pieces     # a wide gap stays open
    assert quality_report(vertices, faces)["watertight"]
    assert vertices[:, 0].min() > -1.0                                   # the speck near x = -1 is gone
