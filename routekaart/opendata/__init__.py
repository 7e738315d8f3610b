"""Open data: the JSON API under ``/api/v1``, HSDS, JSON-LD for the organisation pages and
iCalendar downloads of opening hours.

May import: every layer below (``content``, ``domain``, ``ops``, ``web``'s plumbing). Nothing
imports it but the app factory.
"""
