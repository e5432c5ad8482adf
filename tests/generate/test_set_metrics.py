"""Distribution metrics against a naive dense implementation and known cases."""

import numpy as np

from engine.ops.set_metrics import chamfer_matrix, distribution_metrics


def naive_cd(a, b):
    d = ((a[:, None] - b[None]) ** 2).sum(-1)
    return d.min(1).mean() + d.min(0).mean()


def test_chamfer_matches_dense():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(3, 50, 3)), rng.normal(size=(2, 40, 3))
    m = chamfer_matrix(a, b)
    assert np.allclose(m, [[naive_cd(x, y) for y in b] for x in a])
    assert np.allclose(chamfer_matrix(a), [[naive_cd(x, y) for y in a] for x in a])  # one set: symmetric


def test_identical_sets_and_separated_sets():
    rng = np.random.default_rng(1)
    ref = rng.normal(size=(10, 64, 3))
    same = distribution_metrics(ref + 1e-9, ref)
    assert same["COV-CD"] == 1.0 and same["MMD-CD"] < 1e-12 and same["1-NNA-CD"] <= 0.5
    far = distribution_metrics(ref + 100, ref)
    assert far["1-NNA-CD"] == 1.0  # every shape's nearest neighbour is in its own set
    collapsed = distribution_metrics(np.repeat(ref[:1], 10, axis=0), ref)
    assert collapsed["COV-CD"] == 0.1
