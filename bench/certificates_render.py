"""Median warm render time of a certificate PDF, against a plain WeasyPrint baseline.

One run renders what issuing renders: the QR code (segno), the HTML, and a PDF/A-3b
with the signed Open Badges credential embedded (`certificates.pdf.render_pdf`). The
baseline, measured in the same process, is a plain WeasyPrint render of a trivial
one-page HTML (no PDF/A, no shared font configuration); a second reference is a plain
WeasyPrint render of the same certificate HTML without QR code, PDF/A or attachment.
Runs interleave, so a busy machine slows all figures alike and the ratios stay
comparable. Also prints the median time to sign a credential (eddsa-rdfc-2022), the
other per-certificate cost of issuing.

    python bench/certificates_render.py [--runs 50]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from certificates import openbadges
from certificates.pdf import Attachment, render_pdf, render_plain
from certificates.qr import qr_png_data_uri

WARMUP = 3
VERIFY_URL = "https://bijblijven.example/verify/K7QF-3M9X-WT2P-8HDA/"
BASELINE_HTML = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
    "<title>Certificaat</title></head><body><h1>Certificaat</h1>"
    "<p>Jan de Vries</p></body></html>"
)
CERTIFICATE_HTML = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Certificaat</title>
<style>
  main {{ border: 2mm solid #154273; padding: 15mm; height: 230mm; }}
  h1 {{ font-size: 26pt; color: #154273; }}
  .qr {{ width: 35mm; height: 35mm; }}
</style></head>
<body><main>
  <h1>Certificaat</h1>
  <p>Hierbij verklaren wij dat <strong>{holder}</strong> de nascholing
  <strong>{course}</strong> met goed gevolg heeft afgerond.</p>
  <p>Geldig tot en met {until}. Accreditatie: Kwaliteitsregister V&amp;VN, 4 punten.</p>
  <img class="qr" src="{qr}" alt="QR-code naar de verificatiepagina">
  <p>Controleer dit certificaat op {url}</p>
</main></body></html>
"""


def _medians_ms(functions: dict, runs: int) -> dict[str, float]:
    """Median time of each function; runs interleave so that load hits all alike."""
    for function in functions.values():
        for _ in range(WARMUP):
            function()
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def _credential() -> tuple[dict, str]:
    secret, _public = openbadges.generate_key()
    now = datetime.now(UTC)
    credential = openbadges.build_credential(
        credential_id="urn:uuid:3f1c7d2e-8a44-4c1e-9d0b-5b6f0e2a9c11",
        issuer={
            "id": "https://bijblijven.example/openbadges/issuer",
            "name": "Bijblijven",
            "url": "https://bijblijven.example/",
        },
        subject_id=openbadges.subject_identifier(
            email="jan.devries@example.nl", salt="bench"
        ),
        achievement={
            "id": "https://bijblijven.example/cursussen/ghb/",
            "name": "GHB-intoxicatie herkennen en handelen",
            "description": "Nascholing voor verpleegkundigen.",
            "criteria_narrative": "Alle modules afgerond en de toets gehaald.",
        },
        valid_from=now,
        valid_until=now + timedelta(days=730),
        name="Certificaat GHB-intoxicatie herkennen en handelen",
    )
    return credential, secret


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs

    credential, secret = _credential()

    def sign() -> dict:
        return openbadges.sign(
            credential=credential,
            secret_multibase=secret,
            verification_method="https://bijblijven.example/openbadges/issuer/keys/1",
            created=datetime.now(UTC),
        )

    signed_bytes = json.dumps(sign(), ensure_ascii=False, indent=2).encode()

    def html(qr: str) -> str:
        return CERTIFICATE_HTML.format(
            holder=escape("Jan de Vries-Özdemir"),
            course=escape("GHB-intoxicatie herkennen en handelen"),
            until="28 februari 2027",
            qr=qr,
            url=escape(VERIFY_URL),
        )

    plain_html = html("")

    def certificate() -> bytes:
        return render_pdf(
            html=html(qr_png_data_uri(VERIFY_URL)),
            base_url=None,
            title="Certificaat GHB-intoxicatie herkennen en handelen",
            lang="nl-NL",
            attachments=[
                Attachment(
                    filename="credential.json",
                    content=signed_bytes,
                    description="Open Badges 3.0 credential",
                )
            ],
        )

    medians = _medians_ms(
        {
            "certificate": certificate,
            "baseline": lambda: render_plain(html=BASELINE_HTML),
            "plain certificate": lambda: render_plain(html=plain_html),
            "sign": sign,
        },
        runs,
    )
    certificate_ms, baseline_ms = medians["certificate"], medians["baseline"]

    print(f"runs: {runs} each, interleaved, after {WARMUP} warm-up runs")
    print(
        "certificate render (QR + PDF/A-3b + embedded credential), median: "
        f"{certificate_ms:.1f} ms (target < 30 ms)"
    )
    print(
        "baseline (plain WeasyPrint render of a one-page HTML), median: "
        f"{baseline_ms:.1f} ms"
    )
    print(f"ratio certificate / baseline: {certificate_ms / baseline_ms:.2f}")
    plain_ms = medians["plain certificate"]
    print(
        "plain WeasyPrint render of the same certificate HTML (no QR, PDF/A, "
        f"attachment, caches), median: {plain_ms:.1f} ms; "
        f"ratio certificate / plain certificate: {certificate_ms / plain_ms:.2f}"
    )
    print(f"signing one credential (eddsa-rdfc-2022), median: {medians['sign']:.1f} ms")


if __name__ == "__main__":
    main()
