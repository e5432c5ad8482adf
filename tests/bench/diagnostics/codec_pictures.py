"""Diagnostic (BENCHMARKS.md, fifteenth session): train-split shapes that have a part of LABEL, passed
through the slot codec (as codec_oracle.py: shape_to_slots, the part auto-encoder's encoder,
encode_slots) and decoded by the generator's decode with every default, in one picture: the
parts a decoder makes from real codes and boxes. PART_VAE (optional) decodes with another part
auto-encoder than the models' own. Run from the repository root:
    [PART_VAE=WEIGHTS] python tests/bench/diagnostics/codec_pictures.py MODELS_DIR CATEGORY LABEL OUT.png [RESOLUTION]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from engine.device import configure_threads
configure_threads()
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.pictures import write_contact_sheet
from engine.generate.generator_data import part_codes
from engine.generate.part_slots import PartSlotGenerator
from engine.generate.part_vae import load_part_vae
from engine.generate.slot_codec import encode_slots
from engine.generate.slots import shape_to_slots

folder, category, label, out = sys.argv[1:5]
resolution = int(sys.argv[5]) if len(sys.argv) > 5 else 40
g = PartSlotGenerator.load(folder)
vae, _ = load_part_vae(os.environ.get("PART_VAE") or os.path.join(folder, "part_vae.safetensors"))
g.part_decoder = vae.decoder
index = list(CATEGORIES).index(category)
shapes = [s for s in (shape_for_index("train", index + len(CATEGORIES) * k) for k in range(40))
          if any(p.label == label for p in s.parts)][:8]
meshes = []
for k, shape in enumerate(shapes):
    s = shape_to_slots(shape, points_per_part=256, seed=k)
    x = encode_slots(s.exists, s.label, s.centre, s.half, s.rotation, part_codes(vae, s), g.stats)
    meshes.append(g.decode(x, resolution, True, True, category, True, True))
print(write_contact_sheet(out, meshes, columns=4, cell=180, captions=[f"train {category} {k}" for k in range(len(meshes))],
                          caption_lines=1))
