"""Reading and writing every supported file format: round trips, real Stanford PLY, bad files."""

import os

import numpy as np
import pytest

from engine.errors import EngineError
from engine.formats import read_input, write_mesh
from engine.formats.glb import read_glb
from engine.structures import PartMesh, PointCloud
from tests.conftest import BUNNY, needs_bunny


def two_part_mesh():
    v = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [2, 0, 0], [3, 0, 0], [2, 1, 0]], float)
    f = np.array([[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3], [4, 5, 6]])
    return PartMesh(v, f, np.array([0, 0, 0, 0, 1]), ["seat", "leg_0"])


@pytest.mark.parametrize("ext", [".ply", ".obj", ".npz"])
def test_mesh_round_trip(tmp_path, ext):
    mesh = two_part_mesh()
    path = tmp_path / f"m{ext}"
    write_mesh(path, mesh)
    back = read_input(path)
    assert isinstance(back, PartMesh)
    np.testing.assert_allclose(back.vertices, mesh.vertices, atol=1e-6)
    np.testing.assert_array_equal(back.faces, mesh.faces)
    if ext != ".ply":
        assert back.part_names == mesh.part_names
        np.testing.assert_array_equal(back.face_part, mesh.face_part)


def test_glb_has_one_node_per_part_and_round_trips_z_up(tmp_path):
    mesh = two_part_mesh()
    write_mesh(tmp_path / "m.glb", mesh)
    back = read_glb(tmp_path / "m.glb")
    assert back["part_names"] == ["seat", "leg_0"]
    # Per-part re-indexing keeps the triangles' corner positions.
    for part in range(2):
        orig = mesh.vertices[mesh.faces[mesh.face_part == part]]
        got = back["vertices"][back["faces"][back["face_part"] == part]]
        np.testing.assert_allclose(got, orig, atol=1e-6)


def test_ascii_ply_points_with_normals_and_xyz(tmp_path):
    pts = np.random.default_rng(0).random((5, 3))
    nrm = np.tile([0.0, 0.0, 1.0], (5, 1))
    header = "ply\nformat ascii 1.0\nelement vertex 5\nproperty float x\nproperty float y\nproperty float z\n" \
             "property float nx\nproperty float ny\nproperty float nz\nend_header\n"
    (tmp_path / "p.ply").write_text(header + "\n".join(" ".join(f"{x:.9g}" for x in row)
                                                       for row in np.hstack([pts, nrm])) + "\n")
    cloud = read_input(tmp_path / "p.ply")
    assert isinstance(cloud, PointCloud)
    np.testing.assert_allclose(cloud.points, pts, atol=1e-6)
    np.testing.assert_allclose(cloud.normals, nrm)
    np.savetxt(tmp_path / "p.xyz", np.hstack([pts, nrm]))
    xyz = read_input(tmp_path / "p.xyz")
    np.testing.assert_allclose(xyz.points, pts)
    np.testing.assert_allclose(xyz.normals, nrm)


def test_binary_big_endian_ply_with_quads(tmp_path):
    header = ("ply\nformat binary_big_endian 1.0\nelement vertex 4\nproperty double x\nproperty double y\n"
              "property double z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n").encode()
    v = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], ">f8")
    face = np.array([4], ">u1").tobytes() + np.array([0, 1, 2, 3], ">i4").tobytes()
    (tmp_path / "q.ply").write_bytes(header + v.tobytes() + face)
    mesh = read_input(tmp_path / "q.ply")
    np.testing.assert_array_equal(mesh.faces, [[0, 1, 2], [0, 2, 3]])


@needs_bunny()
def test_real_stanford_range_scan_ply_skips_range_grid():
    cloud = read_input(os.path.join(BUNNY, "data", "bun000.ply"))
    assert isinstance(cloud, PointCloud) and cloud.points.shape == (40256, 3)
    zipper = read_input(os.path.join(BUNNY, "reconstruction", "bun_zipper.ply"))
    assert zipper.vertices.shape == (35947, 3) and zipper.faces.shape == (69451, 3)


@needs_bunny()
def test_merged_bunny_scans_line_up_with_the_zipper():
    from engine.data.range_scans import load_range_scans
    from engine.ops.metrics import nearest_distances

    points, scan_id = load_range_scans(os.path.join(BUNNY, "data", "bun.conf"))
    assert len(points) == 362272 and scan_id.max() == 9
    zipper = read_input(os.path.join(BUNNY, "reconstruction", "bun_zipper.ply"))
    d = nearest_distances(points[::20], zipper.vertices)
    assert np.median(d) < 0.001  # about 0.5 mm; a wrong quaternion reading leaves them centimetres apart


@pytest.mark.parametrize("name, data, fragment", [
    ("empty.ply", b"", "empty"),
    ("trunc.ply", b"ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n", "does not match"),
    ("nomagic.ply", b"hello\nend_header\n", "not a PLY"),
    ("weird.ply", b"ply\nformat binary_middle_endian 1.0\nend_header\n", "Unsupported"),
    ("bad.obj", b"v 1 2\nf 1 2 3\n", "cannot be read"),
    ("dangling.obj", b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n", "vertices it does not define"),
    ("bad.xyz", b"1 2\n3 4\n", "3 or 6 numbers"),
    ("bad.npz", b"PK\x03\x04 not really a zip", "cannot be read"),
    ("model.stl", b"solid x", "Cannot read .stl"),
])
def test_bad_files_give_clear_typed_errors(tmp_path, name, data, fragment):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(EngineError) as info:
        read_input(path)
    assert info.value.code == "BAD_INPUT"
    assert fragment in info.value.message
    assert path.read_bytes() == data  # the user's file is left as it was


def test_missing_file_is_input_missing(tmp_path):
    with pytest.raises(EngineError) as info:
        read_input(tmp_path / "nope.ply")
    assert info.value.code == "INPUT_MISSING"


def test_unknown_output_extension(tmp_path):
    with pytest.raises(EngineError):
        write_mesh(tmp_path / "x.fbx", two_part_mesh())
