"""Private files are handed out only by views that check permission: a document
in a login-only collection through Wagtail's document view (it was downloadable
without login under /media/), certificate PDFs and exports through their own
views, never cached. /media/ serves images only, in DEBUG as behind the proxy."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import clear_url_caches
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
SECRET = b"Alleen voor wie is ingelogd."


@pytest.fixture
def private_document():
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Alleen na inloggen")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model()(title="Intern", collection=collection)
    document.file.save("intern.txt", ContentFile(SECRET), save=True)
    yield document
    document.file.delete(save=False)


@pytest.fixture
def debug_urls(settings):
    """The URLconf as DEBUG builds it (training/urls.py adds media there)."""
    import training.urls

    settings.DEBUG = True
    importlib.reload(training.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(training.urls)
    clear_url_caches()


def _content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_login_only_document_redirects_to_login_when_anonymous(
    client, private_document
):
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert SECRET not in _content(response)


def test_login_only_document_downloads_when_signed_in(client, private_document):
    client.force_login(UserFactory())
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert _content(response) == SECRET


def test_document_url_goes_through_the_view_when_storage_has_urls(private_document):
    assert private_document.url.startswith("/documenten/")


def test_media_serves_no_document_when_debug(debug_urls, private_document):
    path = f"/media/{private_document.file.name}"
    assert private_document.file.name.startswith("documents/")
    assert Client().get(path).status_code == 404


def test_media_serves_images_when_debug(debug_urls, settings):
    folder = settings.MEDIA_ROOT / "images"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "openbaar.txt").write_bytes(b"openbaar")
    try:
        response = Client().get("/media/images/openbaar.txt")
        assert response.status_code == 200
        assert _content(response) == b"openbaar"
    finally:
        (folder / "openbaar.txt").unlink()


def test_proxy_sends_the_document_when_x_accel_redirect_is_set(
    client, private_document, settings
):
    settings.MEDIA_SENDFILE = "x-accel-redirect"
    client.force_login(UserFactory())
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == (
        f"/_media_privaat/{private_document.file.name}"
    )
    assert _content(response) == b""
    assert client.logout() is None
    assert Client().get(private_document.url).status_code == 302


def test_proxy_sends_the_document_when_x_sendfile_is_set(
    client, private_document, settings
):
    settings.MEDIA_SENDFILE = "x-sendfile"
    client.force_login(UserFactory())
    response = client.get(private_document.url)
    assert response["X-Sendfile"] == private_document.file.path
    assert _content(response) == b""
