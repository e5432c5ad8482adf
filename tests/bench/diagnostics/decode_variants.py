"""Diagnostic (BENCHMARKS.md, twenty-sixth session): `eval generator` for one category under
variants of the decoding steps, the denoising done once. The category's 100 slot sets (the eval's
prompt, seeds and batches of 16) are denoised once and kept in CACHE_DIR (default
/tmp/shapesmith_slots); each VARIANT is Python run before decoding them all again, with
`relations` (engine.generate.part_relations), `revolved` (engine.generate.revolved_parts), `flanks`
(engine.generate.flank_relations) and `config` (the eval's Config; replace it with
dataclasses.replace) in scope, the tables restored after each; scored as `eval generator` scores
(1-NNA / COV / MMD against the 100 test shapes, and the shapes with a floating part; against the
val split's 100 instead with REFERENCE=val, to choose between variants without looking at the test
split). "pass" is the shipped decoding: it gives `eval generator`'s figures exactly. Run from the repository root:
    python tests/bench/diagnostics/decode_variants.py CATEGORY VARIANT [VARIANT ...]
e.g.  ... bed pass "relations.RELATIONS['bed'] = tuple(r for r in relations.RELATIONS['bed']
          if not (r.label == 'leg' and r.partner == 'floor'))"  "config = dataclasses.replace(config, revolve=False)"
"""
import copy
import dataclasses
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import time
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate import evaluate
from engine.generate import flank_relations as flanks
from engine.generate import part_relations as relations
from engine.generate import revolved_parts as revolved
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.ops.set_metrics import chamfer_matrix, distribution_metrics

N = 100
REFERENCE = os.environ.get("REFERENCE", "test")   # the split scored against
TABLES = {relations: ("RELATIONS", "SETTLING_ORDER", "SIZE_RANGES", "SIZE_CLASSES"), revolved: ("REVOLVED",),
          flanks: ("FLANKS",)}


def denoised_once(generator, category: str) -> tuple:
    """(slot sets, their categories, reference clouds, reference distances), cached per category."""
    folder = os.environ.get("CACHE_DIR", "/tmp/shapesmith_slots")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{category}.npz" if REFERENCE == "test" else f"{category}_{REFERENCE}.npz")
    if os.path.exists(path):
        with np.load(path, allow_pickle=False) as cached:
            return list(cached["slots"]), [str(c) for c in cached["categories"]], cached["reference"], cached["d_rr"]
    slots, categories = [], []
    for start in range(0, N, 16):
        config = Config(prompt=CATEGORY_NAMES[category][0], n=min(16, N - start), seed=start)
        made, _, kinds = generator.sample_shapes(config)
        slots += list(made)
        categories += list(kinds)
    reference = np.stack(evaluate._split_clouds(category, REFERENCE, N))
    d_rr = chamfer_matrix(reference)
    np.savez(path, slots=np.stack(slots), categories=np.array(categories), reference=reference, d_rr=d_rr)
    return slots, categories, reference, d_rr


def main(category: str, variants: list) -> None:
    generator = PartSlotGenerator.load("engine/models")
    slots, categories, reference, d_rr = denoised_once(generator, category)
    saved = {(module, name): copy.deepcopy(getattr(module, name)) for module, names in TABLES.items() for name in names}
    for variant in variants:
        for (module, name), table in saved.items():
            setattr(module, name, copy.deepcopy(table))
        scope = {"relations": relations, "revolved": revolved, "flanks": flanks, "dataclasses": dataclasses,
                 "config": Config(prompt=CATEGORY_NAMES[category][0])}
        exec(variant, scope)
        start = time.time()
        meshes = [generator.decode_as(scope["config"], s, c) for s, c in zip(slots, categories)]
        got = distribution_metrics(evaluate.sample_clouds(meshes), reference, d_rr)
        floating = sum(evaluate.integrity(mesh)[0] for mesh in meshes)
        print(f"{category:12s} {REFERENCE} 1-NNA {100 * got['1-NNA-CD']:5.1f}%  COV {100 * got['COV-CD']:5.1f}%  "
              f"MMD {1000 * got['MMD-CD']:.3f}e-3  floating {floating}  [{time.time() - start:.0f} s]  {variant}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
