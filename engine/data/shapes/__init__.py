"""The procedural part-labelled shape library.

    shape = generate_shape("chair", seed=7)   # normalised, captioned, deterministic
    shape.mesh()                              # PartMesh: every part, face_part -> part_names
    shape.record()                            # attributes, part tree, relations, caption

A shape is a pure function of (category, seed). Seeds split into fixed ranges (SPLITS) so
that train, validation and test never share a shape.
"""

from __future__ import annotations

import zlib

import numpy as np

from ...errors import bad_input
from .captions import write_caption
from .categories import decor, seating, storage, tables
from .shape import Builder, Shape

CATEGORIES = {
    "chair": seating.chair, "armchair": seating.armchair, "stool": seating.stool,
    "office_chair": seating.office_chair, "sofa": seating.sofa,
    "table": tables.table, "desk": tables.desk, "bed": tables.bed,
    "bookshelf": storage.bookshelf, "cabinet": storage.cabinet,
    "lamp": decor.lamp, "vase": decor.vase, "mug": decor.mug,
}

SPLITS = {"train": (0, 10_000_000), "val": (10_000_000, 10_100_000), "test": (20_000_000, 20_100_000)}


def split_of(seed: int) -> str:
    for name, (lo, hi) in SPLITS.items():
        if lo <= seed < hi:
            return name
    raise bad_input(f"Seed {seed} is outside every split {SPLITS}.")


def category_rng(category: str, seed: int) -> np.random.Generator:
    return np.random.default_rng([zlib.crc32(category.encode("utf-8")), int(seed)])


def generate_shape(category: str, seed: int, normalise: bool = True) -> Shape:
    if category not in CATEGORIES:
        raise bad_input(f"Unknown category {category!r}.", "Choose one of: " + ", ".join(CATEGORIES))
    rng = category_rng(category, seed)
    builder = Builder(category, int(seed), rng)
    CATEGORIES[category](builder)
    shape = builder.build()
    shape.caption = write_caption(category, shape.attributes, rng)
    return shape.normalise() if normalise else shape


def shape_for_index(split: str, index: int) -> Shape:
    """The index-th shape of a split: categories in turn, seeds from the split's range."""
    lo, hi = SPLITS[split]
    names = list(CATEGORIES)
    return generate_shape(names[index % len(names)], lo + index)
