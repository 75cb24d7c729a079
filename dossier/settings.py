"""
Dossier's settings: one module, configured by the environment.

Everything that varies between deploys is read from environment variables with
development-friendly defaults. Junk values raise ImproperlyConfigured at start-up
instead of being guessed at.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.getenv(name, "").strip().lower()
    if value == "":
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}"
    )


def envint(name: str, default: int) -> int:
    value = os.getenv(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.getenv(name, "").strip()
    if value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Only ever used for local development, where DEBUG is on.
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# The site's own address, for absolute links in what is kept for every visitor (the
# API's page links): never the Host header of the request that built it, which any
# client chooses. In production it defaults to the first of ALLOWED_HOSTS over https.
SITE_URL = os.getenv("SITE_URL", "").strip().rstrip("/")
if not SITE_URL and DEBUG:
    SITE_URL = f"http://127.0.0.1:{os.getenv('PORT', '8000')}"
elif not SITE_URL and ALLOWED_HOSTS and not ALLOWED_HOSTS[0].startswith((".", "*")):
    SITE_URL = f"https://{ALLOWED_HOSTS[0]}"
if SITE_URL and not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with https:// or http://; got {SITE_URL!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "sources",
    # Before claims: its `load_demo` brings the demo's texts in through the documents' path.
    "documents",
    "claims",
    "pages",
    "search",
    "api",
]

# `backup` writes JSON Lines with times to the microsecond (Django's JSON cuts them).
SERIALIZATION_MODULES = {"jsonl-exact": "claims.backup_format"}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a session saved after a login is a write that pins.
    "dossier.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the edit history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # A visitor past a rate limit is answered 429, wherever the limit was met.
    "dossier.ratelimit.RateLimitMiddleware",
]

ROOT_URLCONF = "dossier.urls"
WSGI_APPLICATION = "dossier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite is the zero-setup default, so a fresh checkout runs without any
# database server. Production points DATABASE_URL at PostgreSQL.
DATABASE_URL = os.getenv("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
# psycopg's connection pool, one per app server process, when its sizes are set.
DATABASE_POOL_MIN_SIZE = envint("DATABASE_POOL_MIN_SIZE", 0)
DATABASE_POOL_MAX_SIZE = envint("DATABASE_POOL_MAX_SIZE", 0)
DATABASE_POOL_TIMEOUT = envint("DATABASE_POOL_TIMEOUT", 10)
# On SQLite, how many seconds a write waits for another one to finish before it fails.
SQLITE_BUSY_TIMEOUT = 20


def database(name: str, url: str) -> dict:
    try:
        config = dj_database_url.parse(url, conn_max_age=envint("CONN_MAX_AGE", 0))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a database URL we understand: {exc}") from None
    if config["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ImproperlyConfigured(f"{name} must be a sqlite:// or postgres:// URL")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # A transaction that writes takes the write lock when it begins, so that what
            # it reads first (an edited object's version) cannot change before it writes;
            # a second writer waits its turn instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT,
            # Readers do not wait for a writer, nor a writer for readers.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        # Search takes a word as a near-spelling of a name from this trigram word
        # similarity on ("Tokaev" for "Tokayev" is 0.57); pg_trgm's default is 0.6.
        options["options"] = "-c pg_trgm.word_similarity_threshold=0.5"
        if DATABASE_POOL_MAX_SIZE:
            options["pool"] = {
                "min_size": DATABASE_POOL_MIN_SIZE,
                "max_size": DATABASE_POOL_MAX_SIZE,
                "timeout": DATABASE_POOL_TIMEOUT,
            }
            # The pool keeps the connections; Django must hand each back after a request.
            config["CONN_MAX_AGE"] = 0
    return config


if DATABASE_POOL_MIN_SIZE < 0 or DATABASE_POOL_MAX_SIZE < 0 or DATABASE_POOL_TIMEOUT <= 0:
    raise ImproperlyConfigured(
        "DATABASE_POOL_MIN_SIZE and DATABASE_POOL_MAX_SIZE must not be negative, "
        "DATABASE_POOL_TIMEOUT must be positive"
    )
if DATABASE_POOL_MIN_SIZE and not DATABASE_POOL_MAX_SIZE:
    raise ImproperlyConfigured("DATABASE_POOL_MIN_SIZE needs DATABASE_POOL_MAX_SIZE")
if DATABASE_POOL_MIN_SIZE > DATABASE_POOL_MAX_SIZE:
    raise ImproperlyConfigured("DATABASE_POOL_MIN_SIZE must not exceed DATABASE_POOL_MAX_SIZE")
if DATABASE_POOL_MAX_SIZE and envint("CONN_MAX_AGE", 0):
    raise ImproperlyConfigured("CONN_MAX_AGE must be 0 (or unset) with a connection pool")

DATABASES = {"default": database("DATABASE_URL", DATABASE_URL)}
if DATABASE_POOL_MAX_SIZE and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("A connection pool (DATABASE_POOL_MAX_SIZE) needs PostgreSQL")

# Read replicas: public pages and the API read from them, writes go to the primary
# (see dossier/replicas.py). Tests read the primary's test database through them.
for number, url in enumerate(envlist("DATABASE_REPLICA_URLS", []), start=1):
    replica = database("DATABASE_REPLICA_URLS", url)
    if replica["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS must be postgres:// URLs")
    DATABASES[f"replica_{number}"] = replica | {"TEST": {"MIRROR": "default"}}
if len(DATABASES) > 1 and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_REPLICA_URLS need a postgres:// DATABASE_URL")
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = ["dossier.replicas.ReplicaRouter"]
# How long a browser that wrote reads from the primary: longer than replicas lag.
READ_YOUR_WRITES_SECONDS = envint("READ_YOUR_WRITES_SECONDS", 10)
# How long after a change readers may still be served the page as it was, while one
# process builds it anew (pages/kept.py); beyond it they wait for the new page.
KEPT_PAGE_MAX_STALE_SECONDS = envint("KEPT_PAGE_MAX_STALE_SECONDS", 30)
# Whether the reader who finds such a page outdated is served it too, while a thread of
# the same process builds it anew; off, that reader waits for the build.
KEPT_PAGE_BUILDS_IN_BACKGROUND = envbool("KEPT_PAGE_BUILDS_IN_BACKGROUND", True)
# Pages that list across the dossier (the index, its filters, lists, search, the API)
# change with every editor's save; while editors work each is rebuilt at most once in a
# window of its own, from 3/4 to all of this many seconds, so a change shows there
# within it (on its own pages at once).
KEPT_INDEX_SECONDS = envint("KEPT_INDEX_SECONDS", 15)

# The cache: Redis, shared by every app server, when CACHE_URL names it; else each
# process keeps its own in memory, which is all the embedded demo needs.
CACHE_URL = os.getenv("CACHE_URL", "").strip()
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// URL")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]

# The languages the dossier's sources are written in, first the dossier's own: a question
# needs its text only in that one, and a new source's language is chosen among these.
DOSSIER_LANGUAGES = envlist("DOSSIER_LANGUAGES", ["en", "de"])
if DOSSIER_LANGUAGES[0] not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        "DOSSIER_LANGUAGES must begin with a language the pages are written in "
        f"({', '.join(dict(LANGUAGES))}); got {DOSSIER_LANGUAGES[0]!r}"
    )
# Whether a reviewer may publish work they drafted themselves: off, a second person
# publishes it; on for a team of one (docs/editors/review.md).
DOSSIER_PUBLISH_OWN_WORK = envbool("DOSSIER_PUBLISH_OWN_WORK", False)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Uploaded files: the imports' files between preview and confirmation (claims/imports.py),
# and the originals of the documents brought in (documents/), which no public address serves.
MEDIA_ROOT = os.getenv("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "media/"
# The admin's imports: larger files go through `manage.py import_claims`.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 2000)
IMPORT_STORE_HOURS = 24
IMPORT_EXPORT_TMP_STORAGE_CLASS = "claims.imports.ImportStore"
# A source's full text, in bytes of UTF-8: a long report of 2 MB fits.
SOURCE_TEXT_MAX_BYTES = envint("SOURCE_TEXT_MAX_BYTES", 5 * 1024 * 1024 // 2)
# A form's body: the source's text, encoded as a form sends it (a non-ASCII letter takes up
# to 9 bytes as %XX%XX%XX per byte), and room for the other fields. A body larger still is
# answered by the 400 page, which names the limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint(
    "DATA_UPLOAD_MAX_MEMORY_SIZE", 3 * SOURCE_TEXT_MAX_BYTES + 1024 * 1024
)

# Documents brought in (documents/): the originals are kept in the "documents" storage,
# the media folder by default, or an S3-compatible bucket (django-storages) with
# DOCUMENT_STORAGE=s3 and the DOCUMENT_S3_* variables.
DOCUMENT_STORAGE = os.getenv("DOCUMENT_STORAGE", "local").strip().lower()
if DOCUMENT_STORAGE == "local":
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(MEDIA_ROOT) / "documents"), "base_url": None},
    }
elif DOCUMENT_STORAGE == "s3":
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.getenv("DOCUMENT_S3_BUCKET", ""),
            "endpoint_url": os.getenv("DOCUMENT_S3_ENDPOINT_URL", "") or None,
            "region_name": os.getenv("DOCUMENT_S3_REGION", "") or None,
            "access_key": os.getenv("DOCUMENT_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": os.getenv("DOCUMENT_S3_SECRET_ACCESS_KEY", "") or None,
            "location": "documents",
            # Originals are served through the editors' view only, never by a public link.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if not STORAGES["documents"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("DOCUMENT_STORAGE=s3 needs DOCUMENT_S3_BUCKET")
else:
    raise ImproperlyConfigured(f"DOCUMENT_STORAGE must be local or s3; got {DOCUMENT_STORAGE!r}")
# The largest file an editor may upload, and how many files one upload may hold.
DOCUMENT_MAX_BYTES = envint("DOCUMENT_MAX_BYTES", 50 * 1024 * 1024)
DOCUMENT_MAX_FILES = envint("DOCUMENT_MAX_FILES", 50)
# A document "reading" longer than this (its worker was killed) is queued again: longer
# than the longest reading (a scanned PDF's OCR, 20 minutes; checked at start-up).
DOCUMENT_READING_TIMEOUT_SECONDS = envint("DOCUMENT_READING_TIMEOUT_SECONDS", 1800)

# Background work (django-tasks): reading documents. The embedded demo and the tests run
# each task at once, in the process that queues it; TASK_BACKEND=database queues them in
# the database (workers: `manage.py db_worker`), TASK_BACKEND=rq in Redis at RQ_URL
# (default CACHE_URL; workers: `manage.py rqworker`).
TASK_BACKEND = os.getenv("TASK_BACKEND", "immediate").strip().lower()
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
if TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASK_BACKEND == "rq":
    RQ_URL = os.getenv("RQ_URL", "").strip() or CACHE_URL
    if not RQ_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("TASK_BACKEND=rq needs a Redis URL in RQ_URL or CACHE_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": RQ_URL, "DEFAULT_TIMEOUT": 3600}}
    # rqworker runs each job as a django-tasks task only with django-tasks-rq's job
    # class: with RQ's own, a document stays waiting.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
else:
    raise ImproperlyConfigured(
        f"TASK_BACKEND must be immediate, database or rq; got {TASK_BACKEND!r}"
    )

# The read-only JSON API under /api/: anonymous reads, filtered with the pages'
# FilterSets, paginated, described by an OpenAPI schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CachedCountPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Figures as JSON numbers, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dossier API",
    "DESCRIPTION": "Read-only access to Dossier's questions, claims, sources, actors and events.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs' JavaScript comes from our own static files: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # One name per choice set, however many fields use it.
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "sources.models.DatePrecision",
        "ActorKindEnum": "sources.models.Actor.Kind",
        "AliasKindEnum": "sources.models.ActorAlias.Kind",
        "SourceKindEnum": "sources.models.Source.Kind",
        "AgreementEnum": "claims.models.Question.Agreement",
    },
}

# Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER_ENABLED=1 so that
# Django trusts its X-Forwarded-Proto header.
if envbool("SECURE_PROXY_SSL_HEADER_ENABLED", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)

LOG_LEVEL = os.getenv("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's messages go through the root's handler only. Django's own defaults
        # give the "django" logger a console handler too, which printed each line twice.
        "django": {"handlers": [], "level": "INFO" if DEBUG else LOG_LEVEL},
        # The development server's request lines, once each, as Django formats them.
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}


# --- Hardening II: refused requests, Content-Security-Policy, login throttling ---------
# Kept in one block: it adds to the lists above rather than rewriting them.

# Refuse to start a production server that would answer every request 400.
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set when DEBUG is off, e.g. ALLOWED_HOSTS=dossier.example.org"
    )
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be set when the first of ALLOWED_HOSTS is a pattern, "
        "e.g. SITE_URL=https://dossier.example.org"
    )

# Control characters in a query string are refused before any view reads them.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "dossier.middleware.reject_control_characters",
)

# Anonymous full exports (/export/claims.csv|json): at most EXPORT_CONCURRENCY sent at
# once, EXPORT_RATE_LIMIT per visitor in EXPORT_RATE_WINDOW seconds; answered 429 beyond.
EXPORT_CONCURRENCY = envint("EXPORT_CONCURRENCY", 2)
EXPORT_RATE_LIMIT = envint("EXPORT_RATE_LIMIT", 20)
EXPORT_RATE_WINDOW = envint("EXPORT_RATE_WINDOW", 3600)
# A slot held longer than this (a worker killed mid-export) is given back.
EXPORT_SLOT_SECONDS = envint("EXPORT_SLOT_SECONDS", 600)
EXPORT_BUSY_RETRY_SECONDS = 30

# Pages built anew (a search, a filter, a page after a change) read the database; a kept
# page costs nothing. A visitor may have PAGE_BUILD_RATE_LIMIT built in
# PAGE_BUILD_RATE_WINDOW seconds, and is answered 429 beyond. Editors are not limited.
PAGE_BUILD_RATE_LIMIT = envint("PAGE_BUILD_RATE_LIMIT", 120)
PAGE_BUILD_RATE_WINDOW = envint("PAGE_BUILD_RATE_WINDOW", 60)

# Content-Security-Policy (django-csp): scripts, styles and images from this site
# only; no inline scripts or styles anywhere, the admin and the API docs included.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware"), "csp.middleware.CSPMiddleware"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Swagger UI draws its icons from data: URLs.
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that login is refused for AXES_COOLOFF_MINUTES, with a
# message on the admin's login page.
INSTALLED_APPS += ["axes"]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dossier.views.locked_out"
AXES_VERBOSE = False

# Backups (`manage.py backup` / `restore`): each is signed with BACKUP_KEY (by default a
# key derived from SECRET_KEY), and restores only where the same key is set.
BACKUP_KEY = os.getenv("BACKUP_KEY", "")
# While a restore replaces the data, every page answers 503 with Retry-After; the sign is
# this file, seen by every app server process (on shared storage with several machines).
RESTORE_FLAG_FILE = os.getenv("RESTORE_FLAG_FILE", str(Path(MEDIA_ROOT) / "restore-under-way"))
RESTORE_FLAG_MAX_SECONDS = envint("RESTORE_FLAG_MAX_SECONDS", 3600)
MIDDLEWARE.insert(
    MIDDLEWARE.index("dossier.replicas.ReplicaMiddleware"),
    "dossier.maintenance.answer_while_restoring",
)
