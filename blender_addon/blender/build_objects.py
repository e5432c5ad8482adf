# SPDX-License-Identifier: GPL-3.0-or-later
"""Arrays -> Blender objects (foreach_set), in a collection per job with a child collection
per part label, with provenance and quality as custom properties. Main thread only."""

import json

import bpy
import numpy as np

PREFIX = "shapesmith_"


def mesh_from_arrays(name: str, vertices: np.ndarray, faces: np.ndarray):
    """vertices (V, 3) float32, faces (F, 3) int -> bpy.types.Mesh with triangles."""
    mesh = bpy.data.meshes.new(name)
    mesh.vertices.add(len(vertices))
    mesh.vertices.foreach_set("co", np.ascontiguousarray(vertices, dtype=np.float32).reshape(-1))
    mesh.loops.add(len(faces) * 3)
    mesh.loops.foreach_set("vertex_index", np.ascontiguousarray(faces, dtype=np.int32).reshape(-1))
    mesh.polygons.add(len(faces))
    mesh.polygons.foreach_set("loop_start", np.arange(0, 3 * len(faces), 3, dtype=np.int32))
    mesh.polygons.foreach_set("loop_total", np.full(len(faces), 3, dtype=np.int32))
    mesh.update(calc_edges=True)
    return mesh


def store_provenance(obj, provenance: dict, quality: dict, extra: dict) -> None:
    obj[PREFIX + "provenance"] = json.dumps(provenance, sort_keys=True)
    obj[PREFIX + "quality"] = json.dumps(quality, sort_keys=True)
    for key in ("task", "method", "engine_version"):
        if key in provenance:
            obj[PREFIX + key] = str(provenance[key])
    obj[PREFIX + "params"] = json.dumps(provenance.get("params", {}), sort_keys=True)
    for key in ("watertight", "manifold", "components", "boundary_edges"):
        if key in quality:
            obj[PREFIX + key] = quality[key]
    for key, value in extra.items():
        obj[PREFIX + key] = value


def build_result(context, job_label: str, objects: list, manifest: dict, matrix_world, extra: dict) -> list:
    """Create everything for one finished job; returns the new objects.

    objects: [{name, quality, parts: [(label, vertices, faces)]}] from io.exchange.load_result.
    """
    root = bpy.data.collections.new(f"Shapesmith {job_label}")
    context.scene.collection.children.link(root)
    part_collections = {}
    created = []
    for entry in objects:
        for label, vertices, faces in entry["parts"]:
            if label not in part_collections:
                part_collections[label] = bpy.data.collections.new(label)
                root.children.link(part_collections[label])
            name = f"{extra.get('source', 'shape')}_{label}" if len(objects) == 1 else f"{entry['name']}_{label}"
            obj = bpy.data.objects.new(name, mesh_from_arrays(name, vertices, faces))
            obj.matrix_world = matrix_world
            part_collections[label].objects.link(obj)
            store_provenance(obj, manifest.get("provenance", {}), entry.get("quality", {}),
                             {**extra, "part": label, "job_collection": root.name})
            created.append(obj)
    return created


def build_candidates(context, job_label: str, objects: list, manifest: dict, origin_matrix, extra: dict,
                     gap: float = 0.25) -> list:
    """Generated candidates in a row along the X axis of `origin_matrix` (the 3D cursor): a
    collection per job, a child collection per candidate, and in it a collection per part
    label holding one object per part. Each candidate stands on the cursor's plane (its lowest
    point at z = 0) and all its parts share its origin, the centre of its base. Every object
    carries the job's provenance and its own candidate's (prompt, noise recipe, seed, model).
    Returns the new objects."""
    from mathutils import Matrix

    from ..io.exchange import part_label, row_layout

    root = bpy.data.collections.new(f"Shapesmith {job_label}")
    context.scene.collection.children.link(root)
    bounds = []
    for entry in objects:
        stacked = np.concatenate([v for _, v, _ in entry["parts"]]) if entry["parts"] else np.zeros((1, 3))
        bounds.append((stacked.min(0), stacked.max(0)))
    created = []
    for entry, (offset, slot) in zip(objects, row_layout(bounds, gap)):
        candidate = bpy.data.collections.new(entry["name"])
        root.children.link(candidate)
        matrix = origin_matrix @ Matrix.Translation((slot, 0.0, 0.0))
        labels = {}
        for part_name, vertices, faces in entry["parts"]:
            label = part_label(part_name)
            if label not in labels:
                labels[label] = bpy.data.collections.new(label)
                candidate.children.link(labels[label])
            name = f"{entry['name']}_{part_name}"
            obj = bpy.data.objects.new(name, mesh_from_arrays(name, vertices + offset.astype(np.float32), faces))
            obj.matrix_world = matrix
            labels[label].objects.link(obj)
            store_provenance(obj, manifest.get("provenance", {}), entry.get("quality", {}),
                             {**extra, "part": part_name, "label": label, "job_collection": root.name,
                              "candidate": entry["name"], "candidate_collection": candidate.name,
                              "shape": json.dumps(entry.get("provenance", {}), sort_keys=True)})
            created.append(obj)
    return created


def remove_collection_tree(collection) -> None:
    """Delete a collection, its children and every object (and now unused mesh) in them."""
    for child in list(collection.children):
        remove_collection_tree(child)
    for obj in list(collection.objects):
        mesh = obj.data if obj.type == "MESH" else None
        bpy.data.objects.remove(obj)
        if mesh is not None and mesh.users == 0:
            bpy.data.meshes.remove(mesh)
    bpy.data.collections.remove(collection)
