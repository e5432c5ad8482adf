"""`python -m engine data ...` end to end, and the contact sheet."""

import json
import os
import subprocess
import sys

import numpy as np

from engine.data.shapes import generate_shape
from engine.data.shapes.captions import parse_caption
from engine.data.shapes.pictures import contact_sheet
from engine.formats.glb import read_glb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def engine(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=dict(os.environ, PYTHONPATH=ROOT))


def test_export_writes_a_glb_node_per_part_and_the_record(tmp_path):
    out = tmp_path / "out"
    r = engine("data", "export", "--category", "chair", "--count", "2", "--seed", "3", "-o", str(out), "--preview")
    assert r.returncode == 0, r.stderr
    for seed in (3, 4):
        shape = generate_shape("chair", seed)
        glb = read_glb(str(out / f"chair_{seed:07d}.glb"))
        assert glb["part_names"] == shape.part_names
        mesh = shape.mesh()
        assert np.allclose(glb["vertices"], mesh.vertices, atol=1e-6)
        record = json.loads((out / f"chair_{seed:07d}.json").read_text())
        assert record["caption"] == shape.caption and record["attributes"] == shape.attributes
        assert parse_caption(record["caption"])["category"] == "chair"
    png = (out / "preview.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_in_metres_stands_on_the_floor(tmp_path):
    r = engine("data", "export", "--category", "table", "--seed", "1", "-o", str(tmp_path), "--metres")
    assert r.returncode == 0, r.stderr
    glb = read_glb(str(tmp_path / "table_0000001.glb"))
    shape = generate_shape("table", 1)
    extent = glb["vertices"].max(0) - glb["vertices"].min(0)
    assert np.allclose(extent, shape.size_m, atol=1e-5)
    assert abs(glb["vertices"][:, 2].min()) < 1e-6


def test_build_and_library_commands(tmp_path):
    r = engine("data", "build", "-o", str(tmp_path / "ds"), "--split", "val", "--count", "12", "--shard-size", "6",
               "--resolutions", "16", "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert "12 shapes in 2 shards" in r.stdout and "100.0%" in r.stderr
    again = engine("data", "build", "-o", str(tmp_path / "ds"), "--split", "val", "--count", "12", "--shard-size", "6",
                   "--resolutions", "16")
    assert again.returncode == 0 and "0 built now" in again.stdout
    lib = tmp_path / "lib" / "stool"
    lib.mkdir(parents=True)
    mesh = generate_shape("stool", 0).mesh()
    from engine.formats import write_mesh

    write_mesh(str(lib / "a.glb"), mesh)
    r = engine("data", "library", str(tmp_path / "lib"), "-o", str(tmp_path / "libout"), "--resolutions", "16")
    assert r.returncode == 0, r.stderr
    records = json.loads((tmp_path / "libout" / "records.json").read_text())
    assert records[0]["category"] == "stool" and [p["name"] for p in records[0]["parts"]] == mesh.part_names
    with np.load(tmp_path / "libout" / "samples.npz") as z:
        assert z["sdf_16"].shape == (1, 16, 16, 16)
    assert (tmp_path / "libout" / "contact_sheet.png").exists()


def test_bad_requests_get_a_sentence_and_exit_code(tmp_path):
    r = engine("data", "export", "--category", "spaceship", "-o", str(tmp_path))
    assert r.returncode == 1 and "Unknown category 'spaceship'" in r.stderr and "chair" in r.stderr
    (tmp_path / "empty").mkdir()
    r = engine("data", "library", str(tmp_path / "empty"), "-o", str(tmp_path / "x"))
    assert r.returncode == 1 and "holds no .glb" in r.stderr
    assert not (tmp_path / "x").exists()


def test_contact_sheet_draws_every_shape_in_its_label_colours_with_captions():
    shapes = [generate_shape(c, 0) for c in ("chair", "lamp", "bed")]
    image = contact_sheet(shapes, columns=2, cell=160)
    text_h = (image.shape[0] // 2) - 160
    assert image.shape[1] == 320 and image.shape[0] == 2 * (160 + text_h)
    for i in range(3):
        x, y = (i % 2) * 160, (i // 2) * (160 + text_h)
        cell = image[y:y + 160, x:x + 160].reshape(-1, 3)
        colours = {tuple(c) for c in cell[(cell < 250).any(1)][:, :] // 32}
        assert len(colours) >= 3  # several parts, several label colours
        caption = image[y + 160:y + 160 + text_h, x:x + 160]
        assert (caption < 200).all(-1).sum() > 20  # dark text under the picture
    assert (image[160 + text_h:, 160:] == 255).all()  # the fourth cell is empty


def test_a_part_mesh_renders_like_its_shape():
    from engine.data.shapes.pictures import render_shape

    shape = generate_shape("office_chair", 1)
    assert np.array_equal(render_shape(shape, 96), render_shape(shape.mesh(), 96))
