"""Draft autosave under load: one thread per entrant, each on its own connection.

Each entrant saves as the entry page does: every answer, the version the last
save returned, the session cookie and the CSRF token; then pauses and saves
again. The saves of one entrant must follow each other with state carried
from one to the next, so a small client of threads sends them rather than
wrk. (wrk did it with one thread per connection, but with pauses its p99 was
hundreds of milliseconds above the server's own request times, and this
client's was not: docs/performance.md.)
"""

import http.client
import json
import math
import random
import threading
import time
from urllib.parse import urlencode

# ~200 words in each answer, as a long draft has.
FILLER = "the partnership cut waiting times for patients " * 28


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (sorted here)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)] if ordered else 0.0


class Entrant(threading.Thread):
    """One entrant saving one draft, save after save, until the deadline."""

    def __init__(self, host, port, entrant, version, deadline, pause):
        super().__init__()
        self.host, self.port = host, port
        self.entrant, self.version = entrant, version
        self.deadline, self.pause = deadline, pause
        self.random = random.Random(entrant["entry"])
        self.sent = self.acked = self.failed = self.errors = 0
        self.latencies: list[float] = []

    def wait(self) -> None:
        # Between half and one and a half times the mean: entrants out of step.
        if self.pause:
            time.sleep(self.pause * self.random.uniform(0.5, 1.5))

    def save(self, connection) -> None:
        entry = self.entrant["entry"]
        self.sent = number = self.acked + 1
        text = f"entrant {entry} save {number}. {FILLER}"
        body = urlencode(
            {"version": self.version, **{key: text for key in self.entrant["keys"]}}
        )
        headers = {
            "Cookie": f"sessionid={self.entrant['session']}; "
            f"csrftoken={self.entrant['csrf']}",
            "X-CSRFToken": self.entrant["csrf"],
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        started = time.perf_counter()
        connection.request("POST", f"/entries/{entry}/autosave/", body, headers)
        response = connection.getresponse()
        data = response.read()
        self.latencies.append(time.perf_counter() - started)
        if response.status == 200:
            self.version, self.acked = json.loads(data)["version"], number
        else:
            self.failed += 1

    def run(self) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        self.wait()
        while time.monotonic() < self.deadline:
            try:
                self.save(connection)
            except (OSError, http.client.HTTPException):
                self.errors += 1
                connection.close()
                connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=10
                )
            self.wait()
        connection.close()


def run(
    host: str, port: int, entrants: list, versions: dict, seconds: float, pause: float
) -> dict:
    """Every entrant saving for ``seconds``, ``pause`` seconds apart on average.

    Returns the same report as the wrk runs, with each entrant's counts.
    """
    started = time.monotonic()
    threads = [
        Entrant(host, port, e, versions[e["entry"]], started + seconds, pause)
        for e in entrants
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies = [x for thread in threads for x in thread.latencies]
    return {
        "requests": len(latencies),
        "duration_us": elapsed * 1e6,
        "rate": len(latencies) / elapsed,
        "p50_us": percentile(latencies, 0.50) * 1e6,
        "p99_us": percentile(latencies, 0.99) * 1e6,
        "errors": sum(thread.errors for thread in threads),
        "bad_status": sum(thread.failed for thread in threads),
        "entrants": [
            {
                "entry": thread.entrant["entry"],
                "sent": thread.sent,
                "acked": thread.acked,
                "failed": thread.failed,
            }
            for thread in threads
        ],
    }
