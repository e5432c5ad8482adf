"""Screened Poisson reconstruction: analytic shapes, the real bunny scans, and bad inputs."""

import hashlib
import os

import numpy as np
import pytest

from engine.errors import EngineError
from engine.jobs import JobContext
from engine.reconstruct.poisson import Config, ScreenedPoisson
from engine.config import from_dict, to_dict
from tests.conftest import BUNNY, needs_bunny, sphere_points, torus_points


def reconstruct(tmp_path, points, normals=None, **params):
    path = tmp_path / "in.npz"
    arrays = {"points": points} if normals is None else {"points": points, "normals": normals}
    np.savez(path, **arrays)
    result = ScreenedPoisson.run({"points": str(path)}, ScreenedPoisson.parse_config(params), JobContext())
    return result.objects[0]


@pytest.mark.parametrize("shape, points, volume, area, genus", [
    ("sphere", sphere_points(20000, radius=1.0, seed=1), 4 / 3 * np.pi, 4 * np.pi, 0),
    ("torus", torus_points(30000, 1.0, 0.35, seed=2), 2 * np.pi ** 2 * 0.35 ** 2, 4 * np.pi ** 2 * 0.35, 1),
])
def test_noisy_analytic_shapes_reconstruct_watertight_with_volume_and_area(tmp_path, shape, points, volume, area, genus):
    mesh, q = reconstruct(tmp_path, points, resolution=96)
    assert q["watertight"] and q["manifold"] and q["components"] == 1 and q["genus"] == genus
    # 2% is the issue's bound; we measure about 0.1%, so 0.5% still catches a real regression.
    assert q["volume"] == pytest.approx(volume, rel=0.005)
    assert q["area"] == pytest.approx(area, rel=0.005)
    assert q["input_to_surface_mean"] < 0.01  # noise sigma is 0.0025-0.0034, plus the report's sampling


def test_a_cloud_far_denser_than_the_grid_is_thinned_and_meshes_the_same(tmp_path):
    """200,000 points on a sphere meshed at 48 cells: about 40 points a cell, thinned to one."""
    pts = sphere_points(200000, seed=4)
    thin_mesh, thin_q = reconstruct(tmp_path, pts, resolution=48)
    full_mesh, full_q = reconstruct(tmp_path, pts, resolution=48, thin_above=0)
    assert thin_q["watertight"] and thin_q["components"] == 1
    assert thin_q["volume"] == pytest.approx(4 / 3 * np.pi, rel=0.01)
    assert thin_q["volume"] == pytest.approx(full_q["volume"], rel=0.003)
    radial_error = lambda mesh: np.abs(np.linalg.norm(mesh.vertices, axis=1) - 1)
    # Measured: mean 0.0007 thinned, 0.0003 in full (the cell is 0.05, the noise sigma 0.0025).
    assert radial_error(full_mesh).mean() < radial_error(thin_mesh).mean() < 0.02 * 0.05
    assert radial_error(thin_mesh).max() < 0.01   # a fifth of a cell
    path = tmp_path / "in.npz"
    result = ScreenedPoisson.run({"points": str(path)}, ScreenedPoisson.parse_config({"resolution": 48}), JobContext())
    assert 180000 < result.report["thinned_away"] < 197000
    kept = ScreenedPoisson.run({"points": str(path)}, ScreenedPoisson.parse_config({"resolution": 48, "thin_above": 50}),
                               JobContext())
    assert kept.report["thinned_away"] == 0   # about 40 points a cell is under 50: left as it is


def test_inward_given_normals_are_turned_outward(tmp_path):
    pts = sphere_points(8000, seed=3)
    inward = -pts / np.linalg.norm(pts, axis=1, keepdims=True)
    _, q = reconstruct(tmp_path, pts, normals=inward, resolution=48, orientation="given")
    assert q["watertight"] and q["volume"] == pytest.approx(4 / 3 * np.pi, rel=0.02)


def test_mesh_input_with_holes_becomes_watertight(tmp_path):
    """A UV sphere with its top cap cut away (a holey scan mesh) closes into a sphere."""
    import trimesh

    sphere = trimesh.creation.icosphere(subdivisions=4)
    keep = sphere.triangles_center[:, 2] < 0.8
    path = tmp_path / "holey.npz"
    np.savez(path, vertices=sphere.vertices, faces=sphere.faces[keep])
    result = ScreenedPoisson.run({"mesh": str(path)}, ScreenedPoisson.parse_config({"resolution": 64}), JobContext())
    _, q = result.objects[0]
    assert q["watertight"] and q["components"] == 1
    assert q["volume"] == pytest.approx(4 / 3 * np.pi, rel=0.05)


def test_config_round_trips_and_refuses_bad_values():
    c = Config(resolution=64, screening=2.5)
    assert from_dict(Config, to_dict(c)) == c
    for bad in ({"resolution": 8}, {"resolution": 2.5}, {"screening": float("inf")}, {"orientation": "x"},
                {"keep_largest": 1}, {"nope": 1}):
        with pytest.raises(EngineError) as info:
            from_dict(Config, bad)
        assert info.value.code == "BAD_PARAMS"


@needs_bunny()
def test_real_bunny_scans_reconstruct_to_one_watertight_component_close_to_the_zipper(tmp_path):
    from engine.data.range_scans import load_range_scans
    from engine.formats import read_input
    from engine.ops.metrics import sample_surface, surface_distances

    points, _ = load_range_scans(os.path.join(BUNNY, "data", "bun.conf"))
    mesh, q = reconstruct(tmp_path, points)  # default settings, no normals, no scanner positions
    assert q["watertight"] and q["manifold"] and q["components"] == 1 and q["boundary_edges"] == 0
    zipper = read_input(os.path.join(BUNNY, "reconstruction", "bun_zipper.ply"))
    reference = sample_surface(zipper.vertices, zipper.faces, 200000, seed=1)
    ours = surface_distances(sample_surface(mesh.vertices, mesh.faces, 200000, seed=2), reference)
    rng = np.random.default_rng(0)
    scans = surface_distances(points[rng.choice(len(points), 200000, replace=False)], reference)
    assert ours["chamfer_l1"] <= 1.10 * scans["chamfer_l1"], (ours, scans)


def _file_digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


@pytest.mark.parametrize("name, points, fragment", [
    ("one point", np.zeros((1, 3)), "at least 10 are needed"),
    ("identical", np.ones((500, 3)), "same position"),
    ("nan", np.vstack([sphere_points(500), [[np.nan, 0, 0]]]), "NaN or infinite"),
    ("inf", np.vstack([sphere_points(500), [[0, np.inf, 0]]]), "NaN or infinite"),
    ("planar", np.c_[np.random.default_rng(0).random((2000, 2)), np.zeros(2000)], "plane or a line"),
    ("line", np.outer(np.linspace(0, 1, 500), [1, 2, 3]), "plane or a line"),
    ("no points", np.zeros((0, 3)), "no points"),
])
def test_bad_point_clouds_give_a_clear_error_and_leave_the_file_alone(tmp_path, name, points, fragment):
    path = tmp_path / "bad.npz"
    np.savez(path, points=points)
    before = _file_digest(path)
    with pytest.raises(EngineError) as info:
        ScreenedPoisson.run({"points": str(path)}, ScreenedPoisson.parse_config({"resolution": 32}), JobContext())
    assert info.value.code == "BAD_INPUT" and fragment in info.value.message
    assert _file_digest(path) == before


def test_empty_file_and_mesh_without_faces(tmp_path):
    empty = tmp_path / "empty.ply"
    empty.write_bytes(b"")
    with pytest.raises(EngineError, match="empty"):
        ScreenedPoisson.run({"points": str(empty)}, Config(), JobContext())
    faceless = tmp_path / "faceless.npz"
    np.savez(faceless, vertices=sphere_points(100), faces=np.zeros((0, 3), np.int32))
    with pytest.raises(EngineError, match="no faces"):
        ScreenedPoisson.run({"mesh": str(faceless)}, Config(), JobContext())


def test_cancel_token_stops_the_job(tmp_path):
    import threading

    path = tmp_path / "p.npz"
    np.savez(path, points=sphere_points(5000))
    ctx = JobContext(cancel_event=threading.Event())
    ctx.cancel_event.set()
    with pytest.raises(EngineError) as info:
        ScreenedPoisson.run({"points": str(path)}, Config(resolution=32), ctx)
    assert info.value.code == "CANCELLED"
