"""
Public pages and the API read from a replica; writes, the admin, and a browser that
just wrote use the primary.

The tests marked `replica` run against a real streaming replica: start one with
`scripts/replica.sh` and run them with
DATABASE_REPLICA_URLS=postgres://dossier@127.0.0.1:5433/dossier (as .ci/run does).
"""

import time

import psycopg
import pytest
from django.conf import settings
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from dossier import replicas
from sources.models import Actor

factory = RequestFactory()


@pytest.fixture
def with_replicas(settings):
    settings.DATABASE_REPLICAS = ["replica_1", "replica_2"]


def reads_of(request, write=False) -> tuple[str, HttpResponse]:
    """Where the middleware sends the request's reads, and its response."""
    seen = {}

    def view(request):
        seen["reads"] = replicas.reads_from.get()
        if write:
            replicas.ReplicaRouter().db_for_write(Actor)
        return HttpResponse()

    response = replicas.ReplicaMiddleware(view)(request)
    return seen["reads"], response


def test_public_reads_go_to_a_replica_and_writes_to_the_primary(with_replicas):
    router = replicas.ReplicaRouter()
    with replicas.reading("replica"):
        assert router.db_for_read(Actor) in ("replica_1", "replica_2")
        assert router.db_for_write(Actor) == "default"
    # outside a public request (commands, the shell): the primary
    assert router.db_for_read(Actor) == "default"
    assert router.allow_migrate("replica_1", "sources") is False
    assert router.allow_migrate("default", "sources") is True


def test_without_replicas_everything_reads_the_primary():
    with replicas.reading("replica"):
        assert replicas.ReplicaRouter().db_for_read(Actor) == "default"


@pytest.mark.parametrize("path", ["/", "/questions/x/", "/api/claims/", "/search/?q=x"])
def test_public_pages_and_the_api_read_from_a_replica(with_replicas, path):
    assert reads_of(factory.get(path))[0] == "replica"


@pytest.mark.parametrize(
    "request_",
    [factory.post("/i18n/setlang/"), factory.get("/admin/"), factory.get("/admin/claims/claim/")],
    ids=["a post", "the admin", "an admin list"],
)
def test_writes_and_the_admin_read_from_the_primary(with_replicas, request_):
    assert reads_of(request_)[0] == "primary"


def test_a_browser_that_wrote_reads_from_the_primary_for_a_while(with_replicas, settings):
    reads, response = reads_of(factory.post("/admin/sources/actor/1/change/"), write=True)
    cookie = response.cookies[replicas.PIN_COOKIE]
    assert cookie["max-age"] == settings.READ_YOUR_WRITES_SECONDS and cookie["httponly"]
    after = factory.get("/actors/x/")
    after.COOKIES[replicas.PIN_COOKIE] = cookie.value
    assert reads_of(after)[0] == "primary"
    # a request that wrote nothing pins nothing
    assert replicas.PIN_COOKIE not in reads_of(factory.post("/i18n/setlang/"))[1].cookies


def test_an_old_or_forged_pin_is_ignored(with_replicas, settings):
    _, response = reads_of(factory.post("/admin/"), write=True)
    cookie = response.cookies[replicas.PIN_COOKIE].value
    settings.READ_YOUR_WRITES_SECONDS = 0
    time.sleep(1.1)
    late = factory.get("/")
    late.COOKIES[replicas.PIN_COOKIE] = cookie
    assert reads_of(late)[0] == "replica"
    forged = factory.get("/")
    forged.COOKIES[replicas.PIN_COOKIE] = "1"
    assert reads_of(forged)[0] == "replica"


# Against a real streaming replica.


def on_a_replica(test):
    marks = [
        pytest.mark.replica,
        pytest.mark.skipif(
            "replica_1" not in settings.DATABASES,
            reason="needs a streaming replica: scripts/replica.sh, then DATABASE_REPLICA_URLS",
        ),
        pytest.mark.django_db(transaction=True, databases=["default", "replica_1"]),
    ]
    for mark in marks:
        test = mark(test)
    return test


def replica_admin() -> psycopg.Connection:
    """A superuser's connection to the replica, to pause and resume its replay."""
    config = settings.DATABASES["replica_1"]
    return psycopg.connect(
        host=config["HOST"], port=config["PORT"], user="postgres", dbname="postgres",
        autocommit=True,
    )  # fmt: skip


def on_replica(query: str, *params) -> list[tuple]:
    with connections["replica_1"].cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def replayed(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def on_replica_named(name: str) -> bool:
    return bool(on_replica("SELECT 1 FROM sources_actor WHERE name = %s", name))


def caught_up(admin: psycopg.Connection, seconds: float = 30) -> None:
    """The replica has replayed all the primary wrote: paused in the middle of a
    transaction (the last test's flush, say), it would hold that transaction's locks, and
    a read of the replica would wait for them for ever."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        [[written]] = cursor.fetchall()
    query = "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0"
    assert replayed(lambda: admin.execute(query, [written]).fetchone()[0], seconds)


@pytest.fixture
def replay_paused():
    with replica_admin() as admin:
        caught_up(admin)
        admin.execute("SELECT pg_wal_replay_pause()")
        try:
            yield
        finally:
            admin.execute("SELECT pg_wal_replay_resume()")


@pytest.fixture
def bolat():
    actor = Actor.objects.create(kind=Actor.Kind.PERSON, name="Bolat Nazarbayev", slug="bolat")
    assert replayed(lambda: on_replica_named("Bolat Nazarbayev"))
    return actor


@on_a_replica
def test_the_replica_is_a_streaming_copy_of_the_primary():
    assert on_replica("SELECT pg_is_in_recovery()") == [(True,)]
    Actor.objects.create(kind=Actor.Kind.PERSON, name="Aigerim", slug="aigerim")
    assert replayed(lambda: on_replica_named("Aigerim"))


SUGGESTIONS = "/suggest/actor/?q=Bolat"


@on_a_replica
@pytest.mark.parametrize("path", [SUGGESTIONS, "/suggest/actor/?q=bolat"])
def test_public_reads_are_served_by_the_replica(client, bolat, path):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as replica,
    ):
        response = client.get(path)
    assert response.status_code == 200 and "Bolat Nazarbayev" in response.content.decode()
    assert len(replica) > 0
    assert len(primary) == 0


@on_a_replica
@pytest.mark.parametrize("path", ["/actors/bolat/", "/api/actors/bolat/", "/api/actors/"])
def test_kept_pages_are_built_from_the_primary(client, bolat, path):
    """Kept under the data's version, a page must hold the data of that version."""
    with CaptureQueriesContext(connections["replica_1"]) as replica:
        response = client.get(path)
    assert response.status_code == 200 and "Bolat Nazarbayev" in response.content.decode()
    assert len(replica) == 0


@on_a_replica
def test_a_lagging_replica_serves_its_data_and_the_editor_the_primary(
    client, admin_client, bolat, replay_paused
):
    bolat.name = "Bolat N."
    bolat.save()
    # the public reads the replica, whose replay is paused: the old name
    public = client.get(SUGGESTIONS).content.decode()
    assert "Bolat Nazarbayev" in public and "Bolat N." not in public
    # but a kept page is never built from it
    assert "<h1>Bolat N.</h1>" in client.get("/actors/bolat/").content.decode()
    # an editor saves in the admin, and reads what was saved
    response = admin_client.post(
        f"/admin/sources/actor/{bolat.pk}/change/",
        {
            "kind": "person", "name": "Bolat Nazarbayuly", "slug": "bolat", "description": "",
            "opened_version": bolat.version,
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert replicas.PIN_COOKIE in response.cookies
    assert "Bolat Nazarbayuly" in admin_client.get(SUGGESTIONS).content.decode()
    assert "Bolat Nazarbayuly" not in client.get(SUGGESTIONS).content.decode()


@on_a_replica
def test_a_comparison_is_never_cached_from_a_lagging_replica(client, claim_164, replay_paused):
    url = "/questions/unrest-death-toll/"
    claim_164.stated_value = "165"
    claim_164.save()
    # the page is rendered (and cached) from the primary, whatever the replica holds
    assert ">165<" in client.get(url).content.decode()
    assert not on_replica("SELECT 1 FROM claims_claim WHERE stated_value = '165'")
