"""Seed the default skill tags (motivational interviewing, de-escalation,
stigma-free language). Existing tags are left as trainers edited them."""

from django.db import migrations

DEFAULT_TAGS = [
    ("open_vraag", "Open vraag"),
    ("bevestiging", "Bevestiging"),
    ("reflectie", "Reflectie"),
    ("samenvatting", "Samenvatting"),
    ("verandertaal", "Verandertaal uitlokken"),
    ("meebewegen", "Meebewegen met weerstand"),
    ("informatie_toestemming", "Informatie geven met toestemming"),
    ("de_escalatie", "De-escalatie"),
    ("stigmavrij", "Stigmavrije taal"),
]


def seed(apps, schema_editor):
    SkillTag = apps.get_model("scenarios", "SkillTag")
    for order, (key, label) in enumerate(DEFAULT_TAGS, start=1):
        SkillTag.objects.get_or_create(
            key=key, defaults={"label": label, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("scenarios", "0001_scenario_page_attempts_skill_tags")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
