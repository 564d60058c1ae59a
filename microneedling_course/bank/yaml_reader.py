"""The bank's YAML dialect: only true/false are booleans, no dates or repeated keys."""

import re
from typing import Any

import yaml

from microneedling_course.bank.problems import BankError, Problem


class SourceInt(int):
    """An int that remembers how it was written, so `text: 24` can stay text."""

    source = ""


class SourceFloat(float):
    source = ""


# libyaml's parser when PyYAML has it (its wheels do): the same documents ~15x faster, which
# every lesson kernel pays once when it loads the bank (bench/results.md).
class _BankLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML where only true/false are booleans ("Yes" stays text); no dates, no repeated keys."""


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
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_BankLoader.add_constructor("tag:yaml.org,2002:int", _construct_number("int"))
_BankLoader.add_constructor("tag:yaml.org,2002:float", _construct_number("float"))
_BankLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def read_yaml(text: str, display: str) -> Any:
    """Parse YAML text; a syntax error becomes a BankError naming the line."""
    try:
        return yaml.load(text, Loader=_BankLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BankError([Problem(display, f"YAML syntax error: {problem}", line=line)]) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise BankError([Problem(display, f"YAML could not be read: {exc}")]) from None
