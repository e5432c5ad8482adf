"""(task, method) -> method class, and the capability listing that `hello` and `info` report.

A method class has: `task`, `name`, `summary`, `Config` (a dataclass of `param` fields),
`stages` (stage name -> share of the work), `parse_config(params)` and
`run(inputs, config, ctx) -> MethodResult`, and optionally `needs_input = False` for methods that
take no input file (generation). Method modules import torch and other heavy
packages only inside `run`, so listing capabilities stays fast and torch-free.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from .errors import EngineError

# task -> method name -> "module:Class"
_METHODS = {
    "reconstruct": {
        "poisson": "engine.reconstruct.poisson:ScreenedPoisson",
        "imls": "engine.reconstruct.imls:IMLS",
        "rbf": "engine.reconstruct.rbf:RBF",
        "neural_sdf": "engine.reconstruct.neural_sdf:NeuralSDF",
        "sal": "engine.reconstruct.sal:SAL",
        "ball_pivoting": "engine.reconstruct.ball_pivoting:BallPivoting",
    },
    "repair": {
        "poisson_fill": "engine.repair.poisson_fill:PoissonFill",
    },
    "generate": {
        "part_slots": "engine.generate.part_slots:PartSlotGeneration",
        "latent_sdf": "engine.generate.latent_sdf:LatentSDFGeneration",
    },
}
DEFAULT_METHODS = {"reconstruct": "poisson", "repair": "poisson_fill", "generate": "part_slots"}


@dataclass
class MethodResult:
    """objects: list of (PartMesh, quality dict); names: one object name each; report: free-form;
    object_info: optionally one dict per object, stored as that object's own provenance
    (a generated shape's prompt, noise recipe and seed)."""

    objects: list
    names: list
    report: dict = field(default_factory=dict)
    object_info: list = field(default_factory=list)


def get_method(task: str, name: str):
    if task not in _METHODS:
        raise EngineError("UNKNOWN_METHOD", f"Unknown task {task[:40]!r}.", f"Tasks: {', '.join(_METHODS)}.")
    if name not in _METHODS[task]:
        raise EngineError("UNKNOWN_METHOD", f"Unknown {task} method {name[:40]!r}.",
                          f"Methods: {', '.join(_METHODS[task])}.")
    module_name, cls_name = _METHODS[task][name].split(":")
    return getattr(importlib.import_module(module_name), cls_name)


def capabilities() -> dict:
    """{task: {"default": name, "methods": {name: {"summary", "params": schema}}}}, torch-free."""
    from .config import schema

    out = {}
    for task, methods in _METHODS.items():
        entries = {}
        for name in methods:
            method = get_method(task, name)
            entries[name] = {"summary": method.summary, "params": schema(method.Config)}
        out[task] = {"default": DEFAULT_METHODS[task], "methods": entries}
    return out
