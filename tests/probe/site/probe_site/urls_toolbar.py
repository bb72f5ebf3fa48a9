"""The site's URLs and django-debug-toolbar's under `__debug__/`."""

from debug_toolbar.toolbar import debug_toolbar_urls

from .urls import urlpatterns

urlpatterns = [*urlpatterns, *debug_toolbar_urls()]
