"""Train the tube reader (generate/part_tubes.py): a swept tube's centreline and radius from its code.

    python -m engine train part-tubes -o engine/models/part_tubes.safetensors
        --part-vae engine/models/part_vae.safetensors [--shapes N --steps S]

Examples: every tubed part (part_tubes.TUBED) of the first `shapes` train-split shapes of each
category that has one; input the shipped part auto-encoder's code of the part's surface points in
its box (as the generator's data has them), target the centreline and radius measured from the
part itself (part_tubes.measure_tube). Codes are jittered as the profile reader's are
(part_profiles.py). Validation: the same from val-split shapes. Writes the weights (safetensors,
the config and the part auto-encoder's sha256 in the metadata) and a model card beside them.
Arrays: codes (N, C) float32, paths (N, POINTS, 3) float32, radii (N,) float32.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .part_profiles import ProfileTrainConfig


@dataclass
class TubeTrainConfig(ProfileTrainConfig):
    """The recipe: the profile reader's (shapes per category with a tubed part, code jitter ...),
    fewer steps."""
    steps: int = 8000


def tube_examples(part_vae, split: str, per_category: int, seed: int = 0) -> tuple:
    """(codes (N, C), paths (N, POINTS, 3), radii (N,), keys ["category/label"]) of the tubed parts
    of the first `per_category` shapes of each category with tubed parts in `split`."""
    from ..generate.part_tubes import TUBED, measure_tube
    from .part_profiles import labelled_parts, part_surface_codes

    primitives, keys = labelled_parts(split, per_category, TUBED)
    codes, boxes = part_surface_codes(part_vae, primitives, np.random.default_rng([seed, 37]))
    measured = [measure_tube(primitive, *box) for primitive, box in zip(primitives, boxes)]
    return (codes, np.asarray([m[0] for m in measured], np.float32), np.asarray([m[1] for m in measured], np.float32),
            keys)


def train_part_tubes(out_path: str, config: TubeTrainConfig, log=print) -> dict:
    from ..generate.part_tubes import TubeConfig, tube_reader_class
    from .part_profiles import train_code_reader

    return train_code_reader(out_path, config, tube_examples, tube_reader_class(), TubeConfig, tube_metrics,
                             "part_tubes",
                             "a swept tube's centreline and radius from its geometry code (the generator's "
                             "decoding of mug and vase handles and lamp poles)", log)


def tube_metrics(model, codes: np.ndarray, paths: np.ndarray, radii: np.ndarray, keys: list) -> dict:
    """Per key: the mean distance of the read centreline's points from the true ones (box units, the
    nearest of the true path's mirrors and orders, as the loss) and the mean absolute error of the
    radius (units of the smallest half extent)."""
    from ..generate.part_tubes import MIRRORS

    said, radius = model.tubes(codes, keys)
    nearest = np.min([np.linalg.norm(said - variant, axis=2).mean(1) for sign in MIRRORS
                      for variant in (paths * np.asarray(sign), (paths * np.asarray(sign))[:, ::-1])], axis=0)
    out = {}
    for key in sorted(set(keys)):
        rows = np.array([k == key for k in keys])
        out[key] = {"parts": int(rows.sum()), "path_error": round(float(nearest[rows].mean()), 4),
                    "radius_mae": round(float(np.abs(radius - radii)[rows].mean()), 4)}
    return out
