#!/usr/bin/python3
"""A hostile HTTP server on 127.0.0.1 for the feed tests: storms, hangs, slowloris, endless bodies, gzip bombs, cuts.

Usage: fault_server.py --root DIR
Binds port 0 and prints "PORT <n>" on its first stdout line. Every fault is chosen by the request path:

  /files/NAME                     serves DIR/NAME (ETag, Last-Modified, If-None-Match -> 304, Range -> 206)
  /status/CODE/NAME[?retry_after=S]
                                  answers CODE (with Retry-After: S when given) instead of NAME
  /storm/N/NAME                   the first N requests for this path get 503 + Retry-After: 1, then NAME is served
  /hang/NAME                      reads the request and never answers
  /slowloris/NAME                 sends the headers one byte per second, forever
  /endless/NAME                   200 with a chunked body that never ends
  /gzipbomb/NAME                  200, Content-Encoding: gzip, a small body that inflates to 16 MiB of zeros
  /truncated/NAME                 announces the file's length, sends half of it and closes the connection
  /cut/N/NAME                     serves NAME (Range honoured) but closes the connection after N body bytes
  /slow/RATE/NAME                 serves NAME (Range honoured) at RATE bytes per second
  /redirect-file/NAME             302 to file:///etc/passwd
  /redirect/NAME                  302 to /files/NAME on this server
  /count/NAME                     how many requests this server has seen for any path ending in NAME (text)
  /echo (any method)              answers JSON: the method, Authorization, Content-Type and the request body
"""

import argparse
import email.utils
import hashlib
import http.server
import json
import os
import socketserver
import sys
import threading
import time
import zlib

ROOT = "."
COUNTS = {}
COUNTS_LOCK = threading.Lock()
BOMB = None
BOMB_LOCK = threading.Lock()


def gzip_bomb():
    """16 MiB of zeros (8 times the feed cap), gzip-compressed once at start-up (about 16 KB) and kept."""
    global BOMB
    with BOMB_LOCK:
        if BOMB is None:
            compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
            block = bytes(1 << 20)
            parts = [compressor.compress(block) for _ in range(16)]
            parts.append(compressor.flush())
            BOMB = b"".join(parts)
    return BOMB


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: the tests read our stdout
        pass

    def count(self, key):
        with COUNTS_LOCK:
            COUNTS[key] = COUNTS.get(key, 0) + 1
            return COUNTS[key]

    def file_path(self, name):
        path = os.path.realpath(os.path.join(ROOT, name))
        if not path.startswith(os.path.realpath(ROOT) + os.sep) or not os.path.isfile(path):
            return None
        return path

    def send_plain(self, code, text, extra=None):
        body = text.encode()
        self.send_response(code)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def serve_file(self, name, cut_after=None, rate=None):
        path = self.file_path(name)
        if path is None:
            self.send_plain(404, "not found\n")
            return
        with open(path, "rb") as f:
            data = f.read()
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        start = 0
        code = 200
        ranged = self.headers.get("Range", "")
        if ranged.startswith("bytes=") and ranged.endswith("-"):
            start = int(ranged[6:-1])
            if start >= len(data):
                self.send_plain(416, "range not satisfiable\n", {"Content-Range": "bytes */%d" % len(data)})
                return
            code = 206
        body = data[start:]
        self.send_response(code)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Accept-Ranges", "bytes")
        if code == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        self.end_headers()
        if rate is not None:
            step = max(1, rate // 20)
            for start_at in range(0, len(body), step):
                self.wfile.write(body[start_at:start_at + step])
                self.wfile.flush()
                time.sleep(0.05)
            return
        if cut_after is not None:
            self.wfile.write(body[:cut_after])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(min(length, 1 << 20)).decode("utf-8", "replace")
        answer = {
            "method": self.command,
            "authorization": self.headers.get("Authorization", ""),
            "content_type": self.headers.get("Content-Type", ""),
            "body": body,
        }
        self.send_plain(200, json.dumps(answer))

    do_PUT = do_POST
    do_DELETE = do_POST

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        query = self.path.split("?", 1)[1] if "?" in self.path else ""
        parts = path.lstrip("/").split("/")
        kind = parts[0]
        name = parts[-1]
        self.count(name)
        if kind == "echo":
            self.do_POST()
        elif kind == "files":
            self.serve_file("/".join(parts[1:]))
        elif kind == "count":
            with COUNTS_LOCK:
                total = COUNTS.get(name, 1) - 1  # not counting this request
            self.send_plain(200, "%d\n" % total)
        elif kind == "status":
            extra = {}
            if query.startswith("retry_after="):
                extra["Retry-After"] = query.split("=", 1)[1]
            self.send_plain(int(parts[1]), "fault %s\n" % parts[1], extra)
        elif kind == "storm":
            seen = self.count("storm:" + path)
            if seen <= int(parts[1]):
                self.send_plain(503, "storm\n", {"Retry-After": "1"})
            else:
                self.serve_file("/".join(parts[2:]))
        elif kind == "hang":
            time.sleep(3600)
        elif kind == "slowloris":
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100000:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(1)
        elif kind == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b" " * 65536
            while True:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        elif kind == "gzipbomb":
            bomb = gzip_bomb()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            self.wfile.write(bomb)
        elif kind == "truncated":
            file_path = self.file_path("/".join(parts[1:]))
            data = open(file_path, "rb").read() if file_path else b"x" * 1000
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
        elif kind == "cut":
            self.serve_file("/".join(parts[2:]), cut_after=int(parts[1]))
        elif kind == "slow":
            self.serve_file("/".join(parts[2:]), rate=int(parts[1]))
        elif kind == "redirect-file":
            self.send_plain(302, "moved\n", {"Location": "file:///etc/passwd"})
        elif kind == "redirect":
            self.send_plain(302, "moved\n", {"Location": "/files/" + "/".join(parts[1:])})
        else:
            self.send_plain(404, "unknown fault\n")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".")
    args = parser.parse_args()
    ROOT = args.root
    gzip_bomb()  # ready before the port is announced, so no request waits for it
    server = Server(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
