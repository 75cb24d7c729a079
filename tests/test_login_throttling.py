"""Editors' logins are throttled: a few wrong passwords lock that login for a while."""

import datetime

import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def log_in(client, password: str, username: str = "erika"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_wrong_passwords_lock_out_the_right_one_with_a_message(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "wrong horse")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = log_in(client, "wrong horse")
    assert response.status_code == 429

    response = log_in(client, "correct horse battery")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed logins for this username from your address" in page
    assert "blocked for 15 minutes" in page
    assert 'name="password"' in page  # the login page itself, not a bare error
    assert response["Retry-After"] == "900"
    assert client.get("/admin/").status_code == 302  # still not logged in


def test_the_login_works_again_after_the_cool_off(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong horse")
    assert log_in(client, "correct horse battery").status_code == 429
    settings.AXES_COOLOFF_TIME = datetime.timedelta(microseconds=1)
    response = log_in(client, "correct horse battery")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_another_username_or_address_is_not_locked_out(client, editor, django_user_model, settings):
    django_user_model.objects.create_user("max", password="another long secret", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong horse")
    assert log_in(client, "another long secret", username="max").status_code == 302
    other = client.__class__(REMOTE_ADDR="192.0.2.7")
    assert (
        other.post(LOGIN, {"username": "erika", "password": "correct horse battery"}).status_code
        == 302
    )
