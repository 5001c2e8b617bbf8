"""One builder per report kind: pure functions from ids to PDF bytes (document.Rendered)."""
