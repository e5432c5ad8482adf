"""The latent SDF diffusion's denoiser: a small 3D U-Net over the auto-encoder's latent grid,
conditioned on the prompt's token embeddings through cross-attention.

    net = LatentDenoiser(UNetConfig())
    eps = net(z, t, tokens, mask)       # z (B, C, S, S, S) noisy latents, t (B,) int64,
                                        # tokens (B, L, 384), mask (B, L) bool (True = a real token)
    eps = net.guided(z, t, tokens, mask, guidance)   # eps_u + w (eps_c - eps_u)

Levels: S^3 (width w) and (S/2)^3 (width 2w). Each level has residual blocks whose group norms
are scaled and shifted by the timestep and the prompt's mean token (FiLM), and attention blocks
(self-attention over the voxels, then cross-attention to the tokens plus a learned null token,
so that an empty prompt, the unconditional branch of classifier-free guidance, still has
something to attend to). The output convolution starts at zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .part_slot_net import timestep_embedding


@dataclass
class UNetConfig:
    """Size of the latent denoiser."""
    latent_channels: int = 4
    width: int = 64
    heads: int = 4
    text_dim: int = 384


class ResBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, cond: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(8, c_in)
        self.conv1 = nn.Conv3d(c_in, c_out, 3, padding=1)
        self.norm2 = nn.GroupNorm(8, c_out)
        self.film = nn.Linear(cond, 2 * c_out)
        self.conv2 = nn.Conv3d(c_out, c_out, 3, padding=1)
        nn.init.zeros_(self.conv2.weight)
        nn.init.zeros_(self.conv2.bias)
        self.skip = nn.Conv3d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def forward(self, x, cond):
        h = self.conv1(nn.functional.silu(self.norm1(x)))
        scale, shift = self.film(cond)[:, :, None, None, None].chunk(2, dim=1)
        h = self.norm2(h) * (1 + scale) + shift
        return self.skip(x) + self.conv2(nn.functional.silu(h))


class AttentionBlock(nn.Module):
    def __init__(self, width: int, heads: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(width)
        self.self_attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(width)
        self.cross_attn = nn.MultiheadAttention(width, heads, batch_first=True)

    def forward(self, x, context, context_pad):
        b, c, *size = x.shape
        h = x.flatten(2).transpose(1, 2)                      # (B, voxels, C)
        n = self.norm1(h)
        h = h + self.self_attn(n, n, n, need_weights=False)[0]
        n = self.norm2(h)
        h = h + self.cross_attn(n, context, context, key_padding_mask=context_pad, need_weights=False)[0]
        return h.transpose(1, 2).reshape(b, c, *size)


class LatentDenoiser(nn.Module):
    def __init__(self, config: UNetConfig = UNetConfig()):
        super().__init__()
        self.config = config
        w, z = config.width, config.latent_channels
        cond = 4 * w
        self.time_mlp = nn.Sequential(nn.Linear(w, cond), nn.SiLU(), nn.Linear(cond, cond))
        self.pooled_in = nn.Linear(config.text_dim, cond)
        self.text_in = nn.Linear(config.text_dim, 2 * w)
        self.text_in_fine = nn.Linear(config.text_dim, w)
        self.null_token = nn.Parameter(torch.zeros(1, 1, 2 * w))
        self.null_token_fine = nn.Parameter(torch.zeros(1, 1, w))
        self.conv_in = nn.Conv3d(z, w, 3, padding=1)
        self.down_block = ResBlock(w, w, cond)
        self.down = nn.Conv3d(w, 2 * w, 4, stride=2, padding=1)
        self.mid_blocks = nn.ModuleList([ResBlock(2 * w, 2 * w, cond) for _ in range(2)])
        self.mid_attn = nn.ModuleList([AttentionBlock(2 * w, config.heads) for _ in range(2)])
        self.up = nn.ConvTranspose3d(2 * w, w, 4, stride=2, padding=1)
        self.up_block = ResBlock(2 * w, w, cond)
        self.up_attn = AttentionBlock(w, config.heads)
        self.norm_out = nn.GroupNorm(8, w)
        self.conv_out = nn.Conv3d(w, z, 3, padding=1)
        nn.init.zeros_(self.conv_out.weight)
        nn.init.zeros_(self.conv_out.bias)

    def forward(self, z, t, tokens, mask):
        batch = len(z)
        real = mask.float()[:, :, None]
        pooled = (tokens * real).sum(1) / real.sum(1).clamp(min=1.0)   # zero for an empty prompt
        cond = self.time_mlp(timestep_embedding(t, self.config.width)) + self.pooled_in(pooled)
        pad = torch.cat([torch.zeros(batch, 1, dtype=torch.bool, device=z.device), ~mask], dim=1)
        coarse = torch.cat([self.null_token.expand(batch, -1, -1), self.text_in(tokens)], dim=1)
        fine = torch.cat([self.null_token_fine.expand(batch, -1, -1), self.text_in_fine(tokens)], dim=1)
        skip = self.down_block(self.conv_in(z), cond)
        h = self.down(skip)
        for block, attn in zip(self.mid_blocks, self.mid_attn):
            h = attn(block(h, cond), coarse, pad)
        h = self.up_block(torch.cat([self.up(h), skip], dim=1), cond)
        h = self.up_attn(h, fine, pad)
        return self.conv_out(nn.functional.silu(self.norm_out(h)))

    def guided(self, z, t, tokens, mask, guidance: float):
        """Classifier-free guidance: eps_u + w (eps_c - eps_u); w = 0 is the unconditional
        prediction, w = 1 the conditional one."""
        if guidance == 1.0:
            return self(z, t, tokens, mask)
        both = self(torch.cat([z, z]), torch.cat([t, t]), torch.cat([torch.zeros_like(tokens), tokens]),
                    torch.cat([torch.zeros_like(mask), mask]))
        eps_u, eps_c = both.chunk(2)
        if guidance == 0.0:
            return eps_u
        return eps_u + guidance * (eps_c - eps_u)
