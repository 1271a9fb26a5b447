"""What tests must differ in: the test servers speak plain HTTP, and speed."""

from config.settings import *  # noqa: F403

# A key of their own: the served product (and a test's Celery worker) refuses the public development key.
SECRET_KEY = "tests-only-key-not-used-anywhere-else"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# WhiteNoise indexes every static file when a client builds its middleware; look files up lazily instead.
WHITENOISE_AUTOREFRESH = True
# Uploaded files of the test run go to a throw-away directory, never the development var/uploads.
# A worker process started by a test is handed the test's MEDIA_ROOT in its environment.
MEDIA_ROOT = __import__("os").environ.get("MEDIA_ROOT") or __import__("tempfile").mkdtemp(
    prefix="cluster-platform-test-media-"
)

# The completeness check before a monitoring evaluation (issue 13) is off for the fixtures' sparse data; the tests
# of the check set the threshold themselves.
MONITORING_COMPLETENESS_THRESHOLD = 0.0

# Mail is recorded (the outbox) and delivered to django.core.mail.outbox; tests/conftest.py puts the recording
# backend back after pytest-django's test environment swapped it for locmem.
# A worker process a test starts may be handed another delivery backend (a file) in its environment.
EMAIL_DELIVERY_BACKEND = __import__("os").environ.get(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
SITE_URL = "https://clusters.example.cn"
