"""The engine protocol: JSON lines over stdin/stdout, shared by the engine and the add-on.

Stdlib only: the Blender add-on imports this very file (through a link in
``blender_addon/``), so nothing here may import numpy, torch or bpy.

Every message is one JSON object on one line and carries ``"v": PROTOCOL_VERSION``.
Requests (client -> engine) have an ``op``; events (engine -> client) have an ``event``.

Requests
    {"v":1,"op":"hello","id":"h1"}
    {"v":1,"op":"submit","id":"J","task":"reconstruct","method":"poisson",
     "params":{...},"inputs":{"points":"/path/in.npz"},"out_dir":"/path/J"}
    {"v":1,"op":"submit","id":"J","task":"generate","method":"part_slots",
     "params":{"prompt":"a stool with three legs","n":4},"inputs":{},"out_dir":"/path/J"}
    {"v":1,"op":"cancel","id":"J"}
    {"v":1,"op":"shutdown"}

Events
    hello      engine and protocol versions, devices, capabilities
    accepted   a job was queued
    progress   stage, fraction in [0, 1], message
    done       manifest path
    failed     code, message, hint (``id`` is null when the request could not be read)
    cancelled  the job stopped on request
    heartbeat  sent every second while the engine lives; ``busy`` names the running job
    bye        answer to shutdown, the last line the engine writes
"""

from __future__ import annotations

import json

PROTOCOL_VERSION = 1
MAX_LINE_BYTES = 1 << 20

OPS = ("hello", "submit", "cancel", "shutdown")
EVENTS = ("hello", "accepted", "progress", "done", "failed", "cancelled", "heartbeat", "bye")
INPUT_KINDS = ("points", "mesh")

# Error codes and the plain sentence the add-on shows for each when the engine gives none.
ERROR_CODES = {
    "BAD_REQUEST": "The engine could not understand a request from the add-on.",
    "VERSION_MISMATCH": "The add-on and the engine speak different protocol versions.",
    "UNKNOWN_METHOD": "The engine has no such method.",
    "BAD_PARAMS": "A setting has a value the method does not accept.",
    "BAD_INPUT": "The input data cannot be used.",
    "INPUT_MISSING": "The input file is missing or cannot be read.",
    "MODEL_MISSING": "A model file the method needs is missing or damaged.",
    "OUT_OF_MEMORY": "The job ran out of memory.",
    "DEVICE_UNAVAILABLE": "The requested device is not available.",
    "CANCELLED": "The job was cancelled.",
    "ENGINE_CRASHED": "The engine stopped unexpectedly.",
    "ENGINE_STALLED": "The engine stopped answering.",
    "ENGINE_START_FAILED": "The engine could not be started.",
    "INTERNAL": "The engine hit an internal error.",
}


class ProtocolError(Exception):
    """A line that is not a valid request; ``code`` is one of ERROR_CODES."""

    def __init__(self, code: str, message: str, request_id=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_id = request_id


def encode(message: dict) -> str:
    """One message -> one line of JSON (newline included), stamped with the version."""
    stamped = {"v": PROTOCOL_VERSION, **message}
    return json.dumps(stamped, separators=(",", ":"), allow_nan=False) + "\n"


def decode(line) -> dict:
    """One line -> the message dict; raises ProtocolError for anything that is not a JSON object."""
    if isinstance(line, bytes):
        if len(line) > MAX_LINE_BYTES:
            raise ProtocolError("BAD_REQUEST", "The line is longer than 1 MiB.")
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("BAD_REQUEST", "The line is not UTF-8 text.") from None
    if len(line) > MAX_LINE_BYTES:
        raise ProtocolError("BAD_REQUEST", "The line is longer than 1 MiB.")
    try:
        message = json.loads(line)
    except (ValueError, RecursionError):
        raise ProtocolError("BAD_REQUEST", "The line is not valid JSON.") from None
    if not isinstance(message, dict):
        raise ProtocolError("BAD_REQUEST", "A message must be a JSON object.")
    return message


def _request_id(message: dict):
    rid = message.get("id")
    return rid if isinstance(rid, str) and 0 < len(rid) <= 200 else None


def check_request(message: dict) -> dict:
    """Validate the envelope of a request; returns it, or raises ProtocolError."""
    rid = _request_id(message)
    version = message.get("v")
    if version != PROTOCOL_VERSION:
        raise ProtocolError(
            "VERSION_MISMATCH",
            f"Protocol version {version!r} is not supported; this engine speaks version {PROTOCOL_VERSION}.",
            rid,
        )
    op = message.get("op")
    if op not in OPS:
        raise ProtocolError("BAD_REQUEST", f"Unknown op {str(op)[:60]!r}; expected one of {', '.join(OPS)}.", rid)
    if op in ("hello", "submit", "cancel") and rid is None:
        raise ProtocolError("BAD_REQUEST", f"A {op} request needs an 'id' string of 1 to 200 characters.")
    if op == "submit":
        _check_submit(message, rid)
    return message


def _check_submit(message: dict, rid: str) -> None:
    for key in ("task", "method", "out_dir"):
        if not isinstance(message.get(key), str) or not message[key]:
            raise ProtocolError("BAD_REQUEST", f"A submit request needs a non-empty string '{key}'.", rid)
    params = message.get("params", {})
    if not isinstance(params, dict):
        raise ProtocolError("BAD_REQUEST", "'params' must be a JSON object.", rid)
    if not isinstance(message.get("preview", False), bool):
        raise ProtocolError("BAD_REQUEST", "'preview' must be true or false.", rid)
    inputs = message.get("inputs", {})
    if not isinstance(inputs, dict):
        raise ProtocolError("BAD_REQUEST", "'inputs' must be a JSON object of input files (empty for generate).", rid)
    for kind, path in inputs.items():
        if kind not in INPUT_KINDS:
            raise ProtocolError("BAD_REQUEST", f"Unknown input kind {str(kind)[:40]!r}; expected points or mesh.", rid)
        if not isinstance(path, str) or not path:
            raise ProtocolError("BAD_REQUEST", f"Input '{kind}' must be a file path.", rid)


# --- message builders (used by both sides, so the field names live in one place) ---

def hello_request(request_id: str) -> dict:
    return {"op": "hello", "id": request_id}


def submit_request(job_id, task, method, params, inputs, out_dir, preview: bool = False) -> dict:
    """preview: the engine first runs a coarse version of the job and names its manifest in a
    progress event ("preview"), then runs the job itself."""
    request = {"op": "submit", "id": job_id, "task": task, "method": method,
               "params": params, "inputs": inputs, "out_dir": out_dir}
    if preview:
        request["preview"] = True
    return request


def cancel_request(job_id: str) -> dict:
    return {"op": "cancel", "id": job_id}


def shutdown_request() -> dict:
    return {"op": "shutdown"}


def failed_event(request_id, code: str, message: str, hint: str = "") -> dict:
    return {"id": request_id, "event": "failed", "code": code, "message": message, "hint": hint}


def progress_event(job_id: str, stage: str, fraction: float, message: str = "", preview=None) -> dict:
    event = {"id": job_id, "event": "progress", "stage": stage,
             "fraction": round(min(max(float(fraction), 0.0), 1.0), 4), "message": message}
    if preview:
        event["preview"] = preview
    return event


def plain_sentence(code: str, message: str = "") -> str:
    """What to tell a person about an error: the engine's message, else the code's sentence."""
    return message or ERROR_CODES.get(code, "The engine reported an error.")
