"""Webhooks: an organisation's own systems told of events, signed, retried and logged."""
