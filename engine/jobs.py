"""Job lifecycle: a context passed to every method with a progress callback and a cancel
token, and the job runner that turns a method's result into a job folder with result.json."""

from __future__ import annotations

import json
import os
import threading
import time

from . import __version__
from .config import to_dict
from .errors import Cancelled, EngineError


class JobContext:
    """What a method sees of its job: report(stage, fraction, message) and check() for cancel.

    Stages are weighted so that the overall fraction moves forward monotonically:
    `stages` maps a stage name to its share of the whole job.
    """

    def __init__(self, on_progress=None, cancel_event: threading.Event | None = None, stages=None,
                 on_preview=None, span: tuple = (0.0, 1.0)):
        self._on_progress = on_progress
        self.on_preview = on_preview
        self.cancel_event = cancel_event or threading.Event()
        self._stages = dict(stages or {})
        self._done_share = 0.0
        self._current = None
        self._last_emit = 0.0
        self._span = span

    def part(self, start: float, end: float) -> "JobContext":
        """A context for one run inside this job (a preview, then the result itself): the same
        cancel token and listeners, its progress mapped onto [start, end] of the whole."""
        return JobContext(self._on_progress, self.cancel_event, None, self.on_preview, (start, end))

    def preview(self, manifest: str) -> None:
        if self.on_preview is not None:
            self.on_preview(manifest)

    def set_stages(self, stages: dict) -> None:
        """Stage name -> share of the whole job (the method's `stages`)."""
        self._stages = dict(stages)

    def check(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled()

    def stage(self, name: str, message: str = "") -> None:
        self.check()
        if self._current is not None:
            self._done_share += self._stages.get(self._current, 0.0)
        self._current = name
        self._emit(name, 0.0, message, force=True)

    def report(self, fraction: float, message: str = "") -> None:
        self.check()
        self._emit(self._current or "run", fraction, message)

    def _emit(self, name, fraction, message, force=False):
        now = time.monotonic()
        if self._on_progress is None or (not force and now - self._last_emit < 0.1):
            return
        self._last_emit = now
        total = sum(self._stages.values()) or 1.0
        overall = (self._done_share + self._stages.get(name, 0.0) * min(max(fraction, 0.0), 1.0)) / total
        self._on_progress(name, self._span[0] + (self._span[1] - self._span[0]) * overall, message)


# Settings a preview run coarsens (those a method has); others stay as given.
COARSER = {"resolution": lambda v: max(32, v // 3), "refine": lambda v: 0, "max_resolution": lambda v: max(32, v // 3),
           "tolerance": lambda v: min(0.05, 3 * v), "iterations": lambda v: max(10, v // 5),
           "pool": lambda v: max(1000, v // 4), "centres": lambda v: max(100, v // 4),
           "max_points": lambda v: max(100, v // 4), "samples": lambda v: max(1000, v // 4)}


def preview_config(config):
    """The config of a quick, coarse run of the same job; None when nothing can be coarsened."""
    import dataclasses

    changes = {f.name: COARSER[f.name](getattr(config, f.name)) for f in dataclasses.fields(config)
               if f.name in COARSER}
    changes = {k: v for k, v in changes.items() if v != getattr(config, k)}
    return dataclasses.replace(config, **changes) if changes else None


def run_job(task: str, method_name: str, params: dict, inputs: dict, out_dir: str, ctx: JobContext,
            object_file: str | None = None, manifest_name: str = "result.json", object_format: str = "npz",
            preview: bool = False) -> str:
    """Run one job to completion; returns the path of its manifest. Raises EngineError.

    Objects are written as `<name>.<object_format>` (npz: the add-on's exchange format; glb:
    a node per part) unless `object_file` names the single output file to write instead (its
    extension picks the format). An object without faces is listed with "file": null.
    With `preview`, a coarse run of the same job goes first into out_dir/preview (its manifest
    is announced through ctx.preview) and takes the first quarter of the progress bar.
    """
    from .registry import get_method

    method = get_method(task, method_name)
    config = method.parse_config(params)
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise EngineError("BAD_INPUT", f"The output folder {out_dir} cannot be created: {exc.strerror}.") from None
    coarse = preview_config(config) if preview else None
    if coarse is not None:
        first = ctx.part(0.0, 0.25)
        first.set_stages(method.stages)
        path = _run_and_write(task, method_name, method, coarse, inputs, os.path.join(out_dir, "preview"), first,
                              object_file, manifest_name, object_format)
        ctx.preview(path)
        ctx = ctx.part(0.25, 1.0)
    ctx.set_stages(method.stages)
    return _run_and_write(task, method_name, method, config, inputs, out_dir, ctx, object_file, manifest_name,
                          object_format)


def _run_and_write(task, method_name, method, config, inputs, out_dir, ctx, object_file, manifest_name,
                   object_format) -> str:
    os.makedirs(out_dir, exist_ok=True)
    started = time.time()
    result = method.run(inputs, config, ctx)
    ctx.check()
    objects = []
    from .formats import write_mesh

    for i, (mesh, quality) in enumerate(result.objects):
        name = object_file if (object_file and len(result.objects) == 1) else f"{result.names[i]}.{object_format}"
        if len(mesh.faces):
            write_mesh(os.path.join(out_dir, name), mesh)
        else:
            name = None
        entry = {"name": result.names[i], "file": name, "format": os.path.splitext(name)[1][1:] if name else None,
                 "part_names": list(mesh.part_names),
                 "face_part_counts": [int((mesh.face_part == p).sum()) for p in range(len(mesh.part_names))],
                 "quality": quality}
        if result.object_info:
            entry["provenance"] = result.object_info[i]
        objects.append(entry)
    manifest = {
        "objects": objects,
        "report": result.report,
        "provenance": {"task": task, "method": method_name, "params": to_dict(config),
                       "seed": getattr(config, "seed", None), "engine_version": __version__,
                       "inputs": inputs, "started": started, "seconds": round(time.time() - started, 3)},
    }
    path = os.path.join(out_dir, manifest_name)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1)
    os.replace(tmp, path)
    return path
