"""`python -m engine eval generator`: distribution quality per category against the test split.

For each category: n generated shapes (prompt: the category's name), n test-split shapes as the
reference and n train-split shapes as the oracle (what a perfect generator of the training
distribution would score), 2,048 surface points each, all in the one normalised frame;
MMD-CD, COV-CD and 1-NNA-CD (ops/set_metrics.py) for generated-vs-reference and
oracle-vs-reference side by side.
"""

from __future__ import annotations

import numpy as np

from ..data.shapes import CATEGORIES, shape_for_index
from ..data.shapes.captions import CATEGORY_NAMES
from ..ops.metrics import sample_surface
from ..ops.set_metrics import distribution_metrics

POINTS = 2048


def _cloud(mesh, seed: int) -> np.ndarray:
    return sample_surface(mesh.vertices, mesh.faces, POINTS, seed)


def _split_clouds(category: str, split: str, n: int) -> list:
    names = list(CATEGORIES)
    # shape_for_index(split, i) takes categories in turn: the category's own indices.
    return [_cloud(shape_for_index(split, names.index(category) + len(names) * k).mesh(), k) for k in range(n)]


def evaluate_generator(generator, categories=None, n: int = 100, seed: int = 0, steps: int = 25,
                       guidance: float | None = None, log=print) -> dict:
    from .part_slots import Config

    results = {}
    for category in categories or list(CATEGORIES):
        reference = _split_clouds(category, "test", n)
        oracle = _split_clouds(category, "train", n)
        generated = []
        for start in range(0, n, 16):
            config = Config(prompt=CATEGORY_NAMES[category][0], n=min(16, n - start), seed=seed + start, steps=steps,
                            guidance=Config.guidance if guidance is None else guidance)
            for k, mesh in enumerate(generator.sample(config)):
                generated.append(_cloud(mesh, start + k) if len(mesh.faces) else np.zeros((POINTS, 3)))
        results[category] = {"generated": distribution_metrics(np.stack(generated), np.stack(reference)),
                             "oracle": distribution_metrics(np.stack(oracle), np.stack(reference))}
        g, o = results[category]["generated"], results[category]["oracle"]
        log(f"{category:13s} 1-NNA {100 * g['1-NNA-CD']:5.1f}% (oracle {100 * o['1-NNA-CD']:5.1f}%)  "
            f"COV {100 * g['COV-CD']:5.1f}%  MMD {1000 * g['MMD-CD']:.3f}e-3 (oracle {1000 * o['MMD-CD']:.3f}e-3)")
    return results
