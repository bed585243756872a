"""Free-text registers become a reference to ``registers.Register``: known names
map to their register; anything else goes to "Ander register" and keeps its text
in ``register_name``. Saved revisions of course pages are rewritten the same way,
so opening a draft or reverting still loads."""

from django.db import migrations

# lower-case fragments of the old free text, first match wins
PATTERNS = [
    ("gaia", ("gaia", "knmg", "aban", "abc1", "accreditatiebureau", "huisarts")),
    ("vv", ("v&v", "v en v", "verpleeg", "verzorg")),
    ("registerplein", ("registerplein", "bamw", "sociaal werk")),
    ("nvvs", ("nvvs", "seksuolog")),
    ("lv-poh-ggz", ("poh",)),
    ("skj", ("skj", "jeugd")),
]


def register_code_for(text):
    lowered = (text or "").lower()
    for code, fragments in PATTERNS:
        if any(fragment in lowered for fragment in fragments):
            return code
    return "other"


def forwards(apps, schema_editor):
    Register = apps.get_model("registers", "Register")
    CourseAccreditation = apps.get_model("courses", "CourseAccreditation")
    Revision = apps.get_model("wagtailcore", "Revision")
    ids = dict(Register.objects.values_list("code", "pk"))

    for accreditation in CourseAccreditation.objects.all():
        code = register_code_for(accreditation.register_text)
        accreditation.register_id = ids[code]
        if code == "other":
            accreditation.register_name = accreditation.register_text[:200]
        accreditation.save(update_fields=["register", "register_name"])

    revisions = Revision.objects.filter(
        content_type__app_label="courses", content_type__model="coursepage"
    )
    for revision in revisions.iterator():
        items = (revision.content or {}).get("accreditations") or []
        changed = False
        for item in items:
            text = item.get("register")
            if isinstance(text, str) or (text is None and "register" in item):
                code = register_code_for(text)
                item["register"] = ids[code]
                if code == "other":
                    item["register_name"] = (text or "")[:200]
                changed = True
        if changed:
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0010_accreditation_structured"),
        ("registers", "0002_seed_registers"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
