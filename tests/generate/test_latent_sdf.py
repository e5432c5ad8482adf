"""The second generator, latent SDF diffusion with a per-voxel part head: its training data
against the shapes' own distances, the part meshing on analytic fields, the denoiser's guidance
convention, training on tiny settings (loss lowered, checkpoint resumed, two DDP processes),
and the method end to end through the job runner, bad requests included."""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch

from engine.data.shapes import shape_for_index
from engine.data.shapes.labels import LABEL_ID, LABELS
from engine.errors import EngineError
from engine.generate.latent_sdf import (Config, LatentSDFGenerator, asked_category, favoured_category, joined_shape,
                                        part_meshes, union_surface)
from engine.generate.latent_unet import LatentDenoiser, UNetConfig
from engine.generate.voxel_data import grid_axis, voxel_example
from engine.ops.meshes import quality_report
from engine.train.latent_sdf import LatentSDFTrainConfig, train_latent_sdf
from tests.conftest import ROOT, TINY_LATENT_SDF

TINY = TINY_LATENT_SDF


@pytest.fixture(scope="module")
def tiny_latent(tiny_latent_models):
    return tiny_latent_models


def test_voxel_examples_are_the_shapes_truncated_distance_and_nearest_part_label():
    shape = shape_for_index("train", 3)
    sdf, labels = voxel_example(shape, 12, truncation=0.1)
    axis = grid_axis(12)
    points = np.stack(np.meshgrid(axis, axis, axis, indexing="ij"), -1).reshape(-1, 3)
    per_part = shape.part_sdfs(points)                                   # the naive reference
    want = np.clip(per_part.min(axis=0) / 0.1, -1, 1)
    assert sdf.shape == labels.shape == (12, 12, 12) and sdf.min() >= -1 and sdf.max() <= 1
    inside = want < -1e-6
    assert np.array_equal(sdf.reshape(-1) < 0, inside) and inside.any()
    assert np.allclose(sdf.reshape(-1)[want > -0.999], want[want > -0.999], atol=1e-4)  # exact outside the band
    nearest = np.array([LABEL_ID[shape.parts[i].label] for i in per_part.argmin(axis=0)])
    close = np.sort(per_part, axis=0)[1] - np.sort(per_part, axis=0)[0] > 1e-6     # no tie between two parts
    assert np.array_equal(labels.reshape(-1)[close], nearest[close])


def test_dilation_grows_the_shape_so_thin_parts_keep_nodes_inside():
    from engine.generate.voxel_data import grid_spacing

    chair = shape_for_index("train", 0)                 # legs and rails thinner than the 32^3 spacing
    plain, _ = voxel_example(chair, 32, truncation=0.1)
    grown, labels = voxel_example(chair, 32, truncation=0.1, dilation=0.5 * grid_spacing(32))
    assert not (plain < 0).any() and (grown < 0).sum() > 200
    axis = grid_axis(32)
    points = np.stack(np.meshgrid(axis, axis, axis, indexing="ij"), -1).reshape(-1, 3)
    want = np.clip((chair.part_sdfs(points).min(axis=0) - 0.5 * grid_spacing(32)) / 0.1, -1, 1)
    assert np.allclose(grown.reshape(-1), want, atol=1e-4)
    inside_labels = {LABELS[i] for i in np.unique(labels[grown < 0])}
    assert {"leg", "seat"} <= inside_labels


def _box_field(r=20):
    """Two boxes side by side along x (a seat and a leg) as SDF-like values and label logits."""
    axis = np.linspace(-1, 1, r)
    x, y, z = np.meshgrid(axis, axis, axis, indexing="ij")
    box = np.maximum.reduce([abs(x) - 0.7, abs(y) - 0.4, abs(z) - 0.4])
    logits = np.full((len(LABELS), r, r, r), -5.0)
    logits[LABEL_ID["seat"]] = -x * 4
    logits[LABEL_ID["leg"]] = x * 4
    return box * 5, logits


def test_part_meshes_are_closed_labelled_pieces_that_tile_the_shape():
    sdf, logits = _box_field()
    mesh = part_meshes(sdf, logits)
    assert sorted(mesh.part_names) == ["leg", "seat"]
    volumes = []
    for i, name in enumerate(mesh.part_names):
        faces = mesh.faces[mesh.face_part == i]
        q = quality_report(mesh.vertices, faces)
        assert q["watertight"] and q["components"] == 1, (name, q)
        tri = mesh.vertices[faces]
        volumes.append(np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6)
        centre_x = mesh.vertices[np.unique(faces)][:, 0].mean()
        assert (centre_x < 0) == (name == "seat")          # the seat is where its logit wins
    v, f = union_surface(sdf)
    tri = v[f]
    whole = np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6
    assert quality_report(v, f)["watertight"] and whole > 0
    assert abs(sum(volumes) - whole) < 0.03 * whole           # the parts tile the shape


def test_separate_pieces_of_one_label_become_instances_and_specks_are_dropped():
    sdf, logits = _box_field()
    sdf = sdf.copy()
    sdf[:, :, :] = np.maximum(sdf, -np.abs(np.linspace(-1, 1, 20))[:, None, None] * 5 + 0.5)  # cut at x = 0
    logits[:] = -5.0
    logits[LABEL_ID["leg"]] = 0.0
    mesh = part_meshes(sdf, logits)
    assert sorted(mesh.part_names) == ["leg_0", "leg_1"]
    speck = np.ones((12, 12, 12))
    speck[5, 5, 5] = -1.0                                       # one inside voxel: not a part
    assert part_meshes(speck, np.zeros((len(LABELS), 12, 12, 12))).part_names == []
    assert [len(a) for a in union_surface(np.ones((8, 8, 8)))] == [0, 0]     # nothing inside: no surface


def test_stray_voxels_join_the_part_around_them_instead_of_leaving_a_hole():
    sdf, logits = _box_field()
    logits = logits.copy()
    logits[LABEL_ID["foot"], 5, 10, 10] = 50.0                    # one voxel inside the seat calls itself a foot
    mesh = part_meshes(sdf, logits)
    assert sorted(mesh.part_names) == ["leg", "seat"]
    tri = mesh.vertices[mesh.faces]
    volume = np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6
    v, f = union_surface(sdf)
    whole = np.einsum("ij,ij->i", v[f][:, 0], np.cross(v[f][:, 1], v[f][:, 2])).sum() / 6
    assert abs(volume - whole) < 0.03 * whole                   # no hole where the speck was


def test_labels_are_kept_to_one_category_so_a_table_has_no_lampshade():
    sdf, logits = _box_field()
    logits = logits.copy()
    logits[LABEL_ID["lampshade"]] = logits[LABEL_ID["seat"]] + 1.0      # the seat's half says lampshade first,
    logits[LABEL_ID["tabletop"]] = logits[LABEL_ID["seat"]] + 0.5       # then tabletop, then seat
    assert sorted(part_meshes(sdf, logits, keep_labels=False).part_names) == ["lampshade", "leg"]
    assert sorted(part_meshes(sdf, logits, "table").part_names) == ["leg", "tabletop"]
    assert sorted(part_meshes(sdf, logits, "stool").part_names) == ["leg", "seat"]
    assert favoured_category(sdf < 0, logits) == "table"                 # its labels hold the most
    logits[:] = -5.0
    logits[LABEL_ID["seat"]] = logits[LABEL_ID["leg"]] = 0.0              # a tie everywhere: the first label's
    assert part_meshes(sdf, logits, keep_labels=False).part_names == ["seat"]


def test_the_favoured_category_is_the_one_whose_labels_the_voxels_choose():
    inside = np.ones((6, 6, 6), dtype=bool)
    logits = np.zeros((len(LABELS), 6, 6, 6))
    logits[LABEL_ID["shelf"], :3] = 6.0
    logits[LABEL_ID["side_panel"], 3:] = 6.0
    assert favoured_category(inside, logits) == "bookshelf"             # not a cabinet, which has side panels too
    logits[LABEL_ID["shelf"], :3] = 0.0
    logits[LABEL_ID["door"], :3] = 6.0
    assert favoured_category(inside, logits) == "cabinet"


def test_the_category_asked_for_or_named_decides_the_labels():
    assert asked_category(Config(prompt="a tall one", category="lamp")) == "lamp"
    assert asked_category(Config(prompt="a round dining table")) == "table"
    assert asked_category(Config(prompt="something round")) is None
    assert asked_category(Config(prompt="a table and a lamp")) is None                  # two named: none
    assert asked_category(Config(prompt="a table", second_prompt="a lamp")) is None     # the ends differ
    assert asked_category(Config(prompt="a table", second_prompt="a long table")) == "table"


def _boxes_field(boxes, r=24):
    """The union of axis-aligned boxes ((lo, hi) in node indices, inclusive) as an SDF-like grid:
    the L-infinity distance in nodes, negative inside."""
    idx = np.stack(np.meshgrid(*[np.arange(r)] * 3, indexing="ij"), -1)
    fields = [np.max(np.maximum(np.array(lo) - 0.5 - idx, idx - np.array(hi) - 0.5), axis=-1) for lo, hi in boxes]
    return np.min(fields, axis=0) / 3.0


def test_joined_shape_bridges_small_gaps_and_drops_specks_but_leaves_a_whole_shape_alone():
    from scipy import ndimage

    seat = ((4, 4, 12), (19, 19, 14))
    leg = ((5, 5, 2), (6, 6, 10))                         # stops one node short of the seat
    speck = ((18, 2, 2), (18, 2, 2))                      # one node, far from the rest
    sdf = _boxes_field([seat, leg, speck])
    assert ndimage.label(sdf < 0)[1] == 3
    out = joined_shape(sdf)
    assert ndimage.label(out < 0)[1] == 1                 # the leg joins the seat, the speck is gone
    assert out[18, 2, 2] > 0 and (out[sdf < 0][:1] < 0).all()
    changed = np.argwhere((out < 0) != (sdf < 0)).tolist()
    bridge = [n for n in changed if n != [18, 2, 2]]
    assert len(bridge) == len(changed) - 1 and bridge     # the speck and a bridge in the gap under the seat,
    assert all(n[2] == 11 and 4 <= n[0] <= 7 and 4 <= n[1] <= 7 for n in bridge)   # no wider than the leg by a node
    whole = _boxes_field([seat, ((5, 5, 2), (6, 6, 12))])
    assert np.array_equal(joined_shape(whole), whole)     # one piece: unchanged
    far = _boxes_field([((2, 2, 2), (8, 8, 8)), ((15, 15, 15), (21, 21, 21))])
    assert ndimage.label(joined_shape(far) < 0)[1] == 2   # two large pieces far apart both stay


def test_guidance_zero_is_the_unconditional_prediction_and_one_the_conditional():
    torch.manual_seed(0)
    net = LatentDenoiser(UNetConfig(width=16, heads=2)).eval()
    torch.nn.init.normal_(net.conv_out.weight, std=0.1)
    z, t = torch.randn(2, 4, 4, 4, 4), torch.tensor([3, 700])
    tokens, mask = torch.randn(2, 5, 384), torch.ones(2, 5, dtype=torch.bool)
    with torch.no_grad():
        unconditional = net(z, t, torch.zeros_like(tokens), torch.zeros_like(mask))
        conditional = net(z, t, tokens, mask)
        assert torch.allclose(net.guided(z, t, tokens, mask, 0.0), unconditional, atol=1e-6)
        assert torch.allclose(net.guided(z, t, tokens, mask, 1.0), conditional, atol=1e-6)
        w = 2.5
        assert torch.allclose(net.guided(z, t, tokens, mask, w), unconditional + w * (conditional - unconditional),
                              atol=1e-5)
        assert not torch.allclose(conditional, unconditional, atol=1e-4)     # the prompt is used


def test_training_lowers_both_losses_and_writes_checked_cards(tiny_latent):
    folder, card = tiny_latent
    ae_card = json.loads((folder / "latent_sdf_ae.json").read_text())
    assert ae_card["history"][-1][2] < 0.5 * ae_card["history"][0][2]       # the distances' L1
    assert card["history"][-1][1] < card["history"][0][1]
    assert card["autoencoder_sha256"] == ae_card["sha256"] and card["size_mb"] < 8
    gen = LatentSDFGenerator.load(str(folder))
    assert tuple(gen.autoencoder.latent_shape) == (4, 4, 4, 4)


def test_sampling_is_deterministic_for_a_seed_and_gives_labelled_closed_parts(tiny_latent):
    gen = LatentSDFGenerator.load(str(tiny_latent[0]))
    config = Config(prompt="a stool", n=2, seed=4, steps=4)
    a, b = gen.sample_latents(config), gen.sample_latents(config)
    assert np.array_equal(a, b) and not np.array_equal(a[0], a[1])
    for latent in a:
        mesh = part_meshes(*gen.decode(latent))
        for i, name in enumerate(mesh.part_names):
            assert name.rsplit("_", 1)[0] in LABELS or name in LABELS
            assert quality_report(mesh.vertices, mesh.faces[mesh.face_part == i])["watertight"]


def test_the_method_runs_as_a_job_and_refuses_bad_requests(tiny_latent, tmp_path, monkeypatch):
    from engine.jobs import JobContext, run_job

    folder = tmp_path / "models"
    shutil.copytree(tiny_latent[0], folder)
    monkeypatch.setenv("SHAPESMITH_MODELS", str(folder))
    manifest = json.loads(open(run_job("generate", "latent_sdf", {"prompt": "a table", "n": 2, "seed": 1, "steps": 3},
                                       {}, str(tmp_path / "out"), JobContext(lambda *a: None),
                                       object_format="glb")).read())
    assert [o["name"] for o in manifest["objects"]] == ["shape_0", "shape_1"]
    for obj in manifest["objects"]:
        assert obj["provenance"]["model"] == "latent_sdf" and obj["provenance"]["seed"] in (1, 2)
        assert obj["provenance"]["model_sha256"] == tiny_latent[1]["sha256"]
    # Interpolation between two prompts: the ends are the two prompts' own shapes.
    gen = LatentSDFGenerator.load(str(folder))
    blended = gen.sample_latents(Config(prompt="a table", second_prompt="a lamp", n=3, noise="[7, 7, 7]", steps=3))
    table = gen.sample_latents(Config(prompt="a table", n=1, seed=7, steps=3))
    lamp = gen.sample_latents(Config(prompt="a lamp", n=1, seed=7, steps=3))
    assert np.allclose(blended[0], table[0], atol=1e-5) and np.allclose(blended[2], lamp[0], atol=1e-5)
    assert not np.allclose(blended[1], blended[0], atol=1e-3)
    for params, words in [({"n": 0}, "smallest"), ({"blend": "[2]", "n": 1}, "between 0 and 1"), ({"n": 10_000}, "largest"), ({"prompt": "x" * 10_000}, "characters"),
                          ({"steps": -1}, "smallest"), ({"noise": "[1]", "n": 2}, "one per shape")]:
        with pytest.raises(EngineError) as err:
            run_job("generate", "latent_sdf", params, {}, str(tmp_path / "bad"), JobContext(lambda *a: None))
        assert err.value.code in ("BAD_PARAMS", "BAD_INPUT") and words in str(err.value), (params, err.value)
    # A changed weights file is refused with a typed error, and so is a folder without the model.
    with open(folder / "latent_sdf.safetensors", "r+b") as fh:
        fh.seek(-8, os.SEEK_END)
        fh.write(b"\x00" * 8)
    with pytest.raises(EngineError) as err:
        LatentSDFGenerator.load(str(folder))
    assert err.value.code == "MODEL_MISSING" and "sha256" in str(err.value)
    with pytest.raises(EngineError) as err:
        LatentSDFGenerator.load(str(tmp_path))
    assert err.value.code == "MODEL_MISSING" and "train latent-sdf" in err.value.hint


def test_an_interrupted_run_resumes_in_the_phase_it_stopped(tmp_path):
    from unittest import mock

    out = str(tmp_path / "latent_sdf.safetensors")
    cfg = dict(TINY, shapes=4, ae_steps=4, steps=4, checkpoint_every=2)
    with mock.patch("engine.train.latent_sdf.os.remove"):     # keep the checkpoint, as after a crash
        train_latent_sdf(out, LatentSDFTrainConfig(**dict(cfg, steps=3)), log=lambda s: None)
    saved = torch.load(tmp_path / "latent_sdf.ckpt.pt", weights_only=True)
    assert saved["phase"] == "diffusion" and saved["step"] == 2
    logs = []
    card = train_latent_sdf(out, LatentSDFTrainConfig(**cfg), log=logs.append)
    assert "resuming the diffusion phase at step 2" in logs[0]
    assert not any(line.startswith("autoencoder step") for line in logs)   # the auto-encoder came from the checkpoint
    assert card["history"][0][0] == 0 and not (tmp_path / "latent_sdf.ckpt.pt").exists()


def test_two_process_ddp_keeps_the_ranks_equal(tmp_path):
    out = tmp_path / "latent_sdf.safetensors"
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", "--master_port=29533",
           "-m", "engine", "train", "latent-sdf", "-o", str(out), "--shapes", "4", "--steps", "3", "--batch", "4",
           "--resolution", "16", "--ae-steps", "3", "--ae-channels", "8", "--width", "16", "--heads", "2",
           "--data-cache", str(tmp_path / "voxels.npz")]
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS="1", SHAPESMITH_THREADS="1",
               PYTHONFAULTHANDLER="1")   # a rank that aborts prints where
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-8000:]
    card = json.loads((tmp_path / "latent_sdf.json").read_text())
    assert card["processes"] == 2 and card["ranks_agree"] is True
    assert LatentSDFGenerator.load(str(tmp_path)).model_sha256 == card["sha256"]
    assert (tmp_path / "voxels.npz").exists()


def test_the_distribution_evaluation_measures_the_latent_model_with_its_own_settings(tiny_latent):
    from engine.generate.evaluate import evaluate_generator

    gen = LatentSDFGenerator.load(str(tiny_latent[0]))
    seen = []
    real_sample = gen.sample
    gen.sample = lambda config: seen.append(config) or real_sample(config)
    out = evaluate_generator(gen, ["table"], n=3, steps=2, log=lambda s: None)
    assert all(isinstance(c, Config) and c.guidance == Config.guidance for c in seen)   # latent_sdf's Config
    for key in ("generated", "oracle"):
        m = out["table"][key]
        assert 0 <= m["1-NNA-CD"] <= 1 and 0 < m["COV-CD"] <= 1 and m["MMD-CD"] >= 0 and m["n"] == 3
