#!/usr/bin/env python3
"""End-to-end test of `golive probe` against a real stack on loopback.

Starts, on 127.0.0.1 only, the small Django site in tests/probe/site in three
configurations and probes each with the golive binary:

- hardened: gunicorn behind nginx with TLS (a certificate made here with
  openssl), a catch-all server for unknown hosts, HTTP redirected, HSTS, CSP,
  cached and compressed static files, security.txt, the admin moved;
- insecure: gunicorn behind nginx over plain HTTP, ALLOWED_HOSTS = ['*'], no
  security middleware, nginx defaults;
- debug: `django-admin runserver` with DEBUG = True;
- legacy: the hardened stack with TLS 1.0/1.1 enabled in nginx and a
  certificate that expires in ten days.

For each it asserts the exact set of WEB findings and the grade. Every
process is stopped at the end, whatever happens.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SITE = os.path.join(HERE, "site")

EXPECTED = {
    "hardened": ([], "A+"),
    "insecure": (["WEB002", "WEB003", "WEB006", "WEB007", "WEB010", "WEB011", "WEB012", "WEB013", "WEB014", "WEB019"], "F"),
    "debug": (["WEB001", "WEB003", "WEB010", "WEB011", "WEB012", "WEB013", "WEB014", "WEB020"], "F"),
    # The hardened site, but nginx also speaks TLS 1.0/1.1 and the
    # certificate runs out in ten days.
    "legacy": (["WEB016", "WEB018"], "C+"),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def nginx_binary():
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.path.exists(candidate):
            return candidate
    raise SystemExit("nginx is not installed (scripts/test.sh installs it)")


HARDENED = """
worker_processes 1;
pid {work}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include {mime};
    access_log off;
    client_body_temp_path {work}/temp/body;
    proxy_temp_path {work}/temp/proxy;
    fastcgi_temp_path {work}/temp/fastcgi;
    uwsgi_temp_path {work}/temp/uwsgi;
    scgi_temp_path {work}/temp/scgi;
    server_tokens off;
    gzip on;
    gzip_types text/css application/javascript;
    gzip_min_length 0;
    client_max_body_size 10m;

    server {{
        listen 127.0.0.1:{http} default_server;
        listen 127.0.0.1:{https} ssl default_server;
        server_name _;
        ssl_certificate {work}/tls/cert.pem;
        ssl_certificate_key {work}/tls/key.pem;
        return 444;
    }}
    server {{
        listen 127.0.0.1:{http};
        server_name 127.0.0.1;
        return 301 https://127.0.0.1:{https}$request_uri;
    }}
    server {{
        listen 127.0.0.1:{https} ssl;
        server_name 127.0.0.1;
        ssl_certificate {work}/tls/cert.pem;
        ssl_certificate_key {work}/tls/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        add_header Content-Security-Policy "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" always;

        location /static/ {{
            alias {static}/;
            expires 1y;
            add_header Content-Security-Policy "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" always;
            add_header Cache-Control "public, immutable";
        }}
        location = /.well-known/security.txt {{
            default_type text/plain;
            return 200 "Contact: mailto:security@example.com\\nExpires: 2030-01-01T00:00:00.000Z\\n";
        }}
        location / {{
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_pass http://127.0.0.1:{app};
        }}
    }}
}}
"""

INSECURE = """
worker_processes 1;
pid {work}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include {mime};
    access_log off;
    client_body_temp_path {work}/temp/body;
    proxy_temp_path {work}/temp/proxy;
    fastcgi_temp_path {work}/temp/fastcgi;
    uwsgi_temp_path {work}/temp/uwsgi;
    scgi_temp_path {work}/temp/scgi;
    server {{
        listen 127.0.0.1:{http};
        server_name 127.0.0.1;
        location /static/ {{
            alias {static}/;
        }}
        location / {{
            proxy_set_header Host $http_host;
            proxy_pass http://127.0.0.1:{app};
        }}
    }}
}}
"""


def start(cmd, env, cwd, log):
    return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def probe(golive, url, extra, record):
    started = time.time()
    out = subprocess.run([golive, "probe", url, "--format", "json", "--timeout", "3", "--record", record, *extra], capture_output=True, text=True)
    elapsed = time.time() - started
    if out.returncode not in (0, 1):
        raise RuntimeError(f"golive probe {url} failed ({out.returncode}): {out.stderr}")
    return json.loads(out.stdout), elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True)
    ap.add_argument("--venv", required=True, help="a venv with Django and gunicorn")
    a = ap.parse_args()
    golive = os.path.abspath(a.golive)
    venv = os.path.abspath(a.venv)
    python = os.path.join(venv, "bin", "python")
    gunicorn = os.path.join(venv, "bin", "gunicorn")
    nginx = nginx_binary()
    mime = "/etc/nginx/mime.types"
    work = tempfile.mkdtemp(prefix="golive-stack-")
    os.chmod(work, 0o755)
    procs = []
    failures = []
    try:
        os.makedirs(os.path.join(work, "tls"))
        # nginx's temporary files stay in the work directory, so that the
        # stack also runs without root.
        os.makedirs(os.path.join(work, "temp"))
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", os.path.join(work, "tls/key.pem"), "-out", os.path.join(work, "tls/cert.pem")],
            check=True, capture_output=True)
        static = os.path.join(work, "static")
        shutil.copytree(os.path.join(SITE, "static"), static)
        os.system(f"chmod -R a+rX {work}")
        log = open(os.path.join(work, "stack.log"), "w")
        base_env = {**os.environ, "PYTHONPATH": SITE, "PROBE_STATIC_ROOT": static}
        results = {}
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "10", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", os.path.join(work, "tls/short-key.pem"), "-out", os.path.join(work, "tls/short-cert.pem")],
            check=True, capture_output=True)
        for name in ("hardened", "insecure", "debug", "legacy"):
            app, http, https = free_port(), free_port(), free_port()
            settings = "hardened" if name == "legacy" else name
            env = {**base_env, "DJANGO_SETTINGS_MODULE": f"probe_site.settings_{settings}"}
            running = []
            try:
                if name == "debug":
                    running.append(start([python, "-m", "django", "runserver", f"127.0.0.1:{app}", "--noreload"], env, SITE, log))
                    wait_for(app)
                    # A health path that does not exist: WEB020.
                    url, extra = f"http://127.0.0.1:{app}/", ["--health", "/ready/"]
                else:
                    running.append(start([gunicorn, "--bind", f"127.0.0.1:{app}", "--workers", "2", "probe_site.wsgi"], env, SITE, log))
                    conf = os.path.join(work, f"nginx-{name}.conf")
                    template = INSECURE if name == "insecure" else HARDENED
                    text = template.format(work=work, mime=mime, http=http, https=https, app=app, static=static)
                    if name == "legacy":
                        # Debian's OpenSSL refuses TLS 1.0/1.1 below security level 0.
                        text = text.replace("ssl_protocols TLSv1.2 TLSv1.3;", "")
                        text = text.replace("server_tokens off;", 'server_tokens off;\n    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;\n    ssl_ciphers "DEFAULT:@SECLEVEL=0";')
                        text = text.replace("tls/cert.pem", "tls/short-cert.pem").replace("tls/key.pem", "tls/short-key.pem")
                    with open(conf, "w") as f:
                        f.write("daemon off;\nerror_log stderr;\n" + text)
                    running.append(start([nginx, "-c", conf, "-p", work + "/", "-e", "stderr"], env, work, log))
                    wait_for(app)
                    wait_for(http)
                    if name in ("hardened", "legacy"):
                        wait_for(https)
                        url, extra = f"https://127.0.0.1:{https}/", ["--insecure", "--http-url", f"http://127.0.0.1:{http}/", "--health", "/healthz/"]
                    else:
                        url, extra = f"http://127.0.0.1:{http}/", []
                record = os.path.join(work, f"{name}.json")
                doc, elapsed = probe(golive, url, extra, record)
                observed = {e["purpose"]: e for e in json.load(open(record))["exchanges"]}
                if name == "hardened":
                    # The facts behind the silence: HTTP redirects, and nginx's
                    # catch-all closes the connection for a foreign Host.
                    assert observed["plain_http"]["status"] == 301, observed["plain_http"]
                    assert observed["foreign_host"]["status"] is None, observed["foreign_host"]
                    assert observed["static_asset"]["status"] == 200, observed["static_asset"]
                    tls = json.load(open(record))["tls"]
                    assert tls["protocol"] in ("TLSv1_3", "TLSv1_2") and tls["legacy"] == [["TLSv1.0", False], ["TLSv1.1", False]], tls
                    assert tls["chain"][0]["names"] == ["127.0.0.1"], tls
                    assert observed["health"]["status"] == 200, observed["health"]
                codes = sorted({f["code"] for f in doc["findings"]})
                results[name] = (codes, doc["grade"]["letter"], doc["grade"]["score"], elapsed, doc["requests"])
                want_codes, want_grade = EXPECTED[name]
                status = "ok  " if (codes, doc["grade"]["letter"]) == (sorted(want_codes), want_grade) else "FAIL"
                print(f"{status} {name}: grade {doc['grade']['letter']} ({doc['grade']['score']}), {doc['requests']} requests in {elapsed*1000:.0f} ms, findings {codes}")
                if status == "FAIL":
                    failures.append(name)
                    print(f"     expected {sorted(want_codes)} and {want_grade}")
                    for f in doc["findings"]:
                        print(f"     {f['code']}: {f['message']}")
                if elapsed >= 1.0:
                    print(f"     note: the probe took {elapsed:.2f}s (target: under 1 s on loopback)")
            finally:
                for p in running:
                    stop(p)
        log.close()
    finally:
        for p in procs:
            stop(p)
        if failures:
            print(open(os.path.join(work, "stack.log")).read()[-4000:])
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} stack configuration(s) failed: {failures}")
        sys.exit(1)
    print(f"{len(EXPECTED)} stacks probed, all as expected")


if __name__ == "__main__":
    main()
