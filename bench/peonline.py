"""Sending attendance records to PE-online at scale (issue 15).

    python bench/peonline.py [--sizes 1000,10000]

A temporary SQLite database is migrated and given one course and 50 learners; for
each size, that many pending GAIA records are written and
`registers.services.sending.attendance_send_due` sends them (batches of 100) to a
local PE-online (`registers.peonline.fake_server`, which validates every Entry
against entry.xsd and accepts every row). Printed per size: calls, wall and CPU
time, milliseconds per call (timed without tracemalloc), and the peak Python
memory (tracemalloc, a second run of the same records) of sending, server thread
included. The sender holds one batch at a time, so the peak must
not grow with the number of records; the last line compares the largest size to
the smallest.
"""

import argparse
import datetime
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import django_setup

FLAT_LIMIT = 1.5  # peak(largest) / peak(smallest) that still counts as flat
START = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)


def world_create():
    """One published course and 50 learners; returns (course, users)."""
    from courses.models import CourseIndexPage, CoursePage
    from demo.site import home_page_ensure
    from training.models import User

    home = home_page_ensure()
    catalogue = CourseIndexPage(title="Cursussen", slug="cursussen")
    home.add_child(instance=catalogue)
    course = CoursePage(
        title="Benchcursus",
        slug="benchcursus",
        summary="Voor de benchmark.",
        learning_goals="<ul><li>Meten.</li></ul>",
    )
    catalogue.add_child(instance=course)
    users = User.objects.bulk_create(
        User(email=f"pe-bench-{n}@bench.example") for n in range(50)
    )
    return course, users


def records_write(count: int, *, course, users) -> None:
    """`count` pending GAIA records, written 1,000 at a time."""
    from registers.models import AttendanceRecord, Register

    register = Register.objects.get(code="gaia")
    chunk = []
    for n in range(count):
        chunk.append(
            AttendanceRecord(
                user=users[n % len(users)],
                register=register,
                course=course,
                person_number=f"{39000000000 + n % len(users)}",
                register_course_id="9471",
                end_date=START + datetime.timedelta(minutes=n),
            )
        )
        if len(chunk) == 1000:
            AttendanceRecord.objects.bulk_create(chunk)
            chunk = []
    AttendanceRecord.objects.bulk_create(chunk)


def run(sizes: list[int]) -> list[dict]:
    from django.conf import settings
    from django.core.management import call_command

    from registers.models import AttendanceRecord, RecordStatus, SendBatch
    from registers.peonline.fake_server import FakePEOnline
    from registers.services.sending import attendance_send_due

    call_command("migrate", verbosity=0, interactive=False)
    course, users = world_create()
    results = []

    def send(size: int, *, traced: bool) -> tuple[float, float, int, int]:
        """Send the pending records; (wall s, CPU s, calls, peak bytes or 0)."""
        with FakePEOnline(keep_entries=False) as server:
            settings.PE_ONLINE_URL = server.url
            if traced:
                tracemalloc.start()
            wall, cpu = time.perf_counter(), time.process_time()
            report = attendance_send_due()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            peak = tracemalloc.get_traced_memory()[1] if traced else 0
            tracemalloc.stop()
        accepted = AttendanceRecord.objects.filter(status=RecordStatus.ACCEPTED)
        calls = (size + 99) // 100
        if accepted.count() != size or server.schema_errors or server.calls != calls:
            raise RuntimeError(
                f"{size} records: {accepted.count()} accepted, {server.calls} calls, "
                f"{server.schema_errors} invalid Entry documents"
            )
        return wall, cpu, report.calls, peak

    settings.PE_ONLINE_USER_ID = "bench"
    settings.PE_ONLINE_KEY = "bench"
    settings.PE_ONLINE_TEST_MODE = False
    for size in sizes:
        AttendanceRecord.objects.all().delete()
        SendBatch.objects.all().delete()
        records_write(size, course=course, users=users)
        # Timed without tracemalloc (it slows Python about threefold), then the
        # same records once more, traced.
        wall, cpu, calls, _ = send(size, traced=False)
        AttendanceRecord.objects.update(
            status=RecordStatus.PENDING, batch=None, accepted_at=None
        )
        SendBatch.objects.all().delete()
        _, _, _, peak = send(size, traced=True)
        results.append(
            {
                "records": size,
                "calls": calls,
                "wall_s": wall,
                "cpu_s": cpu,
                "ms_per_call": wall * 1000 / calls,
                "peak_mib": peak / 2**20,
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        django_setup(f"sqlite:///{tmp}/bench.sqlite3")
        results = run(sizes)
    print(
        f"{'records':>8} {'calls':>6} {'wall s':>8} {'cpu s':>7} {'ms/call':>8} "
        f"{'peak MiB':>9}"
    )
    for row in results:
        print(
            f"{row['records']:>8} {row['calls']:>6} {row['wall_s']:>8.2f} "
            f"{row['cpu_s']:>7.2f} {row['ms_per_call']:>8.1f} {row['peak_mib']:>9.2f}"
        )
    ratio = results[-1]["peak_mib"] / results[0]["peak_mib"]
    verdict = "flat" if ratio <= FLAT_LIMIT else "GROWS"
    print(
        f"peak memory {results[-1]['records']} vs {results[0]['records']} records: "
        f"{ratio:.2f}x ({verdict}, limit {FLAT_LIMIT}x)"
    )
    if ratio > FLAT_LIMIT:
        sys.exit(1)


if __name__ == "__main__":
    main()
