"""JSON rendered by orjson: the models list's 100 rows render in C rather than through json.dumps (issue 24).
Anything orjson does not know (lazy translations, decimals) goes through DRF's own encoder, so the output
matches DRF's JSONRenderer."""

from __future__ import annotations

import orjson
from rest_framework import renderers
from rest_framework.utils import encoders

_encoder = encoders.JSONEncoder()


class OrjsonRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return orjson.dumps(data, default=_encoder.default)
