"""bpy-only helpers: the selection as arrays, arrays as objects and collections, timers."""
