from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static


def home(request):
    """A page that sets the CSRF cookie and links a stylesheet."""
    token = get_token(request)
    css = static("site.css")
    return HttpResponse(
        f'<!doctype html><html><head><title>Probe site</title><link rel="stylesheet" href="{css}"></head>'
        f'<body><h1>Probe site</h1><form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form></body></html>'
    )


def health(request):
    """For the load balancer: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"database": "ok"})
