"""The latent SDF diffusion's auto-encoder: a truncated SDF grid to a small latent grid and back,
with a per-voxel part head (the SDFusion approach, plus part labels).

    ae = SDFAutoEncoder(AutoEncoderConfig())
    mean, log_var = ae.encode(sdf)          # sdf (B, R, R, R) in [-1, 1] -> (B, C, R/4, R/4, R/4) each
    sdf_hat, label_logits = ae.decode(z)    # (B, R, R, R), (B, L, R, R, R) over labels.LABELS
    total, parts = ae.loss(sdf, labels)     # labels (B, R, R, R) int64

Two stride-2 convolutions take R = 32 to an 8^3 latent of 4 channels (a KL-regularised VAE with
a small KL weight, so the latents stay near a unit Gaussian for the diffusion model); the
decoder mirrors them. Nothing but the first strided convolution, the last transposed one and
the heads works at full resolution (with a 3x3x3 block there and a full-resolution first
block, a training step of 16 grids took 2.3x as long on two cores). The distance head is a
3x3x3 convolution, the label head 1x1x1. The label loss counts only voxels within the
truncation band or inside: far outside, the nearest part is of no use. The distance loss (L1)
weighs the nodes inside the shape or near its surface 1 + surface_weight times as much as the
rest: most nodes lie far outside, and a thin leg's few inside nodes were lost without it (a
table decoded as its top alone after 1,200 steps).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ..data.shapes.labels import LABELS

SURFACE_BAND = 0.5   # truncation units: nodes inside the shape or within half the band outside it


@dataclass
class AutoEncoderConfig:
    """Size of the SDF auto-encoder."""
    resolution: int = 32          # R, nodes a side of the SDF grid
    truncation: float = 0.1       # distances beyond this (normalised frame) are clipped; the grid stores sdf / truncation
    channels: int = 16            # features at full resolution (twice that at half)
    latent_channels: int = 4
    kl_weight: float = 1e-4
    label_weight: float = 0.2
    surface_weight: float = 4.0   # the distance loss's extra weight inside or near the surface (sdf < SURFACE_BAND)


def _block(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv3d(c_in, c_out, 3, padding=1), nn.GroupNorm(min(8, c_out), c_out), nn.SiLU())


class SDFAutoEncoder(nn.Module):
    def __init__(self, config: AutoEncoderConfig = AutoEncoderConfig()):
        super().__init__()
        if config.resolution % 4:
            raise ValueError("the SDF grid's resolution must be a multiple of 4")
        self.config = config
        c, c2, z = config.channels, 2 * config.channels, config.latent_channels
        self.encoder = nn.Sequential(
            nn.Conv3d(1, c, 4, stride=2, padding=1), nn.GroupNorm(min(8, c), c), nn.SiLU(),
            _block(c, c2), nn.Conv3d(c2, c2, 4, stride=2, padding=1), nn.SiLU(),
            nn.Conv3d(c2, 2 * z, 3, padding=1))
        self.decoder = nn.Sequential(
            _block(z, c2), _block(c2, c2), nn.ConvTranspose3d(c2, c2, 4, stride=2, padding=1), nn.SiLU(),
            _block(c2, c), nn.ConvTranspose3d(c, c, 4, stride=2, padding=1), nn.SiLU())
        self.sdf_head = nn.Conv3d(c, 1, 3, padding=1)
        self.label_head = nn.Conv3d(c, len(LABELS), 1)

    @property
    def latent_shape(self) -> tuple:
        r = self.config.resolution // 4
        return (self.config.latent_channels, r, r, r)

    def encode(self, sdf):
        """(B, R, R, R) -> mean, log_var, each (B, C, R/4, R/4, R/4)."""
        mean, log_var = self.encoder(sdf[:, None]).chunk(2, dim=1)
        return mean, log_var.clamp(-20.0, 10.0)

    def decode(self, z):
        """(B, C, R/4, R/4, R/4) -> (sdf (B, R, R, R) in [-1, 1], label logits (B, L, R, R, R))."""
        h = self.decoder(z)
        return torch.tanh(self.sdf_head(h))[:, 0], self.label_head(h)

    def forward(self, sdf, labels, generator=None):
        """The loss (what DistributedDataParallel calls in training)."""
        return self.loss(sdf, labels, generator)

    def loss(self, sdf, labels, generator=None):
        """sdf (B, R, R, R) in [-1, 1], labels (B, R, R, R) int64 -> (total, {"sdf", "labels", "kl"})."""
        mean, log_var = self.encode(sdf)
        noise = torch.randn(mean.shape, generator=generator, dtype=mean.dtype).to(mean.device)
        sdf_hat, logits = self.decode(mean + (0.5 * log_var).exp() * noise)
        error = (sdf_hat - sdf).abs()
        weight = 1.0 + self.config.surface_weight * (sdf < SURFACE_BAND).float()
        sdf_loss = error.mean()
        weighted = (weight * error).sum() / weight.sum()
        counted = (sdf < 1.0).float()
        per_voxel = nn.functional.cross_entropy(logits, labels, reduction="none")
        label_loss = (per_voxel * counted).sum() / counted.sum().clamp(min=1.0)
        kl = 0.5 * (mean ** 2 + log_var.exp() - 1 - log_var).sum(dim=(1, 2, 3, 4)).mean()
        total = weighted + self.config.label_weight * label_loss + self.config.kl_weight * kl
        return total, {"sdf": sdf_loss, "labels": label_loss, "kl": kl}
