"""Diagnostic (BENCHMARKS.md, twenty-second session): a category fine-tune taking only the last
steps. The shared denoiser (MODELS_DIR) denoises the timesteps t >= T, the denoiser of EXPERT_DIR
(a whole generator fine-tuned on one category: `train generator --init-from ... --categories C`)
those under T; n shapes from the category's name as `eval generator` makes them (its prompts,
seeds and settings), 1-NNA / COV / MMD against its n test-split shapes. Run from the repository root:
    python tests/bench/diagnostics/expert_below.py MODELS_DIR EXPERT_DIR T N CATEGORY"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.generate.evaluate import _split_clouds, category_samples, sample_clouds
from engine.generate.part_slots import PartSlotGenerator
from engine.ops.set_metrics import chamfer_matrix, distribution_metrics

models, expert_dir, below, n, category = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
g = PartSlotGenerator.load(models)
expert = PartSlotGenerator.load(expert_dir).net
g.denoiser_for = lambda t, config=None, chosen="": expert if int(t) < below else g.net
test = np.stack(_split_clouds(category, "test", n))
m = distribution_metrics(sample_clouds(category_samples(g, category, n)), test, chamfer_matrix(test))
print(f"{category} expert below t = {below}: 1-NNA {100 * m['1-NNA-CD']:.1f}% COV {100 * m['COV-CD']:.1f}% "
      f"MMD {1000 * m['MMD-CD']:.3f}e-3", flush=True)
