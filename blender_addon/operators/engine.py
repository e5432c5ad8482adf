# SPDX-License-Identifier: GPL-3.0-or-later
"""Engine housekeeping: cancel the running job, start or restart the engine."""

import bpy

from .. import preferences
from ..client.service import ServiceError, get_service


class SHAPESMITH_OT_cancel(bpy.types.Operator):
    """Stop the running Shapesmith job"""

    bl_idname = "shapesmith.cancel"
    bl_label = "Cancel"

    def execute(self, context):
        job_id = context.window_manager.shapesmith_status.job_id
        if job_id:
            get_service().cancel(job_id)
        return {"FINISHED"}


class SHAPESMITH_OT_engine_start(bpy.types.Operator):
    """Start the Shapesmith engine (otherwise it starts with the first job)"""

    bl_idname = "shapesmith.engine_start"
    bl_label = "Start Engine"

    def execute(self, context):
        try:
            hello = get_service().ensure_engine(preferences.engine_python(context))
        except ServiceError as exc:
            self.report({"ERROR"}, f"{exc.message} {exc.hint}".strip())
            return {"CANCELLED"}
        self.report({"INFO"}, f"Shapesmith engine {hello.get('engine_version')} is ready.")
        return {"FINISHED"}


class SHAPESMITH_OT_engine_restart(bpy.types.Operator):
    """Stop the Shapesmith engine and start a fresh one"""

    bl_idname = "shapesmith.engine_restart"
    bl_label = "Restart Engine"

    def execute(self, context):
        service = get_service()
        for job in service.active_jobs():
            job.fail("CANCELLED", "The engine was restarted.")
        service.stop_engine()
        return bpy.ops.shapesmith.engine_start()


classes = (SHAPESMITH_OT_cancel, SHAPESMITH_OT_engine_start, SHAPESMITH_OT_engine_restart)
