"""The mention reader: which attributes a prompt speaks of, whatever it says of them.

    reader = MentionReader(MentionConfig())
    logits = reader(tokens, mask)       # tokens (B, L, 384), mask (B, L) bool -> (B, A) logits,
                                        # A = len(prompt_reader.ATTRIBUTES), in that order
    mentioned_attributes(reader, tokens, mask)   # [{attribute: odds}] the ones at odds >= 0.5

Why: the prompt reader reads every attribute, mentioned or not (an unmentioned one as the
training shapes' odds given the rest of the prompt), so its readings are entangled: "an office
chair that does not roll" reads no wheels at 0.54 and also no arms at 0.87, though the prompt
says nothing of arms. The generator's prompt check (prompt_check.py) must enforce only what the
prompt says, so it asks this reader which attributes those are.

Each token's contextual embedding is scored for every attribute by a small MLP, and an attribute's
logit is its best token's: a mention is a word or two ("rollers", "headrest"), wherever it stands.
Trained on the library's captions, whose mentioned attributes are known exactly
(captions.parse_caption), with Gaussian noise on the token embeddings (train/mentions.py) so that
words near the captions' words count too. On 28 paraphrased development prompts it reads 26 right,
as do an attention reader with one query per attribute and this form trained without the noise
(tests/bench/diagnostics/mention_variants.py); it is the simplest of the three and the most
precise on validation captions (0.976 against 0.973 and 0.970, recall 0.944 to 0.947).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .prompt_reader import ATTRIBUTES


@dataclass
class MentionConfig:
    """Size of the mention reader."""
    text_dim: int = 384
    width: int = 64


class MentionReader(nn.Module):
    def __init__(self, config: MentionConfig = MentionConfig()):
        super().__init__()
        self.config = config
        self.token_scores = nn.Sequential(nn.Linear(config.text_dim, config.width), nn.GELU(),
                                          nn.Linear(config.width, len(ATTRIBUTES)))
        self.bias = nn.Parameter(torch.zeros(len(ATTRIBUTES)))

    def forward(self, tokens, mask):
        """(B, A) logits; an empty prompt (no real token) mentions nothing."""
        scores = self.token_scores(tokens).masked_fill(~mask[..., None], -1e4)
        return scores.max(dim=1).values + self.bias


def mentioned_attributes(reader: MentionReader, tokens, mask, threshold: float = 0.5) -> list:
    """Per prompt, {attribute: odds} for the attributes it speaks of (odds >= threshold)."""
    with torch.no_grad():
        odds = reader(tokens, mask).sigmoid().cpu()
    return [{key: round(float(p), 3) for key, p in zip(ATTRIBUTES, row) if p >= threshold} for row in odds]
