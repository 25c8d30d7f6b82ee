#!/usr/bin/env python3
"""Crates the server's build and the tests' build (scripts/test's second run) compile with different
features. Each one is compiled twice, and so is every crate above it, so a difference low in the tree
(proc-macro2, log, futures) costs most of a build. tests/Cargo.toml asks for the server's features to keep
the list short; run this after changing dependencies. Expected: our own hoinghi-domain (server functions)
and the HTTP stack (hyper, hyper-util, tower, tower-http, sync_wrapper: server there, client here)."""
import re
import subprocess
import sys

SERVER = ["-p", "hoinghi-server", "--no-default-features", "--features", "ssr", "-e", "normal,build"]
TESTS = ["-p", "hoinghi-domain", "-p", "hoinghi-service", "-p", "hoinghi-documents", "-p", "hoinghi-tests",
         "-e", "normal,build,dev"]


def features(args):
    out = subprocess.run(["cargo", "tree", "--prefix", "none", "-f", "{p} [{f}]", *args],
                         check=True, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"(\S+) (v\S+)(?: \(.*?\))?(?: \(\*\))? \[(.*)\]", line.strip())
        if m:
            found.setdefault((m[1], m[2]), set()).update(f for f in m[3].split(",") if f)
    return found


server, tests = features(SERVER), features(TESTS)
drift = sorted(k for k in server.keys() & tests.keys() if server[k] != tests[k])
for name, version in drift:
    s, t = server[(name, version)], tests[(name, version)]
    print(f"{name} {version}: server only {sorted(s - t)}, tests only {sorted(t - s)}")
sys.exit(0)
