"""Settings shared by every environment. Environment-specific files import from here."""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("OPENCSC_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_str("OPENCSC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

SERVICE_NAME = "opencsc"
ORGANISATION_NAME = env_str("OPENCSC_ORGANISATION_NAME", "Fernbridge Children's Trust")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "opencsc.core",
    "opencsc.organisations",
    "opencsc.accounts",
    "opencsc.people",
    "opencsc.casework",
    "opencsc.worklists",
    "opencsc.looked_after",
    "opencsc.care_leavers",
    "opencsc.returns",
    "opencsc.performance",
    "opencsc.workforce",
    "opencsc.oversight",
    "opencsc.api",
    "opencsc.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "opencsc.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opencsc.config.urls"
WSGI_APPLICATION = "opencsc.config.wsgi.application"

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
                "opencsc.core.context_processors.service",
            ],
        },
    },
]


def database_from_env() -> dict:
    """PostgreSQL when DATABASE_URL is set; otherwise SQLite in WAL mode under var/."""
    url = env_str("DATABASE_URL", "")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "opencsc.sqlite3",
        "OPTIONS": {
            # IMMEDIATE takes the write lock at the start of each transaction, so the
            # audit chain's head is never read by two writers at once.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                " PRAGMA busy_timeout=20000; PRAGMA cache_size=-65536;"
            ),
        },
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

# Lock-out after repeated failures (django-axes): by username, so one person's
# mistakes cannot lock a shared office IP out.
AXES_FAILURE_LIMIT = env_int("OPENCSC_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "opencsc.accounts.views.locked_out"
AXES_VERBOSE = False

# Session expiry after inactivity: every request renews the cookie.
SESSION_COOKIE_AGE = env_int("OPENCSC_SESSION_SECONDS", 30 * 60)
SESSION_WARNING_SECONDS = env_int("OPENCSC_SESSION_WARNING_SECONDS", 5 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
OTP_TOTP_ISSUER = "opencsc"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist"]

EMERGENCY_ACCESS_HOURS = env_int("OPENCSC_EMERGENCY_ACCESS_HOURS", 4)
DEMO_PASSWORD = env_str("OPENCSC_DEMO_PASSWORD", "opencsc-demo-2026")
PSEUDONYM_KEY = env_str("OPENCSC_PSEUDONYM_KEY", SECRET_KEY)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
TEST_BROWSER_REQUIRED = env_bool("OPENCSC_REQUIRE_BROWSER", False)
# The DfE's CIN census XSDs (CIN_schema_<year>[_derived].xsd), checked against when writing.
OPENCSC_SCHEMA_DIR = Path(
    env_str("OPENCSC_SCHEMA_DIR", str(BASE_DIR.parent / "shared" / "domain" / "schemas"))
)
# Returns built or uploaded from the web, and their reports (identifiable: see ADR 0009).
RETURNS_DIR = VAR_DIR / "returns"
# Build and validate returns in the request, not a background thread (tests set it).
RETURNS_RUN_INLINE = env_bool("OPENCSC_RETURNS_RUN_INLINE", False)
RETURNS_UPLOAD_MAX_MB = env_int("OPENCSC_RETURNS_UPLOAD_MAX_MB", 500)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Lock-out is by username (above), deliberately not by IP address: a whole office
# shares one address, and one person's mistakes must not lock out their colleagues.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
