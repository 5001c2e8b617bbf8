"""gunicorn's settings for the web app: `gunicorn -c python:governance.gunicorn_conf governance.wsgi`.

Command-line options (--bind, --workers) still apply on top. What this adds is the collector's tuning in each
worker (issue 24): once the worker has loaded Django, every object it holds (apps, models, URL patterns,
templates' code) is moved out of the collector's sight (gc.freeze), and young objects are collected less
often. A request then pays for the objects it made, not for walking the whole application: on a 100-row
API page the collector's share fell from about 0.5 ms to 0.2 ms a request (org-10k, `manage.py bench`'s
machine). Memory is not at stake: a request's garbage is still freed, only less often checked for cycles.
"""

from __future__ import annotations

import gc

GC_THRESHOLDS = (10_000, 10, 10)  # Python's defaults: (700, 10, 10)


def post_worker_init(worker) -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - load the URL conf now, so its objects are frozen too
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
