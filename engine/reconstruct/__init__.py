"""Surface reconstruction methods, one per file, each registered in engine.registry."""
