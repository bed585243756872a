"""An organisation administrator makes an API key on the site: it is shown
once, works against the API, and is revoked from the same page; the page and
the API documentation pass axe-core under the site's Content-Security-Policy."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.factories.organisations import OrganisationFactory, manager_create


def test_administrator_makes_uses_and_revokes_a_key(page, live_server, site):
    organisation = OrganisationFactory(name="Huisartsenpraktijk De Linde")
    admin = manager_create(organisation, first_name="Petra", last_name="Jansen")

    log_in(page, admin)
    page.goto(f"/organisatie/{organisation.pk}/dashboard/")
    with page.expect_navigation():
        page.get_by_role("link", name="API-sleutels", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-sleutels")
    assert_no_axe_violations(page)

    page.get_by_label("Naam").fill("AFAS")
    page.get_by_label("Lezen en lidmaatschappen bijwerken").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Sleutel maken").click()
    key = page.get_by_label("Sleutel", exact=True).input_value()
    assert key.startswith("bbk_")
    assert_no_axe_violations(page)

    answer = page.request.get(
        "/api/v1/people", headers={"Authorization": f"Bearer {key}"}
    )
    assert answer.status == 200
    assert [p["email"] for p in answer.json()["items"]] == [admin.email]

    page.reload()  # the key is shown once; no second key is made
    expect(page.get_by_role("row")).to_have_count(2)
    expect(page.get_by_label("Sleutel", exact=True)).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("button", name="Intrekken").click()
    expect(page.get_by_text("Sleutel AFAS is ingetrokken.")).to_be_visible()
    refused = page.request.get(
        "/api/v1/people", headers={"Authorization": f"Bearer {key}"}
    )
    assert refused.status == 401
    assert refused.headers["content-type"] == "application/problem+json"

    page.goto("/api/v1/docs/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("HR-API")
    assert_no_axe_violations(page)
