"""Settings of bench/member_list.py's server: production settings over plain HTTP, persistent database
connections, and a urlconf that adds the bare baseline view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.member_list_server.urls"
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
