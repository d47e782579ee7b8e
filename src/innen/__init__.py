"""innen: credit management for Dutch businesses."""
