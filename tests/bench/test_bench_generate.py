"""Benchmark (slow): the shipped text-to-shape generator, for BENCHMARKS.md.

- speed: prompt to meshes on disk (GLBs + result.json) through the same job runner the engine
  serves, in a warm process (models loaded by a first job), for 1 shape and for 4; the issue's
  targets are 2 s and 5 s on the 2-core CPU;
- distribution: `eval generator` figures per category (n shapes a side) with the oracle;
- prompt fidelity: `eval prompts`, on the main and the fresh prompt sets.
Figures go to bench_output/generate.json and are printed as Markdown rows.
"""

import json
import os
import tempfile
import time

import pytest

from engine.generate.evaluate import evaluate_generator
from engine.generate.fidelity import FRESH_PROMPTS, evaluate_fidelity
from engine.generate.part_slots import MODELS_DIR, cached_generator
from engine.jobs import JobContext, run_job
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PROMPTS = ["a tall office chair with armrests and five wheels", "a round dining table", "a stool with three legs"]
EVAL_N = int(os.environ.get("SHAPESMITH_EVAL_N", "100"))


def timed_job(prompt: str, n: int, seed: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        run_job("generate", "part_slots", {"prompt": prompt, "n": n, "seed": seed}, {}, out, JobContext(),
                object_format="glb")
        return time.perf_counter() - started


def test_generation_speed_quality_and_fidelity():
    from engine.device import configure_threads

    configure_threads()
    timed_job("a chair", 1, 0)  # warm-up: loads the generator and the sentence encoder once
    one = [timed_job(p, 1, 10 + k) for k, p in enumerate(PROMPTS)]
    four = [timed_job(p, 4, 20 + k) for k, p in enumerate(PROMPTS)]
    generator = cached_generator(MODELS_DIR, "cpu")
    distribution = evaluate_generator(generator, n=EVAL_N)
    fidelity = evaluate_fidelity(generator, samples=10)
    fresh = evaluate_fidelity(generator, samples=10, prompts=FRESH_PROMPTS)
    report = {"one_shape_s": one, "four_shapes_s": four, "distribution": distribution,
              "fidelity": {k: v for k, v in fidelity.items() if k != "prompts"},
              "fidelity_fresh_set": {k: v for k, v in fresh.items() if k != "prompts"},
              "fidelity_prompts": [{k: p[k] for k in ("prompt", "expected", "matched", "samples")}
                                   for p in fidelity["prompts"]]}
    os.makedirs(os.path.join(ROOT, "bench_output"), exist_ok=True)
    with open(os.path.join(ROOT, "bench_output", "generate.json"), "w") as fh:
        json.dump(report, fh, indent=1)
    print(f"\none shape: {', '.join(f'{t:.2f}' for t in one)} s; four shapes: {', '.join(f'{t:.2f}' for t in four)} s")
    print("\n| category | 1-NNA-CD | oracle 1-NNA-CD | COV-CD | MMD-CD (1e-3) | oracle MMD-CD | floating | leaky |")
    print("|---|---|---|---|---|---|---|---|")
    for category, r in distribution.items():
        g, o = r["generated"], r["oracle"]
        print(f"| {category} | {100 * g['1-NNA-CD']:.1f}% | {100 * o['1-NNA-CD']:.1f}% | {100 * g['COV-CD']:.1f}% | "
              f"{1000 * g['MMD-CD']:.2f} | {1000 * o['MMD-CD']:.2f} | {100 * r['floating_rate']:.0f}% | "
              f"{100 * r['leaky_rate']:.0f}% |")
    print(f"\nprompt fidelity: {fidelity['hits']}/{fidelity['total']} = {100 * fidelity['rate']:.1f}%; fresh set "
          f"{fresh['hits']}/{fresh['total']} = {100 * fresh['rate']:.1f}%")
    assert max(one) <= 2.0 and max(four) <= 5.0
