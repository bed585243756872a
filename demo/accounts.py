"""Demo accounts that `make run` prints, so a newcomer can sign in at once."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from courses.roles import REVIEWERS, TRAINERS, roles_ensure
from training.models import Profession, User

DEMO_PASSWORD = "bijblijven-demo"  # noqa: S105 - published demo credential
TRAINERS_GROUP = TRAINERS
REVIEWERS_GROUP = REVIEWERS


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role: str
    profession: str = Profession.ANDERS
    is_superuser: bool = False
    groups: tuple[str, ...] = ()


DEMO_ACCOUNTS = (
    DemoAccount(
        "leerling@bijblijven.example",
        "Sanne",
        "de Vries",
        "learner",
        Profession.HUISARTS,
    ),
    DemoAccount(
        "trainer@bijblijven.example",
        "Ahmed",
        "Yilmaz",
        "trainer",
        Profession.VERSLAVINGSZORG,
        groups=(TRAINERS_GROUP,),
    ),
    # A second expert: a trainer never approves their own work.
    DemoAccount(
        "reviewer@bijblijven.example",
        "Noor",
        "Bakker",
        "reviewer",
        Profession.VERSLAVINGSZORG,
        groups=(REVIEWERS_GROUP,),
    ),
    DemoAccount(
        "manager@bijblijven.example",
        "Petra",
        "Jansen",
        "manager",
        Profession.HUISARTS,
    ),
    DemoAccount(
        "admin@bijblijven.example",
        "Beheerder",
        "Bijblijven",
        "admin",
        is_superuser=True,
    ),
)


@transaction.atomic
def demo_accounts_ensure() -> list[DemoAccount]:
    """Create or refresh the demo accounts; idempotent. New accounts get the
    published demo password."""
    groups = roles_ensure()
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=account.email,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "profession": account.profession,
                "is_superuser": account.is_superuser,
                "is_staff": account.is_superuser,
            },
        )
        if created or not user.has_usable_password():
            # Hashing is slow by design, so existing accounts keep their password.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        # exactly these groups: an older demo made the trainer a reviewer too
        user.groups.set([groups[name] for name in account.groups])
        EmailAddress.objects.update_or_create(
            user=user,
            email=account.email,
            defaults={"verified": True, "primary": True},
        )
    return list(DEMO_ACCOUNTS)
