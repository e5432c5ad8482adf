"""Method configuration: dataclass fields with documentation, ranges and choices.

A method's Config is a dataclass whose fields are declared with `param(...)`. The schema
(`schema(Config)`) is what `hello` reports to the add-on; `from_dict` validates user input
(unknown keys, wrong types, out-of-range values -> EngineError BAD_PARAMS) and
`from_dict(C, to_dict(c)) == c`.
"""

from __future__ import annotations

import dataclasses
import math

from .errors import EngineError


def param(default, doc: str, *, minimum=None, maximum=None, choices=None):
    """A documented config field; `doc` is the tooltip the add-on shows."""
    meta = {"doc": doc, "min": minimum, "max": maximum, "choices": tuple(choices) if choices else None}
    return dataclasses.field(default=default, metadata=meta)


def _kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "str"


def schema(config_cls) -> dict:
    """{name: {type, default, doc, min, max, choices}} for every field, in declaration order."""
    out = {}
    for f in dataclasses.fields(config_cls):
        entry = {"type": _kind(f.default), "default": f.default, "doc": f.metadata.get("doc", "")}
        for key in ("min", "max", "choices"):
            if f.metadata.get(key) is not None:
                entry[key] = list(f.metadata[key]) if key == "choices" else f.metadata[key]
        out[f.name] = entry
    return out


def to_dict(config) -> dict:
    return dataclasses.asdict(config)


def from_dict(config_cls, values: dict):
    """Build and validate a config; raises EngineError('BAD_PARAMS') with the field named."""
    if not isinstance(values, dict):
        raise EngineError("BAD_PARAMS", "Parameters must be given as a mapping of names to values.")
    fields = {f.name: f for f in dataclasses.fields(config_cls)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise EngineError("BAD_PARAMS", f"Unknown parameter {str(unknown[0])[:60]!r}.",
                          f"Known parameters: {', '.join(fields)}.")
    clean = {name: _coerce(fields[name], value) for name, value in values.items()}
    return config_cls(**clean)


def _coerce(f, value):
    kind = _kind(f.default)
    name = f.name
    if kind == "bool":
        if not isinstance(value, bool):
            raise EngineError("BAD_PARAMS", f"Parameter '{name}' must be true or false.")
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or float(value) != int(value):
            raise EngineError("BAD_PARAMS", f"Parameter '{name}' must be a whole number.")
        value = int(value)
    elif kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise EngineError("BAD_PARAMS", f"Parameter '{name}' must be a finite number.")
        value = float(value)
    elif not isinstance(value, str):
        raise EngineError("BAD_PARAMS", f"Parameter '{name}' must be text.")
    meta = f.metadata
    if meta.get("min") is not None and value < meta["min"]:
        raise EngineError("BAD_PARAMS", f"Parameter '{name}' is {value}; the smallest allowed is {meta['min']}.")
    if meta.get("max") is not None and value > meta["max"]:
        raise EngineError("BAD_PARAMS", f"Parameter '{name}' is {value}; the largest allowed is {meta['max']}.")
    if meta.get("choices") and value not in meta["choices"]:
        raise EngineError("BAD_PARAMS", f"Parameter '{name}' is {str(value)[:40]!r}; choose one of "
                          f"{', '.join(map(str, meta['choices']))}.")
    return value
