"""The prompt reader: what a prompt asks for, read off its token embeddings, as the denoiser's condition.

    reader = PromptReader(ReaderConfig(slots=24))
    out = reader(tokens, mask)          # tokens (B, L, 384), mask (B, L) bool (True = a real token)
    out["category"]                     # (B, C) logits over CATEGORIES
    out["attributes"]                   # [(B, V_a) logits] one per ATTRIBUTES key, over its values
    out["slots"]                        # (B, K) logits: is slot k filled (slots.SLOT_LAYOUT)
    features = reader.features(tokens, mask)   # (B, feature_dim) the probabilities, concatenated
    ReaderEnsemble(config, members=3)   # the same outputs: the members' probabilities averaged

Why: trained on the denoising loss alone, the denoiser read categories from the prompt but hardly
its attribute words; the loss with "with wheels" and with "without wheels" differed by under 5%
at most timesteps. The same sentence embeddings do carry the attributes: a small attention
reader trained to predict them (cross-entropy against the shape's own attributes, which the
caption may or may not mention; unmentioned ones are learned as the training set's odds) read
22 of the 24 fidelity prompts right, phrasings and negations it never saw included. So the
reader is trained first, then frozen, and its probabilities condition the denoiser directly:
added to the timestep embedding (adaptive layer norm) and, per slot, the odds that the slot is
filled.

A learned start token is always attended to, so an empty prompt reads as the training set's
odds instead of attending to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ..data.shapes.captions import PHRASES
from .part_slots import CATEGORY_CHOICES

CATEGORIES = tuple(c for c in CATEGORY_CHOICES if c)
ATTRIBUTES = tuple(sorted(PHRASES))
ATTRIBUTE_VALUES = {key: tuple(PHRASES[key]) for key in ATTRIBUTES}
IGNORE = -100


@dataclass
class ReaderConfig:
    """Size of the prompt reader."""
    text_dim: int = 384
    width: int = 128
    depth: int = 2
    heads: int = 4
    slots: int = 24
    dropout: float = 0.1


class PromptReader(nn.Module):
    def __init__(self, config: ReaderConfig = ReaderConfig()):
        super().__init__()
        self.config = config
        w = config.width
        self.token_in = nn.Linear(config.text_dim, w)
        self.start = nn.Parameter(torch.randn(1, 1, w) * 0.02)
        layer = nn.TransformerEncoderLayer(w, config.heads, 4 * w, config.dropout, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, config.depth, enable_nested_tensor=False)
        self.query = nn.Parameter(torch.randn(1, 1, w) * 0.02)
        self.pool = nn.MultiheadAttention(w, config.heads, batch_first=True)
        self.category_head = nn.Linear(w, len(CATEGORIES))
        self.attribute_heads = nn.ModuleList([nn.Linear(w, len(ATTRIBUTE_VALUES[k])) for k in ATTRIBUTES])
        self.slot_head = nn.Linear(w, config.slots)

    @property
    def feature_dim(self) -> int:
        return len(CATEGORIES) + sum(len(v) for v in ATTRIBUTE_VALUES.values()) + self.config.slots

    def forward(self, tokens, mask) -> dict:
        batch = len(tokens)
        h = torch.cat([self.start.expand(batch, -1, -1), self.token_in(tokens)], dim=1)
        pad = torch.cat([torch.zeros(batch, 1, dtype=torch.bool, device=tokens.device), ~mask], dim=1)
        h = self.encoder(h, src_key_padding_mask=pad)
        pooled = self.pool(self.query.expand(batch, -1, -1), h, h, key_padding_mask=pad, need_weights=False)[0][:, 0]
        return {"category": self.category_head(pooled), "attributes": [head(pooled) for head in self.attribute_heads],
                "slots": self.slot_head(pooled)}

    def features(self, tokens, mask):
        """(B, feature_dim): category probabilities, each attribute's value probabilities, then
        each slot's odds of being filled (the last `slots` columns)."""
        return features_of(self(tokens, mask))

    def loss(self, tokens, mask, targets: dict):
        return reader_loss(self(tokens, mask), targets)


class ReaderEnsemble(nn.Module):
    """Several readers trained apart (different seeds), read together: their probabilities are
    averaged, and returned as log-probabilities (slot logits) so that the outputs mean what a
    single reader's mean. One reader's reading of an unfamiliar phrasing is often a coin toss
    near 0.5 that another reader calls the other way; the mean is steadier."""

    def __init__(self, config: ReaderConfig = ReaderConfig(), members: int = 3):
        super().__init__()
        self.config = config
        self.members = nn.ModuleList([PromptReader(config) for _ in range(members)])

    @property
    def feature_dim(self) -> int:
        return self.members[0].feature_dim

    def forward(self, tokens, mask) -> dict:
        outs = [member(tokens, mask) for member in self.members]
        slots = torch.stack([o["slots"].sigmoid() for o in outs]).mean(0).clamp(1e-6, 1 - 1e-6)
        return {"category": _mean_log_probs([o["category"] for o in outs]),
                "attributes": [_mean_log_probs(a) for a in zip(*[o["attributes"] for o in outs])],
                "slots": torch.log(slots / (1 - slots))}

    def features(self, tokens, mask):
        return features_of(self(tokens, mask))


def _mean_log_probs(logits) -> torch.Tensor:
    """The log of the mean of the softmaxes of several (B, V) logits."""
    return torch.stack([x.softmax(-1) for x in logits]).mean(0).clamp_min(1e-12).log()


def make_reader(config: ReaderConfig, members: int = 1):
    """One PromptReader, or a ReaderEnsemble of `members`."""
    return PromptReader(config) if members <= 1 else ReaderEnsemble(config, members)


def features_of(out: dict):
    """A reader's outputs as its (B, feature_dim) features (PromptReader.features)."""
    parts = [out["category"].softmax(-1)] + [a.softmax(-1) for a in out["attributes"]] + [out["slots"].sigmoid()]
    return torch.cat(parts, dim=-1)


def reader_loss(out: dict, targets: dict, slot_weight: float = 1.0):
    """Cross-entropy of the reader's outputs against targets {"category": (B,), "attributes": (B, A)
    value indices or IGNORE, "slots": (B, K) 0/1}: the sum of the heads' mean losses, the slots'
    (a mean over the K slots) times slot_weight. A head with no target in the batch adds zero
    (still in the graph, as DistributedDataParallel wants)."""
    total = nn.functional.cross_entropy(out["category"], targets["category"])
    for j, logits in enumerate(out["attributes"]):
        wanted = targets["attributes"][:, j]
        counted = (wanted != IGNORE).sum().clamp(min=1)
        total = total + nn.functional.cross_entropy(logits, wanted, ignore_index=IGNORE, reduction="sum") / counted
    return total + slot_weight * nn.functional.binary_cross_entropy_with_logits(out["slots"], targets["slots"].float())


def edited_features(features, plain, plain_edited, full_change: float = 0.5, full_slot_change: float = 0.1):
    """Attribute arithmetic in the reader's feature space. The edit's difference vector
    (`plain_edited` - `plain`: a plain prompt of the category with and without the edit's words,
    each (B, F) or (1, F)) says which attributes and slots the words speak about and how firmly:
    each attribute block (by its total-variation change) and each slot's odds (by its change)
    moves from `features` towards `plain_edited` in proportion to that change, all the way at a
    change of `full_change` (slots: `full_slot_change`, as the reader's slot odds move less than
    its attribute probabilities: "without a footboard" takes a plain bed's footboard slot from
    0.41 to 0.19) or more; what the words leave alone stays as the source read it.
    The category is kept. Blocks stay distributions (convex mixtures). Adding the difference
    itself fell short: a chair read 0.99 "with wheels" less the 0.8 that "without wheels" takes
    from a plain chair kept its casters."""
    delta = plain_edited - plain
    target = plain_edited.expand_as(features)
    out = features.clone()
    at = len(CATEGORIES)
    for key in ATTRIBUTES:
        size = len(ATTRIBUTE_VALUES[key])
        change = 0.5 * delta[:, at:at + size].abs().sum(dim=1, keepdim=True)
        weight = (change / full_change).clamp(0.0, 1.0)
        out[:, at:at + size] = (1 - weight) * features[:, at:at + size] + weight * target[:, at:at + size]
        at += size
    weight = (delta[:, at:].abs() / full_slot_change).clamp(0.0, 1.0)
    out[:, at:] = (1 - weight) * features[:, at:] + weight * target[:, at:]
    return out


def features_from_targets(features, targets: dict):
    """Features (B, feature_dim) as a reader that read everything right would give them: the
    category and every attribute the shape has one-hot, its filled slots 0/1; an attribute the
    shape does not have (IGNORE) keeps the given features' values. targets as in reader_loss."""
    out = features.clone()
    n = len(CATEGORIES)
    out[:, :n] = nn.functional.one_hot(targets["category"], n).to(out.dtype)
    at = n
    for j, key in enumerate(ATTRIBUTES):
        size = len(ATTRIBUTE_VALUES[key])
        wanted = targets["attributes"][:, j]
        has = wanted != IGNORE
        out[has, at:at + size] = nn.functional.one_hot(wanted[has], size).to(out.dtype)
        at += size
    out[:, at:] = targets["slots"].to(out.dtype)
    return out


def reader_targets(category: str, attributes: dict) -> tuple:
    """(category index, [value index, or IGNORE where the shape has no such attribute, per ATTRIBUTES key])."""
    values = [ATTRIBUTE_VALUES[k].index(attributes[k]) if k in attributes and attributes[k] in ATTRIBUTE_VALUES[k]
              else IGNORE for k in ATTRIBUTES]
    return CATEGORIES.index(category), values


def read_prompt(reader: PromptReader, tokens, mask) -> list:
    """Per prompt, what the reader takes it to ask for: {"category": (name, p), attribute: (value, p)
    for the attributes read with p >= 0.5}. For logs and for checking the reader."""
    with torch.no_grad():
        out = reader(tokens, mask)
    rows = []
    for i in range(len(tokens)):
        p = out["category"][i].softmax(-1)
        row = {"category": (CATEGORIES[int(p.argmax())], round(float(p.max()), 3))}
        for key, logits in zip(ATTRIBUTES, out["attributes"]):
            q = logits[i].softmax(-1)
            if q.max() >= 0.5:
                row[key] = (ATTRIBUTE_VALUES[key][int(q.argmax())], round(float(q.max()), 3))
        rows.append(row)
    return rows
