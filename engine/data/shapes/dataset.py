"""A cached, resumable dataset of procedural shapes with their derived samples.

Layout of DIR:
  dataset.json              the build's settings (split, count, shard size, sample config)
  shard_00000.json          records (attributes, caption, part tree, relations) of its shapes
  shard_00000.npz           stacked samples of its shapes: index (n,) int64 and every array of
                            samples.derive_samples with a leading (n,) axis
A shard's .npz is written last, through a temporary name, so a shard exists whole or not at
all; an interrupted build resumes where it stopped and never recomputes a finished shard.
Shapes are shape_for_index(split, i) for i in [0, count), so the bytes are the same on every
machine and in every run.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

import numpy as np

from ...errors import bad_input
from . import SPLITS, shape_for_index
from .samples import SampleConfig, derive_samples

FORMAT_VERSION = 1


@dataclass
class DatasetConfig:
    """What to build."""
    split: str = "train"          # train | val | test (fixed seed ranges, see shapes.SPLITS)
    count: int = 20000            # number of shapes
    shard_size: int = 250         # shapes per cache file
    resolutions: tuple = (32,)    # SDF/label grid sizes
    surface_count: int = 2048
    near_count: int = 4096

    def sample_config(self) -> SampleConfig:
        return SampleConfig(tuple(self.resolutions), self.surface_count, self.near_count)


def build_dataset(out_dir: str, config: DatasetConfig = DatasetConfig(), workers: int | None = None,
                  progress=None) -> dict:
    """Build (or finish building) the dataset; progress(done, total) after every shard."""
    if config.split not in SPLITS:
        raise bad_input(f"Unknown split {config.split!r}.", "Use train, val or test.")
    if config.count < 1 or config.shard_size < 1:
        raise bad_input("The count and the shard size must be positive.")
    os.makedirs(out_dir, exist_ok=True)
    settings = {"format": FORMAT_VERSION, **asdict(config), "resolutions": list(config.resolutions)}
    manifest = os.path.join(out_dir, "dataset.json")
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as fh:
            old = json.load(fh)
        if old != settings:
            raise bad_input(f"{out_dir} holds a dataset built with other settings: {old}.",
                            "Build into another folder, or delete this one.")
    else:
        _write_json(manifest, settings)
    shards = list(range((config.count + config.shard_size - 1) // config.shard_size))
    todo = [k for k in shards if not os.path.exists(shard_path(out_dir, k))]
    done = len(shards) - len(todo)
    if progress:
        progress(done * config.shard_size, config.count)
    jobs = [(out_dir, config, k) for k in todo]
    workers = workers or min(os.cpu_count() or 1, len(todo)) or 1
    if workers > 1 and len(todo) > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(workers, initializer=_worker_init) as pool:
            for _ in pool.imap_unordered(_build_shard, jobs):
                done += 1
                if progress:
                    progress(min(done * config.shard_size, config.count), config.count)
    else:
        for job in jobs:
            _build_shard(job)
            done += 1
            if progress:
                progress(min(done * config.shard_size, config.count), config.count)
    return {"dir": out_dir, "shards": len(shards), "built": len(todo), "count": config.count}


def shard_path(out_dir: str, k: int, ext: str = "npz") -> str:
    return os.path.join(out_dir, f"shard_{k:05d}.{ext}")


def _worker_init() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def _build_shard(job) -> str:
    out_dir, config, k = job
    lo = k * config.shard_size
    hi = min(lo + config.shard_size, config.count)
    records, samples = [], []
    for i in range(lo, hi):
        shape = shape_for_index(config.split, i)
        record = shape.record()
        record["index"] = i
        records.append(record)
        samples.append(derive_samples(shape, config.sample_config(), seed=SPLITS[config.split][0] + i))
    _write_json(shard_path(out_dir, k, "json"), records)
    arrays = {key: np.stack([s[key] for s in samples]) for key in samples[0]}
    arrays["index"] = np.arange(lo, hi, dtype=np.int64)
    final = shard_path(out_dir, k)
    tmp = final[:-4] + ".tmp.npz"
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, final)
    return final


def _write_json(path: str, data) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=None, separators=(",", ":"))
    os.replace(tmp, path)


class ShapeDataset:
    """Read a built dataset: len(), records, and samples shard by shard (arrays as written)."""

    def __init__(self, out_dir: str):
        manifest = os.path.join(out_dir, "dataset.json")
        if not os.path.exists(manifest):
            raise bad_input(f"{out_dir} is not a Shapesmith dataset (no dataset.json).",
                            "Build one with `python -m engine data build`.")
        with open(manifest, encoding="utf-8") as fh:
            self.settings = json.load(fh)
        self.dir = out_dir
        n = (self.settings["count"] + self.settings["shard_size"] - 1) // self.settings["shard_size"]
        missing = [k for k in range(n) if not os.path.exists(shard_path(out_dir, k))]
        if missing:
            raise bad_input(f"The dataset in {out_dir} is incomplete: {len(missing)} of {n} shards are missing.",
                            "Run the same build command again; it resumes.")
        self.shards = n

    def __len__(self) -> int:
        return self.settings["count"]

    def shard(self, k: int) -> tuple[list, dict]:
        with open(shard_path(self.dir, k, "json"), encoding="utf-8") as fh:
            records = json.load(fh)
        with np.load(shard_path(self.dir, k)) as z:
            arrays = {key: z[key] for key in z.files}
        return records, arrays
