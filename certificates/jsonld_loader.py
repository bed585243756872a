"""A JSON-LD document loader that serves only the contexts bundled in this package.

Signing and verifying Open Badges credentials canonicalises JSON-LD, and canonical
JSON-LD depends on every context it names. Fetching those at run time would make a
signature depend on the network and on whoever serves the URL, so this loader answers
from `certificates/contexts/` (listed in `contexts/index.json`, with their origin in
`contexts/README.md`) and raises `UnknownContextError` for any other URL.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from pyld.jsonld import JsonLdError

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"


class UnknownContextError(JsonLdError):
    """A document named a JSON-LD context that is not bundled."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"JSON-LD context {url!r} is not bundled in certificates/contexts/ and "
            "is never fetched; add the file and a line to contexts/index.json.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading document failed",
        )
        self.url = url


@cache
def _contexts() -> dict[str, Any]:
    index = json.loads((CONTEXTS_DIR / "index.json").read_text(encoding="utf-8"))
    return {
        url: json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))
        for url, name in index.items()
    }


def bundled_context_urls() -> frozenset[str]:
    """The context URLs this loader can serve."""
    return frozenset(_contexts())


def load_document(url: str, options: dict | None = None) -> dict[str, Any]:
    """pyld `documentLoader`: return the bundled context for `url` or raise."""
    try:
        document = _contexts()[url]
    except KeyError:
        raise UnknownContextError(url) from None
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        # a copy, so that nothing pyld does can change the cached context
        "document": copy.deepcopy(document),
    }
