"""Command line: python -m engine {info, reconstruct, data, serve} (also installed as `shapesmith`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="shapesmith", description="Shapesmith engine")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("info", help="versions, devices, capabilities, models")

    rec = sub.add_parser("reconstruct", help="scan (points or mesh) -> watertight mesh")
    rec.add_argument("input", help=".ply, .obj, .xyz or .npz")
    rec.add_argument("-o", "--output", required=True, help=".ply, .obj, .glb or .npz")
    rec.add_argument("--method", default=None, help="reconstruction method (see `info`)")
    rec.add_argument("--resolution", type=int, default=None, help="grid cells along the longest side")
    rec.add_argument("--device", choices=("auto", "cpu", "cuda"), default=None)
    rec.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                     help="any other method parameter, e.g. --param screening=8")
    rec.add_argument("--as-points", action="store_true", help="read a mesh file's vertices as a point cloud")
    rec.add_argument("--quiet", action="store_true", help="no progress bar")

    from .data.cli import add_data_parser

    add_data_parser(sub)

    srv = sub.add_parser("serve", help="the add-on's transport")
    srv.add_argument("--stdio", action="store_true", required=True)
    srv.add_argument("--parent-pid", type=int, default=None)

    args = parser.parse_args(argv)
    if args.command == "serve":
        from .server import serve_stdio

        return serve_stdio(args.parent_pid)
    if args.command == "info":
        return _info()
    if args.command == "data":
        from .data.cli import run_data

        return run_data(args)
    return _reconstruct(args)


def _info() -> int:
    from . import __version__
    from .device import describe_devices
    from .registry import capabilities

    try:
        import torch

        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    info = {"engine_version": __version__, "python": sys.version.split()[0], "torch": torch_version,
            "devices": describe_devices(), "capabilities": capabilities(), "models": []}
    print(json.dumps(info, indent=1))
    return 0


def _parse_value(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


def _reconstruct(args) -> int:
    from .errors import EngineError
    from .jobs import JobContext, run_job
    from .registry import DEFAULT_METHODS

    params = {}
    for item in args.param:
        if "=" not in item:
            print(f"error: --param needs NAME=VALUE, got {item!r}", file=sys.stderr)
            return 2
        name, value = item.split("=", 1)
        params[name] = _parse_value(value)
    if args.resolution is not None:
        params["resolution"] = args.resolution
    if args.device is not None:
        params["device"] = args.device
    output = os.path.abspath(args.output)
    kind = "points" if args.as_points or not _has_faces(args.input) else "mesh"
    from .progress import ProgressBar

    bar = None if args.quiet else ProgressBar()
    ctx = JobContext(bar.update if bar else None)
    started = time.time()
    try:
        manifest = run_job("reconstruct", args.method or DEFAULT_METHODS["reconstruct"], params,
                           {kind: os.path.abspath(args.input)}, os.path.dirname(output), ctx,
                           object_file=os.path.basename(output),
                           manifest_name=os.path.splitext(os.path.basename(output))[0] + ".result.json")
    except EngineError as exc:
        if bar:
            bar.finish()
        print(f"error [{exc.code}]: {exc.message}" + (f"\nhint: {exc.hint}" if exc.hint else ""), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ncancelled", file=sys.stderr)
        return 130
    if bar:
        bar.finish()
    with open(manifest, encoding="utf-8") as fh:
        quality = json.load(fh)["objects"][0]["quality"]
    print(f"wrote {output} in {time.time() - started:.1f} s: {quality['faces']} faces, "
          f"watertight={quality['watertight']}, manifold={quality['manifold']}, components={quality['components']}")
    print(f"report: {manifest}")
    return 0


def _has_faces(path: str) -> bool:
    """A cheap look at the input: does it carry faces? (The reader decides for real.)"""
    ext = os.path.splitext(path)[1].lower()
    try:
        if ext == ".ply":
            with open(path, "rb") as fh:
                head = fh.read(4096)
            for line in head.split(b"end_header")[0].splitlines():
                words = line.split()
                if len(words) == 3 and words[:2] == [b"element", b"face"]:
                    return int(words[2]) > 0
            return False
        if ext == ".obj":
            with open(path, encoding="utf-8", errors="replace") as fh:
                return any(line.startswith("f ") for line in fh)
        if ext == ".npz":
            import numpy as np

            with np.load(path) as z:
                return "faces" in z.files and "points" not in z.files
    except (OSError, ValueError):
        return False
    return False


if __name__ == "__main__":
    sys.exit(main())
