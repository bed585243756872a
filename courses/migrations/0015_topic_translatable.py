import uuid

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

import courses.models.snippets


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0014_topic_translatable_bootstrap_data"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="topic",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="topic",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="topic",
            unique_together={("translation_key", "locale")},
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(
                fields=("slug", "locale"), name="topic_unique_slug_locale"
            ),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(
                fields=("name", "locale"), name="topic_unique_name_locale"
            ),
        ),
        migrations.AlterField(
            model_name="coursepage",
            name="topics",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                limit_choices_to=courses.models.snippets.source_language_only,
                related_name="courses",
                to="courses.topic",
                verbose_name="onderwerpen",
            ),
        ),
    ]
