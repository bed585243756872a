"""A real OpenID Connect provider for the sign-in tests: panva's oidc-provider
(tests/sso/provider/server.mjs) run by Node on 127.0.0.1. It publishes its
discovery document and keys and signs real ID tokens, so allauth's discovery,
token exchange and our JWKS signature check all run.

`provider_sign_in` plays the person at the provider's (development) sign-in
form with `requests`, for tests that drive Django with the test client."""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"


@dataclass
class OpenIDProvider:
    issuer: str
    accounts_file: Path
    process: subprocess.Popen
    accounts: dict = field(default_factory=dict)

    def account_set(self, sub: str, **claims) -> None:
        """What the provider says about `sub` at its next sign-in."""
        self.accounts[sub] = claims
        self.accounts_file.write_text(json.dumps(self.accounts))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def provider_start(
    *, tmp_path: Path, clients: list[dict], clock_offset_seconds: int = 0
) -> OpenIDProvider:
    node = shutil.which("node")
    if node is None or not (PROVIDER_DIR / "node_modules").exists():
        raise RuntimeError("Node and tests/sso/provider/node_modules (make install)")
    accounts_file = tmp_path / "accounts.json"
    accounts_file.write_text("{}")
    config_file = tmp_path / "provider.json"
    config_file.write_text(
        json.dumps({"clients": clients, "accounts_file": str(accounts_file)})
    )
    env = {**os.environ, "OP_CLOCK_OFFSET_SECONDS": str(clock_offset_seconds)}
    process = subprocess.Popen(  # noqa: S603 - fixed script and arguments
        [node, str(PROVIDER_DIR / "server.mjs"), str(config_file)],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()
    if not line.startswith("listening "):
        process.kill()
        raise RuntimeError(f"The OpenID provider did not start: {line!r}")
    issuer = line.split()[1]
    return OpenIDProvider(issuer=issuer, accounts_file=accounts_file, process=process)


def provider_sign_in(*, authorize_url: str, login: str) -> str:
    """Sign in as `login` at the provider, starting from the authorisation URL
    our site redirected to; returns the URL the provider sends the browser back
    to (our callback, with the code and state)."""
    provider_host = urlsplit(authorize_url).netloc
    session = requests.Session()
    url = authorize_url
    for _step in range(10):
        response = session.get(url, allow_redirects=False, timeout=10)
        if (
            response.status_code == 200
            and 'name="prompt" value="login"' in response.text
        ):
            response = session.post(
                url,
                data={"prompt": "login", "login": login, "password": "any"},
                allow_redirects=False,
                timeout=10,
            )
        if response.status_code not in (302, 303):
            raise AssertionError(f"provider answered {response.status_code}: {url}")
        url = urljoin(url, response.headers["Location"])
        if urlsplit(url).netloc != provider_host:
            return url
    raise AssertionError("the provider never sent the browser back")
