from django.contrib import admin
from django.urls import path

from shop import views

urlpatterns = [
    path("healthz/", views.health, name="health"),
    path("admin/", admin.site.urls),
]
