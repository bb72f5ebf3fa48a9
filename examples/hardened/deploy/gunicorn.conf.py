"""gunicorn for the shop: started by deploy/systemd/shop.service, behind
nginx on a Unix socket."""

import multiprocessing

bind = "unix:/run/shop/gunicorn.sock"
workers = multiprocessing.cpu_count() * 2 + 1
timeout = 30
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
raw_env = ["DJANGO_SETTINGS_MODULE=shop.settings.production"]
