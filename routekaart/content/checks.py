"""Cross-checks between content files: the checks a single file's model cannot do.

References (an hour's location, a result's organisation, an option's next question), routes
that go round in a circle or are too long, questions nobody can reach, results left without an
active organisation (now or within six weeks: warnings, as a date passing must never
make valid content invalid), overlapping hours, and facts that were not checked for too long. Each
check yields :class:`~routekaart.content.messages.Message` values; :func:`cross_check` runs
them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from routekaart.content import ages, languages, model, sourcing
from routekaart.content.messages import LANGUAGE_NAMES, Message, did_you_mean
from routekaart.content.tree import MAX_DEPTH, Tree
from routekaart.content.yamlsource import Document, Loc

# Page names used in the site's URLs right after the language (/nl/partners). An answer slug
# equal to one of these would be shadowed by that page (or shadow it), so the checker refuses
# them everywhere in the routekaart.
RESERVED_SLUGS = frozenset(
    {"partners", "monitor", "poster", "toegankelijkheid", "organisatie", "api", "static", "privacy"}
)

# How long before the last desk of a result ends the checker starts to warn (six weeks).
ENDING_WARN_DAYS = 42
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def cross_check(
    settings: model.Settings,
    directory: model.Directory,
    rk: model.Routekaart,
    documents: dict[str, Document],
    today: date,
) -> Iterator[Message]:
    """Every check between the three validated files, as of ``today``."""
    yield from check_directory(directory, documents["organisations.yaml"])
    yield from check_routekaart(rk, documents["routekaart.yaml"], directory, today)
    yield from check_staleness(directory, settings, documents["organisations.yaml"], today)
    yield from check_sources(directory, settings, documents["organisations.yaml"])
    yield from check_reasons(rk, documents["routekaart.yaml"])
    yield from check_statements(rk, directory, documents["routekaart.yaml"])
    yield from check_other_help(rk, directory, documents["routekaart.yaml"])
    yield from check_ages(directory, rk, documents)
    yield from check_safe_advice(rk, directory, documents)


def check_directory(directory: model.Directory, doc: Document) -> Iterator[Message]:
    """Unknown locations, overlapping hours and organisations without any hours."""
    for org_id, org in directory.organisations.items():
        base = ("organisations", org_id)
        for i, slot in enumerate(org.hours):
            if slot.location is not None and slot.location not in directory.locations:
                yield Message(
                    doc.position((*base, "hours", i, "location")),
                    "error",
                    f'unknown location "{slot.location}"'
                    + did_you_mean(slot.location, directory.locations),
                )
        for i, closure in enumerate(org.exceptions):
            for j, hours in enumerate(closure.hours):
                if hours.location is not None and hours.location not in directory.locations:
                    yield Message(
                        doc.position((*base, "exceptions", i, "hours", j, "location")),
                        "error",
                        f'unknown location "{hours.location}"'
                        + did_you_mean(hours.location, directory.locations),
                    )
        yield from _check_overlaps(org, doc, base)
        if not org.hours and org.hours_note is None:
            yield Message(
                doc.position(base, key=True),
                "error",
                f'"{org_id}" has no weekly hours; add "hours" or a "hours_note" that says so',
            )


def _periods_meet(a: model.Period, b: model.Period) -> bool:
    starts = [d for d in (a.valid_from, b.valid_from) if d]
    ends = [d for d in (a.valid_until, b.valid_until) if d]
    return not (starts and ends and max(starts) > min(ends))


def _check_overlaps(org: model.Organisation, doc: Document, base: Loc) -> Iterator[Message]:
    for i, a in enumerate(org.hours):
        for j in range(i):
            b = org.hours[j]
            shared = [d for d in a.days if d in b.days]
            if (
                shared
                and a.location == b.location
                and a.opens < b.closes
                and b.opens < a.closes
                and _periods_meet(a, b)
            ):
                line = doc.position((*base, "hours", j)).line
                yield Message(
                    doc.position((*base, "hours", i)),
                    "error",
                    f"these hours overlap the hours at line {line} on {', '.join(shared)}",
                )


ROUTES_SHOWN = 10


def _routes_to(tree: Tree, budget: int = 100_000) -> dict[str, tuple[list[str], bool]]:
    """Up to ``ROUTES_SHOWN`` paths (slugs joined by /) reaching each node, and whether there
    are more. The walk stops after ``budget`` steps: a tree in which many routes share nodes
    has exponentially many paths, and a message needs only a few of them."""
    routes: dict[str, tuple[list[str], bool]] = {}
    stack: list[tuple[str, tuple[str, ...]]] = [(tree.start, ())]
    if tree.fallback is not None:
        # The general help is offered at every question; named by its shortest route.
        stack.insert(0, (tree.fallback.next, (tree.fallback.slug,)))
        # The young people's own general help, if any: named by its route from their branch.
        for option in tree.nodes[tree.start].options or ():
            young = tree.index.get(option.next, {}).get(tree.fallback.slug)
            if young is not None and young.next != tree.fallback.next:
                stack.insert(0, (young.next, (option.slug, tree.fallback.slug)))
    steps = 0
    while stack:
        steps += 1
        node_id, path = stack.pop()
        shown, _ = routes.setdefault(node_id, ([], False))
        if len(shown) < ROUTES_SHOWN and steps <= budget:
            shown.append("/".join(path))
        else:
            routes[node_id] = (shown, True)
        node = tree.nodes.get(node_id)
        if node is None or not node.options or len(path) >= MAX_DEPTH or steps > budget:
            continue
        for option in reversed(node.options):
            stack.append((option.next, (*path, option.slug)))
    return routes


def check_routekaart(
    rk: model.Routekaart, doc: Document, directory: model.Directory, today: date
) -> Iterator[Message]:
    """Unknown nodes and organisations, doubled or reserved slugs, circles, depth, reach."""
    nodes = rk.nodes
    if rk.start not in nodes:
        yield Message(
            doc.position(("start",)),
            "error",
            f'start node "{rk.start}" does not exist' + did_you_mean(rk.start, nodes),
        )
        return
    dangling = False
    for node_id, node in nodes.items():
        seen: dict[str, int] = {}
        for i, option in enumerate(node.options or ()):
            loc = ("nodes", node_id, "options", i)
            if option.slug in seen:
                yield Message(
                    doc.position((*loc, "slug")),
                    "error",
                    f'slug "{option.slug}" is used twice in this question '
                    f"(also option {seen[option.slug] + 1})",
                )
            seen.setdefault(option.slug, i)
            if option.slug in RESERVED_SLUGS:
                yield Message(
                    doc.position((*loc, "slug")),
                    "error",
                    f'slug "{option.slug}" is the name of a page of the site '
                    f"(/nl/{option.slug}); choose another slug",
                )
            if option.next not in nodes:
                dangling = True
                yield Message(
                    doc.position((*loc, "next")),
                    "error",
                    f'option "{option.label.nl}" leads to unknown node "{option.next}"'
                    + did_you_mean(option.next, nodes),
                )
        for i, rec in enumerate(node.result.organisations if node.result else []):
            if rec.organisation not in directory.organisations:
                yield Message(
                    doc.position(("nodes", node_id, "result", "organisations", i, "organisation")),
                    "error",
                    f'unknown organisation "{rec.organisation}"'
                    + did_you_mean(rec.organisation, directory.organisations),
                )
    fallback_problems = _check_fallback(rk, doc)
    if rk.je_fallback is not None and (
        rk.je_fallback not in nodes or nodes[rk.je_fallback].result is None
    ):
        fallback_problems.append(
            Message(
                doc.position(("je_fallback",)),
                "error",
                f'je_fallback must name a result; "{rk.je_fallback}" is not one'
                + did_you_mean(rk.je_fallback, nodes),
            )
        )
    yield from fallback_problems
    if dangling or fallback_problems:
        return
    reachable = _reachable(rk)
    cycles = list(_check_cycles(rk, doc))
    yield from cycles
    if not cycles:
        yield from _check_depth(rk, doc, reachable)
    for node_id in nodes:
        if node_id not in reachable:
            yield Message(
                doc.position(("nodes", node_id), key=True),
                "error",
                f'node "{node_id}" cannot be reached from the start "{rk.start}"',
            )
    yield from _check_results(rk, doc, directory, today)
    yield from check_match_examples(rk, doc)


def check_match_examples(rk: model.Routekaart, doc: Document) -> Iterator[Message]:
    """Warnings for results the text box can find only by their title: no ``match`` examples
    at all, or none in one of the languages."""
    general = {rk.fallback.next, rk.je_fallback} if rk.fallback is not None else set()
    for node_id, node in rk.nodes.items():
        # The general help is where the text box's "Something else" leads; it is never
        # suggested, so it needs no examples.
        if node.result is None or node_id in general:
            continue
        match = node.result.match
        if match is None:
            yield Message(
                doc.position(("nodes", node_id, "result"), key=True),
                "warning",
                f'result "{node_id}" has no example phrases; add "match:" with a few words '
                "residents use for it in nl, en and ar, so the text box can find it",
            )
            continue
        missing = [LANGUAGE_NAMES[lang] for lang in model.LANGUAGES if not match.get(lang)]
        if missing:
            yield Message(
                doc.position(("nodes", node_id, "result", "match"), key=True),
                "warning",
                f'result "{node_id}" has no example phrases in {" and ".join(missing)}; '
                "add a few under match:",
            )


def _check_fallback(rk: model.Routekaart, doc: Document) -> list[Message]:
    """The fallback answer must lead to a result and its slug be free in every question."""
    fallback = rk.fallback
    found: list[Message] = []
    if fallback is None:
        return found
    if fallback.next not in rk.nodes:
        found.append(
            Message(
                doc.position(("fallback", "next")),
                "error",
                f'the fallback answer leads to unknown node "{fallback.next}"'
                + did_you_mean(fallback.next, rk.nodes),
            )
        )
    elif rk.nodes[fallback.next].result is None:
        found.append(
            Message(
                doc.position(("fallback", "next")),
                "error",
                f'the fallback answer must lead to a result; "{fallback.next}" is a question',
            )
        )
    for node_id, node in rk.nodes.items():
        for i, option in enumerate(node.options or ()):
            if option.slug == fallback.slug:
                found.append(
                    Message(
                        doc.position(("nodes", node_id, "options", i, "slug")),
                        "error",
                        f'slug "{option.slug}" is the slug of the fallback answer, which every '
                        "question already offers; choose another slug",
                    )
                )
    if fallback.slug in RESERVED_SLUGS:
        found.append(
            Message(
                doc.position(("fallback", "slug")),
                "error",
                f'slug "{fallback.slug}" is the name of a page of the site; choose another slug',
            )
        )
    return found


def _reachable(rk: model.Routekaart) -> set[str]:
    seen = {rk.start}
    if rk.fallback is not None:
        seen.add(rk.fallback.next)
        if rk.je_fallback in rk.nodes:
            seen.add(rk.je_fallback)
    todo = list(seen)
    while todo:
        node = rk.nodes[todo.pop()]
        for option in node.options or []:
            if option.next not in seen:
                seen.add(option.next)
                todo.append(option.next)
    return seen


def _check_cycles(rk: model.Routekaart, doc: Document) -> Iterator[Message]:
    """A route must always end: report each option that leads back to an earlier question."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    stack: list[tuple[str, int]] = [(rk.start, 0)]
    state[rk.start] = 1
    while stack:
        node_id, index = stack[-1]
        options = rk.nodes[node_id].options or []
        if index == len(options):
            state[node_id] = 2
            stack.pop()
            continue
        stack[-1] = (node_id, index + 1)
        target = options[index].next
        if state.get(target) == 1:
            yield Message(
                doc.position(("nodes", node_id, "options", index, "next")),
                "error",
                f'option "{options[index].slug}" leads back to "{target}": the route goes round '
                "in a circle",
            )
        elif target not in state:
            state[target] = 1
            stack.append((target, 0))


def _check_depth(rk: model.Routekaart, doc: Document, reachable: set[str]) -> Iterator[Message]:
    """The site follows paths of at most ``MAX_DEPTH`` answers; report the first option (in the
    file) that is answer ``MAX_DEPTH + 1`` of some route.

    Assumes every ``next`` exists and there are no cycles; the longest route to each node is
    found in one pass over the nodes in topological order."""
    incoming = dict.fromkeys(reachable, 0)
    for node_id in reachable:
        for option in rk.nodes[node_id].options or ():
            incoming[option.next] += 1
    depth = dict.fromkeys(reachable, 0)
    ready = [node_id for node_id, count in incoming.items() if count == 0]
    while ready:
        node_id = ready.pop()
        for option in rk.nodes[node_id].options or ():
            depth[option.next] = max(depth[option.next], depth[node_id] + 1)
            incoming[option.next] -= 1
            if incoming[option.next] == 0:
                ready.append(option.next)
    for node_id, node in rk.nodes.items():
        if node_id in depth and node.options and depth[node_id] + 1 > MAX_DEPTH:
            yield Message(
                doc.position(("nodes", node_id, "options", 0, "slug")),
                "error",
                f'the answers of "{node_id}" are answer {depth[node_id] + 1} of a route; the '
                f"site follows at most {MAX_DEPTH} answers: make the route shorter",
            )
            return


def _check_results(
    rk: model.Routekaart, doc: Document, directory: model.Directory, today: date
) -> Iterator[Message]:
    tree_routes: dict[str, list[str]] | None = None
    for node_id, node in rk.nodes.items():
        if node.result is None:
            continue
        known = [
            (i, rec, directory.organisations[rec.organisation])
            for i, rec in enumerate(node.result.organisations)
            if rec.organisation in directory.organisations  # unknown ones are reported already
        ]
        if len(known) < len(node.result.organisations):
            continue
        yield from _check_result_desks(node_id, known, doc, today)
        for i, rec, org in known:
            if org.state_on(today) == "ended":
                if tree_routes is None:
                    tree_routes = _routes_to(Tree.build(rk))
                shown, more = tree_routes.get(node_id, ([], False))
                lost = ", ".join(shown) + (", …" if more else "") or node_id
                yield Message(
                    doc.position(("nodes", node_id, "result", "organisations", i, "organisation")),
                    "warning",
                    f'"{rec.organisation}" ended on {org.valid_until}; these routes no longer '
                    f"show it: {lost}",
                )


def _check_result_desks(node_id: str, known: list, doc: Document, today: date) -> Iterator[Message]:
    """A result without an active desk, now or soon. Always a warning: time passing must never
    make content that was valid yesterday invalid today (every restarted worker and every
    later edit would be refused). The page then says the organisations take no new questions
    and links to the general page."""
    where = doc.position(("nodes", node_id, "result", "organisations"))
    active = [(rec, org) for _, rec, org in known if org.active_on(today)]
    if not active:
        yield Message(
            where,
            "warning",
            f'result "{node_id}" has no organisation that is active on {today}; its page says '
            "that the organisations take no new questions and links to the general page",
        )
        return
    if any(org.valid_until is None for _, org in active):
        return
    last = max(org.valid_until for _, org in active)
    if (last - today).days > ENDING_WARN_DAYS:
        return
    if any(org.active_on(last + timedelta(days=1)) for _, _, org in known):
        return  # another desk starts when the last one ends
    ending = ", ".join(f'"{rec.organisation}"' for rec, org in active if org.valid_until == last)
    which = "only desk" if len(active) == 1 else "last desk" if "," not in ending else "last desks"
    yield Message(
        where,
        "warning",
        f'on {_english_date(last)} the {which} of result "{node_id}" ({ending}) '
        f"{'end' if which == 'last desks' else 'ends'}; from then on the page names no desk: add "
        "another desk or move the end date",
    )


def _english_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def check_staleness(
    directory: model.Directory, settings: model.Settings, doc: Document, today: date
) -> Iterator[Message]:
    """Warnings for organisations whose facts come from sources (documents or confirmations)
    older than ``stale_after_days``. A document's date is no check: the advice is to ask the
    desk and add a confirmation."""
    for org_id, org in directory.organisations.items():
        if org.state_on(today) == "ended":
            continue
        dated = sourcing.facts_as_of(org_id, directory, settings)
        if dated is None:
            continue
        age = (today - dated).days
        if age > settings.stale_after_days:
            yield Message(
                doc.position(("organisations", org_id), key=True),
                "warning",
                f'the facts of "{org_id}" come from sources of {dated}, {age} days ago; '
                "confirm them with the desk and add a confirmation",
            )


def check_sources(
    directory: model.Directory, settings: model.Settings, doc: Document
) -> Iterator[Message]:
    """Unknown documents and confirmations (errors); unsourced and to-confirm facts (warnings)."""
    for conf_id, conf in directory.confirmations.items():
        if conf.organisation not in directory.organisations:
            yield Message(
                doc.position(("confirmations", conf_id, "organisation")),
                "error",
                f'unknown organisation "{conf.organisation}"'
                + did_you_mean(conf.organisation, directory.organisations),
            )
    checked: set[tuple] = set()
    for fact in sourcing.all_facts(directory, settings):
        ref = fact.reference
        if ref is not None and fact.ref_loc not in checked:
            checked.add(fact.ref_loc)
            yield from _check_reference(ref, fact, directory, doc)
        if ref is None:
            yield Message(
                doc.position(fact.loc, key=True),
                "warning",
                f'unsourced fact of "{fact.owner}": {fact.label}; give its source under '
                '"sources" (a document or a confirmation), or mark it to_confirm',
            )
    for org_id, org in directory.organisations.items():
        have = {f.kind for f in sourcing.organisation_facts(org_id, org, directory, settings)}
        for kind in org.sources:
            if kind != "all" and kind not in have:
                yield Message(
                    doc.position(("organisations", org_id, "sources", kind), key=True),
                    "warning",
                    f'a source for "{kind}", but "{org_id}" has no such fact',
                )


def _check_reference(
    ref: model.Reference, fact: sourcing.Fact, directory: model.Directory, doc: Document
) -> Iterator[Message]:
    assert fact.ref_loc is not None
    if ref.document is not None and ref.document not in directory.documents:
        yield Message(
            doc.position((*fact.ref_loc, "document")),
            "error",
            f'unknown document "{ref.document}"' + did_you_mean(ref.document, directory.documents),
        )
    if ref.confirmation is not None:
        conf = directory.confirmations.get(ref.confirmation)
        if conf is None:
            yield Message(
                doc.position((*fact.ref_loc, "confirmation")),
                "error",
                f'unknown confirmation "{ref.confirmation}"'
                + did_you_mean(ref.confirmation, directory.confirmations),
            )
        elif fact.kind != "address" and conf.organisation != fact.owner:
            yield Message(
                doc.position((*fact.ref_loc, "confirmation")),
                "error",
                f'confirmation "{ref.confirmation}" was given by "{conf.organisation}", '
                f'not by "{fact.owner}"',
            )
    if ref.to_confirm is not None:
        yield Message(
            doc.position((*fact.ref_loc, *ref.question_loc())),
            "warning",
            f'to confirm with "{fact.owner}": {fact.label}: {ref.question()}',
        )


def check_reasons(rk: model.Routekaart, doc: Document) -> Iterator[Message]:
    """A warning for each organisation in a result without the reason it is there."""
    for node_id, node in rk.nodes.items():
        if node.result is None:
            continue
        for i, rec in enumerate(node.result.organisations):
            if rec.reason is None:
                yield Message(
                    doc.position(("nodes", node_id, "result", "organisations", i, "organisation")),
                    "warning",
                    f'no "reason" why "{rec.organisation}" helps in "{node_id}": the source '
                    "does not say which desk serves which situation, so write ours down",
                )


def check_statements(
    rk: model.Routekaart, directory: model.Directory, doc: Document
) -> Iterator[Message]:
    """A warning for each team statement about a desk in a result, still to confirm."""
    for org_id in directory.organisations:
        for statement in sourcing.statements_of(org_id, rk):
            yield Message(
                doc.position(statement.loc),
                "warning",
                f'to confirm with "{org_id}" (result "{statement.node_id}"): '
                f'"{statement.why}": {statement.question}',
            )


def _text_fields(value: object, loc: Loc) -> Iterator[tuple[Loc, model.Text]]:
    """Every three-language text inside a model value, with where it stands."""
    if isinstance(value, model.Text):
        yield loc, value
    elif isinstance(value, model.Strict):
        for name in type(value).model_fields:
            info = type(value).model_fields[name]
            yield from _text_fields(getattr(value, name), (*loc, info.alias or name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _text_fields(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _text_fields(item, (*loc, key))


def _age_messages(
    text: model.Text, loc: Loc, allowed: set[ages.Range], doc: Document, what: str
) -> Iterator[Message]:
    """Errors for a text whose stated age ranges are not among ``allowed``."""
    for lang in model.LANGUAGES:
        for stated in ages.stated_ranges(text(lang), lang):
            both_ends = stated[0] is not None and stated[1] is not None
            if stated not in allowed and (both_ends or what == "answer"):
                expected = " or ".join(sorted(ages.describe(a) for a in allowed)) or "no age"
                yield Message(
                    doc.position((*loc, lang)),
                    "error",
                    f"the {LANGUAGE_NAMES[lang]} text states ages {ages.describe(stated)}, "
                    f"but the {what} says {expected}",
                )


def check_ages(
    directory: model.Directory, rk: model.Routekaart, documents: dict[str, Document]
) -> Iterator[Message]:
    """Every text that states an age range agrees with the data: one truth per age limit.

    An organisation's texts state its own ``age``; an age answer (``onder-18``, ``18-tot-27``,
    ``27-plus``) states its slug's range in every language; any other routekaart text may only
    state the age range of an organisation in the directory or of an age answer.
    """
    org_doc, rk_doc = documents["organisations.yaml"], documents["routekaart.yaml"]
    known: set[ages.Range] = set()
    for org_id, org in directory.organisations.items():
        own = {(org.age.min, org.age.under)} if org.age else set()
        known |= own
        base = ("organisations", org_id)
        for loc, text in _text_fields(org, base):
            yield from _age_messages(text, loc, own, org_doc, "age of the organisation")
    answers: set[tuple] = set()
    for node_id, node in rk.nodes.items():
        for i, option in enumerate(node.options or []):
            found = ages.slug_range(option.slug)
            if found is None:
                continue
            known.add(found)
            loc = ("nodes", node_id, "options", i, "label")
            answers.add(loc)
            yield from _age_messages(option.label, loc, {found}, rk_doc, "answer")
    for loc, text in _text_fields(rk, ()):
        if loc not in answers:
            yield from _age_messages(text, loc, known, rk_doc, "content")


def check_other_help(
    rk: model.Routekaart, directory: model.Directory, doc: Document
) -> Iterator[Message]:
    """Other help names known locations and documents, and says what is still to confirm."""
    for node_id, node in rk.nodes.items():
        for i, help_ in enumerate(node.result.other_help if node.result else []):
            base = ("nodes", node_id, "result", "other_help", i)
            places = [(base, help_.location)] + [
                ((*base, "hours", j), slot.location) for j, slot in enumerate(help_.hours)
            ]
            for loc, place in places:
                if place is not None and place not in directory.locations:
                    yield Message(
                        doc.position((*loc, "location")),
                        "error",
                        f'unknown location "{place}"' + did_you_mean(place, directory.locations),
                    )
            ref = help_.source
            if ref.document is not None and ref.document not in directory.documents:
                yield Message(
                    doc.position((*base, "source", "document")),
                    "error",
                    f'unknown document "{ref.document}"'
                    + did_you_mean(ref.document, directory.documents),
                )
            if ref.to_confirm is not None:
                yield Message(
                    doc.position((*base, "source", *ref.question_loc())),
                    "warning",
                    f'to confirm about "{help_.name}": {ref.question()}',
                )


# --- safe advice --------------------------------------------------------------------------------

# Nobody may ask a resident for their DigiD login details, a password or a code: a desk worker
# may sit beside them, but the resident logs in on their own phone (the DigiD app). A sentence
# that names such a secret together with bringing, giving, sharing, sending or telling it, and
# does not say "never"/"not", is refused: an error, so the content never goes live with it.
# The words of each language (secrets, handing over, "never") are data: ``checks:`` of the
# language in content/languages.yaml.
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
# Codes that are no secret: a QR code on a poster or slip.
_HARMLESS = re.compile(r"qr[- ]?codes?|(?:رمز|رموز|الرمز) ?QR|رمز الاستجابة السريعة", re.IGNORECASE)


def unsafe_advice(text: str, lang: str) -> str | None:
    """The first sentence of ``text`` that asks to bring or share login details, a password or
    codes (and does not say "never"), or None when the text is safe."""
    language = languages.current().by_code.get(lang)
    if language is None or language.secrets is None:
        return None  # not checked: completeness() warns about the language
    secrets, hand_over, never = language.secrets, language.hand_over, language.never
    assert hand_over is not None and never is not None
    for sentence in _SENTENCE_END.split(text):
        named = secrets.search(_HARMLESS.sub("", sentence))
        if named and hand_over.search(sentence) and not never.search(sentence):
            return sentence.strip()
    return None


def check_safe_advice(
    rk: model.Routekaart, directory: model.Directory, documents: dict[str, Document]
) -> Iterator[Message]:
    """Errors for texts that ask residents to bring or share DigiD login details, passwords or
    codes, in any language."""
    for name, data, base in (
        ("routekaart.yaml", rk, ()),
        ("organisations.yaml", directory, ()),
    ):
        for loc, text in _text_fields(data, base):
            for lang in model.LANGUAGES:
                sentence = unsafe_advice(text(lang), lang)
                if sentence is not None:
                    yield Message(
                        documents[name].position((*loc, lang)),
                        "error",
                        f'unsafe advice in the {LANGUAGE_NAMES[lang]} text: "{sentence}" asks to '
                        "bring or share login details, a password or codes; nobody may ask for "
                        "them: advise to bring the phone with the DigiD app and log in yourself",
                    )


# --- how complete each language is ------------------------------------------------------------


def _all_texts(value: object) -> Iterator[model.Text | model.LongText]:
    """Every content text (short or long) inside a model value or a container of them."""
    if isinstance(value, model.Text | model.LongText):
        yield value
    elif isinstance(value, model.Strict):
        for name in type(value).model_fields:
            yield from _all_texts(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _all_texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _all_texts(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _all_texts(getattr(value, name))


def text_counts(parts: object, langs: languages.Languages) -> dict[str, tuple[int, int]]:
    """Per configured language: how many content texts are written in it, of how many."""
    texts = list(_all_texts(parts))
    return {lang: (sum(t.has(lang) for t in texts), len(texts)) for lang in langs.configured}


def percent(done: int, total: int) -> str:
    """``"87 %"``; never 100 % while one is missing."""
    if total == 0 or done == total:
        return "100 %"
    return f"{min(99, round(100 * done / total))} %"


def completeness(
    parsed: dict, extra: dict, documents: dict[str, Document], langs: languages.Languages
) -> Iterator[Message]:
    """A warning for each language that is not live yet, with how complete its texts are (a
    live language's short texts are all required: the model refuses a missing one)."""
    doc = documents.get(languages.FILE)
    if doc is None:
        return
    counts = text_counts([parsed, extra], langs)
    for i, code in enumerate(langs.configured):
        if langs.get(code).secrets is None:
            yield Message(
                doc.position(("languages", i, "code")),
                "warning",
                f"{langs.get(code).english_name} ({code}) has no checks: its texts are not "
                "checked for ages or unsafe advice; add its words under checks: (see nl)",
            )
        if langs.get(code).live:
            continue
        done, total = counts[code]
        state = (
            "complete: set live: true to publish it"
            if done == total
            else f"{total - done} to translate before it can go live"
        )
        yield Message(
            doc.position(("languages", i, "code")),
            "warning",
            f"{langs.get(code).english_name} ({code}) is not live: its content texts are "
            f"{percent(done, total)} complete ({done} of {total}); {state}",
        )
