"""Who may do what: anonymous readers, editors, superusers."""

import pytest

from claims.models import Claim

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/questions/unrest-death-toll/",
    "/sources/",
    "/sources/unruhen-in-kasachstan/",
    "/actors/government/",
    "/events/kazakhstan-unrest-2022/",
    "/search/?q=Tokajew",
    "/export/claims.csv",
    "/api/questions/",
    "/api/claims/",
    "/api/sources/",
    "/api/actors/",
    "/api/events/",
    "/api/schema/",
    "/api/docs/",
]
ADMIN_DATA = ["/admin/claims/claim/", "/admin/claims/claim/add/", "/admin/sources/source/"]
ADMIN_ACCOUNTS = ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]


@pytest.fixture
def dossier(claim_164, claim_225, tokayev):
    claim_164.question.refresh_analysis()


@pytest.fixture(params=["anonymous", "editor", "superuser"])
def who(request, client, editor, admin_user):
    if request.param == "editor":
        client.force_login(editor)
    elif request.param == "superuser":
        client.force_login(admin_user)
    return request.param, client


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_everyone_reads_every_public_page(who, dossier, url):
    _who, client = who
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ADMIN_DATA)
def test_only_staff_reach_the_admin(who, dossier, url):
    role, client = who
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("url", ADMIN_ACCOUNTS)
def test_only_superusers_manage_accounts(who, url):
    role, client = who
    expected = {"anonymous": 302, "editor": 403, "superuser": 200}[role]
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only_for_everyone(who, dossier, claim_164, method):
    _role, client = who
    response = getattr(client, method)(
        f"/api/claims/{claim_164.pk}/", {"stated_value": "999"}, content_type="application/json"
    )
    assert response.status_code in (403, 405)
    claim_164.refresh_from_db()
    assert claim_164.stated_value == "164"


def test_anonymous_cannot_write_through_the_admin(client, claim_164):
    response = client.post(f"/admin/claims/claim/{claim_164.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Claim.objects.filter(pk=claim_164.pk).exists()


def test_pages_refuse_writes(client, dossier):
    assert client.post("/questions/unrest-death-toll/").status_code in (403, 405)
