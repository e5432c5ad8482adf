"""The user-library loader on folders the test writes (GLB through trimesh, OBJ groups, PLY)."""

import hashlib
import os

import numpy as np
import pytest

from engine.data.library import LibraryConfig, load_library, make_watertight, part_label, winding_numbers
from engine.data.shapes.primitives import Lathe, RoundedBox
from engine.data.shapes.samples import SampleConfig, derive_samples
from engine.errors import EngineError
from engine.formats.ply import write_ply
from engine.ops.meshes import quality_report


def write_obj_groups(path, groups):
    """groups: [(name, vertices, faces)] -> an OBJ with one `g` per group."""
    lines, offset = [], 1
    for name, v, f in groups:
        lines.append(f"g {name}")
        lines += [f"v {x:.6f} {y:.6f} {z:.6f}" for x, y, z in v]
        lines += ["f " + " ".join(str(i + offset) for i in tri) for tri in f]
        offset += len(v)
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")


def write_glb_scene(path, parts):
    """parts: [(node name, vertices, faces, translation)] with Y-up node transforms, via trimesh."""
    import trimesh

    scene = trimesh.Scene()
    for name, v, f, t in parts:
        m = np.eye(4)
        m[:3, 3] = t
        scene.add_geometry(trimesh.Trimesh(v, f, process=False), node_name=name, geom_name=name + "_mesh",
                           transform=m)
    scene.export(path)


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "lib"
    (root / "chair").mkdir(parents=True)
    (root / "table").mkdir()
    seat = RoundedBox(half=(0.25, 0.25, 0.03), translation=np.array([0, 0, 0.45])).mesh()
    leg = Lathe(profile=((0, 0), (0.02, 0), (0.02, 0.45), (0, 0.45)), segments=12).mesh()
    # glTF is Y-up: node translations (x, y_up, z) put the legs under the seat's corners.
    seat_y_up = (seat[0][:, [0, 2, 1]] * [1, 1, -1], seat[1])
    leg_y_up = (leg[0][:, [0, 2, 1]] * [1, 1, -1], leg[1])
    inside_out = (leg_y_up[0], leg_y_up[1][:, ::-1])  # closed but wound the wrong way: flipped, not rebuilt
    write_glb_scene(str(root / "chair" / "simple.glb"),
                    [("Seat", *seat_y_up, (0, 0, 0))] +
                    [(f"Leg.00{k}", *(inside_out if k == 3 else leg_y_up), (x, 0.0, z)) for k, (x, z) in
                     enumerate([(0.2, 0.2), (-0.2, 0.2), (0.2, -0.2), (-0.2, -0.2)])])
    top = RoundedBox(half=(0.6, 0.4, 0.02), translation=np.array([0, 0, 0.74])).mesh()
    v, f = top
    holey = f[1:]  # a missing triangle: not watertight
    pedestal = Lathe(profile=((0, 0), (0.05, 0), (0.05, 0.73), (0, 0.73)), segments=16).mesh()
    write_obj_groups(str(root / "table" / "round.obj"), [("Top", v, holey), ("stand", *pedestal)])
    write_ply(str(root / "table" / "block.ply"), *RoundedBox(half=(0.5, 0.3, 0.37)).mesh())
    return root


def digest(folder):
    h = hashlib.sha256()
    for d, _, names in sorted(os.walk(folder)):
        for n in sorted(names):
            h.update(open(os.path.join(d, n), "rb").read())
    return h.hexdigest()


def test_loads_categories_parts_labels_and_repairs(library):
    before = digest(library)
    result = load_library(str(library))
    assert digest(library) == before  # the user's files are never touched
    by_source = {s.attributes["source"]: s for s in result.shapes}
    assert set(by_source) == {"simple.glb", "round.obj", "block.ply"}
    chair = by_source["simple.glb"]
    assert chair.category == "chair"
    assert sorted(p.name for p in chair.parts) == ["leg_0", "leg_1", "leg_2", "leg_3", "seat"]
    table = by_source["round.obj"]
    assert table.category == "table" and [p.label for p in table.parts] == ["top", "stand"]
    assert result.repaired == [(str(library / "table" / "round.obj"), "Top")]
    for s in result.shapes:
        lo, hi = s.bounds()
        assert np.isclose((hi - lo).max(), 1.0, atol=0.02) and np.allclose((lo + hi) / 2, 0, atol=0.02)
        for p in s.parts:
            q = quality_report(*p.primitive.mesh())
            assert q["watertight"] and q["volume"] > 0
    # Node transforms were applied: every leg touches the seat, and the legs stand apart.
    contacts = {tuple(sorted(c)) for c in chair.contacts()}
    assert all(("leg_%d" % k, "seat") in contacts for k in range(4))
    feet = np.array([p.primitive.mesh()[0].mean(0)[:2] for p in chair.parts if p.label == "leg"])
    assert np.ptp(feet[:, 0]) > 0.5 and np.ptp(feet[:, 1]) > 0.5


def test_samples_from_a_library_shape(library):
    shape = [s for s in load_library(str(library)).shapes if s.attributes["source"] == "simple.glb"][0]
    out = derive_samples(shape, SampleConfig(resolutions=(16,), surface_count=500, near_count=400))
    assert np.abs(shape.sdf(out["surface_points"].astype(np.float64))[0]).max() < 0.01
    inside = out["sdf_16"] < 0
    assert 0 < inside.mean() < 0.3
    seat_cells = out["labels_16"][inside]
    assert set(np.unique(seat_cells)) <= set(shape.label_ids())


def test_label_mapping_file(library):
    (library / "labels.json").write_text('{"Top": "tabletop", "stand": "pedestal", "Leg*": "leg"}')
    result = load_library(str(library))
    table = [s for s in result.shapes if s.attributes["source"] == "round.obj"][0]
    assert [p.label for p in table.parts] == ["tabletop", "pedestal"]
    assert part_label("Leg.003", {}) == "leg" and part_label("Back Slat 2", {}) == "back_slat"


def test_bad_inputs_are_named_never_skipped_silently(tmp_path, library):
    with pytest.raises(EngineError, match="is not a folder"):
        load_library(str(tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(EngineError, match="holds no .glb"):
        load_library(str(tmp_path / "empty"))
    (library / "chair" / "broken.glb").write_bytes(b"glTF\x02\x00\x00\x00garbage")
    write_ply(str(library / "chair" / "points.ply"), np.random.default_rng(0).random((50, 3)))
    before = digest(library)
    with pytest.raises(EngineError) as err:
        load_library(str(library))
    assert "broken.glb" in err.value.message and "points.ply" in err.value.message
    assert "no faces" in err.value.message
    report = load_library(str(library), LibraryConfig(on_error="report"))
    assert len(report.shapes) == 3
    assert sorted(os.path.basename(p) for p, _ in report.failed) == ["broken.glb", "points.ply"]
    assert digest(library) == before


def test_make_watertight_closes_a_small_hole_and_thickens_a_sheet():
    profile = [(0, 0)] + [(0.5, z) for z in np.linspace(0, 1, 9)] + [(0, 1)]
    v, f = Lathe(profile=profile, segments=64).mesh()
    V, F = make_watertight(v, np.delete(f, 100, axis=0), resolution=64)
    q = quality_report(V, F)
    assert q["watertight"] and q["components"] == 1
    assert abs(q["volume"] - np.pi * 0.25) / (np.pi * 0.25) < 0.06  # solid, not a shell
    # A hole too big to close leaves a closed shell around the surface: still watertight.
    open_top = np.delete(f, np.nonzero(v[f][:, :, 2].min(1) > 0.99)[0], axis=0)
    q = quality_report(*make_watertight(v, open_top, resolution=64))
    assert q["watertight"] and q["components"] == 1 and q["volume"] < 0.2
    sheet = make_watertight(np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0.0]]), np.array([[0, 1, 2], [0, 2, 3]]))
    q = quality_report(*sheet)
    assert q["watertight"] and q["components"] == 1 and 0 < q["volume"] < 0.05


def test_winding_numbers_inside_outside():
    v, f = RoundedBox(half=(0.5, 0.5, 0.5), radius=0.1).mesh()
    w = winding_numbers(v, f, np.array([[0, 0, 0], [0.45, 0.3, -0.2], [1, 0, 0], [0, 0, 0.7]]))
    assert np.allclose(w, [1, 1, 0, 0], atol=1e-9)
