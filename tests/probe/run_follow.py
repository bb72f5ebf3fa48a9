#!/usr/bin/env python3
"""End-to-end tests of how `golive probe` follows a site and fails, against
real nginx + gunicorn (+ runserver) stacks on loopback:

- canonical: `https://127.0.0.1/` redirects to `https://localhost/` (as an
  apex redirects to `www`): the probe grades the site it lands on, exactly
  as a probe started at `https://localhost/`;
- http-debug: the probe starts at the `http://` URL of a DEBUG site behind
  an HTTPS redirect: it follows to https, takes the TLS facts there and
  finds the debug page;
- loop: a server that redirects to itself: WEB021, not graded;
- forwarded: the app redirects to HTTPS itself and trusts
  X-Forwarded-Proto, behind a plain-HTTP server that passes the client's
  header on: WEB022;
- private CA: a certificate signed by a CA made here: without `--ca`
  WEB017 and everything else still judged, with `--ca` the same findings
  without WEB017;
- debug toolbar: a real django-debug-toolbar shown to the probe: WEB023;
  the same DEBUG site without it: not;
- never answers / refused: exit 2 with one sentence, no report, within
  about twice `--timeout`.

Shares the stack helpers of run_stack.py. Every process is stopped at the
end, whatever happens.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_stack import HARDENED, SITE, free_port, nginx_binary, start, stop, wait_for  # noqa: E402

TIMEOUT = 2


def run_golive(golive, args):
    started = time.time()
    out = subprocess.run([golive, "probe", *args], capture_output=True, text=True)
    return out, time.time() - started


def probe_json(golive, url, extra, record=None):
    args = [url, "--format", "json", "--timeout", "3", *extra]
    if record:
        args += ["--record", record]
    out, _ = run_golive(golive, args)
    if out.returncode not in (0, 1):
        raise AssertionError(f"golive probe {url} {extra} exited {out.returncode}: {out.stderr}")
    doc = json.loads(out.stdout)
    return doc, sorted({f["code"] for f in doc["findings"]})


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def self_signed(work, name, san):
    key, cert = os.path.join(work, f"{name}-key.pem"), os.path.join(work, f"{name}.pem")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj", "/CN=127.0.0.1",
            "-addext", f"subjectAltName={san}", "-keyout", key, "-out", cert)
    return cert, key


def signed_by_private_ca(work):
    """A CA, and a server certificate for 127.0.0.1 it signs."""
    ca_key, ca = os.path.join(work, "ca-key.pem"), os.path.join(work, "ca.pem")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj", "/CN=golive test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout", ca_key, "-out", ca)
    key, csr, cert = (os.path.join(work, f"leaf{x}") for x in ("-key.pem", ".csr", ".pem"))
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", csr)
    ext = os.path.join(work, "leaf.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    # A year, like the CA: a 30-day certificate sits exactly on WEB016's
    # "expires within 30 days" line, which this test is not about.
    openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "365",
            "-extfile", ext, "-out", cert)
    return ca, cert, key


class Stack:
    """gunicorn (or runserver) with one settings module, behind nginx."""

    def __init__(self, ctx, settings, nginx_conf, runserver=False, env=None):
        self.ctx = ctx
        self.app, self.http, self.https = free_port(), free_port(), free_port()
        self.settings, self.nginx_conf, self.runserver = settings, nginx_conf, runserver
        self.env = env or {}
        self.procs = []

    def __enter__(self):
        c = self.ctx
        env = {**c["env"], "DJANGO_SETTINGS_MODULE": f"probe_site.settings_{self.settings}"}
        env.update({k: v.format(app=self.app, http=self.http, https=self.https) for k, v in self.env.items()})
        if self.runserver:
            cmd = [c["python"], "-m", "django", "runserver", f"127.0.0.1:{self.app}", "--noreload"]
        else:
            cmd = [c["gunicorn"], "--bind", f"127.0.0.1:{self.app}", "--workers", "1", "probe_site.wsgi"]
        self.procs.append(start(cmd, env, SITE, c["log"]))
        conf = os.path.join(c["work"], f"nginx-{self.app}.conf")
        text = self.nginx_conf(self)
        with open(conf, "w") as f:
            f.write("daemon off;\nerror_log stderr;\n" + text)
        self.procs.append(start([c["nginx"], "-c", conf, "-p", c["work"] + "/", "-e", "stderr"], env, c["work"], c["log"]))
        for port in (self.app, self.http, self.https):
            wait_for(port)
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            stop(p)

    def hardened(self, cert, key):
        c = self.ctx
        text = HARDENED.format(work=c["work"], mime="/etc/nginx/mime.types", http=self.http, https=self.https,
                               app=self.app, static=c["static"])
        return text.replace(f"{c['work']}/tls/cert.pem", cert).replace(f"{c['work']}/tls/key.pem", key)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True)
    ap.add_argument("--venv", required=True, help="a venv with Django and gunicorn")
    a = ap.parse_args()
    golive = os.path.abspath(a.golive)
    venv = os.path.abspath(a.venv)
    work = tempfile.mkdtemp(prefix="golive-follow-")
    os.chmod(work, 0o755)
    os.makedirs(os.path.join(work, "temp"))
    os.makedirs(os.path.join(work, "tls"))
    static = os.path.join(work, "static")
    shutil.copytree(os.path.join(SITE, "static"), static)
    os.system(f"chmod -R a+rX {work}")
    log = open(os.path.join(work, "stack.log"), "w")
    ctx = {
        "work": work, "static": static, "log": log, "nginx": nginx_binary(),
        "python": os.path.join(venv, "bin", "python"), "gunicorn": os.path.join(venv, "bin", "gunicorn"),
        "env": {**os.environ, "PYTHONPATH": SITE, "PROBE_STATIC_ROOT": static},
    }
    failures = []

    def check(name, ok, detail):
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f": {detail}"))
        if not ok:
            failures.append(name)

    try:
        cert, key = self_signed(work, "both", "IP:127.0.0.1,DNS:localhost")

        # canonical: 127.0.0.1 -> localhost, graded as the site itself.
        def canonical_conf(s):
            text = s.hardened(cert, key)
            # The application's server answers as localhost; 127.0.0.1
            # redirects there, on both schemes.
            text = text.replace(
                f"server_name 127.0.0.1;\n        return 301 https://127.0.0.1:{s.https}$request_uri;",
                f"server_name 127.0.0.1 localhost;\n        return 301 https://localhost:{s.https}$request_uri;")
            text = text.replace(
                f"listen 127.0.0.1:{s.https} ssl;\n        server_name 127.0.0.1;",
                f"listen 127.0.0.1:{s.https} ssl;\n        server_name localhost;")
            text = text.replace(
                "    server {{\n        listen 127.0.0.1:{0} ssl;\n        server_name localhost;".format(s.https),
                f"    server {{\n        listen 127.0.0.1:{s.https} ssl;\n        server_name 127.0.0.1;\n"
                f"        ssl_certificate {cert};\n        ssl_certificate_key {key};\n"
                f"        return 301 https://localhost:{s.https}$request_uri;\n    }}\n"
                f"    server {{\n        listen 127.0.0.1:{s.https} ssl;\n        server_name localhost;")
            return text

        with Stack(ctx, "canonical", canonical_conf) as s:
            extra = ["--insecure", "--http-url", f"http://localhost:{s.http}/", "--health", "/healthz/"]
            rec = os.path.join(work, "canonical.json")
            via, via_codes = probe_json(golive, f"https://127.0.0.1:{s.https}/", extra, rec)
            direct, direct_codes = probe_json(golive, f"https://localhost:{s.https}/", extra)
            observed = json.load(open(rec))
            page = [e for e in observed["exchanges"] if e["purpose"] == "start"][-1]
            not_found = [e for e in observed["exchanges"] if e["purpose"] == "not_found"][0]
            check("canonical: the redirect to localhost is followed and graded as the site itself",
                  (via_codes, via["grade"]) == (direct_codes, direct["grade"])
                  and page["url"] == f"https://localhost:{s.https}/" and page["status"] == 200
                  and not_found["url"].startswith(f"https://localhost:{s.https}/"),
                  f"via 127.0.0.1 {via_codes} {via['grade']}, direct {direct_codes} {direct['grade']}, page {page['url']}")

        # http-debug: start at http://, end on https with DEBUG on.
        with Stack(ctx, "debug_proxied", lambda s: s.hardened(cert, key), runserver=True) as s:
            rec = os.path.join(work, "http-debug.json")
            doc, codes = probe_json(golive, f"http://127.0.0.1:{s.http}/", ["--insecure"], rec)
            observed = json.load(open(rec))
            not_found = [e for e in observed["exchanges"] if e["purpose"] == "not_found"][0]
            check("http-debug: an http:// start URL follows to https, gets the TLS checks and finds DEBUG",
                  "WEB001" in codes and observed.get("tls") is not None
                  and observed["tls"].get("protocol") in ("TLSv1_3", "TLSv1_2")
                  and not_found["url"].startswith(f"https://127.0.0.1:{s.https}/"),
                  f"{codes}, tls {observed.get('tls')}, 404 at {not_found['url']}")

        # loop: a server that redirects to itself.
        def loop_conf(s):
            text = s.hardened(cert, key)
            return text.replace("        location / {", f"        return 301 https://127.0.0.1:{s.https}$request_uri;\n        location / {{".replace("{{", "{"), 1)

        with Stack(ctx, "hardened", loop_conf) as s:
            out, _ = run_golive(golive, [f"https://127.0.0.1:{s.https}/", "--format", "json", "--insecure"])
            doc = json.loads(out.stdout) if out.stdout else {}
            codes = sorted({f["code"] for f in doc.get("findings", [])})
            check("loop: a redirect loop is WEB021 and not graded",
                  out.returncode == 1 and codes == ["WEB021"] and doc["grade"]["letter"] == "n/a",
                  f"exit {out.returncode}, {codes}, {doc.get('grade')}, {out.stderr}")

        # forwarded: the client's X-Forwarded-Proto reaches Django.
        def forwarded_conf(s):
            text = s.hardened(cert, key)
            # Plain HTTP proxies to Django without setting the header.
            return text.replace(
                f"server_name 127.0.0.1;\n        return 301 https://127.0.0.1:{s.https}$request_uri;",
                f"server_name 127.0.0.1;\n        location / {{ proxy_set_header Host $host; proxy_pass http://127.0.0.1:{s.app}; }}")

        with Stack(ctx, "forwarded", forwarded_conf, env={"PROBE_SSL_HOST": "127.0.0.1:{https}"}) as s:
            extra = ["--insecure", "--http-url", f"http://127.0.0.1:{s.http}/"]
            doc, codes = probe_json(golive, f"https://127.0.0.1:{s.https}/", extra)
            check("forwarded: a client's X-Forwarded-Proto that Django believes is WEB022",
                  "WEB022" in codes, f"{codes}")

        with Stack(ctx, "hardened", lambda s: s.hardened(cert, key)) as s:
            extra = ["--insecure", "--http-url", f"http://127.0.0.1:{s.http}/"]
            doc, codes = probe_json(golive, f"https://127.0.0.1:{s.https}/", extra)
            check("forwarded: nginx that sets the header itself is not WEB022", "WEB022" not in codes, f"{codes}")

        # private CA: untrusted without --ca (and still judged), trusted with it.
        ca, leaf, leaf_key = signed_by_private_ca(work)
        with Stack(ctx, "hardened", lambda s: s.hardened(leaf, leaf_key)) as s:
            extra = ["--http-url", f"http://127.0.0.1:{s.http}/"]
            out, _ = run_golive(golive, [f"https://127.0.0.1:{s.https}/", *extra])
            untrusted, u_codes = probe_json(golive, f"https://127.0.0.1:{s.https}/", extra)
            trusted, t_codes = probe_json(golive, f"https://127.0.0.1:{s.https}/", [*extra, "--ca", ca])
            check("private CA: without --ca the certificate is WEB017 and everything else is judged the same",
                  "WEB017" in u_codes and sorted(set(u_codes) - {"WEB017"}) == t_codes
                  and "note: the certificate is not trusted" in out.stdout,
                  f"without {u_codes}, with {t_codes}")
            check("private CA: with --ca the certificate is trusted", "WEB017" not in t_codes, f"{t_codes}")
            check("private CA: the JSON report says the site was probed without verification, and why (only then)",
                  bool(untrusted.get("untrusted")) and "untrusted" not in trusted,
                  f"{untrusted.get('untrusted')!r}, {trusted.get('untrusted')!r}")

        # django-debug-toolbar shown to the probe (a real toolbar, runserver).
        with Stack(ctx, "toolbar", lambda s: s.hardened(cert, key), runserver=True) as s:
            doc, codes = probe_json(golive, f"http://127.0.0.1:{s.app}/", [])
            check("debug toolbar: a real django-debug-toolbar shown to the probe is WEB023",
                  "WEB023" in codes, f"{codes}")
        with Stack(ctx, "debug", lambda s: s.hardened(cert, key), runserver=True) as s:
            doc, codes = probe_json(golive, f"http://127.0.0.1:{s.app}/", [])
            check("debug toolbar: a DEBUG site without the toolbar is not WEB023",
                  "WEB023" not in codes and "WEB001" in codes, f"{codes}")

        # never answers: accepts, reads, never writes.
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        held = []
        threading.Thread(target=lambda: [held.append(silent.accept()) for _ in range(8)], daemon=True).start()
        port = silent.getsockname()[1]
        for scheme in ("http", "https"):
            url = f"{scheme}://127.0.0.1:{port}/"
            out, took = run_golive(golive, [url, "--timeout", str(TIMEOUT)])
            check(f"never answers ({scheme}): exit 2, one sentence, within about twice --timeout",
                  out.returncode == 2 and out.stdout == "" and took < 2 * TIMEOUT + 1.5
                  and out.stderr.strip() == f"golive: error: could not probe {url}: no answer within {TIMEOUT} s",
                  f"exit {out.returncode} after {took:.1f}s: {out.stderr!r}")
        silent.close()

        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        out, took = run_golive(golive, [url])
        check("refused: exit 2 at once with one sentence",
              out.returncode == 2 and took < 1.0
              and out.stderr.strip() == f"golive: error: could not probe {url}: connection refused on 127.0.0.1:{port}",
              f"exit {out.returncode} after {took:.1f}s: {out.stderr!r}")
    finally:
        log.close()
        if failures:
            print(open(os.path.join(work, "stack.log")).read()[-4000:])
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed: {failures}")
        sys.exit(1)
    print("following and failing: all as expected")


if __name__ == "__main__":
    main()
