"""The part-slot denoiser: a transformer over K part slots, conditioned on the prompt's tokens.

    net = PartSlotDenoiser(NetConfig())
    eps = net(x, t, text_tokens, text_mask)     # x (B, K, D) noisy slots, t (B,) int64 (with
                                                 # NetConfig.prediction "v": v, see scheduler.epsilon_from)
                                                 # text_tokens (B, L, 384), text_mask (B, L) bool
    read = net.read(text_tokens, text_mask)     # (B, F) or None: the prompt reader's features,
    eps = net(x, t, text_tokens, text_mask, read)   # computed once per prompt instead of per step
    eps = net(x, t, text_tokens, text_mask, read, x0_prev)  # with NetConfig.self_condition: the previous
                                                            # step's estimate of the clean slots (B, K, D)
Each block: self-attention across slots (parts see each other: symmetry, contact, counts),
cross-attention to the prompt's token embeddings plus a learned null token (so an empty prompt
still has something to attend to: the unconditional branch of classifier-free guidance), and an
MLP; adaptive layer norm carries the timestep. A learned embedding per slot index is added to
the slots: the training shapes list their parts in a fixed order per category (seat, back,
legs ...), so slot k tends to play one role, and telling the slots apart lets the network
use that instead of having to break the symmetry between identical noisy slots itself (the
fully permutation-equivariant first version placed parts badly after the same training).
With a prompt reader (NetConfig.reader_width > 0; prompt_reader.py), what it reads from the
prompt (category, attributes, which slots are filled) conditions the adaptive norms and the slots.
With slot labels (NetConfig.slot_labels), each slot also gets an embedding of the label it holds
under the category's slot layout (slots.SLOT_LAYOUT), averaged over the reader's category
probabilities: slot 11 of a cabinet, its second door, is then told it is a door like slot 10,
instead of having to learn that from the cabinets that have a second door (without it, that
slot came out as a sliver of a door in 9 of 10 two-door cabinets).
With slot roles (NetConfig.slot_roles), each slot also gets an embedding of its own (category,
slot) pair, averaged the same way: an office chair's two arm supports share a label and slots
14 and 15 mean other things in other categories, so the index and label embeddings alone left
the sides interchangeable (the shipped sixth-session weights put arm support 14, always on the
right in training, on the right in 48% of 58 samples; a model trained with roles, 100% of 49;
BENCHMARKS.md).
With self-conditioning (NetConfig.self_condition; Chen, Zhang and Hinton 2022, "Analog Bits"),
the slots' clean estimate from the previous sampling step is a second input: without it every
step judges the whole shape again from the noisy slots alone, and the shipped denoiser left a
third of the noise in the label bits (exactly +-1) and 70% of it in the box centres at t = 20
(tests/bench/diagnostics/denoiser_precision.py; BENCHMARKS.md, tenth session). In training,
half the examples first predict it with the input at zero (no gradient) and then learn with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn


@dataclass
class NetConfig:
    """Size of the denoiser."""
    slot_dim: int = 35      # D, features per slot (see slot_codec)
    width: int = 256        # model width
    depth: int = 6          # transformer blocks
    heads: int = 4
    text_dim: int = 384     # sentence-encoder token width
    mlp_ratio: float = 4.0
    slots: int = 24         # K, the number of slots (one learned position embedding each; 0: none)
    reader_width: int = 0   # width of the prompt reader (prompt_reader.py) whose probabilities condition
                            # the slots and the adaptive norms; 0: none (tokens through cross-attention only)
    reader_members: int = 1     # readers trained apart and averaged (prompt_reader.ReaderEnsemble)
    slot_labels: bool = False   # with a reader: add to each slot an embedding of the label it holds under the
                                # read category's layout (False for weights trained before it existed)
    slot_roles: bool = False    # with a reader: add to each slot an embedding of its (category, slot) pair,
                                # averaged over the read category (False for weights trained before it existed)
    self_condition: bool = False    # the previous step's clean-slot estimate as a second input (False for weights
                                    # trained before it existed)
    prediction: str = "epsilon"     # what the network outputs: "epsilon" (the noise) or "v" (sqrt(ab) eps -
                                    # sqrt(1 - ab) x_0; scheduler.epsilon_from turns it into eps for sampling)
    identity_init: float = 0.02     # std of the slot position and slot role embeddings at initialisation; at 0.02
                                    # they stayed at a tenth of the noisy slots' projection and the legs of a
                                    # stool forgot their places (BENCHMARKS.md, tenth session); used in training only


def by_read_category(read, table):
    """(B, slots, width): a per-category table (C, slots, width) averaged over the read category
    probabilities (the first C columns of the reader's features (B, F))."""
    return torch.einsum("bc,ckw->bkw", read[:, : table.shape[0]], table)


def timestep_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    """(B,) -> (B, dim) sinusoidal features of the timestep."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, device=t.device, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class Block(nn.Module):
    def __init__(self, width: int, heads: int, mlp_ratio: float):
        super().__init__()
        self.norm1 = nn.LayerNorm(width, elementwise_affine=False)
        self.self_attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(width, elementwise_affine=False)
        self.cross_attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.norm3 = nn.LayerNorm(width, elementwise_affine=False)
        hidden = int(width * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(width, hidden), nn.GELU(), nn.Linear(hidden, width))
        # Per block: shift, scale and gate for each of the three sub-layers, from the timestep.
        self.modulation = nn.Linear(width, 9 * width)
        nn.init.zeros_(self.modulation.weight)
        nn.init.zeros_(self.modulation.bias)

    def forward(self, x, temb, context, context_pad):
        s1, c1, g1, s2, c2, g2, s3, c3, g3 = self.modulation(temb)[:, None].chunk(9, dim=-1)
        h = self.norm1(x) * (1 + c1) + s1
        x = x + (1 + g1) * self.self_attn(h, h, h, need_weights=False)[0]
        h = self.norm2(x) * (1 + c2) + s2
        x = x + (1 + g2) * self.cross_attn(h, context, context, key_padding_mask=context_pad, need_weights=False)[0]
        h = self.norm3(x) * (1 + c3) + s3
        return x + (1 + g3) * self.mlp(h)


def layout_table(slots: int) -> torch.Tensor:
    """(C, slots) int64: per reader category (prompt_reader.CATEGORIES) and slot, 1 + the label id
    the slot holds under the category's layout, 0 for a slot past the layout's end."""
    from .prompt_reader import CATEGORIES
    from .slot_codec import layout_label_ids

    return torch.tensor(np.stack([layout_label_ids(c, slots) + 1 for c in CATEGORIES]), dtype=torch.int64)


class PartSlotDenoiser(nn.Module):
    def __init__(self, config: NetConfig = NetConfig()):
        super().__init__()
        self.config = config
        w = config.width
        self.slot_in = nn.Linear(config.slot_dim, w)
        self.x0_in = nn.Linear(config.slot_dim, w) if config.self_condition else None
        self.slot_position = nn.Parameter(torch.randn(1, config.slots, w) * config.identity_init) if config.slots else None
        self.time_mlp = nn.Sequential(nn.Linear(w, w), nn.SiLU(), nn.Linear(w, w))
        self.text_in = nn.Linear(config.text_dim, w)
        self.null_token = nn.Parameter(torch.zeros(1, 1, w))
        self.blocks = nn.ModuleList([Block(w, config.heads, config.mlp_ratio) for _ in range(config.depth)])
        self.norm_out = nn.LayerNorm(w)
        self.slot_out = nn.Linear(w, config.slot_dim)
        nn.init.zeros_(self.slot_out.weight)
        nn.init.zeros_(self.slot_out.bias)
        self.reader = None
        if config.reader_width:
            from .prompt_reader import ReaderConfig, make_reader

            self.reader = make_reader(ReaderConfig(text_dim=config.text_dim, width=config.reader_width,
                                                   slots=config.slots), config.reader_members)
            self.read_in = nn.Sequential(nn.Linear(self.reader.feature_dim, w), nn.SiLU(), nn.Linear(w, w))
            self.null_read = nn.Parameter(torch.zeros(1, w))
            self.slot_odds_in = nn.Linear(1, w)
            self.null_slot_odds = nn.Parameter(torch.zeros(1, config.slots, w))
            if config.slot_labels:
                self.register_buffer("layout", layout_table(config.slots), persistent=False)
                self.slot_label = nn.Embedding(int(self.layout.max()) + 1, w)
                nn.init.normal_(self.slot_label.weight, std=0.02)
            if config.slot_roles:
                from .prompt_reader import CATEGORIES

                self.slot_role = nn.Parameter(torch.randn(len(CATEGORIES), config.slots, w) * config.identity_init)

    def read(self, text_tokens, text_mask):
        """The prompt reader's features (B, F) for these prompts (None without a reader); compute
        them once per prompt and pass them to forward() as `read` to save it at every step."""
        if self.reader is None:
            return None
        return self.reader.features(text_tokens, text_mask)

    def forward(self, x, t, text_tokens, text_mask, read=None, x0_prev=None):
        temb = self.time_mlp(timestep_embedding(t, self.config.width))
        h = self.slot_in(x)
        if self.x0_in is not None:   # no estimate yet (the first step): zeros
            h = h + self.x0_in(torch.zeros_like(x) if x0_prev is None else x0_prev)
        if self.slot_position is not None:
            h = h + self.slot_position[:, : x.shape[1]]
        if self.reader is not None:
            temb, h = self._add_reading(temb, h, text_tokens, text_mask, read)
        context = torch.cat([self.null_token.expand(len(x), -1, -1), self.text_in(text_tokens)], dim=1)
        pad = torch.cat([torch.zeros(len(x), 1, dtype=torch.bool, device=x.device), ~text_mask], dim=1)
        for block in self.blocks:
            h = block(h, temb, context, pad)
        return self.slot_out(self.norm_out(h))

    def _add_reading(self, temb, h, text_tokens, text_mask, read):
        """The reader's probabilities into the timestep embedding, and each slot's odds of being
        filled into that slot; an empty prompt gets learned null vectors instead (the
        unconditional branch of guidance)."""
        if read is None:
            read = self.read(text_tokens, text_mask)
        has_text = text_mask.any(dim=1)[:, None]
        temb = temb + torch.where(has_text, self.read_in(read), self.null_read)
        odds = read[:, -self.config.slots:][:, : h.shape[1], None]
        conditioned = self.slot_odds_in(2 * odds - 1)
        if self.config.slot_labels:
            conditioned = conditioned + self._slot_label_embedding(read, h.shape[1])
        if self.config.slot_roles:
            conditioned = conditioned + by_read_category(read, self.slot_role[:, : h.shape[1]])
        per_slot = torch.where(has_text[:, :, None], conditioned, self.null_slot_odds[:, : h.shape[1]])
        return temb, h + per_slot

    def _slot_label_embedding(self, read, slots: int):
        """(B, slots, width): each slot's layout-label embedding, averaged over the read category
        probabilities (the first columns of the reader's features)."""
        return by_read_category(read, self.slot_label(self.layout[:, :slots]))

    def guided(self, x, t, text_tokens, text_mask, guidance: float, read=None, x0_prev=None, other=None):
        """Classifier-free guidance: eps_u + w (eps_c - eps_u); w = 0 is the unconditional
        prediction, w = 1 the conditional one. `x0_prev` (self-conditioning) goes to both. `other`
        (tokens, mask, read) replaces the empty prompt as the side guided away from (style
        guidance: the bare category with the style left to the structure), else None."""
        if guidance == 1.0:
            return self(x, t, text_tokens, text_mask, read, x0_prev)
        if other is None:
            away_tokens, away_mask, away_read = torch.zeros_like(text_tokens), torch.zeros_like(text_mask), read
        else:
            away_tokens, away_mask, away_read = other   # the text encoder pads every prompt to one length
        both_read = None if read is None else torch.cat([away_read, read])
        both_x0 = None if x0_prev is None else torch.cat([x0_prev, x0_prev])
        both = self(torch.cat([x, x]), torch.cat([t, t]), torch.cat([away_tokens, text_tokens]),
                    torch.cat([away_mask, text_mask]), both_read, both_x0)
        eps_u, eps_c = both.chunk(2)
        if guidance == 0.0:
            return eps_u
        return eps_u + guidance * (eps_c - eps_u)
