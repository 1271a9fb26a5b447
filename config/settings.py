"""Settings, read from the environment (one module for every deployment).

Without DATABASE_URL the product runs on a SQLite file; without REDIS_URL
Celery runs tasks eagerly in-process and the cache is in memory.
"""

from pathlib import Path

import csp.constants as csp
import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# The key that signs sessions and tokens: SECRET_KEY, else the file `make run` writes (var/secret-key), else a public
# development key that the served product (web, worker, beat) refuses when DEBUG is off (config/security.py).
DEFAULT_SECRET_KEY = "insecure-development-key-set-SECRET_KEY-in-production"
_SECRET_KEY_FILE = Path(env.str("SECRET_KEY_FILE", default=str(BASE_DIR / "var" / "secret-key")))
SECRET_KEY = (
    env.str("SECRET_KEY", default="")
    or (_SECRET_KEY_FILE.read_text().strip() if _SECRET_KEY_FILE.exists() else "")
    or DEFAULT_SECRET_KEY
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "django_celery_results",
    "django_celery_beat",
    "simple_history",
    "axes",
    "tenancy",
    "clusters",
    "exchange",
    "policies",
    "evaluations",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "tenancy.middleware.TenantScopeMiddleware",
    "tenancy.middleware.DatabaseBusyMiddleware",
    "tenancy.middleware.QueryStringMiddleware",  # inside the scope: its 400 page renders the navigation
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tenancy.context_processors.viewer",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s SQLite: a transaction takes the write lock when it begins (IMMEDIATE, Django 5.1+) and waits up to
    # SQLITE_TIMEOUT seconds (20) for another writer, instead of failing at once with "database is locked" when it
    # upgrades to a write; a write still locked out then answers 409 "busy, try again" (tenancy.middleware).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": env.float("SQLITE_TIMEOUT", default=20), "transaction_mode": "IMMEDIATE"}
    )
# Persistent connections (a connection per request halved the member list's req/s, issue 17), checked before reuse
# so that a connection the server closed is replaced instead of failing a request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Accounts (README "Accounts"): an API token lives API_TOKEN_TTL_DAYS days from its creation (tenancy.ApiToken); a
# password-reset link works once, for PASSWORD_RESET_TIMEOUT seconds. The reset mail goes through EMAIL_BACKEND.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=90)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)
# An invitation's link works once, for INVITATION_TTL_DAYS days after it was (last) sent (tenancy/invitations).
INVITATION_TTL_DAYS = env.int("INVITATION_TTL_DAYS", default=7)

# Lock an account (per username and address) after repeated failed logins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tenancy.views.locked_out"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded evidence lives outside the web root and is served only through views that check access.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "uploads")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Bulk imports of members and collaborations (clusters.imports): larger files or more rows are refused.
IMPORT_MAX_FILE_SIZE = env.int("IMPORT_MAX_FILE_MB", default=20) * 1024 * 1024
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security: safe by default whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The load balancer's plain-HTTP health probe (docker-compose.yml) is answered, not redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Content-Security-Policy (django-csp): scripts only from the product's own static files, never inline (pages pass
# data to scripts with json_script, which the browser does not run); inline style attributes stay allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that a request without credentials gets 401 with a WWW-Authenticate header.
        "tenancy.api.authentication.TokenAuthentication",  # reads the membership with the token: one query
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [  # JSON with a nesting limit (a deep body is a 400, not a recursion error)
        "tenancy.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tenancy.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "tenancy.api.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "tenancy.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "tenancy.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "token": "10/minute"},
}
API_MAX_PAGE_SIZE = 500
# Lists (pages and API) count their rows up to this many, or up to the page asked for; past it the count is a
# lower bound ("more than 10,000"), so a page of a 100,000-member cluster costs what a page of a small one does.
LIST_COUNT_CAP = env.int("LIST_COUNT_CAP", default=10_000)

SPECTACULAR_SETTINGS = {
    "TITLE": "Advanced Manufacturing Cluster Platform API",
    "DESCRIPTION": "Clusters, policies, cultivation plans and competitions of the national "
    "advanced manufacturing cluster programme.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DEFAULT_GENERATOR_CLASS": "tenancy.api.schema.SchemaGenerator",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tenancy.api.schema.add_error_responses",
    ],
}
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})["ImportJobKindEnum"] = "clusters.models.ImportJob.Kind"
# A member's kind is read by MemberSerializer and written by MemberWriteSerializer: one enum for both.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["MemberKindEnum"] = "clusters.models.Member.Kind"
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    PolicyLevelEnum="policies.models.Policy.Level",
    PolicyStatusEnum="policies.models.Policy.Status",
    CoverageStatusEnum=["covered", "unfunded", "gap"],
    JobStatusEnum="tenancy.jobs.Job.Status",
    PlanStatusEnum="policies.models.CultivationPlan.Status",
    TierEnum="clusters.models.Cluster.Tier",
    ApiTokenStatusEnum=["active", "expired", "revoked"],
    # An organisation's kind is read by OrganisationSerializer and written by OrganisationCreateSerializer.
    OrganisationKindEnum="tenancy.models.Organisation.Kind",
    OnboardingImportKindEnum="tenancy.onboarding.models.OnboardingImport.Kind",
    # A matchmaking gap's kind (exchange/matching/gaps.py), in a gap and in the matrix's cells.
    MatchingGapKindEnum=["missing", "thin", "outside"],
)
# A collaboration's kind, in a cluster and between clusters (exchange.links): one enum.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["CollaborationKindEnum"] = "clusters.models.Collaboration.Kind"

# Celery: late acknowledgement and one task at a time per process, so a killed
# worker's task is delivered again; the broker's visibility timeout outlives the
# longest task so a running task is never handed to a second worker.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=55 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60 * 60)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 2}
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TRACK_STARTED = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# Monitoring (issue 6): every 1 March at 02:00, the annual monitoring evaluation of the previous year.
CELERY_BEAT_SCHEDULE = {
    "monitoring-yearly": {
        "task": "evaluations.monitoring_yearly",
        "schedule": crontab(minute=0, hour=2, day_of_month=1, month_of_year=3),
    },
    # Deadline reminders (tenancy/mail/reminders.py): every day at 08:00 (TIME_ZONE), each once per person.
    "reminders-daily": {
        "task": "tenancy.reminders_daily",
        "schedule": crontab(minute=0, hour=8),
    },
    # Every kind of job (imports, network analyses, evaluation runs, monitoring evaluations): a job whose worker
    # stopped beating, or whose message was lost, is sent again (tenancy/watchdog.py).
    "job-watchdog": {
        "task": "tenancy.job_watchdog",
        "schedule": env.int("JOB_WATCHDOG_INTERVAL_SECONDS", default=60),
    },
}
# The job watchdog (tenancy/watchdog.py, docs/operations.md): a running job beats every JOB_HEARTBEAT_SECONDS; one
# silent for JOB_STALE_AFTER_SECONDS is sent again, and failed at its JOB_MAX_ATTEMPTS-th stop; one still queued
# JOB_REQUEUE_QUEUED_AFTER_SECONDS after it was sent is sent again. JOB_PROGRESS_PAUSE_SECONDS slows every
# progress step (demos and the worker-kill tests only).
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=30)
JOB_STALE_AFTER_SECONDS = env.int("JOB_STALE_AFTER_SECONDS", default=120)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
JOB_REQUEUE_QUEUED_AFTER_SECONDS = env.int(
    "JOB_REQUEUE_QUEUED_AFTER_SECONDS", default=env.int("EVALUATION_REQUEUE_AFTER_SECONDS", default=600)
)
JOB_PROGRESS_PAUSE_SECONDS = env.float("JOB_PROGRESS_PAUSE_SECONDS", default=0)
# A monitoring evaluation whose clusters have fewer verified values of the method's indicators than this share
# (of clusters × indicator inputs) starts only when the ministry confirms it with a reason (issue 13).
MONITORING_COMPLETENESS_THRESHOLD = env.float("MONITORING_COMPLETENESS_THRESHOLD", default=0.9)
# The consistency checks of a cluster's data (clusters/quality, docs/operations.md): a value that moves by more than
# this share of the previous year's; members' summed revenue or employees above this multiple of the cluster's own
# figure; a competition claim farther than this share from the verified observation.
QUALITY_YEAR_ON_YEAR_CHANGE = env.float("QUALITY_YEAR_ON_YEAR_CHANGE", default=0.5)
QUALITY_MEMBER_TOTAL_RATIO = env.float("QUALITY_MEMBER_TOTAL_RATIO", default=1.0)
QUALITY_CLAIM_TOLERANCE = env.float("QUALITY_CLAIM_TOLERANCE", default=0.01)

# E-mail (tenancy/mail, README "E-mail and reminders"): the product sends through the recording backend, which
# writes every mail to the outbox (OutgoingMail) and hands it to EMAIL_DELIVERY_BACKEND. With EMAIL_HOST set that is
# SMTP; without it (`make run`) each mail is written as a file under var/mail/ (or set the console backend).
EMAIL_BACKEND = "tenancy.mail.backends.RecordingBackend"
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
EMAIL_DELIVERY_BACKEND = env.str(
    "EMAIL_DELIVERY_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="先进制造业集群平台 <noreply@cluster-platform.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the links in mail point: the address people open the product at.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}
