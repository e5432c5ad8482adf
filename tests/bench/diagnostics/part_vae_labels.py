"""Diagnostic (BENCHMARKS.md): a part auto-encoder's validation IoU per part label (the parts of
the first 200 validation shapes, mean code), worst labels first, for one or more weights files.
Run from the repository root:
    python tests/bench/diagnostics/part_vae_labels.py WEIGHTS.safetensors [WEIGHTS2.safetensors ...]"""
import json
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from collections import defaultdict
import numpy as np, torch
torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", 2)))
from engine.generate.part_data import part_examples
from engine.generate.part_vae import PartVAE, PartVAEConfig
from engine.train.common import load_weights

pts, qs, ins, labels = part_examples("val", 0, 200, seed=1)
table = {}
for path in sys.argv[1:]:
    state, meta, _ = load_weights(path)
    model = PartVAE(PartVAEConfig(**json.loads(meta["config"])))
    model.load_state_dict(state)
    model.eval()
    with torch.no_grad():
        pred = model.decoder(model.encode(torch.from_numpy(pts)), torch.from_numpy(qs), labels).numpy() > 0
    iou = (pred & ins).sum(1) / np.maximum((pred | ins).sum(1), 1)
    by_label = defaultdict(list)
    for label, value in zip(labels, iou):
        by_label[label].append(value)
    table[path] = ({k: float(np.mean(v)) for k, v in by_label.items()}, float(iou.mean()))
first = table[sys.argv[1]][0]
counts = {k: labels.count(k) for k in first}
print("label".ljust(16), "parts", *[os.path.basename(os.path.dirname(p)) or p for p in sys.argv[1:]])
for label in sorted(first, key=first.get)[:20]:
    print(label.ljust(16), str(counts[label]).rjust(5), *[f"{table[p][0][label]:.3f}" for p in sys.argv[1:]])
print("all".ljust(16), str(len(labels)).rjust(5), *[f"{table[p][1]:.3f}" for p in sys.argv[1:]])
