"""Syndication: delivering article versions to partner wire feeds."""
