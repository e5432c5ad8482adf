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


def profile_examples(part_vae, split: str, per_category: int, seed: int = 0) -> tuple:
    """(codes (N, C), profiles (N, ROWS, 3), keys ["category/label"]) of the turned parts of the
    first `per_category` shapes of each category with turned parts in `split`."""
    import torch

    from ..data.shapes import CATEGORIES, shape_for_index
    from ..generate.part_profiles import measure_profile
    from ..generate.revolved_parts import REVOLVED, revolution_axis
    from ..generate.slots import part_box
    from ..ops.metrics import sample_surface

    names = list(CATEGORIES)
    rng = np.random.default_rng([seed, 31])
    points, profiles, keys = [], [], []
    for category in sorted(REVOLVED):
        for k in range(per_category):
            shape = shape_for_index(split, names.index(category) + len(names) * k)
            for part in shape.parts:
                if part.label not in REVOLVED[category]:
                    continue
                centre, half, rotation = part_box(part.primitive)
                v, f = part.primitive.mesh()
                points.append(((sample_surface(v, f, 256, rng) - centre) @ rotation) / half)
                profiles.append(measure_profile(part.primitive.sdf, centre, half, rotation, revolution_axis(rotation)))
                keys.append(f"{category}/{part.label}")
    with torch.no_grad():
        codes = part_vae.encode(torch.tensor(np.asarray(points), dtype=torch.float32)).numpy()
    return codes, np.asarray(profiles, np.float32), keys


def train_part_profiles(out_path: str, config: ProfileTrainConfig, log=print) -> dict:
    import torch

    from ..generate.part_profiles import ProfileConfig, profile_reader_class
    from ..generate.part_vae import load_part_vae
    from .common import pin_threads, save_model, train_on_draws

    pin_threads(config.threads)
    started = time.time()
    torch.manual_seed(config.seed)
    vae, vae_card = load_part_vae(config.part_vae)
    codes, profiles, keys = profile_examples(vae, "train", config.shapes, config.seed)
    val = profile_examples(vae, "val", config.val_shapes, config.seed + 1)
    log(f"{len(codes)} training parts, {len(val[0])} validation parts ({time.time() - started:.0f} s)")
    model_config = ProfileConfig(code_dim=codes.shape[1], keys=tuple(sorted(set(keys))), width=config.width)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = profile_reader_class()(model_config).to(device)
    codes_t, profiles_t = torch.from_numpy(codes).to(device), torch.from_numpy(profiles).to(device)
    ids = model.key_ids(keys).to(device)
    spread = codes_t.std(0, keepdim=True)

    def batch_loss(idx, gen):
        jitter = torch.randn(len(idx), codes.shape[1], generator=gen).to(device)
        idx = idx.to(device)
        return model.loss(codes_t[idx] + config.code_noise * spread * jitter, ids[idx], profiles_t[idx])

    history = train_on_draws(model, len(codes), batch_loss, config.steps, config.batch, config.lr, config.seed, log,
                             started, weight_decay=1e-4, every=250)
    model.cpu()
    metrics = profile_metrics(model, *val)
    log(f"validation: {metrics}")
    card = {"model": "part_profiles", "task": "a turned part's cross-section from its geometry code (the generator's "
                                              "decoding of lampshades, vessel bodies and other lathe parts)",
            "data": f"turned parts of the first {config.shapes} train-split shapes of each category with one "
                    f"({len(codes)} parts); validation on {len(val[0])} parts of {config.val_shapes} val shapes each",
            "recipe": asdict(config), "architecture": model_config.to_dict(), "metrics": metrics,
            "part_vae_sha256": vae_card["sha256"], "wall_time_s": round(time.time() - started, 1), "device": device.type,
            "history": history}
    return save_model(model, out_path, card, {"config": json.dumps(model_config.to_dict()),
                                              "part_vae_sha256": vae_card["sha256"]})


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
