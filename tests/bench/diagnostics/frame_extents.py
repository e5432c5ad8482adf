"""Diagnostic (BENCHMARKS.md, twelfth session): how often the sampler makes a malformed shape, per
noise scale. For a prompt, N candidates (seeds 0..N-1; no retries, or with FRAME_CHECK=1 in the
environment the frame check's and the prompt check's 3) at each noise scale; each shape's frame
extent is the longest side of the box around all its part boxes (part_slots.frame_extent over
decode_slots). Training shapes have a longest side of 1; the
count over 1.3 and the largest are printed; with MESHES=1 in the environment, the same for the
decoded, assembled meshes (decoding drops a box whose centre is outside the frame). Run from the
repository root:
    python tests/bench/diagnostics/frame_extents.py MODELS_DIR N PROMPT SCALE [SCALE ...]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.generate.part_slots import Config, PartSlotGenerator, frame_extent
from engine.generate.slot_codec import decode_slots

folder, n, prompt, scales = sys.argv[1], int(sys.argv[2]), sys.argv[3], [float(s) for s in sys.argv[4:]]
g = PartSlotGenerator.load(folder)


def summary(what: str, extents: list) -> str:
    e = np.array(extents)
    return f"{what} median {np.median(e):.2f}, over 1.3 in {int((e > 1.3).sum())} of {len(e)}, largest {e.max():.2f}"


for scale in scales:
    boxes, meshes = [], []
    check = bool(os.environ.get("FRAME_CHECK"))
    for start in range(0, n, 16):
        config = Config(prompt=prompt, n=min(16, n - start), seed=start, noise_scale=scale, frame_check=check,
                        prompt_retries=3 if check else 0)
        boxes += [frame_extent(decode_slots(s, g.stats)) for s in g.sample_slots(config)]
        if os.environ.get("MESHES"):
            meshes += [float((m.vertices.max(0) - m.vertices.min(0)).max()) if len(m.faces) else 0.0
                       for m in g.sample(config)]
    print(f"{prompt!r} noise scale {scale}: " + summary("part boxes", boxes)
          + ("; meshes " + summary("", meshes) if meshes else ""), flush=True)
