import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0011_accreditation_register_from_text'),
    ]

    operations = [
        migrations.AlterField(
            model_name='courseaccreditation',
            name='register',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='accreditations', to='registers.register', verbose_name='register'),
        ),
        migrations.RemoveField(
            model_name='courseaccreditation',
            name='register_text',
        ),
    ]
