"""Data sets and loaders: real scans in their published formats (and, later, the procedural shape library)."""
