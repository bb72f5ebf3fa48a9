import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probe_site.settings_hardened")
application = get_wsgi_application()
