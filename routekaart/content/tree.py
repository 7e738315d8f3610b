"""The routekaart compiled for lookups: each question's options indexed by slug.

The loader builds a :class:`Tree` once per content version, and the checks walk it; the
engine (:mod:`routekaart.domain.engine`) resolves paths in it. It lives with the content
because it is the compiled form of what staff wrote, not a rule of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from routekaart.content.model import Node, Option, Routekaart

# Longest path accepted, in slugs and in characters. The real routekaart is 3 deep; these
# bounds keep hostile input (a 5,000-character path) from costing anything.
MAX_DEPTH = 16
MAX_CHARS = 16 * 41


@dataclass(frozen=True, slots=True)
class Tree:
    """The routekaart prepared for lookups: each question's options indexed by slug."""

    start: str
    nodes: dict[str, Node]
    index: dict[str, dict[str, Option]]
    fallback: Option | None = None  # the last answer of every question, if the content has one
    je: frozenset[str] = frozenset()  # nodes of the branch that says "je" (see je_nodes)

    @classmethod
    def build(cls, routekaart: Routekaart) -> Tree:
        """Index a routekaart; assumes it was validated (every ``next`` exists).

        The fallback answer ("Iets anders / Ik weet het niet") is indexed under every
        question, so ``direct/iets-anders`` resolves; :func:`results` does not walk it: it is
        a way out of the routekaart, not one of its situations."""
        fallback = routekaart.fallback
        je = je_nodes(routekaart)
        # Inside the young people's branch the same answer leads to their own general help.
        young_fallback = None
        if fallback is not None and routekaart.je_fallback in routekaart.nodes:
            young_fallback = fallback.model_copy(update={"next": routekaart.je_fallback})
        index = {}
        for node_id, node in routekaart.nodes.items():
            options = {option.slug: option for option in node.options or ()}
            if fallback is not None and options and fallback.slug not in options:
                mine = young_fallback if young_fallback and node_id in je else fallback
                if node.fallback_label is not None:
                    mine = mine.model_copy(update={"label": node.fallback_label})
                options[fallback.slug] = mine
            index[node_id] = options
        return cls(
            start=routekaart.start,
            nodes=dict(routekaart.nodes),
            index=index,
            fallback=fallback,
            je=je,
        )


def _reachable(nodes: dict[str, Node], first: str) -> set[str]:
    """Every node reachable from ``first`` (itself included) through the options."""
    seen: set[str] = set()
    stack = [first]
    while stack:
        node_id = stack.pop()
        if node_id in seen or node_id not in nodes:
            continue
        seen.add(node_id)
        stack.extend(option.next for option in nodes[node_id].options or ())
    return seen


def je_nodes(routekaart: Routekaart) -> frozenset[str]:
    """The nodes that address the reader with "je": those of the ``je_branch`` answer of the
    first question that no other answer of it (nor the fallback) reaches as well.

    A young person of 27 or older is sent on to the adults' result: that page says "u" to
    everyone, so it stays outside this set."""
    if routekaart.je_branch is None or routekaart.start not in routekaart.nodes:
        return frozenset()
    nodes = routekaart.nodes
    young: set[str] = set()
    others: set[str] = set()
    if routekaart.fallback is not None:
        others |= _reachable(nodes, routekaart.fallback.next)
    for option in nodes[routekaart.start].options or ():
        target = young if option.slug == routekaart.je_branch else others
        target |= _reachable(nodes, option.next)
    young -= others
    if young and routekaart.je_fallback in nodes:
        young.add(routekaart.je_fallback)  # reached only through the fallback, from "je" pages
    return frozenset(young)
