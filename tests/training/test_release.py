"""The release steps of docs/deployment.md under the production settings (DEBUG
off, the manifest storage): collectstatic into an empty folder, check --deploy,
migrate a new database, then the pages a visitor meets first. Development and
test settings serve static files straight from the finders, so only this test
sees a stylesheet the manifest cannot be written for (every page then answers
500 in production)."""

import json
import secrets
from concurrent.futures import ThreadPoolExecutor

from tests.subprocesses import manage_run, python_run

# Seconds a step may take: about 20 on a quiet machine, far more on a loaded one.
LIMIT = 600


def test_release_steps_succeed_and_pages_answer_when_settings_are_production(
    tmp_path,
):
    env = {
        "DJANGO_SETTINGS_MODULE": "training.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "leren.example.org",
        "SITE_BASE_URL": "https://leren.example.org",
        "DEFAULT_FROM_EMAIL": "Bijblijven <noreply@leren.example.org>",
        "OPEN_BADGES_KEY_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'release.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        # Its own cache and the production task backend, whatever the suite uses.
        "REDIS_URL": "",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }

    # The two slow steps are independent: run them side by side.
    with ThreadPoolExecutor(max_workers=2) as pool:
        collecting = pool.submit(
            manage_run,
            "collectstatic",
            "--noinput",
            "--verbosity",
            "0",
            env=env,
            timeout=LIMIT,
        )
        migrating = pool.submit(
            manage_run,
            "migrate",
            "--noinput",
            "--verbosity",
            "0",
            env=env,
            timeout=LIMIT,
        )
        checked = manage_run("check", "--deploy", "--fail-level", "WARNING", env=env)
    collected, migrated = collecting.result(), migrating.result()
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert migrated.returncode == 0, migrated.stderr

    fetched = python_run("-m", "tests.training.release_pages", env=env, timeout=LIMIT)
    assert fetched.returncode == 0, fetched.stderr
    statuses = json.loads(fetched.stdout.strip().splitlines()[-1])
    assert len([path for path in statuses if path.endswith(".css")]) >= 2
    assert statuses == dict.fromkeys(statuses, 200), fetched.stderr
