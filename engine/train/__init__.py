"""Training loops for the shipped models (single process, or torchrun with DistributedDataParallel)."""
