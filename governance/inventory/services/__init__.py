"""Writes to the inventory. Each service checks the actor's right, validates, writes atomically and leaves a
history record naming the actor, so the web UI, the API and tasks all obey the same rules.
"""

from .data import (
    consent_record,
    consent_withdraw,
    data_source_create,
    data_source_update,
    data_use_add,
)
from .metrics import evaluation_record, snapshot_record
from .registry import (
    model_register,
    model_transfer_ownership,
    model_update,
    version_get_or_register,
    version_register,
    version_update,
)
from .retries import consent_get_or_record, data_use_get_or_add
from .tags import (
    alias_remove,
    alias_set,
    model_tag_remove,
    model_tag_set,
    version_tag_remove,
    version_tag_set,
)

__all__ = [
    "alias_remove",
    "alias_set",
    "consent_get_or_record",
    "consent_record",
    "consent_withdraw",
    "data_source_create",
    "data_source_update",
    "data_use_add",
    "data_use_get_or_add",
    "evaluation_record",
    "model_register",
    "model_tag_remove",
    "model_tag_set",
    "model_transfer_ownership",
    "model_update",
    "snapshot_record",
    "version_get_or_register",
    "version_register",
    "version_tag_remove",
    "version_tag_set",
    "version_update",
]
