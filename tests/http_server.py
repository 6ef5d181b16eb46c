#!/usr/bin/env python3
"""Small HTTP server for the HTTP client's unit tests (stdlib only).

  http_server.py                    listen on 127.0.0.1, ephemeral port
  http_server.py --tls CERT KEY     the same over TLS
  http_server.py --unix PATH        listen on a Unix domain socket

Prints one line when ready: "PORT <n>" (or "UNIX <path>"), then serves until
killed. Routes: /ok, /slow, /big?mb=N[&nolen=1], /gzip, /status/N, /echo,
/conc?ms=N (reports how many requests overlap), /hang, /close.
"""
import gzip
import json
import socketserver
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
CONC = {"now": 0, "max": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):  # quiet
        pass

    def address_string(self):
        return "client"

    def send(self, code, body, ctype="application/json", extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def route(self):
        u = urlparse(self.path)
        q = parse_qs(u.query)
        p = u.path
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        if p == "/ok":
            self.send(200, b'{"ok": true}', extra=[
                ("X-Auth-Token", "tok-123"),
                ("Location", "/redfish/v1/SessionService/Sessions/1")])
        elif p == "/echo":
            out = {"method": self.command, "path": self.path,
                   "headers": {k: v for k, v in self.headers.items()},
                   "body": body.decode("latin-1")}
            self.send(200, json.dumps(out).encode())
        elif p.startswith("/status/"):
            code = int(p.split("/")[2])
            self.send(code, ("status %d" % code).encode(), "text/plain")
        elif p == "/gzip":
            raw = b'{"compressed": "' + b"x" * 5000 + b'"}'
            self.send(200, gzip.compress(raw), extra=[("Content-Encoding", "gzip")])
        elif p == "/big":
            mb = int(q.get("mb", ["4"])[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            if "nolen" not in q:
                self.send_header("Content-Length", str(mb << 20))
            self.end_headers()
            chunk = b"b" * (1 << 20)
            for _ in range(mb):
                self.wfile.write(chunk)
        elif p == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "60")
            self.end_headers()
            for _ in range(60):
                self.wfile.write(b"s")
                self.wfile.flush()
                time.sleep(1)
        elif p == "/hang":
            time.sleep(3600)
        elif p == "/close":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"c" * 100)
            self.wfile.flush()
            self.close_connection = True
        elif p == "/conc":
            with LOCK:
                CONC["now"] += 1
                CONC["max"] = max(CONC["max"], CONC["now"])
            time.sleep(int(q.get("ms", ["100"])[0]) / 1000.0)
            with LOCK:
                out = {"now": CONC["now"], "max": CONC["max"]}
                CONC["now"] -= 1
            self.send(200, json.dumps(out).encode())
        else:
            self.send(404, b"no such route", "text/plain")

    def do_GET(self):
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    args = sys.argv[1:]
    if args[:1] == ["--unix"]:
        srv = UnixServer(args[1], Handler)
        print("UNIX %s" % args[1], flush=True)
    else:
        srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        srv.daemon_threads = True
        if args[:1] == ["--tls"]:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(args[1], args[2])
            srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        print("PORT %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
