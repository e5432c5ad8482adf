"""Diagnostic (BENCHMARKS.md, twelfth session): the distribution when the starting noise of the
part-slot sampler is scaled by a temperature TAU (< 1: samples drawn nearer the modes; the
generated boxes of stools spread 1.24 times as far as the training ones, slot_features.py). Runs
`eval generator`'s measure (evaluate_generator: n shapes per category, the category's name as
the prompt, defaults otherwise) with Config.noise_scale = TAU. Run from the repository root:
    python tests/bench/diagnostics/noise_temperature.py MODELS_DIR N TAU SPLIT CATEGORY [CATEGORY ...]
SPLIT: the reference shapes' split, test (as eval generator) or val (to choose TAU without the test split).
FRAME_CHECK=0 in the environment turns the frame check off (as before it existed)."""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from engine.device import configure_threads
configure_threads()
from engine.generate.evaluate import evaluate_generator
from engine.generate.part_slots import PartSlotGenerator

folder, n, tau, split, categories = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5:]
print(f"{folder}: starting noise x {tau}, reference: the {split} split")
evaluate_generator(PartSlotGenerator.load(folder), categories, n=n, reference_split=split,
                   settings={"noise_scale": tau, "frame_check": os.environ.get("FRAME_CHECK", "1") != "0"})
