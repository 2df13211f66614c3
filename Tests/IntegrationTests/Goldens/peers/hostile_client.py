#!/usr/bin/env python3
"""Hostile HTTP/1.1 client used by the integration tests.

It sends one kind of malformed, oversized, slow or abusive traffic to a
server and prints, as a single JSON object on stdout, what the server did
(status codes, whether and when it closed the connection, ...).  The same
peer is pointed at Envoy, which gives the reference answers, and at the
gateway under test, and the tests compare the two.

    hostile_client.py --target HOST:PORT SCENARIO [options]

Exit status: 0 when the scenario ran, whatever the server answered;
1 when it could not run (for example the connection was refused);
2 on a usage error; 3 when the overall --deadline expired.

The peer reads its standard input until end of file and then exits at
once, so a test runner that dies (closing the pipe) never leaves it behind.
Run it by hand with --no-stdin-watch, or keep stdin open
(`sleep 1000 | hostile_client.py ...`); with stdin redirected from /dev/null
and no --no-stdin-watch it exits immediately.

Only the Python 3.11 standard library is used.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import resource
import selectors
import socket
import sys
import threading
import time
from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DEADLINE = 3

# How much of a response body is kept for the report; the rest is only counted.
BODY_KEEP = 1024 * 1024
# Longest status line, header line or chunk-size line accepted in a response.
MAX_LINE = 256 * 1024


# ---------------------------------------------------------------------------
# Output and the overall deadline
# ---------------------------------------------------------------------------

_output_lock = threading.Lock()
_output_done = False
_deadline_at = float("inf")  # time.monotonic() value at which everything stops


def emit(result: dict, code: int) -> None:
    """Print the single JSON result and exit; later calls do nothing."""
    global _output_done
    with _output_lock:
        if _output_done:
            return
        _output_done = True
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
    os._exit(code)


def remaining() -> float:
    """Seconds left before the overall deadline."""
    return _deadline_at - time.monotonic()


def until(seconds: float) -> float:
    """Absolute monotonic time `seconds` from now, never past the deadline."""
    return min(time.monotonic() + seconds, _deadline_at)


def start_watchdogs(scenario: str, deadline: float, watch_stdin: bool) -> None:
    """Start the two background threads that guarantee the peer goes away."""
    global _deadline_at
    _deadline_at = time.monotonic() + deadline

    # Every wait in the scenarios is clipped to the deadline, so they end on
    # their own; this timer only catches something stuck beyond it.
    def expire() -> None:
        emit({"scenario": scenario, "error": "deadline exceeded", "deadline": deadline}, EXIT_DEADLINE)

    timer = threading.Timer(deadline + 2.0, expire)
    timer.daemon = True
    timer.start()

    if watch_stdin:
        def watch() -> None:
            # os.read returns b"" at end of file; any error means stdin is gone too.
            try:
                while os.read(0, 65536):
                    pass
            except OSError:
                pass
            os._exit(EXIT_OK)

        threading.Thread(target=watch, daemon=True).start()


# ---------------------------------------------------------------------------
# A client connection that can read HTTP/1.1 responses
# ---------------------------------------------------------------------------

class Malformed(Exception):
    """The server sent bytes that are not a valid HTTP/1.1 response."""


class Incomplete(Exception):
    """The server closed, or went quiet past the deadline, mid-message."""


@dataclass
class Response:
    status: int
    reason: str
    version: str
    headers: list[list[str]]
    body: bytes = b""
    body_length: int = 0          # full length even when `body` was truncated
    framing: str = "none"         # content-length, chunked, close or none
    complete: bool = True         # False when the body was cut short
    interim: list[int] = field(default_factory=list)  # 1xx statuses seen first

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    def detail(self) -> dict:
        """Everything about the response, for --include-response and `request`."""
        out = {
            "status": self.status,
            "reason": self.reason,
            "version": self.version,
            "headers": self.headers,
            "body": self.body.decode("utf-8", "replace"),
            "body_length": self.body_length,
            "framing": self.framing,
            "response_complete": self.complete,
        }
        if self.interim:
            out["interim"] = self.interim
        return out


def parse_target(text: str) -> tuple[str, int]:
    """Split HOST:PORT (or [V6]:PORT) into its parts."""
    match = re.fullmatch(r"\[([^\]]+)\]:(\d+)|([^:\[\]]+):(\d+)", text)
    if not match:
        raise ValueError(f"target must be HOST:PORT, got {text!r}")
    host = match.group(1) or match.group(3)
    port = int(match.group(2) or match.group(4))
    if not 0 < port < 65536:
        raise ValueError(f"port out of range in {text!r}")
    return host, port


class Conn:
    """One TCP connection to the server with a buffer of unread bytes.

    Every wait is bounded by an absolute deadline.  Once the server closes,
    `closed_how` becomes "fin" (orderly close) or "reset" and `closed_at`
    records the monotonic time it was noticed.
    """

    def __init__(self, target: tuple[str, int], timeout: float):
        self.sock = socket.create_connection(target, timeout=max(0.01, min(timeout, remaining())))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.closed_how: str | None = None
        self.closed_at: float | None = None
        self.bytes_sent = 0
        self.send_error: str | None = None

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def _mark_closed(self, how: str) -> None:
        if self.closed_how is None:
            self.closed_how = how
            self.closed_at = time.monotonic()

    def fill(self, deadline: float) -> bool:
        """Wait until `deadline` for more bytes; True if some were added."""
        if self.closed_how:
            return False
        wait = deadline - time.monotonic()
        if wait <= 0:
            return False
        self.sock.settimeout(wait)
        try:
            data = self.sock.recv(65536)
        except (socket.timeout, BlockingIOError):
            return False
        except OSError:  # ECONNRESET and friends
            self._mark_closed("reset")
            return False
        if not data:
            self._mark_closed("fin")
            return False
        self.buf += data
        return True

    def send(self, data: bytes) -> bool:
        """Send everything or stop at the first error; True if all was sent.

        A failed send does not mark the connection closed: the server may
        have answered and closed, and its answer can still be read.
        """
        view = memoryview(data)
        while view:
            wait = remaining()
            if wait <= 0:
                self.send_error = "deadline"
                return False
            self.sock.settimeout(wait)
            try:
                n = self.sock.send(view)
            except socket.timeout:
                self.send_error = "timeout"
                return False
            except OSError as exc:
                self.send_error = errno.errorcode.get(exc.errno or 0, str(exc))
                return False
            self.bytes_sent += n
            view = view[n:]
        return True

    def send_watching(self, data: bytes, stall: float, chunk: int = 64 * 1024) -> str:
        """Send `data` but stop as soon as the server says anything.

        Returns why sending ended: "complete", "early-response" (the server
        answered or closed before we finished), "send-error" (EPIPE, reset)
        or "stalled" (the server neither read nor answered for `stall` s).
        """
        view = memoryview(data)
        sel = selectors.DefaultSelector()
        self.sock.setblocking(False)
        try:
            sel.register(self.sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
            last_progress = time.monotonic()
            while view:
                now = time.monotonic()
                limit = min(last_progress + stall, _deadline_at)
                if now >= limit:
                    return "stalled"
                events = sel.select(limit - now)
                if any(mask & selectors.EVENT_READ for _, mask in events):
                    return "early-response"
                if not events:
                    continue
                try:
                    n = self.sock.send(view[:chunk])
                except BlockingIOError:
                    continue
                except OSError as exc:
                    self.send_error = errno.errorcode.get(exc.errno or 0, str(exc))
                    return "send-error"
                self.bytes_sent += n
                view = view[n:]
                last_progress = time.monotonic()
            return "complete"
        finally:
            sel.close()
            self.sock.setblocking(True)

    # -- reading -----------------------------------------------------------

    def _line(self, deadline: float) -> bytes:
        """Next line without its CRLF (a bare LF is tolerated)."""
        start = 0
        while True:
            i = self.buf.find(b"\n", start)
            if i >= 0:
                line = bytes(self.buf[:i])
                del self.buf[: i + 1]
                return line[:-1] if line.endswith(b"\r") else line
            if len(self.buf) > MAX_LINE:
                raise Malformed("line longer than %d bytes" % MAX_LINE)
            start = len(self.buf)
            if not self.fill(deadline):
                raise Incomplete("connection %s mid-line" % (self.closed_how or "idle"))

    def _skip(self, count: int, deadline: float, keep: bytearray) -> None:
        """Consume `count` bytes, copying up to BODY_KEEP of them into `keep`."""
        while count:
            if not self.buf and not self.fill(deadline):
                raise Incomplete("connection %s mid-body" % (self.closed_how or "idle"))
            take = min(count, len(self.buf))
            room = BODY_KEEP - len(keep)
            if room > 0:
                keep += self.buf[: min(take, room)]
            del self.buf[:take]
            count -= take

    def _headers(self, deadline: float) -> list[list[str]]:
        headers: list[list[str]] = []
        while True:
            line = self._line(deadline)
            if not line:
                return headers
            if line[:1] in (b" ", b"\t") and headers:
                # Obsolete line folding: continuation of the previous value.
                headers[-1][1] += " " + line.strip().decode("latin-1")
                continue
            name, colon, value = line.partition(b":")
            if not colon:
                raise Malformed("header line without colon: %r" % line[:80])
            headers.append([name.decode("latin-1"), value.strip(b" \t").decode("latin-1")])

    def read_response(self, deadline: float, method: str = "GET") -> Response | None:
        """Read one full response (after any 1xx ones).

        Returns None when the server sent nothing at all before closing or
        before the deadline.  A response whose body was cut short comes back
        with complete=False.  Raises Malformed for garbage.
        """
        interim: list[int] = []
        while True:
            if not self.buf and not self.fill(deadline):
                if interim:
                    raise Incomplete("only interim responses before %s" % (self.closed_how or "timeout"))
                return None
            try:
                line = self._line(deadline)
                # Tolerate stray empty lines between responses.
                skipped = 0
                while not line and skipped < 4:
                    skipped += 1
                    line = self._line(deadline)
                match = re.fullmatch(rb"HTTP/(\d)\.(\d) (\d{3})(?: (.*))?", line)
                if not match:
                    raise Malformed("bad status line: %r" % line[:80])
                headers = self._headers(deadline)
            except Incomplete as exc:
                raise Malformed("truncated response head (%s)" % exc) from None
            status = int(match.group(3))
            response = Response(
                status=status,
                reason=(match.group(4) or b"").decode("latin-1"),
                version="%s.%s" % (match.group(1).decode(), match.group(2).decode()),
                headers=headers,
                interim=interim,
            )
            if 100 <= status < 200 and status != 101:
                interim.append(status)
                continue
            self._body(response, deadline, method)
            return response

    def _body(self, response: Response, deadline: float, method: str) -> None:
        """Read the body as the framing rules of RFC 9112 section 6.3 say."""
        keep = bytearray()
        status = response.status
        encoding = (response.header("transfer-encoding") or "").lower()
        length = response.header("content-length")
        try:
            if method == "HEAD" or status in (101, 204, 304):
                response.framing = "none"
            elif encoding:
                codings = [c.strip() for c in encoding.split(",")]
                if codings[-1] == "chunked":
                    response.framing = "chunked"
                    self._chunked(deadline, keep, response)
                else:
                    response.framing = "close"
                    self._until_close(deadline, keep, response)
            elif length is not None:
                try:
                    size = int(length.split(",")[0].strip())
                    if size < 0:
                        raise ValueError
                except ValueError:
                    raise Malformed("bad content-length %r" % length) from None
                response.framing = "content-length"
                response.body_length = size
                self._skip(size, deadline, keep)
            else:
                response.framing = "close"
                self._until_close(deadline, keep, response)
        except Incomplete:
            response.complete = False
        response.body = bytes(keep)
        if response.framing != "content-length":
            response.body_length = max(response.body_length, len(keep))

    def _chunked(self, deadline: float, keep: bytearray, response: Response) -> None:
        total = 0
        while True:
            size_line = self._line(deadline).split(b";")[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                raise Malformed("bad chunk size %r" % size_line[:40]) from None
            if size == 0:
                break
            self._skip(size, deadline, keep)
            total += size
            response.body_length = total
            if self._line(deadline):
                raise Malformed("chunk not followed by CRLF")
        while self._line(deadline):  # trailer fields, ignored
            pass

    def _until_close(self, deadline: float, keep: bytearray, response: Response) -> None:
        total = 0
        while True:
            total += len(self.buf)
            room = BODY_KEEP - len(keep)
            if room > 0:
                keep += self.buf[:room]
            self.buf.clear()
            response.body_length = total
            if not self.fill(deadline):
                if self.closed_how:
                    return
                raise Incomplete("no close before deadline")

    def wait_closed(self, seconds: float) -> bool:
        """Wait up to `seconds` for the server to close; unexpected bytes stay in buf."""
        deadline = until(seconds)
        while not self.closed_how and self.fill(deadline):
            pass
        return self.closed_how is not None


# ---------------------------------------------------------------------------
# Helpers shared by the scenarios
# ---------------------------------------------------------------------------

def request_bytes(method: str, path: str, host: str, headers: list[tuple[str, str]] = (),
                  body: bytes = b"", version: str = "HTTP/1.1") -> bytes:
    """A well-formed request with Host and (for a body) Content-Length."""
    lines = [f"{method} {path} {version}", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def round_s(value: float | None) -> float | None:
    """Seconds rounded to milliseconds (and never -0.0)."""
    return None if value is None else round(value, 3) + 0.0


def connect(ctx: "Context") -> Conn:
    return Conn(ctx.target, ctx.timeout)


def read_and_close_report(ctx: "Context", conn: Conn, method: str = "GET") -> dict:
    """Read one response, then watch whether the server closes the connection.

    The common fields: status (null if no response), closed (did the server
    close within --close-wait after answering), close_kind ("fin"/"reset"),
    close_delay (seconds from the end of the response to the close).
    """
    out: dict = {"status": None}
    try:
        response = conn.read_response(until(ctx.timeout), method)
    except Malformed as exc:
        response = None
        out["parse_error"] = str(exc)
    answered_at = time.monotonic()
    if response is not None:
        out["status"] = response.status
        out["reason"] = response.reason
        out["response_complete"] = response.complete
        if response.interim:
            out["interim"] = response.interim
        if ctx.include_response:
            out["response"] = response.detail()
    conn.wait_closed(ctx.close_wait)
    out["closed"] = conn.closed_how is not None
    out["close_kind"] = conn.closed_how
    out["close_delay"] = round_s(conn.closed_at - answered_at) if conn.closed_at and response else None
    if conn.buf:
        out["unexpected_bytes"] = len(conn.buf)
    return out


def read_all_responses(ctx: "Context", conn: Conn, method: str = "GET", limit: int = 1000) -> dict:
    """Read responses until `limit`, a close, or a pause longer than allowed.

    The first response may take --timeout; each later one must begin
    within --close-wait (the server has already shown it is answering).
    """
    responses: list[Response] = []
    error = None
    answered_at = time.monotonic()  # end of the last response read
    timed_out = False  # True when we already waited --close-wait in vain
    while len(responses) < limit:
        wait = ctx.timeout if not responses else ctx.close_wait
        try:
            response = conn.read_response(until(wait), method)
        except Malformed as exc:
            error = str(exc)
            break
        if response is None:
            timed_out = conn.closed_how is None
            break
        responses.append(response)
        answered_at = time.monotonic()
        if not response.complete:
            break
    if not timed_out:
        conn.wait_closed(ctx.close_wait)
    out = {
        "status": responses[0].status if responses else None,
        "statuses": [r.status for r in responses],
        "responses": len(responses),
        "closed": conn.closed_how is not None,
        "close_kind": conn.closed_how,
        "close_delay": round_s(conn.closed_at - answered_at) if conn.closed_at and responses else None,
    }
    if error:
        out["parse_error"] = error
    if conn.buf:
        out["unexpected_bytes"] = len(conn.buf)
    if ctx.include_response and responses:
        out["response"] = responses[0].detail()
    return out


def raw_exchange(ctx: "Context", raw: bytes, follow_up: bool) -> dict:
    """Send raw request bytes on a fresh connection and report every answer.

    With follow_up, a plain GET is pipelined right behind the raw bytes: a
    server that rejects the raw request answers once and closes, while one
    that mis-frames it answers the leftover bytes as a second request.
    """
    try:
        conn = connect(ctx)
    except OSError as exc:
        return {"error": f"connect: {exc}"}
    try:
        payload = raw + (request_bytes("GET", ctx.path, ctx.host) if follow_up else b"")
        sent = conn.send_watching(payload, stall=ctx.timeout)
        out = read_all_responses(ctx, conn)
        if follow_up:
            out["second_response"] = out["responses"] > 1
        out["send_result"] = sent
        return out
    finally:
        conn.close()


def run_variants(ctx: "Context", variants: dict[str, bytes], follow_up: bool) -> dict:
    """Run each named raw request on its own connection (or only --variant)."""
    chosen = [ctx.variant] if ctx.variant else list(variants)
    for name in chosen:
        if name not in variants:
            usage_error(f"unknown variant {name!r}; choose from {', '.join(variants)}")
    results = []
    for name in chosen:
        entry = {"variant": name}
        entry.update(raw_exchange(ctx, variants[name], follow_up))
        results.append(entry)
    return {"variants": results}


def trickle(ctx: "Context", prefix: bytes, interval: float, duration: float, max_bytes: int) -> dict:
    """Send `prefix`, then one byte every `interval` seconds, for `duration`.

    Reports when the server closed the connection (closed_after, seconds
    after the prefix was sent, null if it was still open at the end) and the
    status of any response it sent before closing.
    """
    try:
        conn = connect(ctx)
    except OSError as exc:
        return {"error": f"connect: {exc}"}
    try:
        start = time.monotonic()
        end = min(start + duration, _deadline_at)
        conn.send(prefix)
        trickled = 0
        first_byte_at = None
        next_send = start + interval
        while time.monotonic() < end and not conn.closed_how:
            had = len(conn.buf)
            conn.fill(min(next_send, end))
            if len(conn.buf) > had and first_byte_at is None:
                first_byte_at = time.monotonic()
            if conn.closed_how or time.monotonic() < next_send or time.monotonic() >= end:
                continue
            next_send += interval
            if trickled < max_bytes and not conn.send_error:
                if conn.send(b"a"):
                    trickled += 1
                else:
                    # The server is gone; pick up whatever it sent and its close.
                    conn.wait_closed(min(1.0, max(0.0, end - time.monotonic())))
        response = None
        parse_error = None
        if conn.buf:
            try:
                response = conn.read_response(time.monotonic())
            except Malformed as exc:
                parse_error = str(exc)
        status = response.status if response else None
        out = {
            "closed_after": round_s(conn.closed_at - start) if conn.closed_at else None,
            "closed": conn.closed_how is not None,
            "close_kind": conn.closed_how,
            "status": status,
            "response_after": round_s(first_byte_at - start) if first_byte_at else None,
            "trickled_bytes": trickled,
            "send_error": conn.send_error,
            "interval": interval,
            "duration": duration,
        }
        if parse_error:
            out["parse_error"] = parse_error
        if ctx.include_response and response:
            out["response"] = response.detail()
        return out
    finally:
        conn.close()


# ---------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------

@dataclass
class Context:
    target: tuple[str, int]
    host: str
    path: str
    timeout: float
    close_wait: float
    variant: str | None
    include_response: bool
    args: argparse.Namespace


def scenario_oversized_headers(ctx: Context) -> dict:
    """A GET carrying one header whose value is --bytes long."""
    size = ctx.args.bytes
    raw = request_bytes("GET", ctx.path, ctx.host, [("X-Oversized", "a" * size)])
    try:
        conn = connect(ctx)
    except OSError as exc:
        return {"error": f"connect: {exc}"}
    try:
        sent = conn.send_watching(raw, stall=ctx.timeout)
        out = read_and_close_report(ctx, conn)
        out.update({"header_bytes": size, "sent_bytes": conn.bytes_sent, "send_result": sent})
        return out
    finally:
        conn.close()


def scenario_oversized_body(ctx: Context) -> dict:
    """A POST with a --bytes body, Content-Length or chunked."""
    size = ctx.args.bytes
    headers = [("Content-Type", "application/octet-stream")]
    if ctx.args.chunked:
        headers.append(("Transfer-Encoding", "chunked"))
        piece = 16 * 1024
        body = bytearray()
        for offset in range(0, size, piece):
            n = min(piece, size - offset)
            body += b"%x\r\n" % n + b"b" * n + b"\r\n"
        body += b"0\r\n\r\n"
        head = request_bytes("POST", ctx.path, ctx.host, headers)
        raw = head + bytes(body)
    else:
        headers.append(("Content-Length", str(size)))
        raw = request_bytes("POST", ctx.path, ctx.host, headers) + b"b" * size
    try:
        conn = connect(ctx)
    except OSError as exc:
        return {"error": f"connect: {exc}"}
    try:
        sent = conn.send_watching(raw, stall=ctx.timeout)
        out = read_and_close_report(ctx, conn, "POST")
        out.update({
            "body_bytes": size,
            "chunked": bool(ctx.args.chunked),
            "sent_bytes": conn.bytes_sent,
            "total_bytes": len(raw),
            "send_result": sent,
            "send_error": conn.send_error,
        })
        return out
    finally:
        conn.close()


def scenario_slowloris(ctx: Context) -> dict:
    """Request line, then one more byte of a never-ending header each interval."""
    prefix = f"GET {ctx.path} HTTP/1.1\r\nHost: {ctx.host}\r\nX-Slowloris: ".encode()
    return trickle(ctx, prefix, ctx.args.interval, ctx.args.duration, max_bytes=1 << 30)


def scenario_slow_body(ctx: Context) -> dict:
    """Complete headers announcing 1000 body bytes, then one byte each interval.

    At most 999 bytes are sent so that the body is never complete.
    """
    prefix = request_bytes("POST", ctx.path, ctx.host,
                           [("Content-Type", "text/plain"), ("Content-Length", "1000")])
    return trickle(ctx, prefix, ctx.args.interval, ctx.args.duration, max_bytes=999)


def scenario_smuggle_cl_te(ctx: Context) -> dict:
    """Both Content-Length: 6 and chunked; the 'G' is left over under chunked framing."""
    raw = (f"POST {ctx.path} HTTP/1.1\r\nHost: {ctx.host}\r\n"
           "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG").encode()
    return raw_exchange(ctx, raw, follow_up=not ctx.args.no_follow_up)


def scenario_smuggle_double_cl(ctx: Context) -> dict:
    """Two Content-Length headers (6 then 5) over a 6-byte body."""
    raw = (f"POST {ctx.path} HTTP/1.1\r\nHost: {ctx.host}\r\n"
           "Content-Length: 6\r\nContent-Length: 5\r\n\r\nabcdef").encode()
    return raw_exchange(ctx, raw, follow_up=not ctx.args.no_follow_up)


def scenario_smuggle_te_obfuscated(ctx: Context) -> dict:
    """Transfer-Encoding spelled so that a lenient parser might ignore it."""
    def post(te_line: str) -> bytes:
        return (f"POST {ctx.path} HTTP/1.1\r\nHost: {ctx.host}\r\n{te_line}\r\n\r\n"
                "0\r\n\r\n").encode()
    variants = {
        "xchunked": post("Transfer-Encoding: xchunked"),
        "space-before-colon": post("Transfer-Encoding : chunked"),
        "chunked-not-last": post("Transfer-Encoding: chunked, identity"),
        "line-folded": post("Transfer-Encoding:\r\n chunked"),
    }
    return run_variants(ctx, variants, follow_up=not ctx.args.no_follow_up)


def scenario_invalid_method(ctx: Context) -> dict:
    def line(method: str) -> bytes:
        return f"{method} {ctx.path} HTTP/1.1\r\nHost: {ctx.host}\r\n\r\n".encode("latin-1")
    variants = {
        "separator-in-method": line("GE(T"),      # '(' is not a token character
        "control-byte": line("G\x01ET"),
        "unknown-token": line("BREW"),           # syntactically valid, unknown method
    }
    return run_variants(ctx, variants, follow_up=False)


def scenario_invalid_path(ctx: Context) -> dict:
    def line(target: str) -> bytes:
        return f"GET {target} HTTP/1.1\r\nHost: {ctx.host}\r\n\r\n".encode("latin-1")
    variants = {
        "no-leading-slash": line("foo"),
        "space": line("/a b"),
        "control-byte": line("/a\x01b"),
    }
    return run_variants(ctx, variants, follow_up=False)


def scenario_invalid_version(ctx: Context) -> dict:
    def line(version: str) -> bytes:
        return f"GET {ctx.path} {version}\r\nHost: {ctx.host}\r\n\r\n".encode()
    variants = {
        "http-9.9": line("HTTP/9.9"),
        "not-http": line("HTXP/1.1"),
    }
    return run_variants(ctx, variants, follow_up=False)


def scenario_bad_header(ctx: Context) -> dict:
    def with_line(header: str) -> bytes:
        return f"GET {ctx.path} HTTP/1.1\r\nHost: {ctx.host}\r\n{header}\r\n\r\n".encode()
    variants = {
        "no-colon": with_line("NoColonHere"),
        "space-in-name": with_line("Bad Name: x"),
        "space-before-colon": with_line("X-Test : x"),
    }
    return run_variants(ctx, variants, follow_up=False)


def scenario_pipelined(ctx: Context) -> dict:
    """--count GETs written at once (their paths taken in turn from --paths, else --path), then
    --trailing-garbage if given; read back as many responses as come."""
    count = ctx.args.count
    paths = ctx.args.paths.split(",") if ctx.args.paths else [ctx.path]
    raw = b"".join(request_bytes("GET", paths[i % len(paths)], ctx.host) for i in range(count))
    if ctx.args.trailing_garbage:
        raw += ctx.args.trailing_garbage.encode("latin-1").decode("unicode_escape").encode("latin-1")
        count += 1
    try:
        conn = connect(ctx)
    except OSError as exc:
        return {"error": f"connect: {exc}"}
    try:
        sent = conn.send_watching(raw, stall=ctx.timeout)
        out = read_all_responses(ctx, conn, limit=count)
        out.update({"count": count, "send_result": sent})
        return out
    finally:
        conn.close()


def raise_nofile_limit() -> int:
    """Raise the soft RLIMIT_NOFILE to the hard limit; return the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def open_many(target: tuple[str, int], count: int, within: float, window: int = 1000
              ) -> tuple[list[socket.socket], dict[str, int]]:
    """Open up to `count` connections with non-blocking connects.

    At most `window` connects are in flight at once so the listener's accept
    queue is not flooded.  Returns the connected sockets and error counts.
    """
    family = socket.AF_INET6 if ":" in target[0] else socket.AF_INET
    addr = socket.getaddrinfo(target[0], target[1], family, socket.SOCK_STREAM)[0][4]
    deadline = until(within)
    sel = selectors.DefaultSelector()
    opened: list[socket.socket] = []
    errors: dict[str, int] = {}

    def failed(reason: str, n: int = 1) -> None:
        errors[reason] = errors.get(reason, 0) + n

    started = 0
    in_flight = 0
    while (started < count or in_flight) and time.monotonic() < deadline:
        while started < count and in_flight < window:
            try:
                sock = socket.socket(family, socket.SOCK_STREAM)
            except OSError as exc:
                # Usually EMFILE: none of the rest can be opened either.
                failed(errno.errorcode.get(exc.errno or 0, str(exc)), count - started)
                started = count
                break
            sock.setblocking(False)
            started += 1
            rc = sock.connect_ex(addr)
            if rc == 0:
                opened.append(sock)
            elif rc in (errno.EINPROGRESS, errno.EAGAIN):
                sel.register(sock, selectors.EVENT_WRITE)
                in_flight += 1
            else:
                failed(errno.errorcode.get(rc, str(rc)))
                sock.close()
        for key, _ in sel.select(max(0.0, min(0.5, deadline - time.monotonic()))):
            sock = key.fileobj
            sel.unregister(sock)
            in_flight -= 1
            rc = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if rc == 0:
                opened.append(sock)
            else:
                failed(errno.errorcode.get(rc, str(rc)))
                sock.close()
    # Whatever is still connecting, or was never started, ran out of time.
    for key in list(sel.get_map().values()):
        key.fileobj.close()
    if in_flight or started < count:
        failed("timeout", in_flight + (count - started))
    sel.close()
    return opened, errors


def probe_once(ctx: Context, path: str, budget: float) -> tuple[int | None, float, str | None]:
    """One plain GET on a fresh connection: (status, seconds, error)."""
    began = time.monotonic()
    conn = None
    try:
        conn = Conn(ctx.target, budget)
        conn.send(request_bytes("GET", path, ctx.host, [("Connection", "close")]))
        response = conn.read_response(until(budget))
        if response is None:
            return None, time.monotonic() - began, "no response"
        return response.status, time.monotonic() - began, None
    except (OSError, Malformed) as exc:
        return None, time.monotonic() - began, type(exc).__name__ + ": " + str(exc)
    finally:
        if conn:
            conn.close()


def close_abortively(sock: socket.socket) -> None:
    """Close with an RST so thousands of sockets leave no TIME_WAIT behind."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    except OSError:
        pass
    sock.close()


def scenario_idle_connections(ctx: Context) -> dict:
    """Hold --count idle connections open while probing with fresh GETs."""
    args = ctx.args
    count, hold = args.count, args.hold
    limit = raise_nofile_limit()
    out: dict = {"count": count, "nofile_limit": limit, "nofile_sufficient": limit >= count + 100}

    # Keep 100 descriptors spare for the probes; connections beyond what the
    # limit allows are not attempted and show up as "nofile_limit" errors.
    allowed = min(count, max(0, limit - 100))
    began = time.monotonic()
    sockets, errors = open_many(ctx.target, allowed, args.connect_timeout)
    if allowed < count:
        errors["nofile_limit"] = count - allowed
    out["opened"] = len(sockets)
    out["open_errors"] = errors
    out["open_elapsed"] = round_s(time.monotonic() - began)

    sel = selectors.DefaultSelector()
    for sock in sockets:
        sel.register(sock, selectors.EVENT_READ)
    closed = 0
    answered: set[int] = set()  # idle connections on which the server sent bytes
    first_close = None
    statuses: list[int | None] = []
    latencies: list[float] = []
    probe_errors: dict[str, int] = {}

    hold_start = time.monotonic()
    hold_end = min(hold_start + hold, _deadline_at - 1.0)
    next_probe = hold_start
    try:
        while time.monotonic() < hold_end:
            if time.monotonic() >= next_probe:
                budget = max(0.1, min(ctx.timeout, hold_end - time.monotonic()))
                status, latency, error = probe_once(ctx, args.probe_path, budget)
                statuses.append(status)
                latencies.append(latency)
                if error:
                    probe_errors[error] = probe_errors.get(error, 0) + 1
                next_probe = max(next_probe + 1.0, time.monotonic())
            wait = max(0.0, min(next_probe, hold_end) - time.monotonic())
            for key, _ in sel.select(wait):
                sock = key.fileobj
                try:
                    data = sock.recv(4096)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if data:
                    answered.add(sock.fileno())
                    continue
                # The server closed this idle connection.
                closed += 1
                if first_close is None:
                    first_close = time.monotonic() - hold_start
                sel.unregister(sock)
    finally:
        sel.close()
        for sock in sockets:
            close_abortively(sock)

    out.update({
        "hold": hold,
        "idle_closed_by_server": closed,
        "first_close_after": round_s(first_close),
        "idle_received_data": len(answered),
        "probes": len(statuses),
        "probe_statuses": statuses,
        "probe_latencies": [round_s(x) for x in latencies],
        "probe_max_latency": round_s(max(latencies)) if latencies else None,
        "probe_errors": probe_errors,
    })
    return out


def scenario_request(ctx: Context) -> dict:
    """One well-formed request; report the full response."""
    args = ctx.args
    headers = []
    for item in args.header:
        name, colon, value = item.partition(":")
        if not colon or not name.strip():
            usage_error(f"-H wants 'name: value', got {item!r}")
        headers.append((name.strip(), value.strip()))
    have_host = any(n.lower() == "host" for n, _ in headers)
    lines = [f"{args.method} {ctx.path} HTTP/1.1"]
    if not have_host:
        lines.append(f"Host: {ctx.host}")
    lines += [f"{n}: {v}" for n, v in headers]
    body = args.body.encode() if args.body is not None else b""
    if args.body is not None and not any(n.lower() in ("content-length", "transfer-encoding") for n, _ in headers):
        lines.append(f"Content-Length: {len(body)}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    try:
        conn = connect(ctx)
    except OSError as exc:
        return {"error": f"connect: {exc}"}
    try:
        conn.send_watching(raw, stall=ctx.timeout)
        out: dict = {"status": None}
        try:
            response = conn.read_response(until(ctx.timeout), args.method.upper())
        except Malformed as exc:
            response = None
            out["parse_error"] = str(exc)
        if response is not None:
            out.update(response.detail())
        conn.wait_closed(ctx.close_wait)
        out["closed"] = conn.closed_how is not None
        out["close_kind"] = conn.closed_how
        return out
    finally:
        conn.close()


SCENARIOS = {
    "oversized-headers": scenario_oversized_headers,
    "oversized-body": scenario_oversized_body,
    "slowloris": scenario_slowloris,
    "slow-body": scenario_slow_body,
    "smuggle-cl-te": scenario_smuggle_cl_te,
    "smuggle-double-cl": scenario_smuggle_double_cl,
    "smuggle-te-obfuscated": scenario_smuggle_te_obfuscated,
    "invalid-method": scenario_invalid_method,
    "invalid-path": scenario_invalid_path,
    "invalid-version": scenario_invalid_version,
    "bad-header": scenario_bad_header,
    "pipelined": scenario_pipelined,
    "idle-connections": scenario_idle_connections,
    "request": scenario_request,
}

# Scenarios that try several requests, each reported as one entry of "variants".
VARIANT_SCENARIOS = {"smuggle-te-obfuscated", "invalid-method", "invalid-path",
                     "invalid-version", "bad-header"}

# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

_parser: argparse.ArgumentParser | None = None


def usage_error(message: str) -> None:
    assert _parser is not None
    _parser.print_usage(sys.stderr)
    _parser.exit(EXIT_USAGE, f"{_parser.prog}: error: {message}\n")


# Options accepted both before and after the scenario name.  Their defaults
# are applied after parsing (argparse would otherwise let the sub-parser's
# defaults overwrite values given before the scenario name).
COMMON_DEFAULTS = {
    "target": None,
    "deadline": 30.0,
    "timeout": 5.0,
    "close_wait": 2.0,
    "host_header": None,
    "path": "/",
    "variant": None,
    "no_stdin_watch": False,
    "include_response": False,
}


def positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    s = argparse.SUPPRESS
    common.add_argument("--target", default=s, help="server address, HOST:PORT")
    common.add_argument("--deadline", type=positive, default=s,
                        help="overall time limit in seconds (default 30)")
    common.add_argument("--timeout", type=positive, default=s,
                        help="seconds to wait for a response or to connect (default 5)")
    common.add_argument("--close-wait", type=float, default=s,
                        help="seconds to wait for the server to close after answering (default 2)")
    common.add_argument("--host-header", default=s, help="Host header value (default: the target)")
    common.add_argument("--path", default=s, help="request target (default /)")
    common.add_argument("--variant", default=s,
                        help="for scenarios with several variants, run only this one")
    common.add_argument("--include-response", action="store_true", default=s,
                        help="add the first response's headers and body as \"response\"")
    common.add_argument("--no-stdin-watch", action="store_true", default=s,
                        help="do not exit when stdin reaches end of file")

    parser = argparse.ArgumentParser(
        description="Hostile HTTP/1.1 test peer; prints one JSON object.", parents=[common])
    sub = parser.add_subparsers(dest="scenario", metavar="SCENARIO", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, parents=[common])

    add("oversized-headers", "one huge header").add_argument(
        "--bytes", type=int, default=100 * 1024, help="header value size (default 100 KiB)")
    p = add("oversized-body", "POST with a large body")
    p.add_argument("--bytes", type=int, required=True, help="body size")
    p.add_argument("--chunked", action="store_true", help="chunked instead of Content-Length")
    for name, text in (("slowloris", "headers that never finish"),
                       ("slow-body", "a body that arrives one byte at a time")):
        p = add(name, text)
        p.add_argument("--interval", type=positive, default=1.0, help="seconds between bytes (default 1)")
        p.add_argument("--duration", type=positive, default=20.0, help="how long to keep going (default 20)")
    for name, text in (("smuggle-cl-te", "Content-Length and chunked together"),
                       ("smuggle-double-cl", "two different Content-Lengths"),
                       ("smuggle-te-obfuscated", "disguised Transfer-Encoding headers")):
        add(name, text).add_argument("--no-follow-up", action="store_true",
                                     help="do not pipeline a plain GET behind the attack")
    add("invalid-method", "malformed or unknown methods")
    add("invalid-path", "malformed request targets")
    add("invalid-version", "unknown HTTP versions")
    add("bad-header", "malformed header lines")
    p = add("pipelined", "many GETs in one write")
    p.add_argument("--count", type=int, default=10, help="number of requests (default 10)")
    p.add_argument("--paths", help="comma-separated paths the requests take in turn (default: --path)")
    p.add_argument("--trailing-garbage", help="bytes written after the requests (backslash escapes allowed)")
    p = add("idle-connections", "many idle connections while probing")
    p.add_argument("--count", type=int, default=1000, help="idle connections to open (default 1000)")
    p.add_argument("--hold", type=positive, default=5.0, help="seconds to hold them (default 5)")
    p.add_argument("--probe-path", default="/", help="path of the probe GETs (default /)")
    p.add_argument("--connect-timeout", type=positive, default=10.0,
                   help="seconds allowed for opening all connections (default 10)")
    p = add("request", "one well-formed request")
    p.add_argument("--method", default="GET")
    p.add_argument("-H", "--header", action="append", default=[], help="'name: value', repeatable")
    p.add_argument("--body", help="request body text (adds Content-Length)")
    return parser


def main(argv: list[str]) -> None:
    global _parser
    _parser = build_parser()
    args = _parser.parse_args(argv)
    for key, value in COMMON_DEFAULTS.items():
        if not hasattr(args, key):
            setattr(args, key, value)
    if not args.target:
        usage_error("--target HOST:PORT is required")
    try:
        target = parse_target(args.target)
    except ValueError as exc:
        usage_error(str(exc))
    for name in ("bytes", "count"):
        if getattr(args, name, 1) is not None and getattr(args, name, 1) < 0:
            usage_error(f"--{name} must not be negative")
    if args.variant and args.scenario not in VARIANT_SCENARIOS:
        usage_error(f"{args.scenario} has no variants")
    # A scenario that runs for a fixed time must fit in the deadline.
    planned = getattr(args, "duration", None) or getattr(args, "hold", None)
    if planned and planned + 1.0 > args.deadline:
        usage_error(f"--deadline ({args.deadline}) must exceed the planned run time ({planned}) by 1 s")

    start_watchdogs(args.scenario, args.deadline, not args.no_stdin_watch)
    host_header = args.host_header or (f"[{target[0]}]:{target[1]}" if ":" in target[0]
                                       else f"{target[0]}:{target[1]}")
    ctx = Context(target=target, host=host_header, path=args.path, timeout=args.timeout,
                  close_wait=args.close_wait, variant=args.variant,
                  include_response=args.include_response, args=args)
    began = time.monotonic()
    result = {"scenario": args.scenario, "target": args.target}
    result.update(SCENARIOS[args.scenario](ctx))
    result["elapsed"] = round_s(time.monotonic() - began)
    failed = "error" in result or any("error" in v for v in result.get("variants", []))
    emit(result, EXIT_FAILED if failed else EXIT_OK)


if __name__ == "__main__":
    main(sys.argv[1:])
