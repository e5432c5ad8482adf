"""Diagnostic (BENCHMARKS.md, ninth session): what 1-NNA separates generated shapes on. For one
category, n test-split shapes as the reference, and against them (1-NNA / COV / MMD):
  codec        n train shapes through the slot codec (codec_oracle.py's "through the codec")
  centre+S     the same with every part's box centre moved by Gaussian noise of S (shape frame,
               longest side 1): how finely 1-NNA sees placement
  code+S       the same with the geometry codes moved by S standard deviations
  renoise@T    the codec's slot vectors noised to timestep T and denoised back (DDIM, the
               category's name as the prompt, guidance 1): the denoiser's precision near real data
  renoise@T+keep:F,G  the same with fields F, G (centre, centre_xy, centre_z, half, rotation, code) of every slot filled
               in both put back as the codec had them: which field's error 1-NNA sees
  renoise@T+prior:S[:H]  the same with each shape's box centres moved to their posterior mean
               under a Gaussian prior of the training shapes with its structure (filled-slot
               pattern, at least 10 shapes of the generator data cache EXAMPLES), the centres
               observed with noise S (codec units): mu + C (C + R)^-1 (x - mu); with H, the prior is
               over centres and log half extents, the sizes observed with noise H (only the
               centres are replaced): the sizes, which the denoiser gets right, then place the parts
  shrinkage@T  no metrics: per slot, the box centres' bias and rms error (shape frame) after
               renoise@T, the slope of the denoised centre's deviation from the slot's training
               mean (EXAMPLES) on the true deviation, and the spread of the denoised centres over
               that of the true ones, per axis ('-' where the true centre does not vary). A slope
               under 1 alone is what any sampler gives (it returns another shape near the first);
               a spread under 1 is the renoised shapes crowding toward the average one
  groups@T[+prior:S:H]  no metrics: for each label held by two or more slots of every shape (a
               table's four legs), the error of the members' distance from the vertical axis
               through the shape's centre after renoise@T (with the prior, as above), split into the
               part the members share (all a little inward) and the rest, rms per horizontal axis
  generated    sampled from noise (guidance 1), as `eval generator --guidance 1`
  steps@S      the same with S DDIM steps (25 above)
  ddpm@S       the same with S ancestral (DDPM) steps instead of DDIM
  gen+codes    the generated shapes with every part's geometry code replaced by the nearest
               real code of the same label (from the codec's train shapes)
Run from the repository root:
    [EXAMPLES=DIR/examples.npz] [EPSILON_SCALE=L] python tests/bench/diagnostics/distance_sources.py MODELS_DIR N CATEGORY [VARIANT ...]
EPSILON_SCALE divides the predicted noise at each renoising step (part_slots.Config.epsilon_scale);
GUIDANCE=W renoises at that guidance (default 1; 0: without the prompt's words);
STOP_AT=T ends the renoising at the first step at or under T with the noisy slots as they are,
divided by sqrt(alpha_bar_T) (their noise left in, no denoising pulling them toward the average)."""
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
FIELDS = {"centre": CENTRE, "centre_xy": slice(1 + LABEL_BITS, 1 + LABEL_BITS + 2),
          "centre_z": slice(1 + LABEL_BITS + 2, 1 + LABEL_BITS + 3), "half": slice(1 + LABEL_BITS + 3, 1 + LABEL_BITS + 6),
          "rotation": slice(1 + LABEL_BITS + 6, 1 + LABEL_BITS + 12), "code": CODE}


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
    stop = int(os.environ.get("STOP_AT", "-1"))
    with torch.no_grad():
        for t in g.scheduler.timesteps:
            if int(t) <= stop:   # the noisy slots as they are, scaled back: no denoising below STOP_AT
                x = x / g.scheduler.alpha_bar[int(t)].sqrt()
                break
            tt = torch.full((len(x),), int(t), dtype=torch.int64)
            net = g.denoiser_for(t)   # the low-noise expert under its range, where the folder has one
            out = net.guided(x, tt, tokens, mask, float(os.environ.get("GUIDANCE", "1")), read, g._self_condition(x0))
            eps = g.scheduler.epsilon_from(out, t, x, net.config.prediction) / float(os.environ.get("EPSILON_SCALE", "1"))
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


def centre_prior_filtered(x, sigma, size_sigma=None):
    """Each shape's filled slots' centres moved to their posterior mean under a Gaussian prior of the
    training shapes with the same filled-slot pattern, observed with noise sigma (codec units); with
    size_sigma the prior also holds the log half extents, observed with that noise."""
    examples = np.load(os.environ["EXAMPLES"])["x"]
    own = examples[np.arange(len(examples)) % len(names) == names.index(category)]
    patterns = own[:, :, 0] > 0
    fields = [CENTRE] if size_sigma is None else [CENTRE, FIELDS["half"]]
    x = x.copy()
    for shape in x:
        pattern = shape[:, 0] > 0
        rows = own[(patterns == pattern).all(1)]
        if len(rows) < 10:
            continue
        features = np.concatenate([rows[:, pattern][:, :, f].reshape(len(rows), -1) for f in fields], 1).astype(np.float64)
        mean, cov = features.mean(0), np.cov(features, rowvar=False) + 1e-6 * np.eye(features.shape[1])
        count = 3 * int(pattern.sum())
        noise = np.diag([sigma ** 2] * count + ([] if size_sigma is None else [size_sigma ** 2] * count))
        observed = np.concatenate([shape[pattern][:, f].reshape(-1) for f in fields])
        posterior = mean + cov @ np.linalg.solve(cov + noise, observed - mean)
        shape[pattern, CENTRE] = posterior[:count].reshape(-1, 3)
    return x


def renoised_once(t0):
    """renoised(codec, t0), computed once per timestep for every variant that reads it."""
    if f"renoise@{t0}" not in cached:
        cached[f"renoise@{t0}"] = renoised(codec, t0)
    return cached[f"renoise@{t0}"]


def generated_once():
    """generated(), sampled once for the variants that read it ("generated", "gen+codes")."""
    if "generated" not in cached:
        cached["generated"] = generated()
    return cached["generated"]


def print_shrinkage(t0):
    from engine.data.shapes.labels import LABELS
    from engine.generate.slot_codec import label_from_bits

    x = renoised_once(t0)
    both = (x[..., 0] > 0) & (codec[..., 0] > 0)
    labels = label_from_bits(codec[..., 1:1 + LABEL_BITS].reshape(-1, LABEL_BITS)).reshape(codec.shape[:2])
    examples = np.load(os.environ["EXAMPLES"])["x"]
    own = examples[np.arange(len(examples)) % len(names) == names.index(category)]
    error = (x[..., CENTRE] - codec[..., CENTRE]) / 2   # codec centres are the shape frame's times 2
    print(f"{category}, {n} shapes renoised from t = {t0}: slot, label, shapes, centre bias and rms error (x, y, z), "
          f"slope of the denoised on the true deviation from the slot's training mean, spread of the "
          f"denoised over the true (x, y, z)")
    for k in range(codec.shape[1]):
        m = both[:, k]
        if m.sum() < 10:
            continue
        mean = own[own[:, k, 0] > 0][:, k, CENTRE].mean(0)
        true, denoised = codec[m, k, CENTRE] - mean, x[m, k, CENTRE] - mean
        varies = [true[:, a].std() >= 0.01 for a in range(3)]
        slopes = [f"{(true[:, a] @ denoised[:, a]) / (true[:, a] @ true[:, a]):.2f}" if varies[a] else "-"
                  for a in range(3)]
        spreads = [f"{denoised[:, a].std() / true[:, a].std():.2f}" if varies[a] else "-" for a in range(3)]
        e = error[m, k]
        print(f"{k:3d} {LABELS[labels[m, k][0]]:14s} {int(m.sum()):4d}  bias {np.round(e.mean(0), 3)}  "
              f"rms {np.round(np.sqrt((e ** 2).mean(0)), 3)}  slope {' '.join(slopes)}  spread {' '.join(spreads)}",
              flush=True)


def print_group_errors(x, name):
    from engine.data.shapes.labels import LABELS
    from engine.generate.slot_codec import label_from_bits

    labels = label_from_bits(codec[..., 1:1 + LABEL_BITS].reshape(-1, LABEL_BITS)).reshape(codec.shape[:2])
    filled = (codec[..., 0] > 0) & (x[..., 0] > 0)
    for label in np.unique(labels[filled]):
        slots = [k for k in range(codec.shape[1]) if (labels[:, k] == label).any() and filled[labels[:, k] == label, k].all()]
        shapes = np.all([filled[:, k] & (labels[:, k] == label) for k in slots], 0) if len(slots) > 1 else []
        if len(slots) < 2 or shapes.sum() < 10:
            continue
        rows = []
        for axis in (0, 1):
            e = np.stack([(np.abs(x[shapes, k, CENTRE.start + axis]) - np.abs(codec[shapes, k, CENTRE.start + axis])) / 2
                          for k in slots], 1)
            shared = e.mean(1)
            rows.append(f"{'xy'[axis]}: shared {np.sqrt((shared ** 2).mean()):.3f}, "
                        f"each {np.sqrt(((e - shared[:, None]) ** 2).mean()):.3f}")
        print(f"{category} {name}: {LABELS[label]}, slots {slots}, {int(shapes.sum())} shapes; outward error rms "
              f"{'; '.join(rows)}", flush=True)


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
    elif variant.startswith("groups@"):
        t0_text, _, sigma = variant[7:].partition("+prior:")
        x = renoised_once(int(t0_text))
        print_group_errors(centre_prior_filtered(x, *(float(v) for v in sigma.split(":"))) if sigma else x, variant)
        continue
    elif variant.startswith("shrinkage@"):
        print_shrinkage(int(variant[10:]))
        continue
    elif variant.startswith("renoise@"):
        t0_text, _, sigma = variant[8:].partition("+prior:")
        t0_text, _, kept = t0_text.partition("+keep:")
        x = renoised_once(int(t0_text)).copy()
        both = (x[..., 0] > 0) & filled
        for field in filter(None, kept.split(",")):
            x[..., FIELDS[field]] = np.where(both[..., None], codec[..., FIELDS[field]], x[..., FIELDS[field]])
        if sigma:
            x = centre_prior_filtered(x, *(float(v) for v in sigma.split(":")))
    elif variant == "generated":
        x = generated_once()
    elif variant.startswith("steps@"):
        x = generated(int(variant[6:]))
    elif variant.startswith("ddpm@"):
        x = generated(int(variant[5:]), "ddpm")
    elif variant == "gen+codes":
        x = nearest_codes(generated_once(), codec)
    elif variant != "codec":
        raise SystemExit(f"unknown variant {variant}")
    m = distribution_metrics(clouds(x), reference, d_rr)
    print(f"{category:13s} n={n} {variant:24s} 1-NNA {100 * m['1-NNA-CD']:5.1f}%  COV {100 * m['COV-CD']:5.1f}%  "
          f"MMD {1000 * m['MMD-CD']:.2f}e-3  ({time.time() - t0:.0f} s)", flush=True)
