"""BeautifulSoup's tree for the cut-out pieces, built from a tree lxml parsed in one call.

BeautifulSoup on lxml drives lxml's parser through Python callbacks, one per tag and string,
and most of its time goes to them (its stack of open tags, its string buffer, each tag's end).
Here lxml parses the pieces alone, in C, and its finished tree is turned into BeautifulSoup's
objects directly: the same parser (libxml2's HTML parser, as `BeautifulSoup(markup, "lxml")`
uses), so the same elements, strings and attributes, with BeautifulSoup's own rules for them
(whitespace-only strings collapsed outside `<pre>` and `<textarea>`, script and style strings
typed as such, multi-valued attributes such as `class` split). The platforms' rules therefore
see the tree they would see from `BeautifulSoup(markup, "lxml")`.
"""

from __future__ import annotations

import warnings
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import PageElement, nonwhitespace_re
from lxml import etree

_SPACES = BeautifulSoup.ASCII_SPACES
# Attributes to which libxml2 gives their own name as value when they stand without one.
_BOOLEAN = frozenset(
    "checked compact declare defer disabled ismap multiple nohref noresize noshade nowrap"
    " readonly selected".split()
)


# libxml2 stops building a tree this deep (256, without its "huge" option), while it keeps
# telling BeautifulSoup's callbacks what follows: a tree near that depth is left to them.
_MAX_DEPTH = 250


class _Builder(LXMLTreeBuilder):
    """`BeautifulSoup(markup, builder=_Builder())` with the tree built as described above."""

    def feed(self, markup: Any) -> None:
        soup = self.soup
        assert soup is not None
        try:
            root = etree.fromstring(markup, etree.HTMLParser(recover=True, default_doctype=False))
        except (ValueError, LookupError, etree.LxmlError):  # what lxml refuses alone (NUL, ...)
            root = None
        if root is None or not _build(root, soup, self):
            # A tree cannot tell `<script defer>` (which BeautifulSoup reads as `defer=""`)
            # from `defer="defer"`, keeps a doctype apart and stops at a depth: BeautifulSoup
            # parses these, and whatever lxml alone refuses, as it always has.
            soup.reset()
            super().feed(markup)

    # By tag name, for BeautifulSoup's default list-valued attributes (the only ones `parse`
    # asks for); bounded, as pages make up tag names.
    _list_valued: dict[str, frozenset[str]] = {}

    def _replace_cdata_list_attribute_values(self, tag_name: str, attrs: Any) -> Any:
        """BeautifulSoup's own (`class="a b"` becomes a list), with the attributes that hold
        lists looked up once per tag name rather than for every tag."""
        if not attrs or not self.cdata_list_attributes:
            return attrs
        names = self._list_valued.get(tag_name)
        if names is None:
            lists = self.cdata_list_attributes
            names = frozenset(lists.get("*", set()) | lists.get(tag_name.lower(), set()))
            if len(self._list_valued) < 1024:
                self._list_valued[tag_name] = names
        for name in names.intersection(attrs):
            value = attrs[name]
            if isinstance(value, str):
                attrs[name] = self.attribute_value_list_class(nonwhitespace_re.findall(value))
        return attrs


def _build(root: Any, soup: BeautifulSoup, builder: LXMLTreeBuilder) -> bool:
    """Build the soup from lxml's tree; False where the tree cannot say what BeautifulSoup
    would have built."""
    if root.getroottree().docinfo.doctype:
        return False
    state = _State(soup, builder)
    for node in _roots(root):
        state.node(node, soup, False, None, 0)
    soup._most_recent_element = state.last
    return not state.ambiguous


def _roots(root: Any) -> list[Any]:
    """The document's top-level nodes in order: comments and PIs before and after the root."""
    before = []
    node = root.getprevious()
    while node is not None:
        before.append(node)
        node = node.getprevious()
    after = []
    node = root.getnext()
    while node is not None:
        after.append(node)
        node = node.getnext()
    return [*reversed(before), root, *after]


class _State:
    def __init__(self, soup: BeautifulSoup, builder: LXMLTreeBuilder) -> None:
        self.soup = soup
        self.builder = builder
        self.last: PageElement | None = None
        self.ambiguous = False
        self.containers = builder.string_containers
        self.preserving = builder.preserve_whitespace_tags
        self.attribute_dict_class = builder.attribute_dict_class
        self.namespaces = builder.active_namespace_prefixes[-1]

    def string(
        self, text: str, parent: Tag, preserve: bool, container: type[NavigableString] | None
    ) -> None:
        if not preserve and not text.strip(_SPACES):
            text = "\n" if "\n" in text else " "
        self._append((container or NavigableString)(text), parent)

    def _append(self, element: PageElement, parent: Tag) -> None:
        element.setup(parent, self.last)
        parent.contents.append(element)
        self.last = element

    def node(
        self,
        node: Any,
        parent: Tag,
        preserve: bool,
        container: type[NavigableString] | None,
        depth: int,
    ) -> None:
        """`node` and its tail, as strings and tags of `parent`."""
        tag_name = node.tag
        if isinstance(tag_name, str):
            self.element(node, tag_name, parent, preserve, container, depth + 1)
        elif tag_name is etree.Comment:
            text = node.text or ""
            if not preserve and not text.strip(_SPACES):  # as BeautifulSoup: even when empty
                text = "\n" if "\n" in text else " "
            self._append(Comment(text), parent)
        elif tag_name is etree.ProcessingInstruction:
            data = node.target + " " + (node.text or "")
            self._append(self.builder.processing_instruction_class(data), parent)
        # Entities and other node types do not occur in an HTML parse.
        tail = node.tail
        if tail:
            self.string(tail, parent, preserve, container)

    def element(
        self,
        node: Any,
        name: str,
        parent: Tag,
        preserve: bool,
        container: type[NavigableString] | None,
        depth: int,
    ) -> None:
        if depth >= _MAX_DEPTH:
            self.ambiguous = True
            return
        attrs = self.attribute_dict_class(node.items())  # strings: nothing to convert
        if attrs and _BOOLEAN.intersection(attrs):
            self.ambiguous |= any(attrs[k] == k for k in _BOOLEAN.intersection(attrs))
        tag = Tag(
            self.soup,
            self.builder,
            name,
            None,
            None,
            attrs,
            parent,
            self.last,
            namespaces=self.namespaces,
        )
        parent.contents.append(tag)
        self.last = tag
        if name in self.preserving:
            preserve = True
        if name in self.containers:
            container = self.containers[name]
        text = node.text
        if text:
            self.string(text, tag, preserve, container)
        for child in node:
            self.node(child, tag, preserve, container, depth)


def parse(markup: str) -> BeautifulSoup:
    """What `BeautifulSoup(markup, "lxml")` gives, built faster."""
    with warnings.catch_warnings():
        # XHTML pages are read as the HTML browsers render; bs4 would warn that they are XML.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup, builder=_Builder())


def free_tree(soup: BeautifulSoup) -> None:
    """Break a finished tree's reference cycles (each element and its parent, siblings and
    neighbours in document order), so that it is freed as soon as it is dropped rather than left
    to Python's cyclic garbage collector, whose passes over thousands of young objects a page
    cost more than this walk. Nothing of the tree may be used afterwards."""
    node: Any = soup.contents[0] if soup.contents else None
    while node is not None:
        following = node.next_element
        node.__dict__.clear()
        node = following
    for node in soup.contents:
        node.__dict__.clear()
    soup.__dict__.clear()
