"""Diagnostic (BENCHMARKS.md, nineteenth session): the latent SDF model's shapes decoded as they
come, made one piece the default way (latent_sdf.joined_shape: gaps of up to two cells bridged,
pieces under a twentieth of the largest dropped), with wider bridges, and cut to their largest
piece. N latents a category are sampled once from its name (default settings) and decoded each
way; 1-NNA / COV / MMD against the test split as `eval generator` measures them, with the share
of shapes with a floating part and with a leaky part (an empty shape counts as both), and how
many came out empty. Run from the repository root:
    python tests/bench/diagnostics/latent_joined.py MODELS_DIR N CATEGORY[,CATEGORY...]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate import latent_sdf
from engine.generate.evaluate import POINTS, _cloud, _split_clouds, integrity
from engine.ops.set_metrics import chamfer_matrix, distribution_metrics

generator = latent_sdf.LatentSDFGenerator.load(sys.argv[1])
n = int(sys.argv[2])
VARIANTS = {"as decoded": None, "joined (default)": (latent_sdf.GAP_CELLS, latent_sdf.KEEP_FRACTION),
            "joined, gaps of 4": (2, latent_sdf.KEEP_FRACTION), "largest piece only": (2, 1.0)}
for category in sys.argv[3].split(","):
    prompt = CATEGORY_NAMES[category][0]
    latents = np.concatenate([generator.sample_latents(latent_sdf.Config(prompt=prompt, n=min(16, n - s), seed=s))
                              for s in range(0, n, 16)])
    decoded = [generator.decode(z, joined=False) for z in latents]   # once; each variant reads them
    reference = np.stack(_split_clouds(category, "test", n))
    d_rr = chamfer_matrix(reference)
    oracle = distribution_metrics(np.stack(_split_clouds(category, "train", n)), reference, d_rr)
    print(f"{category} (oracle 1-NNA {100 * oracle['1-NNA-CD']:.1f}%)", flush=True)
    for name, variant in VARIANTS.items():
        clouds, floating, leaky, empty = [], 0, 0, 0
        for k, (sdf, logits) in enumerate(decoded):
            mesh = latent_sdf.part_meshes(sdf if variant is None else latent_sdf.joined_shape(sdf, *variant), logits,
                                          category)
            clouds.append(_cloud(mesh, k) if len(mesh.faces) else np.zeros((POINTS, 3)))
            has_floating, has_leaky = integrity(mesh)
            floating, leaky, empty = floating + has_floating, leaky + has_leaky, empty + (not len(mesh.faces))
        m = distribution_metrics(np.stack(clouds), reference, d_rr)
        print(f"  {name:20s} 1-NNA {100 * m['1-NNA-CD']:5.1f}%  COV {100 * m['COV-CD']:5.1f}%  MMD "
              f"{1000 * m['MMD-CD']:.2f}e-3  floating {100 * floating / n:.0f}%  leaky {100 * leaky / n:.0f}%  "
              f"empty {100 * empty / n:.0f}%", flush=True)
