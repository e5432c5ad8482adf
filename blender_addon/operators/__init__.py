# SPDX-License-Identifier: GPL-3.0-or-later
"""Operators: thin, gather input -> submit job -> (modal progress) -> build result."""

import bpy

from . import engine, generate, reconstruct

register, unregister = bpy.utils.register_classes_factory((*reconstruct.classes, *generate.classes,
                                                           *engine.classes))
