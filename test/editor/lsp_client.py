"""A small LSP client over stdio, speaking to a language server as an editor does.

Standard library only. Frames JSON-RPC messages with Content-Length headers,
reads the server's messages on a thread, and lets the caller wait for a
response or a notification. Timeouts exist only so that a broken server fails
the caller instead of hanging it; they are not speed assertions.
"""

import json
import os
import queue
import subprocess
import threading
import time

# Generous: a cold clangd parses <coroutine> and friends first.
DEFAULT_TIMEOUT = 300.0


class ServerClosed(Exception):
    pass


class LspClient:
    def __init__(self, command, cwd=None, env=None, stderr=subprocess.DEVNULL):
        self.proc = subprocess.Popen(command, cwd=cwd, env=env,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=stderr)
        self.messages = queue.Queue()
        self.backlog = []  # read but not yet consumed by a wait
        self.next_id = 1
        self.reader = threading.Thread(target=self._read_messages, daemon=True)
        self.reader.start()

    # --- Writing ---------------------------------------------------------

    def send_raw(self, body: bytes):
        header = b"Content-Length: %d\r\n\r\n" % len(body)
        self.proc.stdin.write(header + body)
        self.proc.stdin.flush()

    def send(self, message):
        self.send_raw(json.dumps(message).encode("utf-8"))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        """Sends a request; returns its id (wait for it with response())."""
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method,
                   "params": params})
        return request_id

    def call(self, method, params, timeout=DEFAULT_TIMEOUT):
        """Sends a request and returns the whole response message."""
        return self.response(self.request(method, params), timeout)

    # --- Reading ---------------------------------------------------------

    def _read_messages(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            if length is None:
                continue
            self.messages.put(json.loads(out.read(length)))

    def wait_for(self, predicate, timeout=DEFAULT_TIMEOUT, what="a message"):
        """Returns the first message (earliest first) matching predicate."""
        for i, message in enumerate(self.backlog):
            if predicate(message):
                return self.backlog.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("timed out after %.0f s waiting for %s"
                                   % (timeout, what))
            try:
                message = self.messages.get(timeout=remaining)
            except queue.Empty:
                continue
            if message is None:
                raise ServerClosed("the server closed its output while "
                                   "waiting for %s" % what)
            if predicate(message):
                return message
            self.backlog.append(message)

    def response(self, request_id, timeout=DEFAULT_TIMEOUT):
        return self.wait_for(
            lambda m: m.get("id") == request_id and "method" not in m,
            timeout, "the response to request %r" % request_id)

    def diagnostics(self, uri, version=None, timeout=DEFAULT_TIMEOUT):
        """The next publishDiagnostics for uri (and version, if given)."""
        def matches(m):
            if m.get("method") != "textDocument/publishDiagnostics":
                return False
            params = m["params"]
            return params["uri"] == uri and (
                version is None or params.get("version") == version)
        return self.wait_for(matches, timeout,
                             "diagnostics for %s" % uri)["params"]["diagnostics"]

    # --- Session ---------------------------------------------------------

    def initialize(self, root_uri):
        response = self.call("initialize", {
            "processId": os.getpid(),
            "rootUri": root_uri,
            "capabilities": {
                "textDocument": {
                    "publishDiagnostics": {"relatedInformation": True,
                                           "versionSupport": True},
                    "codeAction": {"codeActionLiteralSupport": {
                        "codeActionKind": {"valueSet": ["quickfix"]}}},
                },
            },
        })
        self.notify("initialized", {})
        return response

    def shutdown_and_exit(self, timeout=DEFAULT_TIMEOUT):
        """shutdown, then exit; returns the server's exit status."""
        response = self.call("shutdown", None)
        self.notify("exit", None)
        self.proc.stdin.close()
        status = self.proc.wait(timeout)
        return response, status

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def apply_text_edits(text, edits):
    """Applies LSP TextEdits (UTF-16 columns; the test files are ASCII)."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def offset(position):
        return offsets[position["line"]] + position["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]),
                       reverse=True):
        start = offset(edit["range"]["start"])
        end = offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text
