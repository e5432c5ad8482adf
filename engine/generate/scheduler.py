"""The diffusion noise schedule with DDPM training targets and DDPM / DDIM sampling steps.

Conventions (as in DDPM, Ho et al. 2020, and DDIM, Song et al. 2021; the interface follows
diffusers' schedulers): T training timesteps t = 0 .. T-1, betas (T,), alpha_bar_t =
prod_{s <= t} (1 - beta_s). Forward noising: x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps.
The network predicts eps, or v = sqrt(alpha_bar_t) eps - sqrt(1 - alpha_bar_t) x_0 (Salimans and
Ho 2022, "Progressive distillation"; `velocity`, `epsilon_from` converts it back, so the sampling
steps below all take eps). Tensors: samples (B, ...) float; timesteps (B,) int64.

    sched = DiffusionScheduler(SchedulerConfig())
    sched.set_timesteps(25, method="ddim")
    for t in sched.timesteps:
        x = sched.step(model(x, t), t, x, generator=g)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch


PREDICTIONS = ("epsilon", "v")   # what a denoiser may output (epsilon_from)


@dataclass
class SchedulerConfig:
    """The noise schedule."""
    train_steps: int = 1000        # T, the number of training timesteps
    schedule: str = "cosine"       # cosine (Nichol and Dhariwal 2021) or linear
    beta_start: float = 1e-4       # linear schedule only
    beta_end: float = 0.02         # linear schedule only


def make_betas(config: SchedulerConfig) -> torch.Tensor:
    T = config.train_steps
    if config.schedule == "linear":
        return torch.linspace(config.beta_start, config.beta_end, T, dtype=torch.float64)
    if config.schedule == "cosine":
        s = 0.008
        steps = torch.arange(T + 1, dtype=torch.float64) / T
        f = torch.cos((steps + s) / (1 + s) * math.pi / 2) ** 2
        alpha_bar = f / f[0]
        return (1 - alpha_bar[1:] / alpha_bar[:-1]).clamp(max=0.999)
    raise ValueError(f"unknown schedule {config.schedule!r}")


class DiffusionScheduler:
    def __init__(self, config: SchedulerConfig = SchedulerConfig()):
        self.config = config
        self.betas = make_betas(config)
        self.alphas = 1 - self.betas
        self.alpha_bar = torch.cumprod(self.alphas, 0)
        self.timesteps = torch.arange(config.train_steps - 1, -1, -1)
        self.method = "ddpm"
        self.eta = 1.0

    # ----- training -----
    def add_noise(self, x0: torch.Tensor, noise: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        """x_t for each sample's timestep t (B,)."""
        ab = self.alpha_bar.to(x0.device)[t].to(x0.dtype).view(-1, *([1] * (x0.dim() - 1)))
        return ab.sqrt() * x0 + (1 - ab).sqrt() * noise

    def sample_timesteps(self, batch: int, generator=None, device="cpu", below: int = 0) -> torch.Tensor:
        """(batch,) training timesteps drawn uniformly from [0, T), or from [0, below) when 0 < below < T."""
        high = below if 0 < below < self.config.train_steps else self.config.train_steps
        return torch.randint(0, high, (batch,), generator=generator).to(device)

    # ----- sampling -----
    def set_timesteps(self, steps: int, method: str = "ddim", eta: float = 0.0) -> None:
        """Use `steps` evenly spaced timesteps from T-1 down to 0. method 'ddpm' (ancestral,
        stochastic) or 'ddim' (eta = 0: deterministic; eta = 1: DDPM-like noise)."""
        T = self.config.train_steps
        if not 1 <= steps <= T:
            raise ValueError(f"steps must be between 1 and {T}, got {steps}")
        if method not in ("ddpm", "ddim"):
            raise ValueError(f"unknown sampling method {method!r}")
        self.timesteps = torch.from_numpy(_spaced(T, steps))
        self.method = method
        self.eta = 1.0 if method == "ddpm" else float(eta)

    def previous_timestep(self, t: int) -> int:
        idx = (self.timesteps == t).nonzero()
        if len(idx) == 0:
            raise ValueError(f"timestep {t} is not in the current schedule")
        i = int(idx[0, 0])
        return int(self.timesteps[i + 1]) if i + 1 < len(self.timesteps) else -1

    def _alpha_bar_for(self, t, sample: torch.Tensor):
        """alpha_bar at t (an int: a float; a (B,) tensor: shaped to broadcast over `sample`)."""
        ab = self.alpha_bar[t.cpu()] if isinstance(t, torch.Tensor) else self.alpha_bar[int(t)]
        return ab.to(sample.dtype).to(sample.device).view(-1, *([1] * (sample.dim() - 1))) if ab.dim() else ab.item()

    def velocity(self, x0: torch.Tensor, noise: torch.Tensor, t) -> torch.Tensor:
        """The v-prediction target sqrt(ab) eps - sqrt(1 - ab) x_0 at timesteps t (an int or (B,))."""
        ab = self._alpha_bar_for(t, x0)
        return ab ** 0.5 * noise - (1 - ab) ** 0.5 * x0

    def epsilon_from(self, output: torch.Tensor, t, sample: torch.Tensor, prediction: str = "epsilon") -> torch.Tensor:
        """The noise a network's output stands for: itself for an eps-predicting network, and
        sqrt(ab) v + sqrt(1 - ab) x_t for a v-predicting one. Affine in the output with the same
        x_t, so classifier-free guidance on v is guidance on eps."""
        if prediction == "epsilon":
            return output
        if prediction not in PREDICTIONS:
            raise ValueError(f"unknown prediction {prediction!r}")
        ab = self._alpha_bar_for(t, sample)
        return ab ** 0.5 * output + (1 - ab) ** 0.5 * sample

    def predicted_x0(self, eps: torch.Tensor, t, sample: torch.Tensor, clip: float | None = None) -> torch.Tensor:
        """The clean sample the predicted noise implies, (x_t - sqrt(1 - ab) eps) / sqrt(ab), bounded
        by `clip`; t an int or a (B,) tensor of timesteps."""
        ab = self._alpha_bar_for(t, sample)
        x0 = (sample - (1 - ab) ** 0.5 * eps) / ab ** 0.5
        return x0 if clip is None else x0.clamp(-clip, clip)

    def noise_for(self, sample: torch.Tensor, t: int, x0: torch.Tensor) -> torch.Tensor:
        """The noise that makes x_t = `sample` come from the clean value `x0` at timestep t (an int):
        (x_t - sqrt(ab) x0) / sqrt(1 - ab). A step given it lands on x0's path: how known
        values are held while the rest is denoised."""
        ab = self.alpha_bar[int(t)].item()
        return (sample - math.sqrt(ab) * x0) / math.sqrt(1 - ab)

    def step(self, eps: torch.Tensor, t: int, sample: torch.Tensor, generator=None,
             clip: float | None = None) -> torch.Tensor:
        """x_{t'} from x_t and the predicted noise, t' the next timestep of the schedule (-1 at
        the end, where alpha_bar = 1). The DDIM update (Song et al., eq. 12) with
        sigma = eta * sqrt((1 - ab') / (1 - ab) * (1 - ab / ab')); eta = 1 is the DDPM
        posterior step for any spacing. `clip` bounds the predicted x_0."""
        t = int(t)
        prev = self.previous_timestep(t)
        ab = self.alpha_bar[t].item()
        ab_prev = self.alpha_bar[prev].item() if prev >= 0 else 1.0
        x0 = self.predicted_x0(eps, t, sample, clip)
        if clip is not None:
            eps = (sample - math.sqrt(ab) * x0) / math.sqrt(1 - ab)
        sigma = self.eta * math.sqrt(max((1 - ab_prev) / (1 - ab) * (1 - ab / ab_prev), 0.0))
        direction = math.sqrt(max(1 - ab_prev - sigma ** 2, 0.0)) * eps
        out = math.sqrt(ab_prev) * x0 + direction
        if sigma > 0 and prev >= 0:
            noise = torch.randn(sample.shape, generator=generator, dtype=sample.dtype).to(sample.device)
            out = out + sigma * noise
        return out


def _spaced(T: int, steps: int):
    """`steps` distinct timesteps from T-1 down to 0 (spacing >= 1, so rounding never collides)."""
    import numpy as np

    return np.round(np.linspace(T - 1, 0, steps)).astype(np.int64)
