# SPDX-License-Identifier: GPL-3.0-or-later
"""The N-panel tab "Shapesmith" in the 3D viewport."""

import bpy

from . import panel

register, unregister = bpy.utils.register_classes_factory(panel.classes)
