"""Diagnostic (BENCHMARKS.md, model cards' warm_seconds): prompt to meshes on disk in a warm
process, through the engine's job runner, for one shape and for four, three prompts each, after
a warm-up job that loads the models. EXTRA (JSON) adds parameters, e.g. '{"prompt_retries": 0}'
to time part_slots without its prompt check; PROMPTS (JSON list) times other prompts. Run from the
repository root:
    [PROMPTS=JSON] python tests/bench/diagnostics/warm_speed.py MODELS_DIR [part_slots|latent_sdf] [EXTRA]"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))

PROMPTS = json.loads(os.environ.get("PROMPTS", "null")) or [
    "a tall office chair with armrests and five wheels", "a round dining table", "a stool with three legs"]


def timed_job(method: str, prompt: str, n: int, seed: int, extra: dict | None = None) -> float:
    from engine.jobs import JobContext, run_job

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        run_job("generate", method, {"prompt": prompt, "n": n, "seed": seed, **(extra or {})}, {}, out, JobContext(),
                object_format="glb")
        return time.perf_counter() - started


def main(models: str, method: str, extra: dict) -> None:
    os.environ["SHAPESMITH_MODELS"] = os.path.abspath(models)
    from engine.device import configure_threads

    configure_threads()
    timed_job(method, "a chair", 1, 0)
    one = [round(timed_job(method, p, 1, 10 + k, extra), 2) for k, p in enumerate(PROMPTS)]
    four = [round(timed_job(method, p, 4, 20 + k, extra), 2) for k, p in enumerate(PROMPTS)]
    print(f"{method} {extra or ''} warm seconds: one shape {one}, four shapes {four}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "part_slots",
         json.loads(sys.argv[3]) if len(sys.argv) > 3 else {})
