"""Training samples derived from a shape (normalised frame, cube [-BOUND, BOUND]^3).

    sdf_<R>          (R, R, R) float16   signed distance at cell centres, index [i, j, k] = (x, y, z)
    labels_<R>       (R, R, R) uint8     label id (labels.LABELS) of the nearest part
    surface_points   (S, 3) float32      on the union's outer surface (inside-other-part samples dropped)
    surface_normals  (S, 3) float32      outward unit normals
    surface_labels   (S,) uint8          label id;  surface_parts (S,) uint8: part index
    near_points      (M, 3) float32      near the surface (two noise scales) plus 1/8 uniform in the cube
    near_sdf         (M,) float32;  near_labels (M,) uint8
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ops.metrics import sample_surface

BOUND = 0.55


@dataclass
class SampleConfig:
    """How much to derive per shape."""
    resolutions: tuple = (32,)     # SDF/label grid sizes, e.g. (32, 64)
    surface_count: int = 2048      # surface points per shape
    near_count: int = 4096         # near-surface SDF samples per shape
    near_sigmas: tuple = (0.005, 0.03)  # noise scales of the near-surface samples (shape units)


def grid_axis(resolution: int) -> np.ndarray:
    """(R,) cell-centre coordinates along one side of the cube."""
    return (np.arange(resolution) + 0.5) / resolution * 2 * BOUND - BOUND


def grid_points(resolution: int) -> np.ndarray:
    """(R^3, 3) cell centres of the cube, x slowest."""
    c = grid_axis(resolution)
    return np.stack(np.meshgrid(c, c, c, indexing="ij"), -1).reshape(-1, 3)


def derive_samples(shape, config: SampleConfig = SampleConfig(), seed: int = 0) -> dict:
    rng = np.random.default_rng([seed, 7])
    ids = shape.label_ids()
    out = {}
    for res in config.resolutions:
        d, part = shape.sdf_grid(grid_axis(res))
        out[f"sdf_{res}"] = d.reshape(res, res, res).astype(np.float16)
        out[f"labels_{res}"] = ids[part].reshape(res, res, res)
    pts, nrm, part = surface_samples(shape, config.surface_count, rng)
    out.update(surface_points=pts.astype(np.float32), surface_normals=nrm.astype(np.float32),
               surface_labels=ids[part], surface_parts=part.astype(np.uint8))
    near = _near_points(pts, config, rng)
    d, part = shape.sdf(near)
    out.update(near_points=near.astype(np.float32), near_sdf=d.astype(np.float32), near_labels=ids[part])
    return out


def surface_samples(shape, count: int, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Area-weighted points on the union's surface: points (count, 3), normals, part index."""
    mesh = shape.mesh()
    tri = mesh.vertices[mesh.faces]
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    normals = cross / np.maximum(np.linalg.norm(cross, axis=1, keepdims=True), 1e-30)
    pts, nrm, part = [], [], []
    have, draw = 0, int(count * 1.5) + 64
    for _ in range(8):
        p, face = sample_surface(mesh.vertices, mesh.faces, draw, rng, return_faces=True)
        # A point of one part that lies inside another part is not on the object's surface.
        keep = ~shape.inside_other_parts(p, mesh.face_part[face])
        pts.append(p[keep])
        nrm.append(normals[face[keep]])
        part.append(mesh.face_part[face[keep]])
        have += int(keep.sum())
        if have >= count:
            break
    pts, nrm, part = (np.concatenate(a)[:count] for a in (pts, nrm, part))
    return pts, nrm, part


def _near_points(surface: np.ndarray, config: SampleConfig, rng) -> np.ndarray:
    n_uniform = config.near_count // 8
    n_near = config.near_count - n_uniform
    base = surface[rng.integers(len(surface), size=n_near)]
    sigma = np.asarray(config.near_sigmas)[rng.integers(len(config.near_sigmas), size=n_near)]
    near = base + rng.normal(size=(n_near, 3)) * sigma[:, None]
    uniform = rng.uniform(-BOUND, BOUND, size=(n_uniform, 3))
    return np.clip(np.concatenate([near, uniform]), -BOUND, BOUND)
