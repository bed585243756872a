"""Request ids: taken from the proxy when sane, made otherwise, sent back on the
response, and in every JSON log line of the request under production's logging
configuration."""

import json
import logging.config
import re
import secrets

import pytest
from django.test import Client
from django.urls import reverse

from tests.subprocesses import python_run

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "SITE_BASE_URL": "https://leren.example.org",
    "DEFAULT_FROM_EMAIL": "Bijblijven <noreply@leren.example.org>",
    "OPEN_BADGES_KEY_ENCRYPTION_KEY": secrets.token_urlsafe(32),
}


@pytest.fixture(scope="module")
def production_logging() -> dict:
    """`LOGGING` as training/settings/production.py builds it."""
    read = python_run(
        "-c",
        "import json, training.settings.production as p; print(json.dumps(p.LOGGING))",
        env=PRODUCTION_ENV,
    )
    assert read.returncode == 0, read.stderr
    return json.loads(read.stdout)


def test_request_id_from_the_proxy_comes_back_when_it_is_sane():
    given = "7f3c2a9e-1b4d-4c8e-9f00-aa55bb66cc77"
    response = Client(headers={"X-Request-ID": given}).get(reverse("health"))
    assert response["X-Request-ID"] == given


@pytest.mark.parametrize(
    "given", ["", "two words", "line\r\nInjected: yes", "x" * 129, "ü-nicode"]
)
def test_request_id_is_made_when_the_proxy_sends_none_or_an_insane_one(given):
    headers = {"X-Request-ID": given} if given else {}
    response = Client(headers=headers).get(reverse("health"))
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_request_ids_differ_between_requests():
    client = Client()
    ids = {client.get(reverse("health"))["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_production_logs_are_json_lines_with_the_response_request_id(
    settings, capsys, production_logging, tmp_path
):
    (tmp_path / "a-file").write_text("")
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"  # the health view logs
    logging.config.dictConfig(production_logging)  # writes to capsys' stderr
    try:
        capsys.readouterr()
        health = Client(raise_request_exception=False).get(reverse("health"))
        refused = Client().get("/metrics")  # django.request logs the 403 after
        # the middleware has returned
        logging.getLogger("bijblijven.test").info("outside any request")
        lines = capsys.readouterr().err.splitlines()
    finally:
        logging.config.dictConfig(settings.LOGGING)
    records = [json.loads(line) for line in lines]  # every line is JSON
    by_id = {}
    for record in records:
        by_id.setdefault(record["request_id"], []).append(record)

    in_view = by_id[health["X-Request-ID"]]
    assert any(
        r["logger"] == "training.health" and "media" in r["message"] for r in in_view
    )
    assert {"timestamp", "level", "logger", "message"} <= set(in_view[0])
    after_view = by_id[refused["X-Request-ID"]]
    assert [(r["logger"], r["message"]) for r in after_view] == [
        ("django.request", "Forbidden: /metrics")
    ]
    assert "request" not in after_view[0]
    assert by_id["-"][-1]["message"] == "outside any request"


def test_production_lets_the_load_balancer_probe_health_over_plain_http(settings):
    read = python_run(
        "-c",
        "import json, training.settings.production as p;"
        " print(json.dumps([p.SECURE_SSL_REDIRECT, p.SECURE_REDIRECT_EXEMPT]))",
        env=PRODUCTION_ENV,
    )
    assert read.returncode == 0, read.stderr
    settings.SECURE_SSL_REDIRECT, settings.SECURE_REDIRECT_EXEMPT = json.loads(
        read.stdout
    )
    assert settings.SECURE_SSL_REDIRECT
    client = Client(raise_request_exception=False)
    assert client.get(reverse("health")).status_code in (200, 503)
    assert client.get("/metrics").status_code == 301  # the token stays on HTTPS
    assert client.get("/").status_code == 301
