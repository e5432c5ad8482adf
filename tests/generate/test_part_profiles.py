"""Turned parts meshed from a profile: measured exactly, meshed watertight, read off codes."""

import numpy as np
import pytest
import torch
from scipy.spatial import cKDTree

from engine.data.shapes import CATEGORIES, shape_for_index
from engine.generate.part_profiles import (ProfileConfig, across_axes, measure_profile, profile_mesh, profile_polygon,
                                           profile_reader_class, row_heights)
from engine.generate.revolved_parts import revolution_axis
from engine.generate.slots import box_to_world, part_box
from engine.ops.metrics import sample_surface
from tests.conftest import edges_twice, mesh_volume

SEGMENT_AREA = 40 / (2 * np.pi) * np.sin(2 * np.pi / 40)   # a 40-gon's area over its circle's


def rows(r_out, r_in=0.0, hollow=False, count=32):
    return np.stack([np.full(count, r_out), np.full(count, r_in), np.full(count, float(hollow))], 1)


def test_a_solid_cylinder_profile_meshes_to_its_volume():
    v, f = profile_mesh(rows(0.8), axis=2)
    assert edges_twice(f)
    assert mesh_volume(v, f) == pytest.approx(np.pi * 0.8 ** 2 * 2 * SEGMENT_AREA, rel=1e-9)


def test_a_cup_is_open_at_the_top_down_to_its_floor_and_a_ring_open_at_both_ends():
    cup = rows(0.8, 0.6, True)
    cup[:4, 1:] = 0      # the floor: four solid rows of 32, a quarter of the height
    v, f = profile_mesh(cup, axis=1)
    assert edges_twice(f)
    expected = np.pi * (0.8 ** 2 * 2 - 0.6 ** 2 * 1.75) * SEGMENT_AREA
    assert mesh_volume(v, f) == pytest.approx(expected, rel=1e-9)
    assert v[:, 1].max() == pytest.approx(1) and v[:, 1].min() == pytest.approx(-1)
    v, f = profile_mesh(rows(0.8, 0.6, True), axis=0)
    assert edges_twice(f)
    assert mesh_volume(v, f) == pytest.approx(np.pi * (0.8 ** 2 - 0.6 ** 2) * 2 * SEGMENT_AREA, rel=1e-9)
    outline = profile_polygon(rows(0.8, 0.6, True))
    assert (outline[:, 0] > 0).all()   # no point on the axis: open both ends


def test_a_hollow_run_that_reaches_neither_end_is_filled_and_an_empty_profile_is_nothing():
    closed = rows(0.8)
    closed[10:20, 1:] = (0.5, 1.0)
    assert mesh_volume(*profile_mesh(closed, axis=2)) == pytest.approx(mesh_volume(*profile_mesh(rows(0.8), axis=2)))
    assert profile_mesh(rows(0.0), axis=2) is None


@pytest.mark.parametrize("category, label", [("vase", "body"), ("mug", "body"), ("lamp", "lampshade"),
                                             ("lamp", "lamp_base"), ("stool", "footrest")])
def test_library_lathes_measured_and_meshed_come_back_as_they_were(category, label):
    names = list(CATEGORIES)
    rng = np.random.default_rng(0)
    for k in range(40):
        shape = shape_for_index("train", names.index(category) + len(names) * k)
        found = [p for p in shape.parts if p.label == label]
        if found:
            break
    primitive = found[0].primitive
    centre, half, rotation = part_box(primitive)
    profile = measure_profile(primitive.sdf, centre, half, rotation, revolution_axis(rotation))
    assert profile.shape == (32, 3)
    v, f = profile_mesh(profile, revolution_axis(rotation))
    assert edges_twice(f) and mesh_volume(v, f) > 0
    # as near the original surface as a second sample of the original is (a sampling floor)
    v0, f0 = primitive.mesh()
    truth = sample_surface(v0, f0, 4000, rng)
    floor = cKDTree(sample_surface(v0, f0, 4000, rng)).query(truth)[0].mean()
    remade = sample_surface(box_to_world(v, centre, half, rotation), f, 4000, rng)
    assert cKDTree(remade).query(truth)[0].mean() < 1.1 * floor
    assert cKDTree(truth).query(remade)[0].mean() < 1.1 * floor


def test_a_vessel_measures_hollow_above_its_floor_and_its_wall_as_made():
    names = list(CATEGORIES)
    shape = shape_for_index("train", names.index("mug"))
    body = next(p for p in shape.parts if p.label == "body").primitive
    centre, half, rotation = part_box(body)
    axis = revolution_axis(rotation)
    across = across_axes(axis)[0]
    profile = measure_profile(body.sdf, centre, half, rotation, axis)
    z = row_heights()
    metre = 2 * half[axis] / shape.attributes["height_m"]   # the body is as tall as the mug (shapes are normalised)
    floor = -1 + 2 * 0.008 / shape.attributes["height_m"]    # the library's mug floor is 8 mm thick
    assert (profile[z < floor - 0.04, 2] == 0).all() and (profile[z > floor + 0.04, 2] == 1).all()
    wall = np.median((profile[:, 0] - profile[:, 1])[profile[:, 2] > 0]) * half[across] / metre
    assert wall == pytest.approx(0.004, rel=0.05)    # and its wall 4 mm (the floor slopes up to it)


def test_the_reader_learns_profiles_from_codes_and_reads_unknown_keys_without_failing():
    torch.manual_seed(0)
    reader = profile_reader_class()(ProfileConfig(code_dim=4, keys=("vase/body",), width=64, depth=2, rows=8))
    codes = torch.randn(64, 4)
    target = torch.stack([0.5 + 0.2 * codes[:, :1].tanh().expand(64, 8), torch.full((64, 8), 0.3),
                          torch.ones(64, 8)], -1)
    ids = reader.key_ids(["vase/body"] * 64)
    opt = torch.optim.Adam(reader.parameters(), lr=3e-3)
    first = reader.loss(codes, ids, target).item()
    for _ in range(300):
        loss = reader.loss(codes, ids, target)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.05 * first
    read = reader.profiles(codes.numpy(), ["vase/body"] * 64)
    assert np.abs(read[..., 0] - target[..., 0].numpy()).mean() < 0.03 and (read[..., 2] == 1).all()
    assert reader.profiles(codes[:2].numpy(), ["chair/seat"] * 2).shape == (2, 8, 3)


def test_a_trained_reader_is_loaded_beside_the_generator_and_meshes_hollow_turned_parts_whole(tiny_models, tmp_path):
    import shutil

    from engine.errors import EngineError
    from engine.generate.generator_data import part_codes
    from engine.generate.part_slots import Config, PartSlotGenerator
    from engine.generate.part_vae import load_part_vae
    from engine.generate.slot_codec import encode_slots
    from engine.generate.slots import shape_to_slots
    from engine.train.part_profiles import ProfileTrainConfig, train_part_profiles
    from engine.train.part_vae import PartVAETrainConfig, train_part_vae

    folder = tmp_path / "m"
    shutil.copytree(tiny_models[0], folder)
    card = train_part_profiles(str(folder / "part_profiles.safetensors"),
                               ProfileTrainConfig(part_vae=str(folder / "part_vae.safetensors"), shapes=2,
                                                  val_shapes=1, steps=300, batch=16, width=32, threads=1),
                               log=lambda s: None)
    assert card["history"][-1][1] < card["history"][0][1] and "mug/body" in card["metrics"]
    gen = PartSlotGenerator.load(str(folder))
    assert set(gen.profiles.config.keys) >= {"vase/body", "mug/body", "lamp/lampshade"}
    vae, _ = load_part_vae(str(folder / "part_vae.safetensors"))
    mugs = (shape_for_index("train", list(CATEGORIES).index("mug") + 13 * k) for k in range(40))
    mug = next(shape for shape in mugs if any(p.label == "saucer" for p in shape.parts))
    s = shape_to_slots(mug, points_per_part=256, seed=0)
    slots = encode_slots(s.exists, s.label, s.centre, s.half, s.rotation, part_codes(vae, s), gen.stats)
    parts = gen.arranged_parts(slots, "mug")
    meshes = gen.profile_meshes(parts, "mug")
    assert [parts[i]["label"] for i in meshes] == ["body"]   # hollow: the solid saucer stays with the decoder
    for mesh in meshes.values():
        assert edges_twice(mesh[1]) and mesh_volume(*mesh) > 0
    with_profiles = gen.decode_as(Config(category="mug"), slots, "mug")
    without = gen.decode_as(Config(category="mug", profiles=False), slots, "mug")
    assert with_profiles.part_names == without.part_names and len(with_profiles.vertices) != len(without.vertices)
    data = bytearray((folder / "part_profiles.safetensors").read_bytes())
    data[-5] ^= 0xFF
    (folder / "part_profiles.safetensors").write_bytes(bytes(data))
    with pytest.raises(EngineError, match="does not match"):
        PartSlotGenerator.load(str(folder))
    train_part_vae(str(tmp_path / "other_vae.safetensors"),
                   PartVAETrainConfig(shapes=2, val_shapes=1, steps=2, batch=8, threads=1), log=lambda s: None)
    train_part_profiles(str(folder / "part_profiles.safetensors"),   # reads another auto-encoder's codes
                        ProfileTrainConfig(part_vae=str(tmp_path / "other_vae.safetensors"), shapes=1, val_shapes=1,
                                           steps=2, batch=8, width=16, threads=1), log=lambda s: None)
    with pytest.raises(EngineError) as err:
        PartSlotGenerator.load(str(folder))
    assert err.value.code == "MODEL_MISSING" and "another part auto-encoder" in err.value.message


@pytest.mark.gpu
def test_the_reader_reads_the_same_profiles_on_cuda():
    torch.manual_seed(0)
    reader = profile_reader_class()(ProfileConfig(code_dim=4, keys=("vase/body",), width=32, depth=2, rows=8)).eval()
    codes = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    on_cpu = reader.profiles(codes, ["vase/body"] * 5)
    on_gpu = reader.to("cuda").profiles(codes, ["vase/body"] * 5)
    assert np.allclose(on_cpu[..., :2], on_gpu[..., :2], atol=1e-5)
