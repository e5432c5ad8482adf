"""Train the part auto-encoder on parts of the procedural train split; evaluate IoU on val.

    python -m engine train part-vae -o engine/models/part_vae.safetensors [--shapes N --steps S]
                                    [--encoder-from WEIGHTS]
`--encoder-from`: the encoder of another part auto-encoder is kept, frozen, and only a new decoder
is trained, so the codes mean what they meant: a generator trained on that auto-encoder's codes
decodes through the new decoder without retraining (the card's `codes_of` names the file whose
encoder it is). Writes the weights (safetensors, config in the metadata) and a model card beside them
(<name>.json: data, recipe, steps, wall time, metrics, sha256).
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass

import numpy as np


@dataclass
class PartVAETrainConfig:
    """The recipe."""
    shapes: int = 1500        # training shapes (their parts are the examples)
    val_shapes: int = 100     # validation shapes for the IoU
    steps: int = 2000
    batch: int = 64
    lr: float = 2e-3
    seed: int = 0
    threads: int = 0          # torch threads (0: the cores this process may use)
    width: int = 128          # decoder width (PartVAEConfig)
    depth: int = 4            # decoder hidden layers
    frequencies: int = 4      # Fourier bands of the query point
    code_every_layer: bool = False  # the code joins every hidden layer of the decoder
    radial: bool = False      # the decoder also reads the distance from the box's Z axis (PartVAEConfig)
    label_dim: int = 0        # the decoder also reads the part's label as a learned vector of this size
    encoder_from: str = ""    # a part auto-encoder whose encoder is kept frozen ("": train both)
    label_balance: float = 0.0  # parts drawn with weight count(label)^-label_balance (0: uniform)


def train_part_vae(out_path: str, config: PartVAETrainConfig = PartVAETrainConfig(), log=print) -> dict:
    import torch

    from ..data.shapes.labels import LABELS
    from ..generate.part_data import part_examples
    from ..generate.part_vae import PartVAE, PartVAEConfig, label_ids
    from .common import pin_threads, save_model

    pin_threads(config.threads)
    started = time.time()
    torch.manual_seed(config.seed)
    pts, qs, ins, labels = part_examples("train", 0, config.shapes, seed=config.seed)
    draw = torch.from_numpy(label_weights(labels, config.label_balance))
    vpts, vqs, vins, vlabels = part_examples("val", 0, config.val_shapes, seed=config.seed + 1)
    log(f"{len(pts)} training parts, {len(vpts)} validation parts ({time.time() - started:.0f} s)")
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    pts, qs, ins = (torch.from_numpy(a).to(device) for a in (pts, qs, ins))
    model_config = PartVAEConfig(width=config.width, depth=config.depth, frequencies=config.frequencies,
                                 code_every_layer=config.code_every_layer, radial=config.radial,
                                 label_dim=config.label_dim, label_count=(len(LABELS) + 1) * bool(config.label_dim))
    ids = label_ids(labels, len(LABELS)).to(device)
    model = PartVAE(model_config)
    codes_of = keep_encoder(model, config.encoder_from) if config.encoder_from else None
    model.to(device)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=config.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, config.steps)
    gen = torch.Generator().manual_seed(config.seed)
    history = []
    for step in range(config.steps):
        idx = torch.multinomial(draw, config.batch, replacement=True, generator=gen).to(device) \
            if config.label_balance else torch.randint(0, len(pts), (config.batch,), generator=gen).to(device)
        loss, recon, kl = model.loss(pts[idx], qs[idx], ins[idx], generator=gen, label=ids[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == config.steps - 1:
            history.append((step, recon.item(), kl.item()))
            log(f"step {step:5d}  bce {recon.item():.4f}  kl {kl.item():.2f}  {time.time() - started:.0f} s")
    model.cpu()
    metrics = {"val_iou": evaluate_iou(model, vpts, vqs, vins, vlabels), "train_bce_last": history[-1][1],
               "train_parts": int(len(pts)), "val_parts": int(len(vpts))}
    log(f"validation IoU {metrics['val_iou']:.3f}")
    card = {"model": "part_vae", "task": "part geometry codes for the part-slot diffusion",
            "data": f"parts of procedural shapes 0..{config.shapes - 1} of the train split; IoU on "
                    f"{config.val_shapes} val shapes",
            "recipe": asdict(config), "architecture": asdict(model_config), "metrics": metrics,
            "wall_time_s": round(time.time() - started, 1), "device": device.type, "history": history}
    if codes_of:
        card["codes_of"] = codes_of
    return save_model(model, out_path, card, {"config": json.dumps(asdict(model_config))})


def label_weights(labels: list, balance: float) -> np.ndarray:
    """(N,) float64 drawing weights of N parts: count(label)^-balance each, summing to 1 (rare parts
    such as a stool's footrest ring, 0.4% of the parts, are drawn more often as balance grows)."""
    from collections import Counter

    counts = Counter(labels)
    weights = np.array([counts[label] ** -float(balance) for label in labels], dtype=np.float64)
    return weights / weights.sum()


def keep_encoder(model, path: str) -> str:
    """Copy the encoder of the part auto-encoder at `path` into `model` and freeze it; returns the
    sha256 of the auto-encoder that first made these codes (its own `codes_of`, else its sha256).
    Raises EngineError(BAD_INPUT) when the code sizes differ."""
    from ..errors import EngineError
    from ..generate.part_vae import load_part_vae

    source, card = load_part_vae(path)
    if source.config.code_dim != model.config.code_dim:
        raise EngineError("BAD_INPUT", f"The part auto-encoder {path} makes {source.config.code_dim}-d codes; "
                          f"this recipe's are {model.config.code_dim}-d.")
    model.encoder.load_state_dict(source.encoder.state_dict())
    model.encoder.requires_grad_(False)
    return card.get("codes_of", card["sha256"])


def evaluate_iou(model, pts, qs, ins, labels=None) -> float:
    """Mean IoU over parts of the decoded occupancy at the query points (mean code, no noise);
    `labels`: the parts' label names (read by a decoder with a label embedding)."""
    import torch

    with torch.no_grad():
        codes = model.encode(torch.from_numpy(pts))
        pred = model.decoder(codes, torch.from_numpy(qs), labels).numpy() > 0
    inter = (pred & ins).sum(1)
    union = (pred | ins).sum(1)
    return float(np.mean(inter / np.maximum(union, 1)))
