"""Diagnostic (BENCHMARKS.md): box sizes of the headrest, door and tabletop slots a generator fills,
against the training range of each label. Run from the repository root:
    python tests/bench/diagnostics/slot_sizes.py MODELS_DIR"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np, torch
torch.set_num_threads(2)
from engine.generate.part_slots import PartSlotGenerator, Config
from engine.generate.slot_codec import decode_slots
from engine.generate.part_attributes import label_size_ranges, is_round_slab
from engine.generate.part_vae import decode_box_grids
g = PartSlotGenerator.load(sys.argv[1])
ranges = label_size_ranges()
for prompt, labels in [("an office chair including a rest for the head", ["headrest", "back_panel", "back"]),
                       ("a cupboard closed by a single door", ["door"]), ("a cabinet fronted by a pair of doors", ["door"]),
                       ("a dining table whose top is a circle", ["tabletop"])]:
    print(prompt)
    for s in g.sample_slots(Config(prompt=prompt, n=6, seed=0, steps=25)):
        parts = decode_slots(s, g.stats)
        row = []
        for k, p in enumerate(parts):
            if p["label"] in labels or (labels == ["headrest", "back_panel", "back"] and "back" in p["label"]):
                lo, hi = ranges.get(p["label"], (0, 0))
                v = float(np.log(p["half"]).sum())
                extra = ""
                if p["label"] == "tabletop":
                    grid = decode_box_grids(g.part_decoder, torch.tensor(p["code"][None], dtype=torch.float32), [(24, 24, 24)])[0]
                    occ = grid > 0
                    extra = f" round={is_round_slab(grid)} half={np.round(p['half'],3)}"
                row.append(f"{p['label']} {v:.2f} [{lo:.2f},{hi:.2f}] half={np.round(p['half'],3)}{extra}")
        print("  ", " | ".join(row))
