# SPDX-License-Identifier: GPL-3.0-or-later
"""The timer that keeps the engine client polled while Blender runs.

The timer's work is the plain function `tick()`, which tests call directly (bpy as a module
has no event loop, so its timers never fire).
"""

import bpy

INTERVAL = 0.1


def tick():
    """Drain engine events into job states and mirror the active job into the panel status."""
    from ..client.service import get_service

    service = get_service()
    service.poll()
    wm = bpy.context.window_manager
    status = getattr(wm, "shapesmith_status", None) if wm else None
    if status is not None and status.job_id:
        job = service.jobs.get(status.job_id)
        if job is not None:
            status.progress = job.fraction
            status.stage = job.stage
            status.running = not job.finished
    for window in getattr(wm, "windows", []):
        for area in window.screen.areas:
            if area.type == "VIEW_3D":
                area.tag_redraw()
    return INTERVAL


def _timer():
    try:
        return tick()
    except Exception as exc:  # a timer that raises is unregistered for good; keep ours alive
        print(f"Shapesmith: poll failed: {exc}")
        return 1.0


def register():
    if not bpy.app.timers.is_registered(_timer):
        bpy.app.timers.register(_timer, first_interval=INTERVAL, persistent=True)


def unregister():
    if bpy.app.timers.is_registered(_timer):
        bpy.app.timers.unregister(_timer)
