"""The bank's YAML dialect: only true/false are booleans, no dates or repeated keys, bounded size.

Aliases (`*name`) are counted and the document's size with every alias expanded is checked before
anything is built, so a "billion laughs" file is refused in milliseconds; nesting depth and the
length of numbers are bounded too (core/input_limits.py holds the numbers).
"""

import re
from typing import Any

import yaml

from microneedling_course.bank.problems import BankError, Problem
from microneedling_course.core.input_limits import (
    MAX_NESTING_DEPTH,
    MAX_NUMBER_LENGTH,
    MAX_YAML_ALIASES,
    MAX_YAML_NODES,
)


class SourceInt(int):
    """An int that remembers how it was written, so `text: 24` can stay text."""

    source = ""


class SourceFloat(float):
    source = ""


class _LimitExceeded(yaml.MarkedYAMLError):
    """A file past one of the bank's limits (aliases, expanded size, nesting, number length)."""


class _BankLoader(yaml.SafeLoader):
    """YAML where only true/false are booleans ("Yes" stays text); no dates, no repeated keys;
    aliases, nesting and the expanded size bounded."""

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                raise _LimitExceeded(
                    None,
                    None,
                    f"more than {MAX_YAML_ALIASES} aliases (*name) in one file",
                    self.peek_event().start_mark,
                )
        self._depth += 1
        try:
            if self._depth > MAX_NESTING_DEPTH:
                raise _LimitExceeded(
                    None,
                    None,
                    f"lists and mappings nested more than {MAX_NESTING_DEPTH} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            _expanded_size(node, {}, set())
        return node


def _expanded_size(node, sizes: dict, open_nodes: set) -> int:
    """How many values the node stands for once every alias is expanded (each node is counted
    once per place it appears, computed once per node); ComposerError past MAX_YAML_NODES or
    when an alias points inside itself. Recursion is bounded by the nesting limit."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        message = "an alias (*name) refers to a list or mapping that holds it"
        raise _LimitExceeded(None, None, message, node.start_mark)
    total = 1
    if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
        open_nodes.add(key)
        children = node.value if isinstance(node, yaml.SequenceNode) else sum(node.value, ())
        for child in children:
            total += _expanded_size(child, sizes, open_nodes)
            if total > MAX_YAML_NODES:
                raise _LimitExceeded(
                    None,
                    None,
                    f"the file stands for more than {MAX_YAML_NODES:,} values once its aliases "
                    "(*name) are expanded",
                    node.start_mark,
                )
        open_nodes.discard(key)
    sizes[key] = total
    return total


_DROPPED_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
_BankLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BankLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_number(kind):
    base = getattr(yaml.SafeLoader, f"construct_yaml_{kind}")
    wrapper = SourceInt if kind == "int" else SourceFloat

    def construct(loader, node):
        if len(node.value) > MAX_NUMBER_LENGTH:
            raise _LimitExceeded(
                None,
                None,
                f"a number longer than {MAX_NUMBER_LENGTH} characters",
                node.start_mark,
            )
        value = wrapper(base(loader, node))
        value.source = node.value
        return value

    return construct


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in mapping
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                "found a key that is not text",
                key_node.start_mark,
            ) from exc
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"found duplicate key {_short_repr(key)}",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_BankLoader.add_constructor("tag:yaml.org,2002:int", _construct_number("int"))
_BankLoader.add_constructor("tag:yaml.org,2002:float", _construct_number("float"))
_BankLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def _short_repr(key) -> str:
    text = repr(key)
    return text if len(text) <= 60 else text[:57] + "..."


def read_yaml(text: str, display: str) -> Any:
    """Parse YAML text; a syntax error becomes a BankError naming the line."""
    try:
        return yaml.load(text, Loader=_BankLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if not isinstance(exc, _LimitExceeded):
            problem = f"YAML syntax error: {problem}"
        raise BankError([Problem(display, problem, line=line)]) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise BankError([Problem(display, f"YAML could not be read: {exc}")]) from None
