"""Primitives: watertight meshes, signed distances against analytic shapes and their own meshes."""

import numpy as np
import pytest

from engine.data.shapes.primitives import Lathe, RoundedBox, Tube, arc, polygon_sdf, rotation
from engine.ops.meshes import quality_report


def cylinder_sdf(p, radius, z0, z1):
    """Exact signed distance of a capped cylinder about Z."""
    r = np.hypot(p[:, 0], p[:, 1])
    dr, dz = r - radius, np.maximum(z0 - p[:, 2], p[:, 2] - z1)
    outside = np.hypot(np.maximum(dr, 0), np.maximum(dz, 0))
    return outside + np.minimum(np.maximum(dr, dz), 0)


def box_sdf_naive(p, half, radius):
    """Rounded box by definition: distance to the inner box, minus the radius."""
    inner = np.asarray(half) - radius
    nearest = np.clip(p, -inner, inner)
    d = np.linalg.norm(p - nearest, axis=1)
    inside = (np.abs(p) <= inner).all(1)
    depth = (inner - np.abs(p)).min(1)
    return np.where(inside, -depth, d) - radius


PRIMS = [
    RoundedBox(half=(0.3, 0.2, 0.1)),
    RoundedBox(half=(0.3, 0.2, 0.1), radius=0.04),
    RoundedBox(half=(0.1, 0.1, 0.1), radius=0.1),
    Lathe(profile=((0, 0), (0.4, 0), (0.45, 0.5), (0.3, 1), (0, 1))),
    Lathe(profile=((0.3, 0), (0.5, 0), (0.5, 0.2), (0.3, 0.2))),  # a ring: a closed loop
    Tube(path=tuple(map(tuple, arc((0, 0, 0), 0.5, 0, 180))), radius=0.05),
    Tube(path=((0, 0, 0), (0.3, 0.1, 0.4)), radius=0.04,
         rotation=rotation("x", 30), translation=np.array([0.2, -0.1, 0.5])),
]


@pytest.mark.parametrize("prim", PRIMS, ids=lambda p: type(p).__name__)
def test_meshes_are_watertight_and_match_their_signed_distance(prim):
    v, f = prim.mesh()
    q = quality_report(v, f)
    assert q["watertight"] and q["manifold"] and q["components"] == 1 and q["volume"] > 0
    lo, hi = v.min(0) - 0.05, v.max(0) + 0.05
    x = lo + (hi - lo) * np.random.default_rng(0).random((200_000, 3))
    mc_volume = (prim.sdf(x) < 0).mean() * np.prod(hi - lo)
    assert abs(mc_volume - q["volume"]) / q["volume"] < 0.07  # the mesh's chords cut a little off
    size = (v.max(0) - v.min(0)).max()
    assert np.abs(prim.sdf(v)).max() < 0.01 * size  # vertices lie on the surface


def test_lathe_distance_equals_the_analytic_cylinder():
    cyl = Lathe(profile=((0, 0.2), (0.5, 0.2), (0.5, 1.1), (0, 1.1)))
    x = np.random.default_rng(1).uniform(-1, 1.5, (20000, 3))
    assert np.allclose(cyl.sdf(x), cylinder_sdf(x, 0.5, 0.2, 1.1), atol=1e-12)


def test_rounded_box_distance_equals_the_definition_under_a_pose():
    box = RoundedBox(half=(0.3, 0.2, 0.1), radius=0.05, rotation=rotation("z", 30) @ rotation("x", 10),
                     translation=np.array([1.0, 2.0, 3.0]), scale=2.0)
    x = np.random.default_rng(2).uniform(-1, 1, (20000, 3)) + [1, 2, 3]
    local = (x - [1, 2, 3]) @ box.rotation / 2.0
    assert np.allclose(box.sdf(x), 2.0 * box_sdf_naive(local, (0.3, 0.2, 0.1), 0.05), atol=1e-12)


def test_polygon_sdf_matches_a_square():
    a = np.array([[0, 0], [1, 0], [1, 1], [0, 1.0]])
    b = np.roll(a, -1, axis=0)
    q = np.array([[0.5, 0.5], [2, 0.5], [0.5, -1], [2, 2], [0.9, 0.5]])
    d = polygon_sdf(q, a, b, np.ones(4, bool))
    assert np.allclose(d, [-0.5, 1, 1, np.sqrt(2), -0.1])


def test_transformed_scales_distance_and_mesh_together():
    box = RoundedBox(half=(0.3, 0.2, 0.1), radius=0.02)
    moved = box.transformed(0.5, np.array([1.0, 0.0, 0.0]))
    x = np.random.default_rng(3).uniform(-0.5, 0.5, (1000, 3))
    assert np.allclose(moved.sdf(0.5 * x + [1, 0, 0]), 0.5 * box.sdf(x))
    assert np.allclose(moved.mesh()[0], 0.5 * box.mesh()[0] + [1, 0, 0])
