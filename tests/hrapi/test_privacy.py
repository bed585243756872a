"""A person's employee numbers are in their data download and gone after
erasure."""

from hrapi.models import EmployeeLink
from hrapi.services import EmployeeRecord, employee_put
from training.erasure import account_erase
from training.personal_data import personal_data_collect


def test_the_download_lists_employee_numbers_and_erasure_deletes_them(world):
    key = world.organisation.api_keys.filter(scope="write", revoked_at=None).get()
    employee_put(
        organisation=world.organisation,
        record=EmployeeRecord(external_id="E-5", email=world.member.user.email),
        key=key,
    )
    employee_put(
        organisation=world.organisation,
        record=EmployeeRecord(external_id="E-6", email="someone.else@example.org"),
        key=key,
    )

    rows = personal_data_collect(user=world.member.user)["personeelsnummers"]
    assert [row["personeelsnummer"] for row in rows] == ["E-5"]

    account_erase(user=world.member.user, actor=world.member.user)

    assert list(EmployeeLink.objects.values_list("external_id", flat=True)) == ["E-6"]
