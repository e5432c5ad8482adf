"""Training examples for the part-slot diffusion: procedural shapes as slot vectors, with
several captions each (the category-only prompt among them) and the shapes' attributes (what
the prompt reader learns to read).

Arrays: slots (N, K, SLOT_DIM) float32; captions: N lists of strings; attributes: N dicts.
"""

from __future__ import annotations

import numpy as np

from ..data.shapes import CATEGORIES, shape_for_index
from ..data.shapes.captions import CATEGORY_NAMES, write_caption
from .slot_codec import CodecStats, encode_slots
from .slots import shape_to_slots


def part_codes(part_vae, slots) -> np.ndarray:
    """(K, code_dim) float32: the part auto-encoder's code of each filled slot's surface points
    (slots.Slots), zeros for empty slots."""
    import torch

    real = slots.exists > 0.5
    codes = np.zeros((len(slots.exists), part_vae.config.code_dim), np.float32)
    with torch.no_grad():
        codes[real] = part_vae.encode(torch.from_numpy(slots.points[real])).numpy()
    return codes


def shape_indices(count: int, only: list | None = None) -> list:
    """The split indices of `count` shapes: 0..count-1, or where `only` names categories, the first
    shapes of those categories taken in turn (the library lays the categories out in turn)."""
    if not only:
        return list(range(count))
    names = list(CATEGORIES)
    return [names.index(only[i % len(only)]) + len(names) * (i // len(only)) for i in range(count)]


def generator_examples(part_vae, split: str, count: int, captions_per_shape: int = 4, seed: int = 0,
                       stats: CodecStats | None = None, only: list | None = None):
    """(slots (N, K, D), captions [[str]], categories [str], stats, attributes [dict]); `only`:
    category names whose shapes alone are taken (shape_indices)."""
    rng = np.random.default_rng([seed, 11])
    raw, captions, categories, attributes = [], [], [], []
    for i in shape_indices(count, only):
        shape = shape_for_index(split, i)
        slots = shape_to_slots(shape, points_per_part=256, seed=i)
        raw.append(slots)
        texts = [shape.caption] + [write_caption(shape.category, shape.attributes, rng)
                                   for _ in range(captions_per_shape - 2)]
        texts.append(CATEGORY_NAMES[shape.category][0])
        captions.append(texts)
        categories.append(shape.category)
        attributes.append(shape.attributes)
    codes = [part_codes(part_vae, s) for s in raw]
    if stats is None:
        real_half = np.concatenate([s.half[s.exists > 0.5] for s in raw])
        real_codes = np.concatenate([c[s.exists > 0.5] for s, c in zip(raw, codes)])
        stats = CodecStats.fit(real_half, real_codes)
    x = np.stack([encode_slots(s.exists, s.label, s.centre, s.half, s.rotation, c, stats) for s, c in zip(raw, codes)])
    return x, captions, categories, stats, attributes
