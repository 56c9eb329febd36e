"""The FaaS function runtime for Python (stdlib only): serves one handler file over HTTP/1.1 inside the container.

    python3 /runtime/faas_runtime.py /app/handler.py
    python3 /runtime/faas_runtime.py --once /app/handler.py   (exec path: stdin in, stdout out, one call)

The handler file defines ``handle(body: bytes)``, which returns bytes, str (sent as UTF-8) or None (empty output).

    GET  /ready  -> 200 "ok"
    POST /run    -> 200 + the handler's output, or 500 + the traceback; both carry X-Function-Ms and X-Exit-Code
    anything else -> 404

Port 8080 (FAAS_PORT overrides). Connections are kept alive unless the request says ``Connection: close``; every
answer is one write (headers and body in one buffer) on a TCP_NODELAY socket, so a kept connection never waits for a
Nagle + delayed-ACK round. See README.md next to this directory for the whole contract.
"""
import http
import http.server
import importlib.util
import os
import signal
import socket
import sys
import time
import traceback

MAX_BODY = 64 * 1024 * 1024  # the same payload limit as the watchdog: a larger body is a 413


def log(message: str) -> None:
    sys.stderr.write(f"faas_runtime: {message}\n")
    sys.stderr.flush()


def load_handler(path: str):
    """Imports the handler file by path and returns its handle function; None after logging why it cannot."""
    try:
        path = os.path.abspath(path)
        # Lets the handler import modules that sit next to it (e.g. /app/fib.py).
        sys.path.insert(0, os.path.dirname(path))
        spec = importlib.util.spec_from_file_location("handler", path)
        if spec is None or spec.loader is None:
            log(f"cannot load {path}: not a Python source file")
            return None
        module = importlib.util.module_from_spec(spec)
        sys.modules["handler"] = module
        spec.loader.exec_module(module)
    except BaseException:  # SyntaxError, ImportError, a SystemExit at import time...
        log(f"cannot load {path}:")
        traceback.print_exc()
        sys.stderr.flush()
        return None
    handle = getattr(module, "handle", None)
    if not callable(handle):
        log(f"{path} defines no handle(body) function")
        return None
    return handle


class BodyError(Exception):
    """A request body that cannot be read; the answer is ``status`` and the connection closes."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the client says Connection: close
    server_version = "faas-runtime"
    handle_function = None  # set by main()

    # The default access log writes a line per request to stderr: it costs time and says nothing the gateway does not
    # already know. Errors (malformed requests) still go through log_error.
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass

    def log_error(self, format, *args):  # noqa: A002
        log("%s: %s" % (self.address_string(), format % args))

    def setup(self):
        super().setup()
        # Also set in the server's get_request; repeated here so no code path serves a socket without it.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def answer(self, status: int, body: bytes = b"", extra: str = "", head: bool = False) -> None:
        """Sends the whole answer (status line, headers, body) in one write."""
        if self.close_connection:
            extra += "Connection: close\r\n"
        header = (
            f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}\r\n"
            f"Content-Type: application/octet-stream\r\n"
            f"Content-Length: {len(body)}\r\n"
            f"{extra}\r\n"
        ).encode("latin-1")
        # wfile is unbuffered (wbufsize 0): one write() here is one sendall() on the socket.
        self.wfile.write(header if head else header + body)

    def send_error(self, code, message=None, explain=None):
        """A malformed request (the base class's parser calls this): a short text answer, and the connection closes."""
        self.log_error("%d %s", code, message or "")
        self.close_connection = True
        self.answer(code, f"{message or http.HTTPStatus(code).phrase}\n".encode("utf-8", "replace"))

    def read_body(self) -> bytes:
        """The request body: Content-Length bytes (none when the header is absent) or a chunked body."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self.read_chunked()
        value = self.headers.get("Content-Length")
        if value is None:
            return b""
        value = value.strip()
        if not value.isdigit():
            raise BodyError(400, f"bad Content-Length: {value!r}")
        length = int(value)
        if length > MAX_BODY:
            raise BodyError(413, f"payload of {length} bytes exceeds the limit of {MAX_BODY} bytes")
        body = self.rfile.read(length)
        if len(body) != length:
            raise BodyError(400, "connection closed in the middle of the body")
        return body

    def read_chunked(self) -> bytes:
        parts, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            if not line.endswith(b"\n"):
                raise BodyError(400, "bad chunk header")
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise BodyError(400, "bad chunk size") from None
            if size < 0:
                raise BodyError(400, "bad chunk size")
            if size == 0:
                while True:  # trailer fields, up to the empty line
                    trailer = self.rfile.readline(8192)
                    if not trailer.endswith(b"\n"):
                        raise BodyError(400, "bad chunk trailer")
                    if trailer in (b"\r\n", b"\n"):
                        return b"".join(parts)
            total += size
            if total > MAX_BODY:
                raise BodyError(413, f"chunked payload exceeds the limit of {MAX_BODY} bytes")
            data = self.rfile.read(size)
            if len(data) != size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise BodyError(400, "bad chunk")
            parts.append(data)

    def route(self, head: bool = False) -> None:
        try:
            body = self.read_body()
        except BodyError as e:
            self.close_connection = True
            self.answer(e.status, f"{e}\n".encode(), head=head)
            return
        path = self.path.split("?", 1)[0]
        if path == "/ready" and self.command in ("GET", "HEAD"):
            self.answer(200, b"ok", head=head)
        elif path == "/run" and self.command == "POST":
            self.run_function(body)
        else:
            self.answer(404, b"not found\n", head=head)

    def run_function(self, payload: bytes) -> None:
        start = time.perf_counter()
        try:
            output = type(self).handle_function(payload)
            ms = (time.perf_counter() - start) * 1000
            if output is None:
                output = b""
            elif isinstance(output, str):
                output = output.encode("utf-8")
            elif isinstance(output, (bytes, bytearray, memoryview)):
                output = bytes(output)
            else:
                raise TypeError(f"handle() returned {type(output).__name__}; expected bytes, str or None")
            status, code = 200, 0
        except Exception as e:
            ms = (time.perf_counter() - start) * 1000
            # The traceback from the handler's frames on (this method's own frame says nothing to the author).
            tb = e.__traceback__.tb_next if e.__traceback__ is not None else None
            text = "".join(traceback.format_exception(type(e), e, tb or e.__traceback__))
            sys.stderr.write(text)
            sys.stderr.flush()
            output, status, code = text.encode("utf-8", "replace"), 500, 1
        self.answer(status, output, f"X-Function-Ms: {ms:.3f}\r\nX-Exit-Code: {code}\r\n")

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_HEAD(self):
        self.route(head=True)

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST  # all of them a 404 (after the body, to keep the connection)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a kept connection never holds up the exit
    request_queue_size = 128

    def get_request(self):
        conn, addr = super().get_request()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn, addr


def run_once(path: str) -> int:
    """The exec path for any handler file: one call with stdin as the body, its output on stdout, 1 when it raises."""
    handle = load_handler(path)
    if handle is None:
        return 1
    try:
        out = handle(sys.stdin.buffer.read())
    except BaseException:
        traceback.print_exc()
        return 1
    if isinstance(out, str):
        out = out.encode("utf-8")
    sys.stdout.buffer.write(out or b"")
    sys.stdout.buffer.flush()
    return 0


def main(argv) -> int:
    if len(argv) == 3 and argv[1] == "--once":
        return run_once(argv[2])
    if len(argv) != 2 or argv[1].startswith("-"):
        sys.stderr.write("usage: faas_runtime.py [--once] HANDLER_FILE   (a Python file defining handle(body: bytes))\n")
        return 2
    handle = load_handler(argv[1])
    if handle is None:
        return 1
    Handler.handle_function = staticmethod(handle)
    # As PID 1 of a container the process gets no default action for SIGTERM: exit on it, so docker stop is quick.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    try:
        port = int(os.environ.get("FAAS_PORT", "8080"))
        server = Server(("0.0.0.0", port), Handler)
    except (ValueError, OSError) as e:
        log(f"cannot listen: {e}")
        return 1
    log(f"{argv[1]} loaded, listening on :{port}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
