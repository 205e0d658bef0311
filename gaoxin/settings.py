"""Django settings for Gaoxin.

Everything a deployment changes comes from environment variables (documented in the README):
DATABASE_URL, GAOXIN_REDIS_URL, GAOXIN_SECRET_KEY, GAOXIN_DEBUG, GAOXIN_ALLOWED_HOSTS, GAOXIN_HTTPS, GAOXIN_VAR_DIR,
GAOXIN_SESSION_IDLE_MINUTES, GAOXIN_LOCKOUT_THRESHOLD, GAOXIN_LOCKOUT_MINUTES, GAOXIN_PASSWORD_MAX_AGE_DAYS.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("GAOXIN_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """A configured key, or one generated once and kept under var/ so sessions survive restarts."""
    if key := os.environ.get("GAOXIN_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("GAOXIN_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("GAOXIN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gaoxin.core",
    "gaoxin.organization",
    "gaoxin.web",
    "gaoxin.transfer",
    "gaoxin.registry",
    "gaoxin.submissions",
    "gaoxin.assessment",
    "gaoxin.points",
    "gaoxin.projects",
    "gaoxin.problems",
    "gaoxin.reports",
    "gaoxin.policies",
    "gaoxin.notifications",
    "gaoxin.indicators",
    "gaoxin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gaoxin.core.middleware.ApiErrorsAsJsonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gaoxin.organization.middleware.IdleSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gaoxin.organization.middleware.SecondFactorMiddleware",
    "gaoxin.core.middleware.RequestContextMiddleware",
    "gaoxin.organization.middleware.PasswordExpiryMiddleware",
    "gaoxin.web.middleware.FirstRunMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

# Filter forms' <select>/<input> written out in Python (same output as Django's templates, tested in
# web/tests/test_renderers.py): ~30 % of a list page's CPU went to the per-option templates.
FORM_RENDERER = "gaoxin.web.renderers.FastWidgets"

ROOT_URLCONF = "gaoxin.urls"
WSGI_APPLICATION = "gaoxin.wsgi.application"
AUTH_USER_MODEL = "organization.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gaoxin.web.context.navigation",
                "gaoxin.notifications.context.unread",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gaoxin.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the import worker write while pages read; busy timeout avoids spurious "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
            " PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The tests' database is a file too (not shared-cache memory, whose table locks ignore the busy
    # timeout): the worker tests run a task on another thread or in another process against it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Nothing is kept in one server process's memory (`gaoxin serve --workers N` runs several): the cache is a
# table of the database (created by migrate), or Redis when GAOXIN_REDIS_URL is set; sessions are rows of
# the database (Django's default session engine).
if REDIS_URL := os.environ.get("GAOXIN_REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gaoxin_cache"}
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work (imports, whole-zone assessment, points, bulletins): Django's Tasks framework, queued in
# the database and run by `gaoxin worker` (gaoxin/core/work.py). Nothing of it lives in a server process.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- security (等保 2.0 level-3 style, application layer) -------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "gaoxin.organization.passwords.ComplexityValidator"},
    {"NAME": "gaoxin.organization.passwords.NotCommonOrDerivedValidator"},
    {"NAME": "gaoxin.organization.passwords.PasswordHistoryValidator", "OPTIONS": {"count": 5}},
]
# Two-factor sign-in (gaoxin/organization/twofactor.py): TOTP codes of 6 digits every 30 s. django-otp's own
# per-device throttling is off: wrong codes count in the account lockout above (one counter, atomic).
OTP_TOTP_ISSUER = "高新区运营平台"
OTP_TOTP_THROTTLE_FACTOR = 0
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("GAOXIN_PASSWORD_MAX_AGE_DAYS", "90"))
LOCKOUT_THRESHOLD = int(os.environ.get("GAOXIN_LOCKOUT_THRESHOLD", "5"))
LOCKOUT_MINUTES = int(os.environ.get("GAOXIN_LOCKOUT_MINUTES", "30"))
SESSION_COOKIE_AGE = int(os.environ.get("GAOXIN_SESSION_IDLE_MINUTES", "30")) * 60
# The age above is an idle timeout, not an absolute one: IdleSessionMiddleware moves the expiry forward at
# most once per SESSION_REFRESH_SECONDS (Django's SESSION_SAVE_EVERY_REQUEST would write on every request).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = _env_bool("GAOXIN_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("GAOXIN_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Content-Security-Policy (Django's built-in support): scripts only from this site (HTMX, ECharts, Tabler are
# served from static/vendor/) or an inline <script nonce="{{ csp_nonce }}">; no inline event handlers
# (gaoxin.js reads data-confirm / data-autosubmit …); styles may be inline (Tabler, ECharts, HTMX indicators).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["gaoxin.formats"]  # one date style: 2026-10-18 (gaoxin/formats/zh_Hans/formats.py)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Static files are served by WhiteNoise straight from the app folders (no collectstatic step needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# The source tree of the criteria and import templates shipped with the project.
SHARED_DIR = Path(os.environ.get("GAOXIN_SHARED_DIR", PROJECT_DIR.parent / "shared"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GAOXIN_LOG_LEVEL", "WARNING")},
}


def _data_keys() -> str:
    """The personal-data keys (core/crypto.py): configured, or one generated once under var/ (0600).
    Back this file up apart from the database: without it the encrypted columns cannot be read."""
    if keys := os.environ.get("GAOXIN_DATA_KEY"):
        return keys
    path = VAR_DIR / "data_key"
    if not path.exists():
        import base64
        import tempfile

        # Written whole to a temporary file, then linked into place: the server and the worker that
        # scripts/run starts together may both get here, and the one that links second reads the first's.
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".data_key.")  # mode 0600
        with os.fdopen(fd, "w") as f:
            f.write("k1:" + base64.urlsafe_b64encode(os.urandom(32)).decode())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_text().strip()


DATA_KEYS = _data_keys()
