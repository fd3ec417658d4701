"""Gunicorn settings for `make run` and production.

Two cores: the usual (2 x cores) + 1 sync workers. The benchmark issue measures
and revisits the worker count and type.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
accesslog = "-"
errorlog = "-"
timeout = 30
