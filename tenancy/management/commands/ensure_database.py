from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if it does not exist (SQLite creates its file by itself)."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            return
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
                self.stdout.write(f"Created database {name}")
