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

IMAGE_TITLE = "Demo: gebruikswijzen van 3-MMC"
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


def _route_image() -> bytes:
    """A plain bar diagram: routes of use from most to least mentioned (QuickScan
    order, no figures: the QuickScan gives an order, not proportions)."""
    image = PILImage.new("RGB", (800, 360), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 15), "Gebruikswijzen, van vaak tot zelden genoemd", fill="black")
    for index, route in enumerate(ROUTES):
        top = 60 + index * 58
        width = 620 - index * 110
        draw.rectangle((20, top, 20 + width, top + 40), fill="#0b4f6c")
        draw.text((30, top + 14), route, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


VIDEO_TITLE = "Demo: zo werkt Bijblijven (video)"
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
        for name, obj in (("image", image), ("document", document), ("video", video))
    }
