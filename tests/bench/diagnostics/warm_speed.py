"""Diagnostic (BENCHMARKS.md, model cards' warm_seconds): prompt to meshes on disk in a warm
process, through the engine's job runner, for one shape and for four, three prompts each, after
a warm-up job that loads the models. Run from the repository root:
    python tests/bench/diagnostics/warm_speed.py MODELS_DIR [part_slots|latent_sdf]"""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))

PROMPTS = ["a tall office chair with armrests and five wheels", "a round dining table", "a stool with three legs"]


def timed_job(method: str, prompt: str, n: int, seed: int) -> float:
    from engine.jobs import JobContext, run_job

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        run_job("generate", method, {"prompt": prompt, "n": n, "seed": seed}, {}, out, JobContext(),
                object_format="glb")
        return time.perf_counter() - started


def main(models: str, method: str) -> None:
    os.environ["SHAPESMITH_MODELS"] = os.path.abspath(models)
    from engine.device import configure_threads

    configure_threads()
    timed_job(method, "a chair", 1, 0)
    one = [round(timed_job(method, p, 1, 10 + k), 2) for k, p in enumerate(PROMPTS)]
    four = [round(timed_job(method, p, 4, 20 + k), 2) for k, p in enumerate(PROMPTS)]
    print(f"{method} warm seconds: one shape {one}, four shapes {four}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "part_slots")
