"""Finding the forms a person can reach: crawl the site's HTML pages from a
few starting points and read each form's action and fields."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

# Wagtail's own admin, downloads and sign-out are not crawled; the project's admin
# views are, from the starting points given.
SKIPPED = ("/static/", "/media/", "/documenten/", "/accounts/logout/")
DOWNLOADS = (".csv", ".xlsx", ".zip", ".pdf", ".json", ".png", ".svg")


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)

    @property
    def view(self) -> str:
        try:
            return resolve(urlsplit(self.action).path).view_name
        except Resolver404:
            return self.action

    @property
    def key(self) -> tuple:
        """Forms of one view with the same fields are sent once: the 40 lessons'
        "Les afronden" forms are one form, as are the scenarios' start forms."""
        fields = tuple(sorted(self.fields))
        return self.method, self.view, fields, tuple(sorted(self.files))


class _Parser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.page, attrs["href"]))
        elif tag == "form":
            action = urljoin(self.page, attrs.get("action") or self.page)
            method = attrs.get("method", "get").lower()
            self._form = Form(page=self.page, action=action, method=method)
        elif self._form is not None:
            self._field(tag, attrs)

    def _field(self, tag, attrs):
        name = attrs.get("name")
        if tag == "option" and self._select:
            self._form.fields[self._select].append(attrs.get("value", ""))
        elif not name:
            return
        elif tag == "select":
            self._select = name
            self._form.fields.setdefault(name, [])
        elif tag == "input" and attrs.get("type") == "file":
            self._form.files.add(name)
        elif tag in ("input", "button", "textarea"):
            self._form.fields.setdefault(name, []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _local_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def forms_reachable(client, starts, *, allowed=("/",), limit=150) -> list[Form]:
    """The distinct forms (GET and POST) on the HTML pages reachable from `starts`
    within the `allowed` path prefixes, at most `limit` pages."""
    queue, seen, forms = deque(starts), set(starts), {}
    while queue and len(seen) <= limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        parser = _Parser(url)
        parser.feed(response.content.decode())
        for form in parser.forms:
            if not form.action.rstrip("/").endswith("/accounts/logout"):
                forms.setdefault(form.key, form)
        for link in parser.links:
            path = _local_path(link)
            if (
                path
                and path not in seen
                and path.startswith(allowed)
                and not path.startswith(SKIPPED)
                and not path.split("?")[0].endswith(DOWNLOADS)
            ):
                seen.add(path)
                queue.append(path)
    return list(forms.values())
