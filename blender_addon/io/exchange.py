# SPDX-License-Identifier: GPL-3.0-or-later
"""Exchange files between the add-on and the engine (numpy only).

Inputs the add-on writes:
    points.npz: points (N, 3) float32 [, normals (N, 3) float32]
    mesh.npz:   vertices (V, 3) float32, faces (F, 3) int32
Results the engine writes (named in result.json):
    <object>.npz: vertices (V, 3) float32, faces (F, 3) int32, face_part (F,) int32, part_names (P,) str
"""

from __future__ import annotations

import json
import os

import numpy as np


def write_points(path: str, points: np.ndarray, normals: np.ndarray | None = None) -> str:
    arrays = {"points": np.ascontiguousarray(points, dtype=np.float32).reshape(-1, 3)}
    if normals is not None:
        arrays["normals"] = np.ascontiguousarray(normals, dtype=np.float32).reshape(-1, 3)
    np.savez(path, **arrays)
    return path


def write_mesh(path: str, vertices: np.ndarray, faces: np.ndarray) -> str:
    np.savez(path, vertices=np.ascontiguousarray(vertices, dtype=np.float32).reshape(-1, 3),
             faces=np.ascontiguousarray(faces, dtype=np.int32).reshape(-1, 3))
    return path


def read_manifest(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        manifest = json.load(fh)
    if not isinstance(manifest.get("objects"), list):
        raise ValueError("result.json has no objects list")
    return manifest


def read_result_mesh(path: str) -> dict:
    """vertices (V, 3) float32, faces (F, 3) int32, face_part (F,) int32, part_names list[str]."""
    with np.load(path, allow_pickle=False) as z:
        vertices = z["vertices"].astype(np.float32).reshape(-1, 3)
        faces = z["faces"].astype(np.int32).reshape(-1, 3)
        face_part = z["face_part"].astype(np.int32) if "face_part" in z.files else np.zeros(len(faces), np.int32)
        names = [str(n) for n in z["part_names"]] if "part_names" in z.files else ["object"]
    if len(faces) and (faces.min() < 0 or faces.max() >= len(vertices)):
        raise ValueError(f"{os.path.basename(path)}: faces refer to missing vertices")
    return {"vertices": vertices, "faces": faces, "face_part": face_part, "part_names": names}


def split_parts(mesh: dict) -> list:
    """One (label, vertices (v, 3), faces (f, 3)) per part that has faces, re-indexed."""
    out = []
    for part, label in enumerate(mesh["part_names"]):
        sel = mesh["faces"][mesh["face_part"] == part]
        if not len(sel):
            continue
        used, local = np.unique(sel.reshape(-1), return_inverse=True)
        out.append((label, mesh["vertices"][used], local.reshape(-1, 3).astype(np.int32)))
    return out


def load_result(manifest_path: str) -> list:
    """([{name, quality, provenance, parts: [(label, vertices, faces)]}] per object in result.json
    that has a file (a generated shape can come out empty), the manifest)."""
    manifest = read_manifest(manifest_path)
    folder = os.path.dirname(manifest_path)
    objects = []
    for entry in manifest["objects"]:
        if not entry.get("file"):
            continue
        mesh = read_result_mesh(os.path.join(folder, entry["file"]))
        objects.append({"name": entry["name"], "quality": entry.get("quality", {}),
                        "provenance": entry.get("provenance", {}), "parts": split_parts(mesh)})
    return objects, manifest


def part_label(part_name: str) -> str:
    """'leg_2' -> 'leg', 'seat' -> 'seat': the label that names a part's collection."""
    stem, _, index = part_name.rpartition("_")
    return stem if stem and index.isdigit() else part_name


def row_layout(bounds: list, gap: float = 0.25) -> list:
    """Candidates side by side along +X: for each (lo (3,), hi (3,)) box, the offset that puts
    its base centre (x and y centre, lowest z) at the origin, and the x of its slot in the row
    (the first candidate's slot at 0, each next one `gap` past the last one's right side)."""
    out, right = [], None
    for lo, hi in bounds:
        lo, hi = np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
        base = np.array([(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, lo[2]])
        half_width = (hi[0] - lo[0]) / 2
        slot = 0.0 if right is None else right + gap + half_width
        right = slot + half_width
        out.append((-base, slot))
    return out
