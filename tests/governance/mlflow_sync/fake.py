"""An in-memory stand-in for MlflowClient's registry and run searches (the plain tier has no server); the
integration tier runs the same sync against a real `mlflow server`."""

from __future__ import annotations

import re
from types import SimpleNamespace


class Page(list):
    def __init__(self, items, token=None):
        super().__init__(items)
        self.token = token


class FakeRegistry:
    def __init__(self, page_size: int = 3) -> None:
        self.page_size = page_size
        self.models: dict[str, dict] = {}
        self.runs: dict[str, dict] = {}
        self.calls: list[str] = []

    # Arranging -------------------------------------------------------------------------------------------
    def add_model(self, name, *, description="", tags=None, aliases=None):
        self.models[name] = {"description": description, "tags": dict(tags or {}),
                             "aliases": dict(aliases or {}), "versions": {}}  # fmt: skip

    def add_version(self, name, version, *, run_id="", source="s3://m", tags=None, metrics=None, params=None,
                    status="FINISHED"):  # fmt: skip
        self.models[name]["versions"][str(version)] = {"run_id": run_id, "source": source,
                                                       "tags": dict(tags or {})}  # fmt: skip
        if run_id and metrics is not None:
            self.runs[run_id] = {"metrics": dict(metrics), "params": dict(params or {}), "status": status}

    # MlflowClient's interface ----------------------------------------------------------------------------
    def _page(self, items, page_token):
        start = int(page_token or 0)
        end = start + self.page_size
        return Page(items[start:end], str(end) if end < len(items) else None)

    def search_registered_models(self, max_results=100, page_token=None):
        self.calls.append("search_registered_models")
        items = [
            SimpleNamespace(name=n, description=m["description"], tags=m["tags"], aliases=m["aliases"])
            for n, m in sorted(self.models.items())
        ]
        return self._page(items, page_token)

    def search_model_versions(self, max_results=100, page_token=None, filter_string=None):
        self.calls.append("search_model_versions")
        items = [
            SimpleNamespace(
                name=n,
                version=v,
                description="",
                source=d["source"],
                run_id=d["run_id"],
                tags=d["tags"],
                creation_timestamp=1_700_000_000_000,
            )
            for n, m in sorted(self.models.items())
            for v, d in m["versions"].items()
        ]
        return self._page(items, page_token)

    def search_experiments(self, max_results=1000, page_token=None):
        self.calls.append("search_experiments")
        return Page([SimpleNamespace(experiment_id="0")])

    def search_runs(self, experiment_ids, filter_string, max_results, page_token=None):
        self.calls.append("search_runs")
        wanted = re.findall(r"'([^']*)'", filter_string)
        runs = [
            SimpleNamespace(
                info=SimpleNamespace(run_id=r, status=self.runs[r].get("status", "FINISHED")),
                data=SimpleNamespace(metrics=self.runs[r]["metrics"], params=self.runs[r]["params"]),
            )
            for r in wanted
            if r in self.runs
        ]
        return Page(runs)

    def set_model_version_tag(self, name, version, key, value):
        self.calls.append("set_model_version_tag")
        self.models[name]["versions"][str(version)]["tags"][key] = value
