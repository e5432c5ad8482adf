"""Readers and writers of the exchange files, numpy only (no bpy), unit-tested without Blender."""
