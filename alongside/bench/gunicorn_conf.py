"""Gunicorn settings that `alongside load` serves Alongside with, and a starting point for production:
`gunicorn -c python:alongside.bench.gunicorn_conf` (bind where the proxy expects it).

Why these:
- worker_class "gthread", workers = cores + 1, threads 4. A request is Python (the view, the
  Jinja2 rendering: CPU, one core per process because of the GIL) plus waits on the database (the
  GIL is released). Processes give the cores; threads fill the waits, so a worker waiting on
  SQLite's write lock, or on PostgreSQL, serves other requests meanwhile, and one slow page (a
  report of a whole year) occupies one thread, not one of only a few processes. One worker more
  than the cores keeps both cores busy while a worker's threads all wait. Plain sync workers
  (2 x cores + 1 = 5, one request each) queue behind any slow page instead; the issue measured
  p95 about 100 s with 2 of them. Others measured with `make load` on the 2-core machine at
  national size (50 users, about 16 requests a second), p95 of the whole run:
  | workers x threads | runs | p95 | p99 |
  | 3 x 4 (these) | 2 | 813, 853 ms | 3.7, 2.8 s |
  | 2 x 2 | 3 | 528, 1189, 943 ms | 1.0, 1.9, 1.9 s |
  | 2 x 1 | 1 | 457 ms | 3.1 s |
  Run to run, the same settings differ by as much as the settings do: the machine, not the
  settings, is the limit (docs/adr/0032-pages-that-cost-the-same-at-any-size.md).
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
workers = CORES + 1
threads = 4
timeout = 30
graceful_timeout = 10
keepalive = 5
max_requests = 0
preload_app = False
# The access log gives each request's status and server time in microseconds (%(D)s), so a run
# can tell time spent in the app from time spent queueing. `alongside load` writes it to a file.
access_log_format = '%(s)s %(D)s "%(r)s"'
