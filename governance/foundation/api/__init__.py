"""The REST plumbing every app's API shares: error bodies, pagination, schema hooks."""
