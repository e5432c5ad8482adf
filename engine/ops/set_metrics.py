"""Distribution metrics between two sets of shapes given as point clouds (PointFlow's conventions).

clouds: (N, P, 3) float arrays, both sets in one frame (no per-shape normalisation here).
Chamfer distance CD(a, b) = mean_a min_b |a - b|^2 + mean_b min_a |a - b|^2 (squared L2),
nearest neighbours through k-d trees.
  MMD-CD   mean over reference shapes of the CD to the closest generated shape (lower is better)
  COV-CD   fraction of reference shapes that are the nearest reference of some generated shape
  1-NNA-CD leave-one-out 1-nearest-neighbour accuracy on generated ∪ reference (50% is ideal)
"""

from __future__ import annotations

import numpy as np


def chamfer_matrix(a_clouds, b_clouds=None) -> np.ndarray:
    """(Na, Nb) squared-L2 Chamfer distances; with one set, its symmetric (Na, Na) matrix, each
    pair measured once."""
    from scipy.spatial import cKDTree

    symmetric = b_clouds is None
    b_clouds = a_clouds if symmetric else b_clouds
    a_trees = [cKDTree(c) for c in a_clouds]
    b_trees = a_trees if symmetric else [cKDTree(c) for c in b_clouds]
    out = np.zeros((len(a_clouds), len(b_clouds)))
    for i, (a, ta) in enumerate(zip(a_clouds, a_trees)):
        for j in range(i if symmetric else 0, len(b_clouds)):
            b, tb = b_clouds[j], b_trees[j]
            out[i, j] = (tb.query(a)[0] ** 2).mean() + (ta.query(b)[0] ** 2).mean()
            if symmetric:
                out[j, i] = out[i, j]
    return out


def distribution_metrics(generated, reference, d_rr=None) -> dict:
    """MMD/COV/1-NNA of generated against reference; d_rr, the reference set's own Chamfer
    matrix, may be passed in when several sets are measured against one reference."""
    if len(generated) != len(reference):
        raise ValueError("1-NNA needs sets of equal size")
    d_gr = chamfer_matrix(generated, reference)
    d_gg = chamfer_matrix(generated)
    d_rr = chamfer_matrix(reference) if d_rr is None else d_rr
    n = len(generated)
    mmd = float(d_gr.min(axis=0).mean())
    cov = float(len(np.unique(d_gr.argmin(axis=1))) / n)
    full = np.block([[d_gg, d_gr], [d_gr.T, d_rr]])
    np.fill_diagonal(full, np.inf)
    labels = np.r_[np.zeros(n), np.ones(n)]
    nnacc = float((labels[full.argmin(axis=1)] == labels).mean())
    return {"1-NNA-CD": nnacc, "COV-CD": cov, "MMD-CD": mmd, "n": n}
