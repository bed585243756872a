"""A real LTI 1.3 platform for the tests: `lti1p3platform` builds and signs its
messages (login initiation, id_token launch, access tokens) and checks ours (the
deep-linking response, the client assertion, the bearer token on a score). A
small http.server thread on loopback serves what an LMS serves over HTTP: its
JWKS, its token endpoint and a line item's scores endpoint."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


def key_pair() -> tuple[str, str]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode()
    )
    return private_pem, public_pem


class _Conf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs):
        self._registration = kwargs["registration"]

    def get_registration_by_params(self, **kwargs):
        return self._registration


class _Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs):
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url):
        return url


class _Launch(LTIAdvantageMessageLaunchAbstract):
    def __init__(self, auth_request: dict, conf):
        super().__init__(None, conf)
        self._auth_request = auth_request

    def get_preflight_response(self):
        return self._auth_request

    def render_launch_form(self, launch_data, **kwargs):
        return launch_data


class TestPlatform:
    """An LMS at http://127.0.0.1:<port> with our tool registered in it."""

    __test__ = False  # not a test class, despite its name

    client_id = "bijblijven-tool"
    deployment_id = "deployment-1"

    def __init__(self, *, tool_url: str):
        self.tool_url = tool_url.rstrip("/")
        self.private_key, self.public_key = key_pair()
        self.scores: list[dict] = []
        self.token_requests = 0
        self._server = None
        self.start()
        self.issuer = f"http://127.0.0.1:{self.port}"

    # -- HTTP ------------------------------------------------------------------
    def start(self, port: int = 0) -> None:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/jwks":
                    return self._reply(
                        200, {"keys": platform.registration().get_jwks()}
                    )
                return self._reply(404, {})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                if self.path == "/token":
                    return self._token(dict(parse_qsl(body)))
                if self.path.endswith("/scores"):
                    return self._score(body)
                return self._reply(404, {})

            def _token(self, form: dict) -> None:
                platform.token_requests += 1
                try:
                    answer = platform.conf().get_access_token(form)
                except Exception as error:  # noqa: BLE001 - refused, as an LMS would
                    return self._reply(400, {"error": str(error)})
                return self._reply(200, answer)

            def _score(self, body: str) -> None:
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                try:
                    allowed = platform.conf().validate_token(
                        token, allowed_scopes=[SCORE_SCOPE]
                    )
                except Exception as error:  # noqa: BLE001
                    return self._reply(401, {"error": str(error)})
                if not allowed:
                    return self._reply(403, {"error": "no score scope"})
                platform.scores.append(
                    {
                        "path": self.path,
                        "content_type": self.headers["Content-Type"],
                        **json.loads(body),
                    }
                )
                return self._reply(200, {})

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """The platform goes down: its port refuses connections."""
        self._server.shutdown()
        self._server.server_close()

    # -- lti1p3platform --------------------------------------------------------
    def registration(self, *, private_key: str | None = None) -> Registration:
        """A fresh registration each time, so our JWKS is fetched over HTTP."""
        return (
            Registration()
            .set_iss(self.issuer)
            .set_client_id(self.client_id)
            .set_deployment_id(self.deployment_id)
            .set_oidc_login_url(f"{self.tool_url}/lti/login/")
            .set_launch_url(f"{self.tool_url}/lti/launch/")
            .set_deeplink_launch_url(f"{self.tool_url}/lti/launch/")
            .set_platform_public_key(self.public_key)
            .set_platform_private_key(private_key or self.private_key)
            .set_tool_key_set_url(f"{self.tool_url}/lti/jwks/")
        )

    def conf(self, **kwargs) -> _Conf:
        return _Conf(registration=self.registration(**kwargs))

    @property
    def urls(self) -> dict:
        return {
            "auth_login_url": f"{self.issuer}/auth",
            "token_url": f"{self.issuer}/token",
            "jwks_url": f"{self.issuer}/jwks",
        }

    def lineitem_url(self, name: str = "1") -> str:
        return f"{self.issuer}/courses/7/lineitems/{name}/lineitem"

    def login_initiation_url(self, *, user_id: str) -> str:
        """Step 1: the LMS sends the browser to our login initiation URL."""
        login = _Login(None, self.conf())
        login.set_lti_message_hint(hint=str(uuid.uuid4()))
        return login.initiate_login(user_id)

    def id_token_launch(
        self,
        auth_request_url: str,
        *,
        user_id: str,
        roles: list[str],
        email: str | None = None,
        custom: dict | None = None,
        lineitem: str | None = None,
        deep_link_return_url: str | None = None,
        private_key: str | None = None,
        expires_in: int = 300,
        claims: dict | None = None,
    ) -> dict:
        """Step 3: the LMS's auth endpoint answers our authentication request
        with a signed id_token (returned as the form the browser posts)."""
        auth_request = {
            key: values[0]
            for key, values in parse_qs(urlsplit(auth_request_url).query).items()
        }
        launch = _Launch(auth_request, self.conf(private_key=private_key))
        launch.set_user_data(
            user_id, roles, full_name="Ada Lovelace", email_address=email
        )
        launch.set_resource_link_claim("resource-link-1", title="Bijblijven")
        launch.set_launch_context_claim("course-7", context_title="Verslavingszorg")
        if custom:
            launch.set_custom_parameters_claim(custom)
        if lineitem:
            launch.set_ags(
                lineitems_url=f"{self.issuer}/courses/7/lineitems",
                lineitem_url=lineitem,
            )
        if deep_link_return_url:
            launch.set_dl(deep_link_return_url, title="Kies een cursus")
        launch.set_id_token_expiration(expires_in)
        if claims:
            launch.set_extra_claims(claims)
        return launch.lti_launch()
