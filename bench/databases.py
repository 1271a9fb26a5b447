"""The bench scripts' own databases: each script creates one beside `DATABASE_URL`'s and drops it afterwards."""

import os
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cluster_platform"


def server_urls(database):
    """(URL of `database`, URL of the server's `postgres` database for creating and dropping it), on the server
    of DATABASE_URL."""
    parts = urlsplit(os.environ.get("DATABASE_URL", DEFAULT_URL))
    return urlunsplit(parts._replace(path=f"/{database}")), urlunsplit(parts._replace(path="/postgres"))


def recreate_database(admin_url, name, drop_only=False):
    """Drop `name` (closing its connections) and, unless `drop_only`, create it empty."""
    import psycopg

    with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')
