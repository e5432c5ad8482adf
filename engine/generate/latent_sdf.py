"""Text -> part-labelled shapes with the latent SDF diffusion (the second generator, selectable as
generate / latent_sdf; the SDFusion approach with a per-voxel part head).

    gen = LatentSDFGenerator.load("engine/models")
    meshes = gen.sample(Config(prompt="a round table", n=2, seed=0))   # [PartMesh]

Steps: encode the prompt; denoise a latent grid (C, S, S, S) from Gaussian noise with DDIM and
classifier-free guidance (latent_unet.py); decode it with the auto-encoder (sdf_autoencoder.py)
to a truncated SDF grid and per-voxel label logits; make the shape one piece where it nearly is
(joined_shape); keep the labels to those of one category (the one asked for or named in the
prompt, else the one whose labels the decoded voxels favour most: the label head is shared by
every category, and a table's leg is no lampshade); mesh each label's region on its own
(part_meshes) and split it into connected pieces (leg_0, leg_1 ...). Shapes come out in the
normalised frame of the training data (Z up, longest side about 1).

A part's region is where the shape is inside (sdf < 0) and its label's logit is the largest:
the field max(sdf, margin_l), margin_l = max over other labels of their logit minus l's, is
negative exactly there, so each part is meshed as a closed surface, and neighbouring parts
meet along the surface where their logits tie. Starting noise follows part_slots' recipes
(a seed, or {"slerp": [A, B, t]}), so variations and interpolation work the same way.

Arrays: latents (n, C, S, S, S) float32; sdf (R, R, R) in units of the truncation; label logits
(L, R, R, R) over labels.LABELS.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass

import numpy as np

from ..config import from_dict, param
from ..errors import EngineError
from ..registry import MethodResult
from .part_slots import (CATEGORY_CHOICES, MAX_SAMPLES, MODELS_DIR, full_prompt, instance_names, models_dir,
                         noise_recipes, prompt_weights)

WEIGHTS = "latent_sdf.safetensors"
AUTOENCODER_WEIGHTS = "latent_sdf_ae.safetensors"
MIN_PART_VOXELS = 4          # a label region smaller than this many inside voxels is noise, not a part
GAP_CELLS = 1                # joined_shape's closing: pieces up to about two grid cells apart are joined
KEEP_FRACTION = 0.05         # joined_shape drops pieces under this share of the largest piece's inside nodes
BRIDGE = 0.05                # truncation units: how far inside a joining node is set
TIE_BREAK = 1e-3            # logit units: where two labels tie, the first (by id) has the region
MARGIN_SCALE = 0.25          # label logit margins to SDF units where part regions meet


@dataclass
class Config:
    """Settings of text-to-shape generation with the latent SDF diffusion."""

    prompt: str = param("", "What to make, e.g. 'a round dining table'. Empty: any shape the model knows.")
    category: str = param("", "Only make shapes of this category (its name goes before the prompt).",
                          choices=CATEGORY_CHOICES)
    n: int = param(4, "How many candidates to make.", minimum=1, maximum=MAX_SAMPLES)
    seed: int = param(0, "Seed of the first candidate; candidate k uses seed + k.", minimum=0, maximum=2 ** 31 - 1)
    guidance: float = param(3.0, "How closely to follow the prompt (classifier-free guidance): 0 ignores it, "
                                 "1 is the plain conditional model.", minimum=0.0, maximum=20.0)
    steps: int = param(25, "Denoising steps (DDIM).", minimum=1, maximum=1000)
    union: bool = param(False, "Also return each candidate as one watertight mesh (the SDF's own surface).")
    joined: bool = param(True, "Make each shape one piece: close gaps of a grid cell or two between its pieces "
                               "and drop pieces far smaller than the largest (a thin part decoded in fragments).")
    keep_labels: bool = param(True, "Give every part a label of one category: the one asked for or named in the "
                                    "prompt, else the one the decoded shape's labels favour.")
    noise: str = param("", "Advanced (used by Variations and Interpolate): a JSON list with one starting-noise "
                           "recipe per candidate (a seed, or {\"slerp\": [A, B, t]}).")
    second_prompt: str = param("", "Interpolate: blend from the prompt (first candidate) to this prompt (last "
                                   "candidate). Empty: one prompt for all.")
    blend: str = param("", "Advanced: a JSON list with the weight (0 to 1) of the second prompt for each candidate. "
                           "Empty: from 0 to 1 across the candidates.")
    device: str = param("auto", "Where the model runs: auto (CUDA when present), cpu or cuda.",
                        choices=("auto", "cpu", "cuda"))


class LatentSDFGeneration:
    """The registered method: generate / latent_sdf."""

    task = "generate"
    name = "latent_sdf"
    summary = "Latent SDF diffusion: a whole-shape signed-distance grid from a prompt, split into labelled parts."
    Config = Config
    stages = {"load": 0.15, "denoise": 0.55, "decode": 0.3}
    needs_input = False

    @staticmethod
    def parse_config(params: dict) -> Config:
        config = from_dict(Config, params)
        validate(config)
        return config

    @staticmethod
    def run(inputs: dict, config: Config, ctx) -> MethodResult:
        from ..device import select_device
        from ..errors import bad_input
        from .part_slots import candidate_result

        if inputs:
            raise bad_input("Generation takes no input files.", "Send the prompt in the parameters.")
        ctx.stage("load", "Loading the generator")
        generator = cached_generator(models_dir(), str(select_device(config.device)))
        ctx.stage("denoise", "Denoising")
        latents = generator.sample_latents(config, progress=lambda f, m: ctx.report(f, m), check=ctx.check)
        ctx.stage("decode", "Meshing the parts")

        category = asked_category(config)

        def decode(k):
            sdf, logits = generator.decode(latents[k], config.joined)
            return part_meshes(sdf, logits, category, config.keep_labels), lambda: union_surface(sdf)

        return candidate_result(config, "latent_sdf", generator.model_sha256, decode, len(latents), ctx)


def validate(config: Config) -> None:
    """The Config's ranges and choices, then its prompts, noise recipes and blend weights."""
    from ..config import to_dict
    from .part_slots import check_request

    from_dict(Config, to_dict(config))
    check_request(config)


_CACHE: dict = {}
_CACHE_LOCK = threading.Lock()


def cached_generator(folder: str, device: str) -> "LatentSDFGenerator":
    """The generator loaded once per (folder, device) and kept for the next job."""
    key = (os.path.abspath(folder), device)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = LatentSDFGenerator.load(folder, device)
        return _CACHE[key]


class LatentSDFGenerator:
    Config = Config

    def __init__(self, net, autoencoder, latent_mean: float, latent_std: float, scheduler, model_sha256: str,
                 device: str = "cpu"):
        self.net, self.autoencoder, self.scheduler = net, autoencoder, scheduler
        self.latent_mean, self.latent_std = latent_mean, latent_std
        self.model_sha256 = model_sha256
        self.device = device

    @classmethod
    def load(cls, folder: str = MODELS_DIR, device: str = "cpu") -> "LatentSDFGenerator":
        """The latent denoiser and its auto-encoder from `folder` (sha256 checked against the cards)."""
        from ..train.common import load_weights
        from .latent_unet import LatentDenoiser, UNetConfig
        from .scheduler import DiffusionScheduler, SchedulerConfig
        from .sdf_autoencoder import AutoEncoderConfig, SDFAutoEncoder

        path = os.path.join(folder, WEIGHTS)
        if not os.path.exists(path):
            raise EngineError("MODEL_MISSING", "The latent SDF generator is not installed in this models folder.",
                              "Train it with `python -m engine train latent-sdf`, or use the part_slots method.")
        state, meta, card = load_weights(path)
        ae_state, ae_meta, ae_card = load_weights(os.path.join(folder, AUTOENCODER_WEIGHTS))
        if meta.get("autoencoder_sha256") != ae_card["sha256"]:
            raise EngineError("MODEL_MISSING", "The latent SDF generator was trained with another auto-encoder than "
                              "the one installed.", "Retrain both with `python -m engine train latent-sdf`.")
        net = LatentDenoiser(UNetConfig(**json.loads(meta["net"])))
        net.load_state_dict(state)
        autoencoder = SDFAutoEncoder(AutoEncoderConfig(**json.loads(ae_meta["config"])))
        autoencoder.load_state_dict(ae_state)
        latents = json.loads(meta["latents"])
        sched = DiffusionScheduler(SchedulerConfig(**json.loads(meta["scheduler"])))
        return cls(net.eval().to(device), autoencoder.eval().to(device), latents["mean"], latents["std"], sched,
                   card["sha256"], device)

    def sample_latents(self, config: Config, progress=None, check=None) -> np.ndarray:
        """(n, C, S, S, S) denoised latents, in the auto-encoder's units."""
        import torch

        from .part_slots import recipe_noise
        from .text import TextEncoder

        validate(config)
        n, dev = config.n, self.device
        encoder = TextEncoder(dev)
        tokens, mask, _ = (a.to(dev) for a in encoder.encode([full_prompt(config)] * n))
        second = [a.to(dev) for a in encoder.encode([config.second_prompt] * n)[:2]] if config.second_prompt else None
        weights = torch.tensor(prompt_weights(config), dtype=torch.float32).view(n, 1, 1, 1, 1)
        shape = tuple(self.autoencoder.latent_shape)
        x = torch.stack([recipe_noise(r, shape) for r in noise_recipes(config)])
        self.scheduler.set_timesteps(config.steps, "ddim")
        with torch.no_grad():
            for i, t in enumerate(self.scheduler.timesteps):
                if check:
                    check()
                tt = torch.full((n,), int(t), dtype=torch.int64, device=dev)
                eps = self.net.guided(x.to(dev), tt, tokens, mask, config.guidance).cpu()
                if second is not None:
                    eps_b = self.net.guided(x.to(dev), tt, second[0], second[1], config.guidance).cpu()
                    eps = (1 - weights) * eps + weights * eps_b
                x = self.scheduler.step(eps, t, x, clip=4.0)
                if progress:
                    progress((i + 1) / len(self.scheduler.timesteps), f"step {i + 1}/{len(self.scheduler.timesteps)}")
        return (x * self.latent_std + self.latent_mean).numpy()

    def decode(self, latent: np.ndarray, joined: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """One latent (C, S, S, S) -> (sdf (R, R, R) in truncation units, label logits (L, R, R, R)),
        the shape made one piece where `joined` (joined_shape)."""
        import torch

        with torch.no_grad():
            sdf, logits = self.autoencoder.decode(torch.as_tensor(latent, dtype=torch.float32)[None].to(self.device))
        sdf = sdf[0].cpu().numpy()
        return joined_shape(sdf) if joined else sdf, logits[0].cpu().numpy()

    def sample(self, config: Config, progress=None, check=None) -> list:
        category = asked_category(config)
        return [part_meshes(*self.decode(z, config.joined), category, config.keep_labels)
                for z in self.sample_latents(config, progress, check)]


def joined_shape(sdf: np.ndarray, gap: int = GAP_CELLS, keep: float = KEEP_FRACTION) -> np.ndarray:
    """The decoded SDF (R, R, R) with its inside made one piece where it nearly is: nodes that a
    closing of the inside by `gap` cells adds between two pieces are set just inside (BRIDGE), so
    pieces a cell or two apart (a thin leg decoded in fragments, a leg stopping short of the seat)
    join; then every piece under `keep` of the largest piece's nodes is turned outside (its
    values made positive). A shape in one piece comes back unchanged."""
    from scipy import ndimage

    inside = sdf < 0
    pieces, count = ndimage.label(inside)
    if count <= 1:
        return sdf
    out = sdf.copy()
    closed = ndimage.binary_closing(np.pad(inside, gap), ndimage.generate_binary_structure(3, 1), gap)
    bridges = closed[gap:-gap, gap:-gap, gap:-gap] & ~inside
    out[bridges] = -BRIDGE
    pieces, count = ndimage.label(out < 0)
    sizes = np.bincount(pieces.ravel(), minlength=count + 1)[1:]
    small = np.flatnonzero(sizes < keep * sizes.max()) + 1
    drop = np.isin(pieces, small)
    out[drop] = np.abs(out[drop]) + BRIDGE
    return out


def asked_category(config: Config) -> str | None:
    """The category every candidate is made as: the one asked for, else the one category the
    prompt names (category_names); None where the prompt names none or several, or where an
    interpolation's second prompt names another."""
    from .category_names import named_category

    if config.category:
        return config.category
    first = named_category(full_prompt(config))
    if config.second_prompt and named_category(config.second_prompt) != first:
        return None
    return first


def category_label_ids(category: str) -> np.ndarray:
    """The label ids (labels.LABELS) the category's shapes have (its slot layout)."""
    from ..data.shapes.labels import LABEL_ID
    from .slots import SLOT_LAYOUT

    return np.array(sorted(LABEL_ID[label] for label, _ in SLOT_LAYOUT[category]))


def favoured_category(inside: np.ndarray, logits: np.ndarray) -> str:
    """The category whose labels hold the most label probability over the inside voxels, less
    _LABEL_COST of the inside voxels for each label it has (so that a category is not favoured
    for holding many labels: a cabinet has a bookshelf's labels and more)."""
    from .slots import SLOT_LAYOUT

    z = logits[:, inside]
    if not z.size:
        return next(iter(SLOT_LAYOUT))
    p = np.exp(z - z.max(axis=0))
    mass = (p / p.sum(axis=0)).sum(axis=1)
    cost = _LABEL_COST * z.shape[1]
    return max(SLOT_LAYOUT, key=lambda c: mass[category_label_ids(c)].sum() - cost * len(SLOT_LAYOUT[c]))


_LABEL_COST = 0.01   # of the inside voxels per label a category has: the favoured category must earn its labels


def keep_category_labels(logits: np.ndarray, category: str) -> np.ndarray:
    """Label logits with every label outside the category's pushed below all of its own."""
    out = np.full_like(logits, float(logits.min()) - 1e3)
    ids = category_label_ids(category)
    out[ids] = logits[ids]
    return out


def grid_to_frame(vertices: np.ndarray, resolution: int) -> np.ndarray:
    """Vertices in grid index units -> the normalised shape frame."""
    from .voxel_data import GRID_BOUND

    return vertices * (2 * GRID_BOUND / (resolution - 1)) - GRID_BOUND


def absorb_specks(inside: np.ndarray, logits: np.ndarray, min_voxels: int, rounds: int = 3) -> np.ndarray:
    """Label logits (L, R, R, R) in which every connected piece of a label's inside region
    smaller than `min_voxels` voxels has lost that label, so its voxels go to the next most
    likely label (usually the part around them): a few stray voxels are not a part, and
    dropping them instead would leave a hole where the parts meet."""
    from scipy import ndimage

    out = logits.copy()
    floor = float(logits.min()) - 1e3
    for _ in range(rounds):
        winner = out.argmax(axis=0)
        changed = False
        for label in np.unique(winner[inside]):
            pieces, count = ndimage.label(inside & (winner == label))
            sizes = np.bincount(pieces.ravel(), minlength=count + 1)
            small = np.flatnonzero(sizes < min_voxels)
            small = small[small > 0]
            if len(small):
                out[label][np.isin(pieces, small)] = floor
                changed = True
        if not changed:
            break
    return out


def part_meshes(sdf: np.ndarray, logits: np.ndarray, category: str | None = None, keep_labels: bool = True):
    """A decoded grid -> PartMesh: per label, the closed surface of its region (inside the shape,
    where its logit is the largest), split into connected pieces (named label, or label_0,
    label_1 ... when there are several); pieces under MIN_PART_VOXELS voxels are first given to
    their next most likely label (absorb_specks), and a whole shape that small is no shape.
    With keep_labels, only the labels of `category` (favoured_category where None) are used."""
    from ..data.shapes.labels import LABELS
    from ..ops.isosurface import marching_cubes
    from ..ops.meshes import face_components
    from ..structures import PartMesh

    inside = sdf < 0
    if keep_labels:
        logits = keep_category_labels(logits, category or favoured_category(inside, logits))
    logits = absorb_specks(inside, logits, MIN_PART_VOXELS)
    logits = logits - TIE_BREAK * np.arange(len(logits))[:, None, None, None]   # a tie goes to the first label
    winner = logits.argmax(axis=0)
    verts, faces, face_part, labels, offset = [], [], [], [], 0
    for label in np.unique(winner[inside]):
        if np.count_nonzero(inside & (winner == label)) < MIN_PART_VOXELS:
            continue
        others = np.delete(logits, label, axis=0).max(axis=0)
        field = np.maximum(sdf, MARGIN_SCALE * (others - logits[label]))
        if field.min() >= 0:   # the label wins only by ties: no region of its own
            continue
        v, f = marching_cubes(-field, 0.0)
        if not len(f):
            continue
        pieces = face_components(f, len(v))
        for piece in np.unique(pieces):
            mine = f[pieces == piece]
            used, local = np.unique(mine, return_inverse=True)
            verts.append(grid_to_frame(v[used], sdf.shape[0]))
            faces.append(local.reshape(-1, 3) + offset)
            face_part.append(np.full(len(mine), len(labels)))
            labels.append(LABELS[int(label)])
            offset += len(used)
    if not verts:
        return PartMesh(np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros(0, np.int64), [])
    return PartMesh(np.concatenate(verts), np.concatenate(faces), np.concatenate(face_part), instance_names(labels))


def union_surface(sdf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The whole shape's surface (sdf = 0), closed at the grid's edge; empty when no node is
    inside (at 32^3 a part thinner than the node spacing can fall between nodes)."""
    from ..ops.isosurface import marching_cubes

    if not (sdf < 0).any():
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    v, f = marching_cubes(-sdf, 0.0)
    return grid_to_frame(v, sdf.shape[0]), f
