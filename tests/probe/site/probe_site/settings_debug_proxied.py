"""DEBUG left on behind nginx with TLS: what a probe that starts at the
http:// URL must still find."""

from .settings_debug import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
