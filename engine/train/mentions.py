"""Train the mention reader (generate/mention_reader.py) on the procedural library's captions.

    python -m engine train mentions -o engine/models/mentions.safetensors [--shapes N --steps S]

Examples: for each of the first `shapes` train-split shapes, its own caption, `captions_per_shape`
more written at random (captions.write_caption: a random subset of its attributes, none in about
one in seven) and its category's plain name; the targets are the attributes each caption mentions,
found exactly by captions.parse_caption. Validation: captions of val-split shapes, written the same
way. Gaussian noise on the token embeddings (`token_noise`) stands in for the paraphrases the
captions do not have. Writes the weights (safetensors, config in the metadata) and a model card beside them.
Arrays: tokens (N, L, 384) float16, mask (N, L) bool, targets (N, A) float 0/1.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass

import numpy as np


@dataclass
class MentionTrainConfig:
    """The recipe."""
    shapes: int = 3000
    val_shapes: int = 300
    captions_per_shape: int = 4
    steps: int = 1500
    batch: int = 256
    lr: float = 2e-3
    width: int = 64
    token_noise: float = 0.1  # Gaussian noise on the token embeddings: words near the captions' count too
    seed: int = 0
    threads: int = 0          # torch threads (0: the cores this process may use)


def mention_examples(split: str, count: int, captions_per_shape: int, seed: int) -> tuple:
    """(captions [str], targets (N, A) float32): each caption with the attributes it mentions."""
    from ..data.shapes import shape_for_index
    from ..data.shapes.captions import CATEGORY_NAMES, parse_caption, write_caption
    from ..generate.prompt_reader import ATTRIBUTES

    rng = np.random.default_rng([seed, 23])
    captions = []
    for i in range(count):
        shape = shape_for_index(split, i)
        captions += [shape.caption, CATEGORY_NAMES[shape.category][0]]
        captions += [write_caption(shape.category, shape.attributes, rng) for _ in range(captions_per_shape)]
    targets = np.zeros((len(captions), len(ATTRIBUTES)), np.float32)
    for row, text in enumerate(captions):
        for key in parse_caption(text):
            if key in ATTRIBUTES:
                targets[row, ATTRIBUTES.index(key)] = 1.0
    return captions, targets


def train_mentions(out_path: str, config: MentionTrainConfig = MentionTrainConfig(), log=print) -> dict:
    import torch

    from ..generate.mention_reader import MentionConfig, MentionReader
    from ..generate.text import TextEncoder
    from .common import pin_threads, save_model, train_on_draws

    pin_threads(config.threads)
    started = time.time()
    torch.manual_seed(config.seed)
    captions, targets = mention_examples("train", config.shapes, config.captions_per_shape, config.seed)
    val_captions, val_targets = mention_examples("val", config.val_shapes, config.captions_per_shape, config.seed + 1)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    encoder = TextEncoder(device.type)
    tokens, mask = _encode(encoder, captions)
    val_tokens, val_mask = _encode(encoder, val_captions)
    log(f"{len(captions)} training captions, {len(val_captions)} validation captions ({time.time() - started:.0f} s)")
    model_config = MentionConfig(width=config.width)
    model = MentionReader(model_config).to(device)
    targets_t = torch.from_numpy(targets)

    def batch_loss(idx, gen):
        x = tokens[idx].float()
        x = x + config.token_noise * torch.randn(x.shape, generator=gen)
        logits = model(x.to(device), mask[idx].to(device))
        return torch.nn.functional.binary_cross_entropy_with_logits(logits, targets_t[idx].to(device))

    history = train_on_draws(model, len(captions), batch_loss, config.steps, config.batch, config.lr, config.seed,
                             log, started, name="bce")
    model.eval().cpu()
    metrics = mention_metrics(model, val_tokens, val_mask, val_targets)
    log(f"validation: {metrics}")
    card = {"model": "mentions", "task": "which attributes a prompt speaks of (the generator's prompt check)",
            "data": f"captions of procedural shapes 0..{config.shapes - 1} of the train split "
                    f"({len(captions)}: each shape's own, {config.captions_per_shape} written at random, the "
                    f"category's name); validation on {len(val_captions)} captions of {config.val_shapes} val shapes",
            "recipe": asdict(config), "architecture": asdict(model_config), "metrics": metrics,
            "wall_time_s": round(time.time() - started, 1), "device": device.type, "history": history}
    return save_model(model, out_path, card, {"config": json.dumps(asdict(model_config))})


def _encode(encoder, captions: list, chunk: int = 2048):
    import torch

    parts = [encoder.encode(captions[s:s + chunk])[:2] for s in range(0, len(captions), chunk)]
    return torch.cat([t for t, _ in parts]).half(), torch.cat([m for _, m in parts])


def mention_metrics(model, tokens, mask, targets: np.ndarray) -> dict:
    """Precision and recall of the mentions at odds 0.5 over all (caption, attribute) pairs, and the
    share of captions whose mentioned set is read exactly."""
    import torch

    with torch.no_grad():
        said = (model(tokens.float(), mask).sigmoid() >= 0.5).numpy()
    truth = targets > 0.5
    hits = (said & truth).sum()
    return {"precision": round(float(hits / max(said.sum(), 1)), 4), "recall": round(float(hits / max(truth.sum(), 1)), 4),
            "exact_sets": round(float((said == truth).all(1).mean()), 4), "captions": int(len(truth))}
