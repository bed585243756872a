"""The registers Bijblijven knows, as the data migration seeded them: put back
after a test flush and by the demo loader (idempotent: an existing code is
updated, never duplicated). PE-online orgIDs from its organisation list of 2016
(Xaurum, "Webservice voor verwerking van presentie", 2017); SKJ has no machine
route (../shared/accreditation-registers.md)."""

from __future__ import annotations

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


def registers_seed(*, model=None) -> None:
    """Create or update the known registers. ``model``: a migration's historical
    ``Register``; the current one otherwise."""
    if model is None:
        from registers.models import Register as model
    for code, name, org_id, kind, label in REGISTERS:
        model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "pe_online_org_id": org_id,
                "number_kind": kind,
                "number_label": label,
            },
        )
