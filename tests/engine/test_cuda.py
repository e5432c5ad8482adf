"""The engine on CUDA: every part that takes a device gives on the GPU what it gives on the CPU.

Marked gpu, so not in the default run: `pytest -m gpu` on a machine with CUDA. Arrays follow
the methods' own conventions (points (N, 3) float, meshes (V, 3) / (F, 3))."""

import json

import numpy as np
import pytest
import torch
from engine.jobs import JobContext
from engine.ops.metrics import surface_distances
from engine.repair.poisson_fill import PoissonFill
from tests.conftest import sphere_points
from tests.engine.test_methods import VOLUME_TOLERANCE, run

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]


def mean_gap(a: np.ndarray, b: np.ndarray) -> float:
    """The symmetric mean nearest-vertex distance between two vertex sets."""
    return surface_distances(a, b)["chamfer_l1"]


def on_both(method, tmp_path, points, **params):
    cpu = run(method, tmp_path, points, device="cpu", **params).objects[0]
    gpu = run(method, tmp_path, points, device="cuda", **params).objects[0]
    return cpu, gpu


@pytest.mark.parametrize("refine", [0, 1])
def test_poisson_on_cuda_meshes_what_the_cpu_meshes(tmp_path, refine):
    (cpu, qc), (gpu, qg) = on_both("poisson", tmp_path, sphere_points(8000, seed=4), refine=refine)
    assert qg["watertight"] and qg["components"] == 1 and qg["genus"] == 0
    assert qg["volume"] == pytest.approx(qc["volume"], rel=2e-3)
    assert qg["volume"] == pytest.approx(4 / 3 * np.pi, rel=VOLUME_TOLERANCE["poisson"])
    assert mean_gap(cpu.vertices, gpu.vertices) < 0.2 * 2.0 / (64 * 2 ** refine)


@pytest.mark.parametrize("method", ["imls", "rbf"])
def test_closed_form_fields_on_cuda_match_the_cpu(tmp_path, method):
    (cpu, qc), (gpu, qg) = on_both(method, tmp_path, sphere_points(8000, seed=4))
    assert qg["watertight"] and qg["components"] == 1
    assert qg["volume"] == pytest.approx(qc["volume"], rel=2e-3)
    assert mean_gap(cpu.vertices, gpu.vertices) < 0.1 * 2.0 / 64


@pytest.mark.parametrize("method", ["neural_sdf", "sal"])
def test_neural_fields_train_on_cuda_to_the_same_sphere(tmp_path, method):
    _, q = run(method, tmp_path, sphere_points(8000, seed=4), device="cuda").objects[0]
    assert q["watertight"] and q["components"] == 1 and q["genus"] == 0
    assert q["volume"] == pytest.approx(4 / 3 * np.pi, rel=VOLUME_TOLERANCE[method])


def open_sphere(rings=40, segments=80):
    """A latitude-longitude unit sphere with its top cap (above z = 0.8) cut away: (V, 3), (F, 3)."""
    theta = np.linspace(0, np.pi, rings + 1)
    phi = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    t, p = np.meshgrid(theta, phi, indexing="ij")
    vertices = np.stack([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)], -1).reshape(-1, 3)
    faces = []
    for i in range(rings):
        for j in range(segments):
            a, b = i * segments + j, i * segments + (j + 1) % segments
            c, d = a + segments, b + segments
            faces += [[a, c, b], [b, c, d]]
    faces = np.array(faces)
    keep = vertices[faces].mean(1)[:, 2] < 0.8
    return vertices, faces[keep]


def test_scan_repair_on_cuda_fills_the_hole_like_the_cpu(tmp_path):
    vertices, faces = open_sphere()
    path = tmp_path / "scan.npz"
    np.savez(path, vertices=vertices, faces=faces)
    before = path.read_bytes()
    results = {}
    for device in ("cpu", "cuda"):
        config = PoissonFill.parse_config({"device": device, "max_resolution": 128, "samples": 100000})
        results[device] = PoissonFill.run({"mesh": str(path)}, config, JobContext()).objects[0]
    (cpu, qc), (gpu, qg) = results["cpu"], results["cuda"]
    assert qg["watertight"] and qg["manifold"] and qg["components"] == 1 and qg["genus"] == 0
    assert qg["volume"] == pytest.approx(qc["volume"], rel=3e-3)
    assert mean_gap(cpu.vertices, gpu.vertices) < 0.005
    assert path.read_bytes() == before


def test_the_text_encoder_on_cuda_matches_the_cpu():
    from engine.generate.text import TextEncoder

    prompts = ["a tall office chair with armrests", "", "a bed without a headboard"]
    cpu = TextEncoder("cpu").encode(prompts)
    gpu = TextEncoder("cuda").encode(prompts)
    for a, b in zip(cpu, gpu):
        assert a.device.type == "cpu" and b.device.type == "cpu"
        assert torch.allclose(a.float(), b.float(), atol=2e-3)


def test_the_generator_trains_on_cuda_and_its_weights_sample_on_the_cpu(tiny_models, tmp_path):
    from engine.generate.part_slots import Config, PartSlotGenerator
    from engine.train.generator import GeneratorTrainConfig, train_generator

    folder, _ = tiny_models
    (tmp_path / "part_vae.safetensors").write_bytes((folder / "part_vae.safetensors").read_bytes())
    (tmp_path / "part_vae.json").write_bytes((folder / "part_vae.json").read_bytes())
    config = GeneratorTrainConfig(part_vae=str(tmp_path / "part_vae.safetensors"), shapes=16, captions_per_shape=3,
                                  steps=300, batch=16, lr=2e-3, width=64, depth=2, heads=2, reader_width=16,
                                  reader_steps=100, reader_slot_weight=24.0, checkpoint_every=1000)
    card = train_generator(str(tmp_path / "generator.safetensors"), config, log=lambda s: None)
    assert card["device"] == "cuda"
    losses = [loss for _, loss in card["history"]]
    reader_losses = [loss for _, loss in card["reader_history"]]
    assert np.isfinite(losses).all() and losses[-1] < losses[0] and reader_losses[-1] < reader_losses[0]
    assert json.loads((tmp_path / "generator.json").read_text())["device"] == "cuda"
    request = Config(prompt="a chair", n=2, seed=1, steps=4, resolution=12)
    on_cpu = PartSlotGenerator.load(str(tmp_path), "cpu").sample_slots(request)
    on_gpu = PartSlotGenerator.load(str(tmp_path), "cuda").sample_slots(request)
    assert np.allclose(on_cpu, on_gpu, atol=1e-2)


@pytest.mark.parametrize("count", [30, 3000])   # sparse: applied per sample; crowded: per-cell blocks
def test_point_screening_on_cuda_is_b_transpose_w_b_like_the_cpu(count):
    from engine.ops import poisson

    rng = np.random.default_rng(7)
    shape = (9, 8, 9)
    points = rng.random((count, 3)) * (np.array(shape) - 1)
    weights = rng.random(count) + 0.5
    x = rng.normal(size=int(np.prod(shape)))
    results = []
    for device in ("cpu", "cuda"):
        pts, w = torch.tensor(points, device=device), torch.tensor(weights, device=device)
        screening = poisson.PointScreening(poisson.trilinear_stencil(pts, shape), w)
        assert screening.blocked == (count == 3000)
        results.append((screening.apply(torch.tensor(x, device=device)).cpu(), screening.diagonal(x.size).cpu()))
    stencil = poisson.trilinear_stencil(torch.tensor(points), shape)
    b = torch.zeros(count, x.size, dtype=torch.float64).scatter_add_(1, stencil[0], stencil[1])
    dense = b.T @ (torch.tensor(weights)[:, None] * b)
    for applied, diagonal in results:
        assert torch.allclose(applied, dense @ torch.tensor(x), rtol=1e-10, atol=1e-10)
        assert torch.allclose(diagonal, torch.diagonal(dense), rtol=1e-10, atol=1e-12)


def test_the_latent_sdf_model_trains_on_cuda_and_its_weights_sample_on_the_cpu(tmp_path):
    from engine.generate.latent_sdf import Config, LatentSDFGenerator
    from engine.train.latent_sdf import LatentSDFTrainConfig, train_latent_sdf
    from tests.conftest import TINY_LATENT_SDF

    card = train_latent_sdf(str(tmp_path / "latent_sdf.safetensors"), LatentSDFTrainConfig(**TINY_LATENT_SDF),
                            log=lambda s: None)
    assert card["device"] == "cuda" and card["history"][-1][1] < card["history"][0][1]
    request = Config(prompt="a stool", n=2, seed=3, steps=4)
    on_cpu = LatentSDFGenerator.load(str(tmp_path), "cpu").sample_latents(request)
    on_gpu = LatentSDFGenerator.load(str(tmp_path), "cuda").sample_latents(request)
    assert np.allclose(on_cpu, on_gpu, atol=1e-2)


def test_the_engine_lists_the_gpu_by_name():
    from engine.device import describe_devices

    cuda = [d for d in describe_devices() if d["name"] == "cuda"]
    assert cuda and cuda[0]["label"] == torch.cuda.get_device_name(0) and cuda[0]["memory_gb"] > 1
