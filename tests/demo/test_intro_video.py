"""The captions burned into the intro video say "je", and the video is the one
rendered from the recorded caption text (issue 14, minor list: the intro said "u").

The test cannot read pixels without a video decoder, so the caption text is kept
beside the video with the video's sha256: changing either without the other fails.
"""

import hashlib
import re
from pathlib import Path

import yaml

MEDIA = Path(__file__).resolve().parents[2] / "demo" / "content" / "media"
VIDEO = MEDIA / "zo-werkt-bijblijven.webm"
CAPTIONS = MEDIA / "zo-werkt-bijblijven.captions.txt"
COURSE = MEDIA.parent / "courses" / "01-3-mmc-en-nps.yaml"
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)


def _captions() -> tuple[str, list[tuple[str, str]]]:
    digest, slides = "", []
    for line in CAPTIONS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("sha256:"):
            digest = line.split(":", 1)[1].strip()
            continue
        title, subtitle = (part.strip() for part in line.split("|", 1))
        slides.append((title, subtitle))
    return digest, slides


def _words(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"^\d+\.\s*", "", text)
    return " ".join(re.findall(r"[\w'-]+", text.lower()))


def _transcript() -> str:
    course = yaml.safe_load(COURSE.read_text(encoding="utf-8"))
    for module in course["modules"]:
        for lesson in module.get("lessons") or []:
            for block in lesson.get("body") or []:
                if block.get("type") == "video" and "zo-werkt" in block["url"]:
                    return block["transcript"]
    raise AssertionError("intro video block not found in course 1")


def test_the_video_is_the_one_rendered_from_the_recorded_captions():
    digest, _ = _captions()
    assert hashlib.sha256(VIDEO.read_bytes()).hexdigest() == digest


def test_the_captions_in_the_picture_use_je():
    _, slides = _captions()
    assert len(slides) == 5
    for title, subtitle in slides:
        assert not FORMAL.search(title), title
        assert not FORMAL.search(subtitle), subtitle


def test_the_transcript_says_what_the_picture_says():
    transcript = _words(_transcript())
    for title, subtitle in _captions()[1]:
        assert _words(title) in transcript, title
        assert _words(subtitle) in transcript, subtitle
