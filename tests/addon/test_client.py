"""The add-on's engine client (bpy-free) against a real engine process: start, jobs,
cancel, a crash detected within 2 s, a stall detected, and a fresh engine afterwards."""

import os
import signal
import sys
import time

import numpy as np
import pytest

from blender_addon.client.service import EngineService, Job, ServiceError
from tests.conftest import sphere_points


@pytest.fixture
def service():
    svc = EngineService(stall_seconds=3.0)
    yield svc
    svc.stop_engine()


def make_job(svc, tmp_path, n=5000, resolution=32, name="j"):
    path = tmp_path / f"{name}.npz"
    np.savez(path, points=sphere_points(n))
    return Job(svc.new_job_id("reconstruct"), "reconstruct", "poisson", {"resolution": resolution},
               {"points": str(path)}, str(tmp_path / f"{name}-out"))


def start_running_job(svc, tmp_path):
    """A big job, polled until the engine reports it running."""
    svc.ensure_engine(sys.executable)
    job = svc.submit(make_job(svc, tmp_path, n=200000, resolution=256))
    while job.state != "running":
        svc.poll()
        time.sleep(0.02)
    return job


def test_start_submit_wait_done_and_reuse(service, tmp_path):
    hello = service.ensure_engine(sys.executable)
    assert hello["protocol"] == 1 and service.status() == "ready"
    pid = service.process.pid
    job = service.wait(service.submit(make_job(service, tmp_path)), timeout=120)
    assert job.state == "done" and os.path.exists(job.manifest) and job.fraction == 1.0
    service.ensure_engine(sys.executable)
    assert service.process.pid == pid


def test_missing_interpreter_is_a_plain_error(service):
    with pytest.raises(ServiceError) as info:
        service.ensure_engine("/no/such/python")
    assert info.value.code == "ENGINE_START_FAILED" and "preferences" in info.value.hint


def test_interpreter_without_the_engine_fails_the_handshake(service, tmp_path):
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'No module named engine' >&2\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(ServiceError) as info:
        service.ensure_engine(str(fake))
    assert info.value.code == "ENGINE_START_FAILED" and "No module named engine" in info.value.hint


def test_protocol_major_mismatch_is_refused(service):
    with pytest.raises(ServiceError) as info:
        service._accept_hello({"event": "hello", "protocol": 99})
    assert info.value.code == "VERSION_MISMATCH"


def test_cancel_from_the_client(service, tmp_path):
    job = start_running_job(service, tmp_path)
    t = time.monotonic()
    service.cancel(job.id)
    service.wait(job, timeout=10)
    assert job.state == "cancelled" and time.monotonic() - t < 1.5


def test_engine_crash_is_detected_within_two_seconds_and_the_next_job_gets_a_fresh_engine(service, tmp_path):
    job = start_running_job(service, tmp_path)
    old_pid = service.process.pid
    os.kill(old_pid, signal.SIGKILL)
    t = time.monotonic()
    while not job.finished and time.monotonic() - t < 5:
        service.poll()
        time.sleep(0.05)
    assert job.state == "failed" and job.error_code == "ENGINE_CRASHED"
    assert time.monotonic() - t < 2.0
    assert "stopped unexpectedly" in job.report_text()
    service.ensure_engine(sys.executable)
    assert service.process.pid != old_pid
    assert service.wait(service.submit(make_job(service, tmp_path, name="k")), timeout=120).state == "done"


def test_a_stalled_engine_is_reported_and_stopped(service, tmp_path):
    job = start_running_job(service, tmp_path)
    process = service.process
    os.kill(process.pid, signal.SIGSTOP)  # alive but silent: no events, no heartbeats
    try:
        t = time.monotonic()
        while not job.finished and time.monotonic() - t < 10:
            service.poll()
            time.sleep(0.05)
        assert job.state == "failed" and job.error_code == "ENGINE_STALLED"
        assert 2.5 < time.monotonic() - t < 5.0
        time.sleep(0.2)
        assert not process.alive()
    finally:
        if process.alive():
            os.kill(process.pid, signal.SIGKILL)
