"""Part geometry codes: a variational auto-encoder of part shapes in their own box frame.

Every part lives in its oriented box (slots.py), scaled into [-1, 1]^3, so the code only has
to say *what* the part is (a slab, a turned leg, a bent tube, a vase profile), not where or how
big. Encoder: PointNet over the part's surface points (B, M, 3) -> mean and log-variance of a
code (B, C). Decoder: an MLP implicit function f(code, x) -> occupancy logit at box points
x (B, Q, 3) (positive inside); the shipped one also reads the part's label (a learned vector
beside the code: a box-filling code alone cannot say a vase body is hollow) and each point's
distance from the box's Z axis. Meshing: the decoder on a grid, our marching cubes, back to the
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
    code_every_layer: bool = False  # the code joins every hidden layer's input, not the first alone
                                    # (thin walls: lampshades, rings, hollow vessels; BENCHMARKS.md)
    radial: bool = False     # the distance from the box's Z axis and its Fourier features join the
                             # input: a turned part (vase body, lampshade, round seat) is a function
                             # of (radius, z) alone (alone it lifted validation IoU 0.919 -> 0.921)
    label_dim: int = 0       # the part's label, a learned vector of this size, joins the code (0: the
                             # code alone; a box-filling cylinder code then says nothing of a hollow body)
    label_count: int = 0     # rows of that embedding: the labels known at training and one for any other


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
        self.code_every_layer = config.code_every_layer
        self.radial = config.radial
        self.label_embedding = nn.Embedding(config.label_count, config.label_dim) if config.label_dim else None
        condition = config.code_dim + config.label_dim
        n_in = 3 + 6 * config.frequencies + condition + (1 + 2 * config.frequencies) * config.radial
        if self.code_every_layer:
            extra = condition
            self.hidden = nn.ModuleList([nn.Linear(n_in if i == 0 else config.width + extra, config.width)
                                         for i in range(config.depth)])
            self.out = nn.Linear(config.width, 1)
            return
        layers, width = [], n_in
        for _ in range(config.depth):
            layers += [nn.Linear(width, config.width), nn.SiLU()]
            width = config.width
        layers.append(nn.Linear(width, 1))
        self.mlp = nn.Sequential(*layers)

    def forward(self, code, x, label=None):
        """code (B, C), x (B, Q, 3), label (B,) ids or names (decoders with a label embedding) ->
        occupancy logits (B, Q)."""
        code = self.condition(code, label)
        return self.at_points(code[:, None].expand(-1, x.shape[1], -1), x)

    def condition(self, code, label=None):
        """What the layers read of a part: its code (B, C), and with a label embedding its label's
        vector after it (B, C + label_dim). `label`: (B,) ids (labels.LABEL_ID) or label names;
        a name outside the training labels gets the embedding's last row."""
        if self.label_embedding is None:
            return code
        if label is None:
            raise ValueError("this part decoder reads each part's label: pass the labels")
        ids = label_ids(label, self.label_embedding.num_embeddings - 1).to(code.device)
        return torch.cat([code, self.label_embedding(ids)], -1)

    def at_points(self, code, x):
        """code (..., C') and x (..., 3), one conditioned code per point (condition()) -> occupancy
        logits (...)."""
        bands = 2.0 ** torch.arange(self.frequencies, device=x.device, dtype=x.dtype) * np.pi
        scaled = x[..., None] * bands                            # (..., 3, F)
        fourier = torch.cat([scaled.sin(), scaled.cos()], -1).flatten(-2)
        if self.radial:
            rho = x[..., :2].norm(dim=-1, keepdim=True)
            fourier = torch.cat([fourier, rho, (rho * bands).sin(), (rho * bands).cos()], -1)
        h = torch.cat([x, fourier, code], -1)     # the code last (tests zero its columns)
        if not self.code_every_layer:
            return self.mlp(h).squeeze(-1)
        for i, layer in enumerate(self.hidden):
            h = nn.functional.silu(layer(h if i == 0 else torch.cat([h, code], -1)))
        return self.out(h).squeeze(-1)


def label_ids(labels, other: int) -> torch.Tensor:
    """(B,) int64 label ids of label names or ids; names outside labels.LABELS, and ids at or past
    `other`, become `other`."""
    from ..data.shapes.labels import LABEL_ID

    if isinstance(labels, torch.Tensor):
        return labels.long().clamp(max=other)
    return torch.tensor([min(LABEL_ID.get(v, other), other) if isinstance(v, str) else min(int(v), other)
                         for v in labels], dtype=torch.int64)


class PartVAE(nn.Module):
    def __init__(self, config: PartVAEConfig = PartVAEConfig()):
        super().__init__()
        self.config = config
        self.encoder = PartEncoder(config.code_dim)
        self.decoder = PartDecoder(config)

    def loss(self, points, queries, inside, generator=None, label=None):
        """points (B, M, 3), queries (B, Q, 3), inside (B, Q) bool, label (B,) ids (a decoder with a
        label embedding) -> (total, reconstruction, kl)."""
        mean, log_var = self.encoder(points)
        noise = torch.randn(mean.shape, generator=generator, dtype=mean.dtype).to(mean.device)
        code = mean + (0.5 * log_var).exp() * noise
        logits = self.decoder(code, queries, label)
        recon = nn.functional.binary_cross_entropy_with_logits(logits, inside.float())
        kl = 0.5 * (mean ** 2 + log_var.exp() - 1 - log_var).sum(-1).mean()
        return recon + self.config.kl_weight * kl, recon, kl

    @torch.no_grad()
    def encode(self, points):
        return self.encoder(points)[0]


def load_part_vae(path: str, device: str = "cpu") -> tuple:
    """(the part auto-encoder of a weights file, in eval mode on `device`, its card); the sha256
    is checked as for every model (train.common.load_weights)."""
    import json

    from ..train.common import load_weights

    state, meta, card = load_weights(path)
    model = PartVAE(PartVAEConfig(**json.loads(meta["config"])))
    model.load_state_dict(state)
    return model.eval().to(device), card


@torch.no_grad()
def decode_grid(decoder: PartDecoder, codes: torch.Tensor, resolution: int = 24, bound: float = 1.1,
                labels=None) -> torch.Tensor:
    """Occupancy logits (B, R, R, R) on a grid over [-bound, bound]^3 (box coordinates)."""
    axis = torch.linspace(-bound, bound, resolution)
    grid = torch.stack(torch.meshgrid(axis, axis, axis, indexing="ij"), -1).reshape(1, -1, 3)
    out = decoder(codes, grid.expand(len(codes), -1, -1), labels)
    return out.reshape(len(codes), resolution, resolution, resolution)


# Turned parts whose walls are thin against their own box (a lampshade's wall is 2.5-5% of its
# radius, a vase's or a mug's body 6-10%): the fewest grid nodes per box axis that meshes them whole.
# At the shape-frame spacing alone a tall lamp's shade got the 10-node minimum, and even its true
# signed distance meshed so scored 1-NNA 89.5% against the oracle's 50.5% (52.0% with 48 nodes;
# vases 58.0% -> 48.0%, mugs 56.5% -> 48.0%: tests/bench/diagnostics/meshing_floor.py, BENCHMARKS.md);
# a tall lamp's shade still has holes at 48 and none at 64 (tests/generate/test_part_vae.py).
THIN_WALLED_NODES = {"lampshade": 64, "body": 48}


def fewest_nodes(label: str) -> int:
    """The fewest grid nodes per box axis a part of this label is meshed with (part_grid_shape)."""
    return THIN_WALLED_NODES.get(label, 10)


def part_grid_shape(half, cell: float, bound: float = 1.1, minimum: int = 10, maximum: int = 96) -> tuple:
    """Grid nodes per box axis so that the cells are about `cell` long in the shape frame: a
    part's box (half extents `half`, shape units) spans 2 * bound * half along each axis.
    Small parts get `minimum` nodes a side, so a thin leg costs about a thousand queries, not
    the 13,824 of a 24^3 cube, and a long tabletop gets more detail than a cube would give it.
    (Measured on 13 validation shapes: cell 1/40, minimum 10 matches the surface accuracy of a
    24^3 cube per part, Chamfer-L1 0.0157 vs 0.0156, in a fifth of the time.)"""
    span = 2 * bound * np.asarray(half, dtype=np.float64)
    return tuple(int(v) for v in np.clip(np.ceil(span / cell).astype(int) + 1, minimum, maximum))


@torch.no_grad()
def decode_box_grids(decoder: PartDecoder, codes: torch.Tensor, shapes: list, bound: float = 1.1,
                     chunk: int = 65536, labels=None) -> list:
    """Occupancy logits of each part on its own box grid (nx, ny, nz) over [-bound, bound]^3,
    all parts in one batched pass of the decoder. codes (P, C), labels (P,) names or ids (read by
    a decoder with a label embedding); returns P float32 arrays."""
    points, owner = [], []
    for p, shape in enumerate(shapes):
        axes = [torch.linspace(-bound, bound, n) for n in shape]
        grid = torch.stack(torch.meshgrid(*axes, indexing="ij"), -1).reshape(-1, 3)
        points.append(grid)
        owner.append(torch.full((len(grid),), p, dtype=torch.int64))
    device = next(decoder.parameters()).device  # CUDA when the generator was loaded there
    points, owner = torch.cat(points).to(device), torch.cat(owner).to(device)
    codes = decoder.condition(codes.to(device), labels)
    values = torch.cat([decoder.at_points(codes[owner[s:s + chunk]], points[s:s + chunk])
                        for s in range(0, len(points), chunk)]).cpu()
    out, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        out.append(values[start:start + size].reshape(shape).numpy())
        start += size
    return out


def mesh_from_logits(logits: np.ndarray, bound: float = 1.1):
    """A watertight mesh (vertices in box coordinates, faces) of logits > 0 on a node grid
    (nx, ny, nz) spanning [-bound, bound] along each axis; None when empty."""
    from ..ops.isosurface import marching_cubes

    logits = np.asarray(logits, dtype=np.float32)
    if logits.max() <= 0:
        return None
    v, f = marching_cubes(logits, 0.0)
    return v * (2 * bound / (np.asarray(logits.shape) - 1)) - bound, f
