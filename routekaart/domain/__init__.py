"""The pure rules of the product: walking the routekaart (``engine``), opening hours and their
wording, the free-text matcher, the clock, QR codes and how Latin text is set in Arabic pages.

May import: ``content`` (the model it computes over). Never Flask, ``ops``, ``web`` or
``opendata``: everything here is a function of its arguments, testable with tables.
"""
