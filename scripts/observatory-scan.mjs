#!/usr/bin/env node
// Scan one site with Mozilla's HTTP Observatory (the npm package
// @mdn/mdn-http-observatory) on explicit ports, and print the result as JSON.
//
// The package's own CLI (src/scan.js) only scans ports 80 and 443: its scan()
// calls retrieve(hostname) without options. retrieve() itself takes
// {httpPort, httpsPort}, so this driver does the scan's steps itself with the
// package's own parts: retrieve the site, run every test of ALL_TESTS on it,
// and grade the results with the package's grader.
//
//   node scripts/observatory-scan.mjs --package DIR --host 127.0.0.1 \
//        --http-port 8080 --https-port 8443
//
// DIR is the directory npm installed the package into (it holds
// node_modules/@mdn/mdn-http-observatory). A private CA is trusted through
// NODE_EXTRA_CA_CERTS, as for any Node program.
//
// Output: {"grade", "score", "uncurvedScore", "statusCode", "finalUrl",
// "algorithmVersion", "tests": {name: {"result", "pass", "scoreModifier",
// "description"}}}; exit code 0. When the site cannot be scanned:
// {"error": "..."} and exit code 1. Bad arguments: exit code 2.

import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

function usage(message) {
  process.stderr.write(`observatory-scan: ${message}\n`);
  process.stderr.write(
    "usage: observatory-scan.mjs --package DIR --host HOST [--http-port N] [--https-port N] [--path /]\n"
  );
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      package: { type: "string" },
      host: { type: "string" },
      "http-port": { type: "string" },
      "https-port": { type: "string" },
      path: { type: "string" },
    },
  }).values;
} catch (e) {
  usage(e.message);
}
if (!args.package) usage("--package is required");
if (!args.host) usage("--host is required");

function port(value, flag) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) usage(`${flag} must be a port number, not ${value}`);
  return n;
}

const options = {};
const httpPort = port(args["http-port"], "--http-port");
const httpsPort = port(args["https-port"], "--https-port");
if (httpPort !== undefined) options.httpPort = httpPort;
if (httpsPort !== undefined) options.httpsPort = httpsPort;
if (args.path !== undefined) options.path = args.path;

const root = path.resolve(args.package, "node_modules", "@mdn", "mdn-http-observatory", "src");
const load = (relative) => import(pathToFileURL(path.join(root, relative)).href);

const [{ retrieve }, constants, grader, charts] = await Promise.all([
  load("retriever/retriever.js"),
  load("constants.js"),
  load("grader/grader.js"),
  load("grader/charts.js"),
]);

function fail(message) {
  process.stdout.write(JSON.stringify({ error: message }) + "\n");
  process.exit(1);
}

let requests;
try {
  requests = await retrieve(args.host, options);
} catch (e) {
  fail(`retrieving ${args.host} failed: ${e && e.message ? e.message : e}`);
}
const page = requests.responses.auto;
if (!page) fail(`no response from ${args.host} on either port`);
// The Observatory grades 2xx, 3xx, 401 and 403 pages and refuses the rest.
if (page.status < 200 || (page.status >= 400 && page.status !== 401 && page.status !== 403)) {
  fail(`${args.host} answered with HTTP ${page.status}`);
}

// The grading model (algorithm of constants.ALGORITHM_VERSION): start at 100;
// every test's expectation has a modifier; penalties always count, bonuses
// only when the penalised score is already an A.
let withBonuses = 100;
let penalised = 100;
const tests = {};
for (const test of constants.ALL_TESTS) {
  const output = test(requests);
  const name = output.constructor.name;
  const entry = { result: output.result ?? null, pass: Boolean(output.pass), scoreModifier: 0, description: null };
  if (output.result) {
    entry.scoreModifier = grader.getScoreModifier(output.result);
    entry.description = grader.getScoreDescription(output.result);
    withBonuses += entry.scoreModifier;
    if (entry.scoreModifier < 0) penalised += entry.scoreModifier;
  }
  tests[name] = entry;
}
const score = penalised >= charts.MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withBonuses : penalised;
const { grade, score: graded } = grader.getGradeForScore(score);

const chain = requests.session?.redirectHistory ?? [];
const finalUrl = chain.length ? chain[chain.length - 1].url.href : requests.session?.url?.href ?? null;

process.stdout.write(
  JSON.stringify(
    {
      algorithmVersion: constants.ALGORITHM_VERSION,
      grade,
      score: graded,
      uncurvedScore: penalised,
      statusCode: page.status,
      finalUrl,
      tests,
    },
    null,
    2
  ) + "\n"
);
