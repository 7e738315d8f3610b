"""What keeps the app running: the published content version (``store``), the counts
database and its migrations, the daily counting, the reach figures' SQL, gunicorn
(``server``) and the translation catalogs.

May import: ``content`` and ``domain``, and Flask where a piece lives inside the app
(the store and the counter are app extensions). Never ``web`` or ``opendata``.
"""
