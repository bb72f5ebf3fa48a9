"""The hardened site redirecting to HTTPS itself (SECURE_SSL_REDIRECT) and
trusting X-Forwarded-Proto, behind a plain-HTTP nginx server that passes
the client's header on instead of setting it."""

import os

from .settings_hardened import *  # noqa: F403

SECURE_SSL_REDIRECT = True
SECURE_SSL_HOST = os.environ["PROBE_SSL_HOST"]
