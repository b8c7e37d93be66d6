"""Settings for Medborgarlöften, read from the environment (or `.env`) with django-environ.

Every variable is documented in README.md. A wrong value stops start-up with a message that
names the variable.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _env(reader, name, **kwargs):
    """Read one variable; a value that cannot be parsed names the variable in the error."""
    try:
        return reader(name, **kwargs)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"The environment variable {name} has an invalid value: {error}") from error


DEBUG = _env(env.bool, "DEBUG", default=False)

SECRET_KEY = _env(env.str, "SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "The environment variable SECRET_KEY must be set when DEBUG is off (set DEBUG=true for local development)."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = _env(env.list, "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = _env(env.list, "CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django_filters",
    "simple_history",
    "import_export",
    "rules",
    "axes",
    "approvals",
    "agreements",
    "promises",
    "followup",
    "cycle",
    "public",
    "coordination",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag from the page's content, and 304 for a conditional request that still matches.
    "django.middleware.http.ConditionalGetMiddleware",
    "agreements.middleware.PublicCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in while an account or address is locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    # Object-level permissions: approvals/rules.py says who may do what with which record.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "approvals:start"
LOGOUT_REDIRECT_URL = "public:municipality_list"

# --- Issue 13, items 2, 9 (sessions, no-store, passwords), 10 and 11: sign-in and sessions ---
# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT failed attempts, that username is locked
# for AXES_COOLOFF_MINUTES from that client address only. Locking the account alone would let
# anyone lock a named chief out; locking the address alone would, behind a proxy, lock out everyone.
AXES_FAILURE_LIMIT = _env(env.int, "AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=_env(env.int, "AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# How many reverse proxies we run in front of the application. 0: the client is REMOTE_ADDR.
# N: the client is the N-th address from the right of X-Forwarded-For (the ones our proxies
# appended); anything further left was written by the client and is never trusted.
TRUSTED_PROXY_COUNT = _env(env.int, "TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("The environment variable TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "approvals.client_address.client_address"
# A signed-in session ends after this long without a request, and this long after sign-in at most.
SESSION_IDLE_MINUTES = _env(env.int, "SESSION_IDLE_MINUTES", default=120)
SESSION_MAX_HOURS = _env(env.int, "SESSION_MAX_HOURS", default=12)
if SESSION_IDLE_MINUTES < 1 or SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured("The environment variables SESSION_IDLE_MINUTES and SESSION_MAX_HOURS must be 1 or more.")
# The cookie and the stored session never outlive the absolute lifetime either.
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
# Idle and absolute expiry, and security events (failed and locked sign-ins, 403, 404 on working
# pages) as structured lines on stderr; both need the signed-in user.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "approvals.session_expiry.SessionExpiryMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "approvals.security_log.SecurityEventMiddleware",
)
# --- end of issue 13 sign-in and sessions block ---

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite by default so that the demo runs anywhere; PostgreSQL (psycopg 3) in production and CI.
DATABASES = {
    "default": _env(env.db_url, "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", _env(env.int, "CONN_MAX_AGE", default=60))
# --- Issue 13, item 7: faults answer well ---
# A persistent connection is checked before each request reuses it, so after a database restart
# no worker fails a request on a dead connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# While the database is down every page is a 503 with Retry-After, not a 500. Just inside
# WhiteNoise, so static files are still served and everything that may touch the database is inside.
MIDDLEWARE.insert(MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "agreements.middleware.DatabaseUnavailableMiddleware")
# --- end of issue 13 item 7 block ---

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Issue 13: at least 12 characters (ASVS 2.1.1).
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = _env(env.path, "MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Security. Production values are the defaults whenever DEBUG is off; `check --deploy` is clean.
SECURE_SSL_REDIRECT = _env(env.bool, "SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = _env(env.int, "SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env(env.bool, "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = _env(env.bool, "SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = _env(env.bool, "SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = _env(env.bool, "CSRF_COOKIE_SECURE", default=not DEBUG)
if _env(env.bool, "BEHIND_TLS_PROXY", default=False):
    # Only trust X-Forwarded-Proto when a proxy we control sets it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = _env(
    env.str,
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = _env(env.str, "EMAIL_HOST", default="localhost")
EMAIL_PORT = _env(env.int, "EMAIL_PORT", default=25)
EMAIL_HOST_USER = _env(env.str, "EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = _env(env.str, "EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = _env(env.bool, "EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = _env(env.str, "DEFAULT_FROM_EMAIL", default="medborgarloften@localhost")
# Follow-up reports are due this many days after their period ends; reminders go out this many
# days before that.
REPORT_DEADLINE_DAYS = _env(env.int, "REPORT_DEADLINE_DAYS", default=30)
REPORT_REMINDER_DAYS = _env(env.int, "REPORT_REMINDER_DAYS", default=14)
# django-import-export (administrators' reference data): formulae never run in an exported sheet.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = None
# Spreadsheet imports: the largest file and the most rows accepted at a time.
IMPORT_MAX_BYTES = _env(env.int, "IMPORT_MAX_BYTES", default=5_000_000)
IMPORT_MAX_ROWS = _env(env.int, "IMPORT_MAX_ROWS", default=10_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1_000_000
# Issue 13, bounded and idempotent imports: an upload up to IMPORT_MAX_BYTES is held in memory, a
# larger one goes to a temporary file and is refused by its size without being read. A checked file
# waits IMPORT_TOKEN_MINUTES for its confirmation.
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES
IMPORT_TOKEN_MAX_AGE = datetime.timedelta(minutes=_env(env.int, "IMPORT_TOKEN_MINUTES", default=60))
if IMPORT_TOKEN_MAX_AGE <= datetime.timedelta(0):
    raise ImproperlyConfigured("The environment variable IMPORT_TOKEN_MINUTES must be a positive number of minutes.")
# The site's own address, for links in e-mail.
SITE_URL = _env(env.str, "SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env(env.str, "LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every step of every PDF at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Security events (approvals.security_log) are kept whatever LOG_LEVEL says.
        "security": {"level": "INFO"},
    },
}

# --- Issue 13, item 9: Content-Security-Policy ---
# Nothing inline runs or styles anything: every script and stylesheet is a file of our own, so an
# injected <script> or style="" does nothing even if escaping ever failed (ASVS 14.4.3). The
# middleware sits just inside SecurityMiddleware, outside WhiteNoise (which answers static files
# without going further in) and outside the database's 503, so every response carries the header.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Optionally, where browsers send a report of each violation (an address that accepts CSP reports).
# Not kept as a setting named CSP_REPORT_URI: django-csp's check refuses its 3.x setting names.
_csp_report_uri = _env(env.str, "CSP_REPORT_URI", default="").strip()
if _csp_report_uri:
    if not _csp_report_uri.startswith(("https://", "http://", "/")) or any(c in _csp_report_uri for c in " ;,'\"\t\r\n"):
        raise ImproperlyConfigured(
            "The environment variable CSP_REPORT_URI must be one absolute http(s) address or a path "
            "starting with /, without spaces, commas, semicolons or quotes."
        )
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [_csp_report_uri]
INSTALLED_APPS.append("csp")
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
# --- end of Content-Security-Policy block ---

# --- Issue 13, item 9: second factor (TOTP) ---
# After the password, a one-time code from an authenticator app (django-otp's TOTP devices), with
# single-use recovery codes (its static devices); see approvals/second_factor.py. With
# SECOND_FACTOR_REQUIRED everyone who can enter the admin (administrators, police area chiefs,
# other staff) must set one up before anything else; coordinators may. Whoever has one is always
# asked for it. `make demo` turns the requirement off so that the demo users sign in with a password.
# Read strictly: django-environ takes any unknown word for false, and a typo must not turn it off.
_second_factor_required = _env(env.str, "SECOND_FACTOR_REQUIRED", default="true").strip().lower()
if _second_factor_required not in {"true", "false", "1", "0", "yes", "no", "on", "off"}:
    raise ImproperlyConfigured("The environment variable SECOND_FACTOR_REQUIRED must be true or false.")
SECOND_FACTOR_REQUIRED = _second_factor_required in {"true", "1", "yes", "on"}
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
# The name authenticator apps show for the account.
OTP_TOTP_ISSUER = "Medborgarlöften"
# The admin's device pages never show a secret key or a recovery code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Who is verified (OTPMiddleware), then the gate that sends whoever still has to type a code, or
# set one up, to that page; both need the signed-in user and run after the session's expiry check.
MIDDLEWARE.insert(MIDDLEWARE.index("approvals.session_expiry.SessionExpiryMiddleware") + 1, "django_otp.middleware.OTPMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1, "approvals.second_factor.SecondFactorMiddleware")
# --- end of second factor block ---

# --- Issue 14, items 2 and 3: server-side cache of the public pages ---
# Django's cache: Redis at REDIS_URL (every app server the same one), else this process's memory,
# so that `make demo` needs nothing. Anonymous readers' public pages are kept there under the
# publication stamp (agreements/public_cache.py) for at most PUBLIC_CACHE_SECONDS; any change that a
# public page may show moves the stamp at once.
REDIS_URL = _env(env.str, "REDIS_URL", default="").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("The environment variable REDIS_URL must start with redis://, rediss:// or unix://.")
CACHES = {
    "default": (
        {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "medborgarloften"}
    )
}
PUBLIC_CACHE_SECONDS = _env(env.int, "PUBLIC_CACHE_SECONDS", default=3600)
if PUBLIC_CACHE_SECONDS < 1:
    raise ImproperlyConfigured("The environment variable PUBLIC_CACHE_SECONDS must be 1 or more.")
# Each process's memory is its own: with several workers and no Redis, a change seen by one would
# not move the others' stamp. So without REDIS_URL the page cache is on only with DEBUG (one
# runserver process) unless PUBLIC_CACHE says otherwise (one worker only!).
PUBLIC_CACHE = _env(env.bool, "PUBLIC_CACHE", default=bool(REDIS_URL) or DEBUG)
if PUBLIC_CACHE:
    # The stamp gives the ETag without rendering the page; ConditionalGetMiddleware would render
    # the page to hash it. Pages not cached (signed-in work) are never stored by anyone anyway.
    MIDDLEWARE.remove("django.middleware.http.ConditionalGetMiddleware")
# --- end of public page cache block ---

# --- Issue 15, item 5: Swedish by default, English by choice ---
# Swedish whatever the browser's Accept-Language asks; English only by the reader's explicit
# choice (the language switch, remembered in Django's language cookie). agreements/language.py.
MIDDLEWARE[MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware")] = "agreements.language.ChosenLanguageMiddleware"
# A year, so that the choice is remembered (Django's default cookie ends with the browser session).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
# --- end of language block ---

# --- Issue 15, accessibility statement ---
# Where readers report accessibility problems: the law (2018:1937) asks for a feedback channel of
# the service's own, shown on /tillganglighet/. Set it to an address someone reads.
ACCESSIBILITY_CONTACT_EMAIL = _env(env.str, "ACCESSIBILITY_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL).strip()
from django.core.exceptions import ValidationError as _ValidationError  # noqa: E402
from django.core.validators import validate_email as _validate_email  # noqa: E402

try:
    _validate_email(ACCESSIBILITY_CONTACT_EMAIL)
except _ValidationError as error:
    raise ImproperlyConfigured("The environment variable ACCESSIBILITY_CONTACT_EMAIL must be an e-mail address.") from error
# --- end of accessibility statement block ---

# --- dcat: the DCAT-AP-SE catalogue of the open data (/oppna-data/katalog.rdf) ---
# Who publishes the open data and whom to write about it, as dataportal.se shows them. The
# publisher's type is a term of the ADMS publisher-type vocabulary.
OPEN_DATA_PUBLISHER_NAME = _env(env.str, "OPEN_DATA_PUBLISHER_NAME", default="Medborgarlöften").strip()
OPEN_DATA_PUBLISHER_URL = _env(env.str, "OPEN_DATA_PUBLISHER_URL", default=SITE_URL).strip()
OPEN_DATA_PUBLISHER_TYPE = _env(env.str, "OPEN_DATA_PUBLISHER_TYPE", default="LocalAuthority").strip()
OPEN_DATA_CONTACT_EMAIL = _env(env.str, "OPEN_DATA_CONTACT_EMAIL", default=ACCESSIBILITY_CONTACT_EMAIL).strip()
_ADMS_PUBLISHER_TYPES = {
    "Academia-ScientificOrganisation",
    "Company",
    "IndustryConsortium",
    "LocalAuthority",
    "NationalAuthority",
    "NonGovernmentalOrganisation",
    "NonProfitOrganisation",
    "PrivateIndividual",
    "RegionalAuthority",
    "StandardisationBody",
    "SupraNationalAuthority",
}
if not OPEN_DATA_PUBLISHER_NAME:
    raise ImproperlyConfigured("The environment variable OPEN_DATA_PUBLISHER_NAME must not be empty.")
if not OPEN_DATA_PUBLISHER_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("The environment variable OPEN_DATA_PUBLISHER_URL must be an http(s) address.")
if OPEN_DATA_PUBLISHER_TYPE not in _ADMS_PUBLISHER_TYPES:
    raise ImproperlyConfigured(
        "The environment variable OPEN_DATA_PUBLISHER_TYPE must be one of " + ", ".join(sorted(_ADMS_PUBLISHER_TYPES)) + "."
    )
try:
    _validate_email(OPEN_DATA_CONTACT_EMAIL)
except _ValidationError as error:
    raise ImproperlyConfigured("The environment variable OPEN_DATA_CONTACT_EMAIL must be an e-mail address.") from error
# --- end of dcat block ---

# --- sub: e-mail subscriptions for residents (subscriptions/) ---
# Residents subscribe without an account to what a municipality (or the whole country) publishes.
# A confirmation link is valid for SUBSCRIPTION_CONFIRM_DAYS; an address never confirmed is deleted
# after that. The form takes at most SUBSCRIPTION_RATE_LIMIT requests per client address an hour
# (counted in Django's cache). After a publication, at most SUBSCRIPTION_SEND_NOW_MAX messages go out
# at once, each waiting at most SUBSCRIPTION_SMTP_TIMEOUT seconds for the mail server; the rest, and
# whatever failed, go with `manage.py send_subscription_mail` (run it every few minutes).
INSTALLED_APPS.append("subscriptions")
SUBSCRIPTION_CONFIRM_MAX_AGE = datetime.timedelta(days=_env(env.int, "SUBSCRIPTION_CONFIRM_DAYS", default=3))
SUBSCRIPTION_RATE_LIMIT = _env(env.int, "SUBSCRIPTION_RATE_LIMIT", default=5)
SUBSCRIPTION_RATE_WINDOW = 3600
SUBSCRIPTION_SEND_NOW_MAX = _env(env.int, "SUBSCRIPTION_SEND_NOW_MAX", default=50)
SUBSCRIPTION_SMTP_TIMEOUT = _env(env.int, "SUBSCRIPTION_SMTP_TIMEOUT", default=5)
if SUBSCRIPTION_CONFIRM_MAX_AGE <= datetime.timedelta(0):
    raise ImproperlyConfigured("The environment variable SUBSCRIPTION_CONFIRM_DAYS must be 1 or more.")
if SUBSCRIPTION_RATE_LIMIT < 1 or SUBSCRIPTION_SMTP_TIMEOUT < 1 or SUBSCRIPTION_SEND_NOW_MAX < 0:
    raise ImproperlyConfigured(
        "The environment variables SUBSCRIPTION_RATE_LIMIT and SUBSCRIPTION_SMTP_TIMEOUT must be 1 or more, "
        "and SUBSCRIPTION_SEND_NOW_MAX 0 or more."
    )
# SITE_URL (links in e-mail) is set above.
# --- end of sub block ---
