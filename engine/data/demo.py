"""The demo: reconstruct the bundled Stanford Bunny range scans and draw a before/after picture,
then generate part-labelled shapes from a few prompts with the shipped generator and draw them.

Run by `python3 build.py demo`; writes into the folder given as the first argument.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

BUNDLED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bundled", "bunny_range_scans.npz")


DEMO_PROMPTS = ["an office chair with armrests and five wheels", "a round dining table",
                "a bookshelf with four shelves", "a stool with three legs"]


def generate_shapes(out_dir: str, per_prompt: int = 2) -> str:
    """GLBs (a node per part) for each demo prompt and one contact sheet of them all."""
    from engine.data.shapes.pictures import write_contact_sheet
    from engine.formats import read_input
    from engine.jobs import JobContext, run_job
    from engine.progress import ProgressBar

    shapes, captions = [], []
    for k, prompt in enumerate(DEMO_PROMPTS):
        folder = os.path.join(out_dir, "generated", f"prompt_{k}")
        print(f"Generating {per_prompt} x {prompt!r} ...", flush=True)
        bar = ProgressBar()
        manifest = run_job("generate", "part_slots", {"prompt": prompt, "n": per_prompt, "seed": 0}, {}, folder,
                           JobContext(bar.update), object_format="glb")
        bar.finish()
        with open(manifest, encoding="utf-8") as fh:
            for obj in json.load(fh)["objects"]:
                if obj["file"]:
                    shapes.append(read_input(os.path.join(folder, obj["file"]), kind="mesh"))
                    captions.append(f"{prompt} (seed {obj['provenance']['seed']})")
    picture = os.path.join(out_dir, "generated.png")
    write_contact_sheet(picture, shapes, columns=per_prompt * 2, captions=captions)
    return picture


def main(out_dir: str) -> int:
    os.makedirs(out_dir, exist_ok=True)
    mesh_path = os.path.join(out_dir, "bunny.ply")
    print(f"Reconstructing {os.path.basename(BUNDLED)} (362,272 raw scan points, no normals) ...", flush=True)
    code = subprocess.run([sys.executable, "-m", "engine", "reconstruct", BUNDLED, "-o", mesh_path]).returncode
    if code:
        return code
    from engine.formats import read_input
    from engine.ops.render import render_mesh, render_points, side_by_side, write_png

    points = np.load(BUNDLED)["points"].astype(np.float64)
    mesh = read_input(mesh_path)
    rng = np.random.default_rng(0)
    shown = points[rng.choice(len(points), 120000, replace=False)]
    panels = [render_points(shown, size=(360, 360), azimuth=35, elevation=15, frame_points=mesh.vertices),
              render_mesh(mesh.vertices, mesh.faces, size=(360, 360), azimuth=35, elevation=15),
              render_mesh(mesh.vertices, mesh.faces, size=(360, 360), azimuth=35, elevation=-55)]
    picture = os.path.join(out_dir, "bunny.png")
    write_png(picture, side_by_side(panels))
    with open(os.path.join(out_dir, "bunny.result.json"), encoding="utf-8") as fh:
        quality = json.load(fh)["objects"][0]["quality"]
    print("\nDemo results")
    print(f"  mesh:    {mesh_path}")
    print(f"  report:  {os.path.join(out_dir, 'bunny.result.json')}")
    print(f"  picture: {picture}  (scan points | reconstruction | its closed underside)")
    print(f"  quality: watertight={quality['watertight']} manifold={quality['manifold']} "
          f"components={quality['components']} faces={quality['faces']} "
          f"mean distance from scan points to surface={quality['input_to_surface_mean'] * 1000:.2f} mm")
    print()
    generated = generate_shapes(out_dir)
    print(f"\n  generated shapes: {os.path.join(out_dir, 'generated')} (one GLB per shape, a node per part)")
    print(f"  picture: {generated}  (parts coloured by label)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "demo_output"))
