"""Fill the structured legal status of existing substance cards from their free
text where it names exactly one Opium Act list (``courses.legal_text``); cards
whose text names several lists or none stay empty for an editor to set. The
result is recorded as the published fact, so only later changes suspend
questions."""

from django.db import migrations


def forwards(apps, schema_editor):
    from courses.legal_text import parse_legal_status

    SubstanceCard = apps.get_model("courses", "SubstanceCard")
    for card in SubstanceCard.objects.filter(opium_act_list=""):
        parsed = parse_legal_status(card.legal_status or "")
        if not parsed.opium_list:
            continue
        card.opium_act_list = parsed.opium_list
        card.opium_act_since = parsed.since
        card.legal_fact_published = {
            "list": parsed.opium_list,
            "since": parsed.since.isoformat() if parsed.since else "",
            "reference": card.legal_reference,
            "url": card.legal_reference_url,
        }
        card.save(
            update_fields=["opium_act_list", "opium_act_since", "legal_fact_published"]
        )


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_substance_card_structured_legal_status")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
