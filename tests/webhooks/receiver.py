"""A real HTTP receiver on loopback that records what it is sent and answers as scripted."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # a worker opens up to a batch of connections at once


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    answers: list[int] = field(default_factory=list)
    """Status codes to answer, in order; 200 once they run out."""
    hang: threading.Event | None = None
    """When set up, the first request waits for this event before answering."""
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def wait_for(self, count: int, seconds: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            await asyncio.sleep(0.05)
        raise AssertionError(f"expected {count} requests, got {len(self.received)}")


@contextmanager
def receiver(answers: list[int] | None = None, hang: bool = False) -> Iterator[Receiver]:
    state = Receiver("", list(answers or []), threading.Event() if hang else None)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            with state.lock:
                first = not state.received
                state.received.append(
                    Received({k.lower(): v for k, v in self.headers.items()}, body)
                )
                status = state.answers.pop(0) if state.answers else 200
            if first and state.hang is not None:
                state.hang.wait(30)
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        if state.hang is not None:
            state.hang.set()
        server.shutdown()
        server.server_close()
