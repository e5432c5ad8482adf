"""The part auto-encoder: training lowers the loss, weights round-trip with their hash checked."""

import functools
import json

import numpy as np
import pytest
import torch

from engine.errors import EngineError
from engine.generate.part_data import part_examples
from engine.generate.part_vae import PartVAE, PartVAEConfig, decode_grid, mesh_from_logits
from engine.train.common import load_weights
from engine.train.part_vae import PartVAETrainConfig, train_part_vae


def test_part_examples_label_inside_and_outside_in_box_coordinates():
    pts, qs, ins, labels = part_examples("train", 0, 5)
    assert pts.shape[1:] == (256, 3) and qs.shape[1:] == (512, 3) and len(labels) == len(pts)
    assert np.abs(pts).max() <= 1 + 1e-4  # surface points fill their box
    assert 0.2 < ins.mean() < 0.8
    far = np.abs(qs).max(-1) > 1.05  # (the mesh a box is fitted to is inscribed in round parts)
    assert not ins[far].any()  # nothing is inside outside the box


def test_a_short_training_run_lowers_the_loss_and_saves_a_checked_model(tmp_path):
    torch.manual_seed(0)
    path = str(tmp_path / "part_vae.safetensors")
    logs = []
    card = train_part_vae(path, PartVAETrainConfig(shapes=12, val_shapes=3, steps=120, batch=16, lr=3e-3, threads=1),
                          log=logs.append)
    first, last = card["history"][0][1], card["history"][-1][1]
    assert last < 0.8 * first, (first, last)
    assert 0 <= card["metrics"]["val_iou"] <= 1
    state, meta, card2 = load_weights(path)
    model = PartVAE(PartVAEConfig(**json.loads(meta["config"])))
    model.load_state_dict(state)
    assert card2["sha256"] == card["sha256"] and card2["size_mb"] < 5
    with open(path, "r+b") as fh:  # tamper with one byte of the weights
        fh.seek(-3, 2)
        byte = fh.read(1)
        fh.seek(-3, 2)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(EngineError, match="does not match"):
        load_weights(path)
    with pytest.raises(EngineError, match="missing"):
        load_weights(str(tmp_path / "absent.safetensors"))


@pytest.mark.parametrize("every_layer", [False, True])
def test_the_code_reaches_every_hidden_layer_only_when_asked(every_layer):
    torch.manual_seed(1)
    config = PartVAEConfig(width=32, depth=3, frequencies=2, code_every_layer=every_layer)
    decoder = PartVAE(config).decoder
    first = decoder.hidden[0] if every_layer else decoder.mlp[0]
    with torch.no_grad():
        first.weight[:, -config.code_dim:] = 0     # the first layer no longer sees the code
    x = torch.rand(2, 50, 3) * 2 - 1
    a, b = torch.randn(2, config.code_dim), torch.randn(2, config.code_dim)
    moved = (decoder(a, x) - decoder(b, x)).abs().max().item()
    assert (moved > 1e-4) == every_layer, moved


def test_a_label_reading_decoder_needs_the_labels_and_tells_labels_apart():
    torch.manual_seed(3)
    decoder = PartVAE(PartVAEConfig(width=32, depth=2, frequencies=2, code_every_layer=True, label_dim=4,
                                    label_count=5)).decoder
    code, x = torch.randn(2, 16), torch.rand(2, 30, 3) * 2 - 1
    with pytest.raises(ValueError, match="labels"):
        decoder(code, x)
    by_name = decoder(code, x, ["back_panel", "back_slat"])       # ids 0 and 1 of labels.LABELS
    assert torch.equal(by_name, decoder(code, x, torch.tensor([0, 1])))
    assert not torch.allclose(by_name, decoder(code, x, torch.tensor([1, 0])))
    other = decoder(code, x, ["a user's own label", 99])            # both past the rows: the last row
    assert torch.equal(other, decoder(code, x, torch.tensor([4, 4])))


@pytest.mark.parametrize("radial", [False, True])
def test_a_radial_decoder_reads_the_distance_from_the_box_axis(radial):
    """With the first layer blind to x and y (raw and Fourier), only a radial decoder still
    tells a point near the Z axis from one far from it, and then the same at every angle."""
    torch.manual_seed(2)
    config = PartVAEConfig(width=32, depth=2, frequencies=3, code_every_layer=True, radial=radial)
    decoder = PartVAE(config).decoder
    bands = 2 * config.frequencies
    with torch.no_grad():
        decoder.hidden[0].weight[:, [0, 1]] = 0
        decoder.hidden[0].weight[:, 3:3 + 2 * bands] = 0       # x's and y's sines and cosines
    angle = torch.linspace(0, 2 * np.pi, 7)
    code = torch.randn(1, config.code_dim)
    ring = lambda r: torch.stack([r * angle.cos(), r * angle.sin(), torch.full_like(angle, 0.3)], -1)[None]  # noqa: E731
    near, far = decoder(code, ring(0.2)), decoder(code, ring(0.9))
    assert torch.allclose(near, near[:, :1].expand_as(near), atol=1e-5)  # the same all round
    assert ((near - far).abs().max().item() > 1e-3) == radial


def test_the_recipe_s_decoder_sizes_go_into_the_card_and_load_back(tmp_path):
    from engine.data.shapes.labels import LABELS

    path = str(tmp_path / "part_vae.safetensors")
    recipe = PartVAETrainConfig(shapes=4, val_shapes=2, steps=3, batch=8, threads=1, width=48, depth=2, frequencies=5,
                                code_every_layer=True, radial=True, label_dim=4)
    card = train_part_vae(path, recipe, log=lambda s: None)
    assert card["architecture"] == dict(code_dim=16, width=48, depth=2, frequencies=5, kl_weight=1e-3,
                                        code_every_layer=True, radial=True, label_dim=4, label_count=len(LABELS) + 1)
    state, meta, _ = load_weights(path)
    model = PartVAE(PartVAEConfig(**json.loads(meta["config"])))
    model.load_state_dict(state)     # strict: the sizes in the file's metadata are the trained ones
    assert len(model.decoder.hidden) == 2 and model.decoder.hidden[1].in_features == 48 + 16 + 4


def test_meshing_a_decoded_part_is_watertight():
    from engine.ops.meshes import quality_report

    logits = -np.ones((12, 12, 12), np.float32)
    logits[3:9, 3:9, 3:9] = 1
    v, f = mesh_from_logits(logits)
    assert quality_report(v, f)["watertight"] and np.abs(v).max() <= 1.1
    assert mesh_from_logits(-logits * 0 - 1) is None
    decoder = PartVAE().decoder
    out = decode_grid(decoder, torch.zeros(2, 16), resolution=8)
    assert out.shape == (2, 8, 8, 8)


def test_box_grids_follow_the_world_size_of_each_part():
    from engine.generate.part_vae import decode_box_grids, part_grid_shape

    assert part_grid_shape([0.5, 0.25, 0.01], 1 / 40) == (45, 23, 10)   # 2.2 * half * 40 + 1, at least 10
    assert part_grid_shape([5.0, 5.0, 5.0], 1 / 40) == (96, 96, 96)     # capped
    decoder = PartVAE().decoder
    codes = torch.randn(2, 16, generator=torch.Generator().manual_seed(0))
    grids = decode_box_grids(decoder, codes, [(8, 8, 8), (5, 7, 9)], chunk=100)  # chunks cross parts
    assert np.allclose(grids[0], decode_grid(decoder, codes[:1], 8)[0].numpy(), atol=1e-5)
    axes = [torch.linspace(-1.1, 1.1, n) for n in (5, 7, 9)]
    points = torch.stack(torch.meshgrid(*axes, indexing="ij"), -1).reshape(1, -1, 3)
    with torch.no_grad():
        direct = decoder(codes[1:], points).reshape(5, 7, 9).numpy()
    assert np.allclose(grids[1], direct, atol=1e-5)


def test_a_thin_walled_lampshade_needs_its_finer_grid_to_mesh_whole():
    """A tall lamp's shade (a 6 mm wall on a 1.6 m lamp scaled to longest side 1) meshed from its
    true signed distance in its box: on the shape-frame spacing alone the wall falls between the
    nodes; on fewest_nodes("lampshade") nodes it comes out whole and on the real surface."""
    from engine.data.shapes import CATEGORIES, shape_for_index
    from engine.generate.part_vae import fewest_nodes, part_grid_shape
    from engine.generate.slots import box_to_world, part_box
    from engine.ops.metrics import sample_surface
    from engine.ops.meshes import quality_report

    assert list(CATEGORIES)[10] == "lamp"
    lamp = next(s for s in (shape_for_index("train", 10 + 13 * k) for k in range(40)) if s.attributes["height"] == "tall")
    shade = next(p.primitive for p in lamp.parts if p.label == "lampshade")
    box = part_box(shade)
    truth = sample_surface(*shade.mesh(), 4000, 0)

    def meshed(minimum):
        nodes = part_grid_shape(box[1], 1 / 40, minimum=minimum)
        axes = [np.linspace(-1.1, 1.1, n) for n in nodes]
        grid = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, 3)
        v, f = mesh_from_logits(-shade.sdf(box_to_world(grid, *box)).reshape(nodes))
        return sample_surface(box_to_world(v, *box), f, 20000, 1), (v, f), nodes

    coarse, _, coarse_nodes = meshed(10)
    fine, fine_mesh, fine_nodes = meshed(fewest_nodes("lampshade"))
    assert max(coarse_nodes) <= 16 and min(fine_nodes) >= 64
    from scipy.spatial import cKDTree
    gap = lambda points: cKDTree(points).query(truth)[0]   # noqa: E731  each true surface point to the mesh
    assert np.quantile(gap(coarse), 0.9) > 0.03       # the wall between the nodes: a blob, far from the shade
    assert np.quantile(gap(fine), 0.9) < 0.005 and quality_report(*fine_mesh)["watertight"]


def test_an_anisotropic_grid_meshes_an_ellipsoid_in_box_units():
    from engine.ops.meshes import quality_report

    shape = (41, 21, 11)
    axes = [np.linspace(-1.1, 1.1, n) for n in shape]
    x, y, z = np.meshgrid(*axes, indexing="ij")
    logits = 1 - np.sqrt((x / 0.9) ** 2 + (y / 0.6) ** 2 + (z / 0.8) ** 2)
    v, f = mesh_from_logits(logits)
    assert quality_report(v, f)["watertight"]
    radius = np.sqrt((v[:, 0] / 0.9) ** 2 + (v[:, 1] / 0.6) ** 2 + (v[:, 2] / 0.8) ** 2)
    assert np.abs(radius - 1).max() < 0.05


def test_a_decoder_trained_for_another_encoder_s_codes_keeps_that_encoder_frozen(tmp_path):
    source = str(tmp_path / "source.safetensors")
    train_part_vae(source, PartVAETrainConfig(shapes=4, val_shapes=2, steps=3, batch=8, threads=1), log=lambda s: None)
    first = str(tmp_path / "first.safetensors")
    card = train_part_vae(first, PartVAETrainConfig(shapes=4, val_shapes=2, steps=5, batch=8, lr=1e-2, threads=1,
                                                    frequencies=3, code_every_layer=True, encoder_from=source),
                          log=lambda s: None)
    source_state, _, source_card = load_weights(source)
    state, _, _ = load_weights(first)
    encoder_keys = [k for k in source_state if k.startswith("encoder.")]
    assert encoder_keys and all(torch.equal(state[k], source_state[k]) for k in encoder_keys)
    assert any(k.startswith("decoder.hidden.") for k in state) and card["architecture"]["frequencies"] == 3
    assert card["codes_of"] == source_card["sha256"]
    second = str(tmp_path / "second.safetensors")     # a decoder for the first's codes: still the source's
    card = train_part_vae(second, PartVAETrainConfig(shapes=4, val_shapes=2, steps=2, batch=8, threads=1,
                                                     encoder_from=first), log=lambda s: None)
    assert card["codes_of"] == source_card["sha256"]


def test_a_frozen_encoder_of_another_code_size_is_refused(tmp_path, monkeypatch):
    import engine.generate.part_vae as part_vae

    source = str(tmp_path / "source.safetensors")
    train_part_vae(source, PartVAETrainConfig(shapes=4, val_shapes=2, steps=2, batch=8, threads=1), log=lambda s: None)
    monkeypatch.setattr(part_vae, "PartVAEConfig", functools.partial(part_vae.PartVAEConfig, code_dim=8))
    out = tmp_path / "out.safetensors"
    with pytest.raises(EngineError) as err:
        train_part_vae(str(out), PartVAETrainConfig(shapes=4, val_shapes=2, steps=2, batch=8, threads=1,
                                                    encoder_from=source), log=lambda s: None)
    assert err.value.code == "BAD_INPUT" and "16-d codes" in err.value.message
    assert not out.exists()


def test_label_balance_draws_every_label_as_often_at_one_and_uniformly_at_zero(tmp_path):
    from engine.train.part_vae import label_weights

    labels = ["leg"] * 6 + ["seat"] * 3 + ["footrest"]
    uniform, half, full = (label_weights(labels, b) for b in (0.0, 0.5, 1.0))
    assert np.allclose(uniform, 0.1) and np.isclose(full.sum(), 1.0)
    share = lambda w, name: w[[label == name for label in labels]].sum()   # noqa: E731
    assert np.allclose([share(full, n) for n in ("leg", "seat", "footrest")], 1 / 3)
    assert share(half, "footrest") / share(half, "leg") == pytest.approx(1 / 6 ** 0.5)
    card = train_part_vae(str(tmp_path / "balanced.safetensors"),   # the drawing runs and goes into the recipe
                          PartVAETrainConfig(shapes=4, val_shapes=2, steps=3, batch=8, threads=1, label_balance=0.5),
                          log=lambda s: None)
    assert card["recipe"]["label_balance"] == 0.5


def test_training_flushes_denormal_floats_without_numpy_warning_about_it():
    """flush_denormals (`engine train` calls it) flushes denormals to zero (they made late
    part-decoder steps three times slower); numpy's float limits, worked out afterwards, must not
    warn. In a subprocess: the test process itself must not flush them (scipy crashed so)."""
    import subprocess
    import sys

    code = ("import numpy as np, torch; from engine.train.common import flush_denormals; "
            "assert (torch.tensor([1e-39]) * 1).item() != 0; flush_denormals(); "
            "assert (torch.tensor([1e-39]) * 1).item() == 0; np.finfo(np.float32); np.finfo(np.float64); print('ok')")
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
