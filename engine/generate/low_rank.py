"""Low-rank weight deltas: a trained denoiser fine-tuned for one category through W + B A.

    base = net.state_dict()                      # the trained weights, before any delta
    deltas = add_low_rank(net.blocks, rank=16)   # every 2-D weight under the module parametrised as
                                                 # W + B @ A (A (r, in) small random, B (out, r) zero,
                                                 # so training starts from the net as it was); only
                                                 # A, B and the module's biases are left trainable
    ...train...
    delta = delta_state(net, base)               # {name.a, name.b, bias.delta}: what training changed,
                                                 # base the plain state dict before add_low_rank
    state = apply_delta_state(base, delta)       # the fine-tuned weights, a plain state dict again

Why: a denoiser fine-tuned on one category's shapes places that category's parts far better
than the shared one (BENCHMARKS.md, twenty-second session: office chairs 1-NNA 85.5% -> 73.0%),
but a whole denoiser per category is 5 MB each; a rank-r delta of every weight is r (in + out)
numbers per matrix. Weights in the torch layout: (out, in).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils import parametrize


class LowRankDelta(nn.Module):
    """The parametrisation W -> W + B @ A of one (out, in) weight."""

    def __init__(self, out_features: int, in_features: int, rank: int, generator: torch.Generator | None = None):
        super().__init__()
        self.a = nn.Parameter(torch.randn(rank, in_features, generator=generator) / in_features ** 0.5)
        self.b = nn.Parameter(torch.zeros(out_features, rank))

    def forward(self, weight):
        return weight + self.b @ self.a


def low_rank_targets(module: nn.Module) -> list:
    """[(submodule, parameter name)] of every 2-D weight under `module` (linear and attention
    projections; nn.MultiheadAttention's in_proj_weight included)."""
    targets = []
    for sub in module.modules():
        for name, p in list(sub.named_parameters(recurse=False)):
            if p.dim() == 2:
                targets.append((sub, name))
    return targets


def add_low_rank(module: nn.Module, rank: int, seed: int = 0) -> list:
    """Parametrise every 2-D weight under `module` as W + B A of this rank and freeze the rest of
    `module` but its biases; returns the LowRankDelta modules. Call on a module whose weights are
    already trained (the deltas start at zero)."""
    if rank < 1:
        raise ValueError(f"rank must be at least 1, not {rank}")
    generator = torch.Generator().manual_seed(seed)
    targets = low_rank_targets(module)
    for p in module.parameters():
        p.requires_grad_(p.dim() == 1)   # biases stay trainable; so are the deltas added below
    deltas = []
    for sub, name in targets:
        weight = getattr(sub, name)
        delta = LowRankDelta(weight.shape[0], weight.shape[1], rank, generator).to(weight.device)
        parametrize.register_parametrization(sub, name, delta)
        deltas.append(delta)
    return deltas


def delta_state(module: nn.Module, base: dict) -> dict:
    """What a low-rank fine-tune of `module` changed, to store apart from the weights it started
    from: `name.a` (r, in) and `name.b` (out, r) of each parametrised weight, and `name.delta`, the
    change of each trainable bias from its value in `base` (the plain state dict before training)."""
    out = {}
    for path, sub in module.named_modules():
        if parametrize.is_parametrized(sub):
            for name, chain in sub.parametrizations.items():
                key = f"{path}.{name}" if path else name
                out[key + ".a"], out[key + ".b"] = chain[0].a.detach().clone(), chain[0].b.detach().clone()
    for name, p in module.named_parameters():
        if p.requires_grad and p.dim() == 1 and name in base:
            out[name + ".delta"] = (p.detach() - base[name]).clone()
    return out


def apply_delta_state(state: dict, delta: dict) -> dict:
    """A plain state dict with a delta_state added: W + B A for each factored weight, bias + delta.
    KeyError for a delta of a weight the state does not have (another network's)."""
    out = dict(state)
    for key, value in delta.items():
        if key.endswith(".a"):
            name = key[:-2]
            out[name] = state[name] + (delta[name + ".b"].float() @ value.float()).to(state[name].device)
        elif key.endswith(".delta"):
            name = key[: -len(".delta")]
            out[name] = state[name] + value.float().to(state[name].device)
    return out
