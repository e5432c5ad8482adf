"""Diagnostic (BENCHMARKS.md, sixteenth session): the category the generator makes for furniture
words the captions never use, by the prompt reader alone and with the named category
(category_names.py, part_slots.Config.named_category), against the category a person would
expect (the list was written before the named category was). HELD_OUT, a second list, was written
(eighteenth session) before the other names for the categories (category_names.OTHER_NAMES), to
measure them; PROMPTS was known when they were written. Run from the repository root:
    python tests/bench/diagnostics/category_words.py [MODELS_DIR] [held-out]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch

torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", "1")))
from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator
from engine.generate.prompt_reader import CATEGORIES
from engine.generate.text import TextEncoder

PROMPTS = [("an executive chair", "office_chair"), ("a gaming chair", "office_chair"),
           ("an ergonomic chair", "office_chair"), ("a coffee table", "table"), ("an end table", "table"),
           ("a wardrobe", "cabinet"), ("a dresser", "cabinet"), ("a loveseat", "sofa"), ("a recliner", "armchair"),
           ("a floor lamp", "lamp"), ("a desk lamp", "lamp"), ("an espresso cup", "mug"), ("a four-poster bed", "bed"),
           ("a footstool", "stool"), ("a bistro table", "table"), ("a console table", "table"),
           ("a china cabinet", "cabinet"), ("a filing cabinet", "cabinet"), ("a daybed", "bed"),
           ("a sectional", "sofa"), ("a chesterfield", "sofa"), ("a wingback chair", "armchair"),
           ("an amphora", "vase"), ("a tankard", "mug"), ("a beer stein", "mug")]
HELD_OUT = [("an armoire", "cabinet"), ("a hutch", "cabinet"), ("a tallboy", "cabinet"),
            ("a chest of drawers", "cabinet"), ("a highboy", "cabinet"), ("an ottoman", "stool"), ("a pouf", "stool"),
            ("a hassock", "stool"), ("a chandelier", "lamp"), ("a torchiere", "lamp"), ("a lantern", "lamp"),
            ("an uplighter", "lamp"), ("a goblet", "mug"), ("a beaker", "mug"), ("a tumbler", "mug"),
            ("a demitasse", "mug"), ("a carafe", "vase"), ("an ewer", "vase"), ("a jardiniere", "vase"),
            ("a cot", "bed"), ("a crib", "bed"), ("a bunk bed", "bed"), ("a throne", "armchair"),
            ("a bergere", "armchair"), ("a banquette", "sofa"), ("a love seat", "sofa"), ("an etagere", "bookshelf"),
            ("a book rack", "bookshelf"), ("a secretaire", "desk"), ("an escritoire", "desk"), ("a rolltop", "desk"),
            ("a tea table", "table"), ("a swivel stool", "stool"), ("a windsor chair", "chair"),
            ("a ladder-back chair", "chair"), ("a wingchair", "armchair")]
if "held-out" in sys.argv[1:]:
    PROMPTS = HELD_OUT
folders = [a for a in sys.argv[1:] if a != "held-out"]
generator = PartSlotGenerator.load(folders[0] if folders else MODELS_DIR)
encoder = TextEncoder("cpu")
alone = named = 0
for prompt, expected in PROMPTS:
    tokens, mask, _ = encoder.encode([prompt])
    with torch.no_grad():
        reading = generator.net.read(tokens, mask)[0]
    read = CATEGORIES[int(reading[:len(CATEGORIES)].argmax())]
    made = generator.resolve_category(Config(prompt=prompt)).category or read
    alone, named = alone + (read == expected), named + (made == expected)
    print(f"{prompt:22s} expected {expected:12s} reader {read:12s} ({float(reading[:len(CATEGORIES)].max()):.2f})  "
          f"with the named category {made}")
print(f"right: the reader alone {alone}/{len(PROMPTS)}, with the named category {named}/{len(PROMPTS)}")
