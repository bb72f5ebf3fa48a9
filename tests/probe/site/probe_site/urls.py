from django.conf import settings
from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.health, name="health"),
    path(getattr(settings, "ADMIN_PATH", "admin/"), admin.site.urls),
]
