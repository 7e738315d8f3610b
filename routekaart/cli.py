"""The ``routekaart`` command for staff: check content, write schemas, run the site."""

from __future__ import annotations

import logging
import sys
from datetime import date, timedelta
from pathlib import Path

import click

from routekaart.content import loader as content_module
from routekaart.content import marks as marks_module
from routekaart.content import schema as schema_module
from routekaart.content import sourcing, translating
from routekaart.content.lint import lint
from routekaart.content.model import LANGUAGES
from routekaart.ops import translations as catalogs
from routekaart.web import poster as poster_module
from routekaart.web import printing


def check(folder: Path, today: date | None = None) -> tuple[int, list[str]]:
    """Check a content folder; the exit code (0 clean, 1 errors) and the message lines.

    What the site would refuse (the loader's errors) and the advice for writers (``lint``:
    plain Dutch, the glossary) come out as one sorted list."""
    loaded, messages = content_module.load(folder, today=today)
    refused = any(m.severity == "error" for m in messages)
    messages = sorted(
        [*messages, *lint(folder, loaded.documents if loaded else None)],
        key=lambda m: (m.position.file, m.position.line, m.position.column, m.text),
    )
    errors = sum(m.severity == "error" for m in messages)
    warnings = len(messages) - errors
    lines = [str(m) for m in messages]
    if loaded is not None:
        lines.extend(language_lines(loaded))
        errors += sum(line.startswith("error: ") for line in lines)
    if loaded is not None:
        # What the site serves once it publishes this folder (header X-Content-Version).
        lines.append(f"content version {loaded.version}")
    if refused:
        lines.append(
            f"{errors} error(s), {warnings} warning(s): the site keeps the last good content"
        )
    elif errors:
        lines.append(f"{errors} error(s), {warnings} warning(s): fix them (the site serves it)")
    else:
        lines.append(f"content is valid ({warnings} warning(s))")
    return (1 if errors else 0), lines


def language_lines(loaded) -> list[str]:
    """How complete each language is: content texts and interface catalog, in per cent. A live
    language whose catalog is incomplete is an error (its pages would show English)."""
    from routekaart.content import checks, languages

    langs = languages.LANGUAGES
    counts = checks.text_counts([loaded.settings, loaded.directory, loaded.routekaart,
                                 loaded.extra], langs)  # fmt: skip
    lines = []
    for code in langs.configured:
        lang = langs.get(code)
        done, total = counts[code]
        cat_done, cat_total = catalogs.completeness(code)
        state = "live" if lang.live else "not live"
        line = (
            f"language {code} ({lang.english_name}, {lang.name}): content texts "
            f"{checks.percent(done, total)} ({done} of {total}), interface "
            f"{checks.percent(cat_done, cat_total)} ({cat_done} of {cat_total}), {state}"
        )
        if lang.live and cat_done < cat_total:
            line = f"error: {line}: translate the catalog (routekaart translations check)"
        lines.append(line)
    return lines


def _how_to_reach(org) -> str:
    """Whom staff call about a desk's facts: phone first, else what the desk does have."""
    ways = [
        f"{label} {value}"
        for label, value in (
            ("call", org.phone),
            ("e-mail", org.email),
            ("WhatsApp", org.whatsapp),
            ("website", org.website),
        )
        if value
    ]
    if not ways:
        return "no phone number or e-mail known: ask at the desk during its opening hours"
    if org.phone is None:
        ways.insert(0, "no phone number known")
    return ", or ".join(ways)


def call_list(
    folder: Path, today: date | None = None, reports: dict[str, list] | None = None
) -> tuple[int, list[str]]:
    """The facts and team statements staff must still confirm, per desk, with how to reach
    it; exit code as check. ``reports``: per desk, (fact, last day reported) of the
    "Klopt er iets niet?" reports (:func:`desk_reports`); those after the desk's last
    confirmation put it on the list with the kinds of fact reported."""
    reports = reports or {}
    loaded, messages = content_module.load(folder, today=today)
    if loaded is None:
        return 1, [str(m) for m in messages if m.severity == "error"]
    doc = loaded.documents["organisations.yaml"]
    rk_doc = loaded.documents["routekaart.yaml"]
    lines: list[str] = []
    count = desks = 0
    for org_id, org in loaded.organisations.items():
        questions = sourcing.open_questions(org_id, loaded.directory, loaded.settings)
        statements = sourcing.statements_of(org_id, loaded.routekaart)
        confirmed = sourcing.last_confirmed(loaded.directory, org_id)
        reported = sorted(
            {
                fact
                for fact, latest in reports.get(org_id, ())
                if not confirmed or latest > confirmed
            }
        )
        if not questions and not statements and not reported:
            continue
        desks += 1
        lines.append(f"{org.name} ({org_id}): {_how_to_reach(org)}")
        if reported:
            count += 1
            since = f"since {confirmed}" if confirmed else "(never confirmed)"
            lines.append(
                f"  - reported wrong by residents or partners {since}: {', '.join(reported)}"
                " (routekaart usage --feedback)"
            )
        for fact, question in questions:
            count += 1
            loc = fact.loc if fact.ref_loc is None else fact.ref_loc
            if fact.reference is not None and fact.reference.to_confirm is not None:
                loc = (*loc, *fact.reference.question_loc())
            where = doc.position(loc)
            lines.append(f"  - {where.file}:{where.line}: {fact.label}: {question}")
        for statement in statements:
            count += 1
            where = rk_doc.position(statement.loc)
            lines.append(
                f'  - {where.file}:{where.line}: result "{statement.node_id}" says '
                f'"{statement.why}": {statement.question}'
            )
    lines.append(f"{count} fact(s) and statement(s) to confirm at {desks} desk(s)")
    return 0, lines


# How far back the call list looks for reports of a wrong fact.
REPORT_WEEKS = 8


def desk_reports(today: date | None) -> dict[str, list] | None:
    """Per desk, (fact, last day) of the reports of the last ``REPORT_WEEKS`` weeks, from the
    configured counts database (``ROUTEKAART_DATABASE_URL``, else the instance SQLite file if
    it exists: the call list never creates a database); None when it cannot be read."""
    from datetime import timedelta

    from sqlalchemy.exc import SQLAlchemyError

    from routekaart import create_app
    from routekaart.domain import clock
    from routekaart.ops.db import database_url, get_engine
    from routekaart.ops.usage import read_reports

    app = create_app({"COUNT_USAGE": False})
    url = database_url(app)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return {}
    today = today or clock.now(app.config["FIXED_NOW"]).date()
    try:
        with get_engine(app).connect() as conn:
            found = read_reports(conn, today - timedelta(weeks=REPORT_WEEKS), today)
    except SQLAlchemyError:
        return None
    desks: dict[str, list] = {}
    for (org_id, fact), (_, latest) in found.items():
        desks.setdefault(org_id, []).append((fact, latest))
    return desks


# The content folder option shared by the commands that run the site.
content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=content_module.BUNDLED,
    show_default=True,
    help="The content folder.",
)


@click.group()
def main() -> None:
    """Routekaart Geldzorgen: tools for the programme team."""


@main.command("check")
@click.argument(
    "folder",
    required=False,
    type=click.Path(path_type=Path, file_okay=False),
    default=content_module.BUNDLED,
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Check as if it were this date (YYYY-MM-DD).",
)
@click.option(
    "--to-confirm",
    "to_confirm",
    is_flag=True,
    help="Print the call list: per desk, how to reach it and which facts to confirm.",
)
def check_command(folder: Path, today, to_confirm: bool) -> None:
    """Check the content in FOLDER (default: the bundled content/)."""
    day = today.date() if today else None
    if to_confirm:
        reports = desk_reports(day)
        code, lines = call_list(folder, day, reports)
        if reports is None:
            lines.insert(
                -1, "(reports of wrong facts left out: the counts database cannot be read)"
            )
    else:
        code, lines = check(folder, day)
    for line in lines:
        click.echo(line, err=code != 0 and line is not lines[-1])
    sys.exit(code)


@main.command("schema")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=schema_module.SCHEMA_DIR,
    show_default=True,
)
def schema_command(out: Path) -> None:
    """Write the JSON Schemas that editors use to check content while you type."""
    for path in schema_module.write(out):
        click.echo(f"wrote {path}")


@main.command("serve")
@click.option(
    "--bind",
    envvar="ROUTEKAART_BIND",
    help="Address to listen on as HOST:PORT (or unix:PATH); overrides --host and --port.",
)
@click.option("--host", envvar="ROUTEKAART_HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="ROUTEKAART_PORT", default=5000, show_default=True, type=int)
@click.option(
    "--workers",
    envvar="ROUTEKAART_WORKERS",
    type=click.IntRange(min=1),
    help="Gunicorn worker processes (default: 2 x CPUs + 1).",
)
@click.option(
    "--dev",
    is_flag=True,
    help="Flask's development server with the reloader, for staff editing content or code.",
)
@click.option(
    "--public",
    is_flag=True,
    envvar="ROUTEKAART_PUBLIC_BIND",
    help="Listen on an address other machines reach (only behind the nginx front).",
)
@content_option
def serve_command(
    bind: str | None,
    host: str,
    port: int,
    workers: int | None,
    dev: bool,
    public: bool,
    content_dir: Path,
) -> None:
    """Run the site under gunicorn; content changes are picked up on the next request."""
    config = {"CONTENT_DIR": str(content_dir)}
    if dev:
        _serve_dev(host, port, config)
        return
    from routekaart import create_app
    from routekaart.ops import server

    address = bind or f"{host}:{port}"
    if not public and not server.is_loopback(address):
        click.echo(
            f"Not listening on {address}: gunicorn's workers are meant to sit behind the nginx "
            "front (deploy/nginx/), which reads whole requests first; slow clients straight at "
            "gunicorn can hold every worker. Listen on 127.0.0.1, or add --public when the "
            "front on another machine is the only way in (README, 'Straight at gunicorn').",
            err=True,
        )
        sys.exit(2)
    problem = catalogs.refusal() or server.bind_problem(address)
    if problem:  # one line that says what is wrong and what to do, and no retrying
        click.echo(problem, err=True)
        sys.exit(1)
    shown = address if address.startswith("unix:") else f"http://{address}/"
    click.echo(f"Routekaart Geldzorgen on {shown} (content: {content_dir})")
    server.serve(create_app, address, workers, config)


@main.command("front-pages")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@content_option
def front_pages_command(folder: Path, content_dir: Path) -> None:
    """Write the error pages nginx shows from disk when the app cannot answer into FOLDER
    (deploy/nginx/nginx.conf reads /srv/routekaart/front-pages). Run it at every deploy."""
    from routekaart import create_app
    from routekaart.web.front import write_pages

    logging.getLogger("routekaart").setLevel(logging.ERROR)  # the content's warnings: `check`
    for path in write_pages(create_app({"CONTENT_DIR": str(content_dir)}), folder):
        click.echo(f"wrote {path}")


def _serve_dev(host: str, port: int, config: dict) -> None:
    """Flask's development server with the reloader (never for the live site)."""
    from routekaart import create_app

    # Content messages and the access log (no addresses, no query strings) on the console.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app(config)
    click.echo(f"Routekaart Geldzorgen (development) on http://{host}:{port}/")
    app.run(host=host, port=port, debug=False, use_reloader=True, threaded=True)


def explain_match(folder: Path, text: str, lang: str) -> list[str]:
    """What the text box would suggest for ``text``: scores and the words that counted."""
    from routekaart.domain import matcher

    loaded, messages = content_module.load(folder)
    if loaded is None:
        return [str(m) for m in messages if m.severity == "error"]
    suggestions = matcher.match(loaded.tree, text, lang)
    if not suggestions:
        return ['nothing fits: the text box shows the three branches and "Iets anders" again']
    lines = []
    for s in suggestions:
        age = f", age {s.age}" if s.age is not None else ""
        lines.append(f"{s.score:.2f}  {s.path}  ({s.urgency}{age})  {s.title(lang)}")
        for c in s.counted:
            via = "" if c.word == c.feature else f" -> {c.feature}"
            lines.append(f"        {c.word}{via}  {c.how}  {c.weight:.2f}")
        if s.phrase_words:
            lines.append(f"        a phrase of {s.phrase_words} word(s) met in full  +bonus")
    if matcher.clearly_urgent(suggestions):
        lines.append("the first is clearly best and urgent: the page says so first")
    return lines


@main.command("match")
@click.argument("text")
@click.option("--lang", type=click.Choice(LANGUAGES), default="nl", show_default=True)
@content_option
def match_command(text: str, lang: str, content_dir: Path) -> None:
    """Show which situations the text box suggests for TEXT, with scores and the words."""
    for line in explain_match(content_dir, text, lang):
        click.echo(line)


@main.group("translations")
def translations_group() -> None:
    """Work on the interface translations (gettext catalogs in translations/)."""


@translations_group.command("extract")
def translations_extract() -> None:
    """Collect new interface strings and merge them into every catalog."""
    catalogs.extract()
    catalogs.update()
    click.echo("updated translations/*/LC_MESSAGES/messages.po; translate the empty entries")


@translations_group.command("compile")
def translations_compile() -> None:
    """Compile the catalogs (.po to .mo); done by the setup script."""
    try:
        written = catalogs.compile_all()
    except catalogs.CatalogError as exc:
        click.echo(f"not compiled: {exc}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"compiled {path.relative_to(catalogs.ROOT)}")


@translations_group.command("check")
def translations_check() -> None:
    """Fail when any interface string is untranslated or fuzzy in any language."""
    found = catalogs.problems()
    for line in found:
        click.echo(line, err=True)
    if found:
        sys.exit(1)
    click.echo("every catalog is complete")


def _target(value: str, folder: Path) -> marks_module.Target:
    """A ``FILE`` or ``FILE:LINE`` argument of ``translations mark``: FILE as given, as
    `routekaart check` names it, or inside the content folder (the first inside it)."""
    name, _, line = value.rpartition(":")
    if not line.isdigit():
        name, line = value, ""
    inside = Path(folder).resolve()
    path = Path(name)
    for candidate in (Path(name), Path(folder).parent / name, Path(folder) / name):
        if candidate.is_file() and inside in candidate.resolve().parents:
            path = candidate
            break
    return marks_module.Target(path, int(line) if line else None)


@translations_group.command("mark")
@click.argument("places", nargs=-1, metavar="[FILE:LINE]...")
@click.option("--all", "everything", is_flag=True, help="Mark every translation.")
@click.option(
    "--lang",
    "langs",
    multiple=True,
    type=click.Choice(marks_module.TRANSLATED),
    help="Only this language (may be given more than once; default: all).",
)
@content_option
def translations_mark(places, everything: bool, langs, content_dir: Path) -> None:
    """Mark content translations as up to date with their current Dutch text.

    Give FILE:LINE as `routekaart check` printed it (the translation on that line, or every
    translation of the text that line is in), a FILE (all its texts), or --all. Run it only
    after checking the translation against the Dutch."""
    if bool(places) == everything:
        raise click.UsageError("give FILE:LINE (one or more) or --all")
    targets = [_target(place, content_dir) for place in places]
    if everything:
        targets = [marks_module.Target(Path(p)) for p in content_module.yaml_files(content_dir)]
    report, problems = marks_module.mark(
        content_dir, targets, tuple(langs) or marks_module.TRANSLATED
    )
    for line in report:
        click.echo(line)
    for line in problems:
        click.echo(line, err=True)
    if not report and not problems:
        click.echo("every translation asked for was marked already")
    sys.exit(1 if problems else 0)


@translations_group.command("export")
@click.argument("lang", type=click.Choice(marks_module.TRANSLATED))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The PO file to write (default: content-LANG.po).",
)
@content_option
def translations_export(lang: str, output: Path | None, content_dir: Path) -> None:
    """Write every content text with its Dutch source into a PO file for translators
    (Poedit, Weblate); texts whose Dutch changed since they were marked are fuzzy."""
    output = output or Path(f"content-{lang}.po")
    output.write_bytes(translating.export(content_dir, lang))
    click.echo(f"wrote {output}; translate it, then: routekaart translations import {output}")


@translations_group.command("import")
@click.argument("po_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@content_option
def translations_import(po_file: Path, content_dir: Path) -> None:
    """Write the translations of a PO file (from `translations export`) into the content
    files, keeping everything else as it was, and mark them as up to date."""
    result = translating.import_po(content_dir, po_file.read_bytes())
    for line in result.written:
        click.echo(line)
    for line in [*result.skipped, *result.refused]:
        click.echo(line, err=True)
    if not result.written and not result.refused:
        click.echo("nothing to import: every translation was in the content already")
    if result.refused:
        click.echo(f"{len(result.refused)} entr(y/ies) not imported (see above)", err=True)
    code, lines = check(content_dir)
    if code:
        for line in lines:
            click.echo(line, err=True)
    sys.exit(1 if result.refused or code else 0)


ALLOW_LOCAL = click.option(
    "--allow-local-url",
    "allow_local",
    is_flag=True,
    help="Print even though PUBLIC_URL is a local address (for test prints only).",
)


@main.command("poster")
@click.option("--lang", type=click.Choice(LANGUAGES), default="nl", show_default=True)
@click.option("--size", type=click.Choice(poster_module.SIZES), default="a4", show_default=True)
@click.option("--source", help="Where the poster hangs: a tag from settings.sources (?bron=).")
@click.option("--at", help="Print the poster as it is on this day, e.g. 2027-01-04.")
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), help="Default: poster-LANG-SIZE.pdf"
)
@ALLOW_LOCAL
@content_option
def poster_command(
    lang: str,
    size: str,
    source: str | None,
    at: str | None,
    out: Path | None,
    allow_local: bool,
    content_dir: Path,
) -> None:
    """Write the routekaart poster as a print-ready PDF (needs Chromium and playwright)."""
    from routekaart import create_app

    out = out or Path(f"poster-{lang}-{size}.pdf")
    app = create_app({"CONTENT_DIR": str(content_dir)})
    _refuse_local(app, allow_local)
    try:
        printing.write_pdf(app, out, lang=lang, size=size, source=source, at=at)
    except printing.PosterError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(f"wrote {out} ({size.upper()}, {lang}); QR codes open {app.config['PUBLIC_URL']}")


def _refuse_local(app, allow: bool) -> None:
    """Printed codes must open the live site: refuse a local PUBLIC_URL unless allowed."""
    from routekaart.web.mount import public_url_is_local

    if not public_url_is_local(app):
        return
    public = app.config["PUBLIC_URL"]
    if allow:
        click.echo(f"warning: the codes open {public}, which only this network reaches", err=True)
        return
    click.echo(
        f"error: PUBLIC_URL is {public}, which residents' phones cannot open; set "
        "ROUTEKAART_PUBLIC_URL to the live address (e.g. https://www.sterkvoornoord.nl/geldzaken)"
        ", or add --allow-local-url for a test print",
        err=True,
    )
    sys.exit(1)


@main.command("qr")
@click.argument("target", metavar="URL-OR-PATH")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("qr.svg"),
    show_default=True,
    help="File name ending in .svg or .png.",
)
@click.option("--source", help="A tag from settings.sources (?bron=), for a path on this site.")
@ALLOW_LOCAL
@content_option
def qr_command(
    target: str, out: Path, source: str | None, allow_local: bool, content_dir: Path
) -> None:
    """Write a QR code image for a full URL or a page of this site (e.g. nl/direct/huis-uit)."""
    from routekaart import create_app

    # Content messages and the access log (no addresses, no query strings) on the console.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app({"CONTENT_DIR": str(content_dir)})
    if not target.startswith(("http://", "https://")):
        _refuse_local(app, allow_local)
    try:
        url = printing.write_qr(app, target, out, source)
    except printing.PosterError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(f"wrote {out}: {url}")


@main.group("db")
def db_group() -> None:
    """The counts database (ROUTEKAART_DATABASE_URL; default SQLite in the instance folder)."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Create the counts table, or bring it to the newest schema (the site does this too)."""
    from routekaart import create_app
    from routekaart.ops.db import database_url, make_engine, upgrade

    app = create_app()
    url = database_url(app)
    engine = make_engine(url, app.config.get("DATABASE_BUSY_TIMEOUT", 5))
    try:
        revision = upgrade(engine)
    finally:
        engine.dispose()
    click.echo(f"{engine.url.render_as_string(hide_password=True)} is at revision {revision}")


# --- reach figures (routekaart usage) ------------------------------------------------------------


def usage_export(app, first: date, last: date, lang: str, as_csv: bool) -> tuple[int, str]:
    """The reach figures of each calendar month from ``first`` to ``last``, each month on its
    own with small numbers hidden, as CSV or text; the exit code (1 when the database cannot be
    read, 2 when the range is not whole months) and the output.

    Never one sum over the range: two ranges that overlap, or a range and the months in it,
    would let a hidden figure be worked out by subtraction (issue 27)."""
    from routekaart.domain.reach import months_in, write_csv
    from routekaart.web import reach

    months = months_in(first, last)
    if months is None:
        return 2, (
            "error: give whole calendar months: --from the 1st of a month, --to the last day "
            "of a month (each month is exported on its own)"
        )
    out: list[str] = []
    with app.test_request_context(f"/{lang}/"):
        titles = reach.table_titles()
        for month in months:
            report = reach.report_for(month.first, month.last)
            if report is None:
                return 1, "error: the counts database cannot be read (see the log)"
            if as_csv:
                text = write_csv(report, month.first, month.last, titles)
                out.append(text if not out else text.partition("\n")[2])  # one header line
                continue
            lines = [
                f"Reach figures {month.first} to {month.last} (numbers under 10 read < 10; "
                "a line that cannot be shown safely reads 'not shown')"
            ]
            for table in report.tables.values():
                lines.append("")
                lines.append(titles[table.id])
                for row in table.rows:
                    extra = f"  (continued {row.extra.text})" if row.extra else ""
                    lines.append(f"  {row.cell.text:>7}  {row.label}{extra}")
                if table.total is not None:
                    lines.append(f"  {table.total.text:>7}  total")
            out.append("\n".join(lines))
    return 0, ("".join(out) if as_csv else "\n\n".join(out)).rstrip("\n")


def feedback_listing(app, today: date, weeks: int, as_csv: bool) -> tuple[int, str]:
    """Per desk, the reports of a wrong fact of the last ``weeks`` weeks, desks with a report
    since their facts were last confirmed first; small numbers read "< 10" (exit code, text)."""
    import csv
    import io

    from sqlalchemy.exc import SQLAlchemyError

    from routekaart.content.sourcing import last_confirmed
    from routekaart.domain.hiding import first_look
    from routekaart.ops.db import get_engine
    from routekaart.ops.store import current_content
    from routekaart.ops.usage import read_reports

    first = today - timedelta(weeks=weeks)
    try:
        with get_engine(app).connect() as conn:
            reports = read_reports(conn, first, today)
    except SQLAlchemyError:
        return 1, "error: the counts database cannot be read (see the log)"
    with app.app_context():
        content = current_content()
    desks: dict[str, list] = {}
    for (org_id, fact), (n, latest) in sorted(reports.items()):
        desks.setdefault(org_id, []).append((fact, n, latest))

    def since_confirmed(org_id: str) -> bool:
        confirmed = (
            last_confirmed(content.directory, org_id) if org_id in content.organisations else None
        )
        return any(confirmed is None or latest > confirmed for _, _, latest in desks[org_id])

    order = sorted(desks, key=lambda org_id: (not since_confirmed(org_id), org_id))
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["from", "to", "desk", "fact", "reports", "since_confirmed"])
        for org_id in order:
            for fact, n, _ in desks[org_id]:
                writer.writerow(
                    [first, today, org_id, fact, first_look(n).text, since_confirmed(org_id)]
                )
        return 0, out.getvalue().rstrip("\n")
    lines = [f"Reports of a wrong fact, {first} to {today} (numbers under 10 read < 10)"]
    if not order:
        lines.append("none")
    for org_id in order:
        name = content.organisations[org_id].name if org_id in content.organisations else org_id
        mark = "  (since its facts were last confirmed: call it)" if since_confirmed(org_id) else ""
        lines.append(f"{name} [{org_id}]{mark}")
        for fact, n, latest in desks[org_id]:
            lines.append(f"  {first_look(n).text:>7}  {fact} (last {latest})")
    return 0, "\n".join(lines)


def usage_roll_up(app, today: date) -> int:
    """Roll day counts older than ``USAGE_KEEP_DAYS`` up into months; the day rows removed."""
    from routekaart.ops.db import get_engine
    from routekaart.ops.usage import roll_up

    with get_engine(app).begin() as conn:
        return roll_up(conn, today, app.config["USAGE_KEEP_DAYS"])


@main.command("usage")
@click.option("--from", "first", type=click.DateTime(formats=["%Y-%m-%d"]), help="First day.")
@click.option("--to", "last", type=click.DateTime(formats=["%Y-%m-%d"]), help="Last day.")
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV (for the monitor) instead of text.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="nl", show_default=True)
@click.option(
    "--roll-up",
    "roll",
    is_flag=True,
    help="Roll day counts older than USAGE_KEEP_DAYS up into months (run daily).",
)
@click.option(
    "--feedback",
    "reports",
    is_flag=True,
    help="Per desk, the reports of a wrong fact of the last weeks (desks to call first).",
)
@click.option("--weeks", default=8, show_default=True, help="With --feedback: how many weeks.")
@content_option
def usage_command(
    first, last, as_csv: bool, lang: str, roll: bool, reports: bool, weeks: int, content_dir: Path
) -> None:
    """Reach figures per calendar month with small numbers hidden, or --roll-up of old day
    counts."""
    from routekaart import create_app
    from routekaart.domain import clock

    app = create_app({"CONTENT_DIR": str(content_dir)})
    if roll:
        today = clock.now(app.config["FIXED_NOW"]).date()
        removed = usage_roll_up(app, today)
        click.echo(
            f"rolled {removed} day row(s) older than {app.config['USAGE_KEEP_DAYS']} days "
            "up into months"
        )
        return
    if reports:
        today = clock.now(app.config["FIXED_NOW"]).date()
        code, output = feedback_listing(app, today, weeks, as_csv)
        click.echo(output, err=code != 0)
        sys.exit(code)
    if first is None or last is None or first > last:
        click.echo("error: give --from and --to (YYYY-MM-DD), --from not after --to", err=True)
        sys.exit(2)
    code, output = usage_export(app, first.date(), last.date(), lang, as_csv)
    click.echo(output, err=code != 0)
    sys.exit(code)
