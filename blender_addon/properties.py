# SPDX-License-Identifier: GPL-3.0-or-later
"""Panel settings (Scene.shapesmith) and the window-wide job status shown in the panel."""

import bpy


def _method_items(self, context):
    from .client.service import get_service

    hello = get_service().hello or {}
    methods = hello.get("capabilities", {}).get("reconstruct", {}).get("methods", {})
    items = [(name, name.replace("_", " ").title(), spec.get("summary", "")) for name, spec in methods.items()]
    return items or [("poisson", "Poisson", "Screened Poisson reconstruction")]


class ShapesmithReconstructSettings(bpy.types.PropertyGroup):
    method: bpy.props.EnumProperty(name="Method", description="Reconstruction method", items=_method_items)
    resolution: bpy.props.IntProperty(
        name="Resolution", description="Grid cells along the longest side; higher keeps finer detail and costs "
                                       "time and memory", default=192, min=16, max=1024)
    screening: bpy.props.FloatProperty(
        name="Screening", description="How strongly the surface is pulled through the points "
                                      "(0 = plain Poisson, smoother)", default=4.0, min=0.0, max=100.0)
    outlier_ratio: bpy.props.FloatProperty(
        name="Outlier Ratio", description="Remove points much farther from their neighbours than those are "
                                          "from theirs (0 keeps every point)", default=2.0, min=0.0, max=100.0)
    normal_neighbors: bpy.props.IntProperty(
        name="Normal Neighbours", description="Neighbours used to estimate each point's normal",
        default=24, min=4, max=200)
    keep_largest: bpy.props.BoolProperty(
        name="Largest Piece Only", description="Return only the largest connected piece", default=True)


class ShapesmithStatus(bpy.types.PropertyGroup):
    """What the panel shows about the running job (set by the operator, read by the UI)."""

    job_id: bpy.props.StringProperty()
    running: bpy.props.BoolProperty(default=False)
    progress: bpy.props.FloatProperty(default=0.0, min=0.0, max=1.0, subtype="FACTOR")
    stage: bpy.props.StringProperty()
    last_message: bpy.props.StringProperty()


class ShapesmithSettings(bpy.types.PropertyGroup):
    reconstruct: bpy.props.PointerProperty(type=ShapesmithReconstructSettings)


# Reconstruct settings the panel knows how to draw, by the engine's parameter names.
RECONSTRUCT_PARAMS = ("resolution", "screening", "outlier_ratio", "normal_neighbors", "keep_largest")

_classes = (ShapesmithReconstructSettings, ShapesmithStatus, ShapesmithSettings)


def register():
    for cls in _classes:
        bpy.utils.register_class(cls)
    bpy.types.Scene.shapesmith = bpy.props.PointerProperty(type=ShapesmithSettings)
    bpy.types.WindowManager.shapesmith_status = bpy.props.PointerProperty(type=ShapesmithStatus)


def unregister():
    del bpy.types.WindowManager.shapesmith_status
    del bpy.types.Scene.shapesmith
    for cls in reversed(_classes):
        bpy.utils.unregister_class(cls)
