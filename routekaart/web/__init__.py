"""The Flask side: the request pipeline (caching, security headers, languages, the mount
point, assets), and the pages residents, partners and the council see (finder, partners,
poster, monitor, reach figures, opening hours, the front's error pages).

May import: ``content``, ``domain`` and ``ops``. Never ``opendata``, which sits on top.
"""
