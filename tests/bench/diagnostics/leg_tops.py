"""Diagnostic (BENCHMARKS.md, eleventh session): how far the procedural shapes' legs rise above
the top of the tabletop or seat they hold (assembly.seat_legs_under_tops' tolerance): per
category, the most any shape's highest leg point lies above its top's highest point, in shape
units and as a share of the shape's height, over 120 train-split shapes. Run from the repository root:
    python tests/bench/diagnostics/leg_tops.py"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np

from engine.data.shapes import CATEGORIES, shape_for_index

names = list(CATEGORIES)
for category in ("table", "desk", "stool", "chair", "armchair", "office_chair"):
    worst, worst_share = -np.inf, -np.inf
    for i in range(120):
        shape = shape_for_index("train", names.index(category) + len(names) * i)
        mesh = shape.mesh()
        tops = {}
        for k, part in enumerate(shape.parts):
            z = mesh.vertices[np.unique(mesh.faces[mesh.face_part == k]), 2]
            tops.setdefault(part.label, []).append(z.max())
        board = [label for label in ("tabletop", "seat") if label in tops]
        if board and "leg" in tops:
            over = max(tops["leg"]) - max(tops[board[0]])
            worst = max(worst, over)
            worst_share = max(worst_share, over / np.ptp(mesh.vertices[:, 2]))
    if np.isfinite(worst):
        print(f"{category:13s} highest leg above its top: {worst:+.4f} (shape units), "
              f"{100 * worst_share:+.2f}% of the height")
    else:
        print(f"{category:13s} no part labelled leg under a part labelled tabletop or seat")
