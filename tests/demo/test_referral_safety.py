"""Issue 14 items 4 and 9, checked on the YAML that load_demo_content reads: the safety
module of course 2 (four dangerous combinations, red flags, GHB first aid, the NVIC for
professionals), course 5's size, the national referral cards with a source and a
review-by date, and no telephone number in the content that nobody verified."""

import re
from io import StringIO
from pathlib import Path

import pytest
import yaml

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content"

# Every number the demo content may print, with the primary source that states it
# (checked December 2026; see docs/content-sources.md). A new number needs a source
# here.
VERIFIED_NUMBERS = {
    "112": "Rode Kruis, Overdosis drugs of medicijnen: https://www.rodekruis.nl/ehbo/overdosis-drugs-of-medicijnen/",
    "113": "113 Zelfmoordpreventie: https://www.113.nl/schoolopdracht",
    "08000113": "113 Zelfmoordpreventie (ANP via upday, 2025): https://www.upday.com/nl/"
    "binnenland/nummer-113-nu-gratis-betere-hulp-bij-zelfdodingsgedachten/pj8neqt",
    "08000188": "Centrum Seksueel Geweld; GGD Fryslân 2022: https://www.ggdfryslan.nl/over-ggd/nieuws/centrum-seksueel-geweld-start-landelijke-campagne/",
    "08002000": "Veilig Thuis Noord- en Midden-Limburg: https://www.veiligthuisnml.nl/veel-gestelde-vragen/",
    "09000101": "Slachtofferhulp Nederland: https://www.slachtofferhulp.nl/professionals/een-slachtoffer-doorverwijzen/doorverwijzen-naar-slachtofferhulp/",
}

NATIONAL_CARDS = {
    "113-zelfmoordpreventie",
    "nvic-professionals",
    "centrum-seksueel-geweld",
    "veilig-thuis",
    "ggd-pep-route",
    "soa-aids-nederland",
}

URL = re.compile(r'(?:href|src)="[^"]*"|https?://\S+|doi:\S+')
# A Dutch number starting with 0 (0800-0188, 088-505 1220, 0900 0101) anywhere, and any
# number right after a word for calling ("bel 113", "Telefoon: 112").
LONG_NUMBER = re.compile(r"(?<![\w.-])0\d{1,3}(?:[ -]?\d{2,4}){1,3}(?![\w-])")
CALLED_NUMBER = re.compile(
    r"(?i)\b(?:bel(?:t|len)?|call|telefoon|phone|nummer|number)\b:?\s*"
    r"(?:<strong>\s*)?(?:gratis\s+|free\s+)?(?:<strong>\s*)?(\d[\d -]*\d)"
)


def load(path: Path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def printed_numbers(text: str) -> set[str]:
    text = URL.sub(" ", text)
    found = {match.group(0) for match in LONG_NUMBER.finditer(text)}
    found |= {match.group(1) for match in CALLED_NUMBER.finditer(text)}
    return {re.sub(r"\D", "", number) for number in found}


def course_data(prefix: str) -> dict:
    (path,) = (CONTENT / "courses").glob(f"{prefix}-*.yaml")
    return load(path)


def module_text(module: dict) -> str:
    return " ".join(strings(module["lessons"])).lower()


def test_course_five_has_three_modules_and_eight_lessons():
    data = course_data("05")
    assert len(data["modules"]) >= 3
    assert sum(len(module["lessons"]) for module in data["modules"]) >= 8


def test_course_two_has_a_safety_module_with_the_four_dangerous_combinations():
    modules = {m["slug"]: m for m in course_data("02")["modules"]}
    text = module_text(modules["veilig-gebruiken-en-spoed"])
    expected = [
        *("poppers", "sildenafil"),
        *("mao-remmer", "ssri", "serotoninesyndroom"),
        *("ghb", "alcohol", "benzodiazepinen"),
        *("ritonavir", "cobicistat"),
        # red flags for the emergency department, GHB first aid, the NVIC
        *("bel 112", "niet wakker", "insult"),
        *("stabiele zijligging", "nooit alleen"),
        *("nvic", "niet voor het publiek"),
    ]
    assert [word for word in expected if word not in text] == []
    cards = {
        block["card"]
        for lesson in modules["veilig-gebruiken-en-spoed"]["lessons"]
        for block in lesson["body"]
        if block["type"] == "referral_card"
    }
    assert "nvic-professionals" in cards


def test_course_one_links_to_the_safety_module_in_both_languages():
    data = course_data("02")
    module = next(
        m for m in data["modules"] if m["slug"] == "veilig-gebruiken-en-spoed"
    )
    first = module["lessons"][0]["slug"]
    target = f'href="/cursussen/{data["slug"]}/{module["slug"]}/{first}/"'
    for path in (
        CONTENT / "courses" / "01-3-mmc-en-nps.yaml",
        CONTENT / "courses" / "en" / "01-3-mmc-en-nps.yaml",
    ):
        lessons = {
            lesson["slug"]: lesson
            for module in load(path)["modules"]
            for lesson in module["lessons"]
        }
        assert target in " ".join(strings(lessons["combigebruik"]["body"])), path.name


def test_every_referral_card_has_a_source_and_a_review_by_date():
    cards = load(CONTENT / "referrals.yaml")
    assert NATIONAL_CARDS <= {card["slug"] for card in cards}
    for card in cards:
        assert card["review_by"], card["slug"]
        assert card["sources"], card["slug"]
        assert all(source.get("title") for source in card["sources"]), card["slug"]
    for card in cards:
        if card["slug"] in NATIONAL_CARDS:
            assert any(source.get("year") for source in card["sources"]), card["slug"]


def test_every_lesson_added_for_issue_14_cites_its_sources_with_a_year():
    new = {
        ("02", "veilig-gebruiken-en-spoed"),
        ("05", "crisis-geweld-en-spoed"),
    }
    for prefix, slug in new:
        module = next(m for m in course_data(prefix)["modules"] if m["slug"] == slug)
        for lesson in module["lessons"]:
            sources = [b for b in lesson["body"] if b["type"] == "sources"]
            items = [item for block in sources for item in block["items"]]
            assert items, lesson["slug"]
            assert all(item.get("year") for item in items), lesson["slug"]


def test_regional_cards_without_a_verified_intake_route_say_so_and_are_flagged():
    for card in load(CONTENT / "referrals.yaml"):
        if "nog controleren" in card["contact"] or "nog invullen" in card["contact"]:
            assert card["needs_check"] is True, card["slug"]
        if card["needs_check"] is False:
            assert "nog controleren" not in card["contact"], card["slug"]


def test_no_phone_number_is_printed_that_is_not_verified():
    files = sorted(CONTENT.rglob("*.yaml"))
    assert len(files) > 5
    unverified = {}
    for path in files:
        for text in strings(load(path)):
            for number in printed_numbers(text) - set(VERIFIED_NUMBERS):
                unverified.setdefault(number, path.name)
    assert not unverified


def test_the_number_check_finds_numbers_in_the_shapes_content_uses():
    text = (
        "Bel <strong>0800-0188</strong>, of 088-505 1220, of bel gratis 113; "
        "Telefoon: <strong>0900-0101</strong>. "
        '<a href="https://example.org/024-02042">doi</a> https://x.org/0216732'
    )
    assert printed_numbers(text) == {"08000188", "0885051220", "113", "09000101"}


@pytest.mark.django_db
def test_a_module_added_to_an_existing_demo_keeps_its_place_in_the_course():
    from django.core.management import call_command

    from courses.models import CoursePage, ModulePage

    call_command("load_demo_content", stdout=StringIO())
    course = CoursePage.objects.get(
        slug="seksuele-gezondheid-chemsex", locale__language_code="nl"
    )
    wanted = [m["slug"] for m in course_data("02")["modules"]]
    # As on a database loaded before the module existed: it was added last.
    module = ModulePage.objects.child_of(course).get(slug="veilig-gebruiken-en-spoed")
    module.move(course, pos="last-child")
    assert [p.slug for p in ModulePage.objects.child_of(course)] != wanted

    call_command("load_demo_content", stdout=StringIO())
    assert [p.slug for p in ModulePage.objects.child_of(course)] == wanted
