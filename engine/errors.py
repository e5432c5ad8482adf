"""Typed engine errors: a code from protocol.ERROR_CODES, a plain sentence, and a hint."""

from __future__ import annotations

from .protocol import ERROR_CODES


class EngineError(Exception):
    """An error a person can act on. ``code`` is one of protocol.ERROR_CODES."""

    def __init__(self, code: str, message: str, hint: str = ""):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint

    def for_terminal(self) -> str:
        """The lines the command line prints: 'error [CODE]: message' and the hint under it."""
        return f"error [{self.code}]: {self.message}" + (f"\nhint: {self.hint}" if self.hint else "")

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" + (f" ({self.hint})" if self.hint else "")


class Cancelled(EngineError):
    """Raised inside a job when its cancel token is set."""

    def __init__(self):
        super().__init__("CANCELLED", "The job was cancelled.")


def bad_input(message: str, hint: str = "") -> EngineError:
    return EngineError("BAD_INPUT", message, hint)
