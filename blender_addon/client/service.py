# SPDX-License-Identifier: GPL-3.0-or-later
"""The engine service: starts the engine lazily, keeps the job table, and turns engine
events (and engine deaths or stalls) into job states. bpy-free.

The main thread calls `poll()` (from a timer in Blender, or in a loop from a blocking
operator); nothing else changes job state, so no locks are needed around the table.
"""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass, field

from . import protocol as P
from .engine_process import EngineProcess

HELLO_TIMEOUT = 20.0
STALL_SECONDS = 15.0
ACTIVE = ("submitted", "queued", "running")


class ServiceError(Exception):
    """An error the add-on reports in a plain sentence; `code` is one of protocol.ERROR_CODES."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass
class Job:
    id: str
    task: str
    method: str
    params: dict
    inputs: dict
    out_dir: str
    state: str = "submitted"  # submitted, queued, running, done, failed, cancelled
    stage: str = ""
    fraction: float = 0.0
    message: str = ""
    manifest: str | None = None
    error_code: str | None = None
    error_message: str = ""
    error_hint: str = ""
    submitted_at: float = field(default_factory=time.time)
    meta: dict = field(default_factory=dict)
    want_preview: bool = False       # ask the engine for a coarse result first
    preview: str | None = None       # that result's manifest, once the engine announced it

    @property
    def finished(self) -> bool:
        return self.state not in ACTIVE

    def fail(self, code: str, message: str, hint: str = "") -> None:
        self.state, self.error_code, self.error_message, self.error_hint = "failed", code, message, hint

    def report_text(self) -> str:
        text = P.plain_sentence(self.error_code or "INTERNAL", self.error_message)
        return text + (f" {self.error_hint}" if self.error_hint else "")


def engine_command(python: str) -> list:
    return [python, "-m", "engine", "serve", "--stdio", "--parent-pid", str(os.getpid())]


class EngineService:
    def __init__(self, stall_seconds: float = STALL_SECONDS):
        self.process: EngineProcess | None = None
        self.hello: dict | None = None
        self.jobs: dict[str, Job] = {}
        self.stall_seconds = stall_seconds
        self.last_error: str = ""
        self._ids = itertools.count(1)

    # --- engine lifecycle ---------------------------------------------------------------
    def status(self) -> str:
        if self.process is None:
            return "not started"
        if not self.process.alive():
            return "stopped"
        return "busy" if any(j.state in ACTIVE for j in self.jobs.values()) else "ready"

    def ensure_engine(self, python: str, env: dict | None = None) -> dict:
        """Start the engine if it is not running and wait for its hello; returns the hello."""
        if self.process is not None and self.process.alive() and self.hello is not None:
            return self.hello
        self.stop_engine()
        if not python:
            raise ServiceError("ENGINE_START_FAILED", "No engine interpreter is set.",
                               "Set the engine's Python in the Shapesmith add-on preferences.")
        if not os.path.isfile(python):
            raise ServiceError("ENGINE_START_FAILED", f"The engine interpreter {python} does not exist.",
                               "Point the add-on preferences at the Python of the environment where the "
                               "engine is installed (e.g. <clone>/.venv/bin/python).")
        process = EngineProcess(engine_command(python), env=env)
        try:
            process.start()
        except OSError as exc:
            raise ServiceError("ENGINE_START_FAILED", f"The engine could not be started: {exc}.") from None
        self.process = process
        process.send(P.hello_request("hello"))
        deadline = time.monotonic() + HELLO_TIMEOUT
        while time.monotonic() < deadline:
            try:
                message = process.messages.get(timeout=0.1)
            except Exception:  # queue.Empty
                if not process.alive() and process.messages.empty():
                    break
                continue
            if message is None:
                break
            if message.get("event") == "hello":
                return self._accept_hello(message)
            if message.get("event") == "failed" and message.get("code") == "VERSION_MISMATCH":
                break
        tail = process.log_tail()
        self.stop_engine()
        raise ServiceError("ENGINE_START_FAILED", "The engine did not answer its handshake.",
                           f"Check that {python} has the Shapesmith engine installed. Engine log: {tail[-600:]}")

    def _accept_hello(self, message: dict) -> dict:
        if message.get("protocol") != P.PROTOCOL_VERSION:
            self.stop_engine()
            raise ServiceError("VERSION_MISMATCH", f"The engine speaks protocol {message.get('protocol')}, "
                               f"the add-on speaks {P.PROTOCOL_VERSION}.", "Update the add-on and the engine together.")
        self.hello = message
        return message

    def stop_engine(self) -> None:
        if self.process is not None:
            self.process.stop()
        self.process = None
        self.hello = None

    # --- jobs ---------------------------------------------------------------------------
    def new_job_id(self, task: str) -> str:
        return f"{task}-{os.getpid()}-{int(time.time())}-{next(self._ids)}"

    def submit(self, job: Job) -> Job:
        if self.process is None or not self.process.alive():
            raise ServiceError("ENGINE_CRASHED", "The engine is not running.")
        self.jobs[job.id] = job
        if not self.process.send(P.submit_request(job.id, job.task, job.method, job.params, job.inputs, job.out_dir,
                                                  job.want_preview)):
            job.fail("ENGINE_CRASHED", "The engine stopped before it received the job.", self._log_hint())
        return job

    def cancel(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        if job is None or job.finished:
            return
        if not (self.process and self.process.send(P.cancel_request(job_id))):
            job.state = "cancelled"

    def active_jobs(self) -> list:
        return [j for j in self.jobs.values() if not j.finished]

    def poll(self) -> list:
        """Drain engine events into job states; detect a dead or stalled engine.
        Returns the jobs that changed. Runs on the main thread only."""
        changed = {}
        process = self.process
        if process is None:
            return []
        while True:
            try:
                message = process.messages.get_nowait()
            except Exception:  # queue.Empty
                break
            if message is None:
                continue
            job = self._apply(message)
            if job is not None:
                changed[job.id] = job
        if not process.alive() and process.messages.empty():
            for job in self.active_jobs():
                job.fail("ENGINE_CRASHED", f"The engine stopped unexpectedly (exit code {process.exit_code()}).",
                         self._log_hint())
                changed[job.id] = job
            self.last_error = "The engine stopped unexpectedly."
            self.hello = None
        elif self.active_jobs() and time.monotonic() - process.last_message_time > self.stall_seconds:
            for job in self.active_jobs():
                job.fail("ENGINE_STALLED", f"The engine sent nothing for {self.stall_seconds:.0f} seconds.",
                         "It was stopped; the next job starts a fresh engine. " + self._log_hint())
                changed[job.id] = job
            process.kill()
            self.hello = None
        return list(changed.values())

    def _apply(self, message: dict):
        job = self.jobs.get(message.get("id")) if isinstance(message.get("id"), str) else None
        if job is None or job.finished:
            return None
        event = message.get("event")
        if event == "accepted":
            job.state = "queued"
        elif event == "progress":
            job.state = "running"
            job.stage = str(message.get("stage", ""))
            job.fraction = float(message.get("fraction", 0.0))
            job.message = str(message.get("message", ""))
            if isinstance(message.get("preview"), str):
                job.preview = message["preview"]
        elif event == "done":
            job.state, job.fraction, job.manifest = "done", 1.0, message.get("manifest")
        elif event == "failed":
            job.fail(message.get("code", "INTERNAL"), message.get("message", ""), message.get("hint", ""))
        elif event == "cancelled":
            job.state = "cancelled"
        else:
            return None
        return job

    def wait(self, job: Job, timeout: float | None = None, interval: float = 0.05) -> Job:
        """Block until the job finishes (for scripts: EXEC_DEFAULT operators and tests)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not job.finished:
            self.poll()
            if job.finished:
                break
            if deadline is not None and time.monotonic() > deadline:
                self.cancel(job.id)
                job.fail("ENGINE_STALLED", f"The job did not finish within {timeout:.0f} seconds.")
                break
            time.sleep(interval)
        return job

    def forget(self, job_id: str) -> None:
        self.jobs.pop(job_id, None)

    def _log_hint(self) -> str:
        tail = self.process.log_tail() if self.process else ""
        return f"Last lines of the engine log:\n{tail}" if tail else ""


_service: EngineService | None = None


def get_service() -> EngineService:
    global _service
    if _service is None:
        _service = EngineService()
    return _service


def shutdown_service() -> None:
    global _service
    if _service is not None:
        _service.stop_engine()
    _service = None


def default_engine_python() -> str:
    """SHAPESMITH_ENGINE_PYTHON, for pipelines and tests that set the engine from outside."""
    return os.environ.get("SHAPESMITH_ENGINE_PYTHON", "")
