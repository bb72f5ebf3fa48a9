"""The HTML report in a real browser: Debian's Chromium, headless.

For each report (a static audit with findings in every layer, the
startproject example with its committed SECRET_KEY, a replayed probe):
checks that the file loads nothing from anywhere (no external reference, a
Content-Security-Policy that forbids it, and no policy violation when
Chromium loads it from file://), that no script error or console error
occurs, and that the layer/severity filter works — by loading a copy with
a test script appended that clicks the filters and writes what it saw into
the DOM, which Chromium dumps. Keeps a screenshot of each report under
target/html-report/ as a test artifact.

Usage: run_html.py --golive PATH [--out DIR] [--chromium PATH]
"""

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
STARTPROJECT_KEY = "django-insecure-k3$w9p!x2@r7zq#m4v8t&b1n6c0y5h*j(d)f-g_s=l+ue"

# First in <head>: records script errors, console errors and policy
# violations from the moment the page starts.
PROBE_HEAD = """<script>
window.__problems = [];
window.addEventListener("error", function (e) { window.__problems.push("error: " + e.message); });
document.addEventListener("securitypolicyviolation", function (e) { window.__problems.push("csp: " + e.blockedURI + " " + e.violatedDirective); });
(function () { var original = console.error; console.error = function () { window.__problems.push("console.error: " + Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); }; })();
</script>"""

# Last in <body>: drives the filter as a user would (clicking checkboxes)
# and records what is visible after each step.
PROBE_TAIL = """<script>
(function () {
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll("article.finding"), function (a) {
      return !a.hidden && a.offsetParent !== null;
    });
  }
  function click(name, value) {
    var box = document.querySelector('input[name="' + name + '"][value="' + value + '"]');
    if (box) { box.click(); }
    return !!box;
  }
  var steps = [];
  function record(label) {
    var shown = visible();
    steps.push({
      step: label,
      visible: shown.length,
      counter: (document.getElementById("shown") || {}).textContent || null,
      severities: Array.from(new Set(shown.map(function (a) { return a.dataset.severity; }))).sort(),
      layers: Array.from(new Set(shown.map(function (a) { return a.dataset.layer; }))).sort()
    });
  }
  record("initial");
  var hadInfo = click("severity", "info"); record("info off");
  var hadSettings = click("layer", "settings"); record("settings off");
  click("severity", "info"); click("layer", "settings"); record("both on again");
  document.body.setAttribute("data-golive-test", JSON.stringify({
    steps: steps, hadInfo: hadInfo, hadSettings: hadSettings,
    total: document.querySelectorAll("article.finding").length,
    grade: (document.getElementById("grade") || {}).textContent || null,
    problems: window.__problems
  }));
})();
</script>"""


def chromium_cmd(chromium, profile, *args):
    return [
        chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}",
        "--enable-logging=stderr", "--v=0", *args,
    ]


def run_browser(chromium, *args):
    profile = tempfile.mkdtemp(prefix="golive-chromium-")
    try:
        return subprocess.run(
            chromium_cmd(chromium, profile, *args),
            capture_output=True, text=True, timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def console_errors(stderr):
    """Console messages Chromium logged for the page. The report logs
    nothing, so any message — console.error (logged at INFO), an uncaught
    exception, a refused load — is a failure."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def check_report(name, path, chromium, out, expect):
    failures = []
    text = open(path, encoding="utf-8").read()
    # Nothing to load: no external stylesheet, script, image, font or frame.
    for pattern in (r"<link\b", r"\bsrc\s*=", r"@import", r"url\(", r"<iframe", r"<object", r"<embed"):
        if re.search(pattern, text, re.I):
            failures.append(f"references an external resource ({pattern})")
    if "Content-Security-Policy" not in text or "default-src 'none'" not in text:
        failures.append("no Content-Security-Policy forbidding loads")
    for secret in expect.get("secrets", []):
        for piece in (secret, html.escape(secret), secret[:20], secret[20:]):
            if piece in text:
                failures.append(f"leaks the secret ({piece[:6]}…)")

    # The report itself: a screenshot, and its console.
    shot = os.path.join(out, f"{name}.png")
    result = run_browser(chromium, "--window-size=1280,1600", f"--screenshot={shot}", "file://" + path)
    if result.returncode != 0 or not os.path.exists(shot):
        failures.append(f"no screenshot (exit {result.returncode}): {result.stderr[-500:]}")
    failures += [f"console: {line}" for line in console_errors(result.stderr)]

    # A copy with the test scripts, its DOM dumped after they ran.
    probed = os.path.join(out, f"{name}.test.html")
    with open(probed, "w", encoding="utf-8") as f:
        f.write(text.replace("<head>", "<head>\n" + PROBE_HEAD, 1).replace("</body>", PROBE_TAIL + "\n</body>", 1))
    result = run_browser(chromium, "--dump-dom", "file://" + probed)
    failures += [f"console: {line}" for line in console_errors(result.stderr)]
    m = re.search(r'data-golive-test="([^"]*)"', result.stdout)
    if not m:
        failures.append(f"the test script did not run: {result.stderr[-800:]}")
        return failures
    seen = json.loads(html.unescape(m.group(1)))
    failures += [f"page: {p}" for p in seen["problems"]]
    steps = {s["step"]: s for s in seen["steps"]}
    total = seen["total"]
    if total != expect["findings"]:
        failures.append(f"{total} findings in the page, {expect['findings']} expected")
    if expect.get("grade") and not seen["grade"]:
        failures.append("no grade shown")
    if total:
        first = steps["initial"]
        if first["visible"] != total or first["counter"] != str(total):
            failures.append(f"not every finding visible at first: {first}")
        if seen["hadInfo"]:
            s = steps["info off"]
            if "info" in s["severities"] or s["counter"] != str(s["visible"]) or s["visible"] >= total:
                failures.append(f"the severity filter does not hide info findings: {s}")
        if seen["hadSettings"]:
            s = steps["settings off"]
            if "settings" in s["layers"] or "info" in s["severities"]:
                failures.append(f"the layer filter does not hide settings findings: {s}")
        again = steps["both on again"]
        if again["visible"] != total:
            failures.append(f"re-checking the filters does not show everything again: {again}")
    for required in expect.get("filters", []):
        if not seen.get(required):
            failures.append(f"no {required} filter to click")
    os.remove(probed)
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True)
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "html-report"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    examples = os.path.join(ROOT, "examples")
    fixture = os.path.join(ROOT, "crates", "golive_linter", "resources", "test", "fixtures", "web", "WEB005.json")

    def render(name, argv):
        path = os.path.abspath(os.path.join(args.out, f"{name}.html"))
        run = subprocess.run([args.golive, *argv, "--format", "html", "--output", path], capture_output=True, text=True)
        if run.returncode not in (0, 1) or run.stdout:
            sys.exit(f"golive {' '.join(argv)}: exit {run.returncode}, stdout {run.stdout[:200]!r}, stderr {run.stderr}")
        return path

    def count(argv):
        run = subprocess.run([args.golive, *argv, "--format", "json"], capture_output=True, text=True)
        return len(json.loads(run.stdout)["findings"])

    cases = [
        ("insecure", ["check", os.path.join(examples, "insecure")],
         {"filters": ["hadInfo", "hadSettings"]}),
        ("startproject", ["check", os.path.join(examples, "startproject")],
         {"secrets": [STARTPROJECT_KEY], "filters": ["hadInfo", "hadSettings"]}),
        ("hardened", ["check", "--environment", "production", os.path.join(examples, "hardened")], {}),
        ("probe", ["probe", "https://golive-probe.invalid/", "--replay", fixture], {"grade": True}),
    ]
    ok = True
    for name, argv, expect in cases:
        expect["findings"] = count(argv)
        failures = check_report(name, render(name, argv), args.chromium, args.out, expect)
        for f in failures:
            print(f"FAIL html {name}: {f}")
        ok &= not failures
        if not failures:
            print(f"html {name}: {expect['findings']} findings, filters work, no console error ({args.out}/{name}.png)")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
