#!/usr/bin/env python3
"""Echo upstreams for the Envoy xDS end-to-end tests (Python 3 standard library only).

Usage: echo_upstream.py --port NAME=PORT [--port NAME=PORT ...] [--tls-cert PEM --tls-key PEM]

Serves HTTP/1.1 (threaded, keep-alive) on 127.0.0.1 at each PORT; PORT 0 picks a free port. Once every
server listens it prints one `NAME=PORT` line per server, then `ready`, and flushes. It exits when its
standard input reaches end of file, so it never outlives the test process that started it.

Every request is answered with JSON:
    {"server": NAME, "method": ..., "path": <raw request target, with the query>, "host": <Host header>,
     "headers": {<lower-case name>: <value>, ...}}
Special paths (the JSON body is the same, only the status changes):
    /status/<code>         answers with that status
    /flaky/<key>/<n>       answers 503 to the first n requests for <key> (counted across all servers of this
                           process), then 200
    /health                200, or 503 while the server is marked unhealthy
    /admin/health/fail     marks this server unhealthy (its /health answers 503)
    /admin/health/ok       marks it healthy again
    /delay/<ms>            answers after <ms> milliseconds
The JSON also has "bodyLength" and "bodySha256" of the request body, which may be chunked. Paths that answer
differently:
    /echo                  answers the request body itself (same content type)
    /bytes/<n>             answers <n> bytes ("0123456789" repeated), chunked, in 64 KiB pieces
"""

import argparse
import hashlib
import http.server
import json
import os
import socketserver
import ssl
import sys
import threading
import time

_flaky_lock = threading.Lock()
_flaky_counts = {}


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # Envoy may open many connections at once (health checks, retries, weighted splits).
    request_queue_size = 128

    def __init__(self, name, port):
        super().__init__(("127.0.0.1", port), _Handler)
        self.name = name
        self.healthy = True


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "echo-upstream"
    # Headers and body go out in separate writes; without this, Nagle's algorithm holds the body back until the
    # client's delayed acknowledgement, about 40 ms per response.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def _status_for(self, path):
        segments = path.split("?", 1)[0].split("/")
        if len(segments) >= 3 and segments[1] == "status":
            try:
                code = int(segments[2])
            except ValueError:
                return 400
            return code if 100 <= code <= 599 else 400
        if len(segments) >= 4 and segments[1] == "flaky":
            try:
                failures = int(segments[3])
            except ValueError:
                return 400
            with _flaky_lock:
                seen = _flaky_counts.get(segments[2], 0)
                _flaky_counts[segments[2]] = seen + 1
            return 503 if seen < failures else 200
        if path == "/admin/health/fail":
            self.server.healthy = False
            return 200
        if path == "/admin/health/ok":
            self.server.healthy = True
            return 200
        if segments[1:2] == ["health"]:
            return 200 if self.server.healthy else 503
        return 200

    def _read_body(self):
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _stream_bytes(self, count):
        self.send_response(200)
        self.send_header("content-type", "application/octet-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        piece = b"0123456789" * 6554
        remaining = count
        while remaining > 0:
            chunk = piece[: min(remaining, 65536)]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            remaining -= len(chunk)
        self.wfile.write(b"0\r\n\r\n")

    def _answer(self):
        request_body = self._read_body()
        segments = self.path.split("?", 1)[0].split("/")
        if len(segments) >= 3 and segments[1] == "delay" and segments[2].isdigit():
            time.sleep(int(segments[2]) / 1000)
        if len(segments) >= 3 and segments[1] == "bytes" and segments[2].isdigit():
            self._stream_bytes(int(segments[2]))
            return
        if segments[1:2] == ["echo"]:
            self.send_response(200)
            self.send_header("content-type", self.headers.get("content-type", "application/octet-stream"))
            self.send_header("content-length", str(len(request_body)))
            self.end_headers()
            self.wfile.write(request_body)
            return
        status = self._status_for(self.path)
        body = json.dumps(
            {
                "server": self.server.name,
                "method": self.command,
                "path": self.path,
                "host": self.headers.get("host", ""),
                "headers": {name.lower(): value for name, value in self.headers.items()},
                "bodyLength": len(request_body),
                "bodySha256": hashlib.sha256(request_body).hexdigest(),
            },
            sort_keys=True,
        ).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.send_header("x-echo-server", self.server.name)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _answer


def _exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", action="append", required=True, metavar="NAME=PORT")
    parser.add_argument("--tls-cert", help="serve HTTPS with this certificate chain (PEM)")
    parser.add_argument("--tls-key", help="the certificate's private key (PEM)")
    arguments = parser.parse_args()
    servers = []
    for spec in arguments.port:
        name, _, port = spec.partition("=")
        if not name or not port.isdigit():
            parser.error(f"bad --port {spec!r}: expected NAME=PORT")
        server = _Server(name, int(port))
        if arguments.tls_cert:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(arguments.tls_cert, arguments.tls_key)
            server.socket = context.wrap_socket(server.socket, server_side=True)
        servers.append(server)
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    for server in servers:
        print(f"{server.name}={server.server_address[1]}")
    print("ready", flush=True)
    _exit_when_stdin_closes()


if __name__ == "__main__":
    main()
