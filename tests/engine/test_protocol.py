"""The protocol envelope: encoding, decoding and request checks (stdlib only, no engine)."""

import json

import pytest

from engine import protocol as P


def test_encode_stamps_version_and_is_one_line():
    line = P.encode({"op": "hello", "id": "a\nb"})
    assert line.endswith("\n") and line.count("\n") == 1
    assert json.loads(line) == {"v": 1, "op": "hello", "id": "a\nb"}


def test_encode_refuses_nan():
    with pytest.raises(ValueError):
        P.encode({"event": "progress", "fraction": float("nan")})


@pytest.mark.parametrize("line, code", [
    (b"not json", "BAD_REQUEST"),
    (b"[1, 2]", "BAD_REQUEST"),
    (b"\xff\xfe", "BAD_REQUEST"),
    (b'{"v": 2, "op": "hello", "id": "x"}', "VERSION_MISMATCH"),
    (b'{"op": "hello", "id": "x"}', "VERSION_MISMATCH"),
    (b'{"v": 1, "op": "explode", "id": "x"}', "BAD_REQUEST"),
    (b'{"v": 1, "op": "hello"}', "BAD_REQUEST"),
    (b'{"v": 1, "op": "submit", "id": "j"}', "BAD_REQUEST"),
    (b'{"v": 1, "op": "submit", "id": "j", "task": "reconstruct", "method": "poisson", "out_dir": "/tmp/x", "inputs": []}', "BAD_REQUEST"),
    (b'{"v": 1, "op": "submit", "id": "j", "task": "reconstruct", "method": "poisson", "out_dir": "/tmp/x", "inputs": {"voxels": "/a"}}', "BAD_REQUEST"),
    (b'{"v": 1, "op": "submit", "id": "j", "task": "reconstruct", "method": "poisson", "out_dir": "/tmp/x", "inputs": {"points": "/a"}, "params": [1]}', "BAD_REQUEST"),
])
def test_bad_requests_get_typed_codes(line, code):
    with pytest.raises(P.ProtocolError) as info:
        P.check_request(P.decode(line))
    assert info.value.code == code
    assert info.value.message


def test_request_id_is_kept_for_errors_about_a_known_request():
    with pytest.raises(P.ProtocolError) as info:
        P.check_request(P.decode(b'{"v": 1, "op": "submit", "id": "job-7"}'))
    assert info.value.request_id == "job-7"


def test_builders_round_trip_through_the_checker():
    req = P.submit_request("j1", "reconstruct", "poisson", {"resolution": 32}, {"points": "/p.npz"}, "/out")
    assert P.check_request(P.decode(P.encode(req)))["params"] == {"resolution": 32}
    for req in (P.hello_request("h"), P.cancel_request("j"), P.shutdown_request()):
        assert P.check_request(P.decode(P.encode(req)))["op"] == req["op"]


def test_every_error_code_has_a_plain_sentence():
    for code, sentence in P.ERROR_CODES.items():
        assert code.isupper() and sentence.endswith(".")
    assert P.plain_sentence("BAD_INPUT") == P.ERROR_CODES["BAD_INPUT"]
    assert P.plain_sentence("BAD_INPUT", "Custom.") == "Custom."
