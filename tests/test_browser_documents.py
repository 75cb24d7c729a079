"""A document brought in through the admin in Chromium and read by a real worker: the app
server and the `db_worker` are processes of their own over one real database (a SQLite
file, or a PostgreSQL database of its own), as in production.

Not pytest-django's live server: it runs in the tests' process, over the test database,
which on SQLite is in memory, where no other process can reach it.
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.databases_apart import database_apart
from tests.other_processes import PROJECT, free_port, manage
from tests.test_browser import browser_type_launch_args  # noqa: F401  (fixture)
from tests.test_extraction import PARAGRAPHS, word_document

GUNICORN = Path(sys.executable).parent / "gunicorn"
PASSWORD = "correct horse battery"


def started(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def stopped(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def environment(tmp_path, own_restore_flag):
    with database_apart(tmp_path, "browser_documents") as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CACHE_URL", "PYTEST"))}
        yield env | {
            "DJANGO_SETTINGS_MODULE": "dossier.settings",
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(tmp_path / "media"),
            "TASK_BACKEND": "database",
            "ALLOWED_HOSTS": "127.0.0.1",
            "RESTORE_FLAG_FILE": str(own_restore_flag),
        }


@pytest.fixture
def site(environment, tmp_path):
    """The app server's address, over a migrated database with Erika, an editor."""
    manage(environment, "migrate", "--verbosity", "0")
    manage(
        environment,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User; "
        f"user = User.objects.create_user('erika', password='{PASSWORD}', is_staff=True); "
        "user.groups.add(Group.objects.get(name='Editors'))",
    )
    port = free_port()
    command = [str(GUNICORN), "dossier.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"]
    server = started(command, environment, tmp_path / "server.log")
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(address + "/admin/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail((tmp_path / "server.log").read_text()[-3000:])
        yield address
    finally:
        stopped(server)


def worker(environment, tmp_path) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    return started(command, environment, tmp_path / "worker.log")


def test_an_upload_is_read_by_a_worker_while_the_editor_watches(
    page: Page, site, environment, tmp_path
):
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("erika")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text("erika")

    page.goto(site + "/admin/documents/document/add/")
    page.locator("#id_files").set_input_files(
        files=[
            {
                "name": "putin-kasachstan.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document",
                "buffer": word_document(PARAGRAPHS),
            }
        ]
    )
    page.get_by_role("button", name="Bring them in").click()
    expect(page.locator(".messagelist")).to_contain_text("1 document is being read.")
    state = page.locator(".document-state")
    # No worker yet: the document waits in the queue.
    expect(state).to_have_text("Waiting")
    page.wait_for_timeout(2500)  # the page asks once at least, and is told the same
    expect(state).to_have_text("Waiting")

    reader = worker(environment, tmp_path)
    try:
        # The page asks for the states every few seconds and reloads by itself.
        expect(state).to_have_text("Ready", timeout=60_000)
    finally:
        stopped(reader)

    page.get_by_role("link", name="Check and confirm the source").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the source")
    expect(page.locator("#id_title")).to_have_value("Putin und Kasachstan")
    expect(page.locator("#id_language")).to_have_value("de")
    expect(page.locator("#id_text")).to_contain_text("164 Menschen gestorben")
    page.get_by_role("button", name="Confirm and read it").click()

    # The reading view of the new source, its figures waiting to be claimed.
    expect(page.locator(".messagelist")).to_contain_text("The source is in: claim what it says.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Read and claim: Putin und Kasachstan"
    )
    not_yet = page.locator("#not-yet-claimed")
    expect(not_yet).to_contain_text("0 of")
    figures = not_yet.locator(".reading-list > li > a > strong").all_inner_texts()
    assert {"164", "Fast 8000", "1770 Kilometer"} <= set(figures), figures
    expect(page.locator("#reading-text")).to_contain_text("Kasachstan ist zudem der weltgrößte")
