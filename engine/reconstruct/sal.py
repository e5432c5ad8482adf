"""SAL, sign-agnostic learning (Atzmon and Lipman 2020): a signed surface from raw, unoriented
points, for clouds whose normals cannot be oriented.

The network is trained only on unsigned distances: loss = | |f(x)| - d(x) |, d(x) the distance
from x to the nearest input point, at x drawn around every point with two Gaussian scales (the
distance to its 50th neighbour, and a wide one). The unsigned target has two solutions per
sheet; the geometric initialisation (sdf_mlp: f starts as a sphere's SDF, negative inside)
puts the network in the basin of the signed one, so f ends negative inside and positive
outside. No normal is estimated or used. The field the extractor sees is -f.

points (N, 3) float64 world; training in sdf_mlp.UnitFrame coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import param
from .implicit import ImplicitConfig, ImplicitMethod


@dataclass
class Config(ImplicitConfig):
    """Settings of SAL."""

    iterations: int = param(1500, "Training steps: more fits finer detail and takes longer.", minimum=10,
                            maximum=100000)
    batch: int = param(8192, "Distance samples per step.", minimum=64, maximum=1000000)
    width: int = param(128, "Neurons per hidden layer.", minimum=16, maximum=1024)
    depth: int = param(4, "Hidden layers.", minimum=2, maximum=12)
    learning_rate: float = param(0.002, "Adam's learning rate at the start (cosine decay).", minimum=1e-6,
                                 maximum=0.1)
    wide_scale: float = param(0.3, "Spread of the wide samples, as a fraction of the shape's radius.",
                              minimum=0.01, maximum=2.0)
    pool: int = param(400000, "Distance samples drawn (and measured) before training.", minimum=1000,
                      maximum=20000000)


def distance_samples(points: np.ndarray, count: int, wide: float, seed: int):
    """(x (count, 3), unsigned distance to the nearest point (count,)): half of the x around the
    points at their local scale, half at the wide scale."""
    from ..ops.neighbors import kdtree, kth_neighbor_distance

    rng = np.random.default_rng(seed)
    local = kth_neighbor_distance(points)
    pick = rng.integers(0, len(points), count)
    scale = np.where(np.arange(count) % 2 == 0, local[pick], wide)
    x = points[pick] + rng.normal(size=(count, 3)) * scale[:, None]
    d, _ = kdtree(points).query(x, k=1, workers=-1)
    return x, d


class SAL(ImplicitMethod):
    name = "sal"
    summary = "SAL: sign-agnostic learning from unsigned distances; for raw clouds whose normals can't be oriented."
    Config = Config
    needs_normals = False

    @staticmethod
    def fit(cloud, normals, spacing, config, ctx, device):
        import torch

        from ..ops.sdf_mlp import SDFNet, UnitFrame, fit_network, world_field

        torch.manual_seed(config.seed)
        frame = UnitFrame.of(cloud.points)
        unit = frame.to_unit(cloud.points)
        x, d = distance_samples(unit, config.pool, config.wide_scale * 0.8, config.seed)
        x = torch.as_tensor(x, dtype=torch.float32, device=device)
        d = torch.as_tensor(d, dtype=torch.float32, device=device)
        net = SDFNet(config.width, config.depth).to(device)
        gen = torch.Generator(device=device).manual_seed(config.seed)
        batch = min(config.batch, len(x))

        def loss_of_step(step):
            pick = torch.randint(0, len(x), (batch,), generator=gen, device=device)
            return (net(x[pick]).abs() - d[pick]).abs().mean()

        history = fit_network(net, loss_of_step, config.iterations, config.learning_rate, ctx.check, ctx.report)
        return world_field(net, frame, device), {"final_loss": history[-1][1], "iterations": config.iterations}
