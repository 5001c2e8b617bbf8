"""The one settings module. Every deployment difference comes from environment variables.

See the configuration table in README.md. With no DATABASE_URL and no REDIS_URL the project runs on one
machine with SQLite under var/ and a file-system Celery broker that separate worker processes share.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# A development key only when DEBUG. Without DEBUG an unset key stays empty: management commands that never
# sign anything (migrate, makemigrations) still run, while the web and worker entry points refuse to start
# (governance.foundation.startup) and Django itself refuses any signing with an empty key.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

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
    "django_celery_beat",
    "django_celery_results",
    "simple_history",
    "governance.foundation",
    "governance.teams",
    "governance.evidence",
    "governance.inventory",
    "governance.risks",
    "governance.checks",
    "governance.reports",
    "governance.notifications",
    "governance.predictions",
    "governance.promotions",
    "governance.regulation",
    "governance.mlflow_sync",
    "governance.api",
    "assessments",
    "governance.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "governance.foundation.security.SecurityHeadersMiddleware",
    "governance.foundation.api.errors.ApiBodyLimitMiddleware",
    "governance.foundation.api.errors.ApiPathMiddleware",  # before CommonMiddleware: /api/ never gets its 301
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "governance.teams.middleware.UserPreferenceMiddleware",  # saved language and time zone (issue 25)
    "governance.foundation.security.NoStoreWhenAuthenticatedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "governance.urls"
WSGI_APPLICATION = "governance.wsgi.application"

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
                "governance.portal.context_processors.navigation",
                "governance.portal.context_processors.inbox_count",
                "governance.notifications.context_processors.bell",
            ],
        },
    }
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'governance.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process, the worker and beat share one file: WAL and immediate transactions avoid
    # "database is locked" under that light concurrency.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that stopped answering fails a connection attempt after this many seconds (libpq waits
    # indefinitely by default), so pages answer with an error and tasks retry instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    )
# Session-level prepared statements for the few hot API queries (governance/foundation/sql_ids.py); turn
# them off behind a transaction-pooling PgBouncer. They are planned once (a generic plan): PostgreSQL's
# default re-plans a statement whose generic plan it guesses dearer, which for a model's row cost 1.2 ms a
# call against 0.2 ms. Only prepared statements (none but these) follow plan_cache_mode.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
if DB_PREPARED_STATEMENTS and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"]["OPTIONS"]
    options["options"] = f"{options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Django's backend, loading the user's saved language and time zone with the user (one query, issue 25);
# the plain ModelBackend stays listed so sessions made before it keep working.
AUTHENTICATION_BACKENDS = [
    "governance.teams.backends.PreferenceModelBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "login"

# The site's default language when neither the user's saved preference nor the browser's Accept-Language
# names one of LANGUAGES (issue 25: English and Korean).
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en-gb")
LANGUAGES = [("en", "English"), ("ko", "한국어")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

# Prediction sets (rows that may hold personal data): their own storage, never served as media; the largest
# upload accepted, and how long rows are kept before they are purged (hash, schema and results stay).
STORAGES["predictions"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": os.environ.get("PREDICTION_SETS_LOCATION", str(VAR_DIR / "prediction-sets"))},
}
PREDICTION_SET_MAX_BYTES = int(os.environ.get("PREDICTION_SET_MAX_BYTES", str(2 * 1024**3)))
PREDICTION_SET_RETENTION_DAYS = int(os.environ.get("PREDICTION_SET_RETENTION_DAYS", "90"))

# Evidence files (issue 23, docs/evidence.md): their own storage, never served as media (downloads go through
# a view that checks the record's permission). Point EVIDENCE_STORAGE_BACKEND at django-storages'
# "storages.backends.s3.S3Storage" (with its OPTIONS) for an S3-compatible on-premises object store.
STORAGES["evidence"] = {
    "BACKEND": os.environ.get("EVIDENCE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
    "OPTIONS": {"location": os.environ.get("EVIDENCE_LOCATION", str(VAR_DIR / "evidence"))},
}
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(25 * 1024 * 1024)))
# Allowed types, detected on content: media type -> the file-name extensions that may carry it.
EVIDENCE_ALLOWED_TYPES = {
    "application/pdf": [".pdf"],
    "image/png": [".png"],
    "image/jpeg": [".jpg", ".jpeg"],
    "image/gif": [".gif"],
    "image/webp": [".webp"],
    "text/plain": [".txt", ".md", ".log"],
    "text/csv": [".csv"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": [".pptx"],
    "application/vnd.oasis.opendocument.text": [".odt"],
    "application/vnd.oasis.opendocument.spreadsheet": [".ods"],
}
# Office files are zip archives: their unpacked size and per-member compression ratio are bounded (zip bombs).
EVIDENCE_ZIP_MAX_UNCOMPRESSED = int(os.environ.get("EVIDENCE_ZIP_MAX_UNCOMPRESSED", str(200 * 1024 * 1024)))
EVIDENCE_ZIP_MAX_RATIO = int(os.environ.get("EVIDENCE_ZIP_MAX_RATIO", "100"))
EVIDENCE_ZIP_MAX_MEMBERS = int(os.environ.get("EVIDENCE_ZIP_MAX_MEMBERS", "2000"))

# PDF report fonts (TrueType, embedded): DejaVu Sans for Latin and symbols, NanumGothic for Hangul. Debian's
# fonts-dejavu-core and fonts-nanum packages install them at these paths.
REPORT_FONT_LATIN = os.environ.get("REPORT_FONT_LATIN", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
REPORT_FONT_LATIN_BOLD = os.environ.get(
    "REPORT_FONT_LATIN_BOLD", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)
REPORT_FONT_HANGUL = os.environ.get("REPORT_FONT_HANGUL", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
REPORT_FONT_HANGUL_BOLD = os.environ.get(
    "REPORT_FONT_HANGUL_BOLD", "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"
)
# Report requests per user (pages and API alike; governance.reports.limits): at most this many requests in a
# minute, and at most this many new builds in any 24 hours. Filed reports are evidence and are kept, so the
# quota, not deletion, bounds the storage a user can fill.
REPORT_REQUESTS_PER_MINUTE = int(os.environ.get("REPORT_REQUESTS_PER_MINUTE", "10"))
REPORT_BUILDS_PER_DAY = int(os.environ.get("REPORT_BUILDS_PER_DAY", "50"))

# Cache and Celery broker: Redis when REDIS_URL is set; otherwise a local cache and a file-system broker
# whose folders separate worker and beat processes share.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Per-user caches of the dashboard's and the header's counts (governance.foundation.freshness): only with a
# cache every process shares, since a worker's writes must reach the web processes' caches.
# Stage timings of prediction-set computing, to Redis (predictions/timings.py): the metrics bench sets it.
PREDICTION_TIMINGS = os.environ.get("PREDICTION_TIMINGS", "").lower() in {"1", "true", "yes"}
COUNTS_CACHE = os.environ.get("COUNTS_CACHE", str(bool(REDIS_URL))).lower() in {"1", "true", "yes"}
if REDIS_URL:
    # A Redis outage must not take the pages down: the cache answers "not cached" (see core/cache.py), and
    # short socket timeouts keep a request from hanging on a broker that stopped answering.
    CACHES = {
        "default": {
            "BACKEND": "governance.foundation.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A message a dead worker held comes back after this; checks/services.runs_recover resends lost
        # work much sooner, so this stays long enough for the longest retry countdown (see reliability.md).
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
else:
    BROKER_DIR = VAR_DIR / "broker"
    for _folder in ("queue", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task while the broker is down gives up after about a second, so the page that asked answers
# promptly ("queued, waiting for the task queue") instead of hanging; recovery sends it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Models per check-run chunk (one task each), and how long a queued or running run or report may go without
# progress before recovery sends it again (its worker presumably died holding the message).
CHECKS_CHUNK_SIZE = int(os.environ.get("CHECKS_CHUNK_SIZE", "500"))
RECOVERY_STALE_SECONDS = int(os.environ.get("RECOVERY_STALE_SECONDS", "900"))
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# The queue tasks are sent to and a worker started without -Q consumes. Deployments (or test runs) that
# share one Redis keep their tasks apart by naming their own.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE") or "celery"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "governance.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "governance.foundation.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": ["governance.foundation.api.querying.VisibleFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only (issue 15.14): no NUL, no over-long strings (governance.foundation.inputs); a form is a 415.
    "DEFAULT_PARSER_CLASSES": ["governance.foundation.inputs.GuardedJSONParser"],
    "EXCEPTION_HANDLER": "governance.foundation.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_RATE_ANON", "60/minute"),
        "user": os.environ.get("API_RATE_USER", "2000/minute"),
    },
    "DEFAULT_THROTTLE_CLASSES": [
        "governance.foundation.api.throttles.AnonRateThrottle",
        "governance.foundation.api.throttles.UserRateThrottle",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ML governance API",
    "DESCRIPTION": "Model inventory, data sources and consent for pipelines and tools. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ModelVersionStatusEnum": "governance.inventory.models.ModelVersion.Status",
        "RiskStatusEnum": "governance.risks.models.Risk.Status",
        "MitigationStatusEnum": "governance.risks.models.Mitigation.Status",
        "CheckRunStatusEnum": "governance.checks.models.CheckRun.Status",
        "CheckRunScopeEnum": "governance.checks.models.CheckRun.Scope",
        "ReportKindEnum": "governance.reports.models.Report.Kind",
        "FrameworkKindEnum": "assessments.models.Framework.Kind",
        "PredictionSetKindEnum": "governance.predictions.models.PredictionSet.Kind",
        "PredictionSetRoleEnum": "governance.predictions.models.PredictionSet.Role",
        "PredictionSetStatusEnum": "governance.predictions.models.PredictionSet.Status",
        "PromotionKindEnum": "governance.promotions.models.PromotionRequest.Kind",
        "PromotionStatusEnum": "governance.promotions.models.PromotionRequest.Status",
        "AttestationStatusEnum": "governance.regulation.models.Attestation.Status",
        "ObligationStatusEnum": "governance.regulation.models.OBLIGATION_STATES",
        "RegulationFrameworkEnum": "governance.regulation.models.Framework",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "governance.foundation.api.schema.add_error_responses",
    ],
}

# Security: strict unless DEBUG; every flag can be relaxed only through the environment.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no page script reads it; forms carry the token in a hidden field
# Content-Security-Policy and Permissions-Policy on every response (foundation/security.py). Everything
# is served from this site, so only 'self'; style attributes stay allowed for the data-driven risk-level
# colours (no inline <style> or script). An empty value sends no header.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
)

# Lock-out after failed log-ins (site and admin) and failed API tokens; see governance.foundation.throttling.
LOGIN_FAILURES_PER_USER = int(os.environ.get("LOGIN_FAILURES_PER_USER", "5"))
LOGIN_FAILURES_PER_IP = int(os.environ.get("LOGIN_FAILURES_PER_IP", "20"))
API_TOKEN_FAILURES_PER_IP = int(os.environ.get("API_TOKEN_FAILURES_PER_IP", "20"))
API_TOKEN_FAILURES_PER_PREFIX = int(os.environ.get("API_TOKEN_FAILURES_PER_PREFIX", "10"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", str(15 * 60)))
# The request header a trusted proxy puts the client's address in (e.g. HTTP_X_FORWARDED_FOR); empty uses
# the connection's address. Set it behind a proxy, or every client shares the proxy's address.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# JSON fields that take input (hyperparameters, validation metrics, group metrics, feature drift, risk
# matrices): longest key, most keys and list items in all, deepest nesting (governance.foundation.inputs).
JSON_KEY_MAX_LENGTH = int(os.environ.get("JSON_KEY_MAX_LENGTH", "200"))
JSON_MAX_ENTRIES = int(os.environ.get("JSON_MAX_ENTRIES", "2000"))
JSON_MAX_DEPTH = int(os.environ.get("JSON_MAX_DEPTH", "5"))

# How far back a risk acceptance or review may be dated when it is recorded (governance.risks.dates).
DECISION_DATE_MAX_AGE_DAYS = int(os.environ.get("DECISION_DATE_MAX_AGE_DAYS", "365"))

# Regulation (governance.regulation): how long a "legacy, unverified" classification carried over from the
# hand-set tier only warns before the check fails it, and how long a person's attestation of an obligation
# lasts.
REGULATION_LEGACY_GRACE_DAYS = int(os.environ.get("REGULATION_LEGACY_GRACE_DAYS", "90"))
REGULATION_ATTESTATION_DAYS = int(os.environ.get("REGULATION_ATTESTATION_DAYS", "365"))

# Form posts may not exceed this; larger bodies are refused with 400 before they are read.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024)))

# E-mail (issue 21): Django's SMTP backend, configured from the environment. EMAIL_BACKEND may name another
# backend (the console one for a demo). SITE_URL makes links in e-mail absolute (no request to read it from).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ML governance <governance@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
# Notifications (issue 21, docs/notifications.md and docs/webhooks.md).
NOTIFICATIONS_DIGEST_HOUR = int(os.environ.get("NOTIFICATIONS_DIGEST_HOUR", "8"))  # local hour, 0-23
NOTIFICATIONS_MAIL_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAIL_MAX_ATTEMPTS", "5"))
NOTIFICATIONS_ASSESSMENT_MAX_AGE_DAYS = int(os.environ.get("NOTIFICATIONS_ASSESSMENT_MAX_AGE_DAYS", "365"))
# An attestation (issue 22) expiring within this many days notifies its attester and the model's owner.
NOTIFICATIONS_ATTESTATION_WARNING_DAYS = int(os.environ.get("NOTIFICATIONS_ATTESTATION_WARNING_DAYS", "30"))
NOTIFICATIONS_WEBHOOK_TIMEOUT = float(os.environ.get("NOTIFICATIONS_WEBHOOK_TIMEOUT", "10"))
NOTIFICATIONS_WEBHOOK_RETRIES = int(os.environ.get("NOTIFICATIONS_WEBHOOK_RETRIES", "5"))
NOTIFICATIONS_WEBHOOK_BACKOFF_SECONDS = float(os.environ.get("NOTIFICATIONS_WEBHOOK_BACKOFF_SECONDS", "30"))
NOTIFICATIONS_WEBHOOK_MAX_FAILURES = int(os.environ.get("NOTIFICATIONS_WEBHOOK_MAX_FAILURES", "5"))
# Hosts (by name) whose internal addresses webhooks may reach, for on-premises receivers; and whether
# private (RFC 1918 / ULA) addresses are allowed for any host. A host named here skips the address checks.
NOTIFICATIONS_WEBHOOK_ALLOWED_HOSTS = env_list("NOTIFICATIONS_WEBHOOK_ALLOWED_HOSTS")
NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE = env_bool("NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
