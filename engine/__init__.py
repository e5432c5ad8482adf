"""Shapesmith engine: reconstruction (and, later, generation and completion) of part-labelled meshes.

Importing this package is cheap: torch and the other heavy packages are imported by the
methods that need them, when a job runs.
"""

__version__ = "0.1.0"
