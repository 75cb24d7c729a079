"""Small named objects for tests, built with plain ORM calls.

The death-toll example: one source says 164 (citing government and police),
another "at least 225" (citing official figures).
"""

import datetime
import os
import weakref
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.backends.signals import connection_created
from django.test import override_settings
from django.utils import translation
from django.utils.functional import empty
from hypothesis import settings

from claims.models import Claim, Event, Question
from documents.models import originals
from pages.kept import kept
from sources.models import Actor, Source
from tests.server_on_the_tests_connection import ServerOnTheTestsConnection


@pytest.fixture
def kazakhstan():
    return Actor.objects.create(kind=Actor.Kind.STATE, name="Kazakhstan", slug="kazakhstan")


@pytest.fixture
def tokayev():
    actor = Actor.objects.create(
        kind=Actor.Kind.PERSON, name="Kassym-Jomart Tokayev", slug="kassym-jomart-tokayev"
    )
    actor.aliases.create(name="Tokajew", kind="transliteration", language="de")
    return actor


@pytest.fixture
def government():
    return Actor.objects.create(
        kind=Actor.Kind.GOVERNMENT_BODY, name="Government of Kazakhstan", slug="government"
    )


@pytest.fixture
def officials():
    return Actor.objects.create(
        kind=Actor.Kind.GOVERNMENT_BODY, name="Kazakh officials", slug="officials"
    )


@pytest.fixture
def tagesblatt():
    return Actor.objects.create(kind=Actor.Kind.MEDIA_OUTLET, name="Tagesblatt", slug="tagesblatt")


@pytest.fixture
def report_164(tagesblatt):
    return Source.objects.create(
        status="published",
        text_public=True,
        title="Unruhen in Kasachstan",
        slug="unruhen-in-kasachstan",
        outlet=tagesblatt,
        published_on=datetime.date(2022, 1, 10),
        published_precision="day",
        kind=Source.Kind.NEWS_REPORT,
        language="de",
        text="Nach Angaben von Regierung und Polizei kamen 164 Menschen ums Leben.",
    )


@pytest.fixture
def report_225():
    return Source.objects.create(
        status="published",
        text_public=True,
        title="Bilanz der Januarereignisse",
        slug="bilanz-der-januarereignisse",
        published_on=datetime.date(2022, 8, 6),
        published_precision="day",
        kind=Source.Kind.ANALYSIS,
        language="de",
        text="Offiziellen Angaben zufolge starben mindestens 225 Menschen.",
    )


@pytest.fixture
def unrest(kazakhstan):
    return Event.objects.create(
        name="January 2022 unrest in Kazakhstan",
        slug="kazakhstan-unrest-2022",
        starts_on=datetime.date(2022, 1, 2),
        starts_precision="day",
        place=kazakhstan,
    )


@pytest.fixture
def death_toll(unrest):
    return Question.objects.create(
        status="published",
        event=unrest,
        slug="unrest-death-toll",
        text_en="How many people died in the January 2022 unrest?",
        text_de="Wie viele Menschen starben bei den Unruhen im Januar 2022?",
        value_type=Question.ValueType.COUNT,
        unit="people",
    )


@pytest.fixture
def claim_164(death_toll, report_164, government):
    return Claim.objects.create(
        status="published",
        question=death_toll,
        source=report_164,
        actor=government,
        attribution=Claim.Attribution.ACCORDING_TO,
        stated_value="164",
        bound=Claim.Bound.EXACT,
        value=Decimal(164),
        value_min=Decimal(164),
        value_max=Decimal(164),
        quote="Nach Angaben von Regierung und Polizei kamen 164 Menschen ums Leben.",
    )


@pytest.fixture
def claim_225(death_toll, report_225, officials):
    return Claim.objects.create(
        status="published",
        question=death_toll,
        source=report_225,
        actor=officials,
        attribution=Claim.Attribution.ACCORDING_TO,
        stated_value="mindestens 225",
        bound=Claim.Bound.AT_LEAST,
        value=Decimal(225),
        value_min=Decimal(225),
        quote="Offiziellen Angaben zufolge starben mindestens 225 Menschen.",
    )


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("erika", password="correct horse battery")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session", autouse=True)
def own_cache_database():
    """Parallel test processes (pytest-xdist's gw0, gw1, …) each use a Redis database
    of their own, CACHE_URL's number plus theirs: emptying the cache empties the database.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = urlsplit(django_settings.CACHE_URL)
    if not worker or not url.scheme:
        yield
        return
    if url.scheme not in ("redis", "rediss"):
        raise pytest.UsageError("Parallel tests need CACHE_URL=redis://host:port/db, or -n 0")
    number = int(url.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    own = url._replace(path=f"/{number}").geturl()
    caches = {"default": django_settings.CACHES["default"] | {"LOCATION": own}}
    with override_settings(CACHE_URL=own, CACHES=caches):
        yield


@pytest.fixture(scope="session", autouse=True)
def own_documents_storage(tmp_path_factory):
    """The originals of documents brought in (the demo's texts among them) go to a
    folder of the test run's, never into the checkout's media folder."""
    storages = django_settings.STORAGES | {
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.mktemp("documents"))},
        }
    }
    with override_settings(STORAGES=storages):
        originals._wrapped = empty  # looked up anew, in the test run's folder
        yield
    originals._wrapped = empty


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Passwords hashed in one round instead of a million: every login and every user
    created with a password costs a fraction of a second less. Production keeps Django's.
    """
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def connections_closed_at_the_end(django_db_setup):
    """Every connection the tests opened is closed before the test database is dropped.

    Django keeps a connection per context, and Playwright's event loop (in browser tests)
    gives some tests a context of their own: their connections outlived the session, and
    PostgreSQL refused to drop a database "being accessed by other users".
    """
    opened = weakref.WeakSet()

    def remember(sender, connection, **kwargs):
        opened.add(connection)

    connection_created.connect(remember)
    yield
    connection_created.disconnect(remember)
    for connection in list(opened):
        connection.inc_thread_sharing()  # some were opened by threads now gone
        connection.close()


@pytest.fixture(autouse=True)
def in_english():
    """Each test starts in the site's language: a request in German leaves German active in
    the thread it ran in, which is the tests' own."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts without pages cached by another (their versions roll back)."""
    cache.clear()
    kept.clear()


@pytest.fixture(autouse=True)
def pages_built_in_the_request(settings):
    """A page outdated by a test's change is built by the request that finds it: a
    thread's connection could not see the test's uncommitted data
    (tests/test_pages_built_meanwhile.py tests building in the background)."""
    settings.KEPT_PAGE_BUILDS_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def lists_renewed_at_once(settings):
    """Tests see a change on the index and lists at once, not within KEPT_INDEX_SECONDS
    (tests/test_page_versions.py tests that window itself)."""
    settings.KEPT_INDEX_SECONDS = 0


@pytest.fixture(autouse=True)
def reads_from_the_primary(request, settings):
    """Ordinary tests write in a transaction no replica can see: they read the primary.

    Tests marked `replica` read from a real one (tests/test_replicas.py).
    """
    if not request.node.get_closest_marker("replica"):
        settings.DATABASE_REPLICAS = []


# The fuzz tests' budget: a quick run by default, the full one with HYPOTHESIS_PROFILE=fuzz.
settings.register_profile("default", max_examples=40)
settings.register_profile("fuzz", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="module")
def demo_for_module(django_db_setup, django_db_blocker):
    """The demo dossier, loaded once for a module whose every test reads it; each test
    still rolls back its own changes, and the module's end rolls the load back.

    Loading it took seconds, once a test.
    """
    with django_db_blocker.unblock():
        loaded = transaction.atomic()
        loaded.__enter__()
        call_command("loaddata", "kazakhstan-2022", verbosity=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        loaded.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def own_restore_flag(settings, tmp_path):
    """A restore's sign to every app process, in each test's own place: a restore in
    one test must not answer 503 to another running beside it."""
    settings.RESTORE_FLAG_FILE = str(tmp_path / "restore-under-way")
    return tmp_path / "restore-under-way"


@pytest.fixture(scope="module")
def demo_server_for_module(demo_for_module, django_db_blocker):
    """A live server of the demo, loaded once for the module (see `demo_server`)."""
    with django_db_blocker.unblock():
        server = ServerOnTheTestsConnection()
        server.start()
    yield server
    with django_db_blocker.unblock():
        server.stop()


@pytest.fixture
def demo_server(demo_server_for_module, db):
    """A live server of the demo for browser tests, on the tests' own connection: the demo
    is loaded once for the module, and what a test changes (in its body or through the
    browser) is rolled back at its end, as `db` rolls back any test. Use it instead of
    `live_server`, which sees only committed data: each test would load the demo anew
    and empty the database after.
    """
    return demo_server_for_module
