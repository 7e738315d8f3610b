"""Open data for other systems: the routes as JSON, and an Open Referral HSDS 3.0 export.

``GET /api/v1/routes`` lists every situation of the routekaart with its answer path and the
organisations it sends people to, in order. ``GET /api/v1/hsds/…`` serves the organisations in
the shape of the Human Services Data Specification 3.0 API (``/organizations``,
``/services`` and their ``/{id}``), so a municipal social map can import them.
``GET /api/v1/organisations`` gives every organisation's opening status at a moment.
``POST /api/v1/match`` answers the situations that fit a resident's own words (the same
matcher as the conversation's text box). All are documented in ``openapi.yaml``, served at
``/api/v1/openapi.yaml``.

The documents are built by plain functions over the content model (:mod:`.documents`, the
HSDS mapping :mod:`.hsds`, the organisation page's schema.org JSON-LD :mod:`.jsonld`); the
views here add the moment (``g.now``, which honours ``?at=``) and absolute URLs on
``PUBLIC_URL``. The calendar download is :mod:`routekaart.opendata.ical`.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    g,
    jsonify,
    request,
    send_file,
)

from routekaart import ROOT
from routekaart.domain import hours
from routekaart.opendata.documents import (
    MAX_MATCH_TEXT,
    iso,
    match_document,
    organisation_json,
    routes_document,
    sources_json,
)
from routekaart.opendata.hsds import (
    HSDS_PROFILE,
    HSDS_VERSION,
    Url,
    hsds_id,
    hsds_organization,
    hsds_service,
    page,
)
from routekaart.opendata.jsonld import organisation_jsonld
from routekaart.ops.store import current_content
from routekaart.web import caching
from routekaart.web.i18n import LANGUAGES
from routekaart.web.mount import public_link

bp = Blueprint("opendata", __name__, url_prefix="/api/v1")


DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


# --- /api/v1/routes ----------------------------------------------------------------------------


# --- HSDS 3.0 ------------------------------------------------------------------------------------


# --- /api/v1/organisations: the opening status at a moment --------------------------------------


# --- schema.org JSON-LD (in the organisation page) ------------------------------------------------


# --- views -------------------------------------------------------------------------------------


def _bad_request(message: str) -> Response:
    response = jsonify(error=message, status=400)
    response.status_code = 400
    response.headers["Cache-Control"] = "no-store"
    return response


def _query() -> tuple[str, int, int] | Response:
    """``lang``, ``page`` and ``per_page`` from the query string, or a 400 JSON response."""
    lang = request.args.get("lang", "nl")
    if lang not in LANGUAGES:
        return _bad_request("unknown 'lang': use nl, en or ar")
    try:
        number = int(request.args.get("page", "1"))
        per_page = int(request.args.get("per_page", str(DEFAULT_PER_PAGE)))
    except ValueError:
        return _bad_request("'page' and 'per_page' must be whole numbers")
    if number < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        return _bad_request(f"'page' must be 1 or more, 'per_page' from 1 to {MAX_PER_PAGE}")
    return lang, number, per_page


def _organisation_url(lang: str) -> Url:
    return lambda org_id: public_link("web.organisation", lang=lang, org_id=org_id)


def _find(content, record_id: str, kind: str) -> str | None:
    """Our organisation id for an HSDS id (or for our own slug)."""
    for org_id in content.organisations:
        if record_id in (org_id, hsds_id(kind, org_id)):
            return org_id
    return None


@bp.get("/routes")
def routes() -> Response:
    """Every situation with its path and organisations, as JSON."""

    def finder_url(lang: str, path: str) -> str:
        return public_link("web.finder", lang=lang, path=path)

    return jsonify(routes_document(current_content(), g.now.date(), finder_url))


@bp.get("/hsds/")
def hsds_root() -> Response:
    """HSDS API meta information."""
    return jsonify(
        version=HSDS_VERSION,
        profile=HSDS_PROFILE,
        openapi_url=public_link("opendata.openapi"),
    )


def _hsds_list(build) -> Response:
    """Every organisation built as an HSDS record by ``build``, one page at a time."""
    query = _query()
    if isinstance(query, Response):
        return query
    lang, number, per_page = query
    content = current_content()
    url = _organisation_url(lang)
    records = [build(content, org_id, lang, g.now.date(), url) for org_id in content.organisations]
    return jsonify(page(records, number, per_page))


def _hsds_one(build, kind: str, record_id: str) -> Response:
    """The one HSDS record of ``kind`` with ``record_id``, built by ``build``; 404 if none."""
    query = _query()
    if isinstance(query, Response):
        return query
    content = current_content()
    org_id = _find(content, record_id, kind)
    if org_id is None:
        abort(404)
    lang = query[0]
    return jsonify(build(content, org_id, lang, g.now.date(), _organisation_url(lang)))


@bp.get("/hsds/organizations")
def hsds_organizations() -> Response:
    """All organisations as fully nested HSDS organizations, one page at a time."""
    return _hsds_list(hsds_organization)


@bp.get("/hsds/organizations/<record_id>")
def hsds_organization_by_id(record_id: str) -> Response:
    """One fully nested HSDS organization."""
    return _hsds_one(hsds_organization, "organization", record_id)


@bp.get("/hsds/services")
def hsds_services() -> Response:
    """All services, fully nested, one page at a time."""
    return _hsds_list(hsds_service)


@bp.get("/hsds/services/<record_id>")
def hsds_service_by_id(record_id: str) -> Response:
    """One fully nested HSDS service."""
    return _hsds_one(hsds_service, "service", record_id)


@bp.get("/organisations")
def organisations() -> Response:
    """Every organisation with its opening status at ``?at=`` (local time) or now."""
    content = current_content()
    items = []
    for org_id, org in content.organisations.items():
        status = hours.status(org, content.settings, g.now)
        caching.right_until(hours.next_change(status))
        items.append(
            organisation_json(org_id, org, status, content.locations, sources_json(content, org_id))
        )
    return jsonify(at=iso(g.now), timezone="Europe/Amsterdam", organisations=items)


@bp.post("/match")
def match() -> Response:
    """The situations that fit ``{"text": …, "lang": …}``, best first, at most three.

    The text is private: it is read from the body only, never logged or kept, and the answer
    is not cached anywhere.
    """
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # "[[[[…": nested deeper than Python's parser goes
        return _bad_request('the JSON is nested too deeply: send {"text": "...", "lang": "nl"}')
    if not isinstance(body, dict):
        return _bad_request('send a JSON object like {"text": "...", "lang": "nl"}')
    text, lang = body.get("text"), body.get("lang", "nl")
    if not isinstance(text, str):
        return _bad_request("'text' must be a string")
    if len(text) > MAX_MATCH_TEXT:
        return _bad_request(f"'text' is too long: at most {MAX_MATCH_TEXT} characters")
    if lang not in LANGUAGES:
        return _bad_request("unknown 'lang': use nl, en or ar")
    unknown = sorted(set(body) - {"text", "lang"})
    if unknown:
        return _bad_request(f"unknown field(s): {', '.join(map(str, unknown))}")
    response = jsonify(match_document(current_content(), text, lang))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/openapi.yaml")
def openapi() -> Response:
    """The OpenAPI description of this API."""
    return send_file(ROOT / "openapi.yaml", mimetype="application/yaml", max_age=3600)


@bp.after_request
def allow_other_sites(response: Response) -> Response:
    """Let partners' own web pages call the API from the browser (CORS).

    The API holds public facts and takes no cookies or credentials, so any origin may read
    it; a browser's preflight for ``POST /match`` with a JSON body is answered here too.
    """
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def init_app(app: Flask) -> None:
    """Register the open data API, and the JSON-LD that organisation pages embed."""
    app.register_blueprint(bp)
    app.jinja_env.globals["organisation_jsonld"] = organisation_jsonld
