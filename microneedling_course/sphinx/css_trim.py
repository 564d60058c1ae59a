"""Trims a stylesheet to the rules a site can use: selectors naming absent classes go, and so do
custom properties nobody reads, unused keyframes and fonts, comments and spare whitespace.

`UsedNames` says what the site can contain: every class, id, element and attribute name in its
pages, plus every word in the scripts it loads (a script may add any class it names). A selector
is kept unless it needs a class, id, element or attribute that appears nowhere; anything the
trimmer cannot read with certainty (`:is()`, `:has()`, unknown at-rules) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import tinycss2
from tinycss2.ast import (
    AtRule,
    Declaration,
    HashToken,
    IdentToken,
    LiteralToken,
    QualifiedRule,
    SquareBracketsBlock,
    WhitespaceToken,
)

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)([^>]*)>")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_VAR_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
_CUSTOM_NAME = re.compile(r"--[A-Za-z0-9_-]+")
# At-rules whose block holds rules (trimmed like the sheet) and those whose block is kept whole.
_GROUPING_AT_RULES = {"media", "supports", "layer", "container", "document", "-moz-document"}
_KEYFRAMES = {"keyframes", "-webkit-keyframes", "-moz-keyframes"}


@dataclass
class UsedNames:
    """Names the site's pages and scripts can put in a document."""

    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    elements: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    script_words: set[str] = field(default_factory=set)
    custom_properties: set[str] = field(default_factory=set)

    def add_html(self, html: str) -> None:
        """Names in a page, including markup carried as JSON text in its inline scripts (which a
        script may insert into the page)."""
        for match in _SCRIPT.finditer(html):
            text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), match.group(1))
            self.add_script(text)
            self._add_markup(text.replace('\\"', '"'))
        self._add_markup(html)

    def _add_markup(self, html: str) -> None:
        for match in _CLASS_ATTRIBUTE.finditer(html):
            self.classes.update((match.group(1) or match.group(2) or "").split())
        for match in _ID_ATTRIBUTE.finditer(html):
            self.ids.add((match.group(1) or match.group(2) or "").strip())
        for match in _TAG.finditer(html):
            self.elements.add(match.group(1).lower())
            self.attributes.update(name.lower() for name in _ATTRIBUTE.findall(match.group(2)))
        self.custom_properties.update(_VAR_USE.findall(html))

    def add_script(self, text: str) -> None:
        self.script_words.update(_WORD.findall(text))
        self.custom_properties.update(_CUSTOM_NAME.findall(text))

    def has_class(self, name: str) -> bool:
        return name in self.classes or name in self.script_words

    def has_id(self, name: str) -> bool:
        return name in self.ids or name in self.script_words

    def has_element(self, name: str) -> bool:
        name = name.lower()
        return name in self.elements or name in self.script_words

    def has_attribute(self, name: str) -> bool:
        name = name.lower()
        if name in self.attributes or name in self.script_words:
            return True
        # A script sets data-foo-bar through element.dataset.fooBar.
        if name.startswith("data-"):
            parts = name[5:].split("-")
            key = parts[0] + "".join(part.capitalize() for part in parts[1:])
            return key in self.script_words
        return False


def _split_selectors(prelude: list) -> list[list]:
    """A selector list's complex selectors, as token lists."""
    selectors, current = [], []
    for token in prelude:
        if isinstance(token, LiteralToken) and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return selectors


def selector_can_match(tokens: list, used: UsedNames) -> bool:
    """False only when the selector needs a class, id, element or attribute the site never has.

    Names inside functional pseudo-classes (`:not()`, `:is()`, `:has()`, ...) are not required,
    so such selectors are judged by the rest of their parts only.
    """
    previous = None
    for token in tokens:
        if isinstance(token, IdentToken):
            if isinstance(previous, LiteralToken) and previous.value == ".":
                if not used.has_class(token.value):
                    return False
            elif isinstance(previous, LiteralToken) and previous.value == ":":
                pass  # a pseudo-class or pseudo-element
            elif not used.has_element(token.value):
                return False
        elif isinstance(token, HashToken) and token.is_identifier:
            if not used.has_id(token.value):
                return False
        elif isinstance(token, SquareBracketsBlock):
            name = next((t.value for t in token.content if isinstance(t, IdentToken)), None)
            if name is not None and not used.has_attribute(name):
                return False
        previous = token
    return True


def _compact(tokens: Iterable) -> str:
    """Tokens serialised with every run of whitespace as one space, comments dropped."""
    parts = []
    for token in tokens:
        if isinstance(token, WhitespaceToken):
            if parts and parts[-1] != " ":
                parts.append(" ")
        elif token.type != "comment":
            parts.append(tinycss2.serialize([token]))
    return "".join(parts).strip()


def _compact_selector(tokens: list) -> str:
    text = _compact(tokens)
    return re.sub(r"\s*([>+~])\s*", r"\1", text)


@dataclass
class _Declaration:
    name: str
    value: str
    important: bool

    def css(self) -> str:
        return f"{self.name}:{self.value}{'!important' if self.important else ''}"


@dataclass
class _Rule:
    """A style rule or an at-rule; `children` for grouping at-rules, `raw` for kept-whole ones."""

    prelude: str
    declarations: list[_Declaration] = field(default_factory=list)
    children: list[_Rule] | None = None
    raw: str | None = None
    at_keyword: str | None = None

    def css(self) -> str:
        if self.raw is not None:
            return self.raw
        if self.children is not None:
            inner = "".join(child.css() for child in self.children)
            return f"@{self.at_keyword} {self.prelude}{{{inner}}}" if inner else ""
        if not self.declarations:
            return ""
        body = ";".join(declaration.css() for declaration in self.declarations)
        head = f"@{self.at_keyword} {self.prelude}".strip() if self.at_keyword else self.prelude
        return f"{head}{{{body}}}"


def _declarations(content: list) -> list[_Declaration] | None:
    """The rule's declarations, or None when its block holds anything else (nested rules)."""
    found = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if isinstance(item, Declaration):
            found.append(_Declaration(item.name, _compact(item.value), item.important))
        elif item.type != "error":
            return None
    return found


def _style_rule(rule: QualifiedRule, used: UsedNames) -> _Rule | None:
    kept = [s for s in _split_selectors(rule.prelude) if selector_can_match(s, used)]
    if not kept:
        return None
    prelude = ",".join(_compact_selector(selector) for selector in kept)
    declarations = _declarations(rule.content)
    if declarations is None:
        return _Rule(prelude, raw=f"{prelude}{{{_compact(rule.content)}}}")
    return _Rule(prelude, declarations)


def _at_rule(rule: AtRule, used: UsedNames) -> _Rule | None:
    keyword = rule.lower_at_keyword
    prelude = _compact(rule.prelude)
    if keyword in ("charset", "import"):
        return None  # the sheet is written as UTF-8 and its imports are inlined by the caller
    if keyword in _GROUPING_AT_RULES and rule.content is not None:
        children = _rules(tinycss2.parse_blocks_contents(rule.content), used)
        return _Rule(prelude, children=children, at_keyword=keyword)
    if keyword == "font-face":
        return _Rule("", _declarations(rule.content) or [], at_keyword=keyword)
    if rule.content is None:
        return _Rule(prelude, raw=f"@{keyword} {prelude};", at_keyword=keyword)
    return _Rule(
        prelude, raw=f"@{keyword} {prelude}{{{_compact(rule.content)}}}", at_keyword=keyword
    )


def _rules(nodes: Iterable, used: UsedNames) -> list[_Rule]:
    kept = []
    for node in nodes:
        if isinstance(node, QualifiedRule):
            rule = _style_rule(node, used)
        elif isinstance(node, AtRule):
            rule = _at_rule(node, used)
        else:
            continue
        if rule is not None:
            kept.append(rule)
    return kept


def _walk(rules: list[_Rule]) -> Iterable[_Rule]:
    for rule in rules:
        yield rule
        if rule.children:
            yield from _walk(rule.children)


def _drop_unread_custom_properties(rules: list[_Rule], used: UsedNames) -> None:
    """Remove `--name: value` declarations no kept rule, page or script reads, until none is left
    (dropping one can leave another unread)."""
    while True:
        read = set(used.custom_properties)
        for rule in _walk(rules):
            text = rule.raw or ";".join(d.value for d in rule.declarations)
            read.update(_VAR_USE.findall(text))
        dropped = False
        for rule in _walk(rules):
            before = len(rule.declarations)
            rule.declarations = [
                d for d in rule.declarations if not d.name.startswith("--") or d.name in read
            ]
            dropped |= len(rule.declarations) != before
        if not dropped:
            return


def _drop_unused_keyframes(rules: list[_Rule]) -> list[_Rule]:
    text = "".join(
        rule.css()
        for rule in _walk(rules)
        if rule.children is None and rule.at_keyword not in _KEYFRAMES
    )
    words = set(_WORD.findall(text))

    def keep(rule: _Rule) -> bool:
        return rule.at_keyword not in _KEYFRAMES or rule.prelude in words

    for rule in _walk(rules):
        if rule.children:
            rule.children = [child for child in rule.children if keep(child)]
    return [rule for rule in rules if keep(rule)]


def _font_name(text: str) -> str:
    return text.replace("\\", "").replace('"', "").replace("'", "").strip()


def _drop_unused_font_faces(rules: list[_Rule]) -> list[_Rule]:
    """A @font-face stays only if a kept rule names its family (in font, font-family or in a
    custom property such as Font Awesome's --fa-font-solid)."""
    text = _font_name(
        "".join(
            rule.css()
            for rule in _walk(rules)
            if rule.children is None and rule.at_keyword != "font-face"
        )
    )

    def keep(rule: _Rule) -> bool:
        if rule.at_keyword != "font-face":
            return True
        family = next((d.value for d in rule.declarations if d.name == "font-family"), "")
        return bool(_font_name(family)) and _font_name(family) in text

    for rule in _walk(rules):
        if rule.children:
            rule.children = [child for child in rule.children if keep(child)]
    return [rule for rule in rules if keep(rule)]


def trim_stylesheet(css: str, used: UsedNames) -> str:
    """The rules of `css` that can apply to the site described by `used`, minified."""
    nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    rules = _rules(nodes, used)
    _drop_unread_custom_properties(rules, used)
    rules = _drop_unused_keyframes(rules)
    rules = _drop_unused_font_faces(rules)
    return "".join(rule.css() for rule in rules)
