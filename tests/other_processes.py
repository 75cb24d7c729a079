"""For tests that run the app in other processes (app servers, workers, commands):
`manage.py` run as a command is, and a port to serve on. Their database: databases_apart."""

import socket
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def manage(env, *args) -> str:
    """`manage.py ARGS` in a process of its own; its output, or the test fails with its errors."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
