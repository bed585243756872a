import factory
from allauth.account.models import EmailAddress

from training.models import Profession, User

TEST_PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    profession = Profession.HUISARTS
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=True, primary=True
            )
            self.save()


def role_member_create(role: str, **fields) -> User:
    """A person in one of the content roles ("Trainers", "Inhoudelijke
    reviewers") with the permissions the apps give that role."""
    from courses.roles import roles_ensure

    user = UserFactory(**fields)
    user.groups.add(roles_ensure()[role])
    return user


def signed_in_client(user: User):
    """A test client signed in as ``user``."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
