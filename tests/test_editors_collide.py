"""Two editors at the same moment: one saves, the other is told, nobody gets a 500.

Really at once: each editor is a thread with its own database connection, released
together. On SQLite the test database is copied to a file first (an in-memory test
database is one connection shared by every thread), so the two writers meet as they
would on a server.
"""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client

from claims.models import Claim, Verdict
from tests.admin_forms import opened_form

# The editors' threads read what the test wrote: it must be committed. (No serialized
# rollback: a browser test's flush before these may have re-created the content types
# under other keys, which the rollback's rows would then collide with.)
pytestmark = pytest.mark.django_db(transaction=True)

STALE = "was changed by someone else while you were editing it"


@contextmanager
def on_a_file_database(tmp_path):
    """SQLite: the test database as a file, with a connection per thread, for the block."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    path = tmp_path / "editors.sqlite3"
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    # As a site's database is once its first connection set it so: switching to WAL
    # takes the file for itself, which two threads connecting at once cannot both do.
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    # Closing the in-memory database's connection would destroy it: set it aside.
    memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)  # shared by every thread's connection
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


def at_once(*calls):
    """Each call in its own thread, all released together; their results, in order."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(number, call):
        try:
            start.wait()
            results[number] = call()
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def editors(django_user_model):
    """Two editors' browsers: a server error is answered 500, as a browser would see it."""
    clients = []
    for name in ("erika", "max"):
        # Superusers: what is tested is the collision, not the Editors group's rights
        # (which a transactional test before these may have flushed away).
        user = django_user_model.objects.create_superuser(name)
        browser = Client(raise_request_exception=False)
        browser.force_login(user)
        clients.append(browser)
    return clients


@pytest.fixture
def verdict(death_toll, claim_164, claim_225):
    # A verdict of conflict is published over two published voices that disagree.
    verdict = Verdict.objects.create(
        status="published", question=death_toll, agreement="conflict", reason="Split."
    )
    verdict.rests_on.set([claim_164, claim_225])
    return verdict


@pytest.fixture
def spelling(tokayev):
    return tokayev.aliases.get()


# (the edited object, its admin path, the field each editor changes, a value for each)
EDITED = [
    ("report_164", "sources/source", ("stance_notes", "a"), ("reliability_notes", "b")),
    ("tokayev", "sources/actor", ("description", "a"), ("name", "Tokayev, K.-J.")),
    ("spelling", "sources/actoralias", ("name", "Tokaev"), ("language", "ru")),
    ("unrest", "claims/event", ("description", "a"), ("name", "Unrest")),
    ("death_toll", "claims/question", ("scope_note", "a"), ("editorial_note", "b")),
    ("claim_164", "claims/claim", ("notes", "a"), ("scope", "b")),
    ("verdict", "claims/verdict", ("reason", "a"), ("reason_de", "b")),
]


@pytest.mark.parametrize("fixture, path, first, second", EDITED)
def test_two_editors_saving_at_once_get_one_save_and_one_refusal(
    request, tmp_path, editors, fixture, path, first, second
):
    obj = request.getfixturevalue(fixture)
    url = f"/admin/{path}/{obj.pk}/change/"
    forms = [opened_form(browser.get(url)) for browser in editors]  # both open the form
    edits = [forms[0] | dict([first]), forms[1] | dict([second])]
    if getattr(obj, "is_published", False):  # a change readers see is a correction: say why
        edits = [
            edit | {"correction_reason": f"{name} corrected."}
            for edit, name in zip(edits, ("Erika", "Max"), strict=True)
        ]

    with on_a_file_database(tmp_path):
        saves = [lambda b=b, e=e: b.post(url, e) for b, e in zip(editors, edits, strict=True)]
        responses = at_once(*saves)
        obj.refresh_from_db()

    assert sorted(response.status_code for response in responses) == [200, 302]
    saved, refused = sorted(range(2), key=lambda number: responses[number].status_code != 302)
    assert STALE in responses[refused].content.decode()
    (field, value), (lost_field, lost_value) = [first, second][saved], [first, second][refused]
    assert getattr(obj, field) == value  # the save that won is kept whole…
    assert getattr(obj, lost_field) != lost_value  # …and the refused one wrote nothing
    assert obj.version == 2


def test_an_import_confirmed_twice_at_once_is_written_once(
    tmp_path, settings, editors, death_toll, report_164, government
):
    settings.MEDIA_ROOT = str(tmp_path)
    rows = (
        "question_slug,source,actor,stated_value,value,bound,quote\n"
        "unrest-death-toll,Unruhen in Kasachstan,Government of Kazakhstan,164,164,exact,"
        "Nach Angaben von Regierung und Polizei kamen 164 Menschen ums Leben.\n"
    )
    file = SimpleUploadedFile("claims.csv", rows.encode(), content_type="text/csv")
    preview = editors[0].post(
        "/admin/claims/claim/import/", {"resource": "0", "format": "0", "import_file": file}
    )
    confirmation = preview.context["confirm_form"].initial
    url = "/admin/claims/claim/process_import/"

    with on_a_file_database(tmp_path):
        # The same preview, confirmed from two tabs (or by a double click).
        responses = at_once(*(lambda b=browser: b.post(url, confirmation) for browser in editors))
        written = Claim.objects.count()
        told = [
            str(message)
            for browser, response in zip(editors, responses, strict=True)
            for message in browser.get(response["Location"]).context["messages"]
        ]

    assert [response.status_code for response in responses] == [302, 302]
    assert written == 1
    assert (
        "Nothing was imported: this preview has expired or was already imported. "
        "Upload the file again."
    ) in told
