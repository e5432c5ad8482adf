"""Wavefront OBJ reading (v, vn, f, o/g groups as parts) and writing (one group per part).

read_obj returns vertices (V, 3) float64, faces (F, 3) int64, face_part (F,) int64,
part_names list[str]; polygons are fanned into triangles, negative indices resolved.
"""

from __future__ import annotations

import numpy as np

from ..errors import bad_input
from .ply import triangulate


def read_obj(path) -> dict:
    vertices, polys, poly_part, part_names = [], [], [], []
    current = None
    with open(path, "r", encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            words = line.split()
            if not words:
                continue
            try:
                if words[0] == "v":
                    vertices.append([float(w) for w in words[1:4]])
                    if len(vertices[-1]) != 3:
                        raise ValueError
                elif words[0] == "f":
                    idx = [int(w.split("/")[0]) for w in words[1:]]
                    n = len(vertices)
                    polys.append([i - 1 if i > 0 else n + i for i in idx])
                    if current is None:
                        current = _part_index(part_names, "object")
                    poly_part.append(current)
                elif words[0] in ("o", "g") and len(words) > 1:
                    current = _part_index(part_names, " ".join(words[1:]))
            except ValueError:
                raise bad_input(f"Line {lineno} of the OBJ file cannot be read: {line.strip()[:80]!r}") from None
    verts = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
    counts = [max(len(p) - 2, 0) for p in polys]
    faces = triangulate(polys)
    face_part = np.repeat(np.asarray(poly_part, dtype=np.int64), counts) if polys else np.zeros(0, np.int64)
    if len(faces) and (faces.min() < 0 or faces.max() >= len(verts)):
        raise bad_input("The OBJ file has faces that refer to vertices it does not define.")
    return {"vertices": verts, "normals": None, "faces": faces, "face_part": face_part,
            "part_names": part_names}


def _part_index(names: list, name: str) -> int:
    if name not in names:
        names.append(name)
    return names.index(name)


def write_obj(path, vertices, faces, face_part=None, part_names=None) -> None:
    vertices = np.asarray(vertices)
    faces = np.asarray(faces, dtype=np.int64)
    face_part = np.zeros(len(faces), np.int64) if face_part is None else np.asarray(face_part)
    part_names = part_names or ["object"]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# written by shapesmith\n")
        np.savetxt(fh, vertices, fmt="v %.7g %.7g %.7g")
        for part, name in enumerate(part_names):
            sel = faces[face_part == part]
            if len(sel):
                fh.write(f"o {name}\n")
                np.savetxt(fh, sel + 1, fmt="f %d %d %d")
