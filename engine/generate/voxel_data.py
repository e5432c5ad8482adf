"""Training examples for the latent SDF diffusion: procedural shapes as signed-distance grids with
a part label per voxel, and captions.

The grid spans [-GRID_BOUND, GRID_BOUND]^3 of the normalised shape frame (Z up, longest side 1,
centred), R nodes a side (x slowest). Distances are truncated to +-truncation (the network
learns the surface, not the far field) and stored divided by it, so they lie in [-1, 1].
With `dilation` > 0 the stored field is that of the shape grown by that distance: at 32^3 the
nodes are 0.035 apart and a chair leg 0.03 thick can fall between them, leaving no node inside
it (train shape 0, a chair, has none at all); grown by half a spacing, every part keeps nodes
inside, at the price of parts that much thicker. A
voxel's label is that of its nearest part (engine.data.shapes.labels.LABELS ids), inside or
out: a per-voxel part head trained on it splits a decoded surface into labelled parts.

Arrays: sdf (N, R, R, R) float16 in [-1, 1]; labels (N, R, R, R) uint8; captions: N lists of
strings; categories: N strings.
"""

from __future__ import annotations

import numpy as np

GRID_BOUND = 0.55


def grid_axis(resolution: int) -> np.ndarray:
    """(R,) node coordinates along each axis."""
    return np.linspace(-GRID_BOUND, GRID_BOUND, resolution)


def grid_spacing(resolution: int) -> float:
    return 2 * GRID_BOUND / (resolution - 1)


def voxel_example(shape, resolution: int, truncation: float, dilation: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(sdf (R, R, R) float32 in [-1, 1], labels (R, R, R) uint8) of one procedural shape, grown
    by `dilation` (normalised units)."""
    from ..data.shapes.labels import LABEL_ID

    distance, nearest = shape.sdf_grid(grid_axis(resolution))
    part_label = np.array([LABEL_ID[p.label] for p in shape.parts], dtype=np.uint8)
    r = resolution
    sdf = np.clip((distance - dilation) / truncation, -1.0, 1.0).astype(np.float32).reshape(r, r, r)
    return sdf, part_label[nearest].reshape(r, r, r)


def voxel_examples(split: str, count: int, resolution: int, truncation: float, captions_per_shape: int = 4,
                   seed: int = 0, first: int = 0, dilation: float = 0.0):
    """(sdf (N, R, R, R) float16, labels (N, R, R, R) uint8, captions [[str]], categories [str]) for
    shapes first .. first + count - 1 of a split; captions as the part-slot generator's (the
    shape's own, random ones from its attributes, and the category's name)."""
    from ..data.shapes import shape_for_index
    from ..data.shapes.captions import CATEGORY_NAMES, write_caption

    rng = np.random.default_rng([seed, 13])
    r = resolution
    sdf = np.zeros((count, r, r, r), np.float16)
    labels = np.zeros((count, r, r, r), np.uint8)
    captions, categories = [], []
    for j in range(count):
        shape = shape_for_index(split, first + j)
        sdf[j], labels[j] = voxel_example(shape, resolution, truncation, dilation)
        texts = [shape.caption] + [write_caption(shape.category, shape.attributes, rng)
                                   for _ in range(captions_per_shape - 2)]
        captions.append(texts + [CATEGORY_NAMES[shape.category][0]])
        categories.append(shape.category)
    return sdf, labels, captions, categories
