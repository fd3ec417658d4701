"""Submission latency: entrants press "Agree and submit", one after another.

The mail server answers only after a delay (tests/smtp.py), as a slow one
does; the submission queues its confirmation email and returns, and the task
worker sends it later (base/email.py).
"""

import http.client
import json
import time
from urllib.parse import urlencode

from bench.autosave import percentile


def run(host: str, port: int, entrants: list[dict], versions: dict) -> dict:
    """Submit each entrant's draft; the latencies and what went wrong."""
    latencies, bad = [], 0
    for entrant in entrants:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        headers = {
            "Cookie": f"sessionid={entrant['session']}; csrftoken={entrant['csrf']}",
            "X-CSRFToken": entrant["csrf"],
            "Content-Type": "application/x-www-form-urlencoded",
        }
        # Answers within every word limit (the autosave rows wrote 200 words
        # each, past the first question's 100), saved as the page would.
        answers = {
            key: "Waits fell from six weeks to nine days." for key in entrant["keys"]
        }
        connection.request(
            "POST",
            f"/entries/{entrant['entry']}/autosave/",
            urlencode({"version": versions[entrant["entry"]], **answers}),
            {**headers, "Accept": "application/json"},
        )
        saved = connection.getresponse()
        version = json.loads(saved.read())["version"]
        body = urlencode({"agree": "on", "version": version})
        started = time.perf_counter()
        connection.request(
            "POST",
            f"/entries/{entrant['entry']}/check/",
            body,
            headers,
        )
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        location = response.getheader("Location", "")
        if response.status != 302 or not location.endswith("/confirmation/"):
            bad += 1
        connection.close()
    return {
        "requests": len(latencies),
        "rate": len(latencies) / sum(latencies) if latencies else 0.0,
        "p50_us": percentile(latencies, 0.50) * 1e6,
        "p99_us": percentile(latencies, 0.99) * 1e6,
        "max_ms": max(latencies) * 1000 if latencies else 0.0,
        "errors": 0,
        "bad_status": bad,
    }
