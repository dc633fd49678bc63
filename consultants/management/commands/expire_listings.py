import datetime

from django.core.management.base import BaseCommand

from consultants.services import expire_overdue_listings, send_renewal_reminders


class Command(BaseCommand):
    help = (
        "Email renewal reminders to listings due within 30 days (once per renewal date) and mark listings "
        "past their renewal date as expired. Safe to run daily from cron: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Remind this many days ahead (default 30).")
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Pretend it is this date (YYYY-MM-DD).")

    def handle(self, *args, days, today, **options):
        expired = expire_overdue_listings(today=today)
        reminded = send_renewal_reminders(days=days, today=today)
        self.stdout.write(f"Expired {expired} listing(s); sent {reminded} renewal reminder(s).")
