#!/usr/bin/env python3
"""The CI recipes of docs/ci/: valid YAML with the expected structure, and
their corolint commands run, as written, in a scratch project with a
committed baseline (the gate passes) and then with a new finding (the gate
fails).

usage: ci_workflows_test.py SOURCE_DIR TOOL_DIR
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

SRC, TOOL_DIR = sys.argv[1], sys.argv[2]
INPUTS = os.path.join(SRC, "test", "checks", "Inputs")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def load(name):
    with open(os.path.join(SRC, "docs", "ci", name), encoding="utf-8") as f:
        return yaml.safe_load(f)


def corolint_lines(scripts):
    """The corolint command lines of a list of shell scripts."""
    lines = []
    for script in scripts:
        for line in script.splitlines():
            if line.strip().startswith("corolint "):
                lines.append(line.strip())
    return lines


github = load("github-actions.yml")
job = github["jobs"]["corolint"]
check(job["strategy"]["matrix"]["shard"] == [1, 2, 3, 4], "github: matrix of 4 shards")
steps = job["steps"]
check(any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps),
      "github: uploads SARIF to code scanning")
check(job["permissions"]["security-events"] == "write", "github: security-events permission")
github_lines = [l.replace("${{ matrix.shard }}", "1")
                for l in corolint_lines(s["run"] for s in steps if "run" in s)]
check(len(github_lines) == 2, "github: an analysis and a gate step")

gitlab = load("gitlab-ci.yml")["corolint"]
check(gitlab["parallel"] == 4, "gitlab: parallel: 4")
check(gitlab["artifacts"]["paths"] == ["corolint-*.sarif"], "gitlab: SARIF artifact")
gitlab_lines = [l.replace("${CI_NODE_INDEX}", "1").replace("${CI_NODE_TOTAL}", "4")
                for l in corolint_lines(gitlab["script"])]
check(len(gitlab_lines) == 2, "gitlab: an analysis and a gate step")

BAD = """#include "mini.h"
mini::task<int> compute();
mini::task<> bad() {
  compute();
  co_return;
}
"""

env = dict(os.environ, PATH=TOOL_DIR + os.pathsep + os.environ["PATH"])


def run(command, cwd):
    return subprocess.run(["sh", "-c", command], cwd=cwd, env=env,
                          capture_output=True, text=True)


with tempfile.TemporaryDirectory() as project:
    os.makedirs(os.path.join(project, "src"))
    os.makedirs(os.path.join(project, "build"))
    files = ["src/f%d.cpp" % i for i in range(8)]
    for name in files:
        with open(os.path.join(project, name), "w") as f:
            f.write(BAD)
    with open(os.path.join(project, "build", "compile_commands.json"), "w") as f:
        import json
        json.dump([{"directory": project, "file": name,
                    "command": "clang++ -std=c++20 -I%s -c %s" % (INPUTS, name)}
                   for name in files], f)
    # The committed baseline accepts today's findings.
    r = run("corolint -p build --write-baseline .corolint-baseline.json src", project)
    check(r.returncode == 0, "write the baseline: " + r.stderr)

    for label, lines in (("github", github_lines), ("gitlab", gitlab_lines)):
        analyse, gate = lines
        r = run(analyse, project)
        check(r.returncode == 0, "%s: analysis step fails: %s" % (label, r.stderr))
        sarif = os.path.join(project, "corolint-1.sarif")
        check(os.path.exists(sarif), label + ": no SARIF written")
        v = subprocess.run([sys.executable, os.path.join(SRC, "test", "tool", "validate_sarif.py"),
                            os.path.join(SRC, "test", "tool", "sarif-schema-2.1.0.json"), sarif],
                           capture_output=True, text=True)
        check(v.returncode == 0, label + ": SARIF invalid: " + v.stdout)
        r = run(gate, project)
        check(r.returncode == 0, "%s: the gate fails on baselined findings: %s" % (label, r.stdout + r.stderr))
        os.remove(sarif)

    # A new finding in every file: whichever files shard 1 holds, the gate fails.
    for name in files:
        with open(os.path.join(project, name), "a") as f:
            f.write("mini::task<> again() {\n  compute();\n  co_return;\n}\n")
    for label, lines in (("github", github_lines), ("gitlab", gitlab_lines)):
        r = run(lines[1], project)
        check(r.returncode == 1, "%s: the gate passes a new finding (status %d): %s"
              % (label, r.returncode, r.stderr))
    check(re.search(r"::warning file=src/f\d\.cpp,line=8,col=3", run(github_lines[1], project).stdout)
          is not None, "github: the gate annotates the new finding")

for f in failures:
    print("FAIL:", f)
print("%d commands of docs/ci/ run" % (len(github_lines) + len(gitlab_lines)))
sys.exit(1 if failures else 0)
