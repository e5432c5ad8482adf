"""Text -> part-labelled shapes with the part-slot diffusion model (the default generator).

    gen = PartSlotGenerator.load("engine/models")
    shapes = gen.sample("a tall office chair with armrests", n=4, seed=0, guidance=3.0, steps=25)
    # [PartMesh]: one mesh per shape, face_part indexes part_names ("seat", "leg_0", ...)

Steps: encode the prompt, denoise K slot vectors from Gaussian noise with DDIM (deterministic
for a seed) and classifier-free guidance, decode each existing slot's label and box, decode its
geometry code with the part auto-encoder on a small grid, mesh it (marching cubes) and place it
in its box, then move any part that touches nothing onto its nearest neighbour (assembly.py).
Shapes come out in the normalised frame (Z up, longest side about 1).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

import numpy as np

from ..errors import EngineError, bad_input

MODELS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models")
MAX_SAMPLES = 64


@dataclass
class GenerateConfig:
    """How to sample."""
    n: int = 4                 # shapes to make
    seed: int = 0              # the same seed and settings give the same shapes
    guidance: float = 3.0      # classifier-free guidance scale (0: ignore the prompt, 1: plain conditional)
    steps: int = 25            # denoising steps (DDIM)
    resolution: int = 24       # grid per part when meshing its geometry code
    assemble: bool = True      # move parts that touch nothing until they touch their nearest part


class PartSlotGenerator:
    def __init__(self, net, part_decoder, stats, scheduler, model_sha256: str, device: str = "cpu"):
        self.net, self.part_decoder, self.stats, self.scheduler = net, part_decoder, stats, scheduler
        self.model_sha256 = model_sha256
        self.device = device

    @classmethod
    def load(cls, folder: str = MODELS_DIR, device: str = "cpu") -> "PartSlotGenerator":
        from ..train.common import load_weights
        from .part_slot_net import NetConfig, PartSlotDenoiser
        from .part_vae import PartVAE, PartVAEConfig
        from .scheduler import DiffusionScheduler, SchedulerConfig
        from .slot_codec import CodecStats

        state, meta, card = load_weights(os.path.join(folder, "generator.safetensors"))
        vae_state, vae_meta, vae_card = load_weights(os.path.join(folder, "part_vae.safetensors"))
        if meta.get("part_vae_sha256") != vae_card["sha256"]:
            raise EngineError("MODEL_MISSING", "The generator was trained with another part auto-encoder than the "
                              "one installed.", "Reinstall Shapesmith or retrain both models.")
        net = PartSlotDenoiser(NetConfig(**json.loads(meta["net"])))
        net.load_state_dict(state)
        vae = PartVAE(PartVAEConfig(**json.loads(vae_meta["config"])))
        vae.load_state_dict(vae_state)
        sched = DiffusionScheduler(SchedulerConfig(**json.loads(meta["scheduler"])))
        net.eval().to(device)
        vae.eval().to(device)
        return cls(net, vae.decoder, CodecStats.from_dict(json.loads(meta["codec"])), sched, card["sha256"], device)

    def sample_slots(self, prompt: str, config: GenerateConfig, progress=None, check=None) -> np.ndarray:
        """(n, K, D) denoised slot vectors."""
        import torch

        from .slot_codec import SLOT_DIM
        from .slots import MAX_SLOTS
        from .text import TextEncoder

        validate(config)
        tokens, mask, _ = TextEncoder(self.device).encode([prompt] * config.n)
        gen = torch.Generator().manual_seed(int(config.seed))
        x = torch.randn((config.n, MAX_SLOTS, SLOT_DIM), generator=gen)
        self.scheduler.set_timesteps(config.steps, "ddim")
        with torch.no_grad():
            for i, t in enumerate(self.scheduler.timesteps):
                if check:
                    check()
                tt = torch.full((config.n,), int(t), dtype=torch.int64)
                eps = self.net.guided(x.to(self.device), tt.to(self.device), tokens.to(self.device),
                                      mask.to(self.device), config.guidance).cpu()
                x = self.scheduler.step(eps, t, x, generator=gen, clip=3.0)
                if progress:
                    progress((i + 1) / len(self.scheduler.timesteps), f"step {i + 1}/{len(self.scheduler.timesteps)}")
        return x.numpy()

    def decode(self, slot_vectors: np.ndarray, resolution: int = 24, assemble: bool = True):
        """One shape's (K, D) slots -> PartMesh (parts named label, label_0, label_1 ...)."""
        import torch

        from ..structures import PartMesh
        from .part_vae import decode_grid, mesh_from_logits
        from .slot_codec import decode_slots
        from .slots import box_to_world

        parts = decode_slots(slot_vectors, self.stats)
        if not parts:
            return PartMesh(np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros(0, np.int64), [])
        codes = torch.tensor(np.stack([p["code"] for p in parts]), dtype=torch.float32)
        logits = decode_grid(self.part_decoder, codes, resolution).numpy()
        verts, faces, face_part, labels, offset = [], [], [], [], 0
        for p, grid in zip(parts, logits):
            mesh = mesh_from_logits(grid)
            if mesh is None:
                continue
            v = box_to_world(mesh[0], p["centre"], p["half"], p["rotation"])
            if np.linalg.det(p["rotation"]) < 0:
                mesh = (mesh[0], mesh[1][:, ::-1])
            verts.append(v)
            faces.append(mesh[1] + offset)
            face_part.append(np.full(len(mesh[1]), len(labels)))
            labels.append(p["label"])
            offset += len(v)
        if not verts:
            return PartMesh(np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros(0, np.int64), [])
        mesh = PartMesh(np.concatenate(verts), np.concatenate(faces), np.concatenate(face_part), instance_names(labels))
        if assemble:
            from .assembly import attach_floating_parts

            mesh.vertices, _ = attach_floating_parts(mesh.vertices, mesh.faces, mesh.face_part)
        return mesh

    def sample(self, prompt: str, config: GenerateConfig = GenerateConfig(), progress=None, check=None) -> list:
        slots = self.sample_slots(prompt, config, progress, check)
        return [self.decode(s, config.resolution, config.assemble) for s in slots]


def instance_names(labels: list) -> list:
    """['leg', 'seat', 'leg'] -> ['leg_0', 'seat', 'leg_1']."""
    counts = {label: labels.count(label) for label in labels}
    seen: dict = {}
    names = []
    for label in labels:
        k = seen.get(label, 0)
        seen[label] = k + 1
        names.append(label if counts[label] == 1 else f"{label}_{k}")
    return names


def validate(config: GenerateConfig) -> None:
    if not 1 <= config.n <= MAX_SAMPLES:
        raise bad_input(f"The number of shapes must be between 1 and {MAX_SAMPLES}; got {config.n}.")
    if not 1 <= config.steps <= 1000:
        raise bad_input(f"The number of steps must be between 1 and 1000; got {config.steps}.")
    if not 0 <= config.guidance <= 20:
        raise bad_input(f"The guidance scale must be between 0 and 20; got {config.guidance}.")
    if not 8 <= config.resolution <= 96:
        raise bad_input(f"The part grid resolution must be between 8 and 96; got {config.resolution}.")
