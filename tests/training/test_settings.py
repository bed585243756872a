"""Configuration from the environment: clear failures and production hardening."""

import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.subprocesses import manage_run
from training.settings.env import database_from_env


def test_database_url_is_refused_when_scheme_is_unknown(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mongodb://localhost/bijblijven")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_env(default_url="sqlite:///x.sqlite3")


def test_database_url_is_refused_when_it_names_no_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://localhost:5432")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_env(default_url="sqlite:///x.sqlite3")


def test_sqlite_runs_in_wal_mode_when_no_database_url_is_given(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(default_url="sqlite:///x.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_start_fails_naming_the_variable_when_database_url_is_wrong():
    result = manage_run("check", env={"DATABASE_URL": "nonsense://"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_refuses_to_start_when_secret_key_is_missing():
    result = manage_run(
        "check",
        "--settings=training.settings.production",
        env={"DJANGO_SECRET_KEY": "", "DJANGO_ALLOWED_HOSTS": "example.org"},
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


PRODUCTION_ENV = {
    "DJANGO_ALLOWED_HOSTS": "example.org",
    "SITE_BASE_URL": "https://example.org",
    "DEFAULT_FROM_EMAIL": "Bijblijven <noreply@example.org>",
    "OPEN_BADGES_KEY_ENCRYPTION_KEY": "k" * 32,
}


@pytest.mark.parametrize(
    "variable",
    ["SITE_BASE_URL", "DEFAULT_FROM_EMAIL", "OPEN_BADGES_KEY_ENCRYPTION_KEY"],
)
def test_production_refuses_to_start_naming_the_variable_when_it_is_missing(
    variable,
):
    result = manage_run(
        "check",
        "--settings=training.settings.production",
        env={
            **PRODUCTION_ENV,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)[:50],
            variable: "",
        },
    )
    assert result.returncode != 0
    assert f"{variable} must be set in production" in result.stderr


def test_production_passes_deploy_check_when_configured():
    result = manage_run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=training.settings.production",
        env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)[:50]},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _production_env() -> dict[str, str]:
    return {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)[:50]}


def test_production_refuses_to_load_the_demo_accounts(tmp_path):
    result = manage_run(
        "load_demo_content",
        "--migrate",
        "--settings=training.settings.production",
        env={**_production_env(), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"},
    )
    assert result.returncode != 0
    assert "The demo is not loaded under these settings" in result.stderr


def test_production_marks_the_language_cookie_secure():
    result = manage_run(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.LANGUAGE_COOKIE_SECURE)",
        "--settings=training.settings.production",
        env=_production_env(),
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


def test_production_writes_emails_to_files_when_staging_asks_for_it(tmp_path):
    result = manage_run(
        "sendtestemail",
        "iemand@example.org",
        "--settings=training.settings.production",
        env={
            **_production_env(),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        },
    )
    assert result.returncode == 0, result.stderr
    [message] = (tmp_path / "mail").iterdir()
    assert "To: iemand@example.org" in message.read_text()
