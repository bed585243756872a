"""A learner adds their BIG number and consents to points being registered, from
the account menu, without JavaScript being needed: a wrong number is refused with
a message, the right one is saved; axe-core checks each state of the page."""

from playwright.sync_api import expect

from registers.models import RegisterNumber
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.users import UserFactory


def test_learner_adds_big_number_and_consents(page, site):
    learner = UserFactory(first_name="Sanne", last_name="de Vries")
    log_in(page, learner)
    with page.expect_navigation():
        page.get_by_role("link", name="Mijn account").click()
    with page.expect_navigation():
        page.get_by_role("navigation", name="Mijn account").get_by_role(
            "link", name="Registratienummers"
        ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registratienummers")
    assert_no_axe_violations(page)

    page.get_by_role("combobox", name="Register").select_option("gaia")
    page.get_by_role("textbox", name="Nummer").fill("1901234567")
    page.get_by_label("Bijblijven mag mijn behaalde accreditatiepunten").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Een BIG-nummer heeft precies 11 cijfers; je typte er 10."
    )
    assert not RegisterNumber.objects.exists()
    assert_no_axe_violations(page)

    page.get_by_role("textbox", name="Nummer").fill("190 1234 5678")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Je nummer voor GAIA")).to_be_visible()
    row = page.get_by_role("row", name="GAIA")
    expect(row).to_contain_text("19012345678")
    expect(row).to_contain_text("Ja")
    assert_no_axe_violations(page)
    entry = RegisterNumber.objects.get(user=learner)
    assert (entry.register.code, entry.number, entry.consent_to_register) == (
        "gaia",
        "19012345678",
        True,
    )
