"""Implicit moving least squares (IMLS; Shen et al. 2004, Kolluri 2008): a purely local fit.

At a point x the field is the weighted mean of the signed distances to the tangent planes of the
k nearest samples,

    f(x) = sum_i w_i(x) n_i . (p_i - x) / sum_i w_i(x),   w_i(x) = exp(-|x - p_i|^2 / sigma^2),

so the weights move with x (no global solve), and the zero set passes through the samples,
smoothed over sigma = `bandwidth` times the point spacing. Inside > 0 (n_i outward). Far from
the samples the weights are taken relative to the nearest one, so the field stays signed (the
nearest tangent planes decide) instead of vanishing.

points (N, 3) float64; normals (N, 3) unit outward; queries (M, 3) float32 torch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import param
from .implicit import ImplicitConfig, ImplicitMethod


@dataclass
class Config(ImplicitConfig):
    """Settings of IMLS reconstruction."""

    bandwidth: float = param(2.0, "Width of the Gaussian weights, in point spacings: larger smooths noise "
                                  "away and rounds off detail.", minimum=0.3, maximum=20.0)
    neighbors: int = param(16, "Samples that weigh in at each evaluation point.", minimum=1, maximum=128)


def imls_field(points: np.ndarray, normals: np.ndarray, sigma: float, k: int):
    """The IMLS function of oriented samples, as a callable on torch points (inside > 0)."""
    import torch

    from ..ops.neighbors import kdtree

    tree = kdtree(points)
    k = int(min(k, len(points)))
    on_device: dict = {}

    def field(x):
        if x.device not in on_device:
            on_device[x.device] = (torch.as_tensor(points, dtype=torch.float32, device=x.device),
                                   torch.as_tensor(normals, dtype=torch.float32, device=x.device))
        all_points, all_normals = on_device[x.device]
        dist, idx = tree.query(x.detach().cpu().numpy().astype(np.float64), k=k, workers=-1)
        dist = torch.as_tensor(dist.reshape(len(x), k), dtype=torch.float32, device=x.device)
        idx = torch.as_tensor(idx.reshape(len(x), k), dtype=torch.int64, device=x.device)
        p, n = all_points[idx], all_normals[idx]
        w = torch.exp(-(dist ** 2 - dist[:, :1] ** 2) / sigma ** 2)
        return (w * ((p - x[:, None, :]) * n).sum(-1)).sum(1) / w.sum(1)

    return field


class IMLS(ImplicitMethod):
    name = "imls"
    summary = "IMLS: local moving-least-squares fit to oriented points; fast, keeps detail, no global solve."
    Config = Config

    @staticmethod
    def fit(cloud, normals, spacing, config, ctx, device):
        sigma = config.bandwidth * spacing
        return imls_field(cloud.points, normals, sigma, config.neighbors), {"sigma": sigma}
