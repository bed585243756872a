from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0013_topic_translatable_bootstrap"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [BootstrapTranslatableModel("courses.Topic")]
