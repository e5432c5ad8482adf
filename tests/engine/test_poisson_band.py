"""Adaptive screened Poisson (ops/poisson_band.py): the band system against the dense one, block
values against node values, and reconstructions against dense grids of the same cell."""

import numpy as np
import pytest
import torch

from engine.jobs import JobContext
from engine.ops.poisson import ScreenedSystem
from engine.ops.poisson_band import (BandLevel, BandSystem, DenseLevel, _keys, _unkey, band_nodes, level_block,
                                     solve_adaptive)
from engine.reconstruct.poisson import ScreenedPoisson
from tests.conftest import sphere_points


def _points_on_a_sphere_in_grid_units(n, centre, radius, seed=0):
    p = sphere_points(n, radius=1.0, noise=0.0, seed=seed)
    normals = p.copy()
    return torch.tensor(centre + radius * p, dtype=torch.float32), torch.tensor(normals, dtype=torch.float32)


def test_a_band_over_the_whole_grid_is_the_dense_system():
    """With every node in the band and zeros outside, the band operator and right side equal the
    dense level's, node for node."""
    shape = (17, 17, 17)
    points, normals = _points_on_a_sphere_in_grid_units(400, 8.0, 4.0)
    weights = torch.full((len(points),), 0.3)
    dense = ScreenedSystem(points, normals, weights, shape, 4.0)
    all_nodes = torch.arange(17 ** 3)
    level = BandLevel(shape, all_nodes, _unkey(all_nodes, shape), torch.zeros(17 ** 3),
                      DenseLevel(torch.zeros(9, 9, 9)))
    band = BandSystem(level, points, normals, weights, 4.0)
    assert torch.allclose(band.rhs, dense.rhs.reshape(-1), atol=1e-5)
    assert torch.allclose(band.diagonal, dense.diagonal.reshape(-1), atol=1e-5)
    x = torch.randn(shape)
    assert torch.allclose(band.apply(x.reshape(-1)), dense.apply(x).reshape(-1), atol=1e-4)


def test_band_nodes_are_the_corners_of_the_cells_near_the_points():
    shape = (33, 33, 33)
    points = torch.tensor([[10.5, 10.5, 10.5], [20.2, 11.7, 5.1]])
    keys = band_nodes(points, shape, band=1)
    coords = _unkey(keys, shape)
    # Naive: every node of every cell within one cell (26-neighbourhood) of a point's cell.
    expected = set()
    for p in points.floor().long().tolist():
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for dz in (-1, 0, 1):
                    for cx in (0, 1):
                        for cy in (0, 1):
                            for cz in (0, 1):
                                expected.add((p[0] + dx + cx, p[1] + dy + cy, p[2] + dz + cz))
    assert set(map(tuple, coords.tolist())) == expected
    assert torch.equal(keys, torch.sort(keys).values) and torch.equal(_keys(coords, shape), keys)


def test_blocks_of_a_band_level_equal_its_node_values():
    torch.manual_seed(0)
    coarse = DenseLevel(torch.rand(9, 9, 9))
    shape1 = (17, 17, 17)
    keys1 = band_nodes(torch.tensor([[8.3, 8.1, 7.9]]), shape1, band=1)
    mid = BandLevel(shape1, keys1, _unkey(keys1, shape1), torch.rand(len(keys1)), coarse)
    shape2 = (33, 33, 33)
    keys2 = band_nodes(torch.tensor([[16.4, 15.2, 17.7]]), shape2, band=1)
    fine = BandLevel(shape2, keys2, _unkey(keys2, shape2), torch.rand(len(keys2)), mid)
    corners = torch.tensor([[0, 0, 0], [16, 16, 16], [16, 0, 16]])
    block = level_block(fine, corners, 16)
    local = torch.stack(torch.meshgrid(*[torch.arange(17)] * 3, indexing="ij"), dim=-1).reshape(-1, 3)
    for b, corner in enumerate(corners):
        naive = fine.nodes(corner + local).reshape(17, 17, 17)
        assert torch.allclose(block[b], naive, atol=1e-6)


def test_one_band_level_reconstructs_like_a_dense_grid_of_its_cell(tmp_path):
    pts = sphere_points(30000, seed=1)
    path = tmp_path / "s.npz"
    np.savez(path, points=pts)
    run = lambda **p: ScreenedPoisson.run({"points": str(path)}, ScreenedPoisson.parse_config(p), JobContext())
    adaptive, dense = run(resolution=32, refine=1), run(resolution=64)
    (a_mesh, a_q), (d_mesh, d_q) = adaptive.objects[0], dense.objects[0]
    assert a_q["watertight"] and a_q["manifold"] and a_q["components"] == 1
    assert a_q["volume"] == pytest.approx(d_q["volume"], rel=2e-3)
    assert abs(a_q["faces"] - d_q["faces"]) < 0.01 * d_q["faces"]
    radial = lambda m: np.abs(np.linalg.norm(m.vertices, axis=1) - 1)
    assert radial(a_mesh).mean() < 1.1 * radial(d_mesh).mean()
    assert adaptive.report["cell_size"] == pytest.approx(dense.report["cell_size"], rel=1e-6)
    assert adaptive.report["band_nodes"] < 0.5 * 65 ** 3


def test_a_hole_far_from_the_band_is_still_closed(tmp_path):
    """The cap is missing: the filled surface lies many fine cells from any point, where the
    finest level falls back to the coarse grid; it must be extracted there too."""
    pts = sphere_points(30000, seed=2)
    pts = pts[pts[:, 2] < 0.7]
    path = tmp_path / "h.npz"
    np.savez(path, points=pts)
    result = ScreenedPoisson.run({"points": str(path)}, ScreenedPoisson.parse_config({"resolution": 24, "refine": 2}),
                                 JobContext())
    mesh, q = result.objects[0]
    assert q["watertight"] and q["manifold"] and q["components"] == 1
    assert mesh.vertices[:, 2].max() > 0.68   # the cap is filled, not cut flat where the points end


def test_solve_adaptive_returns_a_finest_level_that_samples_inside_high_and_outside_low():
    points, normals = _points_on_a_sphere_in_grid_units(3000, 32.0, 16.0, seed=3)
    finest = solve_adaptive(points, normals, torch.full((len(points),), 1.0), (17, 17, 17), 4.0, refine=2)
    assert isinstance(finest, BandLevel) and finest.shape == (65, 65, 65)
    inside = finest.sample(torch.tensor([[32.0, 32.0, 32.0], [32.0, 32.0, 40.0]]))
    outside = finest.sample(torch.tensor([[2.0, 2.0, 2.0], [32.0, 32.0, 60.0]]))
    at_surface = finest.sample(points[:200]).mean()
    assert (inside > at_surface).all() and (outside < at_surface).all()


def test_refine_is_a_checked_setting():
    from engine.errors import EngineError

    for bad in (-1, 4, 1.5, "two"):
        with pytest.raises(EngineError):
            ScreenedPoisson.parse_config({"refine": bad})


def test_a_preview_of_a_refined_poisson_is_coarse_and_unrefined():
    from engine.jobs import preview_config

    coarse = preview_config(ScreenedPoisson.parse_config({"resolution": 192, "refine": 2, "screening": 2.0}))
    assert (coarse.resolution, coarse.refine, coarse.screening) == (64, 0, 2.0)
