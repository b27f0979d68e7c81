"""Django settings, read from environment variables (each is described in the README's
configuration table). Production is the default: DEBUG only with SAMORDNA_DEBUG=1."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SAMORDNA_DATA_DIR", BASE_DIR.parent.parent / "var"))



def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value in (None, "") else value.strip().lower() in ("1", "true", "yes", "on")


def _env_list(name: str, default: str = "") -> list[str]:
    return [x.strip() for x in os.environ.get(name, default).split(",") if x.strip()]


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = _env_flag("SAMORDNA_DEBUG", False)
SECRET_KEY = os.environ.get("SAMORDNA_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SAMORDNA_SECRET_KEY måste sättas i produktion "
                                   "(SAMORDNA_DEBUG=1 för utveckling, som make demo gör)")
    SECRET_KEY = "samordna-development-only-not-secret"
ALLOWED_HOSTS = _env_list("SAMORDNA_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "mozilla_django_oidc",
    "django_tasks",
    "django_tasks_db",
    "samordna.core",
    "samordna.accounts",
    "samordna.organisation",
    "samordna.economy",
    "samordna.interventions",
    "samordna.documents",
    "samordna.followup",
    "samordna.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samordna.accounts.middleware.SessionExpiryMiddleware",
    "samordna.accounts.middleware.TwoFactorRequiredMiddleware",
    "samordna.accounts.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samordna.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samordna.urls"
WSGI_APPLICATION = "samordna.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} remembers its answers (core/templatetags/cached_url.py)
            "builtins": ["samordna.core.templatetags.cached_url"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samordna.core.context_processors.navigation",
                "samordna.accounts.context_processors.permissions",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'samordna.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web and the task worker write to one file, and concurrent saves must wait for each
    # other instead of failing with "database is locked": WAL lets pages be read while someone
    # writes, IMMEDIATE takes the write lock when a transaction begins (no deadlock when two
    # readers both want to write), and a save waits up to 20 s for the lock (a large plan load
    # holds it for a few seconds).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- background jobs and cache
# Documents are made by a task worker (`samordna db_worker`), never inside a request: the
# jobs wait in the database (django-tasks' database backend), so the SQLite default needs
# no other service, and PostgreSQL in production takes them the same way.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Plan data and figures are computed once per plan version and kept in this cache: local
# memory in each process by default; SAMORDNA_CACHE_URL shares it between app servers
# (redis://host:6379/0, or db://tabellnamn for a table in the database: `samordna
# createcachetable` first).
_cache_url = os.environ.get("SAMORDNA_CACHE_URL", "").strip()
if _cache_url.startswith(("redis://", "rediss://")):
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
elif _cache_url.startswith("db://"):
    _cache = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": _cache_url[5:]}
elif _cache_url:
    raise ImproperlyConfigured("SAMORDNA_CACHE_URL ska börja med redis://, rediss:// eller db://")
else:
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "samordna"}
CACHES = {"default": {**_cache, "TIMEOUT": _env_int("SAMORDNA_CACHE_SECONDS", 24 * 3600),
                      "KEY_PREFIX": "samordna"}}

# ---------------------------------------------------------------- people and login
# Argon2id first; PBKDF2 still verifies (and is upgraded on the next login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "samordna.accounts.validators.ContextWordsValidator"},
]
# Axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "association_list"
LOGOUT_REDIRECT_URL = "login"

# Lockout (django-axes): 20 wrong passwords for one username lock that account, and 20
# from one address (password spraying) lock that address, for SAMORDNA_LOCKOUT_MINUTES;
# the secretariat can lift it sooner. No usernames or addresses in the log (AXES_VERBOSE
# off); only failures are stored, for the count. The client address is REMOTE_ADDR, or the
# address the TLS proxy saw (X-Forwarded-For) behind one: a header a client could forge
# is never trusted otherwise.
AXES_FAILURE_LIMIT = 20
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("SAMORDNA_LOCKOUT_MINUTES", 60))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "samordna.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
if _env_flag("SAMORDNA_BEHIND_TLS_PROXY", False):
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Two factors (django-otp): TOTP apps and one-time recovery codes.
OTP_TOTP_ISSUER = "Samordna"
# An e-ID login through the OIDC broker is itself multi-factor (BankID, Freja eID+).
SAMORDNA_OIDC_SATISFIES_2FA = _env_flag("SAMORDNA_OIDC_SATISFIES_2FA", True)

# Sessions: signed out after SAMORDNA_SESSION_IDLE_MINUTES without a request, and
# SAMORDNA_SESSION_MAX_HOURS after signing in whatever happens; re-authentication
# (password again) for sensitive actions after SAMORDNA_REAUTH_MINUTES.
SAMORDNA_SESSION_IDLE_MINUTES = _env_int("SAMORDNA_SESSION_IDLE_MINUTES", 30)
SAMORDNA_SESSION_MAX_HOURS = _env_int("SAMORDNA_SESSION_MAX_HOURS", 10)
SAMORDNA_REAUTH_MINUTES = _env_int("SAMORDNA_REAUTH_MINUTES", 10)
SESSION_COOKIE_AGE = SAMORDNA_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Invitations and password resets: links signed with SECRET_KEY, valid this long.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
SAMORDNA_INVITATION_DAYS = _env_int("SAMORDNA_INVITATION_DAYS", 7)

# E-mail: printed to the console unless an SMTP server is named.
DEFAULT_FROM_EMAIL = os.environ.get("SAMORDNA_EMAIL_FROM", "samordna@localhost")
if os.environ.get("SAMORDNA_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["SAMORDNA_EMAIL_HOST"]
    EMAIL_PORT = _env_int("SAMORDNA_EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("SAMORDNA_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("SAMORDNA_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _env_flag("SAMORDNA_EMAIL_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# e-ID through OpenID Connect (mozilla-django-oidc): on only when a provider is named.
# The verified identity (SAMORDNA_OIDC_CLAIM) is matched to an existing user's
# SAMORDNA_OIDC_USER_FIELD; nobody is ever created by a login.
SAMORDNA_OIDC_ENABLED = bool(os.environ.get("SAMORDNA_OIDC_CLIENT_ID"))
SAMORDNA_OIDC_CLAIM = os.environ.get("SAMORDNA_OIDC_CLAIM", "email")
SAMORDNA_OIDC_USER_FIELD = os.environ.get("SAMORDNA_OIDC_USER_FIELD", "email")
SAMORDNA_OIDC_ISSUER = os.environ.get("SAMORDNA_OIDC_ISSUER", "")
SAMORDNA_OIDC_PROVIDER_NAME = os.environ.get("SAMORDNA_OIDC_PROVIDER_NAME", "e-legitimation")
OIDC_RP_CLIENT_ID = os.environ.get("SAMORDNA_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("SAMORDNA_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("SAMORDNA_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("SAMORDNA_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("SAMORDNA_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("SAMORDNA_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("SAMORDNA_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("SAMORDNA_OIDC_SCOPES", "openid email")
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 15
OIDC_AUTHENTICATION_CALLBACK_URL = "eid_callback"
LOGIN_REDIRECT_URL_FAILURE = "/logga-in/?eid=misslyckades"
if SAMORDNA_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("samordna.accounts.oidc.EidBackend")

# ---------------------------------------------------------------- transport and headers
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (nginx, Caddy, a load
# balancer): without this every POST from the https origin fails the CSRF origin check.
if _env_flag("SAMORDNA_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = _env_list("SAMORDNA_CSRF_TRUSTED_ORIGINS")
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_flag("SAMORDNA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = _env_int("SAMORDNA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

# Equity ceiling per size band (FINSAM.md B6, unconfirmed — configurable):
# (smallest yearly contributions, largest (exclusive) or None, ceiling share).
SAMORDNA_EQUITY_BANDS = [("0", None, "0.20")]

# Participant follow-up (FINSAM.md §6, docs/followup.md): which support sources, end reasons
# and education levels are in use (codes of finsam/vocabulary.py), the progression step
# scale (1..N), the small-count suppression threshold and the most rows one import takes.
# Keys left out keep finsam.followup.DEFAULT_CONFIG's value.
SAMORDNA_FOLLOWUP = {
    "suppression_threshold": 5,
    "progression_steps": 7,
}
# What Uppföljning Finsam (Försäkringskassan) calls our codes: its values for levels,
# categories (preciserad inriktning), follow-up methods, ESF flags and financiers. Not
# confirmed nationally, so configurable: {"levels": {"individual": "…"}, …}; codes left out
# keep finsam.uppfoljning.DEFAULT_CODES' value (docs/followup.md).
SAMORDNA_UPPFOLJNING_CODES: dict[str, dict[str, str]] = {}

# Identified follow-up (FINSAM.md §7, docs/followup.md): participants' names and numbers are
# encrypted with keys of their own (Fernet keys, comma-separated, newest first; the older ones
# only decrypt until `samordna rotate-identity-key` has re-encrypted everything), and found by
# an HMAC-SHA256 of the normalised 12-digit number under SAMORDNA_IDENTITY_HASH_KEY. Without
# keys no identity can be registered. Identities are purged SAMORDNA_IDENTITY_RETENTION_MONTHS
# after a person's last enrolment ended (`samordna purge-identities`).
SAMORDNA_IDENTITY_KEYS = _env_list("SAMORDNA_IDENTITY_KEYS")
SAMORDNA_IDENTITY_HASH_KEY = os.environ.get("SAMORDNA_IDENTITY_HASH_KEY", "")
if DEBUG and not SAMORDNA_IDENTITY_KEYS:  # development only (make demo): keys derived from SECRET_KEY
    import base64
    import hashlib

    SAMORDNA_IDENTITY_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(
        f"identity:{SECRET_KEY}".encode()).digest()).decode()]
    SAMORDNA_IDENTITY_HASH_KEY = SAMORDNA_IDENTITY_HASH_KEY or f"identity-hash:{SECRET_KEY}"
SAMORDNA_IDENTITY_RETENTION_MONTHS = _env_int("SAMORDNA_IDENTITY_RETENTION_MONTHS", 24)
SAMORDNA_CONSENT_VERSION = os.environ.get("SAMORDNA_CONSENT_VERSION", "1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
