"""Diagnostic (BENCHMARKS.md, latent SDF development run): the auto-encoder's decoded surface
against the true shape (Chamfer-L1) beside the true grid's own surface (the training grid: grown
by the recipe's dilation), and its label accuracy. Run from the repository root:
    python tests/bench/diagnostics/latent_autoencoder.py DIR   (DIR holds latent_sdf_ae.safetensors)"""
import os
import sys, json; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np, torch; torch.set_num_threads(1)
from engine.train.common import load_weights
from engine.generate.sdf_autoencoder import SDFAutoEncoder, AutoEncoderConfig
from engine.generate.latent_sdf import part_meshes, union_surface
from engine.generate.voxel_data import voxel_example
from engine.data.shapes import shape_for_index
from engine.ops.metrics import sample_surface
from scipy.spatial import cKDTree
st, meta, card = load_weights(os.path.join(sys.argv[1], "latent_sdf_ae.safetensors"))
ae = SDFAutoEncoder(AutoEncoderConfig(**json.loads(meta["config"]))); ae.load_state_dict(st); ae.eval()
for split, i in [("train", 0), ("train", 5), ("test", 3), ("test", 7)]:
    s = shape_for_index(split, i)
    recipe = card.get("recipe", {})
    r, trunc = recipe.get("resolution", 32), recipe.get("truncation", 0.1)
    from engine.generate.voxel_data import grid_spacing
    sdf, lab = voxel_example(s, r, trunc, dilation=recipe.get("dilation", 0.0) * grid_spacing(r))   # as trained
    with torch.no_grad():
        m, _ = ae.encode(torch.from_numpy(sdf)[None]); rec, logits = ae.decode(m)
    rec = rec[0].numpy(); logits = logits[0].numpy()
    v, f = union_surface(rec); mesh = s.mesh()
    a = sample_surface(v, f, 4000, 0); b = sample_surface(mesh.vertices, mesh.faces, 4000, 0)
    cd = (cKDTree(b).query(a)[0].mean() + cKDTree(a).query(b)[0].mean()) / 2
    try:
        v2, f2 = union_surface(sdf)  # the grid's own surface: the resolution's floor
        a2 = sample_surface(v2, f2, 4000, 0); cd2 = (cKDTree(b).query(a2)[0].mean() + cKDTree(a2).query(b)[0].mean()) / 2
    except ValueError:
        cd2 = float("nan")
    print("inside voxels", (sdf < 0).sum(), (rec < 0).sum())
    pm = part_meshes(rec, logits, s.category)
    acc = (logits.argmax(0) == lab)[sdf < 0.5].mean()
    print(split, i, s.category, f"CD-L1 {cd:.4f} (grid floor {cd2:.4f})", "parts", pm.part_names, f"label acc inside {acc:.2f}", [p.label for p in s.parts])
