"""Diagnostic (BENCHMARKS.md, twenty-fourth session): what a part's meshing alone costs, apart from
its code. For each train shape of a category (the eval's oracle shapes) every part is meshed in its
own exact box (slots.part_box) on the grid `decode` uses (part_vae.part_grid_shape at cell
1/RESOLUTION, at least part_vae.fewest_nodes(label) nodes a side; MIN_NODES, e.g.
"lampshade:10,body:10", sets other minima for those labels), its occupancy taken either from the
part's true signed distance ("true SDF": a perfect decoder) or from the part auto-encoder's
decoder of the part's own code ("decoder"; SOURCES="true SDF" skips it); no assembly, no
denoiser. Each is scored against the eval's test shapes as `eval generator` scores (1-NNA / COV /
MMD), beside the oracle. The gap between the oracle and "true SDF" is the grid's; between "true
SDF" and "decoder" the decoder's. Run from the repository root:
    [PART_VAE=WEIGHTS] [MIN_NODES=LABEL:N,...] [SOURCES="true SDF"] \
        python tests/bench/diagnostics/meshing_floor.py N RESOLUTION[,RESOLUTION...] CATEGORY [CATEGORY ...]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import time
import numpy as np, torch
torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", 2)))
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.generate.evaluate import _cloud, _split_clouds
from engine.generate.part_vae import decode_box_grids, fewest_nodes, load_part_vae, mesh_from_logits, part_grid_shape
from engine.generate.slots import box_to_world, part_box
from engine.ops.metrics import sample_surface
from engine.ops.set_metrics import chamfer_matrix, distribution_metrics
from engine.structures import PartMesh

n, resolutions, categories = int(sys.argv[1]), [int(r) for r in sys.argv[2].split(",")], sys.argv[3:]
vae, _ = load_part_vae(os.environ.get("PART_VAE") or "engine/models/part_vae.safetensors")
names = list(CATEGORIES)
MIN_NODES = {k: int(v) for k, v in (item.split(":") for item in os.environ.get("MIN_NODES", "").split(",") if item)}


def box_grid(shape_nodes, bound=1.1):
    axes = [np.linspace(-bound, bound, k) for k in shape_nodes]
    return np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, 3)


def meshed(shape, resolution, source, seed):
    rng = np.random.default_rng(seed)
    boxes = [part_box(part.primitive) for part in shape.parts]
    grids = [part_grid_shape(half, 1.0 / resolution, minimum=MIN_NODES.get(part.label, fewest_nodes(part.label)))
             for part, (_, half, _) in zip(shape.parts, boxes)]
    if source == "decoder":
        points = []
        for part, (centre, half, rot) in zip(shape.parts, boxes):
            v, f = part.primitive.mesh()
            points.append(((sample_surface(v, f, 256, rng) - centre) @ rot) / half)
        codes = vae.encode(torch.from_numpy(np.asarray(points, np.float32)))
        logits = decode_box_grids(vae.decoder, codes, grids, labels=[part.label for part in shape.parts])
    else:
        logits = [-part.primitive.sdf(box_to_world(box_grid(g), *box)).reshape(g)
                  for part, box, g in zip(shape.parts, boxes, grids)]
    verts, faces, offset = [], [], 0
    for box, grid in zip(boxes, logits):
        mesh = mesh_from_logits(grid)
        if mesh is None:
            continue
        verts.append(box_to_world(mesh[0], *box))
        faces.append(mesh[1] + offset)
        offset += len(mesh[0])
    if not verts:
        return None
    f = np.concatenate(faces)
    return PartMesh(np.concatenate(verts), f, np.zeros(len(f), np.int64), ["part"])


for category in categories:
    t0 = time.time()
    reference = np.stack(_split_clouds(category, "test", n))
    oracle = np.stack(_split_clouds(category, "train", n))
    d_rr = chamfer_matrix(reference)
    o = distribution_metrics(oracle, reference, d_rr)
    line = [f"{category:13s} n={n} oracle {100 * o['1-NNA-CD']:.1f}/{100 * o['COV-CD']:.0f}/{1000 * o['MMD-CD']:.2f}"]
    shapes = [shape_for_index("train", names.index(category) + len(names) * k) for k in range(n)]
    for resolution in resolutions:
        for source in os.environ.get("SOURCES", "true SDF,decoder").split(","):
            meshes = [meshed(s, resolution, source, k) for k, s in enumerate(shapes)]
            clouds = np.stack([_cloud(m, k) if m is not None else np.zeros_like(reference[0]) for k, m in enumerate(meshes)])
            c = distribution_metrics(clouds, reference, d_rr)
            line.append(f"{source} @{resolution} {100 * c['1-NNA-CD']:.1f}/{100 * c['COV-CD']:.0f}/{1000 * c['MMD-CD']:.2f}")
    print(" | ".join(line) + f"  ({time.time() - t0:.0f} s)", flush=True)
