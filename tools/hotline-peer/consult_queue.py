# The demo call centre's state: consults in a queue, scripted lawyers who take them after a delay, offers, calls.
import secrets
import threading
import time

TOPICS = ("wages", "grassland_land", "marriage_family", "loans", "other")
LANGUAGES = ("mn-Mong", "zh-Hans")
MAX_CALL_S = 3600


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class Consult:
    def __init__(self, consult_id, request, now):
        self.id = consult_id
        self.version = 1
        self.state = "queued"
        self.language = request["language"]
        self.topic = request["topic"]
        self.callback_number = request.get("callback_number")  # kept for the lawyer only, never logged
        self.capabilities = request.get("capabilities", {})
        self.created = now
        self.at_head_since = None
        self.offer_expires = None
        self.connected_at = None
        self.ended_reason = None
        self.media = None
        self.legs = None
        self.prepared = None  # (legs, passphrase) made ready when the consult is offered
        self.recording_path = None
        self.lawyer = None
        self.events = []      # centre -> box: {seq, type, ...}
        self.box_events = []  # box -> centre, as received
        self.next_seq = 1


class Hotline:
    """Thread-safe; every change bumps the consult's version and wakes long-polls."""

    def __init__(self, lawyers=1, answer_after_s=2.0, call_length_s=0.0, queue_ahead=0, phantom_s=2.0,
                 offer_timeout_s=60.0, media_factory=None, wrong_passphrase=False, latency_ms=120):
        self.lock = threading.Condition()
        self.consults = {}
        self.queue = []  # consult ids, head first
        self.free_lawyers = [f"lawyer-{n + 1}" for n in range(lawyers)]
        self.answer_after_s = answer_after_s
        self.call_length_s = call_length_s
        self.phantoms = queue_ahead
        self.phantom_s = phantom_s
        self.next_phantom_at = None
        self.offer_timeout_s = offer_timeout_s
        self.media_factory = media_factory
        self.wrong_passphrase = wrong_passphrase
        self.latency_ms = latency_ms

    # --- requests from the box -------------------------------------------------------------------------------
    def create(self, request):
        now = time.monotonic()
        with self.lock:
            consult = Consult(secrets.token_hex(8), request, now)
            self.consults[consult.id] = consult
            self.queue.append(consult.id)
            if self.phantoms and self.next_phantom_at is None:
                self.next_phantom_at = now + self.phantom_s
            self.lock.notify_all()
            return self.view(consult)

    def wait_for(self, consult_id, after, timeout_s):
        deadline = time.monotonic() + timeout_s
        with self.lock:
            consult = self.find(consult_id)
            while consult.version <= after:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.lock.wait(left)
            return self.view(consult)

    def accept(self, consult_id):
        with self.lock:
            consult = self.find(consult_id)
            if consult.state == "connected":
                return self.view(consult)
            if consult.state != "offered":
                raise ApiError(409, "not_offered", f"consult is {consult.state}, not offered")
            # The listeners were started when the consult was offered (a media router has them ready); wait for them.
            deadline = time.monotonic() + 10
            while self.media_factory is not None and consult.prepared is None and consult.state == "offered":
                if time.monotonic() >= deadline:
                    raise ApiError(503, "media_not_ready", "the media listeners did not start")
                self.lock.wait(0.05)
            if consult.state != "offered":
                raise ApiError(409, "not_offered", f"consult is {consult.state}, not offered")
            legs, passphrase = consult.prepared if consult.prepared else (None, secrets.token_urlsafe(24))
            consult.prepared = None
            consult.legs = legs
            consult.recording_path = legs.recording_path if legs else None
            consult.media = self.media_description(consult, legs, passphrase)
            consult.state = "connected"
            consult.connected_at = time.monotonic()
            self.bump(consult)
            return self.view(consult)

    def hangup(self, consult_id, reason):
        with self.lock:
            consult = self.find(consult_id)
            if consult.state != "ended":
                self.end(consult, reason if consult.state in ("offered", "connected") else "cancelled")
            return self.view(consult)

    def box_event(self, consult_id, event):
        with self.lock:
            consult = self.find(consult_id)
            if consult.state == "ended":
                raise ApiError(409, "consult_ended", "consult has ended")
            consult.box_events.append(event)
            del consult.box_events[:-200]

    # --- the lawyers' side (scripted, or the test admin API) -----------------------------------------------
    def lawyer_hangup(self, consult_id):
        with self.lock:
            consult = self.find(consult_id)
            if consult.state != "ended":
                self.end(consult, "lawyer_hangup")
            return self.view(consult)

    def push_event(self, consult_id, event):
        with self.lock:
            consult = self.find(consult_id)
            consult.events.append({"seq": consult.next_seq, **event})
            consult.next_seq += 1
            del consult.events[:-32]
            self.bump(consult)
            return self.view(consult)

    def tick(self):
        """Moves the queue on: phantom callers leave, free lawyers take the head, calls end on schedule."""
        now = time.monotonic()
        with self.lock:
            if self.phantoms and self.next_phantom_at is not None and now >= self.next_phantom_at:
                self.phantoms -= 1
                self.next_phantom_at = now + self.phantom_s if self.phantoms else None
                for consult_id in self.queue:
                    self.bump(self.consults[consult_id])
            if self.queue and not self.phantoms:
                head = self.consults[self.queue[0]]
                if head.at_head_since is None:
                    head.at_head_since = now
                if self.free_lawyers and now - head.at_head_since >= self.answer_after_s:
                    self.queue.pop(0)
                    head.lawyer = self.free_lawyers.pop(0)
                    head.state = "offered"
                    head.offer_expires = now + self.offer_timeout_s
                    if self.media_factory is not None:
                        threading.Thread(target=self.prepare_media, args=(head,), daemon=True).start()
                    for consult_id in self.queue:
                        self.bump(self.consults[consult_id])
                    self.bump(head)
            for consult in self.consults.values():
                if consult.state == "offered" and now >= consult.offer_expires:
                    self.end(consult, "offer_missed")
                elif consult.state == "connected":
                    if self.call_length_s > 0 and now - consult.connected_at >= self.call_length_s:
                        self.end(consult, "lawyer_hangup")
                    elif now - consult.connected_at >= MAX_CALL_S:
                        self.end(consult, "expired")

    def prepare_media(self, consult):
        """Starts the consult's SRT listeners with a fresh passphrase (outside the lock: it takes a moment)."""
        passphrase = secrets.token_urlsafe(24)
        legs = self.media_factory(consult.id, passphrase, self.latency_ms)
        with self.lock:
            if consult.state != "offered":
                threading.Thread(target=legs.stop, daemon=True).start()
                return
            consult.prepared = (legs, passphrase)
            self.lock.notify_all()

    # --- helpers (lock held) ---------------------------------------------------------------------------------
    def find(self, consult_id):
        consult = self.consults.get(consult_id)
        if consult is None:
            raise ApiError(404, "not_found", "no such consult")
        return consult

    def bump(self, consult):
        consult.version += 1
        self.lock.notify_all()

    def end(self, consult, reason):
        if consult.id in self.queue:
            self.queue.remove(consult.id)
            for consult_id in self.queue:
                self.bump(self.consults[consult_id])
        if consult.lawyer:
            self.free_lawyers.append(consult.lawyer)
            consult.lawyer = None
        consult.state = "ended"
        consult.ended_reason = reason
        for legs in (consult.legs, consult.prepared[0] if consult.prepared else None):
            if legs:
                threading.Thread(target=legs.stop, daemon=True).start()
        consult.legs = None
        consult.prepared = None
        self.bump(consult)

    def position(self, consult):
        return self.phantoms + self.queue.index(consult.id) + 1

    def media_description(self, consult, legs, passphrase):
        caps = consult.capabilities or {}
        limit = caps.get("max_resolution") or {}
        width = min(int(limit.get("width", 1280) or 1280), 1280)
        height = min(int(limit.get("height", 720) or 720), 720)
        send_video = caps.get("camera", True)
        given = ("x" * len(passphrase)) if self.wrong_passphrase else passphrase
        return {
            "uplink": {"url": legs.uplink_url if legs else "srt://127.0.0.1:9", "streamid": f"publish:consult/{consult.id}"},
            "downlink": {"url": legs.downlink_url if legs else "srt://127.0.0.1:9", "streamid": f"read:lawyer/{consult.id}"},
            "passphrase": given,
            "pbkeylen": 16,
            "latency_ms": self.latency_ms,
            "expires_in_s": MAX_CALL_S,
            "send": {
                "video": ({"codec": "h264", "profile": "constrained_baseline", "width": width, "height": height,
                           "fps": 30, "bitrate_kbps": 1500, "keyframe_interval_s": 2} if send_video else None),
                "audio": {"codec": "opus", "sample_rate": 48000, "channels": 1, "bitrate_kbps": 32},
            },
            "receive": {
                "video": {"codec": "h264", "width": 1280, "height": 720, "fps": 30},
                "audio": {"codec": "opus", "sample_rate": 48000, "channels": 1},
            },
        }

    def view(self, consult):
        body = {"id": consult.id, "version": consult.version, "state": consult.state,
                "service": {"name": "demo hotline", "demo": True, "phone": "12348"}}
        if consult.state == "queued":
            position = self.position(consult)
            ahead = max(0, position - 1)
            wait = ahead * self.phantom_s + self.answer_after_s
            body["queue"] = {"position": position, "estimated_wait_s": int(round(wait))}
        if consult.state == "offered":
            body["offer"] = {"expires_in_s": max(0, int(consult.offer_expires - time.monotonic()))}
        if consult.state == "connected":
            body["media"] = consult.media
            body["events"] = list(consult.events)
        if consult.state == "ended":
            body["ended"] = {"reason": consult.ended_reason}
        return body

    def admin_view(self):
        with self.lock:
            return [{"id": c.id, "state": c.state, "version": c.version, "topic": c.topic, "language": c.language,
                     "has_callback_number": bool(c.callback_number), "ended_reason": c.ended_reason,
                     "box_events": len(c.box_events),
                     "last_stats": next((e for e in reversed(c.box_events) if e.get("type") == "stats"), None),
                     "box_event_types": sorted({e.get("type") for e in c.box_events}),
                     "recording": c.recording_path} for c in self.consults.values()]
