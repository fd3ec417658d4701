"""The deadline second: many clients on a few category pages while it passes.

``CLIENTS`` threads, each on its own keep-alive connection, ask for the pages
in turn from two seconds before the deadline to three after. Every response is
recorded: when it was asked, how long it took, its status, and whether the
page cache answered it (``X-Page-Cache: hit``) or a worker rendered it. The
renders per page in the first second after the deadline show the stampede
lock at work: one per page with a shared cache (Redis), at most one per
gunicorn worker with local memory.
"""

import http.client
import threading
import time
from collections import Counter

from bench.autosave import percentile

CLIENTS = 64


class Visitor(threading.Thread):
    """One anonymous visitor, page after page, until ``until`` (epoch seconds)."""

    def __init__(self, host, port, paths, offset, until):
        super().__init__()
        self.host, self.port, self.paths = host, port, paths
        self.offset, self.until = offset, until
        self.records = []
        self.errors = 0

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=10)

    def run(self):
        connection = self.connect()
        number = self.offset
        while time.time() < self.until:
            path = self.paths[number % len(self.paths)]
            number += 1
            started = time.time()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                self.errors += 1
                connection.close()
                connection = self.connect()
                continue
            hit = response.getheader("X-Page-Cache") == "hit"
            self.records.append(
                (started, time.time() - started, path, response.status, hit)
            )
        connection.close()


def run(host: str, port: int, paths: list[str], deadline: float) -> dict:
    """Drive ``paths`` from ``deadline - 2`` to ``deadline + 3``; the figures."""
    time.sleep(max(deadline - 2 - time.time(), 0))
    visitors = [
        Visitor(host, port, paths, offset, deadline + 3) for offset in range(CLIENTS)
    ]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()
    records = [record for visitor in visitors for record in visitor.records]
    latencies = [seconds for _, seconds, *_ in records]
    first_second = Counter(
        path
        for started, _, path, _, hit in records
        if not hit and deadline <= started < deadline + 1
    )
    if not records:
        raise RuntimeError("the deadline had passed before the visitors started")
    span = max(r[0] + r[1] for r in records) - min(r[0] for r in records)
    return {
        "requests": len(records),
        "rate": len(records) / span if span else 0.0,
        "p50_us": percentile(latencies, 0.50) * 1e6,
        "p99_us": percentile(latencies, 0.99) * 1e6,
        "max_ms": max(latencies) * 1000 if latencies else 0.0,
        "errors": sum(v.errors for v in visitors),
        "bad_status": sum(1 for r in records if r[3] >= 400),
        "renders_first_second": [first_second.get(path, 0) for path in paths],
    }
