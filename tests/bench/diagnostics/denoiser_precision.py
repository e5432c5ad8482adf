"""Diagnostic (BENCHMARKS.md, tenth session): how much of the noise the denoiser takes out, per
kind of slot feature and noise level. For one category, 64 shapes of a split through the slot
codec, noised to timestep t (4 noise draws) and denoised in one step; the rms error of the
predicted clean slots over the filled slots, in feature units (slot_codec: centres x 2, log half
extents and codes standardised, label bits and the exists flag +-1), beside `noise`, the error
of taking the noisy slots as they are (x_t / sqrt(alpha_bar)). A self-conditioned denoiser is
measured given its own first estimate at the same t, as in sampling; a whitened one
(slot_whitening.py) is noised in whitened slots and its estimate measured back in codec units. Run from the repository root:
    python tests/bench/diagnostics/denoiser_precision.py MODELS_DIR CATEGORY [SPLIT]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np, torch
from engine.device import configure_threads
configure_threads()
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.part_slots import PartSlotGenerator
from engine.generate.generator_data import part_codes
from engine.generate.part_vae import load_part_vae
from engine.generate.slot_codec import LABEL_BITS, encode_slots
from engine.generate.slots import shape_to_slots
from engine.generate.text import TextEncoder

folder, category = sys.argv[1], sys.argv[2]
split = sys.argv[3] if len(sys.argv) > 3 else "val"
n = 64
g = PartSlotGenerator.load(folder)
vae, _ = load_part_vae(os.path.join(folder, "part_vae.safetensors"))
names = list(CATEGORIES)
rows = []
for k in range(n):
    s = shape_to_slots(shape_for_index(split, names.index(category) + len(names) * k), points_per_part=256, seed=k)
    rows.append(encode_slots(s.exists, s.label, s.centre, s.half, s.rotation, part_codes(vae, s), g.stats))
x0 = torch.from_numpy(np.stack(rows))
white = lambda x: x if g.whitening is None else torch.from_numpy(g.whitening.whiten(x.numpy(), [category] * n))
codec = lambda x: x if g.whitening is None else torch.from_numpy(g.whitening.unwhiten(x.numpy(), [category] * n))
tokens, mask, _ = TextEncoder("cpu").encode([CATEGORY_NAMES[category][0]] * n)
with torch.no_grad():
    read = g.net.read(tokens, mask)
b = 1 + LABEL_BITS
groups = {"exists": slice(0, 1), "bits": slice(1, b), "centre": slice(b, b + 3), "loghalf": slice(b + 3, b + 6),
          "rotation": slice(b + 6, b + 12), "code": slice(b + 12, None)}
filled = x0[:, :, 0] > 0
self_conditioned = getattr(g.net.config, "self_condition", False)
print(f"{folder} {category} ({split}, {n} shapes){'; self-conditioned' if self_conditioned else ''}")
print("   t   noise  " + "  ".join(f"{k:>8s}" for k in groups))
for t in [20, 50, 100, 200, 300, 500, 700, 900]:
    errors = {k: [] for k in groups}
    for draw in range(4):
        noise = torch.randn(x0.shape, generator=torch.Generator().manual_seed(draw))
        tt = torch.full((n,), t)
        xt = g.scheduler.add_noise(white(x0), noise, tt)
        with torch.no_grad():
            eps = g.scheduler.epsilon_from(g.net(xt, tt, tokens, mask, read), t, xt, g.net.config.prediction)
            pred = g.scheduler.predicted_x0(eps, t, xt, clip=3.0)
            if self_conditioned:
                eps = g.scheduler.epsilon_from(g.net(xt, tt, tokens, mask, read, pred), t, xt, g.net.config.prediction)
                pred = g.scheduler.predicted_x0(eps, t, xt, clip=3.0)
            pred = codec(pred)
        for k, sl in groups.items():
            errors[k].append(((pred - x0)[:, :, sl][filled] ** 2).mean().item())
    ab = g.scheduler.alpha_bar[t].item()
    print(f"{t:4d}  {((1 - ab) / ab) ** 0.5:6.3f}  " + "  ".join(f"{np.sqrt(np.mean(v)):8.4f}" for v in errors.values()))
