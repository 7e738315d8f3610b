"""The route engine: from a path of answer slugs to the conversation so far.

Pure Python over the content model: no Flask, no I/O. A path such as ``direct/huis-uit`` is the
list of slugs of the options the resident chose, starting at the routekaart's start node. The
same path works in every language, so it can be printed in QR codes and shared by partners.

Unknown or malformed paths are not exceptions: :func:`resolve` returns a :class:`PathError`
value that the caller must handle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from routekaart.content.tree import MAX_CHARS, MAX_DEPTH, Tree

if TYPE_CHECKING:
    from routekaart.content.model import Node, Option, Result


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Step:
    """A question that was answered, and the option chosen."""

    node_id: str
    node: Node
    chosen: Option
    path: tuple[str, ...]  # the path up to and including this answer


@dataclass(frozen=True, slots=True)
class Conversation:
    """The conversation for a path: the answered steps and where it stands now."""

    steps: tuple[Step, ...]
    node_id: str
    node: Node
    path: tuple[str, ...]

    @property
    def result(self) -> Result | None:
        """The result reached, or None while a question is open."""
        return self.node.result

    @property
    def slug_path(self) -> str:
        """The path as it appears in the URL, e.g. ``direct/huis-uit``."""
        return "/".join(self.path)


@dataclass(frozen=True, slots=True)
class PathError:
    """Why a path does not lead anywhere; ``valid`` is the longest good prefix."""

    reason: str  # "malformed", "too-long", "unknown-answer", "past-result"
    valid: tuple[str, ...]
    bad: str

    def __bool__(self) -> bool:
        return False


def resolve(tree: Tree, path: str | tuple[str, ...] | list[str]) -> Conversation | PathError:
    """Follow ``path`` from the start; the conversation, or a :class:`PathError`.

    Slugs are followed in order and the first problem is reported, so the error's ``valid``
    prefix always resolves. Cost: one dictionary lookup per slug, whatever the tree's size."""
    if isinstance(path, str):
        if len(path) > MAX_CHARS:
            return PathError("too-long", (), path[:40])
        parts = tuple(part for part in path.split("/") if part)
    else:
        parts = tuple(path)
    if len(parts) > MAX_DEPTH:
        return PathError("too-long", (), str(parts[MAX_DEPTH]))
    node_id = tree.start
    steps: list[Step] = []
    for i, slug in enumerate(parts):
        options = tree.index[node_id]
        # Every key of the index is a valid slug, so a hit needs no further checking.
        option = options.get(slug) if type(slug) is str else None
        if option is None:
            if type(slug) is not str or not _SLUG.fullmatch(slug):
                return PathError("malformed", parts[:i], str(slug))
            if not options:
                return PathError("past-result", parts[:i], slug)
            return PathError("unknown-answer", parts[:i], slug)
        steps.append(Step(node_id, tree.nodes[node_id], option, parts[: i + 1]))
        node_id = option.next
    return Conversation(tuple(steps), node_id, tree.nodes[node_id], parts)


def answers(tree: Tree, node_id: str) -> list[Option]:
    """The quick replies of a question in order: its own options, then the fallback answer
    ("Iets anders / Ik weet het niet") when the content has one; empty for a result."""
    return list(tree.index[node_id].values())


def results(tree: Tree) -> list[Conversation]:
    """Every conversation that ends in a result, in the order of the options."""
    found: list[Conversation] = []

    def walk(path: tuple[str, ...]) -> None:
        conversation = resolve(tree, path)
        assert not isinstance(conversation, PathError), path
        if conversation.result is not None:
            found.append(conversation)
            return
        for option in conversation.node.options or ():
            walk((*path, option.slug))

    walk(())
    return found
