# SPDX-License-Identifier: GPL-3.0-or-later
"""Panels: engine status, then a section per capability the engine reports (generate,
reconstruct)."""

import json

import bpy

from ..client.service import get_service
from ..properties import GENERATE_PARAMS, RECONSTRUCT_PARAMS, REPAIR_PARAMS


class VIEW3D_PT_shapesmith(bpy.types.Panel):
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Shapesmith"
    bl_label = "Shapesmith"

    def draw(self, context):
        service = get_service()
        layout = self.layout
        row = layout.row()
        hello = service.hello or {}
        state = service.status()
        version = f" {hello.get('engine_version')}" if hello else ""
        devices = ", ".join(d.get("name", "?") for d in hello.get("devices", []))
        row.label(text=f"Engine{version}: {state}" + (f" ({devices})" if devices else ""),
                  icon="CHECKMARK" if state in ("ready", "busy") else "DOT")
        if state in ("not started", "stopped"):
            layout.operator("shapesmith.engine_start", icon="PLAY")
        if service.last_error:
            layout.label(text=service.last_error, icon="ERROR")


class TaskPanel:
    """A section under the main panel, shown while the engine offers its `task` (or before the
    engine has said what it offers)."""

    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Shapesmith"
    bl_parent_id = "VIEW3D_PT_shapesmith"
    task = ""

    @classmethod
    def poll(cls, context):
        caps = (get_service().hello or {}).get("capabilities")
        return caps is None or cls.task in caps


class VIEW3D_PT_shapesmith_reconstruct(TaskPanel, bpy.types.Panel):
    bl_label = "Reconstruct"
    task = "reconstruct"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.shapesmith.reconstruct
        status = context.window_manager.shapesmith_status
        caps = ((get_service().hello or {}).get("capabilities") or {}).get("reconstruct", {})
        layout.prop(settings, "method")
        schema = caps.get("methods", {}).get(settings.method, {}).get("params")
        col = layout.column(align=True)
        for name in RECONSTRUCT_PARAMS:
            if schema is None or name in schema:
                col.prop(settings, name)
        col.prop(settings, "preview")
        if not _draw_running_job(layout, status):
            layout.operator("shapesmith.reconstruct", icon="MESH_ICOSPHERE")
            if "repair" in ((get_service().hello or {}).get("capabilities") or {"repair": 1}):
                box = layout.box()
                col = box.column(align=True)
                for name in REPAIR_PARAMS[:2]:
                    col.prop(settings, name)
                box.operator("shapesmith.repair", icon="MODIFIER")
        if status.last_message:
            layout.label(text=status.last_message[:120])
        _draw_quality(layout, context.active_object)


class VIEW3D_PT_shapesmith_generate(TaskPanel, bpy.types.Panel):
    bl_label = "Generate"
    task = "generate"

    def draw(self, context):
        from ..operators.generate import shape_provenance

        layout = self.layout
        settings = context.scene.shapesmith.generate
        status = context.window_manager.shapesmith_status
        caps = ((get_service().hello or {}).get("capabilities") or {}).get("generate", {})
        layout.prop(settings, "method")
        schema = caps.get("methods", {}).get(settings.method, {}).get("params")
        layout.prop(settings, "prompt", text="")
        col = layout.column(align=True)
        for name in GENERATE_PARAMS[1:]:
            if schema is None or name in schema:
                col.prop(settings, name)
        if not _draw_running_job(layout, status):
            layout.operator("shapesmith.generate", icon="OUTLINER_OB_GROUP_INSTANCE")
        shape = shape_provenance(context.active_object)
        if shape is not None:
            box = layout.box()
            box.label(text=f"{context.active_object.get('shapesmith_candidate', '')}: '{shape.get('prompt', '')[:40]}'"
                           f" seed {shape.get('seed', '(blend)')}")
            row = box.row(align=True)
            row.prop(settings, "variation_count")
            row.prop(settings, "variation_strength")
            box.operator("shapesmith.variations", icon="MOD_NOISE")
            row = box.row(align=True)
            row.prop(settings, "interpolate_frames")
            row.operator("shapesmith.interpolate", icon="IPO_EASE_IN_OUT")
            row = box.row(align=True)
            row.prop(settings, "edit_text", text="")
            row.operator("shapesmith.edit_shape", icon="GREASEPENCIL")
            box.operator("shapesmith.keep_candidate", icon="CHECKMARK")


def _draw_running_job(layout, status) -> bool:
    """The progress bar and Cancel button while a job runs; False when none runs."""
    if not status.running:
        return False
    if hasattr(layout, "progress"):
        layout.progress(factor=status.progress, type="BAR", text=f"{status.stage} {int(status.progress * 100)}%")
    else:
        layout.label(text=f"{status.stage} {int(status.progress * 100)}%")
    layout.operator("shapesmith.cancel", icon="CANCEL")
    return True


def _draw_quality(layout, obj):
    if obj is None or "shapesmith_quality" not in obj:
        return
    try:
        q = json.loads(obj["shapesmith_quality"])
    except (TypeError, ValueError):
        return
    box = layout.box()
    box.label(text="Quality of the active result")
    box.label(text=f"Watertight: {q.get('watertight')}   Manifold: {q.get('manifold')}")
    box.label(text=f"Components: {q.get('components')}   Boundary edges: {q.get('boundary_edges')}")
    if "input_to_surface_mean" in q:
        box.label(text=f"Scan to surface: mean {q['input_to_surface_mean']:.3g}, 95% {q['input_to_surface_p95']:.3g}")


classes = (VIEW3D_PT_shapesmith, VIEW3D_PT_shapesmith_generate, VIEW3D_PT_shapesmith_reconstruct)
