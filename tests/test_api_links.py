"""The API's page links come from the site's address, never from a client's Host header."""

import pytest
from rest_framework.pagination import PageNumberPagination

pytestmark = pytest.mark.django_db


def test_a_host_header_with_another_port_leaves_kept_links_alone(
    client, monkeypatch, claim_164, claim_225, settings
):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)

    poisoned = client.get("/api/claims/", HTTP_HOST="127.0.0.1:6666").json()
    served = client.get("/api/claims/").json()

    for answer in (poisoned, served):
        assert answer["next"] == f"{settings.SITE_URL}/api/claims/?page=2"
        assert "6666" not in str(answer)


def test_the_previous_link_of_page_two_is_the_first_page(
    client, monkeypatch, claim_164, claim_225, settings
):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)

    second = client.get("/api/claims/?page=2", HTTP_HOST="localhost:8443").json()

    assert second["previous"] == f"{settings.SITE_URL}/api/claims/"
