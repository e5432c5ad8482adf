"""Diagnostic (BENCHMARKS.md, eighteenth session): per part label, how many decoded parts come in
more than one piece and what share of their faces lies off the largest piece — N generated shapes
(the category's name; with and without clean_parts) against N train-split shapes through the slot
codec, decoded the same way. Every library part is one piece. Run from the repository root:
    python tests/bench/diagnostics/part_pieces.py MODELS_DIR CATEGORY [N]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np

from engine.device import configure_threads

configure_threads()
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.generator_data import part_codes
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.part_vae import load_part_vae
from engine.generate.slot_codec import encode_slots
from engine.generate.slots import shape_to_slots
from engine.ops.meshes import face_components

folder, category = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 32
generator = PartSlotGenerator.load(folder)
vae, _ = load_part_vae(os.path.join(folder, "part_vae.safetensors"))
config = Config(prompt=CATEGORY_NAMES[category][0])
raw = Config(prompt=config.prompt, clean_parts=False)


def pieces(mesh):
    """[(label, pieces, share of faces off the largest piece)] per part."""
    out = []
    for k, name in enumerate(mesh.part_names):
        labels = face_components(mesh.faces[mesh.face_part == k], len(mesh.vertices))
        sizes = np.sort(np.bincount(labels)[np.unique(labels)])[::-1]
        label = name.rsplit("_", 1)[0] if name.rsplit("_", 1)[-1].isdigit() else name
        out.append((label, len(sizes), sizes[1:].sum() / max(1, sizes.sum())))
    return out


def summary(rows):
    by_label = {}
    for label, count, off in rows:
        by_label.setdefault(label, []).append((count > 1, off))
    return {label: f"{100 * np.mean([a for a, _ in v]):.0f}% of {len(v)} in pieces, "
                   f"{100 * np.mean([b for _, b in v]):.1f}% of faces off the largest"
            for label, v in sorted(by_label.items())}


made = {"generated, clean_parts": [], "generated, without": []}
for seed in range(0, n, 16):
    slots, _, categories = generator.sample_shapes(Config(prompt=config.prompt, n=min(16, n - seed), seed=seed))
    for x, c in zip(slots, categories):
        made["generated, clean_parts"] += pieces(generator.decode_as(config, x, c))
        made["generated, without"] += pieces(generator.decode_as(raw, x, c))
real = []
for k in range(n):
    shape = shape_to_slots(shape_for_index("train", list(CATEGORIES).index(category) + len(CATEGORIES) * k),
                           points_per_part=256, seed=k)
    x = encode_slots(shape.exists, shape.label, shape.centre, shape.half, shape.rotation, part_codes(vae, shape),
                     generator.stats)
    real += pieces(generator.decode_as(raw, x, category))
for name, rows in [*made.items(), ("train split through the codec, without", real)]:
    print(f"{category}, {name}: {summary(rows)}")
