"""The command line, run as a user would: python -m engine ..."""

import json
import subprocess
import sys

import numpy as np
import pytest

from engine.formats import read_input
from engine.formats.glb import read_glb
from tests.conftest import ROOT, sphere_points


def cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_info_lists_versions_devices_and_capabilities():
    out = cli("info")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["torch"] and info["devices"][0]["name"] == "cpu"
    assert "poisson" in info["capabilities"]["reconstruct"]["methods"]


@pytest.mark.parametrize("ext", [".ply", ".obj", ".glb"])
def test_reconstruct_xyz_to_each_output_format(tmp_path, ext):
    src = tmp_path / "cloud.xyz"
    np.savetxt(src, sphere_points(6000, seed=5))
    out = tmp_path / f"result{ext}"
    run = cli("reconstruct", str(src), "-o", str(out), "--resolution", "40", "--device", "cpu",
              "--param", "screening=8")
    assert run.returncode == 0, run.stderr
    assert "watertight=True" in run.stdout
    assert "%" in run.stderr  # the progress bar
    mesh = read_glb(out) if ext == ".glb" else read_input(out)
    verts = mesh["vertices"] if isinstance(mesh, dict) else mesh.vertices
    assert np.linalg.norm(verts, axis=1).mean() == pytest.approx(1.0, abs=0.01)
    report = json.load(open(tmp_path / "result.result.json"))
    assert report["provenance"]["params"]["screening"] == 8.0
    assert report["objects"][0]["quality"]["watertight"]


def test_reconstruct_mesh_input(tmp_path):
    import trimesh

    sphere = trimesh.creation.icosphere(subdivisions=3)
    keep = sphere.triangles_center[:, 0] < 0.7
    src = tmp_path / "holey.obj"
    from engine.formats.obj import write_obj

    write_obj(src, sphere.vertices, sphere.faces[keep])
    run = cli("reconstruct", str(src), "-o", str(tmp_path / "closed.ply"), "--resolution", "48", "--quiet")
    assert run.returncode == 0, run.stderr
    assert "watertight=True" in run.stdout and run.stderr == ""


@pytest.mark.parametrize("content, args, fragment", [
    (None, [], "does not exist"),
    (b"", [], "empty"),
    (b"1 2 3\n", [], "at least 10"),
    (b"1 2 3\n" * 50, [], "same position"),
    (None, ["--method", "magic"], "Unknown reconstruct method"),
    (None, ["--param", "resolution=3"], "smallest allowed"),
])
def test_bad_input_exits_1_with_a_plain_message(tmp_path, content, args, fragment):
    src = tmp_path / "in.xyz"
    if content is not None:
        src.write_bytes(content)
    elif "--method" in args or "--param" in args:
        np.savetxt(src, sphere_points(100))
    run = cli("reconstruct", str(src), "-o", str(tmp_path / "o.ply"), "--quiet", *args)
    assert run.returncode == 1
    assert fragment in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "o.ply").exists()
