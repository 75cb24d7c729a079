"""A live server that reads and writes through the tests' own database connection.

pytest-django's `live_server` sees only committed data, so its tests are transactional:
each one empties every table when it ends, and a test of the demo loads it again. This
server shares the connection of the thread that starts it, as Django's own live server
does for an in-memory SQLite database, so the browser sees what the test has not
committed: the demo loaded once for a module, and each test's changes, rolled back at
its end.

It answers one request at a time (closing each connection, as `runserver --nothreading`
does), so two requests never use the shared connection at once.
"""

import threading

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import QuietWSGIRequestHandler
from django.test.utils import modify_settings


class ServerOnTheTestsConnection(threading.Thread):
    def __init__(self, host: str = "localhost") -> None:
        super().__init__(daemon=True)
        self.host = host
        self.port = 0
        self.shared = {conn.alias: conn for conn in connections.all()}
        self.is_ready = threading.Event()
        self.error: Exception | None = None
        self.allowed = modify_settings(ALLOWED_HOSTS={"append": host})

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def run(self) -> None:
        for alias, conn in self.shared.items():
            connections[alias] = conn
        try:
            self.httpd = WSGIServer(
                (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
            )
            self.port = self.httpd.server_address[1]
            self.httpd.set_app(StaticFilesHandler(WSGIHandler()))
        except Exception as error:
            self.error = error
            return
        finally:
            self.is_ready.set()
        self.httpd.serve_forever()
        # The connections are the tests': they are left open, in their transaction.

    def start(self) -> None:
        for conn in self.shared.values():
            conn.inc_thread_sharing()
        # Django closes a connection at a request's start and end when it is not in
        # autocommit mode: here it is in the tests' transaction, on purpose.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.allowed.enable()
        super().start()
        self.is_ready.wait()
        if self.error:
            self.stop()
            raise self.error

    def stop(self) -> None:
        if hasattr(self, "httpd"):
            self.httpd.shutdown()
            self.httpd.server_close()
        self.join()
        self.allowed.disable()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        for conn in self.shared.values():
            conn.dec_thread_sharing()
