"""gunicorn settings for every way the dashboard is served: `make run`, the tests, the benchmarks
and the container (gunicorn reads this file from the working directory; `-c gunicorn.conf.py`).

Threaded workers (gthread) so a slow client holds one thread, not a whole worker, and enough
threads that a few dozen slow clients cannot starve /healthz. Behind nginx (deploy/nginx/) slow clients
never reach gunicorn at all. Override with DASHBOARD_BIND, DASHBOARD_WORKERS, DASHBOARD_THREADS.
"""

import multiprocessing
import os

bind = os.environ.get("DASHBOARD_BIND", "127.0.0.1:8050")
# Each worker holds pandas, geopandas and plotly (about 300 MB) and, once asked for an image, a
# Chromium for kaleido: two per core at most, and never more than four on a small host.
workers = int(os.environ.get("DASHBOARD_WORKERS") or min(2 * multiprocessing.cpu_count(), 4))
worker_class = "gthread"
# A gthread worker hands a connection to a thread as soon as its first bytes arrive, and the
# thread then waits for the rest of the request: a client sending headers slowly holds one
# thread. 32 threads a worker keep /healthz answering with dozens of slow clients (measured in
# bench/load.py); in public, nginx in front holds them instead (deploy/nginx/).
threads = int(os.environ.get("DASHBOARD_THREADS") or 32)
timeout = 120  # a cold 1,909-LSOA map image or a board pack's PDF takes seconds, never minutes
graceful_timeout = 30
keepalive = 5
# Request size limits: no line, header or header count beyond what a browser sends; bodies are
# limited by Flask (MAX_CONTENT_LENGTH, app.py).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
max_requests = 20000  # recycle workers now and then (and the Chromium each may hold); a recycle closes
# its keep-alive connections, which clients reopen
max_requests_jitter = 2000
control_socket_disable = True  # gunicorn 27 shares one control socket between instances otherwise
# The access log names the path, never the query (views and exports carry choices, and a
# hostile value should not be written to the log verbatim).
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def post_worker_init(worker: object) -> None:
    """Dash learns which script files it may serve only when it first renders a page. Render one
    in each worker before it serves anyone, so a browser's script request that reaches a worker
    other than the one that sent the page is not a 404 (with threaded workers, the browser's
    parallel connections often do)."""
    worker.wsgi.test_client().get("/methods")  # type: ignore[attr-defined]
