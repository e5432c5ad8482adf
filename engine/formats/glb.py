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
    """Binary glTF 2.0 -> vertices (Z-up), faces, face_part, part_names: one part per mesh node
    (named by the node, else its mesh), node transforms applied, triangle primitives only."""
    data = open(path, "rb").read()
    if len(data) < 20:
        raise ValueError("too short to be a GLB file")
    magic, _, _ = struct.unpack_from("<III", data, 0)
    if magic != 0x46546C67:
        raise ValueError("not a GLB file (bad magic number)")
    json_len, _ = struct.unpack_from("<II", data, 12)
    gltf = json.loads(data[20:20 + json_len])
    bin_start = 20 + json_len + 8
    out = {"verts": [], "faces": [], "parts": [], "names": [], "offset": 0}
    scene = gltf.get("scenes", [{"nodes": list(range(len(gltf.get("nodes", []))))}])[gltf.get("scene", 0)]
    for root in scene.get("nodes", []):
        _visit(gltf, data, bin_start, root, np.eye(4), out)
    if not out["verts"]:
        return {"vertices": np.zeros((0, 3)), "faces": np.zeros((0, 3), np.int64), "face_part": np.zeros(0, np.int64),
                "part_names": [], "normals": None}
    return {"vertices": np.concatenate(out["verts"]), "faces": np.concatenate(out["faces"]),
            "face_part": np.concatenate(out["parts"]), "part_names": out["names"], "normals": None}


def _visit(gltf, data, bin_start, index, parent, out) -> None:
    node = gltf["nodes"][index]
    world = parent @ _node_matrix(node)
    if "mesh" in node:
        mesh = gltf["meshes"][node["mesh"]]
        name = node.get("name") or mesh.get("name") or f"part_{len(out['names'])}"
        part = len(out["names"])
        added = False
        for prim in mesh.get("primitives", []):
            if prim.get("mode", 4) != 4 or "POSITION" not in prim["attributes"]:
                continue
            pos = _read_accessor(gltf, data, bin_start, prim["attributes"]["POSITION"]).astype(np.float64)
            if "indices" in prim:
                idx = _read_accessor(gltf, data, bin_start, prim["indices"]).astype(np.int64).reshape(-1, 3)
            else:
                idx = np.arange(len(pos) - len(pos) % 3, dtype=np.int64).reshape(-1, 3)
            pos = pos @ world[:3, :3].T + world[:3, 3]
            out["verts"].append(np.stack([pos[:, 0], -pos[:, 2], pos[:, 1]], axis=1))
            out["faces"].append(idx + out["offset"])
            out["parts"].append(np.full(len(idx), part))
            out["offset"] += len(pos)
            added = True
        if added:
            out["names"].append(name)
    for child in node.get("children", []):
        _visit(gltf, data, bin_start, child, world, out)


def _node_matrix(node) -> np.ndarray:
    if "matrix" in node:
        return np.asarray(node["matrix"], dtype=np.float64).reshape(4, 4).T  # column-major
    m = np.eye(4)
    x, y, z, w = node.get("rotation", [0.0, 0.0, 0.0, 1.0])
    rot = np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                    [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                    [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])
    m[:3, :3] = rot * np.asarray(node.get("scale", [1.0, 1.0, 1.0]))
    m[:3, 3] = node.get("translation", [0.0, 0.0, 0.0])
    return m


_COMPONENTS = {5120: np.int8, 5121: np.uint8, 5122: np.int16, 5123: np.uint16, 5125: np.uint32, 5126: np.float32}
_WIDTH = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}


def _read_accessor(gltf, data, bin_start, index) -> np.ndarray:
    acc = gltf["accessors"][index]
    dtype = np.dtype(_COMPONENTS[acc["componentType"]]).newbyteorder("<")
    width = _WIDTH[acc["type"]]
    view = gltf["bufferViews"][acc["bufferView"]]
    if view.get("buffer", 0) != 0:
        raise ValueError("only the GLB's own binary buffer is supported")
    start = bin_start + view.get("byteOffset", 0) + acc.get("byteOffset", 0)
    count = acc["count"]
    stride = view.get("byteStride") or dtype.itemsize * width
    if start + stride * (count - 1) + dtype.itemsize * width > len(data):
        raise ValueError("an accessor reaches past the end of the file")
    raw = np.lib.stride_tricks.as_strided(np.frombuffer(data, dtype=np.uint8, offset=start),
                                          shape=(count, dtype.itemsize * width), strides=(stride, 1))
    return np.ascontiguousarray(raw).view(dtype).reshape(count, width)
