"""Diagnostic (BENCHMARKS.md, sixteenth session): each generated shape's box fields (centres, log
half extents, rotations of its filled slots: codec dims 7..18; "all" adds the part codes) projected
onto the principal subspace of the training shapes with the same structure (filled-slot pattern,
at least 20 shapes; the first 4,000 train shapes' slots from a generator data cache, EXAMPLES),
keeping each listed share of the variance, and the same samples' 1-NNA / COV / MMD against the
test split with and without it. Run from the repository root:
    python tests/bench/diagnostics/box_projection.py EXAMPLES.npz CATEGORY N 0.9,0.99,0.999 [box|all]"""
import sys, os, numpy as np, torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
torch.set_num_threads(1)
from engine.generate.part_slots import PartSlotGenerator, MODELS_DIR, Config
from engine.generate.evaluate import _split_clouds, _cloud, POINTS
from engine.ops.set_metrics import chamfer_matrix, distribution_metrics
from engine.data.shapes import CATEGORIES
from engine.data.shapes.captions import CATEGORY_NAMES
examples, cat, n = sys.argv[1], sys.argv[2], int(sys.argv[3]); var = [float(v) for v in sys.argv[4].split(",")]
fields = sys.argv[5] if len(sys.argv) > 5 else "box"
lo, hi = (7, 19) if fields == "box" else (7, 35)
g = PartSlotGenerator.load(MODELS_DIR)
X = np.load(examples)["x"]
ci = list(CATEGORIES).index(cat)
Xc = X[np.arange(len(X)) % len(CATEGORIES) == ci]
pat = Xc[:, :, 0] > 0
models = {}
for p in np.unique(pat, axis=0):
    rows = Xc[(pat == p).all(1)]
    if len(rows) < 20: continue
    F = rows[:, p, lo:hi].reshape(len(rows), -1).astype(np.float64)
    mu = F.mean(0); U, S, Vt = np.linalg.svd(F - mu, full_matrices=False)
    models[p.tobytes()] = (mu, Vt, S ** 2 / (S ** 2).sum(), len(rows))
print(cat, "structures with models", len(models), "of", len(np.unique(pat, axis=0)), [m[3] for m in models.values()])
reference = np.stack(_split_clouds(cat, "test", n)); d_rr = chamfer_matrix(reference)
slots, cfgs = [], []
for start in range(0, n, 16):
    config = Config(prompt=CATEGORY_NAMES[cat][0], n=min(16, n - start), seed=start, steps=25)
    s, _, cats = g.sample_shapes(config)
    slots += list(s); cfgs += [(config, c) for c in cats]
def project(x, v):
    p = x[:, 0] > 0
    m = models.get(p.tobytes())
    if m is None: return x, False
    mu, Vt, ev, _ = m
    k = int(np.searchsorted(np.cumsum(ev), v) + 1)
    F = x[p, lo:hi].reshape(-1).astype(np.float64)
    F2 = mu + Vt[:k].T @ (Vt[:k] @ (F - mu))
    y = x.copy(); y[p, lo:hi] = F2.reshape(p.sum(), hi - lo).astype(np.float32)
    return y, True
for v in [None] + var:
    clouds, hit = [], 0
    for k, (x, (config, c)) in enumerate(zip(slots, cfgs)):
        y, ok = (x, False) if v is None else project(x, v)
        hit += ok
        mesh = g.decode_as(config, y, c)
        clouds.append(_cloud(mesh, k) if len(mesh.faces) else np.zeros((POINTS, 3)))
    m = distribution_metrics(np.stack(clouds), reference, d_rr)
    print(f"{cat} var={v} projected {hit}/{n}: 1-NNA {100*m['1-NNA-CD']:.1f} COV {100*m['COV-CD']:.1f} MMD {1000*m['MMD-CD']:.3f}", flush=True)
