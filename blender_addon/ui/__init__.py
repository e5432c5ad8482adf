# SPDX-License-Identifier: GPL-3.0-or-later
"""The N-panel tab "Shapesmith" in the 3D viewport."""

import bpy

from . import panel

_classes = panel.classes


def register():
    for cls in _classes:
        bpy.utils.register_class(cls)


def unregister():
    for cls in reversed(_classes):
        bpy.utils.unregister_class(cls)
