"""Diagnostic (BENCHMARKS.md): how often labels decoded from the denoised bits are wrong for
their slot, before labels were set from the slot layout; and the prompt fidelity without that
step. Run from the repository root:
    python tests/bench/diagnostics/label_errors.py MODELS_DIR [--fidelity]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from engine.data.shapes.labels import LABELS  # noqa: E402
from engine.generate.part_slots import Config, PartSlotGenerator  # noqa: E402
from engine.generate.slot_codec import LABEL_BITS, label_from_bits, layout_label_ids  # noqa: E402
from engine.generate.slots import SLOT_LAYOUT  # noqa: E402

PROMPTS = [("an office chair", "office_chair"), ("a dining chair", "chair"), ("a cabinet", "cabinet"),
           ("a bed", "bed"), ("a table", "table")]


def main(models, fidelity):
    PartSlotGenerator._labels_under_layouts = staticmethod(lambda x, read: (x, [None] * len(x)))   # the bits as denoised
    gen = PartSlotGenerator.load(models)
    possible = [{LABELS[i] for c in SLOT_LAYOUT for i in [layout_label_ids(c, 24)[k]] if i >= 0} for k in range(24)]
    parts = impossible = other = 0
    for prompt, category in PROMPTS:
        layout = layout_label_ids(category, 24)
        for x in gen.sample_slots(Config(prompt=prompt, n=10, seed=5)):
            for k, row in enumerate(x):
                if row[0] <= 0:
                    continue
                label = int(label_from_bits(row[None, 1:1 + LABEL_BITS])[0])
                parts += 1
                impossible += LABELS[label] not in possible[k]
                other += label != layout[k]
    print(f"{parts} parts: {impossible} ({100 * impossible / parts:.0f}%) with a label no layout has in their slot, "
          f"{other} ({100 * other / parts:.0f}%) not the prompt category's label for the slot")
    if fidelity:
        from engine.generate.fidelity import evaluate_fidelity

        r = evaluate_fidelity(gen, 10, log=lambda s: None)
        print(f"fidelity with bit labels: {r['hits']}/{r['total']} (by labels alone {r['hits_by_label']})")


if __name__ == "__main__":
    main(sys.argv[1], "--fidelity" in sys.argv)
