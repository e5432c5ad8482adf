"""Train the latent SDF diffusion (generate / latent_sdf): `python -m engine train latent-sdf -o
DIR/latent_sdf.safetensors` writes the auto-encoder (DIR/latent_sdf_ae.safetensors) and the
denoiser, each with its card.

Phases: (1) signed-distance grids with per-voxel labels and captions of the train split
(voxel_data.py; kept in --data-cache between runs); (2) the auto-encoder (sdf_autoencoder.py)
on the grids; (3) every grid encoded to its latent mean, normalised by one global mean and
standard deviation (stored with the denoiser); (4) the denoiser (latent_unet.py) on DDPM's
noise-prediction loss, with the prompt dropped for `cond_dropout` of the examples (the
unconditional branch of classifier-free guidance). Runs under torchrun with
DistributedDataParallel (gloo on CPU, NCCL on GPUs); a checkpoint every `checkpoint_every` steps
of either training phase lets an interrupted run resume where it stopped.

The shipped CPU recipe is the 32^3 one below; the GPU recipe is the same command with
--resolution 64 --shapes 4000 --ae-channels 32 --width 64 --ae-steps 6000 --steps 20000.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass

AUTOENCODER_FILE = "latent_sdf_ae.safetensors"


@dataclass
class LatentSDFTrainConfig:
    """The recipe."""
    shapes: int = 2000            # training shapes (train split, from the first)
    captions_per_shape: int = 6
    resolution: int = 32          # SDF grid nodes a side
    truncation: float = 0.1       # SDF truncation, normalised frame
    dilation: float = 0.5         # shapes grown by this many grid spacings, so thin parts keep nodes inside
    ae_channels: int = 16
    latent_channels: int = 4
    ae_steps: int = 1200
    ae_batch: int = 16
    ae_lr: float = 2e-3
    kl_weight: float = 1e-4
    label_weight: float = 0.2
    surface_weight: float = 4.0   # the auto-encoder's distance loss at nodes inside or near the surface: 1 + this
    width: int = 32               # denoiser width at the latent resolution (twice that at half of it)
    heads: int = 4
    steps: int = 8000             # denoiser steps (the shipped CPU run's: about 70 minutes on 2 threads)
    batch: int = 32
    lr: float = 3e-4
    cond_dropout: float = 0.1
    seed: int = 0
    threads: int = 0
    checkpoint_every: int = 500
    half_weights: bool = True


def voxel_data(config: LatentSDFTrainConfig, cache: str | None, write: bool = True, log=print):
    """voxel_examples for the recipe, read from `cache` (.npz) when it was made for the same
    shapes, captions, grid and caption vocabulary, else made (and written there when `write`:
    one process of a distributed run writes it)."""
    import numpy as np

    from ..data.shapes.captions import vocabulary_digest
    from ..generate.voxel_data import voxel_examples
    from .common import write_npz

    key = {"shapes": config.shapes, "captions_per_shape": config.captions_per_shape, "seed": config.seed,
           "resolution": config.resolution, "truncation": config.truncation, "dilation": config.dilation,
           "vocabulary": vocabulary_digest()}
    if cache and os.path.exists(cache):
        with np.load(cache, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta["key"] == key:
                log(f"data from {cache}")
                return z["sdf"], z["labels"], meta["captions"], meta["categories"]
        log(f"{cache} was made for another recipe: making the data again")
    from ..generate.voxel_data import grid_spacing

    sdf, labels, captions, categories = voxel_examples("train", config.shapes, config.resolution, config.truncation,
                                                       config.captions_per_shape, config.seed,
                                                       dilation=config.dilation * grid_spacing(config.resolution))
    if cache and write:
        write_npz(cache, sdf=sdf, labels=labels,
                  meta=np.array(json.dumps({"key": key, "captions": captions, "categories": categories})))
    return sdf, labels, captions, categories


def _ddp(model, device, world):
    import torch

    if world == 1:
        return model
    return torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)


def train_autoencoder(ae, sdf, labels, config, gen, device, world, rank, log, started, ckpt, saved) -> list:
    """Phase two; returns [(step, loss, sdf L1, label CE)]."""
    import torch

    from .common import cosine_lr, optimizer_step, save_checkpoint

    net = _ddp(ae, device, world)
    opt = torch.optim.AdamW(ae.parameters(), lr=config.ae_lr, weight_decay=0.0)
    step0, history = 0, []
    if saved is not None and saved["phase"] == "autoencoder":
        opt.load_state_dict(saved["opt"])
        step0, history = saved["step"], saved["history"]
    ae.train()
    for step in range(step0, config.ae_steps):
        for g in opt.param_groups:
            g["lr"] = cosine_lr(config.ae_lr, step, config.ae_steps)
        idx = torch.randint(0, len(sdf), (config.ae_batch,), generator=gen)
        batch_sdf = torch.from_numpy(sdf[idx.numpy()]).float().to(device)
        batch_labels = torch.from_numpy(labels[idx.numpy()]).long().to(device)
        loss, parts = net(batch_sdf, batch_labels, gen)
        optimizer_step(opt, loss, ae.parameters())
        if step % 50 == 0 or step == config.ae_steps - 1:
            history.append((step, loss.item(), parts["sdf"].item(), parts["labels"].item()))
            if rank == 0:
                log(f"autoencoder step {step:5d}  loss {loss.item():.4f}  sdf {parts['sdf'].item():.4f}  "
                    f"labels {parts['labels'].item():.3f}  {time.time() - started:.0f} s")
        if (step + 1) % config.checkpoint_every == 0 and step + 1 < config.ae_steps:
            save_checkpoint(ckpt, {"phase": "autoencoder", "autoencoder": ae.state_dict(), "opt": opt.state_dict(),
                                    "step": step + 1, "history": history}, gen, world, rank)
    return history


def encode_all(ae, sdf, device, chunk: int = 64):
    """(N, C, S, S, S) latent means of every grid."""
    import torch

    ae.eval()
    with torch.no_grad():
        return torch.cat([ae.encode(torch.from_numpy(sdf[i:i + chunk]).float().to(device))[0].cpu()
                          for i in range(0, len(sdf), chunk)])


def train_latent_sdf(out_path: str, config: LatentSDFTrainConfig, log=print, data_cache: str | None = None) -> dict:
    """Both models; returns the denoiser's card (the auto-encoder's is written beside it)."""
    import torch

    from ..device import select_device
    from ..generate.latent_unet import LatentDenoiser, UNetConfig
    from ..generate.scheduler import DiffusionScheduler, SchedulerConfig
    from ..generate.sdf_autoencoder import AutoEncoderConfig, SDFAutoEncoder
    from ..generate.text import TextEncoder
    from .common import caption_batch, cosine_lr, finish_run, optimizer_step, pin_threads, save_checkpoint, save_model
    from .generator import _distributed

    started = time.time()
    pin_threads(config.threads)
    rank, world = _distributed()
    device = select_device("auto")
    if device.type == "cuda" and world > 1:
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
        torch.cuda.set_device(device)
    gen = torch.Generator().manual_seed(config.seed * 1000 + rank)
    folder = os.path.dirname(os.path.abspath(out_path))
    ae_path = os.path.join(folder, AUTOENCODER_FILE)
    ckpt = os.path.splitext(out_path)[0] + ".ckpt.pt"
    saved = torch.load(ckpt, weights_only=True) if os.path.exists(ckpt) else None
    if saved is not None:
        gen.set_state(saved["gen"][min(rank, len(saved["gen"]) - 1)])
        log(f"resuming the {saved['phase']} phase at step {saved['step']} from {ckpt}")

    sdf, labels, captions, categories = voxel_data(config, data_cache, write=rank == 0, log=log)
    log(f"rank {rank}/{world}: {len(sdf)} grids at {config.resolution}^3, {time.time() - started:.0f} s")
    ae_config = AutoEncoderConfig(resolution=config.resolution, truncation=config.truncation,
                                  channels=config.ae_channels, latent_channels=config.latent_channels,
                                  kl_weight=config.kl_weight, label_weight=config.label_weight,
                                  surface_weight=config.surface_weight)
    torch.manual_seed(config.seed)
    ae = SDFAutoEncoder(ae_config).to(device)
    ae_history = []
    if saved is not None:
        ae.load_state_dict(saved["autoencoder"])
        ae_history = saved.get("ae_history", saved.get("history", []))
    if saved is None or saved["phase"] == "autoencoder":
        ae_history = train_autoencoder(ae, sdf, labels, config, gen, device, world, rank, log, started, ckpt, saved)
        saved = None
    # wall times count from this process's start (a resumed run: from its resumption)
    ae_card = {"model": "latent_sdf_autoencoder", "family": "KL auto-encoder of truncated SDF grids with a "
               "per-voxel part head", "data": f"procedural shapes 0..{config.shapes - 1} of the train split",
               "recipe": asdict(config), "architecture": asdict(ae_config), "processes": world,
               "device": device.type, "history": ae_history, "wall_time_s": round(time.time() - started, 1),
               "parameters": int(sum(p.numel() for p in ae.parameters()))}
    if rank == 0:
        ae_card = save_model(ae.cpu(), ae_path, ae_card, metadata={"config": json.dumps(asdict(ae_config))})
        ae.to(device)
    if world > 1:
        import torch.distributed as dist

        dist.barrier()
        from .common import file_sha256

        ae_card["sha256"] = file_sha256(ae_path)

    latents = encode_all(ae, sdf, device)
    mean, std = float(latents.mean()), float(latents.std())
    latents = (latents - mean) / std
    flat = [c for caps in captions for c in caps]
    per_shape = len(captions[0])
    caption_ids = torch.arange(len(flat)).view(len(captions), per_shape)
    tokens, mask, _ = TextEncoder(device.type).encode(flat)
    tokens = tokens.half()
    if rank == 0:
        log(f"latents {tuple(latents.shape[1:])}, mean {mean:.3f} std {std:.3f}; {len(flat)} captions, "
            f"{time.time() - started:.0f} s")

    net_config = UNetConfig(latent_channels=config.latent_channels, width=config.width, heads=config.heads)
    torch.manual_seed(config.seed + 1)
    model = LatentDenoiser(net_config).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=0.0)
    sched = DiffusionScheduler(SchedulerConfig())
    step0, history = 0, []
    if saved is not None and saved["phase"] == "diffusion":
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        step0, history = saved["step"], saved["history"]
    ddp = _ddp(model, device, world)
    model.train()
    for step in range(step0, config.steps):
        lr = cosine_lr(config.lr, step, config.steps, warmup=200)
        for g in opt.param_groups:
            g["lr"] = lr
        idx = torch.randint(0, len(latents), (config.batch,), generator=gen)
        tok, msk, _ = caption_batch(tokens, mask, caption_ids, idx, gen, config.cond_dropout)
        x0 = latents[idx]
        noise = torch.randn(x0.shape, generator=gen)
        t = sched.sample_timesteps(config.batch, gen)
        pred = ddp(sched.add_noise(x0, noise, t).to(device), t.to(device), tok.to(device), msk.to(device))
        loss = torch.nn.functional.mse_loss(pred, noise.to(device))
        optimizer_step(opt, loss, model.parameters())
        if step % 50 == 0 or step == config.steps - 1:
            history.append((step, loss.item()))
            if rank == 0:
                log(f"step {step:5d}  loss {loss.item():.4f}  lr {lr:.2e}  {time.time() - started:.0f} s")
        if (step + 1) % config.checkpoint_every == 0 and step + 1 < config.steps:
            save_checkpoint(ckpt, {"phase": "diffusion", "autoencoder": ae.state_dict(), "model": model.state_dict(),
                                    "opt": opt.state_dict(), "step": step + 1, "history": history,
                                    "ae_history": ae_history}, gen, world, rank)
    ranks_agree = True
    if world > 1:
        import torch.distributed as dist

        digests = [None] * world
        dist.all_gather_object(digests, float(sum(p.detach().double().sum() for p in model.parameters())))
        ranks_agree = all(d == digests[0] for d in digests)
    card = {"model": "latent_sdf", "family": "latent SDF diffusion (3D U-Net over the auto-encoder's latents)",
            "ranks_agree": ranks_agree,
            "data": f"procedural shapes 0..{config.shapes - 1} of the train split, {config.captions_per_shape} "
                    "captions each (one category-only)",
            "recipe": asdict(config), "architecture": asdict(net_config), "scheduler": asdict(SchedulerConfig()),
            "autoencoder_sha256": ae_card["sha256"], "processes": world, "device": device.type,
            "wall_time_s": round(time.time() - started, 1), "history": history,
            "parameters": int(sum(p.numel() for p in model.parameters()))}
    metadata = {"net": json.dumps(asdict(net_config)), "scheduler": json.dumps(asdict(SchedulerConfig())),
                "latents": json.dumps({"mean": mean, "std": std}), "autoencoder_sha256": ae_card["sha256"]}
    del ddp   # finish_run collects the DDP wrapper while its process group lives (common.finish_run)
    return finish_run(model, out_path, card, metadata, ckpt, world, rank, config.half_weights)
