#!/usr/bin/env python3
"""Shapesmith's one entry point (standard library only, safe to run again and again).

    python3 build.py setup    create .venv and install the engine with its test extras
    python3 build.py demo     setup, then reconstruct the bundled bunny scans and draw a picture
    python3 build.py test     setup, build the add-on, run the default test tier
    python3 build.py addon    write dist/shapesmith-<version>.zip (a Blender 4.2+ extension)
    python3 build.py bench    setup, then the slow quality and speed runs behind BENCHMARKS.md
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
BENCH_VENV = os.path.join(ROOT, ".venv-bench")
TORCH_CPU = "torch==2.13.0"
BENCH_PACKAGES = ["numpy", "scipy", "pymeshlab", "open3d-cpu"]


def venv_python(venv: str = VENV) -> str:
    return os.path.join(venv, "Scripts" if os.name == "nt" else "bin", "python")


def run(cmd, **kwargs) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def test_env() -> dict:
    env = dict(os.environ)
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    return env


def has_cuda() -> bool:
    return shutil.which("nvidia-smi") is not None or os.path.exists("/proc/driver/nvidia/version")


def setup() -> str:
    """Create .venv and install the project with its test extras; skip when nothing changed."""
    if sys.version_info[:2] != (3, 11):
        print(f"note: Shapesmith targets Python 3.11 (Blender's); this is {sys.version.split()[0]}")
    python = venv_python()
    if not os.path.exists(python):
        run([sys.executable, "-m", "venv", VENV])
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as fh:
        digest = hashlib.sha256(fh.read() + str(has_cuda()).encode()).hexdigest()
    stamp = os.path.join(VENV, ".shapesmith-installed")
    if os.path.exists(stamp) and open(stamp).read() == digest:
        return python
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if not has_cuda():
        # The CPU build; a bare `torch` would pull a multi-GB CUDA build.
        run(pip + [TORCH_CPU])
    run(pip + ["-e", f"{ROOT}[test]"])
    with open(stamp, "w") as fh:
        fh.write(digest)
    return python


def addon() -> str:
    """Zip blender_addon/ as a Blender extension (client/protocol.py links to the engine's copy)."""
    src = os.path.join(ROOT, "blender_addon")
    manifest = open(os.path.join(src, "blender_manifest.toml"), encoding="utf-8").read()
    version = re.search(r'^version\s*=\s*"([^"]+)"', manifest, re.M).group(1)
    os.makedirs(os.path.join(ROOT, "dist"), exist_ok=True)
    out = os.path.join(ROOT, "dist", f"shapesmith-{version}.zip")
    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for folder, dirs, files in os.walk(src):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(folder, name)
                zf.write(path, os.path.relpath(path, src))
    os.replace(tmp, out)
    print(f"wrote {out}")
    return out


def test(extra_args) -> int:
    python = setup()
    addon()
    cmd = [python, "-m", "pytest", "-q", "-ra", "--durations=15", *extra_args]
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=test_env()).returncode


def demo() -> int:
    python = setup()
    return subprocess.run([python, "-m", "engine.data.demo",
                           os.path.join(ROOT, "demo_output")], cwd=ROOT, env=test_env()).returncode


def bench_setup() -> str:
    """A separate venv for the peers (never a dependency of the engine)."""
    python = venv_python(BENCH_VENV)
    if not os.path.exists(python):
        run([sys.executable, "-m", "venv", BENCH_VENV])
    run([python, "-m", "pip", "install", "--disable-pip-version-check", "-q", *BENCH_PACKAGES])
    # Open3D's wheel links libusb; on a bare Debian/Ubuntu machine it is missing.
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0 and \
            subprocess.run([python, "-c", "import open3d"], capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "libusb-1.0-0"], capture_output=True)
    return python


def bench(extra_args) -> int:
    python = setup()
    peer_python = bench_setup()
    env = test_env()
    env["SHAPESMITH_PEER_PYTHON"] = peer_python
    cmd = [python, "-m", "pytest", "-q", "-s", "-m", "slow", "tests", *extra_args]
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def main(argv) -> int:
    if not argv or argv[0] not in ("setup", "demo", "test", "addon", "bench"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "setup":
        print(f"engine interpreter: {setup()}")
        return 0
    if command == "addon":
        addon()
        return 0
    if command == "demo":
        return demo()
    if command == "test":
        return test(rest)
    return bench(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
