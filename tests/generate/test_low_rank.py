"""Low-rank weight deltas: the module starts as it was, only the deltas and biases train, and
the stored deltas added to the plain weights give what the fine-tuned module computes."""

import pytest
import torch
from torch import nn

from engine.generate.low_rank import add_low_rank, apply_delta_state, delta_state


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(8, 2, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(8, 16), nn.GELU(), nn.Linear(16, 8))

    def forward(self, x):
        return self.mlp(x + self.attn(x, x, x, need_weights=False)[0])


def test_deltas_start_at_zero_train_alone_with_the_biases_and_add_back_into_the_same_function():
    torch.manual_seed(0)
    module, x = Small(), torch.randn(3, 5, 8)
    before = module(x).detach()
    plain = {k: v.clone() for k, v in module.state_dict().items()}
    deltas = add_low_rank(module, rank=2)
    assert len(deltas) == 4    # in_proj_weight, out_proj.weight and the two linear weights
    assert torch.allclose(module(x), before, atol=1e-6)
    trainable = {n for n, p in module.named_parameters() if p.requires_grad}
    assert all(n.endswith((".a", ".b", "bias")) for n in trainable) and any(n.endswith(".a") for n in trainable)
    optimiser = torch.optim.SGD([p for p in module.parameters() if p.requires_grad], lr=0.1)
    for _ in range(3):
        optimiser.zero_grad()
        (module(x) - 1.0).pow(2).mean().backward()
        optimiser.step()
    trained = module(x).detach()
    assert not torch.allclose(trained, before, atol=1e-4)
    delta = delta_state(module, plain)
    assert {k.rsplit(".", 1)[1] for k in delta} == {"a", "b", "delta"} and len(delta) == 4 * 2 + 4
    fresh = Small()
    fresh.load_state_dict(apply_delta_state(plain, delta))
    assert torch.allclose(fresh(x), trained, atol=1e-5)
    for name in ("mlp.0.weight", "attn.in_proj_weight"):
        change = fresh.state_dict()[name] - plain[name]
        assert torch.linalg.matrix_rank(change, atol=1e-5).item() <= 2
    with pytest.raises(KeyError):   # deltas of another network's weights
        apply_delta_state({"other.weight": torch.zeros(2, 2)}, delta)


def test_a_rank_below_one_is_refused():
    with pytest.raises(ValueError):
        add_low_rank(Small(), rank=0)
