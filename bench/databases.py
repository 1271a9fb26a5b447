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


def bench_database_url(suffix, script):
    """DATABASE_URL with its database renamed `<name>_<suffix>` (PostgreSQL only; `script` names the caller)."""
    import sys
    from urllib.parse import urlparse, urlunparse

    parsed = urlparse(os.environ.get("DATABASE_URL", ""))
    if not parsed.scheme.startswith("postgres"):
        sys.exit(f"{script} needs DATABASE_URL=postgres://… (it creates its own database beside it)")
    name = parsed.path.lstrip("/") or "cluster_platform"
    return urlunparse(parsed._replace(path=f"/{name}_{suffix}"))


def drop_bench_database():
    """Close Django's connections and drop the database DATABASE_URL names (the bench's own)."""
    from django.db import connections

    connections.close_all()
    name = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    recreate_database(server_urls(name)[1], name, drop_only=True)
