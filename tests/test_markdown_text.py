"""Untrusted text in Markdown: it adds no structure wherever it is put, and an ordinary sentence
reads as written when the Markdown is read raw (no backslash before a period or a hyphen)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from interviewer.markdown_text import block, inline
from interviewer.textsafe import strip_control

# what CommonMark, GitHub tables and strikethrough give meaning to, and their neighbours
MARKUP = [*"\\`*_{}[]()#+-.!|<>~&=:;/@ \n\t1aZé", "&amp;", "&#35;", "http://x", "1. "]
TEXT = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=3)), max_size=30).map("".join)


def _parser(html: bool = False) -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": html}).enable("table").enable("strikethrough")


def _folded(text: str) -> str:
    return " ".join(strip_control(text).split())


def _only_text(children: list[Token] | None) -> str:
    assert children is not None
    kinds = {t.type for t in children}
    assert kinds <= {"text"}, kinds  # no emphasis, link, image, code, html, break, strike
    return "".join(t.content for t in children)


def _single_block(tokens: list[Token], opening: str) -> list[Token]:
    """The one block of `opening` type in the document, and its inline children."""
    opened = [t for t in tokens if t.type.endswith("_open")]
    assert [t.type for t in opened] == [opening], [t.type for t in opened]
    children = next(t for t in tokens if t.type == "inline").children
    assert children is not None
    return children


@settings(max_examples=600, deadline=None)
@given(TEXT)
@example("GLM-plus-GBM. Foundation (months 1-6)!")
@example("# heading")
@example("1. first")
@example("---")
@example("===")
@example("- item")
@example("> quote")
@example("<script>alert(1)</script>")
@example("a\\")
@example("*a*")
@example("_a_")
@example("a_b_c")
@example("x*y*z")
@example("~~gone~~")
@example("`code`")
@example("[a](b)")
@example("[a]: /url")
@example("&copy; &#35;")
@example("heading ##")
@example("<http://example.com>")
@example("<1@x.io> <5 days <a href=x> <!-- c --> <?p?> </b> <=")
def test_inline_text_is_one_paragraph_of_its_own_text(text):
    expected = _folded(text)
    if not expected:
        return
    # raw HTML on as well, as GitHub renders it: nothing may read as a tag either
    for md in (_parser(), _parser(html=True)):
        for before in ("", "Said: "):  # at a line start, and after other text
            children = _single_block(md.parse(before + inline(text)), "paragraph_open")
            assert _only_text(children) == before + expected


@settings(max_examples=600, deadline=None)
@given(TEXT)
@example("a|b")
@example("a\\|b")
@example("|")
@example("- | -")
def test_inline_text_is_one_table_cell_of_its_own_text(text):
    expected = _folded(text)
    if not expected:
        return
    tokens = _parser(html=True).parse(f"| Head | Other |\n| --- | --- |\n| {inline(text)} | x |\n")
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 2 and len([t for t in tokens if t.type == "tr_open"]) == 2
    first = tokens[tokens.index(cells[0]) + 1]
    assert _only_text(first.children) == expected


@settings(max_examples=600, deadline=None)
@given(TEXT)
@example("line one\n# two\n---\n1) three\n===")
def test_block_text_is_one_paragraph_of_its_own_lines(text):
    lines = [" ".join(line.split()) for line in strip_control(text).splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        assert block(text) == "(empty)"
        return
    md = _parser(html=True).parse("**Answer:** " + block(text))
    children = _single_block(md, "paragraph_open")
    children = [t for t in children if t.type != "text" or t.content]
    kinds = [t.type for t in children]
    assert kinds[:3] == ["strong_open", "text", "strong_close"]
    rest = children[3:]
    assert {t.type for t in rest} <= {"text", "hardbreak"}
    said = "".join("\n" if t.type == "hardbreak" else t.content for t in rest)
    assert said == " " + "\n".join(lines)


@pytest.mark.parametrize(
    "sentence",
    [
        "GLM-plus-GBM. Foundation (months 1-6)!",
        "We retrain monthly (sometimes weekly); it takes 2-3 days.",
        "R&D owns it: see the wiki, e.g. the on-call page.",
        "Half the models use snake_case names, 2 * 3 = 6, and a < b.",
        "Deploys take <1 day, retrains <= 3 hours, at >99% uptime.",
        "3.5 models a year, 100% manual - no CI/CD yet?",
        "Foundation: months 1-6",
    ],
)
def test_an_ordinary_sentence_keeps_no_backslash(sentence):
    assert inline(sentence) == sentence
    assert block(sentence + "\n" + sentence) == f"{sentence}  \n{sentence}"


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("2. not a list", "2\\. not a list"),
        ("a | b", "a \\| b"),
        ("*not* _emphasis_", "\\*not\\* \\_emphasis\\_"),
        ("<b>bold</b>", "&lt;b>bold&lt;/b>"),
        ("[link](x)", "\\[link\\](x)"),
        ("`tick`", "\\`tick\\`"),
        ("a &amp; b", "a &amp;amp; b"),
        ("first\nsecond", "first second"),
        ("red \x1b[31mtext\x1b[0m", "red text"),
    ],
)
def test_structure_is_escaped_where_it_would_open(said, written):
    assert inline(said) == written
