# SPDX-License-Identifier: GPL-3.0-or-later
"""Shapesmith for Blender: register and unregister only.

The add-on never imports torch. It starts the Shapesmith engine (a separate Python with
torch) as a child process and talks to it with JSON lines; see client/.
Submodules are imported inside register() so that the bpy-free parts (client/, io/) can be
imported and tested without Blender.
"""

_modules = []


def register():
    from . import operators, preferences, properties, ui
    from .blender import timers

    _modules[:] = [preferences, properties, operators, ui, timers]
    for module in _modules:
        module.register()


def unregister():
    from .client import service

    for module in reversed(_modules):
        module.unregister()
    _modules.clear()
    service.shutdown_service()
