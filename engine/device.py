"""Choosing the torch device and thread count; CUDA when present and asked for, else the CPU."""

from __future__ import annotations

import os

from .errors import EngineError


def configure_threads() -> None:
    """Pin torch's intra-op threads to the cores we may use (oversubscription on small shared
    machines has made small steps many times slower)."""
    import torch

    wanted = int(os.environ.get("SHAPESMITH_THREADS", "0")) or len(os.sched_getaffinity(0))
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(max(1, wanted))


def select_device(name: str = "auto"):
    import torch

    configure_threads()
    if name == "cpu":
        return torch.device("cpu")
    if name == "cuda":
        if not torch.cuda.is_available():
            raise EngineError("DEVICE_UNAVAILABLE", "CUDA was requested but no CUDA GPU is available.",
                              "Choose the device 'auto' or 'cpu'.")
        return torch.device("cuda")
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def is_out_of_memory(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, MemoryError) or "out of memory" in text or "cannot allocate memory" in text


def describe_devices(import_torch: bool = True) -> list:
    """[{"name": "cpu", ...}, {"name": "cuda", "label": ...}]; CUDA only when torch sees it."""
    devices = [{"name": "cpu", "threads": len(os.sched_getaffinity(0))}]
    if not import_torch:
        return devices
    try:
        import torch
    except ImportError:
        return devices
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            props = torch.cuda.get_device_properties(i)
            devices.append({"name": "cuda" if i == 0 else f"cuda:{i}", "label": props.name,
                            "memory_gb": round(props.total_memory / 2 ** 30, 1)})
    return devices
