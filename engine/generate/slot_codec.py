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

    def same_as(self, other: "CodecStats") -> bool:
        """Equal up to float rounding: the same data's codes made again differ in the last bits of
        their mean with another thread count, and by up to 2e-5 on another CPU (the part encoder's
        sums rounded in another order)."""
        return self.__dict__.keys() == other.__dict__.keys() and all(
            np.shape(v) == np.shape(other.__dict__[k]) and np.allclose(v, other.__dict__[k], rtol=1e-4, atol=1e-4)
            for k, v in self.__dict__.items())

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


def layout_label_ids(category: str, slots: int) -> np.ndarray:
    """(slots,) the label id each slot holds under the category's layout (slots.SLOT_LAYOUT), -1
    past the layout's end."""
    from .slots import SLOT_LAYOUT

    ids = [LABELS.index(label) for label, count in SLOT_LAYOUT[category] for _ in range(count)]
    return np.array((ids + [-1] * slots)[:slots])


def snap_labels_to_layout(x: np.ndarray, category_odds: dict | None = None) -> tuple[np.ndarray, str]:
    """One shape's slots (K, D) with the label bits of every filled slot set to the label its
    block holds under one category's layout; returns (slots, category).

    Every training shape follows its category's layout, so a slot's label is fixed by the slot
    and the category; the analog label bits, denoised independently, still come out wrong for
    about a sixth of the parts (a bit flipped names an unrelated label). The category is the
    prompt reader's when its odds (category -> probability) name one with at least 0.5, else the
    layout whose labels agree best with the bits of the filled slots (a filled slot past a
    layout's end counts as full disagreement). Slots past the chosen layout's end keep their bits."""
    from .slots import SLOT_LAYOUT

    filled = x[:, 0] > 0
    bits = x[:, 1:1 + LABEL_BITS]
    if category_odds and max(category_odds.values()) >= 0.5:
        category = max(category_odds, key=category_odds.get)
    else:
        def agreement(name):
            ids = layout_label_ids(name, len(x))
            per_slot = (bits * label_bits(np.maximum(ids, 0))).sum(1)
            return float(np.where(ids >= 0, per_slot, -LABEL_BITS)[filled].sum())

        category = max(SLOT_LAYOUT, key=agreement)
    ids = layout_label_ids(category, len(x))
    out = np.array(x, copy=True)
    snap = filled & (ids >= 0)
    out[snap, 1:1 + LABEL_BITS] = label_bits(ids[snap])
    return out, category


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
