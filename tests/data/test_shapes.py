"""The procedural shape library: determinism, watertight parts, labels, captions, relations, samples."""

import itertools
import os
import tempfile

import numpy as np
import pytest

from engine.data.shapes import CATEGORIES, SPLITS, generate_shape, shape_for_index, split_of
from engine.data.shapes.captions import CATEGORY_NAMES, PHRASES, caption_attributes, parse_caption
from engine.data.shapes.labels import GROUP_OF, GROUPS, LABEL_ID, LABELS
from engine.data.shapes.samples import SampleConfig, derive_samples, grid_points
from engine.errors import EngineError
from engine.formats.glb import write_glb
from engine.ops.meshes import quality_report

SEEDS = range(12)


@pytest.fixture(scope="module")
def shapes():
    return [generate_shape(c, s) for c in CATEGORIES for s in SEEDS]


def glb_bytes(shape) -> bytes:
    m = shape.mesh()
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "s.glb")
        write_glb(path, m.vertices, m.faces, m.face_part, m.part_names)
        with open(path, "rb") as fh:
            return fh.read()


def test_at_least_ten_categories_and_thirty_labels_in_use(shapes):
    assert len(CATEGORIES) >= 10
    used = {p.label for s in shapes for p in s.parts}
    assert len(used) >= 30, sorted(used)
    assert used <= set(LABELS)


def test_same_seed_same_bytes_and_different_seeds_differ():
    for category in CATEGORIES:
        a, b = generate_shape(category, 3), generate_shape(category, 3)
        assert glb_bytes(a) == glb_bytes(b)
        assert a.record() == b.record()
        sa, sb = derive_samples(a, seed=1), derive_samples(b, seed=1)
        assert all(np.array_equal(sa[k], sb[k]) for k in sa)
        assert glb_bytes(a) != glb_bytes(generate_shape(category, 4))


def test_every_part_mesh_is_watertight(shapes):
    for s in shapes:
        for p in s.parts:
            q = quality_report(*p.primitive.mesh())
            assert q["watertight"] and q["manifold"] and q["volume"] > 0, (s.category, s.seed, p.name)


def test_shapes_are_normalised(shapes):
    for s in shapes:
        lo, hi = s.bounds()
        assert np.allclose((lo + hi) / 2, 0, atol=1e-9)
        assert np.isclose((hi - lo).max(), 1.0)
        assert np.isclose(max(s.size_m), max(s.size_m) * (hi - lo).max())


def test_labels_sit_in_the_hierarchy(shapes):
    for s in shapes:
        tree = s.part_tree()[s.category]
        assert sorted(n for names in tree.values() for n in names) == sorted(s.part_names)
        for p in s.parts:
            assert p.label in GROUPS[GROUP_OF[p.label]]
            assert p.name == p.label or (p.name.startswith(p.label + "_") and p.name[len(p.label) + 1:].isdigit())
            assert p.name in tree[GROUP_OF[p.label]]
    assert len(set(LABELS)) == len(LABELS) and all(LABEL_ID[label] == i for i, label in enumerate(LABELS))


def test_attributes_vary_within_a_category():
    for category in CATEGORIES:
        seen = {}
        for s in range(40):
            for k, v in caption_attributes(category, generate_shape(category, s).attributes).items():
                seen.setdefault(k, set()).add(v)
        assert sum(len(v) > 1 for v in seen.values()) >= 2, (category, seen)


def test_captions_have_many_phrasings_and_no_phrase_means_two_things():
    for names in CATEGORY_NAMES.values():
        assert len(names) >= 5
    phrases = []
    for key, values in PHRASES.items():
        for value, options in values.items():
            assert len(options) >= 5, (key, value)
            phrases += [o.lower() for o in options]
    phrases += [n for names in CATEGORY_NAMES.values() for n in names]
    assert len(phrases) == len(set(phrases))


def test_the_caption_parser_recovers_what_captions_say(shapes):
    category_only = 0
    for s in shapes + [generate_shape(c, s) for c in CATEGORIES for s in range(100, 130)]:
        parsed = parse_caption(s.caption)
        assert parsed.pop("category") == s.category, s.caption
        for key, value in parsed.items():
            assert s.attributes.get(key) == value, (s.caption, key, value, s.attributes)
        category_only += not parsed
    assert category_only > 10  # prompts that only name the category exist


def test_parser_on_hand_written_captions():
    assert parse_caption("a tall-backed office chair without wheels, with armrests") == \
        {"category": "office_chair", "back_height": "high", "wheels": False, "arms": True}
    assert parse_caption("an armless arm chair") == {"category": "armchair", "arms": False}
    assert parse_caption("three-seater couch with rolled arms") == \
        {"category": "sofa", "seats": 3, "arm_style": "rolled"}


def test_chair_legs_touch_the_seat_and_tabletops_rest_on_their_supports():
    for seed in range(10):
        chair = generate_shape("chair", seed)
        contacts = {tuple(sorted(c)) for c in chair.record()["relations"]["contacts"]}
        for leg in (p.name for p in chair.parts if p.label == "leg"):
            assert tuple(sorted(("seat", leg))) in contacts
        table = generate_shape("table", seed)
        contacts = {tuple(sorted(c)) for c in table.contacts()}
        supports = [p.name for p in table.parts if p.label in ("leg", "pedestal")]
        assert supports and all(tuple(sorted(("tabletop", s))) in contacts for s in supports)
    lamp = generate_shape("lamp", 0)
    assert ["lamp_base", "lampshade"] not in lamp.contacts() and ["lampshade", "lamp_base"] not in lamp.contacts()


def test_declared_symmetries_hold_on_the_signed_distance(shapes):
    rng = np.random.default_rng(0)
    x = rng.uniform(-0.55, 0.55, (4000, 3))
    checked = 0
    for s in shapes:
        prims = {p.name: p.primitive for p in s.parts}
        for sym in s.symmetries:
            if sym["kind"] in ("mirror_x", "mirror_y"):
                a, b = sym["parts"]
                axis = "xy".index(sym["kind"][-1])
                mirrored = x.copy()
                mirrored[:, axis] = 2 * sym["plane_" + "xy"[axis]] - x[:, axis]
                assert np.allclose(prims[a].sdf(x), prims[b].sdf(mirrored), atol=1e-9), (s.category, sym)
            else:
                assert sym["kind"] == "rotate_z"
                n = len(sym["parts"])
                c = np.array([*sym["axis_xy"], 0.0])
                ang = 2 * np.pi / n
                rot = np.array([[np.cos(ang), -np.sin(ang), 0], [np.sin(ang), np.cos(ang), 0], [0, 0, 1]])
                for a, b in zip(sym["parts"], sym["parts"][1:]):
                    assert np.allclose(prims[a].sdf(x), prims[b].sdf((x - c) @ rot.T + c), atol=1e-9), \
                        (s.category, sym)
            checked += 1
    assert checked > 100


def test_splits_are_disjoint_and_fixed():
    ranges = sorted(SPLITS.values())
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ranges))
    assert split_of(shape_for_index("val", 5).seed) == "val"
    assert shape_for_index("test", 0).seed == SPLITS["test"][0]
    with pytest.raises(EngineError):
        split_of(-1)
    with pytest.raises(EngineError, match="Unknown category"):
        generate_shape("spaceship", 0)


def test_derived_samples_agree_with_the_shape():
    s = generate_shape("office_chair", 2)
    out = derive_samples(s, SampleConfig(resolutions=(16, 32), surface_count=1000, near_count=800))
    assert out["sdf_16"].shape == (16, 16, 16) and out["labels_32"].shape == (32, 32, 32)
    # The culled union equals the naive minimum over every part.
    d = s.part_sdfs(grid_points(16))
    assert np.allclose(out["sdf_16"].ravel(), d.min(0), atol=2e-3)  # float16 storage
    assert np.array_equal(out["labels_16"].ravel(), s.label_ids()[d.argmin(0)])
    pts = out["surface_points"].astype(np.float64)
    assert len(pts) == 1000
    assert np.abs(s.sdf(pts)[0]).max() < 2e-3  # on the union's surface, not buried in a neighbour
    assert np.allclose(np.linalg.norm(out["surface_normals"], axis=1), 1, atol=1e-4)
    assert np.array_equal(out["surface_labels"], s.label_ids()[out["surface_parts"]])
    near_d, near_part = s.sdf(out["near_points"].astype(np.float64))
    assert np.allclose(out["near_sdf"], near_d, atol=1e-5)
    assert (out["near_sdf"] < 0).mean() > 0.1 and (out["near_sdf"] > 0).mean() > 0.3
    # Inside the grid: negative cells lie inside some part's mesh (checked with the naive minimum).
    inside = out["sdf_32"] < -0.01
    assert inside.any() and (d.min(0) < 0).sum() > 0
