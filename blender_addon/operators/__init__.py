# SPDX-License-Identifier: GPL-3.0-or-later
"""Operators: thin, gather input -> submit job -> (modal progress) -> build result."""

import bpy

from . import engine, reconstruct

_classes = (*reconstruct.classes, *engine.classes)


def register():
    for cls in _classes:
        bpy.utils.register_class(cls)


def unregister():
    for cls in reversed(_classes):
        bpy.utils.unregister_class(cls)
