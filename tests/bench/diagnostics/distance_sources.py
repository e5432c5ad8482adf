"""Diagnostic (BENCHMARKS.md, ninth session): what 1-NNA separates generated shapes on. For one
category, n test-split shapes as the reference, and against them (1-NNA / COV / MMD):
  codec        n train shapes through the slot codec (codec_oracle.py's "through the codec")
  centre+S     the same with every part's box centre moved by Gaussian noise of S (shape frame,
               longest side 1): how finely 1-NNA sees placement
  code+S       the same with the geometry codes moved by S standard deviations
  renoise@T    the codec's slot vectors noised to timestep T and denoised back (DDIM, the
               category's name as the prompt, guidance 1): the denoiser's precision near real data
  generated    sampled from noise (guidance 1), as `eval generator --guidance 1`
  steps@S      the same with S DDIM steps (25 above)
  ddpm@S       the same with S ancestral (DDPM) steps instead of DDIM
  gen+codes    the generated shapes with every part's geometry code replaced by the nearest
               real code of the same label (from the codec's train shapes)
Run from the repository root:
    python tests/bench/diagnostics/distance_sources.py MODELS_DIR N CATEGORY [VARIANT ...]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import time
import numpy as np, torch
from engine.device import configure_threads
configure_threads()
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.evaluate import _cloud, _split_clouds
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slot_codec import CODE_DIM, LABEL_BITS, encode_slots
from engine.generate.slots import shape_to_slots
from engine.generate.text import TextEncoder
from engine.ops.set_metrics import chamfer_matrix, distribution_metrics
from engine.generate.generator_data import part_codes
from engine.generate.part_vae import load_part_vae

folder, n, category = sys.argv[1], int(sys.argv[2]), sys.argv[3]
wanted = sys.argv[4:] or ["codec", "centre+0.005", "centre+0.02", "code+0.25", "code+0.5",
                          "renoise@100", "renoise@300", "generated", "gen+codes"]
g = PartSlotGenerator.load(folder)
vae, _ = load_part_vae(os.path.join(folder, "part_vae.safetensors"))
names = list(CATEGORIES)
prompt = CATEGORY_NAMES[category][0]
CODE = slice(1 + LABEL_BITS + 12, 1 + LABEL_BITS + 12 + CODE_DIM)
CENTRE = slice(1 + LABEL_BITS, 1 + LABEL_BITS + 3)


def codec_slots():
    out = []
    for k in range(n):
        s = shape_to_slots(shape_for_index("train", names.index(category) + len(names) * k), points_per_part=256, seed=k)
        out.append(encode_slots(s.exists, s.label, s.centre, s.half, s.rotation, part_codes(vae, s), g.stats))
    return np.stack(out)


def renoised(x0, t0, seed=0):
    encoder = TextEncoder("cpu")
    tokens, mask, _ = encoder.encode([prompt] * len(x0))
    with torch.no_grad():
        read = g.net.read(tokens, mask)
    g.scheduler.set_timesteps(25, "ddim")
    g.scheduler.timesteps = g.scheduler.timesteps[g.scheduler.timesteps <= t0]
    start = int(g.scheduler.timesteps[0])
    noise = torch.randn(x0.shape, generator=torch.Generator().manual_seed(seed))
    if g.whitening is not None:   # the denoiser works in whitened slots
        x0 = g.whitening.whiten(x0, [category] * len(x0))
    x = g.scheduler.add_noise(torch.from_numpy(x0), noise, torch.full((len(x0),), start))
    x0 = None
    with torch.no_grad():
        for t in g.scheduler.timesteps:
            tt = torch.full((len(x),), int(t), dtype=torch.int64)
            net = g.denoiser_for(t)   # the low-noise expert under its range, where the folder has one
            out = net.guided(x, tt, tokens, mask, 1.0, read, g._self_condition(x0))
            eps = g.scheduler.epsilon_from(out, t, x, net.config.prediction)
            x0 = g.scheduler.predicted_x0(eps, t, x, clip=3.0)
            x = g.scheduler.step(eps, t, x, clip=3.0)
    x, categories = g._labels_under_layouts(x.numpy(), read)
    return x if g.whitening is None else g.whitening.unwhiten(x, categories)


def generated(steps=25, method="ddim"):
    plain = g.scheduler.set_timesteps
    g.scheduler.set_timesteps = lambda k, _method="ddim", eta=0.0: plain(k, method, eta)
    try:
        return np.concatenate([g.sample_slots(Config(prompt=prompt, n=min(16, n - s), seed=s, guidance=1.0, steps=steps))
                               for s in range(0, n, 16)])
    finally:
        g.scheduler.set_timesteps = plain


def nearest_codes(x, pool):
    """Every filled slot's code replaced by the nearest pool code of the same label bits."""
    x = x.copy()
    filled = pool[..., 0] > 0
    p_bits, p_codes = np.sign(pool[filled][:, 1:1 + LABEL_BITS]), pool[filled][:, CODE]
    for shape in x:
        for slot in shape:
            if slot[0] <= 0:
                continue
            same = (p_bits == np.sign(slot[1:1 + LABEL_BITS])).all(1)
            if same.any():
                candidates = p_codes[same]
                slot[CODE] = candidates[((candidates - slot[CODE]) ** 2).sum(1).argmin()]
    return x


def clouds(x):
    return np.stack([_cloud(m, k) if len(m.faces) else np.zeros((2048, 3)) for k, m in enumerate(g.decode(s) for s in x)])


reference = np.stack(_split_clouds(category, "test", n))
d_rr = chamfer_matrix(reference)
codec = codec_slots()
rng = np.random.default_rng(0)
cached = {}
for variant in wanted:
    t0 = time.time()
    x = codec.copy()
    filled = x[..., 0] > 0
    if variant.startswith("centre+"):
        x[..., CENTRE] += np.where(filled[..., None], 2 * float(variant[7:]) * rng.standard_normal(x[..., CENTRE].shape), 0)
    elif variant.startswith("code+"):
        x[..., CODE] += np.where(filled[..., None], float(variant[5:]) * rng.standard_normal(x[..., CODE].shape), 0)
    elif variant.startswith("renoise@"):
        x = renoised(codec, int(variant[8:]))
    elif variant == "generated":
        x = cached.setdefault("generated", generated())
    elif variant.startswith("steps@"):
        x = generated(int(variant[6:]))
    elif variant.startswith("ddpm@"):
        x = generated(int(variant[5:]), "ddpm")
    elif variant == "gen+codes":
        x = nearest_codes(cached.setdefault("generated", generated()), codec)
    elif variant != "codec":
        raise SystemExit(f"unknown variant {variant}")
    m = distribution_metrics(clouds(x), reference, d_rr)
    print(f"{category:13s} n={n} {variant:14s} 1-NNA {100 * m['1-NNA-CD']:5.1f}%  COV {100 * m['COV-CD']:5.1f}%  "
          f"MMD {1000 * m['MMD-CD']:.2f}e-3  ({time.time() - t0:.0f} s)", flush=True)
