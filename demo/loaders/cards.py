"""Topics, substance cards and referral cards from YAML."""

import copy
import datetime
import functools
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from wagtail.models import Locale

from courses.models import ReferralCard, SubstanceCard, Topic
from demo.loaders.streams import _sources

CONTENT = Path(__file__).resolve().parent.parent / "content"


# libyaml's parser when PyYAML was built with it: the demo content parses ~10x
# faster, which keeps a second `make run` quick.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, modified: float):
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)  # noqa: S506 - a safe loader


def read_yaml(path: Path):
    """The parsed file; a fresh copy each call, so callers may change it."""
    return copy.deepcopy(_parsed(path, path.stat().st_mtime))


def _as_date(value) -> datetime.date:
    return (
        value
        if isinstance(value, datetime.date)
        else datetime.date.fromisoformat(str(value))
    )


@transaction.atomic
def topics_load() -> int:
    count = 0
    locale = Locale.get_default()
    for row in read_yaml(CONTENT / "topics.yaml"):
        Topic.objects.update_or_create(
            slug=row["slug"],
            locale=locale,
            defaults={"name": row["name"], "description": row.get("description", "")},
        )
        count += 1
    return count


def _save_card(model, slug: str, fields: dict, sources) -> bool:
    """Create or update a card; publishes a new revision only when it changed."""
    card = model.objects.filter(
        slug=slug, locale__language_code=settings.LANGUAGE_CODE
    ).first()
    created = card is None
    card = card or model(slug=slug)
    changed = created
    for name, value in fields.items():
        if getattr(card, name) != value:
            setattr(card, name, value)
            changed = True
    new_sources = [("source", item) for item in _sources(sources)["items"]]
    old_sources = [dict(block.value) for block in card.sources] if not created else []
    if old_sources != [item for _t, item in new_sources]:
        card.sources = new_sources
        changed = True
    if changed:
        card.full_clean()
        card.live = True
        card.save()
        card.save_revision().publish()
    return changed


def _opium_act(data: dict) -> dict:
    """The card's structured legal status: the one place the demo states it."""
    since = data.get("since")
    return {
        "opium_act_list": str(data.get("list") or ""),
        "opium_act_since": _as_date(since) if since else None,
        "legal_reference": data.get("reference") or "",
        "legal_reference_url": data.get("url") or "",
        "legal_checked_by": data.get("checked_by") or "",
    }


@transaction.atomic
def substance_cards_load() -> int:
    changed = 0
    for row in read_yaml(CONTENT / "substances.yaml"):
        fields = {
            "name": row["name"],
            "street_names": ", ".join(row.get("street_names") or []),
            "substance_class": row.get("substance_class", ""),
            "effects": row["effects"],
            "risks": row["risks"],
            "combinations": row.get("combinations", ""),
            "routes": row.get("routes", ""),
            "legal_status": row.get("legal_status", ""),
            "legal_status_checked": _as_date(row["legal_status_checked"]),
            **_opium_act(row.get("opium_act") or {}),
            "harm_reduction": row["harm_reduction"],
            "content_owner": row.get("owner", "Redactie Bijblijven"),
            "review_by": _as_date(row["review_by"]),
        }
        changed += _save_card(
            SubstanceCard, row["slug"], fields, row.get("sources", [])
        )
    return changed


@transaction.atomic
def referral_cards_load() -> int:
    changed = 0
    for row in read_yaml(CONTENT / "referrals.yaml"):
        fields = {
            "service": row["service"],
            "region": row["region"],
            "target_group": row["target_group"],
            "offer": row["offer"],
            "contact": row["contact"],
            "needs_check": bool(row.get("needs_check", True)),
            "content_owner": row.get("owner", "Redactie Bijblijven"),
            "review_by": _as_date(row["review_by"]),
        }
        changed += _save_card(ReferralCard, row["slug"], fields, row.get("sources", []))
    return changed
