"""Shared browser-test steps: signing in and operating pages with the keyboard."""

from playwright.sync_api import expect

from tests.factories.users import TEST_PASSWORD

MAX_TABS = 60


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def focused(page) -> dict:
    """What has keyboard focus: id, tag, type, visible text (or value), label."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const label = el.labels && el.labels[0] ? el.labels[0].innerText : "";
            return {id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "",
                    text: (el.innerText || el.value || "").trim(),
                    label: label.trim()};
        }"""
    )


def tab_to(page, matches) -> dict:
    """Press Tab until the focused element matches; fail if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if matches(element):
            return element
    raise AssertionError(f"never reached by Tab; last focus {focused(page)}")


def press_button(page, text: str) -> None:
    """Tab to the button with this text and press Enter; waits for the new page."""
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
