"""Pure array functions: no file IO, no global state. See each module for its array conventions."""
