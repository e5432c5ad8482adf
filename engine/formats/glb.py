"""Binary glTF 2.0 writing: one node (and mesh) per part, named by its label.

vertices (V, 3) float32 in a Z-up frame are written Y-up as glTF requires (x, z, -y);
faces (F, 3) uint32; face_part (F,) selects each part's triangles.
"""

from __future__ import annotations

import json
import struct

import numpy as np


def write_glb(path, vertices, faces, face_part=None, part_names=None) -> None:
    vertices = np.asarray(vertices, dtype=np.float32)
    faces = np.asarray(faces, dtype=np.int64)
    face_part = np.zeros(len(faces), np.int64) if face_part is None else np.asarray(face_part)
    part_names = part_names or ["object"]
    y_up = np.stack([vertices[:, 0], vertices[:, 2], -vertices[:, 1]], axis=1).astype(np.float32)
    blob = bytearray()
    gltf = {"asset": {"version": "2.0", "generator": "shapesmith"}, "scene": 0,
            "scenes": [{"nodes": []}], "nodes": [], "meshes": [], "buffers": [],
            "bufferViews": [], "accessors": []}
    for part, name in enumerate(part_names):
        sel = faces[face_part == part]
        if not len(sel):
            continue
        used, local = np.unique(sel.reshape(-1), return_inverse=True)
        pos = y_up[used]
        pos_acc = _add_accessor(gltf, blob, pos, 5126, "VEC3", 34962,
                                minmax=(pos.min(axis=0).tolist(), pos.max(axis=0).tolist()))
        idx_acc = _add_accessor(gltf, blob, local.astype(np.uint32), 5125, "SCALAR", 34963)
        gltf["meshes"].append({"name": name, "primitives": [{"attributes": {"POSITION": pos_acc},
                                                             "indices": idx_acc, "mode": 4}]})
        gltf["nodes"].append({"name": name, "mesh": len(gltf["meshes"]) - 1})
        gltf["scenes"][0]["nodes"].append(len(gltf["nodes"]) - 1)
    gltf["buffers"].append({"byteLength": len(blob)})
    text = json.dumps(gltf, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 4)
    blob += b"\0" * (-len(blob) % 4)
    with open(path, "wb") as fh:
        fh.write(struct.pack("<III", 0x46546C67, 2, 12 + 8 + len(text) + 8 + len(blob)))
        fh.write(struct.pack("<II", len(text), 0x4E4F534A) + text)
        fh.write(struct.pack("<II", len(blob), 0x004E4942) + bytes(blob))


def _add_accessor(gltf, blob, array, component_type, kind, target, minmax=None) -> int:
    blob += b"\0" * (-len(blob) % 4)
    data = np.ascontiguousarray(array).tobytes()
    gltf["bufferViews"].append({"buffer": 0, "byteOffset": len(blob), "byteLength": len(data), "target": target})
    blob += data
    accessor = {"bufferView": len(gltf["bufferViews"]) - 1, "componentType": component_type,
                "count": int(array.shape[0] if kind != "SCALAR" else array.size), "type": kind}
    if minmax:
        accessor["min"], accessor["max"] = minmax
    gltf["accessors"].append(accessor)
    return len(gltf["accessors"]) - 1


def read_glb(path) -> dict:
    """Read back what write_glb writes (used by tests and the user-library loader):
    vertices (Z-up), faces, face_part, part_names."""
    data = open(path, "rb").read()
    magic, _, _ = struct.unpack_from("<III", data, 0)
    if magic != 0x46546C67:
        raise ValueError("not a GLB file")
    json_len, _ = struct.unpack_from("<II", data, 12)
    gltf = json.loads(data[20:20 + json_len])
    bin_start = 20 + json_len + 8
    verts, faces, parts, names = [], [], [], []
    offset = 0
    for node in gltf["nodes"]:
        prim = gltf["meshes"][node["mesh"]]["primitives"][0]
        pos = _read_accessor(gltf, data, bin_start, prim["attributes"]["POSITION"], np.float32, 3)
        idx = _read_accessor(gltf, data, bin_start, prim["indices"], np.uint32, 1).reshape(-1, 3)
        verts.append(np.stack([pos[:, 0], -pos[:, 2], pos[:, 1]], axis=1))
        faces.append(idx.astype(np.int64) + offset)
        parts.append(np.full(len(idx), len(names)))
        names.append(node.get("name", f"part_{len(names)}"))
        offset += len(pos)
    return {"vertices": np.concatenate(verts).astype(np.float64), "faces": np.concatenate(faces),
            "face_part": np.concatenate(parts), "part_names": names, "normals": None}


def _read_accessor(gltf, data, bin_start, index, dtype, width):
    acc = gltf["accessors"][index]
    view = gltf["bufferViews"][acc["bufferView"]]
    start = bin_start + view.get("byteOffset", 0) + acc.get("byteOffset", 0)
    return np.frombuffer(data, dtype=dtype, count=acc["count"] * width, offset=start).reshape(acc["count"], width)
