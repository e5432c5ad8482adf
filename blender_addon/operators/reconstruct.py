# SPDX-License-Identifier: GPL-3.0-or-later
"""shapesmith.reconstruct: the selected scan (mesh or point cloud) -> a watertight mesh.

Invoked from the UI it is modal (progress in the panel and the status bar, Esc cancels,
Blender stays responsive); run from a script (EXEC_DEFAULT) it blocks until the job ends.
Either way the result is created in one call that returns FINISHED, so it is one undo step,
and the source object is never modified.
"""

import os

import bpy

from .. import preferences
from ..blender import selection
from ..blender.build_objects import build_result
from ..client.service import Job, ServiceError, get_service
from ..io import exchange


def _params(context, hello: dict) -> tuple[str, dict]:
    from ..properties import RECONSTRUCT_PARAMS

    settings = context.scene.shapesmith.reconstruct
    caps = hello.get("capabilities", {}).get("reconstruct", {})
    method = settings.method if settings.method in caps.get("methods", {}) else caps.get("default", "poisson")
    schema = caps.get("methods", {}).get(method, {}).get("params", {})
    params = {name: getattr(settings, name) for name in RECONSTRUCT_PARAMS if name in schema}
    prefs = preferences.get_preferences(context)
    if "device" in schema and prefs is not None:
        params["device"] = prefs.device
    return method, params


def start_job(operator, context) -> Job | None:
    """Write the selection to a job folder and submit it; None (with a report) on failure."""
    obj = context.active_object
    kind = selection.object_kind(obj)
    if kind is None:
        operator.report({"ERROR"}, "Select a mesh or point cloud object with vertices to reconstruct.")
        return None
    service = get_service()
    prefs = preferences.get_preferences(context)
    if prefs is not None:
        service.stall_seconds = prefs.stall_seconds
    try:
        hello = service.ensure_engine(preferences.engine_python(context))
    except ServiceError as exc:
        operator.report({"ERROR"}, f"{exc.message} {exc.hint}".strip())
        return None
    method, params = _params(context, hello)
    job_id = service.new_job_id("reconstruct")
    folder = os.path.join(preferences.job_root(context), job_id)
    os.makedirs(folder, exist_ok=True)
    if kind == "mesh":
        vertices, faces = selection.read_mesh(obj)
        inputs = {"mesh": exchange.write_mesh(os.path.join(folder, "mesh.npz"), vertices, faces)}
    else:
        inputs = {"points": exchange.write_points(os.path.join(folder, "points.npz"), selection.read_points(obj))}
    job = Job(job_id, "reconstruct", method, params, inputs, os.path.join(folder, "out"))
    job.meta = {"source": obj.name, "source_kind": kind}
    service.submit(job)
    return job


def finish_job(operator, context, job: Job) -> set:
    """Turn a finished job into objects (done) or a report (failed / cancelled)."""
    status = context.window_manager.shapesmith_status
    status.running = False
    if job.state == "cancelled":
        operator.report({"WARNING"}, "Reconstruction cancelled; nothing was changed.")
        return {"CANCELLED"}
    if job.state != "done":
        operator.report({"ERROR"}, job.report_text())
        status.last_message = job.report_text()[:500]
        return {"CANCELLED"}
    source = bpy.data.objects.get(job.meta["source"])
    matrix = source.matrix_world.copy() if source is not None else context.scene.cursor.matrix.copy()
    try:
        objects, manifest = exchange.load_result(job.manifest)
    except (OSError, ValueError, KeyError) as exc:
        operator.report({"ERROR"}, f"The engine's result could not be read: {exc}")
        return {"CANCELLED"}
    created = build_result(context, f"{job.meta['source']} reconstruction", objects, manifest, matrix,
                           {"source": job.meta["source"], "job_id": job.id})
    for obj in context.view_layer.objects:
        obj.select_set(False)
    for obj in created:
        obj.select_set(True)
    if created:
        context.view_layer.objects.active = created[0]
    q = objects[0]["quality"] if objects else {}
    text = (f"Reconstructed {job.meta['source']}: {q.get('faces', 0)} faces, "
            f"{'watertight' if q.get('watertight') else 'NOT watertight'}, {q.get('components', '?')} component(s).")
    status.last_message = text
    operator.report({"INFO"}, text)
    get_service().forget(job.id)
    return {"FINISHED"}


class SHAPESMITH_OT_reconstruct(bpy.types.Operator):
    """Reconstruct a watertight mesh from the active scan (point cloud or holey mesh)"""

    bl_idname = "shapesmith.reconstruct"
    bl_label = "Reconstruct"
    bl_options = {"REGISTER", "UNDO"}

    _timer = None
    _job = None

    @classmethod
    def poll(cls, context):
        return selection.object_kind(context.active_object) is not None

    def execute(self, context):
        job = start_job(self, context)
        if job is None:
            return {"CANCELLED"}
        context.window_manager.shapesmith_status.job_id = job.id
        get_service().wait(job)
        return finish_job(self, context, job)

    def invoke(self, context, event):
        job = start_job(self, context)
        if job is None:
            return {"CANCELLED"}
        self._job = job
        status = context.window_manager.shapesmith_status
        status.job_id, status.running, status.progress, status.stage = job.id, True, 0.0, "starting"
        self._timer = context.window_manager.event_timer_add(0.1, window=context.window)
        context.window_manager.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def modal(self, context, event):
        from ..blender.timers import tick

        job = self._job
        if event.type == "ESC" and event.value == "PRESS":
            get_service().cancel(job.id)
        if event.type == "TIMER":
            tick()
            pct = int(job.fraction * 100)
            context.workspace.status_text_set(f"Shapesmith: {job.stage} {pct}%  (Esc to cancel)")
        if not job.finished:
            return {"PASS_THROUGH"}
        context.window_manager.event_timer_remove(self._timer)
        context.workspace.status_text_set(None)
        return finish_job(self, context, job)


classes = (SHAPESMITH_OT_reconstruct,)
