"""The error page: 503 with Retry-After while the database cannot be reached, the
plain 500 page for any other failure."""

import socket

import pytest
from django.db import connection
from django.test import Client, RequestFactory

from training.views import server_error


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_database(transactional_db):
    """The real driver fails to connect: SQLite gets a file in a missing folder,
    PostgreSQL a port where nothing listens."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/bijblijven.sqlite3"
    else:
        connection.settings_dict |= {"HOST": "127.0.0.1", "PORT": _closed_port()}
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


def test_pages_answer_503_with_retry_after_when_the_database_is_unreachable(
    unreachable_database,
):
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Even niet beschikbaar" in response.content.decode()


def test_other_failures_get_the_plain_500_page():
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
