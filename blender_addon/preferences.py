# SPDX-License-Identifier: GPL-3.0-or-later
"""Add-on preferences: the engine's interpreter, the device, the folder for job files."""

import os
import tempfile

import bpy

ADDON_ID = __package__


class ShapesmithPreferences(bpy.types.AddonPreferences):
    bl_idname = ADDON_ID

    engine_python: bpy.props.StringProperty(
        name="Engine Python",
        description="The Python interpreter of the environment where the Shapesmith engine is installed "
                    "(for a clone set up with build.py: <clone>/.venv/bin/python)",
        subtype="FILE_PATH", default="")
    device: bpy.props.EnumProperty(
        name="Device", description="Where the engine computes",
        items=[("auto", "Auto", "CUDA when the engine sees a GPU, else the CPU"),
               ("cpu", "CPU", "Always the CPU"),
               ("cuda", "CUDA", "An NVIDIA GPU; jobs fail with a clear message if there is none")],
        default="auto")
    job_dir: bpy.props.StringProperty(
        name="Job Folder", description="Where job inputs and results are written (empty: the system's temporary folder)",
        subtype="DIR_PATH", default="")
    stall_seconds: bpy.props.FloatProperty(
        name="Stall Timeout", description="Report the engine as stalled after this many seconds of silence",
        default=15.0, min=3.0, max=600.0)

    def draw(self, context):
        from .client.service import get_service

        layout = self.layout
        layout.prop(self, "engine_python")
        layout.prop(self, "device")
        layout.prop(self, "job_dir")
        layout.prop(self, "stall_seconds")
        layout.label(text=f"Engine: {get_service().status()}")
        layout.operator("shapesmith.engine_restart", icon="FILE_REFRESH")


def get_preferences(context=None):
    context = context or bpy.context
    addon = context.preferences.addons.get(ADDON_ID)
    return addon.preferences if addon else None


def engine_python(context=None) -> str:
    from .client.service import default_engine_python

    prefs = get_preferences(context)
    path = bpy.path.abspath(prefs.engine_python) if prefs and prefs.engine_python else ""
    return path or default_engine_python()


def job_root(context=None) -> str:
    prefs = get_preferences(context)
    root = bpy.path.abspath(prefs.job_dir) if prefs and prefs.job_dir else ""
    root = root or os.path.join(tempfile.gettempdir(), "shapesmith_jobs")
    os.makedirs(root, exist_ok=True)
    return root


def register():
    bpy.utils.register_class(ShapesmithPreferences)


def unregister():
    bpy.utils.unregister_class(ShapesmithPreferences)
