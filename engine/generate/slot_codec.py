"""Slots <-> the vectors the diffusion model denoises, each feature scaled to about [-1, 1].

Per slot (D = 35): exists (1, +1 part / -1 empty), label as 6 analog bits (Chen et al. 2022,
+-1), box centre (3, x 2), log half extents (3, standardised), box rotation in the 6-D
representation (6), geometry code (16, standardised by the training set's statistics).
Empty slots carry zeros after their exists flag. Arrays: slots (K, D) float32.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data.shapes.labels import LABELS
from .slots import rotation_from_6d, rotation_to_6d

LABEL_BITS = 6
CODE_DIM = 16
SLOT_DIM = 1 + LABEL_BITS + 3 + 3 + 6 + CODE_DIM


@dataclass
class CodecStats:
    """Standardisation of the log half extents and the geometry codes (from the training set)."""
    log_half_mean: np.ndarray
    log_half_std: np.ndarray
    code_mean: np.ndarray
    code_std: np.ndarray

    def to_dict(self) -> dict:
        return {k: np.asarray(v, dtype=np.float64).tolist() for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, d: dict) -> "CodecStats":
        return cls(**{k: np.asarray(v, dtype=np.float64) for k, v in d.items()})

    @classmethod
    def fit(cls, half: np.ndarray, codes: np.ndarray) -> "CodecStats":
        """half (N, 3) and codes (N, C) of real parts."""
        lh = np.log(half)
        return cls(lh.mean(0), lh.std(0) + 1e-6, codes.mean(0), codes.std(0) + 1e-6)


def label_bits(label: np.ndarray) -> np.ndarray:
    """(K,) ids -> (K, 6) +-1 bits, most significant first."""
    bits = (np.asarray(label)[:, None] >> np.arange(LABEL_BITS - 1, -1, -1)) & 1
    return bits.astype(np.float32) * 2 - 1


def label_from_bits(bits: np.ndarray) -> np.ndarray:
    """(K, 6) noisy bits -> the nearest valid label id (Hamming-nearest among the LABELS ids)."""
    valid = np.arange(len(LABELS))
    table = label_bits(valid)                       # (L, 6)
    score = (np.sign(bits)[:, None, :] == table[None]).sum(-1) + 1e-3 * (bits[:, None, :] * table[None]).sum(-1)
    return valid[score.argmax(1)]


def encode_slots(exists, label, centre, half, rotation, codes, stats: CodecStats) -> np.ndarray:
    """Slot fields (K, ...) -> (K, SLOT_DIM) float32."""
    k = len(exists)
    out = np.zeros((k, SLOT_DIM), np.float32)
    real = np.asarray(exists) > 0.5
    out[:, 0] = np.where(real, 1.0, -1.0)
    body = np.concatenate([label_bits(label), 2 * np.asarray(centre),
                           (np.log(np.maximum(half, 1e-6)) - stats.log_half_mean) / stats.log_half_std,
                           rotation_to_6d(np.asarray(rotation)), (np.asarray(codes) - stats.code_mean) / stats.code_std],
                          axis=1)
    out[real, 1:] = body[real]
    return out


def decode_slots(x: np.ndarray, stats: CodecStats) -> list:
    """(K, SLOT_DIM) -> [{label, centre, half, rotation, code}] for the slots that exist."""
    parts = []
    for row in np.asarray(x, dtype=np.float64):
        if row[0] <= 0:
            continue
        b = 1 + LABEL_BITS
        parts.append({"label": LABELS[int(label_from_bits(row[None, 1:b])[0])],
                      "centre": row[b:b + 3] / 2,
                      "half": np.exp(row[b + 3:b + 6] * stats.log_half_std + stats.log_half_mean),
                      "rotation": rotation_from_6d(row[b + 6:b + 12]),
                      "code": row[b + 12:] * stats.code_std + stats.code_mean})
    return parts
