"""Writes a settings package of about 2,000 lines for the evaluation benchmark:
a base module, component modules star-imported into it, and a production
module that reads its environment through os.environ, django-environ and
python-decouple, with loops, comprehensions, conditionals and mutations.

Usage: make_large_settings.py OUT_DIR [--lines 2000]
"""

import argparse
import os


def component(i):
    """A component module shaped like real settings: mostly literal dicts
    and lists, a few environment reads, one conditional, and a comprehension
    in every fourth module."""
    lines = [f'"""Component {i}: settings of one integration."""', "import os", ""]
    lines.append(f"COMPONENT_{i}_ENABLED = os.environ.get('COMPONENT_{i}_ENABLED', 'true').lower() in ('1', 'true', 'yes')")
    lines.append(f"COMPONENT_{i}_URL = os.environ.get('COMPONENT_{i}_URL', 'https://c{i}.example.com/api/')")
    lines.append(f"COMPONENT_{i}_TIMEOUT = int(os.environ.get('COMPONENT_{i}_TIMEOUT', '{10 + i}'))")
    lines.append(f"COMPONENT_{i}_OPTIONS = {{")
    for k in range(10):
        lines.append(f"    'option_{k}': {{'timeout': {k * 5}, 'retries': {k % 4}, 'name': 'c{i}-o{k}', 'enabled': {k % 2 == 0}}},")
    lines.append("}")
    lines.append(f"COMPONENT_{i}_BACKENDS = [")
    for k in range(4):
        lines.append(f"    'integrations.c{i}.backends.Backend{k}',")
    lines.append("]")
    lines.append(f"if COMPONENT_{i}_ENABLED:")
    lines.append(f"    COMPONENT_{i}_OPTIONS['option_0']['timeout'] = 99")
    lines.append("else:")
    lines.append(f"    COMPONENT_{i}_OPTIONS.pop('option_0')")
    if i % 4 == 0:
        lines.append(f"COMPONENT_{i}_HOSTS = [h.strip() for h in os.environ.get('COMPONENT_{i}_HOSTS', 'a{i}.example.com,b{i}.example.com').split(',') if h.strip()]")
    lines.append("")
    return lines


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--lines", type=int, default=2000)
    a = p.parse_args()
    pkg = os.path.join(a.out, "bigsite", "settings")
    os.makedirs(pkg, exist_ok=True)
    open(os.path.join(a.out, "bigsite", "__init__.py"), "w").close()
    open(os.path.join(pkg, "__init__.py"), "w").close()
    total = 0
    n = 0
    imports = []
    while total < a.lines - 120:
        lines = component(n)
        with open(os.path.join(pkg, f"component_{n}.py"), "w") as f:
            f.write("\n".join(lines) + "\n")
        imports.append(f"from .component_{n} import *  # noqa")
        total += len(lines)
        n += 1
    base = ['"""Base settings."""', "from pathlib import Path", "BASE_DIR = Path(__file__).resolve().parent.parent.parent"] + imports + [
        "INSTALLED_APPS = ['django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions', 'django.contrib.messages', 'django.contrib.staticfiles']",
        "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware', 'django.contrib.sessions.middleware.SessionMiddleware', 'django.middleware.common.CommonMiddleware', 'django.middleware.csrf.CsrfViewMiddleware', 'django.contrib.auth.middleware.AuthenticationMiddleware', 'django.contrib.messages.middleware.MessageMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware']",
        "STATIC_URL = '/static/'",
        "STATIC_ROOT = BASE_DIR / 'static'",
    ]
    with open(os.path.join(pkg, "base.py"), "w") as f:
        f.write("\n".join(base) + "\n")
    prod = [
        '"""Production settings."""',
        "import os",
        "import environ",
        "from decouple import config, Csv",
        "from .base import *  # noqa",
        "env = environ.Env(DEBUG=(bool, False))",
        "DEBUG = env('DEBUG')",
        "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']",
        "ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='example.com', cast=Csv())",
        "for _i in range(40):",
        "    ALLOWED_HOSTS.append(f'node{_i}.example.com')",
        "SECURE_HSTS_SECONDS = env.int('HSTS_SECONDS', default=31536000)",
        "SECURE_SSL_REDIRECT = True",
        "SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True",
        "DATABASES = {'default': env.db('DATABASE_URL', default='postgres://shop@db:5432/shop')}",
    ]
    with open(os.path.join(pkg, "production.py"), "w") as f:
        f.write("\n".join(prod) + "\n")
    total += len(base) + len(prod)
    with open(os.path.join(a.out, "manage.py"), "w") as f:
        f.write("import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'bigsite.settings.production')\n")
    print(f"{total} lines in {n + 3} modules under {pkg}")


if __name__ == "__main__":
    main()
