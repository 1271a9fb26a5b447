from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from tenancy.demo import CANDIDATE_BODIES, DEMO_PASSWORD, PREFECTURES, PROMOTION_BODIES, PROVINCES, SEEDERS
from tenancy.scoping import system_scope
from tenancy.statistics import refresh_statistics

# The smallest --scale: the benchmark cluster's leaders, institutions and platforms come on top of its enterprises.
MIN_SCALE = 100


class Command(BaseCommand):
    help = "Load the demo data (idempotent and deterministic). --scale N adds large synthetic data for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help=f"members of an extra synthetic benchmark cluster (0: none; else at least {MIN_SCALE})",
        )

    def handle(self, *args, scale, **options):
        if scale and scale < MIN_SCALE:
            raise CommandError(f"--scale must be 0 or at least {MIN_SCALE}")
        autodiscover_modules("demo")
        with system_scope(), transaction.atomic():
            for seeder in sorted(SEEDERS):
                seeder.function(scale=scale, log=lambda text: self.stdout.write(f"  {text}"))
        # Bulk inserts leave the planner's statistics behind until autovacuum catches up (if it runs at all).
        refresh_statistics()  # every table
        accounts = [
            "ministry",
            *(f"expert{i}" for i in range(1, 7)),
            *(p[0] for p in PROVINCES),
            *(p[0] for p in PREFECTURES),
            *(b[0] for b in PROMOTION_BODIES),
            *(b[0] for b in CANDIDATE_BODIES),
        ]
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Accounts (password {DEMO_PASSWORD}):"))
        self.stdout.write("  " + ", ".join(accounts))
