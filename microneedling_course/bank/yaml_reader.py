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


# libyaml's parser when PyYAML has it (its wheels do): the same documents ~15x faster, which
# every lesson kernel pays once when it loads the bank (bench/results.md).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _BankLoader(_Loader):
    """YAML where only true/false are booleans ("Yes" stays text); no dates, no repeated keys;
    aliases, nesting and the expanded size bounded."""

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        _expanded_size(node, {}, set())
        return self.construct_document(node)


def _check_events(text: str) -> None:
    """Count aliases and nesting over the parser's events, before anything is composed: libyaml's
    composer recurses in C, so a file nested past the limit must never reach it."""
    events = _Loader(text)
    try:
        aliases = depth = 0
        while events.check_event():
            event = events.get_event()
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    message = f"more than {MAX_YAML_ALIASES} aliases (*name) in one file"
                    raise _LimitExceeded(None, None, message, event.start_mark)
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING_DEPTH:
                    message = f"lists and mappings nested more than {MAX_NESTING_DEPTH} levels deep"
                    raise _LimitExceeded(None, None, message, event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        events.dispose()


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
        _check_events(text)
        return yaml.load(text, Loader=_BankLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if problem == "found invalid Unicode character escape code":  # libyaml's wording
            problem = (
                "a \\u or \\U escape that stands for no character (a lone surrogate such as "
                "\\ud800, or a number past \\U0010FFFF)"
            )
        if not isinstance(exc, _LimitExceeded):
            problem = f"YAML syntax error: {problem}"
        raise BankError([Problem(display, problem, line=line)]) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise BankError([Problem(display, f"YAML could not be read: {exc}")]) from None
