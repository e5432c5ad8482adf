"""Reading inputs and writing results.

read_input(path) -> PointCloud or PartMesh, by extension:
    .ply (points or mesh), .obj (mesh; bare vertices make a point cloud), .glb (a part per
    mesh node), .xyz/.txt
    (x y z [nx ny nz] per line), .npz (points [normals, viewpoints] or vertices + faces).
write_mesh(path, mesh) writes .ply, .obj, .glb or .npz (the add-on's exchange format:
    vertices (V, 3) float32, faces (F, 3) int32, face_part (F,) int32, part_names (P,) str).
"""

from __future__ import annotations

import os
import struct
import zipfile

import numpy as np

from ..errors import EngineError, bad_input
from ..structures import PartMesh, PointCloud

READ_EXTENSIONS = (".ply", ".obj", ".glb", ".xyz", ".txt", ".npz")
WRITE_EXTENSIONS = (".ply", ".obj", ".glb", ".npz")


def read_input(path, kind: str = "auto"):
    """A PointCloud, or a PartMesh when the file has faces (kind='points' forces a cloud)."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise EngineError("INPUT_MISSING", f"The input file {path} does not exist.")
    ext = os.path.splitext(path)[1].lower()
    if ext not in READ_EXTENSIONS:
        raise bad_input(f"Cannot read {ext or 'files without an extension'}; use one of {', '.join(READ_EXTENSIONS)}.")
    if os.path.getsize(path) == 0:
        raise bad_input(f"The input file {os.path.basename(path)} is empty.")
    try:
        data = _READERS[ext](path)
    except EngineError:
        raise
    except (OSError, ValueError, KeyError, IndexError, TypeError, struct.error, zipfile.BadZipFile,
            UnicodeDecodeError) as exc:
        raise bad_input(f"The input file {os.path.basename(path)} cannot be read: {exc}.") from None
    return _to_structure(data, kind)


def _to_structure(data: dict, kind: str):
    faces = data.get("faces")
    if kind == "mesh" or (kind == "auto" and faces is not None and len(faces)):
        return PartMesh(data["vertices"], faces if faces is not None else np.zeros((0, 3)),
                        data.get("face_part"), data.get("part_names") or ["object"])
    return PointCloud(np.asarray(data["vertices"], dtype=np.float64),
                      None if data.get("normals") is None else np.asarray(data["normals"], dtype=np.float64),
                      None if data.get("viewpoints") is None else np.asarray(data["viewpoints"], dtype=np.float64))


def _read_xyz(path) -> dict:
    table = np.loadtxt(path, dtype=np.float64, ndmin=2, comments="#")
    if table.shape[1] not in (3, 6):
        raise bad_input(f"An XYZ file needs 3 or 6 numbers per line (x y z [nx ny nz]); found {table.shape[1]}.")
    return {"vertices": table[:, :3], "normals": table[:, 3:6] if table.shape[1] == 6 else None}


def _read_npz(path) -> dict:
    with np.load(path, allow_pickle=False) as z:
        keys = set(z.files)
        if "points" in keys:
            return {"vertices": z["points"], "normals": z["normals"] if "normals" in keys else None,
                    "viewpoints": z["viewpoints"] if "viewpoints" in keys else None}
        if "vertices" in keys:
            return {"vertices": z["vertices"], "faces": z["faces"] if "faces" in keys else None,
                    "face_part": z["face_part"] if "face_part" in keys else None,
                    "part_names": [str(s) for s in z["part_names"]] if "part_names" in keys else None}
    raise bad_input("An NPZ input needs a 'points' array or 'vertices' (+ 'faces') arrays.")


def _read_ply(path):
    from .ply import read_ply

    return read_ply(path)


def _read_obj(path):
    from .obj import read_obj

    return read_obj(path)


def _read_glb(path):
    from .glb import read_glb

    return read_glb(path)


_READERS = {".ply": _read_ply, ".obj": _read_obj, ".glb": _read_glb, ".xyz": _read_xyz, ".txt": _read_xyz, ".npz": _read_npz}


def write_mesh(path, mesh: PartMesh) -> None:
    path = os.fspath(path)
    ext = os.path.splitext(path)[1].lower()
    if ext == ".ply":
        from .ply import write_ply

        write_ply(path, mesh.vertices, mesh.faces)
    elif ext == ".obj":
        from .obj import write_obj

        write_obj(path, mesh.vertices, mesh.faces, mesh.face_part, mesh.part_names)
    elif ext == ".glb":
        from .glb import write_glb

        write_glb(path, mesh.vertices, mesh.faces, mesh.face_part, mesh.part_names)
    elif ext == ".npz":
        np.savez(path, vertices=mesh.vertices.astype(np.float32), faces=mesh.faces.astype(np.int32),
                 face_part=mesh.face_part.astype(np.int32), part_names=np.array(mesh.part_names, dtype=str))
    else:
        raise bad_input(f"Cannot write {ext or 'files without an extension'}; use one of {', '.join(WRITE_EXTENSIONS)}.")
