"""What the bulk data builders share (seed_scale's steps in each app): the batch size of their bulk inserts
and a weighted pick. Here, below the apps, so that no app's builder imports another app's builder."""

from __future__ import annotations

import random

BATCH_SIZE = 2000


def pick(rng: random.Random, mix: dict):
    return rng.choices(tuple(mix), weights=tuple(mix.values()))[0]
