"""corolint-clangd as an editor sees it: one scenario per ctest test.

    editor_test.py --server BIN --runtime-include DIR SCENARIO

Each scenario starts the server in a fresh project directory (a
compile_flags.txt, the configuration the scenario names, one source file),
speaks LSP to it over stdio, and exits 1 with a message on the first
expectation that does not hold.
"""

import argparse
import os
import pathlib
import sys
import tempfile
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import LspClient, apply_text_edits  # noqa: E402

CHECK = "corolint-unawaited-task"

HANDLER = textwrap.dedent("""\
    #include <aio/aio.hpp>

    aio::task<> log_request(int id);

    aio::task<> handle(int id) {
      log_request(id);
      co_return;
    }
    """)
UNAWAITED_LINE = 5  # 0-based: the `log_request(id);` line

# A readability-else-after-return mistake besides the unawaited task.
HANDLER_WITH_ELSE = HANDLER + textwrap.dedent("""\

    int sign(int x) {
      if (x < 0) {
        return -1;
      } else {
        return 1;
      }
    }
    """)


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def codes(diagnostics):
    return sorted({str(d.get("code")) for d in diagnostics})


class Project:
    """A scratch project: compile flags, optional config files, one source."""

    def __init__(self, runtime_include, config_files, source):
        self.tmp = tempfile.TemporaryDirectory(prefix="corolint-editor-")
        self.root = pathlib.Path(self.tmp.name).resolve()
        for ancestor in self.root.parents:
            for name in (".clangd", ".clang-tidy"):
                expect(not (ancestor / name).exists(),
                       "%s would configure the test project; run the test "
                       "with TMPDIR elsewhere" % (ancestor / name))
        (self.root / "compile_flags.txt").write_text(
            "-xc++\n-std=c++20\n-I%s\n" % runtime_include)
        for name, text in config_files.items():
            (self.root / name).write_text(text)
        self.source = self.root / "handler.cpp"
        self.source.write_text(source)
        self.uri = self.source.as_uri()
        self.text = source

    def start(self, server):
        env = dict(os.environ)
        # No user configuration (~/.config/clangd/config.yaml) in the test.
        env["XDG_CONFIG_HOME"] = str(self.root / "xdg")
        client = LspClient([server, "--background-index=false", "--log=error"],
                           cwd=str(self.root), env=env)
        client.initialize(self.root.as_uri())
        return client

    def open(self, client):
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.uri, "languageId": "cpp", "version": 1,
            "text": self.text}})
        return client.diagnostics(self.uri, version=1)


def finish(client):
    response, status = client.shutdown_and_exit()
    expect("error" not in response, "shutdown failed: %r" % response)
    expect(status == 0, "the server exited with status %r after exit"
           % status)


def scenario_diagnostic_fix_and_edit(server, runtime_include):
    """No .clangd, no .clang-tidy: corolint's checks are on by default, pass
    clangd's default FastCheckFilter, and their fix-it is a code action."""
    project = Project(runtime_include, {}, HANDLER)
    client = project.start(server)
    try:
        diagnostics = project.open(client)
        ours = [d for d in diagnostics if d.get("code") == CHECK]
        expect(len(ours) == 1, "expected one %s diagnostic on didOpen, got "
               "codes %s" % (CHECK, codes(diagnostics)))
        diag = ours[0]
        expect(diag.get("source") == "clang-tidy",
               "source is %r, not clang-tidy" % diag.get("source"))
        expect(diag["range"]["start"]["line"] == UNAWAITED_LINE,
               "diagnostic on line %d, want %d"
               % (diag["range"]["start"]["line"], UNAWAITED_LINE))
        expect("discarded without being awaited" in diag["message"],
               "unexpected message %r" % diag["message"])

        response = client.call("textDocument/codeAction", {
            "textDocument": {"uri": project.uri},
            "range": diag["range"],
            "context": {"diagnostics": [diag], "only": ["quickfix"]}})
        expect("error" not in response, "codeAction failed: %r" % response)
        fixes = [a for a in response["result"] or []
                 if a.get("diagnostics") and
                 any(d.get("code") == CHECK for d in a["diagnostics"])]
        expect(len(fixes) == 1, "expected one code action for %s, got %r"
               % (CHECK, response["result"]))
        edits = fixes[0]["edit"]["changes"][project.uri]
        fixed = apply_text_edits(project.text, edits)
        expect("  co_await log_request(id);\n" in fixed,
               "the fix-it does not add co_await:\n" + fixed)

        # The fixed text only exists in the editor's buffer, never on disk.
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": project.uri, "version": 2},
            "contentChanges": [{"text": fixed}]})
        after = client.diagnostics(project.uri, version=2)
        expect(CHECK not in codes(after),
               "%s still reported after the unsaved fix: %r" % (CHECK, after))
        expect(project.source.read_text() == HANDLER,
               "the file on disk changed")
        finish(client)
    finally:
        client.kill()


def scenario_dot_clang_tidy_choice(server, runtime_include):
    """A .clang-tidy that enables checks replaces the default: corolint's
    checks are off unless the user lists them, as with any clang-tidy check."""
    project = Project(runtime_include, {
        ".clang-tidy": "Checks: '-*,readability-else-after-return'\n"},
        HANDLER_WITH_ELSE)
    client = project.start(server)
    try:
        got = codes(project.open(client))
        expect("readability-else-after-return" in got,
               "the check .clang-tidy enables is missing: %s" % got)
        expect(CHECK not in got, "%s reported although .clang-tidy does not "
               "enable it: %s" % (CHECK, got))
        finish(client)
    finally:
        client.kill()


def scenario_dot_clangd_add_remove(server, runtime_include):
    """.clangd Add/Remove select corolint's checks like any other, under the
    default (Strict) FastCheckFilter."""
    project = Project(runtime_include, {".clangd": textwrap.dedent("""\
        Diagnostics:
          ClangTidy:
            Add: [corolint-*, readability-else-after-return]
            Remove: [corolint-fire-and-forget]
        """)}, HANDLER_WITH_ELSE)
    client = project.start(server)
    try:
        got = codes(project.open(client))
        expect(CHECK in got and "readability-else-after-return" in got,
               "expected %s and readability-else-after-return, got %s"
               % (CHECK, got))
        finish(client)
    finally:
        client.kill()

    project = Project(runtime_include, {".clangd": textwrap.dedent("""\
        Diagnostics:
          ClangTidy:
            Add: [readability-else-after-return]
            Remove: [corolint-*]
        """)}, HANDLER_WITH_ELSE)
    client = project.start(server)
    try:
        got = codes(project.open(client))
        expect(CHECK not in got, "%s reported although .clangd removes it: %s"
               % (CHECK, got))
        expect("readability-else-after-return" in got,
               "readability-else-after-return missing: %s" % got)
        finish(client)
    finally:
        client.kill()


def scenario_bad_messages(server, runtime_include):
    """Input that is not JSON, or names an unknown method: a JSON-RPC error,
    and the server keeps serving."""
    project = Project(runtime_include, {}, HANDLER)
    client = project.start(server)
    try:
        client.send_raw(b"{this is not json")
        error = client.wait_for(lambda m: "error" in m and m.get("id") is None,
                                what="a parse error response")
        expect(error["error"]["code"] == -32700,
               "parse error code %r, want -32700" % error["error"]["code"])

        # JSON, but not a JSON-RPC message (stock clangd stops serving here).
        for body in (b"[1, 2, 3]", b'{"jsonrpc": "2.0"}',
                     b'{"jsonrpc": "2.0", "id": 7, "method": 42}'):
            client.send_raw(body)
            error = client.wait_for(
                lambda m: "error" in m and m.get("id") is None,
                what="an invalid request response to %r" % body)
            expect(error["error"]["code"] == -32600,
                   "invalid request code %r for %r, want -32600"
                   % (error["error"]["code"], body))

        response = client.call("corolint/noSuchMethod", {})
        expect(response.get("error", {}).get("code") == -32601,
               "unknown method answered %r, want error -32601" % response)

        # Still serving: the diagnostics of a file opened afterwards.
        diagnostics = project.open(client)
        expect(CHECK in codes(diagnostics),
               "no %s after the bad messages: %s" % (CHECK, codes(diagnostics)))
        finish(client)
    finally:
        client.kill()


def scenario_end_of_input(server, runtime_include):
    """The editor goes away without shutdown: the server stops, with the
    status LSP gives an exit without shutdown (1), and does not hang."""
    project = Project(runtime_include, {}, HANDLER)
    client = project.start(server)
    try:
        client.proc.stdin.close()
        status = client.proc.wait(60)
        expect(status == 1, "exit status %r at the end of input, want 1"
               % status)
    finally:
        client.kill()


SCENARIOS = {name[len("scenario_"):]: fn for name, fn in globals().items()
             if name.startswith("scenario_")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True)
    parser.add_argument("--runtime-include", required=True)
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    args = parser.parse_args()
    try:
        SCENARIOS[args.scenario](os.path.abspath(args.server),
                                 os.path.abspath(args.runtime_include))
    except (Failure, TimeoutError) as e:
        print("FAIL %s: %s" % (args.scenario, e), file=sys.stderr)
        return 1
    print("ok %s" % args.scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
