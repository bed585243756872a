from django.db import migrations

PROFESSION_CODES = [
    "huisarts",
    "politie",
    "verslavingszorg",
    "preventie",
    "ggd",
    "ziekenhuis",
    "therapeut",
    "jongerenwerk",
    "lhbtiq",
    "anders",
]


def seed(apps, schema_editor):
    Audience = apps.get_model("courses", "Audience")
    for code in PROFESSION_CODES:
        Audience.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_course_tree_cards_and_progress")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
