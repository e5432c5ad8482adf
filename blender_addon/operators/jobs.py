# SPDX-License-Identifier: GPL-3.0-or-later
"""What every job operator shares: starting the engine and submitting a job, and the
blocking (script) and modal (UI) ways of waiting for it.

Invoked from the UI an operator is modal (progress in the panel and the status bar, Esc
cancels, Blender stays responsive); run from a script (EXEC_DEFAULT) it blocks until the job
ends. Either way the result is created in one call that returns FINISHED: one undo step.
"""

import os

from .. import preferences
from ..client.service import Job, ServiceError, get_service


def engine_hello(operator, context) -> dict | None:
    """The running engine's hello (starting it when needed); None with a report on failure."""
    service = get_service()
    prefs = preferences.get_preferences(context)
    if prefs is not None:
        service.stall_seconds = prefs.stall_seconds
    try:
        return service.ensure_engine(preferences.engine_python(context))
    except ServiceError as exc:
        operator.report({"ERROR"}, f"{exc.message} {exc.hint}".strip())
        return None


def method_and_params(context, hello: dict, task: str, settings, names, method: str = "") -> tuple[str, dict]:
    """The method asked for (else the one the settings chose, else the engine's default) and the
    settings the method knows, by the engine's parameter names; the device from the preferences."""
    caps = hello.get("capabilities", {}).get(task, {})
    methods = caps.get("methods", {})
    chosen = method or getattr(settings, "method", "")
    method = chosen if chosen in methods else caps.get("default", "")
    schema = methods.get(method, {}).get("params", {})
    params = {name: getattr(settings, name) for name in names if name in schema}
    prefs = preferences.get_preferences(context)
    if "device" in schema and prefs is not None:
        params["device"] = prefs.device
    return method, params


def job_folder(context, task: str) -> tuple[str, str]:
    """(a new job id, its folder under the job root, created)."""
    job_id = get_service().new_job_id(task)
    folder = os.path.join(preferences.job_root(context), job_id)
    os.makedirs(folder, exist_ok=True)
    return job_id, folder


def submit(job_id: str, task: str, method: str, params: dict, inputs: dict, folder: str, meta: dict,
           preview: bool = False) -> Job:
    job = Job(job_id, task, method, params, inputs, os.path.join(folder, "out"), want_preview=preview)
    job.meta = meta
    get_service().submit(job)
    return job


def unfinished_result(operator, context, job: Job, what: str) -> set | None:
    """For a job that did not end in `done`: its report and {'CANCELLED'}; None for a done job."""
    status = context.window_manager.shapesmith_status
    status.running = False
    if job.state == "cancelled":
        operator.report({"WARNING"}, f"{what} cancelled; nothing was changed.")
        return {"CANCELLED"}
    if job.state != "done":
        operator.report({"ERROR"}, job.report_text())
        status.last_message = job.report_text()[:500]
        return {"CANCELLED"}
    return None


def select_only(context, objects: list) -> None:
    for obj in context.view_layer.objects:
        obj.select_set(False)
    for obj in objects:
        obj.select_set(True)
    if objects:
        context.view_layer.objects.active = objects[0]


class JobOperator:
    """Mixin for bpy.types.Operator: subclasses define start(context) -> Job | None and
    finish(context, job) -> {'FINISHED'} or {'CANCELLED'}."""

    _timer = None
    _job = None
    _preview_shown = None

    def start(self, context):
        raise NotImplementedError

    def finish(self, context, job):
        raise NotImplementedError

    def show_preview(self, context, job):
        """Show the job's coarse result while the full one runs; returns what to remove later."""
        return None

    def drop_preview(self, shown) -> None:
        pass

    def execute(self, context):
        job = self.start(context)
        if job is None:
            return {"CANCELLED"}
        context.window_manager.shapesmith_status.job_id = job.id
        get_service().wait(job)
        return self.finish(context, job)

    def invoke(self, context, event):
        job = self.start(context)
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
            if job.preview and self._preview_shown is None and not job.finished:
                self._preview_shown = self.show_preview(context, job) or False
        if not job.finished:
            return {"PASS_THROUGH"}
        context.window_manager.event_timer_remove(self._timer)
        context.workspace.status_text_set(None)
        if self._preview_shown:
            self.drop_preview(self._preview_shown)
        return self.finish(context, job)
