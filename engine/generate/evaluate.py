"""`python -m engine eval generator`: distribution quality per category against the test split.

For each category: n generated shapes (prompt: the category's name), n test-split shapes as the
reference and n train-split shapes as the oracle (what a perfect generator of the training
distribution would score), 2,048 surface points each, all in the one normalised frame;
MMD-CD, COV-CD and 1-NNA-CD (ops/set_metrics.py) for generated-vs-reference and
oracle-vs-reference side by side. Either generator (part_slots or latent_sdf: `--method`).
"""

from __future__ import annotations

import numpy as np

from ..data.shapes import CATEGORIES, shape_for_index
from ..data.shapes.captions import CATEGORY_NAMES
from ..ops.metrics import sample_surface
from ..ops.set_metrics import chamfer_matrix, distribution_metrics

POINTS = 2048


def _cloud(mesh, seed: int) -> np.ndarray:
    return sample_surface(mesh.vertices, mesh.faces, POINTS, seed)


def _split_clouds(category: str, split: str, n: int) -> list:
    names = list(CATEGORIES)
    # shape_for_index(split, i) takes categories in turn: the category's own indices.
    return [_cloud(shape_for_index(split, names.index(category) + len(names) * k).mesh(), k) for k in range(n)]


def integrity(mesh) -> tuple[bool, bool]:
    """(a part lies more than 1% of the shape's diagonal from every other part, a part is not
    watertight) for one generated PartMesh; an empty shape counts as both."""
    from ..ops.meshes import quality_report
    from .assembly import floating_parts

    if not len(mesh.faces):
        return True, True
    diagonal = float(np.linalg.norm(mesh.vertices.max(0) - mesh.vertices.min(0)))
    floating = bool(floating_parts(mesh.vertices, mesh.faces, mesh.face_part, 0.01 * diagonal))
    leaky = any(not quality_report(mesh.vertices, mesh.faces[mesh.face_part == p])["watertight"]
                for p in np.unique(mesh.face_part))
    return floating, leaky


def category_samples(generator, category: str, n: int, seed: int = 0, steps: int = 25,
                     guidance: float | None = None, settings: dict | None = None):
    """The eval's n generated meshes of one category, in order: prompt the category's first name,
    batches of 16 with seeds seed, seed + 16, ...; `settings`: other generator settings than the defaults."""
    from .part_slots import Config as SlotConfig

    Config = getattr(generator, "Config", SlotConfig)    # the generator's own settings (latent_sdf has its own)
    for start in range(0, n, 16):
        config = Config(prompt=CATEGORY_NAMES[category][0], n=min(16, n - start), seed=seed + start, steps=steps,
                        guidance=Config.guidance if guidance is None else guidance, **(settings or {}))
        yield from generator.sample(config)


def sample_clouds(meshes) -> np.ndarray:
    """(n, POINTS, 3) surface points of the meshes, the k-th sampled with seed k; zeros for an empty mesh."""
    return np.stack([_cloud(mesh, k) if len(mesh.faces) else np.zeros((POINTS, 3)) for k, mesh in enumerate(meshes)])


def evaluate_generator(generator, categories=None, n: int = 100, seed: int = 0, steps: int = 25,
                       guidance: float | None = None, log=print, reference_split: str = "test",
                       settings: dict | None = None) -> dict:
    """Per category, the generated and the oracle (train-split) shapes against n shapes of
    `reference_split` ("test"; "val" to choose sampler settings without looking at the test split).
    `settings`: other generator settings than the defaults (e.g. {"noise_scale": 1.0})."""
    results = {}
    for category in categories or list(CATEGORIES):
        reference = _split_clouds(category, reference_split, n)
        oracle = _split_clouds(category, "train", n)
        meshes = list(category_samples(generator, category, n, seed, steps, guidance, settings))
        floating, leaky = (sum(flags) for flags in zip(*map(integrity, meshes)))
        reference = np.stack(reference)
        d_rr = chamfer_matrix(reference)
        results[category] = {"generated": distribution_metrics(sample_clouds(meshes), reference, d_rr),
                             "oracle": distribution_metrics(np.stack(oracle), reference, d_rr),
                             "floating_rate": floating / n, "leaky_rate": leaky / n}
        g, o = results[category]["generated"], results[category]["oracle"]
        log(f"{category:13s} 1-NNA {100 * g['1-NNA-CD']:5.1f}% (oracle {100 * o['1-NNA-CD']:5.1f}%)  "
            f"COV {100 * g['COV-CD']:5.1f}%  MMD {1000 * g['MMD-CD']:.3f}e-3 (oracle {1000 * o['MMD-CD']:.3f}e-3)  "
            f"floating {100 * floating / n:.1f}%  leaky parts {100 * leaky / n:.1f}%")
    return results
