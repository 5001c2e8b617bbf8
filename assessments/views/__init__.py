"""The assessments pages: overview and results (pages.py); start, fill and submit (fill.py)."""
