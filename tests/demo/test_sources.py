"""Every source the demo content cites is dated and comes from its publisher
(issue 14, item 10).

Sources have two shapes in the YAML that load_demo_content reads: a mapping
``{title, publisher, url, year}`` (lesson ``sources`` blocks, substance and
referral cards) and, on questions and facts, a string ``"... (url)"``. Checked
without a database:

- every mapping has a plausible year (for an undated web page: the year it was
  consulted, which the title then says);
- no source, of either shape, points at a mirror or aggregator copy;
- a source string is dated itself or cites a URL that a dated mapping cites;
- news-site sources are counted and may not grow beyond the ones listed in
  docs/content-sources.md, where each is kept only because the report itself is
  the fact (or no primary source was found).
"""

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content"
FILES = sorted(CONTENT.rglob("*.yaml"))

# Copies of someone else's publication: cite the publisher (DOI, journal,
# official site) instead.
MIRROR_DOMAINS = (
    "vdoc.pub",
    "9pdf.net",
    "9pdf.org",
    "booksci.cn",
    "researchgate.net",
    "scribd.com",
    "policycommons.net",
    "blossomanalysis.com",
    "eudic.net",
    "medikamio.com",
    "nieuwsbank.nl",
    "docplayer.nl",
    "docplayer.net",
    "studylib.net",
    "cupdf.com",
    "doczz.net",
    "pdfslide.net",
    "5dok.org",
    "dokumen.pub",
    "academia.edu",
    "findings.org.uk",
    "ebchelp.blueprint.ai",
    "open-exam-prep.com",
)
# Preview or staging hosts of a real publisher are not the publication either.
MIRROR_HOST_PREFIXES = ("preview-", "preview.")

NEWS_DOMAINS = (
    "bd.nl",
    "destentor.nl",
    "nhnieuws.nl",
    "nos.nl",
    "nrc.nl",
    "nu.nl",
    "omroepbrabant.nl",
    "omroepgelderland.nl",
    "parool.nl",
    "politico.eu",
    "pzc.nl",
    "rozegolf.net",
    "rtvdrenthe.nl",
    "rtvoost.nl",
    "telegraaf.nl",
    "trouw.nl",
    "upday.com",
    "volkskrant.nl",
    "weblogzwolle.nl",
    "westlanders.nu",
)
# Distinct news URLs still cited; each is listed with its reason in
# docs/content-sources.md ("News sources that remain"). Lower it when one goes.
NEWS_CEILING = 11

YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
URL_RE = re.compile(r"https?://[^\s)\"']+")


def _walk(node, where: str) -> Iterator[tuple[str, object]]:
    """Yield (place, source) for every item of every ``sources``/``items`` list
    that looks like a source."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("sources", "items") and isinstance(value, list):
                for index, item in enumerate(value):
                    place = f"{where}.{key}[{index}]"
                    if isinstance(item, dict) and "url" in item and "title" in item:
                        yield place, item
                    elif key == "sources" and isinstance(item, str):
                        yield place, item
            yield from _walk(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{where}[{index}]")


def _sources() -> list[tuple[str, object]]:
    found = []
    for path in FILES:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        found.extend(_walk(data, str(path.relative_to(CONTENT))))
    return found


SOURCES = _sources()
MAPPINGS = [(place, item) for place, item in SOURCES if isinstance(item, dict)]
STRINGS = [(place, item) for place, item in SOURCES if isinstance(item, str)]


def _urls(item) -> list[str]:
    if isinstance(item, dict):
        return [str(item.get("url") or "")]
    return URL_RE.findall(item)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _on(host: str, domains) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def is_mirror(url: str) -> bool:
    host = _host(url)
    return (
        _on(host, MIRROR_DOMAINS)
        or host.startswith(MIRROR_HOST_PREFIXES)
        or any(name in host for name in ("sci-hub", "libgen"))
    )


def is_news(url: str) -> bool:
    return _on(_host(url), NEWS_DOMAINS)


def test_the_content_has_sources_of_both_shapes():
    assert len(MAPPINGS) > 200
    assert len(STRINGS) > 100


def test_every_source_mapping_has_a_year():
    undated = [
        f"{place}: {item['title']}"
        for place, item in MAPPINGS
        if not YEAR_RE.fullmatch(str(item.get("year") or "").strip())
    ]
    assert not undated, f"{len(undated)} sources without a year:\n" + "\n".join(undated)


def test_no_source_is_a_mirror_copy():
    mirrors = [
        f"{place}: {url}"
        for place, item in SOURCES
        for url in _urls(item)
        if is_mirror(url)
    ]
    assert not mirrors, "cite the publisher, not a copy:\n" + "\n".join(mirrors)


def test_every_source_string_is_dated_or_cites_a_dated_source():
    dated_urls = {
        str(item["url"]).rstrip("/")
        for _place, item in MAPPINGS
        if YEAR_RE.fullmatch(str(item.get("year") or "").strip())
    }
    undated = [
        f"{place}: {text}"
        for place, text in STRINGS
        if not YEAR_RE.search(text)
        and not any(url.rstrip("/") in dated_urls for url in _urls(text))
    ]
    assert not undated, f"{len(undated)} undated source strings:\n" + "\n".join(undated)


def test_news_sources_do_not_grow(record_property):
    news = sorted(
        {url for _place, item in SOURCES for url in _urls(item) if is_news(url)}
    )
    # Reported in the JUnit XML and, with -rP, in the terminal.
    record_property("news_sources", len(news))
    sys.stdout.write(f"\nnews-site sources remaining: {len(news)}\n")
    sys.stdout.write("".join(f"  {url}\n" for url in news))
    assert len(news) <= NEWS_CEILING, (
        f"{len(news)} news sources (ceiling {NEWS_CEILING}): replace news by a "
        "primary source, or list the new one in docs/content-sources.md and "
        "raise the ceiling:\n" + "\n".join(news)
    )


@pytest.mark.parametrize(
    ("url", "mirror"),
    [
        ("https://vdoc.pub/documents/x", True),
        ("https://m.booksci.cn/literature/1.htm", True),
        ("https://www.researchgate.net/publication/1", True),
        ("http://preview-www.nature.com/articles/x", True),
        ("https://doi.org/10.1038/s41386-024-02042-7", False),
        ("https://www.trimbos.nl/kennis/drugs/", False),
    ],
)
def test_the_mirror_check_knows_copies_from_publishers(url, mirror):
    assert is_mirror(url) is mirror


# A consulted web page names the day it was opened (issue 14, access dates), or says
# honestly that the page was not opened. "Dag niet vastgelegd" (day not recorded) was a
# stopgap until every page had been looked up; since 7 December 2026 none is left.
CONSULTED_RE = re.compile(r"\b(geraadpleegd|consulted)\b", re.IGNORECASE)
DAY_RE = re.compile(
    r"\b(geraadpleegd|consulted) (op )?\d{1,2} [A-Za-z]+ 20\d\d\b"
    r"|niet geopend|not opened",
    re.IGNORECASE,
)


def consulted_without_day(sources) -> list[str]:
    bad = []
    for place, item in sources:
        text = item["title"] if isinstance(item, dict) else item
        if CONSULTED_RE.search(text) and not DAY_RE.search(text):
            bad.append(f"{place}: {text[:90]}")
    return bad


def test_every_consulted_page_names_the_day_or_says_it_was_not_opened():
    bad = consulted_without_day(SOURCES)
    listing = "\n".join(bad[:20])
    assert not bad, f"{len(bad)} consulted sources without a day:\n{listing}"


def test_the_access_date_check_tells_a_month_from_a_day():
    month_only = [("x", {"title": "3-MMC (geraadpleegd december 2026)", "url": "u"})]
    with_day = [("x", {"title": "3-MMC (geraadpleegd 6 december 2026)", "url": "u"})]
    honest = [
        (
            "x",
            "Trimbos (niet geopend: op 7 december 2026 niet gevonden met de zoektool)",
        )
    ]
    day_unknown = [("x", "Trimbos, geraadpleegd december 2026, dag niet vastgelegd")]
    assert consulted_without_day(month_only)
    assert not consulted_without_day(with_day)
    assert not consulted_without_day(honest)
    assert consulted_without_day(day_unknown)
