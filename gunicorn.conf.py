"""Gunicorn settings for `make run`, `make bench` and production.

Chosen by measurement (`make bench` on PostgreSQL, 2 cores, 5 s per endpoint,
on a machine shared with other engineers' test runs; docs/performance.md):

    workers x type       static  category page  autosave 1/s p50  no pause
    3 sync                 2989           2114       178 ms       119/s
    2 gthread x 4          2329           2341        27 ms        95/s
    3 gthread x 4          2064           2420        27 ms        88/s
    (requests/s unless marked. An earlier round, without warm-up runs, agreed
    on the order: 5 sync 1753 and 80 ms, 2 gthread x 8 1404 and 32 ms.)

Threads: the sync worker closes every connection after one response and
holds a whole process while a request waits on the database, so paced
autosaves queued behind each other (p50 80 to 178 ms against 27 to 38 ms). gthread
keeps connections alive (browsers and the API's clients reuse them) and lets
a worker answer other requests while one waits on PostgreSQL; cached pages
were as fast or faster. Three processes of four threads: one more process
than cores, so that a process stalled on the GIL or the database still
leaves both cores busy; it was ahead of two on cached pages in both rounds.
More threads (2 x 8) did no better. The static file alone is faster on sync
workers, but it is the yardstick, not the work. Each process keeps its own
local-memory page cache (until REDIS_URL is set): another reason for few.

WEB_CONCURRENCY and GUNICORN_THREADS override the numbers for a larger host.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
accesslog = "-"
errorlog = "-"
timeout = 30
