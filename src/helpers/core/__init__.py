"""helpers.core."""
