"""Iso-surface extractors on analytic fields: volumes, closedness, orientation, and the ambiguous
configurations where the classic 15-case table leaves holes and Lewiner does not."""

import numpy as np
import pytest

from engine.ops import meshes
from engine.ops.dual_contouring import dual_contouring
from engine.ops.isosurface import EXTRACTORS, extract_isosurface, marching_cubes
from engine.ops.marching_squares import contour_area, marching_squares
from engine.ops.mc_classic import classic_table, marching_cubes_classic
from engine.ops.metrics import nearest_distances, sample_surface


def grid(n: int, dims: int = 3):
    """Node coordinates in [-1, 1]^dims, (dims, n, ..., n), and the spacing."""
    return np.mgrid[tuple(slice(-1, 1, n * 1j) for _ in range(dims))], 2.0 / (n - 1)


def signed_volume(v, f) -> float:
    return float(np.einsum("ij,ij->i", v[f[:, 0]], np.cross(v[f[:, 1]], v[f[:, 2]])).sum() / 6)


def boundary_edges(f) -> int:
    return meshes.quality_report(np.zeros((int(f.max()) + 1, 3)), f)["boundary_edges"]


@pytest.mark.parametrize("method", EXTRACTORS)
def test_every_extractor_closes_a_sphere_with_its_volume_and_outward_faces(method):
    g, h = grid(41)
    values = 0.7 - np.sqrt((g ** 2).sum(0))
    v, f = extract_isosurface(values, 0.0, method)
    v = v * h - 1
    q = meshes.quality_report(v, f)
    assert q["watertight"] and q["manifold"] and q["components"] == 1 and q["genus"] == 0
    # positive signed volume: counter-clockwise seen from outside
    assert signed_volume(v, f) == pytest.approx(4 / 3 * np.pi * 0.7 ** 3, rel=0.01)
    assert np.abs(np.linalg.norm(v, axis=1) - 0.7).max() < 0.2 * h


def test_an_inverted_field_turns_the_faces_over():
    g, h = grid(25)
    values = np.sqrt((g ** 2).sum(0)) - 0.6          # inside is now everything but the ball
    for method in EXTRACTORS:
        v, f = extract_isosurface(values, 0.0, method)
        # the padded border closes the outer box; the ball is a cavity with faces towards its centre
        ball = np.linalg.norm(v * h - 1, axis=1) < 0.8
        inner = f[ball[f].all(1)]
        assert signed_volume(v * h - 1, inner) == pytest.approx(-4 / 3 * np.pi * 0.216, rel=0.03), method


def test_the_classic_table_is_derived_with_fifteen_cases_up_to_symmetry():
    table, counts = classic_table()
    assert counts[0] == counts[255] == 0
    assert counts.max() == 4                           # no classic case needs more than four triangles
    # complementary symmetry: a cube and its complement have the same triangles, turned over
    for index in range(1, 255):
        if bin(index).count("1") != 4:
            a = table[index, : counts[index]]
            b = table[255 - index, : counts[255 - index]][:, ::-1]
            assert sorted(map(tuple, np.sort(a, 1))) == sorted(map(tuple, np.sort(b, 1)))
    # the fifteen base cases: configurations up to the cube's rotations and complement
    from engine.ops.mc_classic import CORNERS
    from engine.generate.slots import BOX_SYMMETRIES

    def key(index):
        best = None
        for bits in (index, 255 - index):
            pts = CORNERS[[k for k in range(8) if bits >> k & 1]] - 0.5
            for s in BOX_SYMMETRIES:
                form = tuple(sorted(map(tuple, np.round(pts @ s.T, 3))))
                best = form if best is None or form < best else best
        return best
    assert len({key(i) for i in range(256)}) == 15


def test_ambiguous_faces_leave_holes_in_the_classic_table_and_not_in_lewiner():
    # Two cubes sharing a face whose diagonal corners are inside: the left cube has two inside
    # corners (cut off apart), the right one six (triangulated as its complement: joined).
    values = -np.ones((3, 2, 2))
    values[1, 0, 0] = values[1, 1, 1] = 1.0           # the shared face (x = 1): one diagonal inside
    values[2] = 1.0                                    # the right cube's far face: all inside
    v, f = marching_cubes_classic(values, 0.0)
    assert boundary_edges(f) > 0
    v, f = marching_cubes(values, 0.0)
    assert boundary_edges(f) == 0
    # and on a random field, full of ambiguous faces
    noise = np.random.default_rng(0).normal(size=(20, 20, 20))
    _, f_classic = marching_cubes_classic(noise, 0.0)
    _, f_lewiner = marching_cubes(noise, 0.0)
    assert boundary_edges(f_classic) > 100 and boundary_edges(f_lewiner) == 0


def test_classic_and_lewiner_agree_where_nothing_is_ambiguous():
    g, h = grid(21)
    values = 0.6 - np.sqrt(((g / np.array([1.0, 0.8, 0.6])[:, None, None, None]) ** 2).sum(0))
    a, fa = marching_cubes_classic(values, 0.0)
    b, fb = marching_cubes(values, 0.0)
    assert len(fa) == len(fb)
    # the same crossings; only the split of a four-to-six-sided loop into triangles may differ
    assert signed_volume(a, fa) == pytest.approx(signed_volume(b, fb), rel=1e-3)


def test_dual_contouring_keeps_the_sharp_edges_of_a_rotated_cube_better_than_marching_cubes():
    g, h = grid(33)
    rot = np.linalg.qr(np.array([[0.9, -0.3, 0.1], [0.3, 0.9, -0.2], [0.05, 0.2, 1.0]]))[0]
    local = np.einsum("ji,jxyz->ixyz", rot, g)                  # rot^T x
    values = 0.5 - np.abs(local).max(0)
    t = np.linspace(-0.5, 0.5, 40)
    edges = []
    for a in range(3):
        for s1 in (-0.5, 0.5):
            for s2 in (-0.5, 0.5):
                q = np.zeros((40, 3))
                q[:, a] = t
                others = [x for x in range(3) if x != a]
                q[:, others[0]], q[:, others[1]] = s1, s2
                edges.append(q)
    edges = np.concatenate(edges) @ rot.T
    errors = {}
    for name, fn in (("dc", dual_contouring), ("mc", marching_cubes)):
        v, f = fn(values, 0.0)
        v = v * h - 1
        q = meshes.quality_report(v, f)
        assert q["watertight"], name
        assert signed_volume(v, f) == pytest.approx(1.0, rel=0.02)
        errors[name] = nearest_distances(edges, sample_surface(v, f, 200000, 0)).mean() / h
    assert errors["dc"] < 0.75 * errors["mc"], errors


def test_marching_squares_circle_and_annulus_areas_and_closed_oriented_contours():
    g, h = grid(81, dims=2)
    r = np.sqrt((g ** 2).sum(0))
    v, s = marching_squares(0.6 - r, 0.0)
    assert contour_area(v * h, s) == pytest.approx(np.pi * 0.36, rel=2e-3)
    assert np.abs(np.linalg.norm(v * h - 1, axis=1) - 0.6).max() < 0.1 * h
    v, s = marching_squares(0.2 - np.abs(r - 0.6), 0.0)      # a ring: the hole runs clockwise
    assert contour_area(v * h, s) == pytest.approx(np.pi * (0.8 ** 2 - 0.4 ** 2), rel=2e-3)
    noise = np.random.default_rng(1).normal(size=(40, 40))
    v, s = marching_squares(noise, 0.0)
    # closed: every vertex starts exactly one segment and ends exactly one
    assert (np.bincount(s[:, 0], minlength=len(v)) == 1).all() and (np.bincount(s[:, 1], minlength=len(v)) == 1).all()


def count_loops(segments) -> int:
    following = dict(map(tuple, segments))
    seen, loops = set(), 0
    for start in following:
        if start not in seen:
            loops += 1
            node = start
            while node not in seen:
                seen.add(node)
                node = following[node]
    return loops


def test_marching_squares_saddle_follows_the_asymptotic_decider():
    # corners (0,0) and (1,1) inside; the bilinear saddle value decides whether they join:
    # (1 * 1 - 1.5 * 1.5) / 5 < 0 keeps them apart (two contours), (9 - 1) / 8 > 0 joins them (one)
    assert count_loops(marching_squares(np.array([[1.0, -1.5], [-1.5, 1.0]]), 0.0)[1]) == 2
    assert count_loops(marching_squares(np.array([[3.0, -1.0], [-1.0, 3.0]]), 0.0)[1]) == 1
    with pytest.raises(ValueError, match="2-D"):
        marching_squares(np.zeros((3, 3, 3)), 0.0)


def test_unknown_extractor_is_refused():
    with pytest.raises(ValueError, match="lewiner"):
        extract_isosurface(np.zeros((3, 3, 3)), 0.0, "nope")
