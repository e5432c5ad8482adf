"""Every reconstruction method on analytic shapes of known volume, with bad inputs and cancel.

Tolerances are per method and tight enough that a wrong sign or a flipped normal fails them
(a flipped field meshes the padded box, or nothing, instead of the sphere)."""

import hashlib
import threading

import numpy as np
import pytest

from engine.errors import EngineError
from engine.jobs import JobContext
from engine.registry import capabilities, get_method
from tests.conftest import sphere_points, torus_points

# Small, quick settings per method (the defaults are for quality, not for a test run).
QUICK = {
    "poisson": {"resolution": 64},
    "imls": {"resolution": 64},
    "rbf": {"resolution": 64, "centres": 4000},
    "neural_sdf": {"resolution": 64, "iterations": 250, "batch": 1024, "width": 64},
    "sal": {"resolution": 64, "iterations": 250, "batch": 2048, "width": 64, "pool": 40000},
    "ball_pivoting": {},
}
# Relative volume error allowed on a noisy sphere at 64 cells (what each measures here, with margin).
VOLUME_TOLERANCE = {"poisson": 0.01, "imls": 0.01, "rbf": 0.01, "neural_sdf": 0.02, "sal": 0.03}
IMPLICIT = ["poisson", "imls", "rbf", "neural_sdf", "sal"]


def run(method, tmp_path, points, normals=None, **params):
    path = tmp_path / "in.npz"
    np.savez(path, **({"points": points} if normals is None else {"points": points, "normals": normals}))
    cls = get_method("reconstruct", method)
    return cls.run({"points": str(path)}, cls.parse_config({**QUICK[method], **params}), JobContext())


def test_every_method_is_listed_with_its_own_settings():
    methods = capabilities()["reconstruct"]["methods"]
    assert set(IMPLICIT) <= set(methods)
    assert "screening" in methods["poisson"]["params"] and "screening" not in methods["imls"]["params"]
    assert "iterations" in methods["sal"]["params"] and "orientation" in methods["rbf"]["params"]
    for name in IMPLICIT[1:]:
        assert methods[name]["params"]["extractor"]["choices"] == ["lewiner", "classic", "dual_contouring"]


@pytest.mark.parametrize("method", IMPLICIT)
def test_a_noisy_sphere_becomes_one_closed_sphere_of_the_right_volume(method, tmp_path):
    result = run(method, tmp_path, sphere_points(8000, radius=1.0, seed=4))
    _, q = result.objects[0]
    assert q["watertight"] and q["manifold"] and q["components"] == 1 and q["genus"] == 0
    assert q["volume"] == pytest.approx(4 / 3 * np.pi, rel=VOLUME_TOLERANCE[method])
    assert q["input_to_surface_mean"] < 0.012


@pytest.mark.parametrize("method", ["imls", "rbf", "sal"])
def test_a_torus_keeps_its_hole(method, tmp_path):
    _, q = run(method, tmp_path, torus_points(12000, seed=5)).objects[0]
    assert q["watertight"] and q["genus"] == 1
    assert q["volume"] == pytest.approx(2 * np.pi ** 2 * 0.35 ** 2, rel=0.03)


@pytest.mark.parametrize("method", ["imls", "rbf"])
def test_inward_normals_given_as_they_are_would_turn_the_sphere_inside_out(method, tmp_path):
    """With orientation 'given', the normals are trusted after a global outward check, so an
    all-inward set is turned over; the fit's sign convention is what the volume checks."""
    pts = sphere_points(6000, seed=6)
    inward = -pts / np.linalg.norm(pts, axis=1, keepdims=True)
    _, q = run(method, tmp_path, pts, inward, orientation="given").objects[0]
    assert q["volume"] == pytest.approx(4 / 3 * np.pi, rel=0.02)


def test_sal_learns_a_signed_field_from_unoriented_points():
    import torch

    from engine.reconstruct.sal import SAL

    pts = sphere_points(6000, radius=0.5, seed=7)
    from engine.structures import PointCloud

    config = SAL.parse_config(QUICK["sal"])
    field, _ = SAL.fit(PointCloud(pts), None, 0.01, config, JobContext(), torch.device("cpu"))
    probe = torch.tensor([[0.0, 0.0, 0.0], [0.2, -0.1, 0.1], [0.9, 0.0, 0.0], [0.0, 0.7, 0.6]])
    values = field(probe)                     # inside > 0 for the extractor, i.e. the SDF is negative
    assert values[0] > 0.3 and values[1] > 0.1 and values[2] < -0.2 and values[3] < -0.2
    # and near the sphere the magnitude is a distance
    radial = torch.tensor([[0.0, 0.0, r] for r in (0.3, 0.4, 0.6, 0.7)])
    assert np.allclose(field(radial).detach().numpy(), [0.2, 0.1, -0.1, -0.2], atol=0.03)


def test_dual_contouring_and_the_classic_table_are_selectable_extractors(tmp_path):
    pts = sphere_points(6000, seed=8)
    for extractor in ("dual_contouring", "classic"):
        result = run("imls", tmp_path, pts, extractor=extractor)
        _, q = result.objects[0]
        assert result.report["extractor"] == extractor
        assert q["volume"] == pytest.approx(4 / 3 * np.pi, rel=0.02)
    # the field is evaluated near the surface only: at 128 cells on a third of the nodes or fewer
    assert 0 < run("imls", tmp_path, pts, resolution=128).report["field_evaluated_fraction"] < 0.35


@pytest.mark.parametrize("method", IMPLICIT[1:] + ["ball_pivoting"])
@pytest.mark.parametrize("name, points, fragment", [
    ("one point", np.zeros((1, 3)), "at least 10 are needed"),
    ("nan", np.vstack([sphere_points(500), [[np.nan, 0, 0]]]), "NaN or infinite"),
    ("planar", np.c_[np.random.default_rng(0).random((2000, 2)), np.zeros(2000)], "plane or a line"),
])
def test_bad_inputs_give_a_typed_error_and_leave_the_file_alone(method, name, points, fragment, tmp_path):
    path = tmp_path / "bad.npz"
    np.savez(path, points=points)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    cls = get_method("reconstruct", method)
    with pytest.raises(EngineError) as info:
        cls.run({"points": str(path)}, cls.parse_config(QUICK[method]), JobContext())
    assert info.value.code == "BAD_INPUT" and fragment in info.value.message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("method", IMPLICIT[1:] + ["ball_pivoting"])
def test_bad_settings_are_refused_and_cancel_stops_the_job(method, tmp_path):
    cls = get_method("reconstruct", method)
    bad_settings = ({"extractor": "sideways"}, {"resolution": 4}, {"screening": 1.0})
    if method == "ball_pivoting":
        bad_settings = ({"radii": "1,x"}, {"radii": "-1"}, {"radii": ""}, {"max_points": 5})
    for bad in bad_settings:
        with pytest.raises(EngineError) as info:
            cls.parse_config(bad)
        assert info.value.code == "BAD_PARAMS"
    path = tmp_path / "p.npz"
    np.savez(path, points=sphere_points(3000))
    ctx = JobContext(cancel_event=threading.Event())
    ctx.cancel_event.set()
    with pytest.raises(EngineError) as info:
        cls.run({"points": str(path)}, cls.parse_config(QUICK[method]), ctx)
    assert info.value.code == "CANCELLED"


def test_ball_pivoting_meshes_a_clean_sphere_through_its_points_outward(tmp_path):
    pts = sphere_points(3000, noise=0.0, seed=9)
    result = run("ball_pivoting", tmp_path, pts)
    mesh, q = result.objects[0]
    assert result.report["points_used"] == 3000 and q["non_manifold_edges"] == 0 and q["components"] == 1
    # the vertices are the input points themselves
    assert np.abs(np.linalg.norm(mesh.vertices, axis=1) - 1).max() < 1e-12
    edges = 3 * len(mesh.faces) / 2
    assert q["boundary_edges"] < 0.005 * edges          # nearly closed where the sampling is even
    assert q["area"] == pytest.approx(4 * np.pi, rel=0.01)
    assert q["volume"] == pytest.approx(4 / 3 * np.pi, rel=0.015)   # positive: wound outward


def test_ball_pivoting_leaves_the_holes_of_the_input_and_the_report_says_so(tmp_path):
    pts = sphere_points(3000, noise=0.0, seed=10)
    pts = pts[pts[:, 2] < 0.7]                              # a scan with its cap missing
    _, q = run("ball_pivoting", tmp_path, pts).objects[0]
    assert not q["watertight"] and q["boundary_edges"] >= 20
    # Poisson on the same points closes it
    _, q = run("poisson", tmp_path, pts).objects[0]
    assert q["watertight"] and q["boundary_edges"] == 0


def _pivot_one_edge(mesher, a, b, rho):
    """Naive reference: pivot one front edge, candidate by candidate in angle order."""
    from engine.reconstruct.ball_pivoting import ball_centres

    p = mesher.p
    k, c0 = mesher.directed[(a, b)]
    m = (p[a] + p[b]) / 2
    e = (p[b] - p[a]) / np.linalg.norm(p[b] - p[a])
    u0 = c0 - m - ((c0 - m) @ e) * e
    found = []
    for v in mesher.tree.query_ball_point(m, 2 * rho):
        if v in (a, b, k):
            continue
        centre, valid = ball_centres(p[b], p[a], p[v], rho)
        if not valid[0]:
            continue
        u1 = centre[0] - m - ((centre[0] - m) @ e) * e
        found.append((np.arctan2(np.cross(u0, u1) @ e, u1 @ u0) % (2 * np.pi), v, centre[0]))
    for _, v, centre in sorted(found, key=lambda x: x[0])[:24]:
        inside = [q for q in mesher.tree.query_ball_point(centre, rho * (1 - 1e-6)) if q not in (a, b, v)]
        if not inside:
            return v, centre
    return None


def test_batched_pivots_are_the_edge_by_edge_pivots():
    from engine.ops.neighbors import kdtree
    from engine.reconstruct.ball_pivoting import Mesher

    pts = sphere_points(1500, noise=0.002, seed=11)
    normals = pts / np.linalg.norm(pts, axis=1, keepdims=True)
    mesher = Mesher(pts, normals, kdtree(pts))
    rho = 2.0 * float(np.sqrt(4 * np.pi / 1500))
    mesher.run([rho])
    edges = list(mesher.directed)[:400]
    batch = mesher.pivot_batch(edges, rho)
    agree = 0
    for (a, b), got in zip(edges, batch):
        want = _pivot_one_edge(mesher, a, b, rho)
        assert (got is None) == (want is None)
        if got is not None:
            assert got[0] == want[0] and np.allclose(got[1], want[1])
            v = got[0]
            facing = np.cross(pts[a] - pts[b], pts[v] - pts[b]) @ normals[v] > 0
            assert got[2] == facing
            agree += 1
    assert agree > 300
