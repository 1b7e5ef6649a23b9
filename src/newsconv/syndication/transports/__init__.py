"""Delivery transports, one module per kind."""
