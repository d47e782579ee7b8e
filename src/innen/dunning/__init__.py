"""Dunning decisions: which step of a ladder is due for which invoice on a given day.

A pure package (no Django): `policy` holds the ladder, `days` the day counting, `defaults`
the ladders innen ships, `checks` the legal refusals, `planner` the decisions, `grouping`
the day's messages (one per customer) and `explain` their reasons in words. "Today" is always
passed in, so any day can be replayed.
"""

from innen.dunning import checks, defaults, grouping, planner, policy

__all__ = ["checks", "defaults", "grouping", "planner", "policy"]
