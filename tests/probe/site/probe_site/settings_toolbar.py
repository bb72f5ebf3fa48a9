"""DEBUG on with django-debug-toolbar shown to local addresses, as in
development — what the probe must report when it reaches production."""

from .settings_debug import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]  # noqa: F405
MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE]  # noqa: F405
INTERNAL_IPS = ["127.0.0.1"]
ROOT_URLCONF = "probe_site.urls_toolbar"
