"""The part-slot generator end to end on tiny settings: training lowers the loss, sampling is
deterministic, guidance 0 is the unconditional prediction, bad requests are refused, the DDP
path keeps the ranks' weights equal."""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
import torch

from engine.errors import EngineError
from engine.generate.part_slot_net import NetConfig, PartSlotDenoiser
from engine.generate.part_slots import CATEGORY_CHOICES, Config, PartSlotGenerator, instance_names
from engine.generate.slot_codec import CodecStats, decode_slots, encode_slots, label_bits, label_from_bits
from engine.train.generator import GeneratorTrainConfig, train_generator
from tests.conftest import ROOT, TINY_GENERATOR

TINY = TINY_GENERATOR


@pytest.fixture(scope="module")
def models(tiny_models):
    return tiny_models


def test_training_lowers_the_loss_and_writes_a_card(models):
    folder, card = models
    losses = [loss for _, loss in card["history"]]
    assert losses[-1] < losses[0]
    saved = json.loads((folder / "generator.json").read_text())
    assert saved["sha256"] == card["sha256"] and saved["parameters"] > 0
    assert not (folder / "generator.ckpt.pt").exists()


def test_sampling_is_deterministic_and_gives_labelled_watertight_parts(models):
    from engine.ops.meshes import quality_report

    gen = PartSlotGenerator.load(str(models[0]))
    config = Config(prompt="a chair", n=2, seed=3, steps=4, resolution=12)
    a, b = gen.sample_slots(config), gen.sample_slots(config)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, gen.sample_slots(Config(prompt="a chair", n=2, seed=4, steps=4)))
    # candidate k is seed + k: the second candidate alone, from its own seed, is the same shape
    assert np.allclose(gen.sample_slots(Config(prompt="a chair", n=1, seed=4, steps=4))[0], a[1], atol=1e-2)
    for mesh in gen.sample(config):
        for i, name in enumerate(mesh.part_names):
            q = quality_report(mesh.vertices, mesh.faces[mesh.face_part == i])
            assert q["watertight"], name


def test_candidates_come_in_the_shape_frame_unless_asked_otherwise(models):
    gen = PartSlotGenerator.load(str(models[0]))
    config = Config(prompt="a table", n=2, seed=3, steps=4, resolution=12)
    framed, free = gen.sample(config), gen.sample(replace(config, unit_frame=False))
    for a, b in zip(framed, free):
        if not len(b.vertices):
            continue
        lo, hi = b.vertices.min(0), b.vertices.max(0)
        assert np.allclose(a.vertices, (b.vertices - (lo + hi) / 2) / (hi - lo).max(), atol=1e-9)
        assert np.isclose((a.vertices.max(0) - a.vertices.min(0)).max(), 1.0)
        assert a.part_names == b.part_names and np.array_equal(a.faces, b.faces)


def test_guidance_zero_is_the_unconditional_prediction():
    torch.manual_seed(0)
    net = PartSlotDenoiser(NetConfig(slot_dim=35, width=32, depth=2, heads=2))
    for p in net.slot_out.parameters():  # zero-initialised: give the output layer weights
        torch.nn.init.normal_(p, std=0.1)
    x, t = torch.randn(2, 5, 35), torch.tensor([10, 500])
    tokens, mask = torch.randn(2, 4, 384), torch.ones(2, 4, dtype=torch.bool)
    both = net(torch.cat([x, x]), torch.cat([t, t]), torch.cat([torch.zeros_like(tokens), tokens]),
               torch.cat([torch.zeros_like(mask), mask]))
    assert torch.equal(net.guided(x, t, tokens, mask, 0.0), both[:2])
    assert torch.allclose(net.guided(x, t, tokens, mask, 1.0), both[2:], atol=1e-5)
    w = 2.5
    assert torch.allclose(net.guided(x, t, tokens, mask, w), both[:2] + w * (both[2:] - both[:2]), atol=1e-5)
    assert not torch.allclose(both[:2], both[2:])  # the prompt matters


def test_a_self_conditioned_denoiser_reads_its_estimate_in_both_guidance_branches():
    torch.manual_seed(0)
    net = PartSlotDenoiser(NetConfig(slot_dim=35, width=32, depth=2, heads=2, self_condition=True))
    for p in net.slot_out.parameters():
        torch.nn.init.normal_(p, std=0.1)
    x, t, x0 = torch.randn(2, 5, 35), torch.tensor([10, 500]), torch.randn(2, 5, 35)
    tokens, mask = torch.randn(2, 4, 384), torch.ones(2, 4, dtype=torch.bool)
    assert not torch.allclose(net(x, t, tokens, mask, x0_prev=x0), net(x, t, tokens, mask))   # the estimate matters
    assert torch.equal(net(x, t, tokens, mask), net(x, t, tokens, mask, x0_prev=torch.zeros_like(x)))  # none: zeros
    unconditional = net(x, t, torch.zeros_like(tokens), torch.zeros_like(mask), x0_prev=x0)
    assert torch.allclose(net.guided(x, t, tokens, mask, 0.0, x0_prev=x0), unconditional, atol=1e-6)


def test_self_conditioning_trains_on_the_model_s_own_estimate_for_half_the_batch():
    from engine.generate.scheduler import DiffusionScheduler
    from engine.train.generator import self_condition_input

    torch.manual_seed(0)
    net = PartSlotDenoiser(NetConfig(slot_dim=35, width=32, depth=2, heads=2, self_condition=True))
    for p in net.slot_out.parameters():
        torch.nn.init.normal_(p, std=0.1)
    sched = DiffusionScheduler()
    xt, t = torch.randn(64, 5, 35), torch.randint(0, 1000, (64,))
    tokens, mask = torch.randn(64, 4, 384), torch.ones(64, 4, dtype=torch.bool)
    got = self_condition_input(net, sched, xt, t, tokens, mask, None, torch.Generator().manual_seed(1))
    with torch.no_grad():
        own = sched.predicted_x0(net(xt, t, tokens, mask), t, xt, clip=3.0)
    zero = (got == 0).flatten(1).all(1)
    assert 16 < int(zero.sum()) < 48                       # about half are given nothing
    assert torch.allclose(got[~zero], own[~zero], atol=1e-5)   # the rest, the model's own estimate


@pytest.mark.parametrize("prediction", ["epsilon", "v"])
def test_sampling_feeds_each_step_the_previous_step_s_estimate(models, tmp_path, prediction):
    out = str(tmp_path / "generator.safetensors")
    card = train_generator(out, GeneratorTrainConfig(**dict(TINY, part_vae=str(models[0] / "part_vae.safetensors"),
                                                             shapes=8, captions_per_shape=2, batch=4, steps=3,
                                                             self_condition=True, prediction=prediction)),
                           log=lambda s: None)
    assert card["architecture"]["self_condition"] and card["recipe"]["self_condition"]
    assert card["architecture"]["prediction"] == prediction
    shutil.copy(models[0] / "part_vae.safetensors", tmp_path)
    shutil.copy(models[0] / "part_vae.json", tmp_path)
    gen = PartSlotGenerator.load(str(tmp_path))
    calls, forward = [], gen.net.forward

    def recording(x, t, tokens, mask, read=None, x0_prev=None):
        out = forward(x, t, tokens, mask, read, x0_prev)
        calls.append((x.clone(), int(t[0]), None if x0_prev is None else x0_prev.clone(), out.clone()))
        return out

    gen.net.forward = recording
    config = Config(prompt="a chair", n=2, seed=1, steps=4, prompt_retries=0)
    first = gen.sample_slots(config)
    assert len(calls) == 4 and calls[0][2] is None
    for (x, t, _, out), (_, _, given, _) in zip(calls, calls[1:]):
        eps = out if prediction == "epsilon" else by_hand_noise_from_v(gen.scheduler.alpha_bar[t].item(), out, x)
        assert torch.allclose(given, gen.scheduler.predicted_x0(eps, t, x, clip=3.0), atol=1e-5)
    assert np.array_equal(first, gen.sample_slots(config))


def by_hand_noise_from_v(alpha_bar: float, v, x):
    return alpha_bar ** 0.5 * v + (1 - alpha_bar) ** 0.5 * x


def test_a_v_denoiser_learns_v_and_self_conditions_on_the_clean_estimate_v_implies():
    from engine.generate.scheduler import DiffusionScheduler
    from engine.train.generator import denoiser_target, self_condition_input

    sched = DiffusionScheduler()
    x0, noise, t = torch.randn(8, 5, 35), torch.randn(8, 5, 35), torch.randint(0, 1000, (8,))
    assert torch.equal(denoiser_target(sched, "epsilon", x0, noise, t), noise)
    v = denoiser_target(sched, "v", x0, noise, t)
    ab = sched.alpha_bar[t].float().view(-1, 1, 1)
    assert torch.allclose(v, ab.sqrt() * noise - (1 - ab).sqrt() * x0, atol=1e-6)
    torch.manual_seed(0)
    net = PartSlotDenoiser(NetConfig(slot_dim=35, width=32, depth=2, heads=2, self_condition=True, prediction="v"))
    for p in net.slot_out.parameters():
        torch.nn.init.normal_(p, std=0.1)
    xt = sched.add_noise(x0, noise, t)
    tokens, mask = torch.randn(8, 4, 384), torch.ones(8, 4, dtype=torch.bool)
    got = self_condition_input(net, sched, xt, t, tokens, mask, None, torch.Generator().manual_seed(1))
    with torch.no_grad():
        out = net(xt, t, tokens, mask)
    own = (ab.sqrt() * xt - (1 - ab).sqrt() * out).clamp(-3, 3)   # x_0 = sqrt(ab) x_t - sqrt(1 - ab) v
    given = ~(got == 0).flatten(1).all(1)
    assert given.any() and torch.allclose(got[given], own[given], atol=1e-4)


def test_min_snr_weights_make_the_loss_the_clean_value_error_capped_at_gamma():
    from engine.generate.scheduler import DiffusionScheduler
    from engine.train.generator import denoiser_target, loss_weights

    sched = DiffusionScheduler()
    t = torch.tensor([0, 100, 500, 900, 999])
    assert torch.equal(loss_weights(sched, "v", t, 0.0), torch.ones(5))
    x0, noise = torch.randn(5, 3, 35), torch.randn(5, 3, 35)
    xt = sched.add_noise(x0, noise, t)
    wrong_x0 = x0 + 0.1 * torch.randn(5, 3, 35)   # a prediction implying this clean value, in each form
    wrong_eps = (xt - sched.alpha_bar[t].float().sqrt().view(-1, 1, 1) * wrong_x0) / \
        (1 - sched.alpha_bar[t].float()).sqrt().view(-1, 1, 1)
    x0_error = ((wrong_x0 - x0) ** 2).flatten(1).mean(1)
    ab = sched.alpha_bar[t].float()
    capped = (ab / (1 - ab)).clamp(max=5.0)
    for prediction in ("epsilon", "v"):
        pred = denoiser_target(sched, prediction, wrong_x0, wrong_eps, t)
        error = ((pred - denoiser_target(sched, prediction, x0, noise, t)) ** 2).flatten(1).mean(1)
        weighted = loss_weights(sched, prediction, t, 5.0) * error
        assert torch.allclose(weighted, capped * x0_error, rtol=1e-3), prediction


def test_centre_weight_falls_on_exactly_the_features_a_box_centre_is_coded_in():
    from engine.generate.slot_codec import CodecStats, encode_slots
    from engine.train.generator import centre_feature_weights

    rng = np.random.default_rng(0)
    stats = CodecStats(np.zeros(3), np.ones(3), np.zeros(16), np.ones(16))
    fields = dict(exists=np.ones(2), label=np.array([3, 5]), centre=rng.uniform(-0.4, 0.4, (2, 3)),
                  half=rng.uniform(0.05, 0.3, (2, 3)), rotation=np.stack([np.eye(3)] * 2),
                  codes=rng.normal(size=(2, 16)))
    moved = dict(fields, centre=fields["centre"] + 0.1)
    changed = (encode_slots(**fields, stats=stats) != encode_slots(**moved, stats=stats)).any(0)
    weights = centre_feature_weights(6.0).numpy()
    assert np.array_equal(weights != 1, changed) and set(weights[changed]) == {6.0}
    assert np.array_equal(centre_feature_weights(1.0).numpy(), np.ones_like(weights))


@pytest.mark.parametrize("bad", [{"prediction": "x0"}, {"whiten": "everything"}, {"centre_weight": 0.0},
                                 {"centre_weight": float("nan")}])
def test_an_unknown_prediction_or_whitening_or_a_centre_weight_not_above_0_is_refused_before_any_work(tmp_path, bad):
    with pytest.raises(EngineError) as err:
        train_generator(str(tmp_path / "g.safetensors"), GeneratorTrainConfig(part_vae="missing", **bad),
                        log=lambda s: None)
    assert err.value.code == "BAD_PARAMS" and not any(tmp_path.iterdir())


def test_slot_codec_round_trip():
    rng = np.random.default_rng(0)
    k = 5
    exists = np.array([1, 1, 1, 0, 0], np.float32)
    label = np.array([3, 10, 45, 0, 0])
    centre = rng.uniform(-0.4, 0.4, (k, 3))
    half = rng.uniform(0.01, 0.3, (k, 3))
    q, _ = np.linalg.qr(rng.normal(size=(k, 3, 3)))
    q *= np.sign(np.linalg.det(q))[:, None, None]
    codes = rng.normal(size=(k, 16))
    stats = CodecStats.fit(half[:3], codes[:3])
    x = encode_slots(exists, label, centre, half, q, codes, stats)
    parts = decode_slots(x, stats)
    assert len(parts) == 3
    from engine.data.shapes.labels import LABELS

    for i, p in enumerate(parts):
        assert p["label"] == LABELS[label[i]]
        assert np.allclose(p["centre"], centre[i], atol=1e-6) and np.allclose(p["half"], half[i], rtol=1e-5)
        assert np.allclose(p["rotation"], q[i], atol=1e-5) and np.allclose(p["code"], codes[i], atol=1e-4)
    assert (x[3:, 1:] == 0).all() and (x[3:, 0] == -1).all()
    assert (label_from_bits(label_bits(np.arange(46)) * 0.6) == np.arange(46)).all()
    assert instance_names(["leg", "seat", "leg"]) == ["leg_0", "seat", "leg_1"]


def test_bad_requests_and_tampered_weights_are_refused(models, tmp_path):
    gen = PartSlotGenerator.load(str(models[0]))
    for bad in (dict(n=0), dict(n=10_000), dict(steps=-1), dict(steps=0), dict(guidance=-1.0),
                dict(category="spaceship"), dict(noise="[1, 2"), dict(n=2, noise="[1]"),
                dict(n=1, noise='[{"slerp": [1, 2, 1.5]}]'), dict(n=1, noise='[{"lerp": [1, 2, 0.5]}]'),
                dict(n=1, noise='[-3]'), dict(n=1, second_prompt="a lamp", blend="[2]"),
                dict(n=2, second_prompt="a lamp", blend="[0.5]"), dict(n=1, noise="[" + '{"slerp": [' * 40 + "1" + ', 2, 0.5]}' * 40 + "]")):
        with pytest.raises(EngineError):
            gen.sample_slots(Config(**dict(dict(prompt="a chair"), **bad)))
    with pytest.raises(EngineError, match="at most"):
        gen.sample_slots(Config(prompt="x" * 10_000, n=1, steps=1))
    with pytest.raises(EngineError, match="at most"):
        gen.sample_slots(Config(prompt="a chair", edit="x" * 10_000, n=1, steps=1))
    assert gen.sample_slots(Config(prompt="", n=1, steps=2)).shape == (1, 24, 35)  # unconditional
    copy = tmp_path / "m"
    shutil.copytree(models[0], copy)
    data = bytearray((copy / "generator.safetensors").read_bytes())
    data[-5] ^= 0xFF
    (copy / "generator.safetensors").write_bytes(bytes(data))
    with pytest.raises(EngineError, match="does not match"):
        PartSlotGenerator.load(str(copy))


def test_a_new_decoder_for_the_same_codes_loads_and_another_auto_encoder_is_refused(models, tmp_path):
    from engine.train.part_vae import PartVAETrainConfig, train_part_vae

    copy = tmp_path / "m"
    shutil.copytree(models[0], copy)
    trained_with = str(models[0] / "part_vae.safetensors")
    train_part_vae(str(copy / "part_vae.safetensors"),
                   PartVAETrainConfig(shapes=4, val_shapes=2, steps=3, batch=8, threads=1, code_every_layer=True,
                                      encoder_from=trained_with), log=lambda s: None)
    gen = PartSlotGenerator.load(str(copy))
    assert gen.part_decoder.code_every_layer
    mesh = gen.sample(Config(prompt="a stool", n=1, steps=2))[0]
    assert len(mesh.vertices) == 0 or np.isfinite(mesh.vertices).all()
    train_part_vae(str(tmp_path / "second.safetensors"),     # a decoder for the new one's codes: the same codes
                   PartVAETrainConfig(shapes=4, val_shapes=2, steps=2, batch=8, threads=1,
                                      encoder_from=str(copy / "part_vae.safetensors")), log=lambda s: None)
    for suffix in (".safetensors", ".json"):
        shutil.copy(tmp_path / f"second{suffix}", copy / f"part_vae{suffix}")
    assert not PartSlotGenerator.load(str(copy)).part_decoder.code_every_layer
    train_part_vae(str(copy / "part_vae.safetensors"),      # codes of its own: the generator cannot read them
                   PartVAETrainConfig(shapes=4, val_shapes=2, steps=3, batch=8, threads=1), log=lambda s: None)
    with pytest.raises(EngineError, match="another part auto-encoder"):
        PartSlotGenerator.load(str(copy))


def test_two_process_ddp_keeps_the_ranks_equal(models, tmp_path):
    folder, _ = models
    out = tmp_path / "g.safetensors"
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", "--master_port=29531",
           "-m", "engine", "train", "generator", "-o", str(out), "--part-vae", str(folder / "part_vae.safetensors"),
           "--shapes", "8", "--steps", "6", "--batch", "8", "--width", "32", "--depth", "1", "--heads", "2",
           "--reader-width", "16", "--reader-steps", "3", "--reader-slot-weight", "3",
           "--read-truth-rate", "0.5", "--data-cache", str(tmp_path / "data.npz")]
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS="1", SHAPESMITH_THREADS="1",
               PYTHONFAULTHANDLER="1")   # a rank that aborts prints where
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-8000:]
    card = json.loads((tmp_path / "g.json").read_text())
    assert card["processes"] == 2 and card["ranks_agree"] is True
    assert card["recipe"]["reader_slot_weight"] == 3.0 and card["recipe"]["read_truth_rate"] == 0.5
    assert (tmp_path / "data.npz").exists()


def test_training_into_a_folder_is_refused_before_anything_runs(tmp_path):
    folder = tmp_path / "weights"
    folder.mkdir()
    for model in ("generator", "part-vae", "latent-sdf"):
        proc = subprocess.run([sys.executable, "-m", "engine", "train", model, "-o", str(folder), "--part-vae",
                               str(tmp_path / "absent.safetensors"), "--steps", "1"], cwd=ROOT, capture_output=True,
                              text=True, timeout=120, env=dict(os.environ, PYTHONPATH=ROOT))
        assert proc.returncode == 2 and "is a folder; name the weights file in it" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["weights"]


def test_the_data_cache_gives_back_the_same_examples_and_is_remade_for_another_recipe(models, tmp_path):
    from engine.generate.part_vae import PartVAE, PartVAEConfig
    from engine.train.common import load_weights
    from engine.train.generator import training_examples

    state, meta, card = load_weights(str(models[0] / "part_vae.safetensors"))
    vae = PartVAE(PartVAEConfig(**json.loads(meta["config"])))
    vae.load_state_dict(state)
    vae.eval()
    cache = str(tmp_path / "data.npz")
    config = GeneratorTrainConfig(shapes=6, captions_per_shape=3)
    lines = []
    made = training_examples(vae, card["sha256"], config, cache, write=True, log=lines.append)
    again = training_examples(vae, card["sha256"], config, cache, write=True, log=lines.append)
    assert lines == [f"data from {cache}"]
    assert np.array_equal(made[0], again[0]) and made[1] == again[1] and made[2] == again[2]
    assert made[3].to_dict() == again[3].to_dict() and made[4] == again[4]
    other = training_examples(vae, card["sha256"], GeneratorTrainConfig(shapes=4, captions_per_shape=3), cache,
                              write=False, log=lines.append)
    assert len(other[0]) == 4 and "made for another recipe" in lines[-1]
    # A changed caption vocabulary is another recipe too: the cached captions are not what it writes.
    from engine.data.shapes import captions

    phrases = captions.PHRASES["legs"][3]
    try:
        phrases.append("on a trio of legs")
        training_examples(vae, card["sha256"], config, cache, write=False, log=lines.append)
        assert "made for another recipe" in lines[-1]
    finally:
        phrases.remove("on a trio of legs")


def test_evaluation_reports_generated_and_oracle_figures(models):
    from engine.generate.evaluate import evaluate_generator

    gen = PartSlotGenerator.load(str(models[0]))
    out = evaluate_generator(gen, ["stool"], n=3, steps=2, log=lambda s: None)
    for key in ("generated", "oracle"):
        m = out["stool"][key]
        assert 0 <= m["1-NNA-CD"] <= 1 and 0 < m["COV-CD"] <= 1 and m["MMD-CD"] >= 0 and m["n"] == 3
    assert 0 <= out["stool"]["floating_rate"] <= 1 and 0 <= out["stool"]["leaky_rate"] <= 1


def _two_cubes(gap: float, open_second: bool = False):
    from engine.structures import PartMesh

    corners = np.array([[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)], dtype=np.float64)
    faces = np.array([[0, 1, 3], [0, 3, 2], [4, 6, 7], [4, 7, 5], [0, 4, 5], [0, 5, 1],
                      [2, 3, 7], [2, 7, 6], [0, 2, 6], [0, 6, 4], [1, 5, 7], [1, 7, 3]])
    second = faces[:-2] + 8 if open_second else faces + 8
    vertices = np.concatenate([corners, corners + [1 + gap, 0, 0]])
    return PartMesh(vertices, np.concatenate([faces, second]),
                    np.concatenate([np.zeros(12, np.int64), np.ones(len(second), np.int64)]), ["a", "b"])


def test_integrity_flags_floating_and_leaky_parts():
    from engine.generate.evaluate import integrity

    assert integrity(_two_cubes(0.0)) == (False, False)
    assert integrity(_two_cubes(0.2)) == (True, False)   # 0.2 > 1% of the diagonal
    assert integrity(_two_cubes(0.0, open_second=True)) == (False, True)


def test_generate_command_writes_glbs_result_json_and_a_preview(models, tmp_path):
    from engine.formats.glb import read_glb
    from engine.generate.prompt_check import retry_seed

    folder, card = models
    env = dict(os.environ, PYTHONPATH=ROOT, SHAPESMITH_THREADS="1")
    cmd = [sys.executable, "-m", "engine", "generate", "a stool with three legs", "-n", "2", "--seed", "5",
           "--steps", "3", "--noise-scale", "1.1", "--models", str(folder), "-o", str(tmp_path / "out"), "--preview"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    assert result["provenance"]["task"] == "generate" and result["provenance"]["params"]["seed"] == 5
    assert result["report"]["model_sha256"] == card["sha256"] and len(result["objects"]) == 2
    for k, obj in enumerate(result["objects"]):
        # seed + k, or one of its retry seeds where that shape lacked the three legs asked for
        assert obj["provenance"]["prompt"] == "a stool with three legs"
        assert obj["provenance"]["seed"] in {retry_seed(5 + k, a) for a in range(Config.prompt_retries + 1)}
        assert obj["provenance"]["noise"] == obj["provenance"]["seed"] and obj["provenance"]["noise_scale"] == 1.1
        assert obj["provenance"]["model_sha256"] == card["sha256"]
        if obj["file"]:
            glb = read_glb(str(tmp_path / "out" / obj["file"]))
            assert glb["part_names"] == obj["part_names"]
            assert all(p["watertight"] for p in obj["quality"]["parts"].values())
    assert (tmp_path / "out" / "preview.png").exists()
    bad = subprocess.run(cmd[:5] + ["-n", "0", "--models", str(folder), "-o", str(tmp_path / "x")], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, env=env)
    assert bad.returncode == 1 and "smallest allowed is 1" in bad.stderr
    unknown = subprocess.run(cmd + ["--set", "retries=0"], cwd=ROOT, capture_output=True, text=True, timeout=600,
                             env=env)
    assert unknown.returncode == 2 and "--set retries: no such generation setting" in unknown.stderr
    firsts = subprocess.run(cmd[:-3] + ["-o", str(tmp_path / "firsts"), "--set", "prompt_retries=0"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600, env=env)
    assert firsts.returncode == 0, firsts.stderr[-2000:]
    result = json.loads((tmp_path / "firsts" / "result.json").read_text())
    assert result["provenance"]["params"]["prompt_retries"] == 0
    assert [obj["provenance"]["seed"] for obj in result["objects"]] == [5, 6]     # first tries only


def test_the_noise_scale_multiplies_the_starting_noise(models):
    from engine.generate.part_slots import recipe_noise
    from engine.generate.slots import MAX_SLOTS
    from engine.generate.slot_codec import SLOT_DIM

    gen = PartSlotGenerator.load(str(models[0]))
    first_inputs, forward = [], gen.net.forward

    def recording(x, t, *args):
        if int(t[0]) == int(gen.scheduler.timesteps[0]):
            first_inputs.append(x.clone())
        return forward(x, t, *args)

    gen.net.forward = recording
    config = Config(prompt="a chair with four legs", n=2, seed=4, steps=3, prompt_retries=0)
    assert Config.noise_scale == 1.0 and Config.plain_noise_scale == 1.15
    plain = torch.stack([recipe_noise(4 + k, (MAX_SLOTS, SLOT_DIM)) for k in range(2)])
    for scale in (1.0, 0.5, 1.15):   # the default, and others
        first_inputs.clear()
        gen.sample_slots(replace(config, noise_scale=scale))
        assert torch.allclose(first_inputs[0][:2], scale * plain)
    # a prompt that only names a category starts at plain_noise_scale, unless noise_scale is set
    for prompt, noise_scale, plain_scale, expected in (("a chair", 1.0, 1.15, 1.15), ("", 1.0, 1.3, 1.3),
                                                        ("a chair", 0.8, 1.15, 0.8), ("a chair", 1.0, 1.0, 1.0)):
        first_inputs.clear()
        gen.sample_slots(replace(config, prompt=prompt, noise_scale=noise_scale, plain_noise_scale=plain_scale))
        assert torch.allclose(first_inputs[0][:2], expected * plain), prompt


def test_the_epsilon_scale_divides_the_predicted_noise_at_every_step(models):
    gen = PartSlotGenerator.load(str(models[0]))
    steps, forward = [], gen.net.forward

    def recording(x, t, *args):
        out = forward(x, t, *args)
        steps.append((x.clone(), t[0].clone(), out.clone()))
        return out

    gen.net.forward = recording
    config = Config(prompt="a chair with four legs", n=2, seed=4, steps=3, guidance=1.0, prompt_retries=0,
                    structure_first=False)
    assert Config.epsilon_scale == 1.0
    for scale in (1.0, 1.1):
        steps.clear()
        gen.sample_slots(replace(config, epsilon_scale=scale))
        assert len(steps) == 3   # guidance 1: one pass a step
        for (x, t, out), (x_next, _, _) in zip(steps, steps[1:]):
            eps = gen.scheduler.epsilon_from(out, t, x, gen.net.config.prediction) / scale
            assert torch.allclose(x_next, gen.scheduler.step(eps, t, x, clip=3.0), atol=1e-5)


@pytest.mark.parametrize("prompt, plain", [("a chair", True), ("An office chair.", True), ("", True),
                                           ("the dining table", True), ("bookcase", True), ("a tall stool", False),
                                           ("a chair without arms", False), ("a chair chair", False)])
def test_a_prompt_names_only_a_category_when_its_words_are_one_of_the_category_names(prompt, plain):
    from engine.generate.part_slots import effective_noise_scale, names_only_a_category

    assert names_only_a_category(prompt) is plain
    assert effective_noise_scale(Config(prompt=prompt)) == (1.15 if plain else 1.0)
    assert effective_noise_scale(Config(prompt=prompt, edit="with arms")) == (1.15 if plain else 1.0)  # the source's
    assert effective_noise_scale(Config(prompt=prompt, second_prompt="a tall stool")) == 1.0
    assert effective_noise_scale(Config(prompt="", category="stool")) == 1.15


def test_a_whitened_generator_trains_in_whitened_slots_and_samples_back_in_codec_ones(models, tmp_path):
    from engine.generate.slot_whitening import FIELDS, SlotWhitening

    out = str(tmp_path / "generator.safetensors")
    train_generator(out, GeneratorTrainConfig(**dict(TINY, part_vae=str(models[0] / "part_vae.safetensors"),
                                                     shapes=8, captions_per_shape=2, batch=4, steps=3,
                                                     reader_width=16, reader_steps=3, reader_batch=4,
                                                     whiten="boxes")), log=lambda s: None)
    for name in ("part_vae.safetensors", "part_vae.json"):
        shutil.copy(models[0] / name, tmp_path)
    whitened = PartSlotGenerator.load(str(tmp_path))
    w = whitened.whitening     # (8 shapes: too few a category for statistics of their own, hence ones)
    assert w.fields == "boxes" and w.mean.shape == (len(w.categories), 24, 12) and "stool" in w.categories
    assert PartSlotGenerator.load(str(models[0])).whitening is None   # older files: codec slots
    # The same network denoising the same noise: whitened, its slots come back through
    # unwhiten (here scale 2, mean 0.1 on the box fields of every slot), nothing else moves.
    gen = PartSlotGenerator.load(str(models[0]))
    config = Config(prompt="a stool", n=2, seed=3, steps=3, prompt_retries=0, frame_check=False)
    plain = gen.sample_slots(config)
    lo, hi = FIELDS["boxes"]
    shape = (len(CATEGORY_CHOICES) - 1, plain.shape[1], hi - lo)
    gen.whitening = SlotWhitening(tuple(c for c in CATEGORY_CHOICES if c), "boxes", np.full(shape, 0.1),
                                  np.full(shape, 2.0))
    moved = gen.sample_slots(config)
    assert np.allclose(moved[..., lo:hi], 2 * plain[..., lo:hi] + 0.1, atol=1e-5)
    assert np.array_equal(moved[..., :lo], plain[..., :lo]) and np.array_equal(moved[..., hi:], plain[..., hi:])


def test_frame_extent_by_hand():
    from engine.generate.part_slots import frame_extent

    unit = {"centre": np.zeros(3), "half": np.full(3, 0.5), "rotation": np.eye(3)}
    assert frame_extent([]) == 0.0 and np.isclose(frame_extent([unit]), 1.0)
    far = {**unit, "centre": np.array([0.0, 0.0, 0.9]), "half": np.full(3, 0.1)}
    assert np.isclose(frame_extent([unit, far]), 1.5)          # from -0.5 to 0.9 + 0.1 along z
    c, s = np.cos(np.pi / 4), np.sin(np.pi / 4)
    turned = {**unit, "rotation": np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])}
    assert np.isclose(frame_extent([turned]), np.sqrt(2))       # the square's diagonal, turned onto x


def test_the_frame_check_makes_a_shape_reaching_out_of_its_frame_again(models, monkeypatch):
    from engine.generate import part_slots
    from engine.generate.prompt_check import retry_seed

    gen = PartSlotGenerator.load(str(models[0]))

    def extent(slots):
        return part_slots.frame_extent(gen.placed_parts(slots))

    def fits(slots):   # some part inside the frame, none reaching out of it
        return bool(gen.placed_parts(slots)) and extent(slots) <= limit

    plain = Config(prompt="", n=6, seed=0, steps=3, frame_check=False)
    first = gen.sample_slots(plain)
    # the tiny model centres most first tries' boxes off the frame, a fault no retry of it mends
    # (test_a_candidate_with_a_part_centred_off_its_frame_is_a_frame_fault): here every centre counts
    monkeypatch.setattr(part_slots, "MAX_CENTRE", 1e9)
    limit = float(np.median([extent(s) for s in first]))   # about half the first tries reach out of it
    monkeypatch.setattr(part_slots, "FRAME_LIMIT", limit)
    slots, recipes = gen.sample_candidates(replace(plain, frame_check=True))
    assert not all(fits(s) for s in first)
    for k in range(6):
        if fits(first[k]):               # kept as it was
            assert recipes[k] == k and np.allclose(slots[k], first[k], atol=1e-5)
        else:                            # made again: the first try that fits, else the first try
            assert recipes[k] in [k] + [retry_seed(k, a) for a in range(1, Config.prompt_retries + 1)]
            assert fits(slots[k]) or recipes[k] == k
    assert any(recipes[k] != k for k in range(6))
    # Nothing is made again with explicit noise, nor with the check off or no retries.
    for config in (replace(plain, frame_check=True, noise=json.dumps(list(range(6)))), plain,
                   replace(plain, frame_check=True, prompt_retries=0)):
        assert gen.sample_candidates(config)[1] == list(range(6))


def test_a_candidate_with_a_part_centred_off_its_frame_is_a_frame_fault(models):
    """placed_parts drops a filled slot whose box is centred beyond the frame: 1-7% of each
    category's candidates lost every part of a label so (a table its top), and 2 of 100 vases their
    one body (empty shapes), which the frame check let pass."""
    from engine.generate.part_slots import frame_extent
    from engine.generate.slot_codec import LABEL_BITS, decode_slots

    gen = PartSlotGenerator.load(str(models[0]))
    tries = gen.sample_slots(Config(prompt="", n=6, seed=0, steps=3, frame_check=False))
    slots = max(tries, key=lambda s: int((s[:, 0] > 0).sum())).copy()
    centre = 1 + LABEL_BITS
    slots[:, centre:centre + 3] = 0.0    # every box centred in the frame (the tiny model's are not)
    assert len(gen.placed_parts(slots)) == len(decode_slots(slots, gen.stats)) >= 2
    assert gen._faults(slots, {}, True) == int(frame_extent(gen.placed_parts(slots)) > 1.3)
    centre_y = centre + 1
    one_away, all_away = slots.copy(), slots.copy()
    one_away[int(np.argmax(slots[:, 0])), centre_y] = 2.4     # one box centred at y = 1.2, beyond MAX_CENTRE
    all_away[:, centre_y] = 2.4
    assert len(gen.placed_parts(one_away)) == len(gen.placed_parts(slots)) - 1 and gen.placed_parts(all_away) == []
    for away in (one_away, all_away):
        assert gen._faults(away, {}, True) == 1 and gen._faults(away, {}, False) == 0


@pytest.mark.parametrize("ahead", [0, 1])
def test_each_candidate_keeps_the_category_of_the_try_it_kept(models, monkeypatch, ahead):
    gen = PartSlotGenerator.load(str(models[0]))
    calls = []
    real = gen._labels_under_layouts

    def tagged(x, read):   # every denoising pass names its own category for each row
        x, _ = real(x, read)
        calls.append(len(calls))
        return x, [f"pass {len(calls) - 1} row {i}" for i in range(len(x))]

    monkeypatch.setattr(gen, "_labels_under_layouts", tagged)
    monkeypatch.setattr(gen, "_tries_ahead", lambda config: ahead)
    checked = []

    def faults(slots, asked, frame):   # candidates 0 and 2 fail their first try; any retry passes
        checked.append(len(checked))
        return int(len(checked) <= 3 and len(checked) - 1 in (0, 2))

    monkeypatch.setattr(gen, "_faults", faults)
    config = Config(prompt="a chair", n=3, seed=0, steps=2, frame_check=True)
    slots, recipes, categories = gen.sample_shapes(config)
    # the retries were denoised beside the first tries (rows 3-5 of pass 0) or in a pass of their own
    retried = ["pass 0 row 3", "pass 0 row 5"] if ahead else ["pass 1 row 0", "pass 1 row 1"]
    assert categories == [retried[0], "pass 0 row 1", retried[1]]
    assert recipes[1] == 1 and recipes[0] != 0 and recipes[2] != 2 and len(calls) == (1 if ahead else 2)


def test_noise_recipes_make_variations_and_interpolations(models):
    gen = PartSlotGenerator.load(str(models[0]))
    base = dict(prompt="a chair", steps=4, prompt_retries=0)   # no retries: each candidate is its own recipe
    a = gen.sample_slots(Config(**base, n=1, seed=7))[0]
    b = gen.sample_slots(Config(**base, n=1, seed=9))[0]
    ends = gen.sample_slots(Config(**base, n=3, noise='[{"slerp": [7, 9, 0]}, {"slerp": [7, 9, 0.5]}, '
                                                      '{"slerp": [7, 9, 1]}]'))
    assert np.allclose(ends[0], a, atol=1e-2) and np.allclose(ends[2], b, atol=1e-2)
    assert not np.allclose(ends[1], a, atol=1e-2) and not np.allclose(ends[1], b, atol=1e-2)
    # a variation of a variation: recipes nest
    nested = gen.sample_slots(Config(**base, n=1, noise='[{"slerp": [{"slerp": [7, 9, 0.5]}, 11, 0]}]'))[0]
    assert np.allclose(nested, ends[1], atol=1e-2)
    # prompt blending: the first candidate reads only the first prompt, the last only the second
    blend = gen.sample_slots(Config(**base, n=2, noise="[7, 7]", second_prompt="a lamp"))
    lamp = gen.sample_slots(Config(prompt="a lamp", steps=4, n=1, seed=7, prompt_retries=0))[0]
    assert np.allclose(blend[0], a, atol=1e-2) and np.allclose(blend[1], lamp, atol=1e-2)
    # explicit weights reproduce one blended candidate on its own (a variation of an interpolation)
    alone = gen.sample_slots(Config(**base, n=1, noise="[7]", second_prompt="a lamp", blend="[1.0]"))
    assert np.allclose(alone[0], lamp, atol=1e-2)


def test_slerp_keeps_the_norm_of_gaussian_noise():
    from engine.generate.part_slots import recipe_noise

    a, b = recipe_noise(1, (24, 35)), recipe_noise(2, (24, 35))
    mid = recipe_noise({"slerp": [1, 2, 0.5]}, (24, 35))
    assert abs(float(mid.norm()) - 0.5 * float(a.norm() + b.norm())) < 0.05 * float(a.norm())
    assert float(((a + b) / 2).norm()) < 0.8 * float(mid.norm())  # what a plain average would do


def test_category_choices_are_the_library_categories():
    from engine.data.shapes import CATEGORIES

    assert list(CATEGORY_CHOICES[1:]) == list(CATEGORIES)


def test_weights_are_stored_as_float16_and_load_as_float32(models):
    from safetensors import safe_open

    with safe_open(str(models[0] / "generator.safetensors"), framework="pt") as fh:
        assert {fh.get_tensor(k).dtype for k in fh.keys()} == {torch.float16}
    gen = PartSlotGenerator.load(str(models[0]))
    assert {p.dtype for p in gen.net.parameters()} == {torch.float32}


def test_an_interrupted_run_resumes_from_its_checkpoint(models, tmp_path):
    from unittest import mock

    folder = tmp_path / "runs"       # -o may name a folder that does not exist yet: the checkpoint makes it
    out = str(folder / "generator.safetensors")
    cfg = dict(TINY, part_vae=str(models[0] / "part_vae.safetensors"), shapes=8, captions_per_shape=2, batch=4,
               checkpoint_every=2, reader_width=16, reader_steps=3, reader_batch=4)
    with mock.patch("engine.train.generator.os.remove"):  # keep the checkpoint, as after a crash
        train_generator(out, GeneratorTrainConfig(**dict(cfg, steps=3)), log=lambda s: None)
    assert (folder / "generator.ckpt.pt").exists()
    logs = []
    card = train_generator(out, GeneratorTrainConfig(**dict(cfg, steps=4)), log=logs.append)
    assert "resuming at step 2" in logs and not (folder / "generator.ckpt.pt").exists()
    assert not any(line.startswith("reader step") for line in logs)    # the reader came from the checkpoint
    assert card["reader_history"] and card["architecture"]["reader_width"] == 16
    # The saved generator, prompt reader included, loads and samples deterministically.
    shutil.copy(models[0] / "part_vae.safetensors", folder)
    shutil.copy(models[0] / "part_vae.json", folder)
    gen = PartSlotGenerator.load(str(folder))
    assert gen.net.reader is not None
    config = Config(prompt="a chair without arms", n=2, seed=1, steps=3)
    assert np.array_equal(gen.sample_slots(config), gen.sample_slots(config))


def test_a_generator_with_several_readers_trains_each_and_loads_them_all(models, tmp_path):
    from engine.generate.prompt_reader import ReaderEnsemble

    out = str(tmp_path / "generator.safetensors")
    logs = []
    card = train_generator(out, GeneratorTrainConfig(**dict(TINY, part_vae=str(models[0] / "part_vae.safetensors"),
                                                             shapes=8, captions_per_shape=2, batch=4, steps=2,
                                                             reader_width=16, reader_steps=3, reader_batch=4,
                                                             reader_members=2, reader_token_dropout=0.2)),
                           log=logs.append)
    assert "reader 1 of 2" in logs and "reader 2 of 2" in logs
    assert card["architecture"]["reader_members"] == 2 and len(card["reader_history"]) == 2 * 2
    shutil.copy(models[0] / "part_vae.safetensors", tmp_path)
    shutil.copy(models[0] / "part_vae.json", tmp_path)
    gen = PartSlotGenerator.load(str(tmp_path))
    assert isinstance(gen.net.reader, ReaderEnsemble) and len(gen.net.reader.members) == 2
    first, second = (dict(m.named_parameters())["token_in.weight"] for m in gen.net.reader.members)
    assert not torch.equal(first, second)
    assert len(gen.sample_slots(Config(prompt="a chair without arms", n=2, seed=1, steps=3))) == 2
    # Attribute arithmetic runs through the ensemble's reading, deterministically.
    edited = Config(prompt="a chair without arms", edit="with arms", n=2, seed=1, steps=3)
    assert np.array_equal(gen.sample_slots(edited), gen.sample_slots(edited))


def test_a_generator_with_slot_roles_trains_and_loads_them(models, tmp_path):
    out = str(tmp_path / "generator.safetensors")
    card = train_generator(out, GeneratorTrainConfig(**dict(TINY, part_vae=str(models[0] / "part_vae.safetensors"),
                                                             shapes=8, captions_per_shape=2, batch=4, steps=3,
                                                             reader_width=16, reader_steps=3, reader_batch=4,
                                                             slot_roles=True)), log=lambda s: None)
    assert card["architecture"]["slot_roles"] and card["recipe"]["slot_roles"]
    shutil.copy(models[0] / "part_vae.safetensors", tmp_path)
    shutil.copy(models[0] / "part_vae.json", tmp_path)
    gen = PartSlotGenerator.load(str(tmp_path))
    assert gen.net.slot_role.shape[:2] == (13, 24)
    config = Config(prompt="an office chair", n=2, seed=1, steps=3)
    assert np.array_equal(gen.sample_slots(config), gen.sample_slots(config))


def test_the_denoiser_can_be_retrained_against_another_generator_s_reader(models, tmp_path):
    from engine.errors import EngineError
    from engine.train.common import load_weights

    recipe = dict(TINY, part_vae=str(models[0] / "part_vae.safetensors"), shapes=8, captions_per_shape=2, batch=4,
                  steps=3, reader_width=16, reader_steps=3, reader_batch=4)
    source = str(tmp_path / "source.safetensors")
    train_generator(source, GeneratorTrainConfig(**recipe), log=lambda s: None)
    given, _, source_card = load_weights(source)
    out = str(tmp_path / "generator.safetensors")
    logs = []
    card = train_generator(out, GeneratorTrainConfig(**dict(recipe, reader_from=source, seed=1)), log=logs.append)
    assert card["reader_history"] == [] and card["reader_from"]["sha256"] == source_card["sha256"]
    assert any("prompt reader taken from" in line for line in logs)
    taken, _, _ = load_weights(out)
    readers = [k for k in given if k.startswith("reader.")]
    assert readers and all(torch.equal(taken[k], given[k]) for k in readers)
    assert not all(torch.equal(taken[k], given[k]) for k in given if not k.startswith("reader."))
    from unittest import mock     # a run cut short and resumed still names the reader it took
    resumed = dict(recipe, reader_from=source, checkpoint_every=2)
    with mock.patch("engine.train.generator.os.remove"):
        train_generator(str(tmp_path / "cut.safetensors"), GeneratorTrainConfig(**resumed), log=lambda s: None)
    card = train_generator(str(tmp_path / "cut.safetensors"), GeneratorTrainConfig(**dict(resumed, steps=4)),
                           log=logs.append)
    assert "resuming at step 2" in logs and card["reader_from"]["sha256"] == source_card["sha256"]
    for bad, words in [(dict(recipe, reader_width=32, reader_from=source), "other sizes"),
                       (dict(recipe, reader_from=str(models[0] / "generator.safetensors")), "no prompt reader")]:
        with pytest.raises(EngineError) as err:
            train_generator(str(tmp_path / "bad.safetensors"), GeneratorTrainConfig(**bad), log=lambda s: None)
        assert err.value.code == "BAD_PARAMS" and words in err.value.message


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_generation_matches_the_cpu(models):
    cpu = PartSlotGenerator.load(str(models[0]), "cpu")
    gpu = PartSlotGenerator.load(str(models[0]), "cuda")
    config = Config(prompt="a chair", n=2, seed=3, steps=4, resolution=12)
    assert np.allclose(cpu.sample_slots(config), gpu.sample_slots(config), atol=1e-2)
    for mesh in gpu.sample(config):
        assert len(mesh.faces) == 0 or mesh.part_names


def test_slots_with_boxes_outside_the_frame_are_dropped(models):
    gen = PartSlotGenerator.load(str(models[0]))
    k = 24
    centre = np.zeros((k, 3))
    centre[1] = [1.4, 0.0, 0.0]     # where x0 clipping leaves a slot the model could not resolve
    exists = np.zeros(k)
    exists[:2] = 1
    x = encode_slots(exists, np.array([6, 8] + [0] * 22), centre, np.full((k, 3), 0.2), np.tile(np.eye(3), (k, 1, 1)),
                     np.zeros((k, 16)), gen.stats)
    parts = decode_slots(x, gen.stats)
    assert len(parts) == 2
    mesh = gen.decode(x, resolution=12, assemble=False)
    assert len(mesh.part_names) <= 1 and "leg" not in mesh.part_names


def test_a_run_can_start_from_trained_weights_and_save_their_moving_average(models, tmp_path):
    from engine.train.common import load_weights

    recipe = dict(TINY, part_vae=str(models[0] / "part_vae.safetensors"), shapes=8, captions_per_shape=2, batch=4,
                  steps=3, reader_width=16, reader_steps=3, reader_batch=4, half_weights=False)
    source = str(tmp_path / "source.safetensors")
    train_generator(source, GeneratorTrainConfig(**recipe), log=lambda s: None)
    given, _, source_card = load_weights(source)
    logs = []    # learning rate 0: the weights come out as they went in
    card = train_generator(str(tmp_path / "still.safetensors"),
                           GeneratorTrainConfig(**dict(recipe, init_from=source, lr=0.0, seed=1)), log=logs.append)
    kept, _, _ = load_weights(str(tmp_path / "still.safetensors"))
    assert set(kept) == set(given) and all(torch.equal(kept[k], given[k]) for k in given)
    assert card["init_from"]["sha256"] == source_card["sha256"] and card["reader_history"] == []
    assert any("taken from" in line for line in logs)
    card = train_generator(str(tmp_path / "on.safetensors"),     # trained on: only the denoiser moves
                           GeneratorTrainConfig(**dict(recipe, init_from=source, seed=1)), log=lambda s: None)
    moved, _, _ = load_weights(str(tmp_path / "on.safetensors"))
    assert all(torch.equal(moved[k], given[k]) for k in given if k.startswith("reader."))
    assert not all(torch.equal(moved[k], given[k]) for k in given)
    for bad, words in [(dict(recipe, width=32, init_from=source), "other sizes"),
                       (dict(recipe, shapes=6, init_from=source), "other slot statistics")]:
        with pytest.raises(EngineError) as err:
            train_generator(str(tmp_path / "bad.safetensors"), GeneratorTrainConfig(**bad), log=lambda s: None)
        assert err.value.code == "BAD_PARAMS" and words in err.value.message


def _tiny_base_generator(models, folder):
    """(recipe, path) of a tiny generator trained into `folder` beside the tiny part auto-encoder."""
    recipe = dict(TINY, part_vae=str(models[0] / "part_vae.safetensors"), shapes=8, captions_per_shape=2, batch=4,
                  steps=3, reader_width=16, reader_steps=3, reader_batch=4, half_weights=False)
    shutil.copytree(models[0], folder)
    train_generator(str(folder / "generator.safetensors"), GeneratorTrainConfig(**recipe), log=lambda s: None)
    return recipe, str(folder / "generator.safetensors")


def test_a_low_rank_expert_stores_rank_r_deltas_and_denoises_its_category_alone(models, tmp_path):
    from engine.generate.low_rank import apply_delta_state
    from engine.train.common import load_weights

    folder = tmp_path / "models"
    recipe, source = _tiny_base_generator(models, folder)
    given, _, source_card = load_weights(source)
    rank, expert = 2, str(folder / "generator_expert_stool.safetensors")
    card = train_generator(expert, GeneratorTrainConfig(**dict(recipe, init_from=source, categories="stool",
                                                               expert_rank=rank, shapes=4, lr=1e-2, seed=1)),
                           log=lambda s: None)
    delta, meta, _ = load_weights(expert)
    assert card["model"] == "generator expert" and card["categories"] == ["stool"] and "of stool" in card["data"]
    assert meta["base_sha256"] == source_card["sha256"] and json.loads(meta["expert_of"]) == ["stool"]
    assert all(k.endswith((".a", ".b", ".delta")) and not k.startswith("reader.") for k in delta)
    assert all(v.shape[0] == rank for k, v in delta.items() if k.endswith(".a"))
    merged = apply_delta_state({k: v.float() for k, v in given.items()}, delta)
    assert set(merged) == set(given)
    moved = [k for k in given if not torch.equal(merged[k], given[k].float())]
    assert moved and not any(k.startswith("reader.") or given[k].dim() > 2 for k in moved)

    g = PartSlotGenerator.load(str(folder))
    assert set(g.experts) == {"stool"}
    stool, table = (torch.zeros(2, g.net.reader.feature_dim) for _ in range(2))
    from engine.generate.prompt_reader import CATEGORIES
    stool[:, CATEGORIES.index("stool")], table[:, CATEGORIES.index("table")] = 1.0, 1.0
    unsure = stool.clone()
    unsure[1, CATEGORIES.index("stool")] = 0.6
    assert g.expert_category(stool) == "stool" and g.expert_category(stool, None) == "stool"
    assert g.expert_category(table) == "" and g.expert_category(torch.cat([stool[:1], table[:1]])) == ""
    assert g.expert_category(unsure) == ""

    chosen, plain_choice = [], g.denoiser_for

    def recording(t, config=None, category=""):
        net = plain_choice(t, config, category)
        chosen.append((int(t), net is not g.net))
        return net

    g.denoiser_for = recording
    for category, settings, expert_steps in [("stool", {}, lambda t: True),     # every step it was trained on
                                             ("stool", {"expert_below": 250}, lambda t: t < 250),
                                             ("stool", {"experts": False}, lambda t: False),
                                             ("table", {"expert_below": 0}, lambda t: False)]:
        chosen.clear()
        g.sample_slots(Config(prompt=category, category=category, n=2, seed=3, steps=4, prompt_retries=0, **settings))
        assert len(chosen) == 4 and all(used == expert_steps(t) for t, used in chosen)
    assert any(t < 250 for t, _ in chosen) and any(t >= 250 for t, _ in chosen)
    assert g.experts["stool"][2] == 0     # trained on every timestep
    g.experts["stool"] = (*g.experts["stool"][:2], 400, *g.experts["stool"][3:])   # as if --timesteps-below 400
    for settings, expert_steps in [({}, lambda t: t < 400), ({"expert_below": 250}, lambda t: t < 250)]:
        chosen.clear()
        g.sample_slots(Config(prompt="stool", category="stool", n=2, seed=3, steps=4, prompt_retries=0, **settings))
        assert all(used == expert_steps(t) for t, used in chosen) and any(250 <= t < 400 for t, _ in chosen)
    x, t = torch.randn(2, 24, 35), torch.tensor([500, 500])
    tokens, mask = torch.randn(2, 3, 384), torch.ones(2, 3, dtype=torch.bool)
    with torch.no_grad():
        assert not torch.allclose(g.expert_net("stool")(x, t, tokens, mask, stool), g.net(x, t, tokens, mask, stool))
    assert g.expert_provenance(Config(prompt="stool"))["experts_sha256"] == {"stool": card["sha256"]}
    assert "experts_sha256" not in g.expert_provenance(Config(prompt="stool", experts=False))

    train_generator(source, GeneratorTrainConfig(**dict(recipe, seed=5)), log=lambda s: None)   # other base weights
    with pytest.raises(EngineError) as err:
        PartSlotGenerator.load(str(folder))
    assert err.value.code == "MODEL_MISSING" and "other generator weights" in err.value.message


def test_an_interrupted_expert_run_resumes_to_the_deltas_of_an_uninterrupted_one(models, tmp_path):
    from unittest import mock

    from engine.train import common as trainer
    from engine.train.common import load_weights

    recipe, source = _tiny_base_generator(models, tmp_path / "models")
    expert = dict(recipe, init_from=source, categories="stool", expert_rank=2, shapes=4, lr=1e-2, seed=1, steps=4,
                  checkpoint_every=2, ema=0.5)
    whole = str(tmp_path / "whole" / "generator_expert_stool.safetensors")
    train_generator(whole, GeneratorTrainConfig(**expert), log=lambda s: None)
    calls, plain_step = [], trainer.optimizer_step

    def crashing_at_the_third_step(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        plain_step(*args, **kwargs)

    cut = str(tmp_path / "cut" / "generator_expert_stool.safetensors")
    with mock.patch.object(trainer, "optimizer_step", crashing_at_the_third_step), pytest.raises(KeyboardInterrupt):
        train_generator(cut, GeneratorTrainConfig(**expert), log=lambda s: None)
    assert (tmp_path / "cut" / "generator_expert_stool.ckpt.pt").exists() and not os.path.exists(cut)
    logs = []
    card = train_generator(cut, GeneratorTrainConfig(**expert), log=logs.append)
    assert "resuming at step 2" in logs and card["model"] == "generator expert"
    (resumed, meta, _), (straight, _, _) = load_weights(cut), load_weights(whole)
    assert meta["base_sha256"] == load_weights(source)[2]["sha256"] and set(resumed) == set(straight)
    assert all(torch.equal(resumed[k], straight[k]) for k in straight)


def test_two_process_ddp_trains_an_expert_with_the_ranks_equal(models, tmp_path):
    recipe, source = _tiny_base_generator(models, tmp_path / "models")
    out = tmp_path / "generator_expert_stool.safetensors"
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", "--master_port=29533",
           "-m", "engine", "train", "generator", "-o", str(out), "--part-vae", recipe["part_vae"],
           "--init-from", source, "--categories", "stool", "--expert-rank", "2", "--shapes", "4", "--steps", "3",
           "--batch", "4", "--width", str(recipe["width"]), "--depth", str(recipe["depth"]),
           "--heads", str(recipe["heads"]), "--reader-width", "16", "--data-cache", str(tmp_path / "data.npz")]
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS="1", SHAPESMITH_THREADS="1", PYTHONFAULTHANDLER="1")
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-8000:]
    card = json.loads((tmp_path / "generator_expert_stool.json").read_text())
    assert card["processes"] == 2 and card["ranks_agree"] is True and card["model"] == "generator expert"
    for suffix in (".safetensors", ".json"):
        shutil.copy(tmp_path / f"generator_expert_stool{suffix}", tmp_path / "models")
    assert set(PartSlotGenerator.load(str(tmp_path / "models")).experts) == {"stool"}


@pytest.mark.parametrize("bad, words", [({"categories": "chair,spaceship"}, "spaceship"),
                                        ({"expert_rank": 4}, "--categories"), ({"categories": "chair"}, "--init-from"),
                                        ({"expert_rank": 4, "categories": "chair"}, "--init-from"),
                                        ({"expert_rank": -1, "init_from": "x"}, "rank")])
def test_a_category_fine_tune_it_cannot_run_is_refused_before_any_work(tmp_path, bad, words):
    with pytest.raises(EngineError) as err:
        train_generator(str(tmp_path / "g.safetensors"), GeneratorTrainConfig(part_vae="missing", **bad),
                        log=lambda s: None)
    assert err.value.code == "BAD_PARAMS" and words in err.value.message + err.value.hint
    assert not any(tmp_path.iterdir())


def test_a_category_fine_tune_takes_the_first_shapes_of_its_categories_in_turn():
    from engine.data.shapes import shape_for_index
    from engine.generate.generator_data import shape_indices

    assert shape_indices(3) == [0, 1, 2]
    indices = shape_indices(6, ["table", "stool"])
    assert [shape_for_index("train", i).category for i in indices] == ["table", "stool"] * 3
    assert len(set(indices)) == 6


def test_the_moving_average_of_the_weights_follows_its_decay_schedule():
    from engine.train.common import WeightAverage

    model = torch.nn.Linear(1, 1, bias=False)
    with torch.no_grad():
        model.weight.fill_(0.0)
    average = WeightAverage(model, decay=0.5)
    expected = 0.0
    for n, value in enumerate([1.0, 2.0, 4.0, 8.0], start=1):
        with torch.no_grad():
            model.weight.fill_(value)
        average.update(model)
        decay = min(0.5, (1 + n) / (10 + n))
        expected = decay * expected + (1 - decay) * value
    average.apply(model)
    assert model.weight.item() == pytest.approx(expected) and expected == pytest.approx(6.31918, abs=1e-5)  # by hand
    resumed = WeightAverage(torch.nn.Linear(1, 1, bias=False), decay=0.5, state=average.state())
    assert resumed.updates == 4 and resumed.average["weight"].item() == pytest.approx(expected)
    untouched = torch.nn.Linear(1, 1, bias=False)
    before = untouched.weight.item()
    WeightAverage(untouched, decay=0.0).apply(untouched)
    assert untouched.weight.item() == before


def test_a_low_noise_expert_trains_on_its_steps_and_takes_the_last_steps_of_sampling(models, tmp_path):
    from engine.train.common import file_sha256

    folder = tmp_path / "models"
    shutil.copytree(models[0], folder)
    below = 300
    card = train_generator(str(folder / "refiner.safetensors"),
                           GeneratorTrainConfig(**dict(TINY, part_vae=str(folder / "part_vae.safetensors"), steps=3,
                                                       init_from=str(folder / "generator.safetensors"),
                                                       timesteps_below=below)), log=lambda s: None)
    assert card["recipe"]["timesteps_below"] == below
    g = PartSlotGenerator.load(str(folder))
    assert g.refiner[1] == below and g.refiner[2] == file_sha256(str(folder / "refiner.safetensors"))
    calls = []

    def recording(net, name):
        plain = net.guided

        def guided(x, t, *args):
            calls.append((name, int(t[0])))
            return plain(x, t, *args)
        net.guided = guided

    recording(g.net, "denoiser")
    recording(g.refiner[0], "expert")
    config = Config(prompt="a chair", n=2, seed=3, steps=10)
    with_expert = g.sample_slots(config)
    assert calls and all((name == "expert") == (t < below) for name, t in calls)
    assert {name for name, _ in calls} == {"denoiser", "expert"}
    assert g.expert_provenance(config) == {"refiner_sha256": g.refiner[2], "refiner_below": below}
    calls.clear()
    without = g.sample_slots(replace(config, refiner=False))
    assert {name for name, _ in calls} == {"denoiser"} and g.expert_provenance(replace(config, refiner=False)) == {}
    assert not np.array_equal(with_expert, without)
    alone = PartSlotGenerator.load(str(models[0]))   # no expert installed: the same shapes as with it turned off
    assert alone.refiner is None and np.array_equal(alone.sample_slots(config), without)
    env = dict(os.environ, PYTHONPATH=ROOT, SHAPESMITH_THREADS="1")   # the generate command records the expert
    proc = subprocess.run([sys.executable, "-m", "engine", "generate", "a chair", "-n", "1", "--steps", "3", "--models",
                           str(folder), "-o", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    assert result["report"]["refiner_sha256"] == g.refiner[2]
    assert result["objects"][0]["provenance"]["refiner_below"] == below


def test_an_expert_that_does_not_fit_the_generator_is_refused(models, tmp_path):
    from safetensors import safe_open
    from safetensors.torch import save_file

    from engine.generate.part_slots import load_refiner
    from engine.train.common import file_sha256

    folder = tmp_path / "models"
    shutil.copytree(models[0], folder)
    generator_meta = safe_open(str(folder / "generator.safetensors"), framework="pt").metadata()
    with safe_open(str(folder / "generator.safetensors"), framework="pt") as fh:
        state = {k: fh.get_tensor(k) for k in fh.keys()}
    for change in ({"timesteps_below": "300", "codec": json.dumps({**json.loads(generator_meta["codec"]),
                                                                    "code_mean": [9.0] * 16})},
                   {}):   # another slot codec; no range (a whole denoiser, not an expert)
        meta = {**generator_meta, **change}
        save_file(state, str(folder / "refiner.safetensors"), metadata=meta)
        (folder / "refiner.json").write_text(json.dumps({"sha256": file_sha256(str(folder / "refiner.safetensors"))}))
        with pytest.raises(EngineError) as err:
            load_refiner(str(folder), generator_meta)
        assert err.value.code == "MODEL_MISSING" and "does not fit" in err.value.message


def test_codec_statistics_compare_equal_up_to_float_rounding():
    stats = CodecStats(np.zeros(3), np.ones(3), np.full(16, 0.5), np.ones(16))
    assert stats.same_as(CodecStats(np.zeros(3), np.ones(3), np.full(16, 0.5 + 1e-9), np.ones(16)))
    assert stats.same_as(CodecStats(np.zeros(3), np.ones(3), np.full(16, 0.5 + 2e-5), np.ones(16)))   # another CPU
    assert not stats.same_as(CodecStats(np.zeros(3), np.ones(3), np.full(16, 0.501), np.ones(16)))
    assert not stats.same_as(CodecStats(np.zeros(3), np.ones(3), np.full(16, 0.6), np.ones(16)))
    assert not stats.same_as(CodecStats(np.zeros(3), np.ones(3), np.full(8, 0.5), np.ones(8)))
