"""Django settings. Environment variables: DATABASE_URL (PostgreSQL in production),
SAMORDNA_SECRET_KEY, SAMORDNA_DEBUG, SAMORDNA_ALLOWED_HOSTS, SAMORDNA_DATA_DIR."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SAMORDNA_DATA_DIR", BASE_DIR.parent.parent / "var"))

DEBUG = os.environ.get("SAMORDNA_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SAMORDNA_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SAMORDNA_SECRET_KEY måste sättas i produktion")
    SECRET_KEY = "samordna-development-only-not-secret"
ALLOWED_HOSTS = os.environ.get("SAMORDNA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "samordna.core",
    "samordna.accounts",
    "samordna.organisation",
    "samordna.economy",
    "samordna.interventions",
    "samordna.documents",
    "samordna.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samordna.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "samordna.urls"
WSGI_APPLICATION = "samordna.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent saves wait for each other instead of failing with "database is locked":
    # WAL lets pages be read while someone writes, IMMEDIATE takes the write lock when a
    # transaction begins (no deadlock when two readers both want to write), and a save waits
    # up to 20 s for the lock (a large plan load holds it for a few seconds).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "association_list"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
