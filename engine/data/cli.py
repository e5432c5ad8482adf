"""`python -m engine data ...`: export procedural shapes, build the training cache, load a user
library, draw contact sheets. Heavy modules are imported only when a command runs."""

from __future__ import annotations

import json
import os
import sys
import time


def add_data_parser(sub) -> None:
    data = sub.add_parser("data", help="the part-labelled shape library")
    cmd = data.add_subparsers(dest="data_command", required=True)

    exp = cmd.add_parser("export", help="shapes as GLB (a node per part) + JSON (attributes, caption)")
    exp.add_argument("--category", required=True, help="a category, or 'all'")
    exp.add_argument("--count", type=int, default=1)
    exp.add_argument("--seed", type=int, default=0, help="first seed; shape k uses seed + k")
    exp.add_argument("-o", "--output", required=True, help="output folder")
    exp.add_argument("--metres", action="store_true", help="real size in metres, standing on z = 0 "
                                                           "(default: the normalised training frame)")
    exp.add_argument("--preview", action="store_true", help="also write preview.png, a contact sheet")

    bld = cmd.add_parser("build", help="the cached training set with derived samples (resumable)")
    bld.add_argument("-o", "--output", required=True, help="dataset folder")
    bld.add_argument("--split", choices=("train", "val", "test"), default="train")
    bld.add_argument("--count", type=int, default=20000)
    bld.add_argument("--resolutions", default="32", help="grid sizes, e.g. 32,64")
    bld.add_argument("--shard-size", type=int, default=250)
    bld.add_argument("--workers", type=int, default=None, help="processes (default: the CPU count)")
    bld.add_argument("--quiet", action="store_true")

    lib = cmd.add_parser("library", help="a folder of your meshes -> shapes, samples and a contact sheet")
    lib.add_argument("folder", help="one sub-folder per category with .glb/.obj/.ply files")
    lib.add_argument("-o", "--output", required=True, help="output folder")
    lib.add_argument("--resolutions", default="32")
    lib.add_argument("--skip-bad", action="store_true", help="use the readable files and list the rest")

    sheet = cmd.add_parser("sheet", help="a contact sheet of procedural shapes")
    sheet.add_argument("-o", "--output", required=True, help="a .png file")
    sheet.add_argument("--category", default="all")
    sheet.add_argument("--count", type=int, default=1, help="shapes per category")
    sheet.add_argument("--seed", type=int, default=0)
    sheet.add_argument("--columns", type=int, default=5)
    sheet.add_argument("--cell", type=int, default=240)


def run_data(args) -> int:
    from ..errors import EngineError

    try:
        return {"export": _export, "build": _build, "library": _library, "sheet": _sheet}[args.data_command](args)
    except EngineError as exc:
        print(exc.for_terminal(), file=sys.stderr)
        return 1


def _categories(name: str) -> list:
    from ..errors import bad_input
    from .shapes import CATEGORIES

    if name == "all":
        return list(CATEGORIES)
    if name not in CATEGORIES:
        raise bad_input(f"Unknown category {name!r}.", "Choose one of: all, " + ", ".join(CATEGORIES))
    return [name]


def _export(args) -> int:
    from ..formats import write_mesh
    from .shapes import generate_shape
    from .shapes.pictures import write_contact_sheet

    if args.count < 1:
        print("error: --count must be at least 1", file=sys.stderr)
        return 2
    os.makedirs(args.output, exist_ok=True)
    shapes = []
    for category in _categories(args.category):
        for k in range(args.count):
            shape = generate_shape(category, args.seed + k)
            stem = os.path.join(args.output, f"{category}_{args.seed + k:07d}")
            mesh = shape.mesh()
            if args.metres:
                size = max(shape.size_m)
                mesh.vertices = mesh.vertices * size
                mesh.vertices[:, 2] -= mesh.vertices[:, 2].min()
            write_mesh(stem + ".glb", mesh)
            record = shape.record()
            record["frame"] = "metres, floor at z = 0" if args.metres else "normalised: centred, longest side 1"
            with open(stem + ".json", "w", encoding="utf-8") as fh:
                json.dump(record, fh, indent=1)
            shapes.append(shape)
            print(f"{stem}.glb  {shape.caption}")
    if args.preview:
        path = write_contact_sheet(os.path.join(args.output, "preview.png"), shapes, columns=min(5, len(shapes)))
        print(f"preview: {path}")
    return 0


def _build(args) -> int:
    from ..progress import ProgressBar
    from .shapes.dataset import DatasetConfig, build_dataset

    config = DatasetConfig(split=args.split, count=args.count, shard_size=args.shard_size,
                           resolutions=_resolutions(args.resolutions))
    bar = None if args.quiet else ProgressBar()
    started = time.time()
    result = build_dataset(args.output, config, args.workers,
                           (lambda done, total: bar.update("build", done / total, f"{done}/{total} shapes"))
                           if bar else None)
    if bar:
        bar.finish()
    seconds = time.time() - started
    rate = f", {result['built'] * config.shard_size / seconds:.1f} shapes/s" if result["built"] else ""
    print(f"dataset {args.output}: {result['count']} shapes in {result['shards']} shards "
          f"({result['built']} built now in {seconds:.1f} s{rate})")
    return 0


def _resolutions(text: str) -> tuple:
    return tuple(int(x) for x in str(text).split(",") if x.strip())


def _library(args) -> int:
    import numpy as np

    from .library import LibraryConfig, load_library
    from .shapes.pictures import write_contact_sheet
    from .shapes.samples import SampleConfig, derive_samples

    result = load_library(args.folder, LibraryConfig(on_error="report" if args.skip_bad else "raise"))
    for path, why in result.failed:
        print(f"skipped {path}: {why}", file=sys.stderr)
    for path, part in result.repaired:
        print(f"made watertight: {os.path.basename(path)} / {part}")
    os.makedirs(args.output, exist_ok=True)
    config = SampleConfig(resolutions=_resolutions(args.resolutions))
    records, samples = [], []
    for k, shape in enumerate(result.shapes):
        records.append(shape.record())
        samples.append(derive_samples(shape, config, seed=k))
    arrays = {key: np.stack([s[key] for s in samples]) for key in samples[0]}
    np.savez(os.path.join(args.output, "samples.npz"), **arrays)
    with open(os.path.join(args.output, "records.json"), "w", encoding="utf-8") as fh:
        json.dump(records, fh, indent=1)
    sheet = write_contact_sheet(os.path.join(args.output, "contact_sheet.png"), result.shapes,
                                columns=min(5, len(result.shapes)),
                                captions=[f"{s.category}: {s.attributes['source']}" for s in result.shapes])
    print(f"{len(result.shapes)} shapes -> {args.output} (samples.npz, records.json, {os.path.basename(sheet)}); "
          f"{len(result.failed)} skipped")
    return 0


def _sheet(args) -> int:
    from .shapes import generate_shape
    from .shapes.pictures import write_contact_sheet

    shapes = [generate_shape(c, args.seed + k) for c in _categories(args.category) for k in range(args.count)]
    write_contact_sheet(args.output, shapes, columns=args.columns, cell=args.cell)
    print(f"wrote {args.output}")
    return 0
