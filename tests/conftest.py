"""Shared fixtures: paths, analytic point clouds, a real engine subprocess with a line client."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
BUNNY = os.path.join(SHARED, "data", "scans", "stanford_bunny")

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def needs_bunny():
    return pytest.mark.skipif(not os.path.isdir(BUNNY), reason="../shared/data/scans/stanford_bunny is not beside the repo")


def sphere_points(n=20000, radius=1.0, noise=0.0025, seed=0):
    """Area-uniform samples of a sphere, Gaussian noise of `noise` * radius."""
    rng = np.random.default_rng(seed)
    p = rng.normal(size=(n, 3))
    p /= np.linalg.norm(p, axis=1, keepdims=True)
    return radius * p + rng.normal(scale=noise * radius, size=p.shape)


def torus_points(n=30000, major=1.0, minor=0.35, noise=0.0025, seed=0):
    """Area-uniform samples of a torus around Z (rejection on the area element)."""
    rng = np.random.default_rng(seed)
    u, v, w = rng.random((3, 6 * n))
    u, v = 2 * np.pi * u, 2 * np.pi * v
    keep = w < (major + minor * np.cos(v)) / (major + minor)
    u, v = u[keep][:n], v[keep][:n]
    p = np.stack([(major + minor * np.cos(v)) * np.cos(u), (major + minor * np.cos(v)) * np.sin(u),
                  minor * np.sin(v)], axis=1)
    return p + rng.normal(scale=noise * (major + minor), size=p.shape)


@pytest.fixture
def sphere_npz(tmp_path):
    path = tmp_path / "sphere.npz"
    np.savez(path, points=sphere_points())
    return str(path)


class EngineClient:
    """A real `python -m engine serve --stdio` with a reader thread; events arrive on a queue."""

    def __init__(self, extra_env=None):
        env = dict(os.environ, **(extra_env or {}))
        self.started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-m", "engine", "serve", "--stdio"], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env, bufsize=0)
        self.events: queue.Queue = queue.Queue()
        self.raw_lines: list = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self.stderr_lines: list = []

    def _read(self):
        for line in iter(self.proc.stdout.readline, b""):
            self.raw_lines.append(line)
            self.events.put(json.loads(line))
        self.events.put(None)

    def _drain_stderr(self):
        for line in iter(self.proc.stderr.readline, b""):
            self.stderr_lines.append(line.decode("utf-8", "replace"))

    def send_raw(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict):
        self.send_raw((json.dumps({"v": 1, **message}) + "\n").encode())

    def next_event(self, timeout=30.0, skip_heartbeats=True, predicate=None):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no event in time; engine log:\n" + "".join(self.stderr_lines[-20:]))
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                continue
            if event is None:
                raise EOFError("engine closed stdout; log:\n" + "".join(self.stderr_lines[-20:]))
            if skip_heartbeats and event.get("event") == "heartbeat":
                continue
            if predicate is None or predicate(event):
                return event

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def engine():
    client = EngineClient()
    yield client
    client.close()


# Small enough to train in well under a minute, trained long enough that its samples have
# parts inside the shape's frame (at 40 steps every slot is noise and is dropped).
TINY_GENERATOR = dict(shapes=16, captions_per_shape=3, steps=1000, batch=16, lr=2e-3, width=64, depth=2, heads=2,
                      threads=0, checkpoint_every=500, reader_width=0)
# (The plumbing tests need a tiny model that reliably makes parts; a reader trained for seconds
# made some candidates empty. The reader's path is trained and sampled in test_generator.py's
# resume test and in the DDP test.)


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    """A part auto-encoder and a generator trained for seconds: real files with real cards, for
    the plumbing (sampling, protocol, add-on); (folder, the generator's card)."""
    from engine.train.generator import GeneratorTrainConfig, train_generator
    from engine.train.part_vae import PartVAETrainConfig, train_part_vae

    folder = tmp_path_factory.mktemp("tiny_models")
    train_part_vae(str(folder / "part_vae.safetensors"),
                   PartVAETrainConfig(shapes=6, val_shapes=2, steps=20, batch=16, threads=1), log=lambda s: None)
    card = train_generator(str(folder / "generator.safetensors"),
                           GeneratorTrainConfig(part_vae=str(folder / "part_vae.safetensors"), **TINY_GENERATOR),
                           log=lambda s: None)
    return folder, card


TINY_LATENT_SDF = dict(shapes=6, captions_per_shape=3, resolution=16, ae_channels=8, ae_steps=60, ae_batch=4,
                       ae_lr=1e-2, width=16, heads=2, steps=60, batch=8, lr=3e-3, threads=1, checkpoint_every=1000)


@pytest.fixture(scope="session")
def tiny_latent_models(tmp_path_factory):
    """The latent SDF generator trained for seconds at 16^3 (real files, real cards): (folder, card)."""
    from engine.train.latent_sdf import LatentSDFTrainConfig, train_latent_sdf

    folder = tmp_path_factory.mktemp("tiny_latent_sdf")
    card = train_latent_sdf(str(folder / "latent_sdf.safetensors"), LatentSDFTrainConfig(**TINY_LATENT_SDF),
                            log=lambda s: None)
    return folder, card


def edges_twice(faces) -> bool:
    """Every edge of the triangles (F, 3) is shared by exactly two of them: a closed surface."""
    edges = np.sort(np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), 1)
    return bool((np.unique(edges, axis=0, return_counts=True)[1] == 2).all())


def mesh_volume(vertices, faces) -> float:
    """The signed volume a closed triangle mesh encloses (positive with faces outward)."""
    tri = vertices[faces]
    return float(np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6)
