"""The registers Bijblijven knows (docs: ../shared/accreditation-registers.md).
PE-online orgIDs from its organisation list of 2016 (Xaurum, "Webservice voor
verwerking van presentie", 2017); SKJ has no machine route. Idempotent: an
existing code is updated, never duplicated."""

from django.db import migrations

REGISTERS = [
    # code, name, PE-online orgID, number kind, number label
    ("gaia", "GAIA (KNMG-registers, ABAN/ABC1)", 19, "big", "BIG-nummer"),
    ("vv", "Kwaliteitsregister V&V", 52, "vv", "V&V-relatienummer"),
    ("registerplein", "Registerplein", 46, "free", "Registerplein-nummer"),
    ("nvvs", "NVVS (seksuologen)", 32, "free", "NVVS-registratienummer"),
    ("lv-poh-ggz", "LV POH-GGZ", 68, "free", "LV POH-GGZ-registratienummer"),
    ("skj", "SKJ (Kwaliteitsregister Jeugd)", None, "free", "SKJ-registratienummer"),
    ("other", "Ander register", None, "free", "registratienummer"),
]


def seed(apps, schema_editor):  # a frozen copy of registers.seed
    Register = apps.get_model("registers", "Register")
    for code, name, org_id, kind, label in REGISTERS:
        Register.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "pe_online_org_id": org_id,
                "number_kind": kind,
                "number_label": label,
            },
        )


class Migration(migrations.Migration):

    dependencies = [("registers", "0001_registers_numbers_batches")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
