"""The development server (`make demo`) logs each line once."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.other_processes import PROJECT, free_port


def get(url: str, attempts: int = 100) -> int:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def test_the_dev_server_logs_a_request_and_its_warning_once_each(tmp_path):
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "dossier.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", str(port)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # A missing page: no database read, one warning and one request line.
        assert get(f"http://127.0.0.1:{port}/no-such-page/") == 404
        # Served one at a time: the first request is logged before this one is answered.
        assert get(f"http://127.0.0.1:{port}/another/") == 404
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    lines = log.splitlines()
    assert lines.count("Not Found: /no-such-page/") == 1
    requests = [line for line in lines if '"GET /no-such-page/ HTTP/1.1" 404' in line]
    assert len(requests) == 1
    assert requests[0].startswith("[")  # Django's server format: "[date] request line"
