"""How a view that has checked permission hands over a private file (a document
in a restricted collection, a certificate PDF, an export): Wagtail's document
view calls this as its ``SENDFILE_BACKEND``, our download views through
``private_file_response``.

``MEDIA_SENDFILE`` chooses who sends the bytes: "" streams them from Django;
"x-accel-redirect" (nginx) and "x-sendfile" (Apache, lighttpd) let the proxy
send them from a location only it can reach (docs/deployment.md). The proxy
never serves these files under /media/ itself: only images are public there."""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from wagtail.utils import sendfile_streaming_backend
from wagtail.utils.sendfile import sendfile as wagtail_sendfile

NO_STORE = "private, no-store"


def sendfile(request, filename, **kwargs) -> HttpResponse:
    method = settings.MEDIA_SENDFILE
    if method == "x-accel-redirect":
        response = HttpResponse()
        response["X-Accel-Redirect"] = _internal_url(filename)
        return response
    if method == "x-sendfile":
        response = HttpResponse()
        response["X-Sendfile"] = str(Path(filename).resolve())
        return response
    return sendfile_streaming_backend.sendfile(request, filename, **kwargs)


def _internal_url(filename) -> str:
    """The proxy's internal location for a file below MEDIA_ROOT."""
    relative = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    return settings.MEDIA_SENDFILE_URL.rstrip("/") + "/" + quote(relative.as_posix())


def private_file_response(
    request, file, *, filename: str, content_type: str
) -> HttpResponse:
    """A download of ``file`` (a stored FieldFile) that no cache keeps."""
    try:
        path = file.path
    except NotImplementedError:  # a storage without local paths
        response = FileResponse(
            file.open("rb"),
            as_attachment=True,
            filename=filename,
            content_type=content_type,
        )
    else:
        response = wagtail_sendfile(
            request,
            path,
            attachment=True,
            attachment_filename=filename,
            mimetype=content_type,
            backend=sendfile,
        )
    response["Cache-Control"] = NO_STORE
    return response
