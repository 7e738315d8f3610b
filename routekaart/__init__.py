"""Routekaart Geldzorgen: where to go with money worries in Leidschendam-Noord."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Flask is imported in create_app, so the engine and checker stay Flask-free
    from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the web app; ``config`` overrides the defaults (e.g. ``CONTENT_DIR``)."""
    from routekaart.web.application import App

    app = App(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(
        CONTENT_DIR=str(ROOT / "content"),
        PUBLIC_URL="http://127.0.0.1:5000",
        # Where to report a security problem (security.txt). The programme's own page until
        # the team names a real address: we do not make one up.
        SECURITY_CONTACT="https://www.sterkvoornoord.nl/geldzaken",
        MAX_CONTENT_LENGTH=16 * 1024,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        # A local time like "2027-01-04T10:30" that stands in for the clock (tests, demos);
        # never set on a live site.
        FIXED_NOW=None,
        # The counts database (routekaart/ops/db.py); None: SQLite in the instance folder.
        DATABASE_URL=None,
    )
    app.config.from_prefixed_env("ROUTEKAART")
    if config:
        app.config.update(config)

    from routekaart.domain import clock

    clock.now(app.config["FIXED_NOW"])  # a malformed FIXED_NOW stops the start, loudly

    from routekaart.opendata import api as opendata
    from routekaart.opendata import ical
    from routekaart.ops import cache_visits, counting, store
    from routekaart.web import (
        assets,
        errors,
        feedback,
        finder,
        front,
        hours_views,
        i18n,
        monitor_views,
        mount,
        partners,
        pipeline,
        poster,
        security,
        sources_wording,
        takeaway,
        typesetting,
        usage_views,
    )

    # Extensions and services the views use.
    store.init_app(app)
    counting.init_app(app)
    cache_visits.init_app(app)  # visits the nginx front served from its cache
    # What runs before and after every view, in order: routekaart/web/pipeline.py.
    pipeline.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    typesetting.init_app(app)
    hours_views.init_app(app)
    sources_wording.init_app(app)
    # The pages.
    front.init_app(app)
    finder.init_app(app)
    takeaway.init_app(app)
    feedback.init_app(app)  # "Heeft dit geholpen?": POST on a result's own address
    poster.init_app(app)
    partners.init_app(app)
    monitor_views.init_app(app)
    usage_views.init_app(app)
    ical.init_app(app)
    opendata.init_app(app)
    # Last: it wraps the finished WSGI app when the site lives under a path.
    mount.init_app(app)
    return app
