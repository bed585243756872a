"""Running ``manage.py`` (or a module) in a separate process, with a chosen
environment: for settings that only take effect at start, such as production's."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def python_run(
    *args: str, env: dict[str, str], timeout: int = 120
) -> subprocess.CompletedProcess:
    """``python *args`` in the project folder. The variables in ``env`` are added
    to this process's environment; DJANGO_SETTINGS_MODULE is dropped so that a
    ``--settings`` argument or an ``env`` entry decides."""
    full_env = {**os.environ, **env}
    if "DJANGO_SETTINGS_MODULE" not in env:
        full_env.pop("DJANGO_SETTINGS_MODULE", None)
    # The browser tests allow sync ORM calls beside Playwright; a deployment must not.
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage_run(
    *args: str, env: dict[str, str], timeout: int = 120
) -> subprocess.CompletedProcess:
    return python_run("manage.py", *args, env=env, timeout=timeout)
