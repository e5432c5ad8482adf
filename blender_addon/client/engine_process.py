# SPDX-License-Identifier: GPL-3.0-or-later
"""One engine child process: spawn, a reader thread per pipe, and sending requests.

stdout lines are decoded into protocol messages and put on `messages` (a queue.Queue);
stderr lines are kept in a ring buffer so a crash report can show the last lines of the log.
Nothing here touches bpy: the threads only fill queues that the main thread drains.
"""

from __future__ import annotations

import collections
import os
import queue
import subprocess
import threading
import time

from . import protocol as P


class EngineProcess:
    def __init__(self, command: list, env: dict | None = None, log_lines: int = 200):
        self.command = list(command)
        self.env = env
        self.messages: queue.Queue = queue.Queue()
        self.log = collections.deque(maxlen=log_lines)
        self.proc: subprocess.Popen | None = None
        self.last_message_time = 0.0
        self._write_lock = threading.Lock()

    def start(self) -> None:
        creation = {}
        if os.name == "nt":
            creation["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        self.proc = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=self.env, bufsize=0, **creation)
        self.last_message_time = time.monotonic()
        threading.Thread(target=self._read_stdout, name="shapesmith-stdout", daemon=True).start()
        self._stderr_reader = threading.Thread(target=self._read_stderr, name="shapesmith-stderr", daemon=True)
        self._stderr_reader.start()

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def exit_code(self):
        return None if self.proc is None else self.proc.poll()

    def send(self, message: dict) -> bool:
        """Write one request; False when the engine's stdin is closed (it died)."""
        if not self.alive():
            return False
        data = P.encode(message).encode("utf-8")
        with self._write_lock:
            try:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
                return True
            except (BrokenPipeError, OSError, ValueError):
                return False

    def log_tail(self, lines: int = 8) -> str:
        """The last lines of the engine's stderr; once the engine has exited, after its last
        lines have been read (a report must not race the reader thread)."""
        reader = getattr(self, "_stderr_reader", None)
        if reader is not None and not self.alive():
            reader.join(timeout=1.0)
        return "\n".join(list(self.log)[-lines:])

    def stop(self, timeout: float = 3.0) -> None:
        """Ask politely (shutdown, close stdin), then terminate, then kill."""
        if self.proc is None:
            return
        if self.alive():
            self.send(P.shutdown_request())
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr, self.proc.stdin):
            try:
                stream.close()
            except (OSError, AttributeError):
                pass

    def kill(self) -> None:
        if self.alive():
            self.proc.kill()
            self.proc.wait()

    def _read_stdout(self) -> None:
        stream = self.proc.stdout
        for raw in iter(stream.readline, b""):
            try:
                message = P.decode(raw)
            except P.ProtocolError:
                self.log.append("[stdout, not protocol] " + raw.decode("utf-8", "replace").rstrip()[:300])
                continue
            self.last_message_time = time.monotonic()
            self.messages.put(message)
        self.messages.put(None)  # end of stream

    def _read_stderr(self) -> None:
        try:
            for raw in iter(self.proc.stderr.readline, b""):
                self.log.append(raw.decode("utf-8", "replace").rstrip())
        except (OSError, ValueError):  # stop() closed the pipe under us
            pass
