"""The fast parse of cut-out pieces builds exactly the tree BeautifulSoup on lxml builds.

Platform rules are written against BeautifulSoup; `verifier.detect.soup.parse` builds its
objects from lxml's finished tree for speed, and must never change what the rules see.
"""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import SEED_TEXT, SHARED, tweet_blockquote

from verifier.detect.soup import parse

EDGE_CASES = [
    "",
    "  ",
    "<!---->x<!-- -->",
    "<pre> </pre><p> \n </p>",
    "<?php x ?><p>a</p>",
    "<!DOCTYPE html><p>x",
    "<template><p>a</p> b</template>",
    "<script>a<b</script><style> </style>",
    "<p class='a  b' rel=x>x</p><a rel='n f'>",
    "<svg><use xlink:href='#a'/></svg><p xml:lang=en>",
    "<table><p>x</table>",
    "text only",
    "<textarea> <b>\n</b></textarea>",
    "<input checked disabled><option selected=selected>",
    "<script defer src=x></script><iframe allowfullscreen src=y></iframe>",
    "<div>" * 300 + "x",
    "a\x00b<p>c</p>",
    "<p>\x01\x0b</p>",
    '<?xml version="1.0" encoding="utf-8"?><p>x</p>',
    tweet_blockquote(SEED_TEXT),
]


def shape(soup: BeautifulSoup) -> list[Any]:
    """Every node with its kind, links to its neighbours, name, attributes and text."""
    nodes = list(soup.descendants)
    index = {id(node): i for i, node in enumerate(nodes)}
    index[id(soup)] = -1
    rows: list[Any] = []
    for node in nodes:
        row = [
            type(node).__name__,
            index.get(id(node.parent)),
            index.get(id(node.previous_sibling)),
            index.get(id(node.next_sibling)),
            index.get(id(node.next_element)),
        ]
        if isinstance(node, Tag):
            row += [node.name, sorted((k, repr(v)) for k, v in node.attrs.items())]
        else:
            row.append(str(node))
        rows.append(row)
    return rows


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")
@pytest.mark.parametrize("markup", EDGE_CASES)
def test_edge_cases_parse_to_the_same_tree(markup: str) -> None:
    expected = BeautifulSoup(markup, "lxml")
    assert shape(parse(markup)) == shape(expected)
    assert str(parse(markup)) == str(expected)


def test_real_pages_parse_to_the_same_tree() -> None:
    pages = sorted((SHARED / "corpus" / "pages").glob("*.html"))[:12]
    if not pages:
        pytest.skip("the shared corpus is not here (only on the team's machines and CI)")
    for page in pages:
        markup = page.read_bytes().decode("utf-8", "replace")
        assert shape(parse(markup)) == shape(BeautifulSoup(markup, "lxml")), page.name
