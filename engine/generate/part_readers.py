"""What the small readers of part codes share: a part's geometry code and its "category/label" key in,
a fixed-size vector of raw outputs out (part_profiles.py reads a turned part's cross-section,
part_tubes.py a swept tube's centreline and radius), and how the generator loads one.

Arrays: codes (n, code_dim) float32 (the part auto-encoder's); raw outputs (n, outputs) float32.
A key the reader was not trained on gets an embedding of its own (the last row), never read.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

from ..errors import EngineError


@dataclass
class KeyedReaderConfig:
    """Sizes every keyed reader has (a reader's own config adds its outputs' sizes)."""
    code_dim: int = 16     # the part auto-encoder's code
    keys: tuple = ()       # "category/label" of each part kind it reads, in its embedding's order
    key_dim: int = 16      # the learned vector of a part's key beside its code
    width: int = 256
    depth: int = 3

    def to_dict(self) -> dict:
        out = asdict(self)
        out["keys"] = list(self.keys)
        return out

    @classmethod
    def from_dict(cls, d: dict):
        return cls(**{**d, "keys": tuple(d.get("keys", ()))})


def keyed_reader_base():
    """The base module (torch, imported on first use): `key_embedding` (one learned vector per key,
    and one for an unknown key) and `mlp` (depth SiLU layers of `width`, then `outputs` raw numbers)
    over the code and the key's vector; `config` needs keys, key_dim, code_dim, width and depth."""
    import torch
    from torch import nn

    class KeyedReader(nn.Module):
        def __init__(self, config, outputs: int):
            super().__init__()
            self.config = config
            self.key_embedding = nn.Embedding(len(config.keys) + 1, config.key_dim)
            layers, width = [], config.code_dim + config.key_dim
            for _ in range(config.depth):
                layers += [nn.Linear(width, config.width), nn.SiLU()]
                width = config.width
            layers.append(nn.Linear(width, outputs))
            self.mlp = nn.Sequential(*layers)

        def key_ids(self, keys) -> "torch.Tensor":
            index = {k: i for i, k in enumerate(self.config.keys)}
            return torch.tensor([index.get(k, len(index)) for k in keys], dtype=torch.long)

        def raw(self, codes, key_ids):
            return self.mlp(torch.cat([codes, self.key_embedding(key_ids)], -1))

        def inputs(self, codes, keys) -> tuple:
            """(codes, key ids) as tensors on the reader's device (the generator's: CUDA where it runs)."""
            device = self.key_embedding.weight.device
            return torch.as_tensor(codes, dtype=torch.float32, device=device), self.key_ids(keys).to(device)

    return KeyedReader


def load_keyed_reader(folder: str, filename: str, config_class, reader_class, part_vae_sha256: str,
                      train_command: str, device: str = "cpu"):
    """The reader in the folder's `filename` (sha256 checked; config from its metadata), None where
    there is none; a typed error for one that reads the codes of another part auto-encoder than the
    installed one (`train_command` says how to train it again)."""
    from ..train.common import load_weights

    path = os.path.join(folder, filename)
    if not os.path.exists(path):
        return None
    state, meta, _ = load_weights(path)
    if meta.get("part_vae_sha256") != part_vae_sha256:
        raise EngineError("MODEL_MISSING", f"The installed reader {filename} reads the codes of another part "
                          "auto-encoder than the installed one.", f"Reinstall Shapesmith, or retrain it "
                          f"({train_command} --part-vae engine/models/part_vae.safetensors).")
    reader = reader_class(config_class.from_dict(json.loads(meta["config"])))
    reader.load_state_dict(state)
    return reader.eval().to(device)
