"""helpers.text."""
