"""django-simple-history's HistoricalRecords with names that follow the reader's language.

The library names a historical model format_lazy("historical {}", smart_str(verbose_name)): the tracked
model's name is read once, at import, and "historical" is never translated, so the admin and the history
pages showed "historical data source" in every language (issue 25). Its supported hook, get_meta_options,
gives the same English (so no migration and no new permission names) through gettext, read when shown.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext
from simple_history import models as simple_history


def historical_name(name: Any) -> str:
    # Translators: the name of a model's change history, e.g. "historical data source" (데이터 원천 이력).
    return gettext("historical %(name)s") % {"name": name}


historical_name_lazy = lazy(historical_name, str)


class HistoricalRecords(simple_history.HistoricalRecords):
    """Use instead of simple_history's: the same records, their model named in the active language."""

    def get_meta_options(self, model: Any) -> dict[str, Any]:
        options = super().get_meta_options(model)
        if not self.user_set_verbose_name:
            options["verbose_name"] = historical_name_lazy(model._meta.verbose_name)
        if not self.user_set_verbose_name_plural:
            options["verbose_name_plural"] = historical_name_lazy(model._meta.verbose_name_plural)
        return options
