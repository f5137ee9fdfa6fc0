"""A running `icsflow serve` for the tests: on a free port, with its own folder, stopped (SIGINT) at the end."""
import json
import os
import pathlib
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest


@pytest.fixture(scope="session")
def icsflow():
    path = os.environ.get("ICSFLOW_BIN")
    if not path or not pathlib.Path(path).exists():
        pytest.fail("ICSFLOW_BIN must point to the built icsflow program")
    return path


class Server:
    def __init__(self, process, url, folder):
        self.process, self.url, self.folder = process, url, folder

    def request(self, method, path, body=None, content_type="application/json"):
        """(status, parsed JSON or bytes, headers) of one request; never raises for an HTTP error status."""
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
        req = urllib.request.Request(self.url + path.lstrip("/"), data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, timeout=120) as response:
                status, raw, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, raw, headers = error.code, error.read(), error.headers
        if headers.get("Content-Type", "").startswith("application/json"):
            return status, json.loads(raw), headers
        return status, raw, headers

    def wait(self, job, timeout=300):
        """The job's status once it has ended."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            status, body, _ = self.request("GET", f"/api/jobs/{job}")
            assert status == 200, body
            if body["state"] not in ("queued", "running"):
                return body
            time.sleep(0.2)
        pytest.fail(f"job {job} did not end in {timeout} s")


def start_server(icsflow, folder, *extra):
    process = subprocess.Popen([icsflow, "serve", "--port", "0", "--folder", str(folder), *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.search(r"(http://\S+/)", line)
    if not match:
        process.kill()
        pytest.fail(f"icsflow serve did not start: {line!r} {process.stderr.read()}")
    return Server(process, match.group(1), folder)


def stop_server(server):
    server.process.send_signal(signal.SIGINT)
    try:
        server.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.process.kill()
        pytest.fail("icsflow serve did not stop on SIGINT")


@pytest.fixture(scope="session")
def server(icsflow, tmp_path_factory):
    s = start_server(icsflow, tmp_path_factory.mktemp("serve"))
    yield s
    stop_server(s)
    assert s.process.returncode == 0, s.process.stderr.read()
