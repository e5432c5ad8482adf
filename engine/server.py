"""The engine's stdio server: JSON lines in on stdin, JSON lines out on stdout (engine.protocol).

Threads: the main thread reads requests; one worker thread runs jobs one at a time from a
queue; a heartbeat thread writes a heartbeat every second and exits the process when the
parent process is gone. stdout carries nothing but protocol lines (print() goes to stderr).
torch is imported by the first job, never before `hello` is answered.
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time
import traceback

from . import __version__
from . import protocol as P
from .errors import Cancelled, EngineError

HEARTBEAT_SECONDS = 1.0
# A running job whose worker has not stopped this long after a cancel is reported cancelled
# anyway (its late output is dropped), so the client never waits on a long native call.
CANCEL_GRACE_SECONDS = 0.7


class Writer:
    """Serialises protocol lines onto the real stdout, one flush per line."""

    def __init__(self, stream):
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message: dict) -> None:
        line = P.encode(message).encode("utf-8")
        with self._lock:
            try:
                self._stream.write(line)
                self._stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                os._exit(0)


class Job:
    def __init__(self, request: dict):
        self.id = request["id"]
        self.request = request
        self.cancel = threading.Event()
        self._ended = False
        self._end_lock = threading.Lock()

    def end(self, writer: "Writer", event: dict) -> None:
        """Send the job's one final event (done, failed or cancelled); later calls do nothing."""
        with self._end_lock:
            if self._ended:
                return
            self._ended = True
        writer.send(event)

    @property
    def ended(self) -> bool:
        return self._ended


class Server:
    def __init__(self, writer: Writer, parent_pid: int | None = None):
        self.out = writer
        self.parent_pid = parent_pid
        self.queue: collections.deque[Job] = collections.deque()
        self.jobs: dict[str, Job] = {}
        self.running: Job | None = None
        self.lock = threading.Lock()
        self.wakeup = threading.Event()
        self.stopping = threading.Event()

    # --- requests -------------------------------------------------------------------
    def handle_line(self, line: bytes) -> None:
        if not line.strip():
            return
        try:
            message = P.check_request(P.decode(line))
        except P.ProtocolError as exc:
            self.out.send(P.failed_event(exc.request_id, exc.code, exc.message,
                                         "Each line must be one JSON request of the protocol."))
            return
        getattr(self, "_op_" + message["op"])(message)

    def _op_hello(self, message: dict) -> None:
        from .registry import capabilities

        self.out.send({"id": message["id"], "event": "hello", "protocol": P.PROTOCOL_VERSION,
                       "engine_version": __version__, "pid": os.getpid(), "python": sys.version.split()[0],
                       "devices": _devices_without_torch(), "capabilities": capabilities()})
        self._warm_up()

    def _warm_up(self) -> None:
        """After the first hello, import torch and the solvers in the background, so the first
        job neither waits for them nor blocks a cancel behind a second-long import."""
        if getattr(self, "_warming", False):
            return
        self._warming = True

        def load():
            try:
                import engine.device  # noqa: F401
                import engine.ops.poisson  # noqa: F401  (imports torch)
                import engine.generate.part_slot_net  # noqa: F401
                import skimage.measure  # noqa: F401
                import scipy.spatial  # noqa: F401
            except Exception as exc:  # noqa: BLE001 - a job will report it properly
                sys.stderr.write(f"warm-up import failed: {exc}\n")

        threading.Thread(target=load, name="warm-up", daemon=True).start()

    def _op_submit(self, message: dict) -> None:
        job_id = message["id"]
        try:
            _validate_submit(message)
        except EngineError as exc:
            self.out.send(P.failed_event(job_id, exc.code, exc.message, exc.hint))
            return
        with self.lock:
            if job_id in self.jobs:
                self.out.send(P.failed_event(job_id, "BAD_REQUEST", f"A job with id {job_id!r} is already queued or running."))
                return
            job = Job(message)
            self.jobs[job_id] = job
            self.queue.append(job)
            position = len(self.queue) - 1 + (self.running is not None)
        self.out.send({"id": job_id, "event": "accepted", "queue_position": position})
        self.wakeup.set()

    def _op_cancel(self, message: dict) -> None:
        job_id = message["id"]
        with self.lock:
            job = self.jobs.get(job_id)
            if job is None:
                self.out.send(P.failed_event(job_id, "BAD_REQUEST", f"There is no queued or running job {job_id!r}."))
                return
            job.cancel.set()
            if job in self.queue:
                self.queue.remove(job)
                del self.jobs[job_id]
                job.end(self.out, {"id": job_id, "event": "cancelled"})
                return
        timer = threading.Timer(CANCEL_GRACE_SECONDS, job.end, (self.out, {"id": job_id, "event": "cancelled"}))
        timer.daemon = True
        timer.start()

    def _op_shutdown(self, message: dict) -> None:
        self.stop("shutdown")

    def stop(self, reason: str) -> None:
        with self.lock:
            for job in list(self.jobs.values()):
                job.cancel.set()
        self.stopping.set()
        self.out.send({"id": None, "event": "bye", "reason": reason})

    # --- worker ---------------------------------------------------------------------
    def worker(self) -> None:
        while not self.stopping.is_set():
            self.wakeup.wait(0.2)
            with self.lock:
                self.wakeup.clear()
                if not self.queue:
                    continue
                job = self.queue.popleft()
                self.running = job
            try:
                self._run(job)
            finally:
                with self.lock:
                    self.running = None
                    self.jobs.pop(job.id, None)

    def _run(self, job: Job) -> None:
        from .jobs import JobContext, run_job

        req = job.request

        def on_progress(stage, fraction, text):
            if not job.ended:
                self.out.send(P.progress_event(job.id, stage, fraction, text))

        def on_preview(manifest):
            if not job.ended:
                self.out.send(P.progress_event(job.id, "preview", 0.25, "A coarse result is ready", preview=manifest))

        ctx = JobContext(on_progress, job.cancel, on_preview=on_preview)
        try:
            ctx.check()
            manifest = run_job(req["task"], req["method"], req.get("params", {}), req.get("inputs", {}),
                               req["out_dir"], ctx, preview=bool(req.get("preview", False)))
        except Cancelled:
            job.end(self.out, {"id": job.id, "event": "cancelled"})
        except EngineError as exc:
            job.end(self.out, P.failed_event(job.id, exc.code, exc.message, exc.hint))
        except MemoryError:
            job.end(self.out, P.failed_event(job.id, "OUT_OF_MEMORY", "The job ran out of memory.",
                                             "Lower the resolution or the number of points."))
        except Exception as exc:  # noqa: BLE001 - any bug must become a typed event, never a dead server
            from .device import is_out_of_memory

            traceback.print_exc(file=sys.stderr)
            if is_out_of_memory(exc):
                job.end(self.out, P.failed_event(job.id, "OUT_OF_MEMORY", "The job ran out of memory.",
                                                 "Lower the resolution or choose the CPU."))
            else:
                job.end(self.out, P.failed_event(job.id, "INTERNAL", f"Internal error: {type(exc).__name__}: {exc}"[:500],
                                                 "The engine log has the details; please report it."))
        else:
            if job.cancel.is_set():
                _discard(manifest)
                job.end(self.out, {"id": job.id, "event": "cancelled"})
            else:
                job.end(self.out, {"id": job.id, "event": "done", "manifest": manifest})

    # --- heartbeat and parent watch ---------------------------------------------------
    def heartbeat(self) -> None:
        while not self.stopping.is_set():
            time.sleep(HEARTBEAT_SECONDS)
            if self.parent_pid and os.getppid() != self.parent_pid:
                sys.stderr.write("shapesmith engine: parent process is gone, exiting\n")
                os._exit(0)
            running = self.running
            self.out.send({"id": None, "event": "heartbeat", "busy": running.id if running else None,
                           "queued": len(self.queue)})


def _discard(manifest_path: str) -> None:
    """A job cancelled after its last check leaves no result.json behind (no half-results)."""
    try:
        os.remove(manifest_path)
    except OSError:
        pass


def _validate_submit(message: dict) -> None:
    """Refuse a job before accepting it: unknown method, bad params, missing inputs."""
    from .registry import get_method

    method = get_method(message["task"], message["method"])
    method.parse_config(message.get("params", {}))
    inputs = message.get("inputs", {})
    if getattr(method, "needs_input", True) and not inputs:
        raise EngineError("BAD_INPUT", f"A {message['task']} job needs an input file: 'points' or 'mesh'.")
    for kind, path in inputs.items():
        if not os.path.isfile(path):
            raise EngineError("INPUT_MISSING", f"The {kind} file {path[:300]} does not exist.")
        if not os.access(path, os.R_OK):
            raise EngineError("INPUT_MISSING", f"The {kind} file {path[:300]} cannot be read.")


def _devices_without_torch() -> list:
    devices = [{"name": "cpu", "threads": len(os.sched_getaffinity(0))}]
    if os.path.exists("/proc/driver/nvidia/version") or os.environ.get("CUDA_VISIBLE_DEVICES"):
        devices.append({"name": "cuda", "label": "NVIDIA GPU (checked when a job starts)"})
    return devices


def serve_stdio(parent_pid: int | None = None) -> int:
    """Serve until stdin closes, shutdown, or the parent process (default: the one that
    started us) goes away; then exit the process."""
    parent_pid = parent_pid or os.getppid()
    real_stdout = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    sys.stdout = sys.stderr  # any stray print() goes to the log, never into the protocol
    stdin = os.fdopen(os.dup(sys.stdin.fileno()), "rb", buffering=0)
    server = Server(Writer(real_stdout), parent_pid)
    threading.Thread(target=server.worker, name="worker", daemon=True).start()
    threading.Thread(target=server.heartbeat, name="heartbeat", daemon=True).start()
    reader = _LineReader(stdin)
    while not server.stopping.is_set():
        line = reader.readline()
        if line is None:
            server.stop("eof")
            break
        server.handle_line(line)
    sys.stderr.flush()
    os._exit(0)


class _LineReader:
    """Reads lines from a raw stream; an over-long line is consumed and reported as too long."""

    def __init__(self, stream):
        self.stream = stream
        self.buffer = b""

    def readline(self):
        while b"\n" not in self.buffer:
            if len(self.buffer) > P.MAX_LINE_BYTES:
                # Drop the rest of this line, then report it as one bad line.
                while True:
                    chunk = self.stream.read(65536)
                    if not chunk:
                        self.buffer = b""
                        return b"\x00" * (P.MAX_LINE_BYTES + 1)
                    if b"\n" in chunk:
                        self.buffer = chunk.split(b"\n", 1)[1]
                        return b"\x00" * (P.MAX_LINE_BYTES + 1)
            chunk = self.stream.read(65536)
            if not chunk:
                if self.buffer:
                    line, self.buffer = self.buffer, b""
                    return line
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line
