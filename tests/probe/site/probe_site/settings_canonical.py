"""The hardened site, served under its canonical host name `localhost`:
`https://127.0.0.1/` redirects there, as an apex redirects to `www`."""

from .settings_hardened import *  # noqa: F403

ALLOWED_HOSTS = ["localhost"]
