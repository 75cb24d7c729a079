"""
Is a port on 127.0.0.1 free for the demo server? Exits 0 when it is; otherwise says in
one line what is wrong and exits 1, before anything announces the address.

usage: python scripts/check_port.py 8000
"""

import errno
import socket
import sys

HOST = "127.0.0.1"


def port_problem(port: str, host: str = HOST) -> str | None:
    """What stops a server from listening on the port, in one line; None if nothing."""
    if not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        return f"PORT must be a number from 1 to 65535, not {port!r}."
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server will bind it: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, int(port)))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"Port {port} on {host} is already in use: stop what serves it, "
                    f"or choose another, e.g. make demo PORT={int(port) % 65535 + 1}."
                )
            return f"Cannot listen on {host}:{port}: {error.strerror}."
    return None


def main(argv: list[str]) -> int:
    problem = port_problem(argv[1] if len(argv) > 1 else "")
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
