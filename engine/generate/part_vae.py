"""Part geometry codes: a variational auto-encoder of part shapes in their own box frame.

Every part lives in its oriented box (slots.py), scaled into [-1, 1]^3, so the code only has
to say *what* the part is (a slab, a turned leg, a bent tube, a vase profile), not where or how
big. Encoder: PointNet over the part's surface points (B, M, 3) -> mean and log-variance of a
code (B, C). Decoder: an MLP implicit function f(code, x) -> occupancy logit at box points
x (B, Q, 3) (positive inside). Meshing: the decoder on a grid, our marching cubes, back to the
shape frame through the slot's box.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn


@dataclass
class PartVAEConfig:
    """Sizes of the part auto-encoder."""
    code_dim: int = 16       # C, the geometry code in each slot
    width: int = 128         # decoder width
    depth: int = 4           # decoder hidden layers
    frequencies: int = 4     # Fourier features of the query point (sharper edges than raw xyz)
    kl_weight: float = 1e-3  # beta of the VAE


class PartEncoder(nn.Module):
    def __init__(self, code_dim: int):
        super().__init__()
        self.point_mlp = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 128), nn.ReLU(),
                                       nn.Linear(128, 256))
        self.head = nn.Sequential(nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 2 * code_dim))

    def forward(self, points):
        features = self.point_mlp(points).max(dim=1).values
        mean, log_var = self.head(features).chunk(2, dim=-1)
        return mean, log_var.clamp(-10, 5)


class PartDecoder(nn.Module):
    def __init__(self, config: PartVAEConfig):
        super().__init__()
        self.frequencies = config.frequencies
        n_in = 3 + 6 * config.frequencies + config.code_dim
        layers, width = [], n_in
        for _ in range(config.depth):
            layers += [nn.Linear(width, config.width), nn.SiLU()]
            width = config.width
        layers.append(nn.Linear(width, 1))
        self.mlp = nn.Sequential(*layers)

    def forward(self, code, x):
        """code (B, C), x (B, Q, 3) -> occupancy logits (B, Q)."""
        bands = 2.0 ** torch.arange(self.frequencies, device=x.device, dtype=x.dtype) * np.pi
        scaled = x[..., None] * bands                            # (B, Q, 3, F)
        fourier = torch.cat([scaled.sin(), scaled.cos()], -1).flatten(-2)
        code = code[:, None].expand(-1, x.shape[1], -1)
        return self.mlp(torch.cat([x, fourier, code], -1)).squeeze(-1)


class PartVAE(nn.Module):
    def __init__(self, config: PartVAEConfig = PartVAEConfig()):
        super().__init__()
        self.config = config
        self.encoder = PartEncoder(config.code_dim)
        self.decoder = PartDecoder(config)

    def loss(self, points, queries, inside, generator=None):
        """points (B, M, 3), queries (B, Q, 3), inside (B, Q) bool -> (total, reconstruction, kl)."""
        mean, log_var = self.encoder(points)
        noise = torch.randn(mean.shape, generator=generator, dtype=mean.dtype).to(mean.device)
        code = mean + (0.5 * log_var).exp() * noise
        logits = self.decoder(code, queries)
        recon = nn.functional.binary_cross_entropy_with_logits(logits, inside.float())
        kl = 0.5 * (mean ** 2 + log_var.exp() - 1 - log_var).sum(-1).mean()
        return recon + self.config.kl_weight * kl, recon, kl

    @torch.no_grad()
    def encode(self, points):
        return self.encoder(points)[0]


@torch.no_grad()
def decode_grid(decoder: PartDecoder, codes: torch.Tensor, resolution: int = 24, bound: float = 1.1) -> torch.Tensor:
    """Occupancy logits (B, R, R, R) on a grid over [-bound, bound]^3 (box coordinates)."""
    axis = torch.linspace(-bound, bound, resolution)
    grid = torch.stack(torch.meshgrid(axis, axis, axis, indexing="ij"), -1).reshape(1, -1, 3)
    out = decoder(codes, grid.expand(len(codes), -1, -1))
    return out.reshape(len(codes), resolution, resolution, resolution)


def mesh_from_logits(logits: np.ndarray, bound: float = 1.1):
    """A watertight mesh (vertices in box coordinates, faces) of logits > 0; None when empty."""
    from ..ops.isosurface import marching_cubes

    logits = np.asarray(logits, dtype=np.float32)
    if logits.max() <= 0:
        return None
    v, f = marching_cubes(logits, 0.0)
    r = logits.shape[0]
    return v * (2 * bound / (r - 1)) - bound, f
