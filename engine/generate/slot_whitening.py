"""Per-slot whitening: each (category, slot) field standardised by the training shapes' own spread.

    w = SlotWhitening.fit(x, categories, "boxes")   # x (N, K, D) codec vectors (slot_codec), categories
                                                    # (N,) names; fields "boxes" or "boxes+codes"
    z = w.whiten(x, categories)                     # (N, K, D): what the denoiser learns and samples
    x = w.unwhiten(z, categories)                   # back to codec vectors, for decode_slots
    SlotWhitening.from_dict(w.to_dict())            # stored in the generator's metadata

Why: the codec scales each field over every part of every category, so a stool's leg height or a
table top's centre varies by about a tenth of the unit noise within its own slot (median spread
0.05-0.15 of codec units over the 13 categories' slots). A diffusion model decides a feature at
the noise level of its spread: here in the last one or two of 25 DDIM steps, where the denoiser
can only average, and the samples crowd near the slot's template. Whitening every slot's fields
by their own mean and spread gives them unit spread, so proportions are decided across the
whole schedule. The exists flag and label bits are left as they are (the held flags and the
label snapping read them); empty slots stay zero. A field whose spread is under SCALE_FLOOR
(a centred pedestal's x) is divided by the floor, and a (category, slot) seen fewer than
MIN_FILLED times is left as it is.
Arrays: x, z (N, K, D) float32; mean, scale (C, K, F) over the whitened fields.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .slot_codec import LABEL_BITS, SLOT_DIM

_BOX = 1 + LABEL_BITS   # slot_codec: the exists flag and label bits, then centre (3), log half extents (3),
FIELDS = {"boxes": (_BOX, _BOX + 12), "boxes+codes": (_BOX, SLOT_DIM)}   # 6-D rotation, then the code
SCALE_FLOOR = 0.02      # codec units (0.01 of the shape's longest side for a centre)
MIN_FILLED = 5


@dataclass
class SlotWhitening:
    categories: tuple   # category names, the first axis of mean and scale
    fields: str         # a FIELDS key
    mean: np.ndarray    # (C, K, F)
    scale: np.ndarray   # (C, K, F)

    @classmethod
    def fit(cls, x: np.ndarray, categories, fields: str = "boxes") -> "SlotWhitening":
        """From training vectors x (N, K, D) and each one's category name (N,)."""
        if fields not in FIELDS:
            raise ValueError(f"unknown whitening fields {fields!r}: one of {', '.join(FIELDS)}")
        lo, hi = FIELDS[fields]
        names = tuple(sorted(set(categories)))
        cats = np.asarray(categories)
        mean = np.zeros((len(names), x.shape[1], hi - lo))
        scale = np.ones_like(mean)
        for c, name in enumerate(names):
            xc = x[cats == name]
            for k in range(x.shape[1]):
                filled = xc[:, k, 0] > 0
                if filled.sum() >= MIN_FILLED:
                    values = xc[filled, k, lo:hi].astype(np.float64)
                    mean[c, k] = values.mean(0)
                    scale[c, k] = np.maximum(values.std(0), SCALE_FLOOR)
        return cls(names, fields, np.round(mean, 6), np.round(scale, 6))   # as stored (to_dict)

    def _rows(self, categories) -> tuple:
        """(index into mean/scale per shape, known-category mask) for category names (N,)."""
        index = {name: i for i, name in enumerate(self.categories)}
        rows = np.array([index.get(c, -1) for c in categories])
        return np.maximum(rows, 0), rows >= 0

    def whiten(self, x: np.ndarray, categories) -> np.ndarray:
        """Codec vectors (N, K, D) -> whitened; only filled slots of known categories move."""
        lo, hi = FIELDS[self.fields]
        rows, known = self._rows(categories)
        out = np.array(x, dtype=np.float32, copy=True)
        moved = (x[..., 0] > 0) & known[:, None]
        z = (x[..., lo:hi] - self.mean[rows]) / self.scale[rows]
        out[..., lo:hi] = np.where(moved[..., None], z, x[..., lo:hi])
        return out

    def unwhiten(self, z: np.ndarray, categories) -> np.ndarray:
        """Whitened (N, K, D) -> codec vectors. Every slot of a known category moves (an empty
        slot's fields are not read), so whitening a filled slot and back is exact."""
        lo, hi = FIELDS[self.fields]
        rows, known = self._rows(categories)
        out = np.array(z, dtype=np.float32, copy=True)
        x = z[..., lo:hi] * self.scale[rows] + self.mean[rows]
        out[..., lo:hi] = np.where(known[:, None, None], x, z[..., lo:hi])
        return out

    def to_dict(self) -> dict:
        return {"categories": list(self.categories), "fields": self.fields,
                "mean": self.mean.tolist(), "scale": self.scale.tolist()}

    @classmethod
    def from_dict(cls, d: dict) -> "SlotWhitening":
        return cls(tuple(d["categories"]), d["fields"], np.asarray(d["mean"]), np.asarray(d["scale"]))
