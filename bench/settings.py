"""Dossier's settings plus the benchmark's floor view: nothing else differs."""

from dossier.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The load generator is one visitor asking for thousands of pages: not a flood to refuse.
PAGE_BUILD_RATE_LIMIT = 10**9
