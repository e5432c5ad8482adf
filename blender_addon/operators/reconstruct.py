# SPDX-License-Identifier: GPL-3.0-or-later
"""shapesmith.reconstruct: the selected scan (mesh or point cloud) -> a watertight mesh.

Invoked from the UI it is modal (progress in the panel and the status bar, Esc cancels,
Blender stays responsive); run from a script (EXEC_DEFAULT) it blocks until the job ends.
Either way the result is created in one call that returns FINISHED, so it is one undo step,
and the source object is never modified.
"""

import os

import bpy

from ..blender import selection
from ..blender.build_objects import build_result
from ..client.service import Job, get_service
from ..io import exchange
from .jobs import JobOperator, engine_hello, job_folder, method_and_params, select_only, submit, unfinished_result


def start_job(operator, context, task: str = "reconstruct") -> Job | None:
    """Write the selection to a job folder and submit it (task reconstruct, or repair, which
    needs a mesh with faces); None (with a report) on failure."""
    from ..properties import RECONSTRUCT_PARAMS, REPAIR_PARAMS

    obj = context.active_object
    kind = selection.object_kind(obj)
    if kind is None or (task == "repair" and kind != "mesh"):
        operator.report({"ERROR"}, "Select a mesh with faces to repair." if task == "repair" else
                        "Select a mesh or point cloud object with vertices to reconstruct.")
        return None
    hello = engine_hello(operator, context)
    if hello is None:
        return None
    method, params = method_and_params(context, hello, task, context.scene.shapesmith.reconstruct,
                                       REPAIR_PARAMS if task == "repair" else RECONSTRUCT_PARAMS)
    job_id, folder = job_folder(context, task)
    if kind == "mesh":
        vertices, faces = selection.read_mesh(obj)
        inputs = {"mesh": exchange.write_mesh(os.path.join(folder, "mesh.npz"), vertices, faces)}
    else:
        inputs = {"points": exchange.write_points(os.path.join(folder, "points.npz"), selection.read_points(obj))}
    return submit(job_id, task, method, params, inputs, folder, {"source": obj.name, "source_kind": kind},
                  preview=context.scene.shapesmith.reconstruct.preview)


def job_label(job: Job) -> str:
    """'Scan reconstruction' / 'Scan repair': the name of the job's collection after 'Shapesmith'."""
    return f"{job.meta['source']} {'repair' if job.task == 'repair' else 'reconstruction'}"


def show_preview(context, job: Job) -> str | None:
    """The coarse result as objects in their own collection (named "... (preview)"), placed
    like the final one; returns the collection's name, or None when it cannot be read."""
    try:
        objects, manifest = exchange.load_result(job.preview)
    except (OSError, ValueError, KeyError):
        return None
    source = bpy.data.objects.get(job.meta["source"])
    matrix = source.matrix_world.copy() if source is not None else context.scene.cursor.matrix.copy()
    created = build_result(context, job_label(job) + " (preview)", objects, manifest, matrix,
                           {"source": job.meta["source"], "job_id": job.id, "preview": True})
    parts = {c.name for obj in created for c in obj.users_collection}
    for root in context.scene.collection.children:
        if any(child.name in parts for child in root.children):
            return root.name
    return None


def drop_preview(collection_name: str) -> None:
    from ..blender.build_objects import remove_collection_tree

    collection = bpy.data.collections.get(collection_name)
    if collection is not None:
        remove_collection_tree(collection)


def finish_job(operator, context, job: Job) -> set:
    """Turn a finished job into objects (done) or a report (failed / cancelled)."""
    done = "Repaired" if job.task == "repair" else "Reconstructed"
    unfinished = unfinished_result(operator, context, job, "Repair" if job.task == "repair" else "Reconstruction")
    if unfinished:
        return unfinished
    status = context.window_manager.shapesmith_status
    source = bpy.data.objects.get(job.meta["source"])
    matrix = source.matrix_world.copy() if source is not None else context.scene.cursor.matrix.copy()
    try:
        objects, manifest = exchange.load_result(job.manifest)
    except (OSError, ValueError, KeyError) as exc:
        operator.report({"ERROR"}, f"The engine's result could not be read: {exc}")
        return {"CANCELLED"}
    created = build_result(context, job_label(job), objects, manifest, matrix,
                           {"source": job.meta["source"], "job_id": job.id})
    select_only(context, created)
    q = objects[0]["quality"] if objects else {}
    text = (f"{done} {job.meta['source']}: {q.get('faces', 0)} faces, "
            f"{'watertight' if q.get('watertight') else 'NOT watertight'}, {q.get('components', '?')} component(s).")
    status.last_message = text
    operator.report({"INFO"}, text)
    get_service().forget(job.id)
    return {"FINISHED"}


class ScanJobOperator(JobOperator):
    """A job on the active scan object: `task` is reconstruct or repair."""

    task = "reconstruct"

    def start(self, context):
        return start_job(self, context, self.task)

    def finish(self, context, job):
        return finish_job(self, context, job)

    def show_preview(self, context, job):
        return show_preview(context, job)

    def drop_preview(self, shown):
        drop_preview(shown)


class SHAPESMITH_OT_reconstruct(ScanJobOperator, bpy.types.Operator):
    """Reconstruct a watertight mesh from the active scan (point cloud or holey mesh)"""

    bl_idname = "shapesmith.reconstruct"
    bl_label = "Reconstruct"
    bl_options = {"REGISTER", "UNDO"}

    @classmethod
    def poll(cls, context):
        return selection.object_kind(context.active_object) is not None


class SHAPESMITH_OT_repair(ScanJobOperator, bpy.types.Operator):
    """Repair the active scanned mesh: close its holes, drop fragments, fix flipped faces, keep the scan"""

    bl_idname = "shapesmith.repair"
    bl_label = "Repair Scan"
    bl_options = {"REGISTER", "UNDO"}
    task = "repair"

    @classmethod
    def poll(cls, context):
        return selection.object_kind(context.active_object) == "mesh"


classes = (SHAPESMITH_OT_reconstruct, SHAPESMITH_OT_repair)
