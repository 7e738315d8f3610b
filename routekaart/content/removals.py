"""What a content change removes, named for the log.

A file that is saved half-way (an editor writing in steps, an interrupted upload) can still be
valid YAML and pass every check: ``routekaart.yaml`` cut after a result's second organisation
simply has two organisations there, ``settings.yaml`` cut in its holiday list has fewer closed
holidays. What gives it away is that things disappear. The live reload in
:mod:`routekaart.ops.store` compares a new version with the last good one by these inventories and
holds back a version that removes something until its files have stayed unchanged for a while.
``routekaart check`` is not affected: it checks what is on disk.

This module knows nothing of Flask.
"""

from __future__ import annotations

from routekaart.content.loader import Content

# How many removed items one log line names; the rest are counted.
SHOWN = 12

# Each item of an inventory, in words, with the item it belongs to (None at the top).
Inventory = dict[str, str | None]


def inventory(content: Content) -> Inventory:
    """The things of ``content`` whose disappearance is suspect, in file order."""
    items: Inventory = {}
    directory = content.directory
    items.update((f'location "{loc_id}"', None) for loc_id in directory.locations)
    for org_id, org in directory.organisations.items():
        name = f'organisation "{org_id}"'
        items[name] = None
        # By number: a changed line is not a removal, a shorter list is.
        items.update((f"weekly hours line {i} of {name}", name) for i in _count(org.hours))
        items.update((f"exception {i} of {name}", name) for i in _count(org.exceptions))
    for node_id, node in content.routekaart.nodes.items():
        # The answers (question, slug) together make every route; a result ends one.
        items.update(
            (f'answer "{option.slug}" of question "{node_id}"', None)
            for option in node.options or ()
        )
        if node.result is not None:
            name = f'result "{node_id}"'
            items[name] = None
            items.update(
                (f'"{rec.organisation}" in {name}', name) for rec in node.result.organisations
            )
    items.update((f'closed holiday "{h}"', None) for h in content.settings.closed_on_holidays)
    _monitor_inventory(content, items)
    return items


def _count(things: list) -> range:
    return range(1, len(things) + 1)


def _monitor_inventory(content: Content, items: Inventory) -> None:
    monitor = content.extra.get("monitor")
    if monitor is None:
        return
    top = "the programme monitor"
    items[top] = None
    programme = monitor.programme
    items.update((f'monitor indicator "{i}"', top) for i in programme.indicators)
    for theme_id, theme in programme.themes.items():
        name = f'monitor theme "{theme_id}"'
        items[name] = top
        items.update((f'goal "{goal.id}" of {name}', name) for goal in theme.goals)
    for edition in monitor.editions:
        name = f'monitor edition "{edition.edition.id}"'
        items[name] = top
        for theme_id, report in edition.themes.items():
            items[f'theme "{theme_id}" of {name}'] = name
            items.update((f'action "{a.id}" of {name}', name) for a in report.actions)
        items.update((f"figure {i} of {name}", name) for i in _count(edition.figures))
        items.update(
            (f"attention point {i} of {name}", name) for i in _count(edition.attention_points)
        )


def removed(old: Content, new: Content) -> list[str]:
    """What ``old`` has and ``new`` no longer has, in the order of ``old``; empty if nothing.

    A part of something that went as a whole is not named again (an organisation, not also
    its hours)."""
    kept = inventory(new)
    return [
        item
        for item, whole in inventory(old).items()
        if item not in kept and (whole is None or whole in kept)
    ]


def describe(items: list[str]) -> str:
    """The removed items as one phrase for the log, the first few by name."""
    shown = ", ".join(items[:SHOWN])
    more = len(items) - SHOWN
    return shown + (f" and {more} more" if more > 0 else "")
