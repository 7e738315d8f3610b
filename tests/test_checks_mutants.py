"""The content checker's cross-file checks, each on a tiny routekaart written out in the test.

Every promise is a message staff read (its words, and where it points when that is the key
rather than the value), or the absence of one on the boundary of a rule: a service active on
its last day, facts exactly as old as allowed, hours that touch. These tests were written
against the surviving mutants of ``routekaart/content/checks.py``.
"""

from __future__ import annotations

from datetime import date

from routekaart.content import checks, model
from routekaart.content.messages import validate_document
from routekaart.content.yamlsource import parse
from routekaart.domain.engine import Tree

TODAY = date(2026, 3, 2)
TEXT = "{nl: Tekst, en: Text, ar: نص}"


def org(name: str, extra: str = "", hours: str | None = None) -> str:
    """An organisation in YAML; ``hours`` replaces its one Monday morning slot."""
    slots = (
        hours
        if hours is not None
        else ('      - {days: [maandag], from: "09:00", to: "12:00", location: bieb}\n')
    )
    return (
        f"  {name}:\n"
        f"    name: {name.title()}\n"
        f"    explain: {TEXT}\n"
        f"    about: {TEXT}\n"
        + (f"    hours:\n{slots}" if slots else "")
        + extra
        + "    sources: {all: {document: doc}}\n"
    )


def organisations(*orgs: str) -> str:
    return (
        "documents:\n"
        "  doc: {title: Doc, publisher: Team, date: '2026', as_of: 2026-01-01, where: kast}\n"
        "locations:\n  bieb: {name: Bieb, street: Straat 1, city: Stad, source: {document: doc}}\n"
        "organisations:\n" + "".join(orgs or (org("loket"),))
    )


MATCH = "      match: {nl: [woord], en: [word], ar: [كلمة]}\n"


def result(node_id: str, *names: str, match: str = MATCH) -> str:
    recs = "".join(
        f"        - {{organisation: {n}, why: {TEXT}, reason: {TEXT}}}\n"
        for n in names or ("loket",)
    )
    return (
        f"  {node_id}:\n    result:\n      urgency: normal\n      title: {TEXT}\n"
        f"      advice: {TEXT}\n      organisations:\n{recs}{match}"
    )


def question(node_id: str, *options: tuple[str, str]) -> str:
    rows = "".join(
        f"      - {{slug: {slug}, label: {TEXT}, next: {target}}}\n" for slug, target in options
    )
    return f"  {node_id}:\n    question: {TEXT}\n    options:\n{rows}"


def routekaart(*nodes: str, start: str = "begin", fallback: str = "") -> str:
    return f"title: {TEXT}\nintro: {TEXT}\nstart: {start}\n{fallback}nodes:\n" + "".join(nodes)


def simple_nodes() -> tuple[str, ...]:
    return (question("begin", ("a", "ra"), ("b", "rb")), result("ra"), result("rb"))


def run(orgs: str, rk: str, today: date = TODAY, stale_after_days: int = 365) -> list[str]:
    """Every cross-check message, as ``routekaart check`` prints it."""
    org_doc = parse(orgs, "content/organisations.yaml")
    rk_doc = parse(rk, "content/routekaart.yaml")
    directory, found = validate_document(org_doc, model.Directory)
    assert not found, [str(m) for m in found]
    tree, found = validate_document(rk_doc, model.Routekaart)
    assert not found, [str(m) for m in found]
    settings = model.Settings.model_validate(
        {
            "general_page": "https://example.org/geld",
            "stale_after_days": stale_after_days,
            "closed_on_holidays": {},
        }
    )
    documents = {"organisations.yaml": org_doc, "routekaart.yaml": rk_doc}
    return [str(m) for m in checks.cross_check(settings, directory, tree, documents, today)]


def line(text: str, needle: str) -> int:
    """The 1-based line on which ``needle`` (occurring once) starts."""
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def at(text: str, needle: str) -> str:
    """``line:column`` (1-based, as editors show them) where ``needle`` (occurring once) starts."""
    assert text.count(needle) == 1, needle
    index = text.index(needle)
    return f"{line(text, needle)}:{index - text.rfind(chr(10), 0, index)}"


def test_a_tiny_correct_routekaart_gets_no_message():
    assert run(organisations(), routekaart(*simple_nodes())) == []


# --- the directory ---------------------------------------------------------------------------


def test_an_unknown_location_is_named_with_a_suggestion():
    orgs = organisations(
        org("loket", hours='      - {days: [maandag], from: "09:00", to: "12:00", location: bib}\n')
    )
    assert run(orgs, routekaart(*simple_nodes())) == [
        f'content/organisations.yaml:{at(orgs, "bib}")}: error: unknown location "bib" '
        '(did you mean "bieb"?)'
    ]


def test_an_unknown_location_of_an_exception_is_named():
    extra = (
        "    exceptions:\n      - date: 2026-03-09\n        reason: " + TEXT + "\n"
        '        hours: [{from: "10:00", to: "11:00", location: tuin}]\n'
    )
    orgs = organisations(org("loket", extra=extra))
    assert run(orgs, routekaart(*simple_nodes())) == [
        f'content/organisations.yaml:{at(orgs, "tuin")}: error: unknown location "tuin"'
    ]


def test_a_desk_without_hours_or_a_note_is_reported_at_its_name():
    orgs = organisations(org("loket"), org("stil", hours=""))
    assert run(orgs, routekaart(*simple_nodes())) == [
        f"content/organisations.yaml:{at(orgs, 'stil:')}: error: "
        '"stil" has no weekly hours; add "hours" or '
        'a "hours_note" that says so'
    ]


MONDAY_MORNING = '      - {days: [maandag, dinsdag], from: "09:00", to: "12:00", location: bieb}\n'


def overlaps(second: str) -> list[str]:
    orgs = organisations(org("loket", hours=MONDAY_MORNING + second))
    return [m.split(": error: ")[1] for m in run(orgs, routekaart(*simple_nodes()))]


def test_hours_that_overlap_name_the_other_line_and_the_shared_days():
    first = line(organisations(org("loket", hours=MONDAY_MORNING)), "[maandag, dinsdag]")
    assert overlaps(
        '      - {days: [dinsdag, maandag], from: "11:00", to: "13:00", location: bieb}\n'
    ) == [f"these hours overlap the hours at line {first} on dinsdag, maandag"]


def test_hours_that_end_as_the_others_begin_do_not_overlap_but_a_minute_more_does():
    assert overlaps('      - {days: [maandag], from: "08:00", to: "09:00", location: bieb}\n') == []
    assert len(overlaps('      - {days: [maandag], from: "08:00", to: "09:01", location: bieb}\n'))
    assert overlaps('      - {days: [maandag], from: "12:00", to: "13:00", location: bieb}\n') == []
    assert len(overlaps('      - {days: [maandag], from: "11:59", to: "13:00", location: bieb}\n'))


def test_phone_hours_and_walk_in_hours_at_the_same_time_do_not_overlap():
    assert overlaps('      - {days: [maandag], from: "09:00", to: "12:00"}\n') == []


def test_periods_that_share_one_day_overlap_and_periods_that_follow_do_not():
    until = (
        '      - {days: [maandag], from: "09:00", to: "12:00", location: bieb,'
        " valid_until: 2026-06-30}\n"
    )

    def later(valid_from: str) -> list[str]:
        slot = (
            '      - {days: [maandag], from: "09:00", to: "12:00", location: bieb,'
            f" valid_from: {valid_from}}}\n"
        )
        orgs = organisations(org("loket", hours=until + slot))
        return run(orgs, routekaart(*simple_nodes()))

    assert len(later("2026-06-30")) == 1
    assert later("2026-07-01") == []


def test_a_period_with_only_an_end_and_one_with_only_a_start_meet_unless_apart():
    assert checks._periods_meet(model.Period(), model.Period())
    assert checks._periods_meet(model.Period(valid_from=date(2026, 1, 1)), model.Period())
    assert checks._periods_meet(model.Period(valid_until=date(2026, 1, 1)), model.Period())
    assert checks._periods_meet(
        model.Period(valid_from=date(2026, 1, 1)), model.Period(valid_until=date(2026, 1, 1))
    )
    assert not checks._periods_meet(
        model.Period(valid_until=date(2026, 1, 1)), model.Period(valid_from=date(2026, 1, 2))
    )
    # The latest start against the earliest end, whichever period holds them.
    assert not checks._periods_meet(
        model.Period(valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31)),
        model.Period(valid_from=date(2025, 1, 1), valid_until=date(2025, 12, 31)),
    )


# --- staleness -------------------------------------------------------------------------------


def test_facts_as_old_as_allowed_are_fine_and_one_day_more_is_stale():
    rk = routekaart(*simple_nodes())
    assert run(organisations(), rk, today=date(2027, 1, 1)) == []  # 365 days
    where = at(organisations(), "loket:")
    assert run(organisations(), rk, today=date(2027, 1, 2)) == [
        f'content/organisations.yaml:{where}: warning: the facts of "loket" come from sources '
        "of 2026-01-01, 366 days ago; confirm them with the desk and add a confirmation"
    ]
    assert run(organisations(), rk, today=date(2026, 1, 31), stale_after_days=29) == [
        f'content/organisations.yaml:{where}: warning: the facts of "loket" come from sources '
        "of 2026-01-01, 30 days ago; confirm them with the desk and add a confirmation"
    ]


def test_an_ended_desk_is_not_stale_and_its_routes_are_named():
    orgs = organisations(org("loket"), org("oud", extra="    valid_until: 2026-02-28\n"))
    rk = routekaart(
        question("begin", ("a", "ra"), ("b", "rb")), result("ra"), result("rb", "loket", "oud")
    )
    found = run(orgs, rk, today=date(2027, 6, 1))
    assert [m.split(": ", 1)[1] for m in found] == [
        'warning: "oud" ended on 2026-02-28; these routes no longer show it: b',
        'warning: the facts of "loket" come from sources of 2026-01-01, 516 days ago; confirm '
        "them with the desk and add a confirmation",
    ]


# --- results and their desks -------------------------------------------------------------------


NO_DESK = (
    'warning: result "{}" has no organisation that is active on {}; its page says that the '
    "organisations take no new questions and links to the general page"
)
ONLY_DESK_ENDS = (
    'warning: on {} the only desk of result "{}" ("loket") ends; from then on the page names '
    "no desk: add another desk or move the end date"
)


def test_a_desk_is_active_on_its_last_day_and_a_result_without_one_is_a_warning():
    """A date passing never makes content invalid: the result is a warning, never an error."""
    orgs = organisations(org("loket", extra="    valid_until: 2026-03-02\n"))
    found = run(orgs, routekaart(*simple_nodes()), today=date(2026, 3, 2))
    assert [m.split(": ", 1)[1] for m in found] == [
        ONLY_DESK_ENDS.format("2 March 2026", "ra"),
        ONLY_DESK_ENDS.format("2 March 2026", "rb"),
    ]
    found = run(orgs, routekaart(*simple_nodes()), today=date(2026, 3, 3))
    assert [m.split(": ", 1)[1] for m in found if "desk" in m or "organisation" in m] == [
        NO_DESK.format("ra", "2026-03-03"),
        NO_DESK.format("rb", "2026-03-03"),
    ]
    assert not any(": error: " in m for m in found)


def test_the_warning_ahead_starts_six_weeks_before_the_end():
    orgs = organisations(org("loket", extra="    valid_until: 2026-04-13\n"))
    assert run(orgs, routekaart(*simple_nodes()), today=date(2026, 3, 1)) == []
    found = run(orgs, routekaart(*simple_nodes()), today=date(2026, 3, 2))
    assert [m.split(": ", 1)[1] for m in found] == [
        ONLY_DESK_ENDS.format("13 April 2026", "ra"),
        ONLY_DESK_ENDS.format("13 April 2026", "rb"),
    ]


def test_no_warning_ahead_when_a_desk_without_end_or_a_next_desk_carries_on():
    orgs = organisations(
        org("loket", extra="    valid_until: 2026-03-10\n"),
        org("vast"),
        org("nieuw", extra="    valid_from: 2026-03-11\n"),
        org("later", extra="    valid_from: 2026-03-12\n"),
    )
    rk = routekaart(
        question("begin", ("a", "ra"), ("b", "rb"), ("c", "rc")),
        result("ra", "loket", "vast"),
        result("rb", "loket", "nieuw"),
        result("rc", "loket", "later"),
    )
    found = [m.split(": ", 1)[1] for m in run(orgs, rk)]
    assert [m for m in found if "desk" in m] == [
        'warning: on 10 March 2026 the only desk of result "rc" ("loket") ends; from then on '
        "the page names no desk: add another desk or move the end date"
    ]


def test_two_desks_ending_on_the_same_last_day_are_both_named():
    orgs = organisations(
        org("a", extra="    valid_until: 2026-03-10\n"),
        org("b", extra="    valid_until: 2026-03-10\n"),
    )
    rk = routekaart(
        question("begin", ("x", "ra"), ("y", "rb")), result("ra", "a", "b"), result("rb")
    )
    found = [m.split(": ", 1)[1] for m in run(orgs, rk)]
    assert [m for m in found if "desk" in m] == [
        'warning: on 10 March 2026 the last desks of result "ra" ("a", "b") end; from then on '
        "the page names no desk: add another desk or move the end date"
    ]


def test_a_desk_that_has_not_started_is_not_active_yet():
    orgs = organisations(org("loket", extra="    valid_from: 2026-03-03\n"))
    found = run(orgs, routekaart(*simple_nodes()), today=date(2026, 3, 2))
    assert [m.split(": ", 1)[1] for m in found] == [
        NO_DESK.format("ra", "2026-03-02"),
        NO_DESK.format("rb", "2026-03-02"),
    ]


def test_one_active_desk_is_enough_for_a_result():
    orgs = organisations(org("loket"), org("oud", extra="    valid_until: 2026-02-28\n"))
    rk = routekaart(
        question("begin", ("a", "ra"), ("b", "rb")), result("ra", "oud", "loket"), result("rb")
    )
    found = run(orgs, rk)
    assert [m.split(": ", 1)[1] for m in found] == [
        'warning: "oud" ended on 2026-02-28; these routes no longer show it: a'
    ]


def many_routes(count: int) -> str:
    options = [(f"o{i}", "ra") for i in range(1, count + 1)]
    return routekaart(question("begin", *options), result("ra", "loket", "oud"))


def test_an_ended_desk_names_ten_routes_and_says_when_there_are_more():
    orgs = organisations(org("loket"), org("oud", extra="    valid_until: 2026-02-28\n"))
    ten = ", ".join(f"o{i}" for i in range(1, 11))
    assert [m.split(": ", 1)[1] for m in run(orgs, many_routes(10))] == [
        f'warning: "oud" ended on 2026-02-28; these routes no longer show it: {ten}'
    ]
    assert [m.split(": ", 1)[1] for m in run(orgs, many_routes(11))] == [
        f'warning: "oud" ended on 2026-02-28; these routes no longer show it: {ten}, …'
    ]


def test_the_fallback_route_is_named_too_when_it_leads_to_the_result():
    fallback = f"fallback: {{slug: anders, label: {TEXT}, next: ra}}\n"
    orgs = organisations(org("loket"), org("oud", extra="    valid_until: 2026-02-28\n"))
    rk = routekaart(
        question("begin", ("a", "ra"), ("b", "rb")),
        result("ra", "loket", "oud"),
        result("rb"),
        fallback=fallback,
    )
    assert [m.split(": ", 1)[1] for m in run(orgs, rk)] == [
        'warning: "oud" ended on 2026-02-28; these routes no longer show it: a, anders'
    ]


def test_the_route_walk_stops_after_its_budget_and_says_there_are_more():
    rk = model.Routekaart.model_validate(parse(many_routes(3), "r.yaml").data)
    tree = Tree.build(rk)
    assert checks._routes_to(tree)["ra"] == (["o1", "o2", "o3"], False)
    assert checks._routes_to(tree, budget=3)["ra"] == (["o1", "o2"], True)


def test_a_route_longer_than_the_site_follows_is_reported_once_at_its_first_answer():
    depth = checks.MAX_DEPTH
    nodes = [question(f"q{i}", (f"s{i}", f"q{i + 1}"), (f"t{i}", "ra")) for i in range(depth)]
    nodes.append(question(f"q{depth}", ("x", "ra"), ("y", "rb")))
    rk = routekaart(*nodes, result("ra"), result("rb"), start="q0")
    first_answer = "x, label: " + TEXT + ", next: ra}"
    assert run(organisations(), rk) == [
        f"content/routekaart.yaml:{at(rk, first_answer)}: error: "
        'the answers of "q16" are answer 17 of a '
        "route; the site follows at most 16 answers: make the route shorter"
    ]
    fits = routekaart(*nodes[1:], result("ra"), result("rb"), start="q1")
    assert run(organisations(), fits) == []


# --- the routekaart ------------------------------------------------------------------------------


def test_an_unknown_start_stops_the_checks_there():
    rk = routekaart(*simple_nodes(), start="begni")
    assert run(organisations(), rk) == [
        f'content/routekaart.yaml:{at(rk, "begni")}: error: start node "begni" does not '
        'exist (did you mean "begin"?)'
    ]


def test_a_slug_used_twice_names_the_first_option():
    rk = routekaart(
        question("begin", ("a", "ra"), ("b", "rb"), ("a", "rb")), result("ra"), result("rb")
    )
    assert run(organisations(), rk) == [
        f"content/routekaart.yaml:{at(rk, 'a, label: ' + TEXT + ', next: rb}')}: error: "
        'slug "a" is used twice in this question '
        "(also option 1)"
    ]


def test_a_reserved_slug_is_refused():
    rk = routekaart(question("begin", ("a", "ra"), ("poster", "rb")), result("ra"), result("rb"))
    assert run(organisations(), rk) == [
        f"content/routekaart.yaml:{at(rk, 'poster')}: error: "
        'slug "poster" is the name of a page of the site '
        "(/nl/poster); choose another slug"
    ]


def test_an_option_to_an_unknown_node_stops_the_reach_checks():
    rk = routekaart(question("begin", ("a", "ra"), ("b", "rc")), result("ra"), result("rb"))
    # "rb" is now unreachable, but only the dangling option is reported.
    assert run(organisations(), rk) == [
        f'content/routekaart.yaml:{at(rk, "rc}")}: error: option "Tekst" leads to unknown node "rc"'
    ]


def test_an_unknown_organisation_of_a_result_is_named():
    rk = routekaart(
        question("begin", ("a", "ra"), ("b", "rb")), result("ra", "lokte"), result("rb")
    )
    assert run(organisations(), rk) == [
        f'content/routekaart.yaml:{at(rk, "lokte")}: error: unknown organisation "lokte" '
        '(did you mean "loket"?)'
    ]


def test_an_unreachable_node_is_reported_at_its_name():
    rk = routekaart(*simple_nodes(), result("rc"))
    assert run(organisations(), rk) == [
        f'content/routekaart.yaml:{at(rk, "rc:")}: error: node "rc" cannot be reached '
        'from the start "begin"'
    ]


def test_a_circle_is_reported_at_the_option_that_closes_it_and_a_shared_node_is_not():
    rk = routekaart(
        question("begin", ("a", "mid"), ("b", "mid")),
        question("mid", ("c", "ra"), ("d", "begin")),
        result("ra"),
    )
    assert run(organisations(), rk) == [
        f"content/routekaart.yaml:{at(rk, 'begin}')}: error: "
        'option "d" leads back to "begin": the route goes '
        "round in a circle"
    ]
    shared = routekaart(
        question("begin", ("a", "mid"), ("b", "mid")),
        question("mid", ("c", "ra"), ("d", "rb")),
        result("ra"),
        result("rb"),
    )
    assert run(organisations(), shared) == []


# --- the fallback answer -------------------------------------------------------------------------


def fallback_to(target: str, slug: str = "anders") -> str:
    return f"fallback: {{slug: {slug}, label: {TEXT}, next: {target}}}\n"


def test_the_fallback_must_lead_to_an_existing_result():
    rk = routekaart(*simple_nodes(), fallback=fallback_to("rx"))
    assert run(organisations(), rk) == [
        f"content/routekaart.yaml:{at(rk, 'rx}')}: error: "
        'the fallback answer leads to unknown node "rx"'
    ]
    rk = routekaart(*simple_nodes(), fallback=fallback_to("begin"))
    assert run(organisations(), rk) == [
        f"content/routekaart.yaml:{at(rk, 'begin}')}: error: "
        "the fallback answer must lead to a result; "
        '"begin" is a question'
    ]


def test_the_fallback_slug_is_free_in_every_question_and_not_a_page_name():
    rk = routekaart(*simple_nodes(), fallback=fallback_to("ra", slug="b"))
    assert run(organisations(), rk) == [
        f"content/routekaart.yaml:{at(rk, 'b, label: ' + TEXT + ', next: rb}')}: error: "
        'slug "b" is the slug of the fallback answer, which '
        "every question already offers; choose another slug"
    ]
    rk = routekaart(*simple_nodes(), fallback=fallback_to("ra", slug="monitor"))
    assert run(organisations(), rk) == [
        f"content/routekaart.yaml:{at(rk, 'monitor')}: error: "
        'slug "monitor" is the name of a page of the site; '
        "choose another slug"
    ]


def test_the_fallback_result_is_reachable_without_an_option():
    rk = routekaart(*simple_nodes(), result("hulp"), fallback=fallback_to("hulp"))
    assert run(organisations(), rk) == []


# --- example phrases for the text box ------------------------------------------------------------


def test_results_without_examples_are_warned_about_but_the_general_help_is_not():
    rk = routekaart(
        question("begin", ("a", "ra"), ("b", "rb")),
        result("ra", match=""),
        result("rb", match="      match: {nl: [woord]}\n"),
        result("hulp", match=""),
        fallback=fallback_to("hulp"),
    )
    assert run(organisations(), rk) == [
        f'content/routekaart.yaml:{line(rk, "  ra:") + 1}:5: warning: result "ra" has no example '
        'phrases; add "match:" with a few words residents use for it in nl, en and ar, so the '
        "text box can find it",
        f'content/routekaart.yaml:{at(rk, "match: {nl: [woord]}")}: warning: result "rb" has '
        "no example phrases in English and Arabic; add a few under match:",
    ]


def test_past_its_budget_the_route_walk_goes_no_deeper():
    two_levels = routekaart(
        question("begin", ("a", "mid"), ("b", "mid")),
        question("mid", ("c", "ra"), ("d", "rb")),
        result("ra"),
        result("rb"),
    )
    tree = Tree.build(model.Routekaart.model_validate(parse(two_levels, "r.yaml").data))
    assert checks._routes_to(tree, budget=1) == {"begin": ([""], False), "mid": ([], True)}
    assert checks._routes_to(tree)["ra"] == (["a/c", "b/c"], False)


def test_a_circle_through_the_first_answer_of_the_start_is_found():
    rk = routekaart(
        question("begin", ("a", "mid"), ("b", "rb")),
        question("mid", ("c", "ra"), ("d", "begin")),
        result("ra"),
        result("rb"),
    )
    assert run(organisations(), rk) == [
        f'content/routekaart.yaml:{at(rk, "begin}")}: error: option "d" leads back to "begin": '
        "the route goes round in a circle"
    ]


def test_a_result_with_an_unknown_desk_does_not_stop_the_checks_of_the_next_results():
    orgs = organisations(org("loket"), org("oud", extra="    valid_until: 2026-02-28\n"))
    rk = routekaart(
        question("begin", ("a", "ra"), ("b", "rb")), result("ra", "onbekend"), result("rb", "oud")
    )
    found = [m.split(": ", 1)[1] for m in run(orgs, rk)]
    assert found[-2:] == [
        NO_DESK.format("rb", "2026-03-02"),
        'warning: "oud" ended on 2026-02-28; these routes no longer show it: b',
    ]


def test_an_ended_desk_of_a_result_no_route_reaches_names_the_result():
    orgs = organisations(org("loket"), org("oud", extra="    valid_until: 2026-02-28\n"))
    rk = routekaart(*simple_nodes(), result("rc", "loket", "oud"))
    found = [m.split(": ", 1)[1] for m in run(orgs, rk)]
    assert found[-1] == 'warning: "oud" ended on 2026-02-28; these routes no longer show it: rc'
