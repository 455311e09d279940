#!/usr/bin/env python3
"""Webhook receivers that misbehave on purpose, for the delivery end-to-end test.

Runs as its own process on 127.0.0.1 (port 0: the first line printed is "listening PORT").
Every request is recorded; GET /log returns them as JSON and GET /log?clear=1 empties the log.

  /ok                      204
  /slow?ms=N               waits N ms, then 204
  /flaky/NAME?fail=N       500 for the first N requests to NAME, then 200
  /stall                   accepts, never answers within 30 s
  /limited/NAME?after=S    429 with Retry-After: S for the first request to NAME, then 200
  /gone                    410
  /redirect                302 to /ok
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

lock = threading.Lock()
log = []
counts = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/log":
            with lock:
                body = json.dumps(log).encode()
                if "clear" in parse_qs(url.query):
                    log.clear()
                    counts.clear()
            self.answer(200, body, [("Content-Type", "application/json")])
        else:
            self.answer(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        parts = url.path.strip("/").split("/")
        with lock:
            key = url.path
            counts[key] = counts.get(key, 0) + 1
            seen = counts[key]
            log.append({"path": url.path, "time": time.time(),
                        "headers": [[k, v] for k, v in self.headers.items()],
                        "body": body.decode("utf-8", "replace")})
        mode = parts[0]
        if mode == "ok":
            self.answer(204)
        elif mode == "slow":
            time.sleep(int(query.get("ms", ["100"])[0]) / 1000.0)
            self.answer(204)
        elif mode == "flaky":
            if seen <= int(query.get("fail", ["1"])[0]):
                self.answer(500, b'{"error":"flaky"}', [("Content-Type", "application/json")])
            else:
                self.answer(200, b'{"received":true}', [("Content-Type", "application/json")])
        elif mode == "stall":
            time.sleep(30)
            self.answer(204)
        elif mode == "limited":
            if seen == 1:
                self.answer(429, b"slow down", [("Retry-After", query.get("after", ["1"])[0])])
            else:
                self.answer(200)
        elif mode == "gone":
            self.answer(410, b"this endpoint is gone")
        elif mode == "redirect":
            self.answer(302, b"", [("Location", "/ok")])
        else:
            self.answer(404)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0),
                                 Handler)
    server.daemon_threads = True
    print("listening", server.server_address[1], flush=True)
    # Ends with its parent: the test closes stdin when it is done.
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
