"""The add-on's exchange files (numpy only, no Blender) against what the engine writes."""

import json

import numpy as np
import pytest

from blender_addon.io import exchange
from engine.jobs import JobContext, run_job
from engine.formats import write_mesh
from engine.structures import PartMesh
from tests.conftest import sphere_points


def test_points_and_mesh_inputs_are_what_the_engine_reads(tmp_path):
    from engine.formats import read_input

    pts = sphere_points(100).astype(np.float32)
    cloud = read_input(exchange.write_points(str(tmp_path / "p.npz"), pts))
    np.testing.assert_array_equal(cloud.points, pts.astype(np.float64))
    faces = np.array([[0, 1, 2], [2, 3, 0]], np.int32)
    mesh = read_input(exchange.write_mesh(str(tmp_path / "m.npz"), pts[:4], faces))
    np.testing.assert_array_equal(mesh.faces, faces)


def test_result_of_a_real_job_loads_with_parts(tmp_path):
    np.savez(tmp_path / "in.npz", points=sphere_points(4000))
    manifest = run_job("reconstruct", "poisson", {"resolution": 32}, {"points": str(tmp_path / "in.npz")},
                       str(tmp_path / "out"), JobContext())
    objects, raw = exchange.load_result(manifest)
    assert raw["provenance"]["task"] == "reconstruct"
    (label, verts, faces), = objects[0]["parts"]
    assert label == "surface" and verts.dtype == np.float32 and faces.dtype == np.int32
    assert faces.max() == len(verts) - 1 and objects[0]["quality"]["watertight"]


def test_split_parts_reindexes_each_part(tmp_path):
    v = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [5, 5, 5], [6, 5, 5], [5, 6, 5]], float)
    mesh = PartMesh(v, [[0, 1, 2], [3, 4, 5]], [1, 0], ["seat", "back"])
    write_mesh(tmp_path / "o.npz", mesh)
    parts = exchange.split_parts(exchange.read_result_mesh(str(tmp_path / "o.npz")))
    assert [p[0] for p in parts] == ["seat", "back"]
    np.testing.assert_allclose(parts[0][1], v[3:])  # seat is faces with part 0, the second triangle
    np.testing.assert_array_equal(parts[0][2], [[0, 1, 2]])


def test_corrupt_results_are_refused(tmp_path):
    np.savez(tmp_path / "bad.npz", vertices=np.zeros((3, 3)), faces=np.array([[0, 1, 7]]))
    with pytest.raises(ValueError):
        exchange.read_result_mesh(str(tmp_path / "bad.npz"))
    (tmp_path / "result.json").write_text(json.dumps({"nothing": 1}))
    with pytest.raises(ValueError):
        exchange.read_manifest(str(tmp_path / "result.json"))
