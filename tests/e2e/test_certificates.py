"""A learner completes a course, downloads the certificate PDF, follows the
verification URL printed in it and sees "geldig"; axe-core checks every page."""

import json
import re
import subprocess
from pathlib import Path

from playwright.sync_api import expect

from certificates.models import Certificate
from tests.certificates.test_pdf import _tool
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.keyboard import log_in
from tests.e2e.test_learning import press_button_by_keyboard
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory


def _pdf_text(path) -> str:
    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("pdftotext", "poppler-utils"), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _qr_url(pdf_path, tmp_path) -> str:
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            _tool("pdftoppm", "poppler-utils"),
            "-r",
            "150",
            "-png",
            str(pdf_path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (image,) = tmp_path.glob("p*.png")
    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("zbarimg", "zbar-tools"), "-q", "--raw", str(image)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_learner_completes_course_downloads_pdf_and_verifies_it_when_done(
    page, site, live_server, settings, tmp_path
):
    settings.SITE_BASE_URL = ""  # links follow the live server, on its own port
    tree = course_tree_create(
        site, title="GHB-intoxicatie herkennen", slug="ghb", modules=1
    )
    learner = UserFactory(first_name="Sanne", last_name="de Vries")
    log_in(page, learner)

    page.goto(tree.course.url)
    press_button_by_keyboard(page, "Inschrijven voor deze cursus")
    for _lesson in tree.lessons[:-1]:
        press_button_by_keyboard(page, "Les afronden en verder")
    press_button_by_keyboard(page, "Les afronden")
    expect(page.get_by_text("Je hebt deze cursus afgerond.")).to_be_visible()
    assert Certificate.objects.filter(user=learner).count() == 1

    page.goto("/mijn-leeromgeving/")
    expect(page.get_by_role("heading", name="Certificaten", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download PDF")).click()
    pdf_path = tmp_path / "certificaat.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    text = _pdf_text(pdf_path)
    assert "Sanne de Vries" in text
    assert "GHB-intoxicatie herkennen" in text

    url = _qr_url(pdf_path, tmp_path)
    assert re.fullmatch(rf"{re.escape(live_server.url)}/verify/[0-9A-Z-]+/", url)
    assert url in text
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificaat controleren")
    expect(page.locator(".bb-status")).to_have_text("geldig")
    expect(page.get_by_text("Sanne de Vries")).to_be_visible()
    assert learner.email not in page.content()
    assert_no_axe_violations(page)

    page.goto("/verify/")
    page.get_by_label("Certificaatcode").fill("ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    press_button_by_keyboard(page, "Controleren")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Certificaat niet gevonden"
    )
    assert_no_axe_violations(page)

    page.goto("/certificaten/")
    expect(
        page.get_by_role("cell", name="GHB-intoxicatie herkennen", exact=True)
    ).to_be_visible()
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Mijn gegevens").click()
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download mijn gegevens (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert [c["cursus"] for c in data["gegevens"]["certificaten"]] == [
        "GHB-intoxicatie herkennen"
    ]
