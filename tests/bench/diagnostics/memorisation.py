"""Diagnostic (BENCHMARKS.md, twenty-second session): `eval generator`'s measure, and whether the
generated shapes lie nearer the training shapes than unseen ones. A generator that copies its
training shapes scores 1-NNA near the oracle (train shapes are as near the test shapes as the
test shapes are to each other), so a lower 1-NNA must come with generated shapes that are no
nearer the train split than the test split. For each category: n shapes generated from its name
(the eval's prompts, seeds and settings), the eval's n test-split shapes and its n train-split
(oracle) shapes; printed: 1-NNA / COV / MMD against the test split, the share of generated shapes
whose nearest of the 2n real shapes is a train one (50% for a generator that has not seen them),
and the median squared-Chamfer distance from a generated shape to its nearest train and nearest
test shape. Run from the repository root:
    python tests/bench/diagnostics/memorisation.py MODELS_DIR N CATEGORY [CATEGORY ...]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.generate.evaluate import _split_clouds, category_samples, sample_clouds
from engine.generate.part_slots import PartSlotGenerator
from engine.ops.set_metrics import chamfer_matrix, distribution_metrics

folder, n, categories = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
generator = PartSlotGenerator.load(folder)
for category in categories:
    test = np.stack(_split_clouds(category, "test", n))
    train = np.stack(_split_clouds(category, "train", n))
    generated = sample_clouds(category_samples(generator, category, n))
    metrics = distribution_metrics(generated, test, chamfer_matrix(test))
    to_train = chamfer_matrix(generated, train).min(1)
    to_test = chamfer_matrix(generated, test).min(1)
    print(f"{category:13s} 1-NNA {100 * metrics['1-NNA-CD']:5.1f}%  COV {100 * metrics['COV-CD']:5.1f}%  "
          f"MMD {1000 * metrics['MMD-CD']:.3f}e-3 | "
          f"nearest real is a train shape {100 * np.mean(to_train < to_test):.0f}%"
          f"  median to train {1000 * np.median(to_train):.2f}e-3, to test {1000 * np.median(to_test):.2f}e-3",
          flush=True)
