"""Gunicorn settings that `alongside load` serves Alongside with, and a starting point for production:
`gunicorn -c python:alongside.bench.gunicorn_conf` (bind where the proxy expects it).

Why these:
- worker_class "gthread", workers = cores, threads 2. A request is Python (the view, the Jinja2
  rendering: CPU, one core per process because of the GIL) plus waits on the database (the GIL is
  released). Processes give the cores; a second thread fills a worker's waits (on SQLite's write
  lock, on PostgreSQL), so one slow page (a report of a whole year) holds one thread, not a whole
  worker. Measured with `make load` on the 2-core machine at national size (50 users, 16
  requests a second; docs/adr/0032-pages-that-cost-the-same-at-any-size.md):
  | workers x threads | p50 | p95 | p99 | CPU-s used in 60 s |
  | 3 x 4 (cores + 1, the usual advice) | 126 ms | 853 ms | 2,836 ms | 81 |
  | 2 x 2 (chosen) | 77 ms | 528 ms | 971 ms | 65 |
  | 2 x 1 | 58 ms | 457 ms | 3,148 ms | 58 |
  More threads than the cores can serve only add switching between them for the GIL: the same
  pages cost a quarter more CPU. With one thread, a request waits behind any slow page: p99 3 s.
  Plain sync workers queue the same way; the issue measured p95 about 100 s with 2 of them.
  `alongside load --workers/--threads/--worker-class` tries others.
- timeout 30 s: a worker silent for longer is killed and restarted; with gthread the heartbeat
  is the worker's main loop, so it is a hang detector, not a per-request limit.
- graceful_timeout 10 s: on stop or restart, requests in flight get 10 s to finish.
- keepalive 5 s: how long an idle connection from the proxy stays open (gthread only).
- max_requests 0: no recycling of workers during a measured run; a deployment that fears leaks
  sets e.g. 2000 with max_requests_jitter 200, at the cost of a short pause when one restarts.
- preload_app off: each worker imports the app itself, so a worker restart reloads code and no
  database connection is ever shared across a fork.

The SQLite database takes one writer at a time (WAL lets readers carry on); a writer waits up to the
sqlite3 connection's timeout for the lock (alongside/settings.py, OPTIONS "timeout").
"""

import os

CORES = os.cpu_count() or 1

wsgi_app = "alongside.wsgi:application"
bind = ["127.0.0.1:8000"]  # `alongside load` binds a free loopback port instead
worker_class = "gthread"
workers = CORES
threads = 2
timeout = 30
graceful_timeout = 10
keepalive = 5
max_requests = 0
preload_app = False
# The access log gives each request's status and server time in microseconds (%(D)s), so a run
# can tell time spent in the app from time spent queueing. `alongside load` writes it to a file.
access_log_format = '%(s)s %(D)s "%(r)s"'
