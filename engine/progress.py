"""A one-line progress bar on stderr for the command line (a line per stage and per tenth when
stderr is not a terminal, so logs stay short)."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, width: int = 30):
        self.width = width
        self.start = time.time()
        self.tty = sys.stderr.isatty()
        self.last = None

    def update(self, stage: str, fraction: float, message: str = "") -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        filled = int(self.width * fraction)
        text = f"[{'#' * filled}{'.' * (self.width - filled)}] {fraction * 100:5.1f}% {stage:<8} " \
               f"{time.time() - self.start:6.1f}s {message[:40]}"
        key = (stage, int(fraction * 10))
        if self.tty:
            sys.stderr.write("\r" + text.ljust(100))
        elif key != self.last:
            sys.stderr.write(text + "\n")
        self.last = key
        sys.stderr.flush()

    def finish(self) -> None:
        if self.tty:
            sys.stderr.write("\n")
