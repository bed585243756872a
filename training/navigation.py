"""Whether a GET is the person's own navigation, not a request another site made
their browser send (an <img> pointing at a lesson). State that a GET may change
(where to resume a course, what an employer sees as 'bezig') changes only then."""

from urllib.parse import urlsplit

from django.http import HttpRequest

OWN_FETCH_SITES = {"same-origin", "none"}  # "none": typed, bookmarked, a new tab


def is_own_navigation(request: HttpRequest) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        fetch_dest = request.headers.get("Sec-Fetch-Dest", "document")
        return fetch_site in OWN_FETCH_SITES and fetch_dest in {"document", "empty"}
    # Browsers without Fetch Metadata: judge by the Referer when there is one.
    referer = request.headers.get("Referer")
    return not referer or urlsplit(referer).netloc == request.get_host()
