"""Train the profile reader (generate/part_profiles.py): a turned part's cross-section from its code.

    python -m engine train part-profiles -o engine/models/part_profiles.safetensors
        --part-vae engine/models/part_vae.safetensors [--shapes N --steps S]

Examples: every turned part (revolved_parts.REVOLVED: the labels every training part of which is a
lathe about the upright) of the first `shapes` train-split shapes of each category that has one;
input the shipped part auto-encoder's code of the part's surface points in its box (as the
generator's data has them: generator_data.part_codes), target the cross-section measured from the
part's signed distance (part_profiles.measure_profile). Codes are jittered with Gaussian noise
(`code_noise`, in units of each code dimension's spread) so that a denoised code a little off the
training codes still reads a clean profile. Validation: the same from val-split shapes. Writes
the weights (safetensors, the config and the part auto-encoder's sha256 in the metadata) and a
model card beside them. Arrays: codes (N, C) float32, profiles (N, ROWS, 3) float32.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass

import numpy as np


@dataclass
class ProfileTrainConfig:
    """The recipe."""
    part_vae: str = ""
    shapes: int = 2000         # per category with a turned part
    val_shapes: int = 100
    steps: int = 12000
    batch: int = 256
    lr: float = 2e-3
    width: int = 256
    code_noise: float = 0.05   # jitter of the codes, times each dimension's spread
    seed: int = 0
    threads: int = 0           # torch threads (0: the cores this process may use)


def part_surface_codes(part_vae, primitives: list, rng) -> tuple:
    """(codes (N, C) float32, boxes [(centre, half, rotation)]) of library parts: the auto-encoder's
    code of 256 surface points of each in its box (slots.part_box), as the generator's data has them."""
    import torch

    from ..generate.slots import part_box
    from ..ops.metrics import sample_surface

    boxes, points = [], []
    for primitive in primitives:
        centre, half, rotation = part_box(primitive)
        v, f = primitive.mesh()
        points.append(((sample_surface(v, f, 256, rng) - centre) @ rotation) / half)
        boxes.append((centre, half, rotation))
    with torch.no_grad():
        codes = part_vae.encode(torch.tensor(np.asarray(points), dtype=torch.float32)).numpy()
    return codes, boxes


def labelled_parts(split: str, per_category: int, labels: dict) -> tuple:
    """(primitives, keys ["category/label"]) of the parts whose label `labels` names for their
    category ({category: (label, ...)}), in the first `per_category` shapes of each of its
    categories in `split`, category by category in sorted order."""
    from ..data.shapes import CATEGORIES, shape_for_index

    names = list(CATEGORIES)
    primitives, keys = [], []
    for category in sorted(labels):
        for k in range(per_category):
            for part in shape_for_index(split, names.index(category) + len(names) * k).parts:
                if part.label in labels[category]:
                    primitives.append(part.primitive)
                    keys.append(f"{category}/{part.label}")
    return primitives, keys


def profile_examples(part_vae, split: str, per_category: int, seed: int = 0) -> tuple:
    """(codes (N, C), profiles (N, ROWS, 3), keys ["category/label"]) of the turned parts of the
    first `per_category` shapes of each category with turned parts in `split`."""
    from ..generate.part_profiles import measure_profile
    from ..generate.revolved_parts import REVOLVED, revolution_axis

    primitives, keys = labelled_parts(split, per_category, REVOLVED)
    codes, boxes = part_surface_codes(part_vae, primitives, np.random.default_rng([seed, 31]))
    profiles = [measure_profile(primitive.sdf, centre, half, rotation, revolution_axis(rotation))
                for primitive, (centre, half, rotation) in zip(primitives, boxes)]
    return codes, np.asarray(profiles, np.float32), keys


def train_code_reader(out_path: str, config, examples, reader_class, reader_config, metrics, model_name: str,
                      task: str, log=print) -> dict:
    """The training both code readers share (this file's and part_tubes.py's): examples(part_vae,
    split, shapes, seed) -> (codes, *targets, keys) from the train and val splits; the reader
    reader_class(reader_config(code_dim, keys, width)), whose loss(codes, key_ids, *targets) is
    minimised on codes jittered by
    config.code_noise of each dimension's spread (train_on_draws; CUDA when present); metrics(reader,
    *val examples) -> the card's validation figures. Writes the weights (the reader's config and the
    part auto-encoder's sha256 in the metadata) and the card; returns the card."""
    import torch

    from ..generate.part_vae import load_part_vae
    from .common import pin_threads, save_model, train_on_draws

    started = time.time()
    pin_threads(config.threads)
    torch.manual_seed(config.seed)
    vae, vae_card = load_part_vae(config.part_vae)
    codes, *targets, keys = examples(vae, "train", config.shapes, config.seed)
    val = examples(vae, "val", config.val_shapes, config.seed + 1)
    log(f"{len(codes)} training parts, {len(val[0])} validation parts ({time.time() - started:.0f} s)")
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = reader_class(reader_config(code_dim=codes.shape[1], keys=tuple(sorted(set(keys))),
                                       width=config.width)).to(device)
    codes_t = torch.from_numpy(codes).to(device)
    targets_t = [torch.from_numpy(np.asarray(t)).to(device) for t in targets]
    ids = model.key_ids(keys).to(device)
    spread = codes_t.std(0, keepdim=True)

    def batch_loss(idx, gen):
        jitter = torch.randn(len(idx), codes.shape[1], generator=gen).to(device)
        idx = idx.to(device)
        return model.loss(codes_t[idx] + config.code_noise * spread * jitter, ids[idx], *[t[idx] for t in targets_t])

    history = train_on_draws(model, len(codes), batch_loss, config.steps, config.batch, config.lr, config.seed, log,
                             started, weight_decay=1e-4, every=250)
    model.cpu()
    figures = metrics(model, *val)
    log(f"validation: {figures}")
    card = {"model": model_name, "task": task,
            "data": f"{len(codes)} parts of the first {config.shapes} train-split shapes of each category with "
                    f"one; validation on {len(val[0])} parts of {config.val_shapes} val shapes each",
            "recipe": asdict(config), "architecture": model.config.to_dict(), "metrics": figures,
            "part_vae_sha256": vae_card["sha256"], "wall_time_s": round(time.time() - started, 1),
            "device": device.type, "history": history}
    return save_model(model, out_path, card, {"config": json.dumps(model.config.to_dict()),
                                              "part_vae_sha256": vae_card["sha256"]})


def train_part_profiles(out_path: str, config: ProfileTrainConfig, log=print) -> dict:
    from ..generate.part_profiles import ProfileConfig, profile_reader_class

    return train_code_reader(out_path, config, profile_examples, profile_reader_class(), ProfileConfig,
                             profile_metrics, "part_profiles",
                             "a turned part's cross-section from its geometry code (the generator's decoding of "
                             "lampshades, vessel bodies and other lathe parts)", log)


def profile_metrics(model, codes: np.ndarray, profiles: np.ndarray, keys: list) -> dict:
    """Per key: the mean absolute error of the outer and inner radii (box units; inner over rows
    hollow in both) and the share of rows whose hollow flag is read right."""
    said = model.profiles(codes, keys)
    out = {}
    for key in sorted(set(keys)):
        rows = np.array([k == key for k in keys])
        s, t = said[rows], profiles[rows]
        both = (s[..., 2] > 0.5) & (t[..., 2] > 0.5)
        out[key] = {"parts": int(rows.sum()), "outer_mae": round(float(np.abs(s[..., 0] - t[..., 0]).mean()), 4),
                    "inner_mae": round(float(np.abs(s[..., 1] - t[..., 1])[both].mean()) if both.any() else 0.0, 4),
                    "hollow_right": round(float(((s[..., 2] > 0.5) == (t[..., 2] > 0.5)).mean()), 4)}
    return out
