"""YAML block dicts → raw StreamField data, and change detection."""

import json

from django.conf import settings

from courses.models import ReferralCard, SubstanceCard
from demo.loaders.media import VIDEO_SECONDS


class ContentError(ValueError):
    """Demo content that cannot be loaded; the message names the file and place."""


def _sources(items) -> dict:
    return {
        "items": [
            {
                "title": str(item.get("title", "")),
                "publisher": str(item.get("publisher") or ""),
                "url": str(item.get("url") or ""),
                "year": str(item.get("year") or ""),
            }
            for item in items
        ]
    }


def block_to_raw(block: dict, *, where: str, media: dict) -> dict:
    """One YAML block to a raw stream child ``{"type", "value"[, "id"]}``."""
    kind = block.get("type")
    match kind:
        case "heading":
            level = f"h{block.get('level', 2)}"
            value = {"text": block["text"], "level": level}
        case "text":
            value = block["html"]
        case "callout":
            value = {
                "kind": block["kind"],
                "title": block["title"],
                "text": block["html"],
            }
        case "key_facts":
            value = {"title": block.get("title", "Kernfeiten"), "facts": block["facts"]}
        case "quote":
            value = {
                "text": block["text"],
                "attribution": block.get("attribution", ""),
                "composite": bool(block.get("composite", True)),
            }
        case "accordion":
            value = {
                "items": [
                    {"title": item["title"], "text": item["html"]}
                    for item in block["items"]
                ]
            }
        case "substance_card":
            card = SubstanceCard.objects.filter(
                slug=block["card"], locale__language_code=settings.LANGUAGE_CODE
            ).first()
            if card is None:
                raise ContentError(f"{where}: unknown substance card {block['card']!r}")
            value = {"card": card.pk}
        case "fact":
            card = SubstanceCard.objects.filter(
                slug=block["card"], locale__language_code=settings.LANGUAGE_CODE
            ).first()
            if card is None:
                raise ContentError(f"{where}: unknown substance card {block['card']!r}")
            value = {
                "card": card.pk,
                "fact": block.get("fact", "legal_status"),
                "lead": block.get("lead", ""),
            }
        case "referral_card":
            card = ReferralCard.objects.filter(
                slug=block["card"], locale__language_code=settings.LANGUAGE_CODE
            ).first()
            if card is None:
                raise ContentError(f"{where}: unknown referral card {block['card']!r}")
            value = {"card": card.pk}
        case "reflection":
            # The key becomes the block id, so saved answers survive content updates.
            return {
                "type": "reflection",
                "id": block["key"],
                "value": {
                    "question": block["question"],
                    "guidance": block.get("guidance", ""),
                },
            }
        case "sources":
            value = _sources(block["items"])
        case "image":
            value = {
                # ``media: image_en`` picks the English chart.
                "image": media[block.get("media", "image")].pk,
                "alt_text": block["alt"],
                "caption": block.get("caption", ""),
            }
        case "document":
            value = {
                "document": media["document"].pk,
                "title": block["title"],
                "description": block.get("description", ""),
            }
        case "video":
            url = block["url"]
            seconds = block.get("duration_seconds")
            if url.startswith("media:"):
                url = media["video"].url
                seconds = seconds or VIDEO_SECONDS
            value = {
                "url": url,
                "title": block["title"],
                "transcript": block["transcript"],
                "duration_seconds": seconds,
            }
        case _:
            raise ContentError(f"{where}: unknown block type {kind!r}")
    return {"type": kind, "value": value}


def comparable(stream_value) -> str:
    """A stream's content without block ids (except reflection keys), for deciding
    whether a page changed."""
    raw = stream_value.stream_block.get_prep_value(stream_value)
    for child in raw:
        if child["type"] != "reflection":
            child.pop("id", None)
        _strip_list_ids(child)
    return json.dumps(raw, sort_keys=True, default=str)


def _strip_list_ids(node):
    if isinstance(node, dict):
        for value in node.values():
            _strip_list_ids(value)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict) and set(item) == {"type", "value", "id"}:
                node[index] = item["value"]
                _strip_list_ids(node[index])
            else:
                _strip_list_ids(item)
