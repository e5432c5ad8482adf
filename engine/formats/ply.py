"""PLY reading (ASCII and binary, points or meshes) and binary writing.

Reads the vertex element's x, y, z (and nx, ny, nz when present) and the face element's
vertex_indices / vertex_index lists (polygons fanned into triangles); other elements, such
as the range_grid of Stanford's Cyberware scans, are skipped.
Returns a dict: vertices (V, 3) float64, normals (V, 3) float64 or None, faces (F, 3) int64.
"""

from __future__ import annotations

import numpy as np

from ..errors import bad_input

_TYPES = {"char": "i1", "int8": "i1", "uchar": "u1", "uint8": "u1", "short": "i2", "int16": "i2",
          "ushort": "u2", "uint16": "u2", "int": "i4", "int32": "i4", "uint": "u4", "uint32": "u4",
          "float": "f4", "float32": "f4", "double": "f8", "float64": "f8"}


def _parse_header(data: bytes):
    end = data.find(b"end_header")
    if not data.startswith(b"ply") or end < 0:
        raise bad_input("The file is not a PLY file (no 'ply' magic or no end_header).")
    newline = data.find(b"\n", end)
    body_start = newline + 1 if newline >= 0 else len(data)
    fmt, elements = None, []
    for raw in data[:end].decode("ascii", "replace").splitlines()[1:]:
        words = raw.split()
        if not words or words[0] in ("comment", "obj_info"):
            continue
        if words[0] == "format":
            fmt = words[1]
        elif words[0] == "element":
            elements.append({"name": words[1], "count": int(words[2]), "props": []})
        elif words[0] == "property" and elements:
            if words[1] == "list":
                elements[-1]["props"].append((words[4], "list", _dtype(words[2]), _dtype(words[3])))
            else:
                elements[-1]["props"].append((words[2], _dtype(words[1]), None, None))
    if fmt not in ("ascii", "binary_little_endian", "binary_big_endian"):
        raise bad_input(f"Unsupported PLY format {fmt!r}.")
    return fmt, elements, body_start


def _dtype(name: str) -> str:
    if name not in _TYPES:
        raise bad_input(f"Unknown PLY property type {name!r}.")
    return _TYPES[name]


def read_ply(path) -> dict:
    data = open(path, "rb").read()
    try:
        fmt, elements, start = _parse_header(data)
    except (ValueError, IndexError):
        raise bad_input("The PLY header is malformed.") from None
    try:
        if fmt == "ascii":
            tables = _read_ascii(data[start:].decode("ascii", "replace"), elements)
        else:
            tables = _read_binary(data, start, elements, "<" if fmt.endswith("little_endian") else ">")
    except (ValueError, IndexError, TypeError):
        raise bad_input("The PLY body does not match its header (truncated or corrupt file).") from None
    return _assemble(tables)


def _read_ascii(text: str, elements) -> dict:
    lines = text.splitlines()
    pos, tables = 0, {}
    for el in elements:
        rows = lines[pos:pos + el["count"]]
        if len(rows) < el["count"]:
            raise ValueError("truncated")
        pos += el["count"]
        if el["name"] == "vertex":
            scalar = [p for p in el["props"] if p[1] != "list"]
            if len(scalar) != len(el["props"]):
                raise ValueError("vertex lists unsupported")
            table = np.array(" ".join(rows).split(), dtype=np.float64).reshape(el["count"], len(scalar))
            tables["vertex"] = {p[0]: table[:, i] for i, p in enumerate(scalar)}
        elif el["name"] == "face":
            tables["face"] = _faces_from_lists([np.array(r.split(), dtype=np.float64) for r in rows], el)
    return tables


def _faces_from_lists(rows, el) -> list:
    names = [p[0] for p in el["props"]]
    key = "vertex_indices" if "vertex_indices" in names else "vertex_index"
    if key not in names or names.index(key) != 0:
        raise ValueError("no face index list first")
    return [r[1:1 + int(r[0])].astype(np.int64) for r in rows]


def _read_binary(data: bytes, start: int, elements, endian: str) -> dict:
    pos, tables = start, {}
    for el in elements:
        props = el["props"]
        if all(p[1] != "list" for p in props):
            dtype = np.dtype([(p[0], endian + p[1]) for p in props])
            arr = np.frombuffer(data, dtype=dtype, count=el["count"], offset=pos)
            pos += dtype.itemsize * el["count"]
            if el["name"] == "vertex":
                tables["vertex"] = {name: arr[name].astype(np.float64) for name in dtype.names}
            continue
        polys, pos = _read_binary_lists(data, pos, el, endian)
        if el["name"] == "face":
            tables["face"] = polys
    return tables


def _read_binary_lists(data, pos, el, endian):
    """Fast path: one list property per row with the same length in every row (triangles)."""
    props = el["props"]
    if len(props) == 1 and props[0][1] == "list" and el["count"] > 0:
        count_t, item_t = np.dtype(endian + props[0][2]), np.dtype(endian + props[0][3])
        first = int(np.frombuffer(data, dtype=count_t, count=1, offset=pos)[0])
        row = np.dtype([("n", count_t), ("i", item_t, (first,))])
        arr = np.frombuffer(data, dtype=row, count=el["count"], offset=pos)
        if (arr["n"] == first).all():
            return list(arr["i"].astype(np.int64)), pos + row.itemsize * el["count"]
    rows = []
    for _ in range(el["count"]):
        row = []
        for _name, kind, count_t, item_t in props:
            if kind == "list":
                n = int(np.frombuffer(data, dtype=endian + count_t, count=1, offset=pos)[0])
                pos += np.dtype(count_t).itemsize
                vals = np.frombuffer(data, dtype=endian + item_t, count=n, offset=pos).astype(np.int64)
                pos += np.dtype(item_t).itemsize * n
                row.append(vals)
            else:
                pos += np.dtype(kind).itemsize
        rows.append(row[0] if row else np.zeros(0, np.int64))
    return rows, pos


def _assemble(tables) -> dict:
    vert = tables.get("vertex")
    if vert is None or not all(k in vert for k in "xyz"):
        raise bad_input("The PLY file has no vertex x, y, z properties.")
    vertices = np.stack([vert["x"], vert["y"], vert["z"]], axis=1)
    normals = None
    if all(k in vert for k in ("nx", "ny", "nz")):
        normals = np.stack([vert["nx"], vert["ny"], vert["nz"]], axis=1)
    faces = triangulate(tables.get("face", []))
    return {"vertices": vertices, "normals": normals, "faces": faces}


def triangulate(polygons) -> np.ndarray:
    """Fan-triangulate polygons (lists of vertex indices) -> (F, 3) int64; drops polygons with < 3."""
    if len(polygons) and all(len(p) == 3 for p in polygons):
        return np.asarray(polygons, dtype=np.int64).reshape(-1, 3)
    tris = [np.stack([np.full(len(p) - 2, p[0]), p[1:-1], p[2:]], axis=1) for p in polygons if len(p) >= 3]
    return np.concatenate(tris).astype(np.int64) if tris else np.zeros((0, 3), np.int64)


def write_ply(path, vertices: np.ndarray, faces=None, normals=None) -> None:
    """Binary little-endian PLY: float32 vertices (and normals), uint8-count int32 triangles."""
    vertices = np.asarray(vertices, dtype="<f4")
    fields = [("x", "<f4"), ("y", "<f4"), ("z", "<f4")]
    columns = [vertices]
    if normals is not None:
        fields += [("nx", "<f4"), ("ny", "<f4"), ("nz", "<f4")]
        columns.append(np.asarray(normals, dtype="<f4"))
    vert = np.empty(len(vertices), dtype=fields)
    flat = np.concatenate(columns, axis=1)
    for i, (name, _) in enumerate(fields):
        vert[name] = flat[:, i]
    header = ["ply", "format binary_little_endian 1.0", "comment written by shapesmith",
              f"element vertex {len(vertices)}"] + [f"property float {name}" for name, _ in fields]
    faces = np.zeros((0, 3), np.int64) if faces is None else np.asarray(faces)
    if len(faces):
        header += [f"element face {len(faces)}", "property list uchar int vertex_indices"]
    header.append("end_header")
    with open(path, "wb") as fh:
        fh.write(("\n".join(header) + "\n").encode("ascii"))
        fh.write(vert.tobytes())
        if len(faces):
            rows = np.empty(len(faces), dtype=[("n", "u1"), ("i", "<i4", (3,))])
            rows["n"] = 3
            rows["i"] = faces
            fh.write(rows.tobytes())
