"""Settings for innen, read in one sitting.

Everything that differs between a laptop demo and production comes from the environment.
The defaults run the demo: SQLite under var/, DEBUG on, a throwaway secret key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Django's generic classes (ModelAdmin, ModelForm, fields, ...) take the type arguments the
# type checker asks for (`admin.ModelAdmin[Invoice]`) only with this patch.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).lower()
    if value not in {"true", "false", "1", "0", "yes", "no"}:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in {"true", "1", "yes"}


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def envlist(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def envcache(url: str) -> dict[str, str]:
    """The cache at `url` (redis://, rediss:// or unix://); this process's memory when empty."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.split("://")[0] not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            "CACHE_URL or REDIS_URL must be a redis://, rediss:// or unix:// URL"
        )
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}


DEMO_KEY_REFUSED = (
    "SECRET_KEY must be set when DEBUG is off, to at least 50 random characters, for example "
    "the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
    "The demo key is public (anyone can forge portal links with it), so it cannot be "
    "SECRET_KEY or one of SECRET_KEY_FALLBACKS."
)


VAR_DIR = Path(os.environ.get("INNEN_VAR_DIR", REPO_DIR / "var"))
# The SQLite file, uploads and mail live here; a fresh clone has no var/ yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", "true")
# The demo's key is public, so anything it signs (portal links above all) can be forged:
# it is refused off DEBUG, and `innen serve` refuses it on any address but this machine's.
DEMO_SECRET_KEY = "innen-demo-only-not-secret"
SECRET_KEY = os.environ.get("SECRET_KEY", "") or DEMO_SECRET_KEY
# Keys used before, still accepted on what they signed: how SECRET_KEY changes without
# breaking links and printed portal codes (see docs/security.md).
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS")
if not DEBUG and DEMO_SECRET_KEY in {SECRET_KEY, *SECRET_KEY_FALLBACKS}:
    raise ImproperlyConfigured(DEMO_KEY_REFUSED)

ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Other origins a form may be posted from ("https://innen.example.nl"), when a proxy
# rewrites the host or the scheme it was reached by.
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "innen.organisations",
    "innen.rates",
    "django_tasks",
    "django_tasks_db",
    "innen.ledger",
    "innen.collection",
    "innen.dossier",
    "innen.outbox",
    "innen.casefile",
    "innen.banking",
    "innen.accounts",
    "ninja",
    "innen.api",
    "innen.webhooks",
    "innen.connections",
    "innen.portal",
    "innen.arrangements",
    "innen.insights",
    "innen.workers",
    "innen.web",
]

MIDDLEWARE = [
    # First: every log line written while a request runs carries its id.
    "innen.web.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (compressed, hashed names) straight from the app server, before sessions.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After OTPMiddleware: it also sends members who still owe their second factor there.
    "innen.organisations.middleware.CurrentOrganisationMiddleware",
    # A member's write forgets the organisation's kept pages (innen.web.kept_pages).
    "innen.web.kept_pages.ForgetKeptPagesOnWrite",
    # Last, as django-axes asks: it turns a lock-out into the sign-in page that says so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innen.config.urls"
WSGI_APPLICATION = "innen.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "innen.organisations.context_processors.current_organisation",
            ],
        },
    },
]

# A request opens no connection of its own: each process keeps one for a minute (a new
# PostgreSQL connection costs the server a process and the page several milliseconds),
# checked before it is used again. Through PgBouncer that is a client connection; the
# server connections stay PgBouncer's.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'innen.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, workers, the daily run, a webhook) share one file. In WAL mode
    # readers go on while one writes; a writer waits up to `timeout` seconds for another
    # instead of failing; and a transaction takes the write lock when it begins (IMMEDIATE),
    # so two that read and then write wait in turn: begun DEFERRED, SQLite would fail the
    # second at once with "database is locked", whatever the timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )

# Behind a pooler in transaction mode (PgBouncer's pool_mode = transaction) each transaction
# may run on another server connection, so nothing may outlive one: no server-side cursors
# (they are named, and live across the fetches of `.iterator()`), no prepared statements, no
# SET ROLE. The time zone Django sets is a parameter PgBouncer keeps per client. See
# docs/deploy.md.
DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "")
if DATABASE_POOLER not in {"", "session", "transaction"}:
    raise ImproperlyConfigured(
        f"DATABASE_POOLER must be empty, session or transaction, not {DATABASE_POOLER!r}"
    )
# Only PostgreSQL is pooled: a tool or test process pointed at a SQLite file keeps working
# with the setting left in its environment.
if DATABASE_POOLER == "transaction" and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    pooled_options = DATABASES["default"].setdefault("OPTIONS", {})
    if pooled_options.get("assume_role"):
        raise ImproperlyConfigured("DATABASE_POOLER=transaction cannot keep a SET ROLE")
    pooled_options.update({"prepare_threshold": None, "server_side_binding": False})

# Background work (delivery, runs started from the web) goes through the database, so any
# number of workers on any number of machines share it. The split daily run's batches have a
# queue of their own ("runs", innen.collection.tasks), so workers can be set aside for them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "runs"],
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new and changed passwords; the others still read hashes made before.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# django-axes first: it refuses a locked-out username and address before the password is read.
AUTHENTICATION_BACKENDS = [
    "innen.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns of a missing one
# Off DEBUG, `innen serve` collects the static files under STATIC_ROOT with hashed names and
# gzip/brotli copies, and WhiteNoise serves them with a year's cache. The demo and the tests
# (DEBUG on) read them from the apps as they are.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", "false" if DEBUG else "true")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads, invoice PDFs and documents as sent. No MEDIA_URL: they have no public address, and
# only views that check who asks hand them out (innen.storedfiles).
MEDIA_ROOT = VAR_DIR / "media"

# The demo (DEBUG) writes e-mails as files under var/mail; production sends them over SMTP.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "innen@localhost")

# Security. See docs/security.md. Off DEBUG everything goes over HTTPS only.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = "Lax"
# A working day; a browser left open overnight signs in again (with its second factor).
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(12 * 60 * 60))
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
# A load balancer asks these over plain HTTP, behind the proxy that ends TLS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy that ends TLS: how many proxies stand in front, so the real client
# address (for lock-outs) and the scheme (for the HTTPS redirect) are read from its headers.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The lock-out reads the client's address where the portal's rate limit does.
AXES_CLIENT_IP_CALLABLE = "innen.client_address.client_address"

# The portal's rate limit counts in the default cache. Without CACHE_URL (or REDIS_URL) that
# is each process's own memory: enough for one process, but several would each count apart.
CACHES = {"default": envcache(os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", ""))}

# Brute force: after 5 wrong passwords for one username from one address, that pair waits.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "innen.accounts.signin_views.locked_out"

# Two factors: the name authenticator apps show above the code.
OTP_TOTP_ISSUER = "innen"

# Content-Security-Policy: this site's own files only, and no inline script anywhere.
# Inline styles stay allowed: the letter and e-mail previews are sandboxed srcdoc iframes,
# which inherit this policy, and e-mail HTML is styled inline by necessity. Images may be
# data: URIs (the portal's and the letters' EPC QR codes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Largest CSV a user may upload from the web (bytes).
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Webhook endpoints must be https on a public address; the demo and tests may post to localhost.
WEBHOOKS_ALLOW_LOCAL_HTTP = envbool("WEBHOOKS_ALLOW_LOCAL_HTTP", "true" if DEBUG else "false")

# Accounting packages (innen.connections). Tokens are sealed under CONNECTIONS_KEY, or a key
# derived from SECRET_KEY when it is empty. Moneybird's addresses can point at the fake
# (`python -m innen.connectors.fakes.moneybird_fake`) for a demo without an account.
CONNECTIONS_KEY = os.environ.get("CONNECTIONS_KEY", "")
MONEYBIRD_API_URL = os.environ.get("MONEYBIRD_API_URL", "https://moneybird.com/api/v2")
MONEYBIRD_OAUTH = {
    "authorize_url": os.environ.get(
        "MONEYBIRD_AUTHORIZE_URL", "https://moneybird.com/oauth/authorize"
    ),
    "token_url": os.environ.get("MONEYBIRD_TOKEN_URL", "https://moneybird.com/oauth/token"),
    "client_id": os.environ.get("MONEYBIRD_CLIENT_ID", ""),
    "client_secret": os.environ.get("MONEYBIRD_CLIENT_SECRET", ""),
}

# Exact Online (innen.connectors.exact): innen's app as registered in Exact's App Center. The
# base address is the owner's country (start.exactonline.nl, .be, .de, .co.uk, ...) or the fake
# (`python -m innen.connectors.fakes.exact_fake`); the redirect address defaults to
# /settings/connections/exact/back/ on this site and must be the one registered with Exact.
EXACT_OAUTH = {
    "base_url": os.environ.get("EXACT_BASE_URL", "https://start.exactonline.nl"),
    "client_id": os.environ.get("EXACT_CLIENT_ID", ""),
    "client_secret": os.environ.get("EXACT_CLIENT_SECRET", ""),
    "redirect_uri": os.environ.get("EXACT_REDIRECT_URI", ""),
}

# /readyz fails when no worker finished a task (its heartbeat included) for this long.
WORKER_SEEN_MINUTES = envint("WORKER_SEEN_MINUTES", "5")
# A task whose worker has not beaten for this long is put back for another worker (its lease).
WORKER_LEASE_SECONDS = envint("WORKER_LEASE_SECONDS", "120")
# Finished task results are deleted after this many days (failed ones after four times as long).
TASK_RESULTS_KEEP_DAYS = envint("TASK_RESULTS_KEEP_DAYS", "7")

# Logs go to stderr: as JSON lines (with the request id) off DEBUG or with LOG_FORMAT=json,
# else as plain text for a person at a terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "innen.web.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "innen.web.jsonlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    # Warnings and errors, as before there was this block (LOG_LEVEL=INFO says more).
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per request from innen.request; Django's own would repeat each error.
        "django.server": {"level": "WARNING"},
        # The per-request line is for production; the demo's terminal shows runserver's own.
        "innen.request": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
    },
}
