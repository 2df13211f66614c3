#!/usr/bin/env python3
"""Serves Swagger / OpenAPI documents to the function discovery tests (Python 3 standard library only).

Usage: spec_server.py --root DIR [--port NAME=PORT ...]

Serves HTTP/1.1 (threaded, keep-alive) on 127.0.0.1 at each PORT (default: one server `spec=0`); PORT 0 picks a
free port. Once every server listens it prints one `NAME=PORT` line per server, then `ready`, and flushes. It
exits when its standard input reaches end of file. DIR is normally Goldens/discovery.

Paths (the query is ignored unless said otherwise):
    /<file under DIR>                  that file; application/json for .json, application/yaml for .yaml/.yml
    /probe/<mode>/<path>               a spec at one well-known path only, 404 elsewhere:
                                         swagger  /probe/swagger/swagger.json  -> swagger2/petstore.json
                                         v2       /probe/v2/v2/swagger         -> swagger2/petstore.json
                                         openapi  /probe/openapi/openapi.yaml  -> openapi3/petstore.yaml, and
                                                  /probe/openapi/schemas/pet.yaml -> openapi3/schemas/pet.yaml
                                                  (so the relative reference of that document resolves)
                                         none     404 everywhere
    /error/500                         500 with a short text body
    /error/slow?seconds=N              waits N seconds (a float), then answers swagger2/petstore.json
    /error/huge?mb=N                   200, a syntactically valid Swagger 2.0 document of exactly N MiB (at least
                                       the smallest such document), streamed with a Content-Length
    /error/huge-chunked?mb=N           the same with Transfer-Encoding: chunked and no Content-Length
    /error/malformed.json              200 application/json whose line 3 is a syntax error
    /error/not-a-spec.json             200 {"hello": "world"}
    /error/close                       headers with Content-Length 1000, 10 bytes of body, then the socket closes
    /generated/openapi-ops?count=N     make_openapi.py's document with N operations (beside this file)
    GET /__requests                    JSON array of every request so far, oldest first, each
                                       {"path": <raw request target>, "x-gloo-discovery": <header value or null>}
                                       (requests to /__requests and /__reset are not recorded)
    POST /__reset                      forgets the recorded requests (answers 204)
Any other path answers 404. Every server of the process shares one request record.
"""

import argparse
import http.server
import json
import os
import socket
import socketserver
import sys
import threading
import time
import urllib.parse

# make_openapi.py sits beside this file; importing it must leave no __pycache__ among the test resources.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_openapi  # noqa: E402 - found through the path set just above

MIB = 1024 * 1024
CHUNK = 64 * 1024

_record_lock = threading.Lock()
_records = []

_generated_lock = threading.Lock()
_generated = {}

_PROBES = {
    "swagger": {"swagger.json": "swagger2/petstore.json"},
    "v2": {"v2/swagger": "swagger2/petstore.json"},
    "openapi": {"openapi.yaml": "openapi3/petstore.yaml", "schemas/pet.yaml": "openapi3/schemas/pet.yaml"},
    "none": {},
}

_MALFORMED = (
    b'{\n'
    b'  "swagger": "2.0",\n'
    b'  "info": {"title": "Broken document" "version": "1.0"},\n'
    b'  "paths": {}\n'
    b'}\n'
)


def _content_type(path):
    if path.endswith(".json"):
        return "application/json"
    if path.endswith((".yaml", ".yml")):
        return "application/yaml"
    if path.endswith("/swagger") or path.endswith("/api-docs"):
        return "application/json"
    return "application/octet-stream"


def _huge_document(size):
    """Yields pieces of a Swagger 2.0 JSON document of exactly `size` bytes (or the smallest one, if larger).

    The document has many small operations and one last operation whose description pads it to the size."""
    head = (
        b'{"swagger":"2.0","info":{"title":"A very large document","version":"1.0"},'
        b'"basePath":"/huge","paths":{'
    )
    tail = b'}}'

    def entry(index):
        return (
            b'"/p%09d":{"get":{"operationId":"op%09d","responses":{"200":{"description":"ok"}}}},' % (index, index)
        )

    def last(padding):
        return b'"/last":{"get":{"operationId":"last","responses":{"200":{"description":"%s"}}}}' % (b"x" * padding)

    entry_size = len(entry(0))
    fixed = len(head) + len(tail) + len(last(0))
    room = max(0, size - fixed)
    entries = room // entry_size
    padding = room - entries * entry_size
    yield head
    buffer = bytearray()
    for index in range(entries):
        buffer += entry(index)
        if len(buffer) >= CHUNK:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)
    yield last(padding) + tail


_SMALLEST_HUGE = sum(len(piece) for piece in _huge_document(0))


def _huge_size(query):
    try:
        megabytes = float(query.get("mb", ["1"])[0])
    except ValueError:
        megabytes = 1.0
    return max(int(megabytes * MIB), _SMALLEST_HUGE)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, name, port, root):
        super().__init__(("127.0.0.1", port), _Handler)
        self.name = name
        self.root = os.path.realpath(root)

    def handle_error(self, request, client_address):
        # A client that hangs up early (size limits, timeouts) is expected; anything else is reported.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "spec-server"

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    # Answers.

    def _send(self, status, body, content_type="text/plain; charset=utf-8"):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found(self):
        self._send(404, b"not found\n")

    def _send_file(self, relative):
        """Sends the file at `relative` (a path under the root, '/'-separated); 404 if it is not there."""
        root = self.server.root
        full = os.path.realpath(os.path.join(root, *[part for part in relative.split("/") if part]))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            self._not_found()
            return
        with open(full, "rb") as source:
            body = source.read()
        self._send(200, body, _content_type(full))

    def _send_huge(self, query, chunked):
        size = _huge_size(query)
        self.send_response(200)
        self.send_header("content-type", "application/json")
        if chunked:
            self.send_header("transfer-encoding", "chunked")
        else:
            self.send_header("content-length", str(size))
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            for piece in _huge_document(size):
                if chunked:
                    self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
                else:
                    self.wfile.write(piece)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (as it should once a size limit is passed).
            self.close_connection = True

    def _send_closing(self):
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", "1000")
        self.end_headers()
        self.wfile.write(b'{"swagger"')
        self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _send_generated(self, query):
        try:
            count = int(query.get("count", ["100"])[0])
        except ValueError:
            self._send(400, b"count must be an integer\n")
            return
        if count < 0 or count > 1_000_000:
            self._send(400, b"count out of range\n")
            return
        with _generated_lock:
            body = _generated.get(count)
            if body is None:
                body = make_openapi.openapi_bytes(count)
                _generated[count] = body
        self._send(200, body, "application/json")

    # Dispatch.

    def _answer(self):
        length = int(self.headers.get("content-length") or 0)
        if length > 0:
            self.rfile.read(length)
        parsed = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(parsed.path)
        query = urllib.parse.parse_qs(parsed.query)

        if path == "/__requests" and self.command in ("GET", "HEAD"):
            with _record_lock:
                body = json.dumps(_records).encode()
            self._send(200, body, "application/json")
            return
        if path == "/__reset" and self.command == "POST":
            with _record_lock:
                _records.clear()
            self.send_response(204)
            self.send_header("content-length", "0")
            self.end_headers()
            return
        if path in ("/__requests", "/__reset"):
            self._send(405, b"method not allowed\n")
            return

        with _record_lock:
            _records.append({"path": self.path, "x-gloo-discovery": self.headers.get("x-gloo-discovery")})

        if self.command not in ("GET", "HEAD"):
            self._send(405, b"method not allowed\n")
            return

        segments = path.split("/")
        if segments[1:2] == ["probe"]:
            mode = segments[2] if len(segments) > 2 else ""
            target = _PROBES.get(mode, {}).get("/".join(segments[3:]))
            if target is None:
                self._not_found()
            else:
                self._send_file(target)
            return
        if segments[1:2] == ["error"]:
            what = "/".join(segments[2:])
            if what == "500":
                self._send(500, b"internal server error (on purpose)\n")
            elif what == "slow":
                try:
                    seconds = float(query.get("seconds", ["5"])[0])
                except ValueError:
                    seconds = 5.0
                time.sleep(max(0.0, seconds))
                self._send_file("swagger2/petstore.json")
            elif what == "huge":
                self._send_huge(query, chunked=False)
            elif what == "huge-chunked":
                self._send_huge(query, chunked=True)
            elif what == "malformed.json":
                self._send(200, _MALFORMED, "application/json")
            elif what == "not-a-spec.json":
                self._send(200, b'{"hello": "world"}\n', "application/json")
            elif what == "close":
                self._send_closing()
            else:
                self._not_found()
            return
        if path == "/generated/openapi-ops":
            self._send_generated(query)
            return
        self._send_file(path)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _answer


def _exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True, metavar="DIR", help="the folder of documents (Goldens/discovery)")
    parser.add_argument("--port", action="append", metavar="NAME=PORT", help="default: spec=0")
    arguments = parser.parse_args()
    if not os.path.isdir(arguments.root):
        parser.error(f"--root {arguments.root!r} is not a folder")
    servers = []
    for spec in arguments.port or ["spec=0"]:
        name, _, port = spec.partition("=")
        if not name or not port.isdigit():
            parser.error(f"bad --port {spec!r}: expected NAME=PORT")
        servers.append(_Server(name, int(port), arguments.root))
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    for server in servers:
        print(f"{server.name}={server.server_address[1]}")
    print("ready", flush=True)
    _exit_when_stdin_closes()


if __name__ == "__main__":
    main()
