"""Repair of scanned meshes: one method per file."""
