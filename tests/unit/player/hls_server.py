#!/usr/bin/python3
"""HTTP server for the player's HLS tests: serves a directory on 127.0.0.1 and can be made slow or hostile.

Prints "PORT PID" on its first line once it listens (port chosen by the system). Options:
  --rate BYTES_PER_S   send media segments (.ts) no faster than this ...
  --slow-when TEXTS    ... but only once a path containing one of these (comma-separated) was asked for
  --log FILE           append every requested path to FILE, one a line
Paths with a special first component (the rest is a file in the directory):
  /status500/...  a .ts segment: answers 500 Internal Server Error (playlists are served)
  /stall/...      a .ts segment: the headers and half of it, then silence until the client goes away
"""
import argparse
import http.server
import os
import socketserver
import sys
import threading
import time

CHUNK = 4096


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: the tests read events, not access logs
        pass

    def do_GET(self):
        config = self.server.config
        with self.server.lock:
            if config.slow_when and any(text and text in self.path for text in config.slow_when.split(",")):
                self.server.slow = True
            if config.log:
                with open(config.log, "a") as log:
                    log.write(self.path + "\n")
        path = self.path.split("?", 1)[0]
        parts = [p for p in path.split("/") if p]
        mode = None
        if parts and parts[0] in ("status500", "stall"):
            mode = parts.pop(0)
        if mode == "status500" and path.endswith(".ts"):
            return self.answer(500, b"server error\n")
        if not parts or any(p in ("..", ".") for p in parts):
            return self.answer(404, b"not found\n")
        file = os.path.join(config.directory, *parts)
        if not os.path.isfile(file):
            return self.answer(404, b"not found\n")
        with open(file, "rb") as f:
            body = f.read()
        segment = file.endswith(".ts")
        self.send_response(200)
        self.send_header("Content-Type", "video/mp2t" if segment else "application/vnd.apple.mpegurl")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if mode == "stall" and segment:
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                while not self.server.stopping.wait(0.1):
                    pass
                return
            self.send_paced(body, throttle=segment)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_paced(self, body, throttle):
        config = self.server.config
        start = time.monotonic()
        sent = 0
        while sent < len(body):
            chunk = body[sent : sent + CHUNK]
            self.wfile.write(chunk)
            sent += len(chunk)
            slow = throttle and config.rate > 0 and self.server.slow
            if slow:
                due = start + sent / config.rate
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
            else:
                start = time.monotonic() - sent / config.rate if config.rate > 0 else start
        self.wfile.flush()

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):  # players hang up mid-answer
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    parser.add_argument("--rate", type=float, default=0)
    parser.add_argument("--slow-when", default="")
    parser.add_argument("--log", default="")
    config = parser.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.config = config
    server.lock = threading.Lock()
    server.slow = not config.slow_when
    server.stopping = threading.Event()
    print(server.server_address[1], os.getpid(), flush=True)
    try:
        server.serve_forever(poll_interval=0.05)
    except KeyboardInterrupt:
        pass
    finally:
        server.stopping.set()


if __name__ == "__main__":
    main()
