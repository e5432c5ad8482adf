"""Scan repair: holes, flipped faces, soups and fragments in; one closed piece that keeps the scan out."""

import hashlib
import subprocess
import sys

import numpy as np
import pytest
import trimesh

from engine.errors import EngineError
from engine.jobs import JobContext
from engine.ops import meshes
from engine.ops.mesh_repair import (_triangles_cross, closest_on_triangles, closest_points, orient_coherently,
                                    self_intersections, weld, winding_numbers)
from engine.repair.poisson_fill import PoissonFill, snap_without_crossings


def broken_sphere(seed=0, subdivisions=3):
    """An icosphere with its cap cut away, a third of its faces flipped, every face unwelded (a
    soup), and a small stray triangle far away."""
    s = trimesh.creation.icosphere(subdivisions=subdivisions)
    faces = s.faces[s.triangles_center[:, 2] < 0.8].copy()
    flip = np.random.default_rng(seed).random(len(faces)) < 0.33
    faces[flip] = faces[flip][:, ::-1]
    soup = s.vertices[faces].reshape(-1, 3)
    stray = np.array([[3.0, 3.0, 3.0], [3.02, 3.0, 3.0], [3.0, 3.02, 3.0]])
    vertices = np.vstack([soup, stray])
    faces = np.vstack([np.arange(len(soup)).reshape(-1, 3), [[len(soup), len(soup) + 1, len(soup) + 2]]])
    return s, vertices, faces, int(flip.sum())


def repair(tmp_path, vertices, faces, **params):
    path = tmp_path / "scan.npz"
    np.savez(path, vertices=vertices, faces=faces)
    return PoissonFill.run({"mesh": str(path)}, PoissonFill.parse_config(params), JobContext())


def test_a_holey_flipped_soup_becomes_one_closed_piece_that_keeps_the_scan(tmp_path):
    sphere, vertices, faces, flipped = broken_sphere()
    result = repair(tmp_path, vertices, faces, tolerance=0.008)
    mesh, q = result.objects[0]
    r = result.report
    assert q["watertight"] and q["manifold"] and q["components"] == 1 and q["genus"] == 0
    assert q["boundary_edges"] == 0 and q["non_manifold_edges"] == 0
    assert r["components_dropped"] == 1                      # the stray triangle
    assert min(r["faces_flipped"], len(faces) - 1 - r["faces_flipped"]) == flipped
    # the scanned part is kept within the tolerance; the cap (about 7% of the area) was filled
    assert r["scan_to_result_max"] < r["tolerance"] and r["scan_within_tolerance"] == 1.0
    assert 0.03 < r["filled_area_fraction"] < 0.15
    # only the hole was filled: every vertex off the sphere lies in the missing cap, under it
    # (a taut patch across the opening, no bulge out of the sphere)
    radius = np.linalg.norm(mesh.vertices, axis=1)
    off = np.abs(radius - 1) > 0.02
    assert off.any() and mesh.vertices[off, 2].min() > 0.7 and radius.max() < 1.02
    assert q["volume"] == pytest.approx(sphere.volume, rel=0.06)
    assert r["self_intersections"] == 0 and len(self_intersections(mesh.vertices, mesh.faces)) == 0


def test_crossing_faces_are_found_like_a_test_of_every_pair():
    tri = np.array([[[0, 0, 0], [1, 0, 0], [0, 1, 0]],          # 0: in z = 0
                    [[0.2, 0.2, -0.5], [0.2, 0.2, 0.5], [0.3, 0.6, 0.5]],   # 1: pierces 0
                    [[2, 2, 2], [3, 2, 2], [2, 3, 2]],          # 2: far away
                    [[0, 0, 0], [0, -1, 0], [0, 0, 1]]], float)  # 3: shares a corner with 0
    vertices = tri.reshape(-1, 3)
    faces = np.arange(12).reshape(4, 3)
    faces[3, 0] = 0                                             # the shared corner is one vertex
    assert self_intersections(vertices, faces).tolist() == [[0, 1]]
    # A soup of random small triangles against every pair tested (vertex-sharing pairs excluded).
    rng = np.random.default_rng(3)
    centres = rng.random((300, 1, 3))
    soup = (centres + 0.08 * rng.normal(size=(300, 3, 3))).reshape(-1, 3)
    soup_faces = np.arange(900).reshape(300, 3)
    i, j = np.triu_indices(300, 1)
    naive = np.stack([i, j], 1)[_triangles_cross(soup[soup_faces[i]], soup[soup_faces[j]])]
    found = self_intersections(soup, soup_faces)
    assert len(naive) > 20 and found.tolist() == naive.tolist()


def test_a_snap_that_would_make_faces_cross_is_undone():
    # Two parallel squares 0.1 apart; snapping two corners of the upper one to below the lower one
    # tilts it through the lower square.
    square = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], float)
    vertices = np.vstack([square, square + [0, 0, 0.1]])
    faces = np.array([[0, 1, 2], [0, 2, 3], [4, 5, 6], [4, 6, 7]])
    targets = vertices.copy()
    targets[[4, 5], 2] = -0.2
    snap = np.zeros(8, dtype=bool)
    snap[[4, 5]] = True
    assert len(self_intersections(np.where(snap[:, None], targets, vertices), faces)) > 0
    moved, kept, crossings, undone = snap_without_crossings(vertices, targets, snap, faces)
    assert crossings == 0 and undone == 2 and not kept.any() and np.array_equal(moved, vertices)
    # A snap that crosses nothing stays.
    targets[[4, 5], 2] = 0.05
    moved, kept, crossings, undone = snap_without_crossings(vertices, targets, snap, faces)
    assert crossings == 0 and undone == 0 and kept[[4, 5]].all() and moved[4, 2] == 0.05


def test_closest_points_on_triangles_match_a_dense_sampling():
    rng = np.random.default_rng(1)
    tri = rng.normal(size=(200, 3, 3))
    p = rng.normal(size=(200, 3)) * 2
    got = closest_on_triangles(p, tri)
    u, v = np.meshgrid(np.linspace(0, 1, 201), np.linspace(0, 1, 201))
    keep = u + v <= 1
    bary = np.stack([1 - u[keep] - v[keep], u[keep], v[keep]], 1)       # (S, 3)
    dense = np.einsum("sk,nkd->nsd", bary, tri)
    reference = np.linalg.norm(dense - p[:, None], axis=2).min(1)
    assert np.all(np.linalg.norm(got - p, axis=1) <= reference + 1e-12)
    assert np.allclose(np.linalg.norm(got - p, axis=1), reference, atol=0.02)


def test_closest_points_on_a_mesh_find_the_sphere():
    s = trimesh.creation.icosphere(subdivisions=4)
    x = np.random.default_rng(2).normal(size=(300, 3))
    _, d, _ = closest_points(x, s.vertices, s.faces)
    assert np.allclose(d, np.abs(np.linalg.norm(x, axis=1) - 1), atol=0.01)


def test_winding_numbers_inside_outside_and_through_a_hole():
    s = trimesh.creation.icosphere(subdivisions=3)
    inside, outside = np.array([[0.1, 0.2, -0.1]]), np.array([[1.5, 0.0, 0.3]])
    assert winding_numbers(inside, s.vertices, s.faces)[0] == pytest.approx(1.0, abs=1e-9)
    assert winding_numbers(outside, s.vertices, s.faces)[0] == pytest.approx(0.0, abs=1e-9)
    assert winding_numbers(inside, s.vertices, s.faces[:, ::-1])[0] == pytest.approx(-1.0, abs=1e-9)
    holey = s.faces[s.triangles_center[:, 2] < 0.8]
    w = winding_numbers(np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.95], [0.0, 0.0, 2.0]]), s.vertices, holey)
    # the missing cap subtends a tenth of the sphere at the centre; smooth across the hole
    assert w[0] == pytest.approx(0.9, abs=0.01) and 0.2 < w[1] < 0.8 and abs(w[2]) < 0.1


def test_coherent_orientation_and_welding():
    s = trimesh.creation.icosphere(subdivisions=2)
    faces = s.faces.copy()
    flip = np.random.default_rng(3).random(len(faces)) < 0.5
    faces[flip] = faces[flip][:, ::-1]
    fixed, patch, flipped = orient_coherently(faces)
    assert patch.max() == 0
    q = meshes.quality_report(s.vertices, fixed)
    assert q["watertight"] and abs(abs(q["volume"]) - s.volume) < 1e-9
    soup = s.vertices[s.faces].reshape(-1, 3)
    v, f, merged, dropped = weld(soup, np.arange(len(soup)).reshape(-1, 3), 1e-9)
    assert len(v) == len(s.vertices) and merged == len(soup) - len(s.vertices) and dropped == 0
    assert meshes.quality_report(v, f)["watertight"]


def test_repair_refuses_a_point_cloud_and_bad_meshes_and_leaves_the_file_alone(tmp_path):
    path = tmp_path / "points.npz"
    np.savez(path, points=np.random.default_rng(0).normal(size=(500, 3)))
    with pytest.raises(EngineError) as info:
        PoissonFill.run({"points": str(path)}, PoissonFill.parse_config({}), JobContext())
    assert info.value.code == "BAD_INPUT" and "needs a mesh" in info.value.message
    for vertices, faces, fragment in (
            (np.array([[0, 0, 0], [1, 0, 0], [np.nan, 1, 0]]), np.array([[0, 1, 2]]), "NaN or infinite"),
            (np.zeros((3, 3)), np.array([[0, 1, 2]]), "zero area"),
            (np.eye(3), np.array([[0, 1, 7]]), "missing vertices")):
        path = tmp_path / "bad.npz"
        np.savez(path, vertices=vertices, faces=faces)
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        with pytest.raises(EngineError) as info:
            PoissonFill.run({"mesh": str(path)}, PoissonFill.parse_config({}), JobContext())
        assert info.value.code == "BAD_INPUT" and fragment in info.value.message
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    with pytest.raises(EngineError) as info:
        PoissonFill.parse_config({"tolerance": 0.5})
    assert info.value.code == "BAD_PARAMS"


def test_repair_from_the_command_line(tmp_path):
    _, vertices, faces, _ = broken_sphere(seed=4, subdivisions=2)
    path = tmp_path / "scan.npz"
    np.savez(path, vertices=vertices, faces=faces)
    out = tmp_path / "fixed.ply"
    proc = subprocess.run([sys.executable, "-m", "engine", "repair", str(path), "-o", str(out), "--tolerance", "0.01",
                           "--quiet"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "watertight=True" in proc.stdout and "components=1" in proc.stdout
    from engine.formats import read_input

    fixed = read_input(str(out), kind="mesh")
    assert meshes.quality_report(fixed.vertices, fixed.faces)["watertight"]
