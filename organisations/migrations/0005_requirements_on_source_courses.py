from django.db import migrations


def requirements_to_source_courses(apps, schema_editor):
    """Requirements and validity rules named a course's translation as if it were
    another course (the demo required the English copy of course 1, so everyone
    was 'niet begonnen' in it). Move them to the source course, dropping those
    the source already has, and delete the untouched 'assigned' enrolments that
    requiring a translation made (learning records live on source courses)."""
    Locale = apps.get_model("wagtailcore", "Locale")
    CoursePage = apps.get_model("courses", "CoursePage")
    RequiredTraining = apps.get_model("organisations", "RequiredTraining")
    ValidityRule = apps.get_model("organisations", "OrganisationValidityRule")
    Enrolment = apps.get_model("courses", "Enrolment")
    LessonCompletion = apps.get_model("courses", "LessonCompletion")
    from django.conf import settings

    default = Locale.objects.filter(
        language_code=settings.LANGUAGE_CODE.split("-")[0]
    ).first()
    if default is None:
        return
    translated = CoursePage.objects.exclude(locale_id=default.pk)
    sources = dict(
        CoursePage.objects.filter(
            locale_id=default.pk,
            translation_key__in=translated.values("translation_key"),
        ).values_list("translation_key", "pk")
    )
    source_of = {
        pk: sources[key]
        for pk, key in translated.values_list("pk", "translation_key")
        if key in sources
    }
    same = ("organisation_id", "audience", "team_id", "profession")
    for requirement in RequiredTraining.objects.filter(course_id__in=source_of):
        source = source_of[requirement.course_id]
        twin = RequiredTraining.objects.filter(
            course_id=source, **{f: getattr(requirement, f) for f in same}
        )
        if twin.exists():
            requirement.delete()
        else:
            requirement.course_id = source
            requirement.save(update_fields=["course"])
    for rule in ValidityRule.objects.filter(course_id__in=source_of):
        source = source_of[rule.course_id]
        if ValidityRule.objects.filter(
            organisation_id=rule.organisation_id,
            course_id=source,
            profession=rule.profession,
        ).exists():
            rule.delete()
        else:
            rule.course_id = source
            rule.save(update_fields=["course"])
    done = LessonCompletion.objects.filter(course_id__in=source_of).values("user_id")
    Enrolment.objects.filter(
        course_id__in=source_of, source="assigned", last_activity_at__isnull=True
    ).exclude(user_id__in=done).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_one_open_invitation_per_address"),
        ("courses", "0008_legal_status_from_free_text"),
    ]

    operations = [
        migrations.RunPython(
            requirements_to_source_courses, migrations.RunPython.noop
        ),
    ]
