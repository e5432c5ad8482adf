"""Pure ops against naive references and hand-checked cases."""

import numpy as np
import pytest
import torch

from engine.ops import meshes, normals, poisson
from engine.ops.isosurface import marching_cubes, marching_cubes_slabs
from engine.ops.metrics import surface_distances
from engine.ops.neighbors import knn, local_outliers, voxel_downsample_indices
from tests.conftest import sphere_points


def cube():
    v = np.array([[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)], float)
    f = np.array([[0, 1, 3], [0, 3, 2], [4, 6, 7], [4, 7, 5], [0, 4, 5], [0, 5, 1],
                  [2, 3, 7], [2, 7, 6], [0, 2, 6], [0, 6, 4], [1, 5, 7], [1, 7, 3]])
    return v, f


def test_quality_report_of_a_unit_cube():
    v, f = cube()
    q = meshes.quality_report(v, f)
    assert q["watertight"] and q["manifold"] and q["components"] == 1 and q["genus"] == 0
    assert q["area"] == pytest.approx(6.0) and q["volume"] == pytest.approx(1.0)


def test_quality_report_sees_holes_flips_and_pinches():
    v, f = cube()
    holed = meshes.quality_report(v, f[1:])
    assert not holed["watertight"] and holed["boundary_edges"] == 3
    flipped = f.copy()
    flipped[0] = flipped[0, ::-1]
    assert not meshes.quality_report(v, flipped)["watertight"]
    # Two cubes sharing one corner: every edge has two faces, but that vertex is a pinch.
    v2 = np.vstack([v, v + 1])
    f2 = np.vstack([f, f + 8])
    f2[f2 == 8 + 0] = 7  # cube 2's corner (1,1,1) is cube 1's vertex 7
    q = meshes.quality_report(v2, f2)
    assert q["non_manifold_edges"] == 0 and not q["manifold"]


def test_keep_largest_component():
    v, f = cube()
    v2, f2 = np.vstack([v, v + 5]), np.vstack([f, f[:2] + 8])  # a cube and a stray quad
    kv, kf, dropped = meshes.keep_largest_component(v2, f2)
    assert dropped == 1 and len(kf) == 12 and len(kv) == 8


def test_drop_small_components_keeps_pieces_of_at_least_the_fraction():
    v, f = cube()
    tiny = (v * 0.1 + 3, f[:2])                                    # a quad, 2 faces: a sixth of the cube's 12
    twin = (v + 6, f)                                              # as large as the first cube
    v3 = np.vstack([v, tiny[0], twin[0]])
    f3 = np.vstack([f, tiny[1] + 8, twin[1] + 16])
    kv, kf, dropped = meshes.drop_small_components(v3, f3, 0.5)
    assert dropped == 1 and len(kf) == 24 and len(kv) == 16
    assert meshes.quality_report(kv, kf)["watertight"] and meshes.quality_report(kv, kf)["components"] == 2
    assert meshes.drop_small_components(v3, f3, 0.1)[2] == 0      # 2 >= 0.1 * 12: kept
    kv, kf, dropped = meshes.drop_small_components(v3, f3, 0.0)
    assert dropped == 0 and kf is f3
    assert meshes.drop_small_components(v, np.zeros((0, 3), np.int64), 0.5)[2] == 0


def naive_laplacian(x):
    """G^T G x with zero outside the grid, by explicit neighbour loops."""
    out = np.zeros_like(x)
    X, Y, Z = x.shape
    for i in range(X):
        for j in range(Y):
            for k in range(Z):
                s = 0.0
                for di, dj, dk in ((1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)):
                    a, b, c = i + di, j + dj, k + dk
                    s += x[a, b, c] if 0 <= a < X and 0 <= b < Y and 0 <= c < Z else 0.0
                out[i, j, k] = 6 * x[i, j, k] - s
    return out


def test_laplacian_matches_naive_loops():
    x = np.random.default_rng(0).random((5, 4, 6))
    got = poisson.laplacian(torch.tensor(x)).numpy()
    np.testing.assert_allclose(got, naive_laplacian(x), atol=1e-12)


def gather(grid, stencil):
    """Trilinear interpolation of grid (X, Y, Z) at the stencil's points -> (N,)."""
    idx, wts = stencil
    return (grid.reshape(-1)[idx] * wts).sum(dim=1)


def test_splat_and_gather_are_adjoint_trilinear_maps():
    rng = np.random.default_rng(1)
    shape = (6, 5, 7)
    pts = torch.tensor(rng.random((50, 3)) * (np.array(shape) - 1))
    stencil = poisson.trilinear_stencil(pts, shape)
    grid = torch.tensor(rng.random(shape))
    vals = torch.tensor(rng.random((50, 1)))
    # <gather(grid), vals> == <grid, splat(vals)>
    lhs = (gather(grid, stencil) * vals[:, 0]).sum()
    rhs = (grid * poisson.splat(vals, stencil, shape)[0]).sum()
    assert float(lhs) == pytest.approx(float(rhs), rel=1e-12)
    # Trilinear interpolation reproduces a linear function exactly.
    lin = torch.tensor(np.fromfunction(lambda i, j, k: 2 * i - j + 0.5 * k + 3, shape))
    expect = 2 * pts[:, 0] - pts[:, 1] + 0.5 * pts[:, 2] + 3
    np.testing.assert_allclose(gather(lin, stencil).numpy(), expect.numpy(), atol=1e-10)


def test_divergence_rhs_is_the_adjoint_of_the_edge_gradient():
    rng = np.random.default_rng(2)
    shape = (4, 5, 3)
    field = torch.tensor(rng.random((3, *shape)))
    x = torch.tensor(rng.random(shape))
    # <G x, e> with e the edge average of the field, computed by loops.
    total = 0.0
    f, xv = field.numpy(), x.numpy()
    for axis in range(3):
        n = shape[axis]
        for idx in np.ndindex(*shape):
            if idx[axis] == n - 1:
                continue
            nxt = list(idx)
            nxt[axis] += 1
            e = 0.5 * (f[axis][idx] + f[axis][tuple(nxt)])
            total += (xv[tuple(nxt)] - xv[idx]) * e
    assert float((x * poisson.divergence_rhs(field)).sum()) == pytest.approx(total, rel=1e-12)


def test_cg_solves_the_screened_system():
    rng = np.random.default_rng(3)
    shape = (9, 9, 9)
    pts = torch.tensor(rng.random((200, 3)) * 8)
    nrm = torch.nn.functional.normalize(torch.tensor(rng.normal(size=(200, 3))), dim=1)
    system = poisson.ScreenedSystem(pts, nrm, torch.ones(200, dtype=torch.float64), shape, alpha=4.0)
    x = poisson.conjugate_gradient(system, torch.zeros(shape, dtype=torch.float64), 500, tol=1e-12)
    residual = (system.apply(x) - system.rhs).norm() / system.rhs.norm()
    assert float(residual) < 1e-9



@pytest.mark.parametrize("count", [30, 3000])   # sparse: applied per sample; crowded: per-cell blocks
def test_screening_applies_b_transpose_w_b_per_sample_or_per_cell_block(count):
    rng = np.random.default_rng(7)
    shape = (9, 8, 9)
    pts = torch.tensor(rng.random((count, 3)) * (np.array(shape) - 1))
    weights = torch.tensor(rng.random(count) + 0.5)
    stencil = poisson.trilinear_stencil(pts, shape)
    screening = poisson.PointScreening(stencil, weights)
    assert screening.blocked == (count == 3000)   # about 1 and 6 samples per occupied cell
    n = int(np.prod(shape))
    b = torch.zeros(count, n, dtype=torch.float64)
    b.scatter_add_(1, stencil[0], stencil[1])
    dense = b.T @ (weights[:, None] * b)
    x = torch.tensor(rng.normal(size=n))
    assert torch.allclose(screening.apply(x), dense @ x, rtol=1e-10, atol=1e-10)
    assert torch.allclose(screening.diagonal(n), torch.diagonal(dense), rtol=1e-10, atol=1e-12)

def test_marching_cubes_closes_a_sphere_and_slabs_match_one_piece():
    g = np.mgrid[0:40, 0:40, 0:40].astype(np.float32)
    field = 12 - np.sqrt(((g - 19.5) ** 2).sum(0))
    v1, f1 = marching_cubes(field, 0.0)
    v2, f2 = marching_cubes_slabs(field, 0.0, slab=7)
    q1, q2 = meshes.quality_report(v1, f1), meshes.quality_report(v2, f2)
    assert q1["watertight"] and q2["watertight"] and q2["manifold"] and q2["components"] == 1
    assert len(f1) == len(f2) and q2["volume"] == pytest.approx(q1["volume"], rel=1e-6)
    assert q2["volume"] == pytest.approx(4 / 3 * np.pi * 12 ** 3, rel=0.01)  # outward winding, positive volume


def test_marching_cubes_closes_a_shape_cut_by_the_grid_boundary():
    g = np.mgrid[0:20, 0:20, 0:20].astype(np.float32)
    field = 15 - np.sqrt(((g - 5) ** 2).sum(0))  # a ball that leaves the grid
    v, f = marching_cubes(field, 0.0)
    assert meshes.quality_report(v, f)["watertight"]


def test_pca_normals_on_a_plane_and_mst_orientation_on_a_sphere():
    pts = sphere_points(8000, noise=0.002, seed=4)
    _, idx = knn(pts, 16)
    n, variation = normals.pca_normals(pts, np.hstack([np.arange(len(pts))[:, None], idx]))
    radial = pts / np.linalg.norm(pts, axis=1, keepdims=True)
    assert np.median(np.abs(np.einsum("ij,ij->i", n, radial))) > 0.99
    oriented = normals.orient_mst(pts, n, idx[:, :10])
    assert (np.einsum("ij,ij->i", oriented, radial) > 0).mean() > 0.995
    flat = np.c_[np.random.default_rng(0).random((500, 2)), np.zeros(500)]
    _, fidx = knn(flat, 10)
    fn, fv = normals.pca_normals(flat, np.hstack([np.arange(500)[:, None], fidx]))
    assert np.allclose(np.abs(fn[:, 2]), 1) and fv.max() < 1e-12


def test_orientation_separates_the_two_sides_of_a_thin_plate():
    """Two parallel sheets 4 spacings apart (an ear): the tree must not jump between them."""
    rng = np.random.default_rng(5)
    n = 6000
    xy = rng.random((n, 2)) * [1.0, 0.3]
    gap = 0.02
    top = np.c_[xy, np.full(n, gap / 2)]
    bottom = np.c_[rng.random((n, 2)) * [1.0, 0.3], np.full(n, -gap / 2)]
    # Close the plate's rim with a few points so it is one surface.
    pts = np.vstack([top, bottom])
    _, idx = knn(pts, 16)
    n_est, _ = normals.pca_normals(pts, np.hstack([np.arange(len(pts))[:, None], idx]))
    oriented = normals.orient_mst(pts, n_est, idx[:, :10])
    side = np.sign(pts[:, 2])
    agree = np.sign(oriented[:, 2]) == side
    assert agree.mean() > 0.99


def test_local_outliers_keep_sparse_regions_and_drop_strays():
    rng = np.random.default_rng(6)
    dense = rng.random((4000, 3)) * [1, 1, 0.001]
    sparse = rng.random((400, 3)) * [1, 1, 0.001] + [2, 0, 0]  # ten times sparser
    strays = rng.random((5, 3)) * 0.1 + [0.5, 0.5, 0.5]
    pts = np.vstack([dense, sparse, strays])
    d, i = knn(pts, 16)
    out = local_outliers(d, i, 2.0)
    assert out[-5:].all() and out[:-5].mean() < 0.01


def test_voxel_downsample_keeps_one_point_per_voxel():
    pts = np.random.default_rng(7).random((5000, 3))
    keep = voxel_downsample_indices(pts, 0.25)
    keys = np.floor((pts[keep] - pts.min(0)) / 0.25).astype(int)
    assert len(np.unique(keys, axis=0)) == len(keep) == 64
    # Each kept point is the one nearest its voxel's mean (a naive loop over the voxels).
    all_keys = np.floor((pts - pts.min(0)) / 0.25).astype(int)
    for key, index in zip(keys, keep):
        members = np.nonzero((all_keys == key).all(axis=1))[0]
        mean = pts[members].mean(axis=0)
        assert index == members[np.argmin(((pts[members] - mean) ** 2).sum(axis=1))]


def test_surface_distances_of_identical_and_shifted_sets():
    pts = np.random.default_rng(8).random((2000, 3))
    same = surface_distances(pts, pts, [0.01])
    assert same["chamfer_l1"] == 0 and same["fscore@0.01"] == 1
    shifted = surface_distances(pts + [0.5, 0, 0], pts, [0.01])
    assert shifted["chamfer_l1"] > 0.1 and shifted["fscore@0.01"] < 0.5


def test_edge_signs_along_a_surface_follow_the_normals_and_across_a_gap_point_apart():
    points = np.array([[0.0, 0, 0], [1.0, 0, 0], [0.0, 0, 1.0]])
    up = np.array([[0.0, 0, 1], [0.0, 0, 1], [0.0, 0, 1]])
    parent = np.array([0, 0, 0])
    scale = np.ones(3)
    # node 1 lies beside 0 in its tangent plane: same side; node 2 lies above 0, facing it across
    # a gap of one spacing: its normal must point the other way (away from 0).
    assert normals.tree_edge_signs(points, up, parent, scale)[1:].tolist() == [1, -1]
    flipped = up * [[1], [-1], [1]]
    assert normals.tree_edge_signs(points, flipped, parent, scale)[1] == -1


def test_a_closed_panel_two_spacings_thick_gets_its_sides_apart():
    """A closed box 11 mm thick sampled every ~5.5 mm (the bench's panel, smaller): Hoppe's rule
    alone gets about half the normals wrong (measured 0.52); ours 0.97."""
    from tests.bench.test_bench_orientation import thin_box_points

    pts, truth = thin_box_points(n=12000, size=(0.5, 0.3, 0.011), seed=1)
    _, idx = knn(pts, 24)
    n_est, _ = normals.pca_normals(pts, np.hstack([np.arange(len(pts))[:, None], idx]))
    oriented = normals.orient_mst(pts, n_est, idx[:, :10])
    right = ((oriented * truth).sum(1) > 0).mean()
    assert right > 0.95
