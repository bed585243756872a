"""Print the bank check of every quiz (or of the quizzes named by slug): what
makes its questions guessable or leaves learners without an explanation. With
``--strict`` the command fails when anything is found, so a content change can
be checked before it lands. Reads only."""

from django.core.management.base import BaseCommand, CommandError

from assessments.admin_views.bank import report_rows
from assessments.currency_selectors import quiz_bank_reports
from assessments.models import QuizPage


class Command(BaseCommand):
    help = "Check the question banks of quizzes for guessable patterns."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="quiz page slugs (default: all)")
        parser.add_argument(
            "--strict", action="store_true", help="exit with an error on findings"
        )

    def handle(self, *args, slugs, strict, **options):
        quizzes = QuizPage.objects.order_by("title")
        if slugs:
            quizzes = quizzes.filter(slug__in=slugs)
            missing = set(slugs) - set(quizzes.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"Unknown quiz slugs: {', '.join(sorted(missing))}")
        rows = report_rows(quiz_bank_reports(quizzes=quizzes))
        found = 0
        for row in rows:
            self.stdout.write(
                f"{row['quiz'].title} ({row['quiz'].slug}): "
                f"{row['question_count']} questions, {len(row['messages'])} findings"
            )
            for message in row["messages"]:
                self.stdout.write(f"  - {message}")
            found += len(row["messages"])
        if strict and found:
            raise CommandError(f"{found} findings in the question banks.")
