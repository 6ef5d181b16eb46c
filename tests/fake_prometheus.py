#!/usr/bin/env python3
"""A fake Prometheus HTTP API for the connector's tests (stdlib only).

  fake_prometheus.py --map FILE [--log FILE] [--fixtures DIR]

Prints "PORT <n>" when ready, then serves on 127.0.0.1 until killed.

POST (or GET) /api/v1/query answers by looking up the form's `query` in the
JSON object in FILE, read afresh for every request so that a test can change
the answers between rounds. A query not in the map gets an empty vector.
A value in the map is one of:

  "fixture:NAME"           the file NAME under the fixtures directory, 200
                           (400 for the query-error-* files, as captured)
  "value:V"                a vector of one series without labels, value V
  "series:L:a=1,b=NaN"     a vector, one series per pair, labelled L=a ...
  "gpus:H=gpu=V,..."       a vector labelled Hostname=H, gpu=gpu
  "error:TYPE:MESSAGE"     400 with {"status":"error","errorType":TYPE,...}
  "http500"                500 with a text body
  "hang"                   never answers
  "huge:MB"                a 200 body of MB megabytes
  "warn:MESSAGE"           an empty vector with a warning

POST (or GET) /api/v1/query_range looks up "range:" + the query in the same
map; not in the map, it gets an empty matrix. Besides the answers above
(fixture:, error:, http500, hang, huge:) a value may be

  "matrix:V1,V2;W1,..."    a matrix, one series per ';'-separated list,
                           V1 at the form's start, V2 at start + step, ...
                           ("-" skips a point)

Each request is appended to the log as one JSON line: path, method,
headers, query.
"""
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ARGS = {"map": None, "log": None,
        "fixtures": os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                 "fixtures", "prometheus")}
TS = 1795318656.364


def matrix(series):
    out = {"status": "success",
           "data": {"resultType": "matrix",
                    "result": [{"metric": {"series": str(i)}, "values": v}
                               for i, v in enumerate(series)]}}
    return json.dumps(out).encode()


def vector(series, warnings=None):
    out = {"status": "success",
           "data": {"resultType": "vector",
                    "result": [{"metric": m, "value": [TS, v]} for m, v in series]}}
    if warnings:
        out["warnings"] = warnings
    return json.dumps(out).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def send(self, code, body, ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer(self, spec, form=None):
        kind, _, rest = spec.partition(":")
        if kind == "matrix" and form is not None:
            start = float(form.get("start", ["0"])[0])
            step = float(form.get("step", ["1"])[0])
            series = []
            for s in rest.split(";"):
                series.append([[start + i * step, v]
                               for i, v in enumerate(s.split(",")) if v != "-"])
            self.send(200, matrix(series))
        elif kind == "fixture":
            with open(os.path.join(ARGS["fixtures"], rest), "rb") as f:
                self.send(400 if rest.startswith("query-error") else 200, f.read())
        elif kind == "value":
            self.send(200, vector([({}, rest)]))
        elif kind == "series":
            label, _, pairs = rest.partition(":")
            series = []
            for p in pairs.split(","):
                name, _, v = p.partition("=")
                series.append(({label: name}, v))
            self.send(200, vector(series))
        elif kind == "gpus":
            series = []
            for p in rest.split(","):
                host, gpu, v = p.split("=")
                series.append(({"Hostname": host, "gpu": gpu, "__name__": "x"}, v))
            self.send(200, vector(series))
        elif kind == "error":
            etype, _, msg = rest.partition(":")
            body = json.dumps({"status": "error", "errorType": etype, "error": msg})
            self.send(400, body.encode())
        elif kind == "http500":
            self.send(500, b"internal server error\n", "text/plain")
        elif kind == "hang":
            time.sleep(3600)
        elif kind == "huge":
            mb = int(rest)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(mb << 20))
            self.end_headers()
            chunk = b" " * (1 << 20)
            for _ in range(mb):
                self.wfile.write(chunk)
        elif kind == "warn":
            self.send(200, vector([], [rest]))
        else:
            self.send(500, ("bad spec " + spec).encode(), "text/plain")

    def route(self):
        u = urlparse(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace") if n else ""
        form = parse_qs(body)
        form.update(parse_qs(u.query))
        query = form.get("query", [""])[0]
        if ARGS["log"]:
            with open(ARGS["log"], "a") as f:
                f.write(json.dumps({"path": u.path, "method": self.command,
                                    "headers": dict(self.headers.items()),
                                    "query": query, "form": body}) + "\n")
        if u.path not in ("/api/v1/query", "/api/v1/query_range"):
            self.send(404, b"404 page not found\n", "text/plain")
            return
        is_range = u.path == "/api/v1/query_range"
        mapping = {}
        if ARGS["map"]:
            try:
                with open(ARGS["map"]) as f:
                    mapping = json.load(f)
            except (OSError, ValueError):
                mapping = {}
        spec = mapping.get(("range:" if is_range else "") + query)
        if spec is None:
            self.send(200, matrix([]) if is_range else vector([]))
        else:
            self.answer(spec, form)

    def do_POST(self):
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_POST


def main():
    a = sys.argv[1:]
    while a:
        k = a.pop(0)
        if k in ("--map", "--log", "--fixtures") and a:
            ARGS[k[2:]] = a.pop(0)
        else:
            sys.exit("usage: fake_prometheus.py --map FILE [--log FILE] [--fixtures DIR]")
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    print("PORT %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
