#!/usr/bin/python3
# UDP fault relay for consult media tests: loss, one-way delay, a rate cap and timed black-holes between SRT peers.
"""UDP relay with injected faults (loss, one-way delay, a rate cap, black-holes) for testing SRT legs without tc netem.

Each --to HOST:PORT gets a listening UDP port on 127.0.0.1 (--listen-port, or one the system picks); every client
address seen there gets its own upstream socket, so several callers (and RTT probes) can share a relay.
On start it prints one line per mapping, "LISTEN <port> <host>:<port>", then "READY".
Commands, one per line on stdin, each answered "OK" (or "ERROR ...") on stdout:
  loss <percent>        drop this share of packets, each direction
  delay <ms>            one-way delay added in each direction (RTT grows by twice this)
  rate <kbps>           cap client->target traffic (0: no cap); excess beyond a 250 ms queue is dropped
  blackhole <seconds>   drop everything, both directions, for that long
  stats                 prints a JSON line of counters
  quit
"""
import argparse
import heapq
import json
import os
import random
import selectors
import socket
import sys
import time


class Relay:
    def __init__(self, loss, delay_ms, rate_kbps):
        self.loss = loss
        self.delay_ms = delay_ms
        self.rate_kbps = rate_kbps
        self.blackhole_until = 0.0
        self.selector = selectors.DefaultSelector()
        self.pending = []  # heap of (due time, sequence, socket, data, address or None)
        self.sequence = 0
        self.rate_free_at = 0.0
        self.counters = {"forwarded": 0, "lost": 0, "blackholed": 0, "over_rate": 0}
        self.sessions = {}  # (listen socket fileno, client address) -> upstream socket

    def add_mapping(self, target, listen_port):
        listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        listener.bind(("127.0.0.1", listen_port))
        self.selector.register(listener, selectors.EVENT_READ, ("listener", listener, target))
        return listener.getsockname()[1]

    def schedule(self, now, sock, data, address, upstream):
        if now < self.blackhole_until:
            self.counters["blackholed"] += 1
            return
        if self.loss > 0 and random.random() * 100 < self.loss:
            self.counters["lost"] += 1
            return
        depart = now
        if upstream and self.rate_kbps > 0:
            depart = max(now, self.rate_free_at)
            if depart - now > 0.25:
                self.counters["over_rate"] += 1
                return
            self.rate_free_at = depart + len(data) * 8 / (self.rate_kbps * 1000.0)
        due = depart + self.delay_ms / 1000.0
        self.sequence += 1
        heapq.heappush(self.pending, (due, self.sequence, sock, data, address))

    def on_readable(self, key, now):
        kind = key.data[0]
        if kind == "listener":
            _, listener, target = key.data
            try:
                data, client = listener.recvfrom(65536)
            except OSError:
                return
            session_key = (listener.fileno(), client)
            upstream = self.sessions.get(session_key)
            if upstream is None:
                upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                upstream.connect(target)
                self.sessions[session_key] = upstream
                self.selector.register(upstream, selectors.EVENT_READ, ("upstream", listener, client))
            self.schedule(now, upstream, data, None, True)
        elif kind == "upstream":
            _, listener, client = key.data
            try:
                data = key.fileobj.recv(65536)
            except OSError:
                return  # e.g. ICMP port unreachable from a target not listening yet
            self.schedule(now, listener, data, client, False)

    def flush_due(self, now):
        while self.pending and self.pending[0][0] <= now:
            _, _, sock, data, address = heapq.heappop(self.pending)
            try:
                if address is None:
                    sock.send(data)
                else:
                    sock.sendto(data, address)
                self.counters["forwarded"] += 1
            except OSError:
                pass

    def command(self, line):
        words = line.split()
        if not words:
            return None
        name, args = words[0], words[1:]
        try:
            if name == "loss":
                self.loss = float(args[0])
            elif name == "delay":
                self.delay_ms = float(args[0])
            elif name == "rate":
                self.rate_kbps = float(args[0])
            elif name == "blackhole":
                self.blackhole_until = time.monotonic() + float(args[0])
            elif name == "stats":
                return json.dumps(self.counters)
            elif name == "quit":
                sys.exit(0)
            else:
                return "ERROR unknown command " + name
        except (IndexError, ValueError):
            return "ERROR bad arguments for " + name
        return "OK"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--to", action="append", required=True, help="target HOST:PORT (repeatable)")
    parser.add_argument("--listen-port", action="append", type=int, default=[], help="listening port per --to")
    parser.add_argument("--loss", type=float, default=0.0, help="percent of packets dropped, each direction")
    parser.add_argument("--delay", type=float, default=0.0, help="one-way delay in ms, each direction")
    parser.add_argument("--rate", type=float, default=0.0, help="client->target cap in kb/s (0: none)")
    parser.add_argument("--seed", type=int, default=None, help="random seed for repeatable loss")
    options = parser.parse_args()
    random.seed(options.seed)
    relay = Relay(options.loss, options.delay, options.rate)
    for index, target in enumerate(options.to):
        host, _, port = target.rpartition(":")
        listen_port = options.listen_port[index] if index < len(options.listen_port) else 0
        bound = relay.add_mapping((socket.gethostbyname(host), int(port)), listen_port)
        print(f"LISTEN {bound} {target}", flush=True)
    print("READY", flush=True)

    stdin_fd = sys.stdin.fileno()
    os.set_blocking(stdin_fd, False)
    relay.selector.register(stdin_fd, selectors.EVENT_READ, ("stdin",))
    typed = b""
    while True:
        now = time.monotonic()
        timeout = 0.05
        if relay.pending:
            timeout = max(0.0, min(timeout, relay.pending[0][0] - now))
        for key, _ in relay.selector.select(timeout):
            now = time.monotonic()
            if key.data[0] == "stdin":
                chunk = os.read(stdin_fd, 4096)
                if not chunk:  # the controlling test went away
                    return
                typed += chunk
                while b"\n" in typed:
                    line, typed = typed.split(b"\n", 1)
                    answer = relay.command(line.decode(errors="replace"))
                    if answer is not None:
                        print(answer, flush=True)
            else:
                relay.on_readable(key, now)
        relay.flush_due(time.monotonic())


if __name__ == "__main__":
    main()
