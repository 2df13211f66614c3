#!/usr/bin/env python3
"""A local AWS Lambda API (moto's server, in-process) seeded with functions, for the Lambda discovery tests.

Usage: lambda_peer.py [--functions N] [--versions K] [--aliases] [--region REGION] [--seed backend|api]
                      [--workers W] [--page-limit N]

Needs moto (with its server extras) and boto3 (`python3 -m pip install "moto[server]" boto3`).

Starts moto's server on 127.0.0.1 at a free port and, through boto3 against that server (dummy credentials,
access key `testing`), creates:
    - the IAM role `arn:aws:iam::123456789012:role/lambda-peer` (moto checks that a function's role exists),
    - N functions `fn-0000`, `fn-0001`, ... (default 3; runtime python3.11, handler index.handler, a tiny zip
      made in memory). With --seed backend (the default) the CreateFunction request bodies go one after the
      other straight to moto's Lambda backend (`lambda_backends[account][region].create_function`, the call
      moto's own CreateFunction handler makes once it has parsed a request): 10,000 functions take under a
      second, and moto lists them in name order. With --seed api they are CreateFunction calls through boto3,
      W at a time (default 16): 10,000 take about 35 s on two cores, and since moto lists functions in the
      order they were created, the listing order then varies from run to run,
    - K published versions ("1" ... "K", default 0) of each of the first min(N, 3) functions; before each
      publication the code is replaced, so every version has its own CodeSha256 and description,
    - with --aliases, on fn-0000: `live` -> version "1" and `beta` -> version "2" (either falls back to
      "$LATEST" when that version was not published).
Then it prints `lambda=PORT` (preceded by `moto=PORT` with --page-limit, see below), one line `seeded=<JSON>`:
    {"region": ..., "account": "123456789012", "count": N, "functions": ["fn-0000", ...],
     "versions": {"fn-0000": ["1", ...], ...}, "aliases": {"fn-0000": {"live": "1", "beta": "2"}},
     "seconds": <time the seeding took>}
then `ready`, flushes, and exits when its standard input reaches end of file.

--page-limit N (default 0, off) makes ListFunctions and ListAliases page the way AWS Lambda does, which moto
does not (see below). With N > 0 a second, threaded HTTP/1.1 server runs in the same process on 127.0.0.1 at a
free port, in front of moto; the peer prints moto's port as `moto=PORT` and then the front's as `lambda=PORT`,
so clients that read `lambda=` go through the front. The front hands every request to moto as it came (method,
path and query, headers, body) and returns moto's answer (status, headers, body); only the headers about the
connection itself (Connection, Transfer-Encoding, ...) are not passed on. The exceptions:
    - GET /2015-03-31/functions or /2015-03-31/functions/ (ListFunctions, any query) and
      GET /2015-03-31/functions/<name>/aliases (ListAliases): the front asks moto for the whole list, with the
      same headers and the query less Marker and MaxItems, and answers one page of it: min(MaxItems, or 50
      without it, N) entries from where Marker points, with `NextMarker` when entries remain (none on the last
      page). Moto's other keys and headers, Content-Type included, are kept; answers other than 200 are passed
      on as they are. Markers are opaque tokens (unpadded URL-safe base64 of "<list>#<index>", <list> being
      `functions` or `aliases/<name>`). A Marker that is not a token of that list is answered 400 with
      `x-amzn-ErrorType: InvalidParameterValueException` and {"Type": "User", "message": ...}; a MaxItems
      outside 1..10000 likewise, with `x-amzn-ErrorType: ValidationException`. N = 50 gives AWS's page cap.
    - GET /__pages is answered by the front, not moto: {"functions": F, "aliases": A}, the ListFunctions and
      ListAliases pages it has served (answers with status 200 only). Seeding talks to moto directly, so both
      start at 0.

How moto 5.2 answers the Lambda API:
    - GET /2015-03-31/functions/ (ListFunctions) returns every function in one page, whatever Marker and
      MaxItems say, and never a NextMarker; ListAliases ignores them as well (--page-limit works around it).
    - With FunctionVersion=ALL each function appears as $LATEST (its FunctionArn ending in `:$LATEST`), followed
      by its numbered versions; without it, only $LATEST, with an unqualified FunctionArn.
    - A request is routed by the credential scope of its SigV4 Authorization header
      (`Credential=KEY/DATE/REGION/lambda/aws4_request`); the signature is not checked, any access key maps to
      account 123456789012, and another REGION sees no functions. Without an Authorization header the path is
      taken for S3 (404 NoSuchBucket).
    - The JSON answers carry `Content-Type: text/html; charset=utf-8`, and some fields are JSON null
      (VpcConfig, SigningProfileVersionArn, SigningJobArn; RoutingConfig in aliases).
"""

import argparse
import base64
import binascii
import concurrent.futures
import http.client
import http.server
import io
import json
import logging
import os
import re
import socketserver
import sys
import threading
import time
import urllib.parse
import zipfile

ACCOUNT = "123456789012"
ROLE_NAME = "lambda-peer"
TRUST_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def _zip(revision):
    """A zip holding index.py whose handler returns `revision`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("index.py", date_time=(2020, 1, 1, 0, 0, 0))
        archive.writestr(info, f"def handler(event, context):\n    return {{'revision': {revision!r}}}\n")
    return buffer.getvalue()


# The paging front (--page-limit).
_FUNCTIONS_PATHS = ("/2015-03-31/functions", "/2015-03-31/functions/")
_ALIASES_PATH = re.compile(r"^/2015-03-31/functions/([^/?]+)/aliases/?$")
_AWS_PAGE_SIZE = 50
# Headers about one connection rather than the message; they are not passed on in either direction.
# (Expect: 100-continue has been answered by the front already.)
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "expect"}
)


class _BadRequest(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type
        self.message = message


def _marker(scope, index):
    return base64.urlsafe_b64encode(f"{scope}#{index}".encode()).decode().rstrip("=")


def _marker_index(scope, marker):
    """The index `marker` stands for in the list `scope`; _BadRequest when it is not a marker of that list."""
    try:
        text = base64.b64decode(marker + "=" * (-len(marker) % 4), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    found, _, index = text.rpartition("#")
    # Only the spelling _marker gives is taken (no leading zeros, no padding, nothing else decoding alike).
    if found == scope and index.isascii() and index.isdigit() and marker == _marker(scope, int(index)):
        return int(index)
    raise _BadRequest("InvalidParameterValueException", f"Invalid marker: {marker}")


class _UpstreamError(Exception):
    pass


class _FrontServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, moto_port, page_limit):
        super().__init__(("127.0.0.1", 0), _FrontHandler)
        self.moto_port = moto_port
        self.page_limit = page_limit
        self.pages = {"functions": 0, "aliases": 0}
        self.lock = threading.Lock()

    def server_bind(self):
        # HTTPServer's own looks the host name up, which is not needed here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        # A client that went away mid-answer is not worth a traceback on standard error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _FrontHandler(http.server.BaseHTTPRequestHandler):
    """One client connection to the front; it keeps its own keep-alive connection to moto."""

    protocol_version = "HTTP/1.1"
    upstream = None
    upstream_used = False

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def finish(self):
        try:
            super().finish()
        finally:
            if self.upstream is not None:
                self.upstream.close()

    def _handle(self):
        try:
            body = self._read_body()
        except ValueError:
            self.close_connection = True
            self._send_json(400, {"message": "malformed request body framing"})
            return
        target = urllib.parse.urlsplit(self.path)
        listed = {token.strip().lower() for token in self.headers.get("Connection", "").split(",")}
        headers = [
            (name, value)
            for name, value in self.headers.items()
            if name.lower() not in _HOP_BY_HOP | listed and name.lower() != "content-length"
        ]
        if body or "Content-Length" in self.headers or "Transfer-Encoding" in self.headers:
            headers.append(("Content-Length", str(len(body))))
        try:
            if self.command == "GET" and target.path == "/__pages":
                with self.server.lock:
                    pages = dict(self.server.pages)
                self._send_json(200, pages)
            elif self.command == "GET" and target.path in _FUNCTIONS_PATHS:
                self._page("functions", "Functions", "functions", target, headers, body)
            elif self.command == "GET" and _ALIASES_PATH.match(target.path):
                name = urllib.parse.unquote(_ALIASES_PATH.match(target.path).group(1))
                self._page("aliases", "Aliases", "aliases/" + name, target, headers, body)
            else:
                self._send(*self._exchange(self.path, headers, body))
        except _BadRequest as error:
            self._send_json(
                400, {"Type": "User", "message": error.message}, [("x-amzn-ErrorType", error.error_type)]
            )
        except _UpstreamError as error:
            self.close_connection = True
            self._send_json(502, {"message": f"moto did not answer: {error}"})

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _handle

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline(65537).split(b";", 1)[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError(length)
        return self.rfile.read(length) if length else b""

    def _exchange(self, target, headers, body):
        """Sends the request to moto as (status, reason, headers, body) of its answer."""
        for attempt in (1, 2):
            if self.upstream is None:
                self.upstream = http.client.HTTPConnection("127.0.0.1", self.server.moto_port, timeout=300)
                self.upstream_used = False
            reused = self.upstream_used
            try:
                self.upstream.putrequest(self.command, target, skip_host=True, skip_accept_encoding=True)
                for name, value in headers:
                    self.upstream.putheader(name, value)
                self.upstream.endheaders(body or None)
                answer = self.upstream.getresponse()
                data = answer.read()
            except (OSError, http.client.HTTPException) as error:
                self.upstream.close()
                self.upstream = None
                # A kept-alive connection moto had closed meanwhile: once more on a new one.
                stale = isinstance(error, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError))
                if stale and reused and attempt == 1:
                    continue
                raise _UpstreamError(repr(error)) from error
            self.upstream_used = True
            if answer.will_close:
                self.upstream.close()
                self.upstream = None
            return answer.status, answer.reason, answer.getheaders(), data

    def _page(self, kind, key, scope, target, headers, body):
        kept, marker, max_items = [], None, None
        for pair in target.query.split("&") if target.query else []:
            name, _, value = pair.partition("=")
            name = urllib.parse.unquote_plus(name)
            if name == "Marker":
                marker = urllib.parse.unquote_plus(value) if marker is None else marker
            elif name == "MaxItems":
                max_items = urllib.parse.unquote_plus(value) if max_items is None else max_items
            elif pair:
                kept.append(pair)
        size = _AWS_PAGE_SIZE
        if max_items is not None:
            if not (max_items.isascii() and max_items.isdigit() and 1 <= int(max_items) <= 10000):
                raise _BadRequest(
                    "ValidationException",
                    f"1 validation error detected: Value '{max_items}' at 'maxItems' failed to satisfy constraint: "
                    "Member must be a whole number from 1 to 10000",
                )
            size = int(max_items)
        size = min(size, self.server.page_limit)
        start = 0 if marker is None else _marker_index(scope, marker)

        query = "&".join(kept)
        status, reason, answer_headers, data = self._exchange(
            target.path + ("?" + query if query else ""), headers, body
        )
        if status != 200:
            self._send(status, reason, answer_headers, data)
            return
        try:
            document = json.loads(data)
            entries = document[key]
            if not isinstance(entries, list):
                raise TypeError(type(entries).__name__)
        except (ValueError, TypeError, KeyError) as error:
            self.close_connection = True
            self._send_json(502, {"message": f"moto's {key} list could not be read: {error!r}"})
            return
        document[key] = entries[start : start + size]
        document.pop("NextMarker", None)
        if start + size < len(entries):
            document["NextMarker"] = _marker(scope, start + size)
        with self.server.lock:
            self.server.pages[kind] += 1
        self._send(status, reason, answer_headers, json.dumps(document).encode())

    def _send(self, status, reason, headers, body):
        self.send_response_only(status, reason)
        for name, value in headers:
            if name.lower() not in _HOP_BY_HOP and (name.lower() != "content-length" or self.command == "HEAD"):
                self.send_header(name, value)
        if self.command != "HEAD" and status >= 200 and status not in (204, 304):
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _send_json(self, status, document, headers=()):
        body = json.dumps(document).encode()
        self._send(status, None, [("Content-Type", "application/json")] + list(headers), body)


def _start_front(moto_port, page_limit):
    """Starts the paging front on a free port of 127.0.0.1 and returns that port."""
    server = _FrontServer(moto_port, page_limit)
    threading.Thread(target=server.serve_forever, name="lambda-front", daemon=True).start()
    return server.server_address[1]


def _exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--functions", type=int, default=3, metavar="N")
    parser.add_argument("--versions", type=int, default=0, metavar="K")
    parser.add_argument("--aliases", action="store_true")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--seed", choices=("api", "backend"), default="backend")
    parser.add_argument("--workers", type=int, default=16, metavar="W")
    parser.add_argument("--page-limit", type=int, default=0, metavar="N")
    arguments = parser.parse_args()
    if arguments.functions < 0 or arguments.versions < 0 or arguments.page_limit < 0 or arguments.workers < 1:
        parser.error("--functions, --versions and --page-limit must not be negative, --workers must be positive")
    if arguments.aliases and arguments.functions < 1:
        parser.error("--aliases needs at least one function")

    # Dummy credentials, set before boto3 or moto read them; no shared configuration file is read.
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SECURITY_TOKEN": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": arguments.region,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        }
    )
    # Every request then belongs to moto's default account, whatever access key a client signs with.
    os.environ.pop("MOTO_ACCOUNT_ID", None)
    # The server's request log would be one line on standard error per request.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    import boto3
    import botocore.config
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server.get_host_and_port()[1]
    endpoint = f"http://127.0.0.1:{port}"
    config = botocore.config.Config(
        max_pool_connections=arguments.workers, retries={"max_attempts": 5, "mode": "standard"}
    )

    def client(service):
        return boto3.client(service, region_name=arguments.region, endpoint_url=endpoint, config=config)

    started = time.monotonic()
    role = client("iam").create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=TRUST_POLICY)["Role"]["Arn"]
    lambda_client = client("lambda")
    names = [f"fn-{index:04d}" for index in range(arguments.functions)]
    code = _zip("latest")

    def request(name):
        return {
            "FunctionName": name,
            "Runtime": "python3.11",
            "Role": role,
            "Handler": "index.handler",
            "Description": f"{name} for the discovery tests",
            "Timeout": 3,
            "MemorySize": 128,
        }

    if arguments.seed == "backend":
        from moto.awslambda.models import lambda_backends

        backend = lambda_backends[ACCOUNT][arguments.region]
        encoded = base64.b64encode(code).decode()
        for name in names:
            backend.create_function(dict(request(name), Code={"ZipFile": encoded}))
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.workers) as pool:
            futures = [
                pool.submit(lambda_client.create_function, Code={"ZipFile": code}, **request(name)) for name in names
            ]
            for future in concurrent.futures.as_completed(futures):
                future.result()

    versions = {}
    for name in names[:3] if arguments.versions else []:
        published = []
        for revision in range(1, arguments.versions + 1):
            lambda_client.update_function_code(FunctionName=name, ZipFile=_zip(f"revision {revision}"))
            answer = lambda_client.publish_version(FunctionName=name, Description=f"revision {revision}")
            published.append(answer["Version"])
        versions[name] = published

    aliases = {}
    if arguments.aliases:
        published = versions.get(names[0], [])
        targets = {
            "live": published[0] if len(published) >= 1 else "$LATEST",
            "beta": published[1] if len(published) >= 2 else "$LATEST",
        }
        for alias, version in targets.items():
            lambda_client.create_alias(FunctionName=names[0], Name=alias, FunctionVersion=version)
        aliases[names[0]] = targets

    summary = {
        "region": arguments.region,
        "account": ACCOUNT,
        "count": len(names),
        "functions": names,
        "versions": versions,
        "aliases": aliases,
        "seconds": round(time.monotonic() - started, 3),
    }
    if arguments.page_limit:
        print(f"moto={port}")
        print(f"lambda={_start_front(port, arguments.page_limit)}")
    else:
        print(f"lambda={port}")
    print("seeded=" + json.dumps(summary, separators=(",", ":")))
    print("ready", flush=True)
    _exit_when_stdin_closes()


if __name__ == "__main__":
    main()
