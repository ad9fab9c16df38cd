#!/usr/bin/env python3
# The reference 12348 hotline peer (a demo, not a call centre): the consult signalling API over HTTPS with a queue
# and scripted lawyers, ffmpeg SRT listeners for the media, and fault modes for tests. See docs/consult-api.md.
import argparse
import json
import os
import re
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from consult_queue import LANGUAGES, TOPICS, ApiError, Hotline  # noqa: E402
from media_legs import DEFAULT_PATTERN, MediaLegs  # noqa: E402
from recording_report import recording_report  # noqa: E402
from test_ca import make_test_ca  # noqa: E402

MAX_BODY = 16 * 1024
MAX_WAIT_S = 25
CALLBACK_NUMBER = re.compile(r"^\+?[0-9]{3,20}$")

# Deliberately broken answers for the box's robustness tests.
HOSTILE = {
    "garbage": b"\x00\xff{\"id\": not json at all",
    "deep": b"[" * 200000,
    "types": json.dumps({"id": 5, "version": "x", "state": ["queued"], "queue": "none", "media": 7}).encode(),
    "huge": json.dumps({"id": "a" * (4 * 1024 * 1024), "version": 1, "state": "queued"}).encode(),
    "unknown_state": json.dumps({"id": "c0ffee", "version": 1, "state": "exploded"}).encode(),
    "bad_media": json.dumps({"id": "c0ffee", "version": 2, "state": "connected", "media": {
        "uplink": {"url": "file:///etc/passwd", "streamid": "x"}, "downlink": {"url": "srt://;rm -rf/", "streamid": "y"},
        "passphrase": "short", "pbkeylen": 3, "latency_ms": -5}}).encode(),
}


def log(message):
    """Operator log: ids and states only, never call-back numbers or other personal data."""
    print(f"hotline-peer: {message}", file=sys.stderr, flush=True)


def validate_create(body):
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "body must be a JSON object")
    if body.get("language") not in LANGUAGES:
        raise ApiError(400, "bad_language", f"language must be one of {', '.join(LANGUAGES)}")
    if body.get("topic") not in TOPICS:
        raise ApiError(400, "bad_topic", f"topic must be one of {', '.join(TOPICS)}")
    number = body.get("callback_number")
    if number is not None and (not isinstance(number, str) or not CALLBACK_NUMBER.match(number)):
        raise ApiError(400, "bad_callback_number", "callback_number must be 3-20 digits")
    caps = body.get("capabilities")
    if not isinstance(caps, dict) or not isinstance(caps.get("microphone"), bool) or \
            not isinstance(caps.get("camera"), bool):
        raise ApiError(400, "bad_capabilities", "capabilities.camera and capabilities.microphone are required booleans")
    if not caps["microphone"]:
        raise ApiError(422, "no_microphone", "a consult needs a microphone; call 12348 by phone")
    return body


class Handler(BaseHTTPRequestHandler):
    server_version = "hotline-peer/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    # --- plumbing ---
    def reply(self, status, payload, raw=None):
        data = raw if raw is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, message):
        self.reply(status, {"error": {"code": code, "message": message}})

    def read_body(self):
        """Reads the whole request body first, whatever the answer: the connection is kept alive for the next one."""
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True
            self.raw_body = None
            return
        self.raw_body = self.rfile.read(length) if length else b"{}"

    def body(self):
        if self.raw_body is None:
            raise ApiError(413, "too_large", f"request body over {MAX_BODY} bytes")
        try:
            return json.loads(self.raw_body)
        except ValueError:
            raise ApiError(400, "bad_json", "request body is not JSON") from None

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        peer = self.server.peer
        self.read_body()
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        try:
            if parts[:1] == ["peer"]:
                return self.admin(method, parts[1:], url)
            if parts[:2] != ["v1", "consults"]:
                raise ApiError(404, "not_found", "no such resource")
            if self.headers.get("Authorization") != f"Bearer {peer.token}":
                raise ApiError(401, "unauthorized", "missing or wrong device token")
            with peer.counter_lock:
                peer.requests += 1
                number = peer.requests
            if peer.storm_500 or number <= peer.fail_first:
                return self.error(500, "internal", "the hotline is having trouble (test fault)")
            if peer.hostile:
                return self.reply(200, None, raw=HOSTILE[peer.hostile])
            hotline = peer.hotline
            if method == "POST" and len(parts) == 2:
                view = hotline.create(validate_create(self.body()))
                log(f"consult {view['id']} queued")
                return self.reply(201, view)
            if len(parts) == 3 and method == "GET":
                query = parse_qs(url.query)
                after = int((query.get("after") or ["0"])[0])
                wait = min(MAX_WAIT_S, float((query.get("wait") or ["0"])[0]))
                return self.reply(200, hotline.wait_for(parts[2], after, wait))
            if len(parts) == 4 and method == "POST":
                action = parts[3]
                if action == "accept":
                    view = hotline.accept(parts[2])
                    log(f"consult {parts[2]} connected")
                    return self.reply(200, view)
                if action == "hangup":
                    reason = self.body().get("reason", "box_hangup")
                    view = hotline.hangup(parts[2], reason if reason in ("box_hangup", "media_failed") else "box_hangup")
                    log(f"consult {parts[2]} ended by the box ({view['ended']['reason']})")
                    return self.reply(200, view)
                if action == "events":
                    event = self.body()
                    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
                        raise ApiError(400, "bad_event", "an event is an object with a type")
                    hotline.box_event(parts[2], event)
                    return self.reply(202, {"accepted": True})
            raise ApiError(404, "not_found", "no such resource")
        except ApiError as problem:
            self.error(problem.status, problem.code, problem.message)
        except (ValueError, TypeError) as problem:
            self.error(400, "bad_request", str(problem))
        except (BrokenPipeError, ConnectionResetError):
            pass

    # --- test administration (loopback only): the lawyers' buttons and what arrived ---
    def admin(self, method, parts, url):
        peer = self.server.peer
        hotline = peer.hotline
        if method == "POST" and parts == ["fault"]:
            # Switches the fault mode of the API while running: {"hostile": MODE or null, "storm_500": bool}.
            fault = self.body()
            hostile = fault.get("hostile")
            if hostile is not None and hostile not in HOSTILE:
                raise ApiError(400, "bad_fault", f"hostile must be one of {', '.join(sorted(HOSTILE))}")
            peer.hostile = hostile
            peer.storm_500 = bool(fault.get("storm_500", False))
            return self.reply(200, {"hostile": peer.hostile, "storm_500": peer.storm_500})
        if method == "GET" and parts == ["consults"]:
            return self.reply(200, {"consults": hotline.admin_view()})
        if len(parts) == 3 and parts[0] == "consults" and method == "POST" and parts[2] == "hangup":
            log(f"consult {parts[1]}: the lawyer hangs up")
            return self.reply(200, hotline.lawyer_hangup(parts[1]))
        if len(parts) == 3 and parts[0] == "consults" and method == "POST" and parts[2] == "event":
            return self.reply(200, hotline.push_event(parts[1], self.body()))
        if len(parts) == 3 and parts[0] == "consults" and method == "GET" and parts[2] == "recording":
            with hotline.lock:
                path = hotline.find(parts[1]).recording_path
            if not path:
                raise ApiError(404, "no_recording", "this consult has no recording")
            return self.reply(200, {"path": path, **recording_report(path)})
        raise ApiError(404, "not_found", "no such admin resource")


class Peer:
    def __init__(self, args):
        self.token = args.token
        self.storm_500 = args.storm_500
        self.fail_first = args.fail_first
        self.hostile = args.hostile
        self.requests = 0
        self.counter_lock = threading.Lock()
        record_dir = args.record_dir
        os.makedirs(record_dir, exist_ok=True)

        def media_factory(consult_id, passphrase, latency_ms):
            legs = MediaLegs(args.ffmpeg, args.host, passphrase, latency_ms,
                             os.path.join(record_dir, f"{consult_id}.ts"), pattern=args.pattern,
                             audio_codec=args.audio_codec, log_path=os.path.join(record_dir, f"{consult_id}.log"))
            wait_for_udp_listeners([legs.uplink_port, legs.downlink_port], 3.0)
            return legs

        self.hotline = Hotline(lawyers=args.lawyers, answer_after_s=args.answer_after, call_length_s=args.hang_up_after,
                               queue_ahead=args.queue_ahead, phantom_s=args.phantom_s,
                               offer_timeout_s=args.offer_timeout, media_factory=None if args.no_media else media_factory,
                               wrong_passphrase=args.wrong_passphrase, latency_ms=args.latency_ms)


def wait_for_udp_listeners(ports, timeout_s):
    """Waits until ffmpeg has bound both SRT listener ports (so the box's first call finds them)."""
    wanted = {f"{port:04X}" for port in ports}
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        bound = set()
        for table in ("/proc/net/udp", "/proc/net/udp6"):
            try:
                with open(table, encoding="ascii") as rows:
                    for row in list(rows)[1:]:
                        bound.add(row.split()[1].rsplit(":", 1)[1])
            except OSError:
                pass
        if wanted <= bound:
            return
        time.sleep(0.02)


def main():
    parser = argparse.ArgumentParser(description="Demo 12348 hotline peer for Family Lawyer consults (not a call centre).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed, and written to --port-file)")
    parser.add_argument("--port-file")
    parser.add_argument("--tls-dir", required=True, help="test CA and server certificate (made here when missing)")
    parser.add_argument("--token", default="demo-box-token", help="the device token the box must send")
    parser.add_argument("--lawyers", type=int, default=1)
    parser.add_argument("--answer-after", type=float, default=2.0, help="seconds before a free lawyer takes the head")
    parser.add_argument("--queue-ahead", type=int, default=0, help="other callers ahead of the first consult")
    parser.add_argument("--phantom-s", type=float, default=2.0, help="seconds each caller ahead takes")
    parser.add_argument("--offer-timeout", type=float, default=60.0)
    parser.add_argument("--hang-up-after", type=float, default=0.0, help="the lawyer hangs up after this many s of call")
    parser.add_argument("--no-media", action="store_true", help="signalling only (no ffmpeg)")
    parser.add_argument("--record-dir", default="/tmp/hotline-peer-recordings")
    parser.add_argument("--pattern", default=DEFAULT_PATTERN, help="lavfi source of the lawyer's picture")
    parser.add_argument("--audio-codec", choices=("opus", "aac"), default="opus")
    parser.add_argument("--latency-ms", type=int, default=120)
    parser.add_argument("--ffmpeg", default="ffmpeg")
    parser.add_argument("--storm-500", action="store_true", help="answer every API request with 500")
    parser.add_argument("--fail-first", type=int, default=0, help="answer the first N API requests with 500")
    parser.add_argument("--hostile", choices=sorted(HOSTILE), help="answer every API request with this broken body")
    parser.add_argument("--wrong-passphrase", action="store_true", help="give the box a passphrase the listeners refuse")
    parser.add_argument("--exit-with", type=int, help="exit when this process id is gone")
    args = parser.parse_args()

    ca, cert, key = make_test_ca(args.tls_dir)
    peer = Peer(args)
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.peer = peer
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    port = server.server_address[1]

    stopping = threading.Event()

    def ticker():
        while not stopping.wait(0.05):
            peer.hotline.tick()
            if args.exit_with and not os.path.exists(f"/proc/{args.exit_with}"):
                threading.Thread(target=server.shutdown, daemon=True).start()
                return

    threading.Thread(target=ticker, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    url = f"https://{args.host}:{port}"
    if args.port_file:
        with open(args.port_file + ".tmp", "w", encoding="ascii") as out:
            out.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    print(json.dumps({"url": url, "ca": ca, "token": args.token}), flush=True)
    log(f"demo hotline listening on {url} (CA {ca})")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    stopping.set()
    with peer.hotline.lock:
        for consult in peer.hotline.consults.values():
            if consult.legs:
                consult.legs.stop()
                consult.legs = None


if __name__ == "__main__":
    main()
