"""Diagnostic (BENCHMARKS.md): the same work on the CPU and on CUDA, on one machine, in one run.

    python tests/bench/diagnostics/gpu_speed.py OUT.json

1. One training step of the shipped generator recipe (denoiser width 128, depth 6, batch 64,
   prompt reader width 128; random slots and tokens): median seconds per step.
2. Poisson on a noisy sphere of 1M points at 256 cells, and at 128 + 1 finer band level.
3. Warm generation with the shipped weights: 1 and 4 shapes, GLB files written.
Run from the repository root; times are medians of repeats after a warm-up.
"""
import json
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402
import torch  # noqa: E402


def timed(fn, repeats, sync=False):
    fn()
    times = []
    for _ in range(repeats):
        if sync:
            torch.cuda.synchronize()
        started = time.perf_counter()
        fn()
        if sync:
            torch.cuda.synchronize()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def training_step(device: str, repeats: int) -> float:
    from engine.generate.part_slot_net import NetConfig, PartSlotDenoiser
    from engine.generate.slot_codec import SLOT_DIM
    from engine.train.generator import GeneratorTrainConfig

    recipe = GeneratorTrainConfig()
    config = NetConfig(slot_dim=SLOT_DIM, width=recipe.width, depth=recipe.depth, heads=recipe.heads, slots=24,
                       reader_width=recipe.reader_width)
    model = PartSlotDenoiser(config).to(device)
    model.reader.requires_grad_(False)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    b = recipe.batch
    x = torch.randn(b, 24, SLOT_DIM, device=device)
    t = torch.randint(0, 1000, (b,), device=device)
    tokens = torch.randn(b, 24, 384, device=device)
    mask = torch.ones(b, 24, dtype=torch.bool, device=device)
    with torch.no_grad():
        read = model.read(tokens, mask)

    def step():
        loss = torch.nn.functional.mse_loss(model(x, t, tokens, mask, read), x)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    return timed(step, repeats, sync=device == "cuda")


def poisson(device: str, points_path: str, **params) -> dict:
    from engine.jobs import JobContext
    from engine.reconstruct.poisson import ScreenedPoisson

    config = ScreenedPoisson.parse_config({"device": device, **params})
    started = time.perf_counter()
    mesh, quality = ScreenedPoisson.run({"points": points_path}, config, JobContext()).objects[0]
    return {"seconds": time.perf_counter() - started, "faces": int(len(mesh.faces)),
            "volume": quality["volume"], "watertight": quality["watertight"]}


def generation(device: str, n: int) -> float:
    from engine.jobs import JobContext
    from engine.jobs import run_job

    def job():
        with tempfile.TemporaryDirectory() as out:
            run_job("generate", "part_slots", {"prompt": "a tall office chair with armrests", "n": n, "seed": 3,
                                               "device": device}, {}, out, JobContext(), object_format="glb")

    return timed(job, 3)


def main(out_path: str) -> None:
    from engine.device import configure_threads, describe_devices
    from tests.conftest import sphere_points

    configure_threads()
    report = {"devices": describe_devices(), "torch": torch.__version__, "threads": torch.get_num_threads()}
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    report["train_step_s"] = {d: training_step(d, 20 if d == "cpu" else 100) for d in devices}
    print(json.dumps(report), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sphere.npz")
        np.savez(path, points=sphere_points(1_000_000, seed=1))
        report["poisson_1m"] = {d: {"256": poisson(d, path, resolution=256),
                                    "128+1": poisson(d, path, resolution=128, refine=1)} for d in devices}
    print(json.dumps(report["poisson_1m"]), flush=True)
    report["generate_s"] = {d: {"1": generation(d, 1), "4": generation(d, 4)} for d in devices}
    with open(out_path, "w") as fh:
        json.dump(report, fh, indent=1)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
