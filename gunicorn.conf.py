"""Gunicorn settings for `make run`, `make bench` and production.

Three sync workers, chosen by measurement: `make bench` on PostgreSQL, 2 cores,
10 s per endpoint, one run each, on a machine shared with other engineers'
test runs (load average 4 to 7), so differences of a few hundred requests/s
are noise (docs/performance.md):

    workers x type   static  programme  category  autosave 1/s  no pause
                                                  p50 / p99 ms
    3 sync             2543       2424      2253     23 / 85     106/s
    5 sync             2369       2304      3014     30 / 188     93/s
    3 gthread x 4      2385       2420      2340     24 / 92      87/s
    (requests/s; the signed-in page, 41 to 54/s, is in the docs)

The cached pages cost about what the static file costs on all three, and
autosave is the same within noise, so what decided:

- steadiness: the sync runs' p99s were the lowest (12 to 40 ms on pages);
  with gthread, each process keeps the keep-alive connections it accepted,
  and in each of four gthread runs at least one row fell to about 800
  requests/s, one process's worth. (Sync runs dipped like that too while the
  machine was busiest, all rows at once, so part of it was the machine.)
- three, not five: one more process than cores keeps both busy while one
  waits on the database, and each process holds its own local-memory page
  cache (until REDIS_URL is set), so fewer processes miss less after a
  publish; five did no better.

Sync workers need a buffering proxy in front, or one slow client holds a
worker: production sits behind a TLS-terminating proxy
(SECURE_PROXY_SSL_HEADER); it must buffer requests (nginx does by default).
An earlier round with wrk driving autosave favoured gthread (p50 27 ms
against 178 ms); that was wrk's pause handling, not the server
(bench/autosave.py says more).

WEB_CONCURRENCY overrides the number for a larger host.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# No access log of gunicorn's own: it would name the proxy, not the client.
# base.middleware.AccessLogMiddleware logs each request with the client's
# address (PROXY_COUNT).
accesslog = None
errorlog = "-"
timeout = 30
