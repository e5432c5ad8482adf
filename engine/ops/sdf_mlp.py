"""A small MLP for signed distance functions, with the geometric initialisation of SAL.

    net = SDFNet(width=128, depth=4, radius=0.5)   # at initialisation f(x) ~ |x| - 0.5
    g = gradient(net, x)                            # (M, 3) df/dx, differentiable (eikonal terms)
    frame = UnitFrame.of(points)                    # world <-> a frame where the points fit |x| <= 0.8

Geometric initialisation (Atzmon and Lipman, SAL, 2020): hidden layers N(0, 2 / width), biases
0, the last layer N(sqrt(pi / width), 1e-6) with bias -radius, so the network starts as the
signed distance of a sphere (negative inside) and training from unsigned data converges to a
signed function. Softplus with a large beta keeps it smooth and close to ReLU.
x: (M, 3) float32 torch in the unit frame; outputs (M,).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn


class SDFNet(nn.Module):
    def __init__(self, width: int = 128, depth: int = 4, radius: float = 0.5, beta: float = 100.0):
        super().__init__()
        dims = [3] + [width] * depth
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))
        self.out = nn.Linear(width, 1)
        self.act = nn.Softplus(beta=beta)
        for layer in self.hidden:
            nn.init.normal_(layer.weight, 0.0, math.sqrt(2.0) / math.sqrt(layer.out_features))
            nn.init.zeros_(layer.bias)
        nn.init.normal_(self.out.weight, math.sqrt(math.pi) / math.sqrt(width), 1e-6)
        nn.init.constant_(self.out.bias, -radius)

    def forward(self, x):
        h = x
        for layer in self.hidden:
            h = self.act(layer(h))
        return self.out(h)[:, 0]


def gradient(net, x):
    """df/dx at x (M, 3), kept in the graph so a loss on it trains the network."""
    x = x.requires_grad_(True)
    y = net(x)
    return torch.autograd.grad(y, x, torch.ones_like(y), create_graph=True)[0], y


@dataclass
class UnitFrame:
    """x_unit = (x_world - centre) / scale; the points fit in the ball of radius 0.8."""
    centre: np.ndarray
    scale: float

    @classmethod
    def of(cls, points: np.ndarray) -> "UnitFrame":
        centre = (points.min(0) + points.max(0)) / 2
        return cls(centre, float(np.linalg.norm(points - centre, axis=1).max() / 0.8))

    def to_unit(self, points: np.ndarray) -> np.ndarray:
        return (points - self.centre) / self.scale


def fit_network(net, loss_of_step, iterations: int, lr: float, check=None, progress=None) -> list:
    """Adam with a cosine-decayed learning rate; loss_of_step(step) -> scalar loss. (step, loss)
    every 50 steps is returned."""
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    history = []
    for step in range(iterations):
        if check is not None and step % 10 == 0:
            check()
        for group in opt.param_groups:
            group["lr"] = lr * 0.5 * (1 + math.cos(math.pi * step / iterations))
        loss = loss_of_step(step)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 50 == 0 or step == iterations - 1:
            history.append((step, float(loss.detach())))
            if progress is not None:
                progress((step + 1) / iterations)
    return history


def world_field(net, frame: UnitFrame, device):
    """The network as a field on world points, inside > 0, in world units."""
    centre = torch.as_tensor(frame.centre, dtype=torch.float32, device=device)
    net.eval()

    def field(x):
        return -net((x - centre) / frame.scale) * frame.scale

    return field
