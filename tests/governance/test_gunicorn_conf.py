"""The web workers' collector tuning (governance/gunicorn_conf.py): after a worker has loaded Django, what it
holds is frozen out of the collector's sight and young objects are collected less often."""

from __future__ import annotations

import gc

from governance import gunicorn_conf


def test_a_worker_freezes_what_it_loaded_and_collects_less_often():
    thresholds = gc.get_threshold()
    try:
        gc.unfreeze()
        assert gc.get_freeze_count() == 0
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000  # Django, the apps and the URL conf
        assert gc.get_threshold() == gunicorn_conf.GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
