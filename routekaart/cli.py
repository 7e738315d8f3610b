"""The ``routekaart`` command for staff: check content, write schemas, run the site."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from . import content as content_module
from . import schema as schema_module
from . import translations as catalogs


def check(folder: Path, today: date | None = None) -> tuple[int, list[str]]:
    """Check a content folder; the exit code (0 clean, 1 errors) and the message lines."""
    _, messages = content_module.load(folder, today=today)
    errors = sum(m.severity == "error" for m in messages)
    warnings = len(messages) - errors
    lines = [str(m) for m in messages]
    if errors:
        lines.append(
            f"{errors} error(s), {warnings} warning(s): the site keeps the last good content"
        )
    else:
        lines.append(f"content is valid ({warnings} warning(s))")
    return (1 if errors else 0), lines


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
def check_command(folder: Path, today) -> None:
    """Check the content in FOLDER (default: the bundled content/)."""
    code, lines = check(folder, today.date() if today else None)
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
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=content_module.BUNDLED,
    show_default=True,
)
def serve_command(host: str, port: int, content_dir: Path) -> None:
    """Run the site; content changes are picked up on the next request."""
    from . import create_app

    app = create_app({"CONTENT_DIR": str(content_dir)})
    click.echo(f"Routekaart Geldzorgen on http://{host}:{port}/ (content: {content_dir})")
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


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
    for path in catalogs.compile_all():
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
