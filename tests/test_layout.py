"""The layering rules of DESIGN.md, checked on the source: bpy only in the add-on's Blender
folders, torch only in the engine, the protocol shared by one file, lazy heavy imports."""

import ast
import os

from tests.conftest import ROOT

BPY_FOLDERS = ("operators", "ui", "blender")
BPY_FILES = ("preferences.py", "properties.py", "__init__.py")


def imports_of(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(folder):
    for base, _, files in os.walk(os.path.join(ROOT, folder)):
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(base, name)


def test_addon_never_imports_torch_and_bpy_stays_in_its_folders():
    for path in python_files("blender_addon"):
        rel = os.path.relpath(path, os.path.join(ROOT, "blender_addon"))
        found = imports_of(path)
        assert "torch" not in found, rel
        if "bpy" in found:
            assert rel.split(os.sep)[0] in BPY_FOLDERS or rel in BPY_FILES, f"bpy imported in {rel}"


def test_engine_never_imports_bpy_and_its_protocol_is_stdlib_only():
    for path in python_files("engine"):
        assert "bpy" not in imports_of(path), path
    assert imports_of(os.path.join(ROOT, "engine", "protocol.py")) <= {"__future__", "json"}


def test_addon_protocol_is_the_engine_protocol():
    link = os.path.join(ROOT, "blender_addon", "client", "protocol.py")
    assert open(link, "rb").read() == open(os.path.join(ROOT, "engine", "protocol.py"), "rb").read()


def test_torch_is_imported_lazily_in_the_engine():
    """Module-level torch imports only in files that need it at import time: the torch ops and
    the network/scheduler files of the generator (nn.Module classes), which only methods and
    training code import, inside functions."""
    allowed = {os.path.join("ops", "poisson.py"), os.path.join("ops", "sdf_mlp.py"), os.path.join("generate", "part_slot_net.py"),
               os.path.join("generate", "part_vae.py"), os.path.join("generate", "scheduler.py"),
               os.path.join("ops", "poisson_band.py"), os.path.join("generate", "prompt_reader.py"),
               os.path.join("generate", "mention_reader.py"), os.path.join("generate", "latent_unet.py"), os.path.join("generate", "sdf_autoencoder.py"),
               os.path.join("generate", "low_rank.py")}
    for path in python_files("engine"):
        tree = ast.parse(open(path, encoding="utf-8").read())
        top = {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
        top |= {node.module for node in tree.body if isinstance(node, ast.ImportFrom) and node.module}
        if "torch" in top:
            assert os.path.relpath(path, os.path.join(ROOT, "engine")) in allowed, path


def test_the_cli_and_the_server_start_without_torch():
    import subprocess
    import sys

    code = ("import sys, engine.__main__, engine.server, engine.registry, engine.data.cli; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr
