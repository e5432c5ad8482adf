"""Neural implicit reconstruction: an MLP signed distance function overfit to one shape (IGR,
Gropp et al. 2020).

Loss per step: |f(p)| on a batch of surface samples, plus `normal_weight` * |grad f(p) - n| where
the samples have normals (the input's own, or the estimated and oriented ones), plus
`eikonal_weight` * (|grad f(q)| - 1)^2 at points q near the surface (Gaussian steps of the local
spacing) and uniform in the box, which makes f a distance away from the samples. The network
starts as a sphere's SDF (sdf_mlp's geometric initialisation). Negative inside; the field the
extractor sees is -f.

points (N, 3) float64 world; training happens in sdf_mlp.UnitFrame coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import param
from .implicit import ImplicitConfig, ImplicitMethod


@dataclass
class Config(ImplicitConfig):
    """Settings of the neural SDF fit."""

    iterations: int = param(1500, "Training steps: more fits finer detail and takes longer.", minimum=10,
                            maximum=100000)
    batch: int = param(4096, "Surface samples per step (as many space samples again).", minimum=64,
                       maximum=1000000)
    width: int = param(128, "Neurons per hidden layer.", minimum=16, maximum=1024)
    depth: int = param(4, "Hidden layers.", minimum=2, maximum=12)
    learning_rate: float = param(0.002, "Adam's learning rate at the start (cosine decay).", minimum=1e-6,
                                 maximum=0.1)
    normal_weight: float = param(1.0, "Weight of the normal term (0 fits positions only).", minimum=0.0,
                                 maximum=100.0)
    eikonal_weight: float = param(0.1, "Weight of the eikonal term |grad f| = 1.", minimum=0.0, maximum=100.0)


class NeuralSDF(ImplicitMethod):
    name = "neural_sdf"
    summary = "Neural SDF: an MLP overfit to the points with an eikonal term (IGR); smooth, fills holes, slower."
    Config = Config

    @staticmethod
    def fit(cloud, normals, spacing, config, ctx, device):
        import torch

        from ..ops.neighbors import kth_neighbor_distance
        from ..ops.sdf_mlp import SDFNet, UnitFrame, fit_network, gradient, world_field

        torch.manual_seed(config.seed)
        frame = UnitFrame.of(cloud.points)
        p = torch.as_tensor(frame.to_unit(cloud.points), dtype=torch.float32, device=device)
        n = torch.as_tensor(normals, dtype=torch.float32, device=device)
        local = torch.as_tensor(kth_neighbor_distance(cloud.points) / frame.scale, dtype=torch.float32, device=device)
        net = SDFNet(config.width, config.depth).to(device)
        gen = torch.Generator(device=device).manual_seed(config.seed)
        batch = min(config.batch, len(p))

        def loss_of_step(step):
            pick = torch.randint(0, len(p), (batch,), generator=gen, device=device)
            g_surface, f_surface = gradient(net, p[pick].clone())
            near = p[pick] + torch.randn(batch, 3, generator=gen, device=device) * local[pick, None]
            box = torch.rand(batch // 4, 3, generator=gen, device=device) * 2 - 1
            g_space, _ = gradient(net, torch.cat([near, box]))
            loss = f_surface.abs().mean()
            loss = loss + config.normal_weight * (g_surface - n[pick]).norm(dim=1).mean()
            return loss + config.eikonal_weight * ((g_space.norm(dim=1) - 1) ** 2).mean()

        history = fit_network(net, loss_of_step, config.iterations, config.learning_rate, ctx.check, ctx.report)
        return world_field(net, frame, device), {"final_loss": history[-1][1], "iterations": config.iterations}

