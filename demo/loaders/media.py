"""A generated image and document for the demo lesson that shows every block."""

import io
from pathlib import Path

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image

from courses.roles import course_collection_ensure

# The QuickScan gives the order in which routes of use were mentioned, not how
# often: the chart shows ranks with bars of equal length (a new title, so a demo
# database with the earlier shrinking bars gets the new image).
IMAGE_TITLE = "Demo: gebruikswijzen van 3-MMC, in volgorde"
IMAGE_EN_TITLE = "Demo: routes of use of 3-MMC, in order"
DOCUMENT_TITLE = "Demo: gesprekskaart drugsgebruik bespreekbaar maken"
DOCUMENT_TEXT = """Gesprekskaart: drugsgebruik bespreekbaar maken (Bijblijven, demo)

1. Vraag toestemming: "Mag ik iets vragen over middelengebruik?"
2. Stel open vragen: "Wat gebruik je zoal, en wat levert het je op?"
3. Vat samen in de woorden van de ander.
4. Geef informatie met toestemming: "Wil je weten wat wij zien bij 3-MMC?"
5. Spreek een vervolg af en noem waar iemand terecht kan.

Deze kaart hoort bij de cursussen van Bijblijven. Bronnen: zie de lessen.
"""
ROUTES = ["snuiven", "slikken (bommetje)", "anaal", "roken", "injecteren"]
ROUTES_HEADING = "Gebruikswijzen in volgorde van noemen (geen aantallen)"
ROUTES_EN = [
    "snorting",
    "swallowing (bomb)",
    "anal (booty bump)",
    "smoking",
    "injecting",
]
ROUTES_EN_HEADING = "Routes of use in the order mentioned (no figures)"


def _route_image(heading: str = ROUTES_HEADING, routes: list[str] = ROUTES) -> bytes:
    """Routes of use from most to least mentioned (QuickScan order). Every bar
    has the same length and carries its rank: the QuickScan gives an order, not
    proportions, so the picture must not suggest any."""
    image = PILImage.new("RGB", (800, 360), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 15), heading, fill="black")
    for index, route in enumerate(routes):
        top = 60 + index * 58
        draw.rectangle((20, top, 620, top + 40), fill="#0b4f6c")
        draw.text((30, top + 14), f"{index + 1}. {route}", fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# A new title makes an existing demo database take the re-rendered video (captions
# in the je-form since issue 14); the old document stays unused.
VIDEO_TITLE = "Demo: zo werkt Bijblijven (video, je-vorm)"
# Running time of the demo video (its WebM header says 15000 ms), for the
# computed study time of the lessons that show it.
VIDEO_SECONDS = 15
VIDEO_FILE = (
    Path(__file__).resolve().parent.parent
    / "content"
    / "media"
    / ("zo-werkt-bijblijven.webm")
)


def _in_course_collection(obj, collection):
    """Trainers edit and choose what is in the course collection."""
    if collection is not None and obj.collection_id != collection.pk:
        obj.collection = collection
        obj.save(update_fields=["collection"])
    return obj


def demo_media_ensure() -> dict:
    collection = course_collection_ensure()
    image = Image.objects.filter(title=IMAGE_TITLE).first()
    if image is None:
        image = Image(title=IMAGE_TITLE)
        image.file = ImageFile(io.BytesIO(_route_image()), name="gebruikswijzen.png")
        image.save()
    image_en = Image.objects.filter(title=IMAGE_EN_TITLE).first()
    if image_en is None:
        image_en = Image(title=IMAGE_EN_TITLE)
        image_en.file = ImageFile(
            io.BytesIO(_route_image(ROUTES_EN_HEADING, ROUTES_EN)),
            name="routes-of-use.png",
        )
        image_en.save()
    document = Document.objects.filter(title=DOCUMENT_TITLE).first()
    if document is None:
        document = Document(title=DOCUMENT_TITLE)
        document.file = SimpleUploadedFile(
            "gesprekskaart.txt", DOCUMENT_TEXT.encode(), content_type="text/plain"
        )
        document.save()
    video = Document.objects.filter(title=VIDEO_TITLE).first()
    if video is None:
        video = Document(title=VIDEO_TITLE)
        video.file = SimpleUploadedFile(
            VIDEO_FILE.name, VIDEO_FILE.read_bytes(), content_type="video/webm"
        )
        video.save()
    return {
        name: _in_course_collection(obj, collection)
        for name, obj in (
            ("image", image),
            ("image_en", image_en),
            ("document", document),
            ("video", video),
        )
    }
