"""Diagnostic (BENCHMARKS.md, twelfth session): how often the sampler makes a malformed shape, per
noise scale. For a prompt, N candidates (seeds 0..N-1, prompt check off) at each noise scale; each
shape's frame extent is the longest side of the box around all its part boxes (slot_codec boxes:
centre + rotation times the half extents). Training shapes have a longest side of about 1; the
count over 1.3 and the largest are printed. Run from the repository root:
    python tests/bench/diagnostics/frame_extents.py MODELS_DIR N PROMPT SCALE [SCALE ...]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import itertools
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slot_codec import decode_slots

folder, n, prompt, scales = sys.argv[1], int(sys.argv[2]), sys.argv[3], [float(s) for s in sys.argv[4:]]
g = PartSlotGenerator.load(folder)
SIGNS = np.array(list(itertools.product((-1, 1), repeat=3)), dtype=float)


def frame_extent(parts) -> float:
    corners = [p["centre"] + (SIGNS * p["half"]) @ p["rotation"].T for p in parts]
    if not corners:
        return 0.0
    c = np.concatenate(corners)
    return float((c.max(0) - c.min(0)).max())


for scale in scales:
    extents = []
    for start in range(0, n, 16):
        slots = g.sample_slots(Config(prompt=prompt, n=min(16, n - start), seed=start, prompt_retries=0,
                                      noise_scale=scale))
        extents += [frame_extent(decode_slots(s, g.stats)) for s in slots]
    e = np.array(extents)
    print(f"{prompt!r} noise scale {scale}: frame extent median {np.median(e):.2f}, over 1.3 in {int((e > 1.3).sum())}"
          f" of {n}, largest {e.max():.2f}", flush=True)
