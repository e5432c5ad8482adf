"""Diagnostic (BENCHMARKS.md): how much of the generator's distance from the test split is the
slot representation's own (boxes + part auto-encoder + assembly), and how much the denoiser's.
For each category: the eval's oracle (n train-split shapes) against the n test-split shapes, and
the same train shapes passed through the slot codec (shape_to_slots, part VAE encode,
encode_slots, then the generator's decode with assembly) against the same test shapes.
PART_VAE (optional) decodes with another part auto-encoder than the models' own; RESOLUTION
(optional, default 40) is the part detail the decode meshes at; SETTINGS (optional, JSON) are
more decode() settings, e.g. those `generate` turns on: '{"unit_frame": true, "equal_sides": true,
"group_spread": true, "proportions": true, "clean_parts": true}'; ONLY (optional, a part label): only
that label's parts through the codec, the shape's other parts as they are (with unit_frame on,
both are in the shape frame), to tell which part's coding costs what. Run from the repository root:
    [PART_VAE=WEIGHTS] [RESOLUTION=64] [SETTINGS=JSON] [ONLY=LABEL] \
        python tests/bench/diagnostics/codec_oracle.py MODELS_DIR N CATEGORY [CATEGORY ...]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import json
import time
import numpy as np, torch
torch.set_num_threads(2)
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.generate.evaluate import _cloud, _split_clouds
from engine.generate.part_slots import PartSlotGenerator
from engine.generate.slot_codec import encode_slots
from engine.generate.slots import shape_to_slots
from engine.ops.set_metrics import chamfer_matrix, distribution_metrics
from engine.generate.generator_data import part_codes
from engine.generate.part_vae import load_part_vae

folder, n, categories = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
g = PartSlotGenerator.load(folder)
vae, _ = load_part_vae(os.environ.get("PART_VAE") or os.path.join(folder, "part_vae.safetensors"))
g.part_decoder = vae.decoder   # codes go through encode_slots / decode_slots with the same stats: exact either way
names = list(CATEGORIES)


def label_of(name: str) -> str:
    head, _, tail = name.rpartition("_")
    return head if tail.isdigit() else name


def parts_where(mesh, keep):
    """The PartMesh of `mesh`'s parts whose label `keep` accepts."""
    from engine.structures import PartMesh

    chosen = [i for i, name in enumerate(mesh.part_names) if keep(label_of(name))]
    faces = np.isin(mesh.face_part, chosen)
    used, inverse = np.unique(mesh.faces[faces], return_inverse=True)
    remap = {old: new for new, old in enumerate(chosen)}
    return PartMesh(mesh.vertices[used], inverse.reshape(-1, 3), np.array([remap[i] for i in mesh.face_part[faces]]),
                    [mesh.part_names[i] for i in chosen])


def joined(a, b):
    from engine.structures import PartMesh

    return PartMesh(np.concatenate([a.vertices, b.vertices]), np.concatenate([a.faces, b.faces + len(a.vertices)]),
                    np.concatenate([a.face_part, b.face_part + len(a.part_names)]), a.part_names + b.part_names)


def through_codec(shape, seed, category):
    coded = coded_shape(shape, seed, category)
    only = os.environ.get("ONLY")
    if not only:
        return coded
    return joined(parts_where(shape.mesh(), lambda label: label != only),
                  parts_where(coded, lambda label: label == only))


def coded_shape(shape, seed, category):
    s = shape_to_slots(shape, points_per_part=256, seed=seed)
    return g.decode(encode_slots(s.exists, s.label, s.centre, s.half, s.rotation, part_codes(vae, s), g.stats),
                    int(os.environ.get("RESOLUTION", "40")), category=category if SETTINGS else None, **SETTINGS)


SETTINGS = json.loads(os.environ.get("SETTINGS", "{}"))
for category in categories:
    t0 = time.time()
    reference = np.stack(_split_clouds(category, "test", n))
    oracle = np.stack(_split_clouds(category, "train", n))
    coded = np.stack([_cloud(through_codec(shape_for_index("train", names.index(category) + len(names) * k), k, category), k)
                      for k in range(n)])
    d_rr = chamfer_matrix(reference)
    o = distribution_metrics(oracle, reference, d_rr)
    c = distribution_metrics(coded, reference, d_rr)
    print(f"{category:13s} n={n} oracle 1-NNA {100 * o['1-NNA-CD']:.1f}% COV {100 * o['COV-CD']:.1f}% "
          f"MMD {1000 * o['MMD-CD']:.2f}e-3 | through the codec 1-NNA {100 * c['1-NNA-CD']:.1f}% "
          f"COV {100 * c['COV-CD']:.1f}% MMD {1000 * c['MMD-CD']:.2f}e-3  ({time.time() - t0:.0f} s)", flush=True)
