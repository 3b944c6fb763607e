"""A notice or intro with list items reads as a list in the plain mode: items wrapped with a
hanging indent, source line breaks not kept."""

from __future__ import annotations

from interviewer.frontends.plain import _wrap
from interviewer.markdown_blocks import Block, markdown_blocks

NOTICE = """Before we start:

- **Who reads it.** The consulting team reads your transcript and the maturity report made
  from it. The report, which may include your own words, is shared with the sponsor who
  commissioned the discovery.
- **Deletion.** Ask at any time.

You can skip any question."""


def test_items_take_the_lines_under_them():
    assert markdown_blocks(NOTICE) == [
        Block("paragraph", "Before we start:"),
        Block(
            "item",
            "**Who reads it.** The consulting team reads your transcript and the maturity "
            "report made from it. The report, which may include your own words, is shared "
            "with the sponsor who commissioned the discovery.",
        ),
        Block("item", "**Deletion.** Ask at any time."),
        Block("paragraph", "You can skip any question."),
    ]


def test_the_plain_mode_wraps_an_item_with_a_hanging_indent():
    lines = _wrap(NOTICE).split("\n")
    assert lines[0] == "Before we start:" and lines[1] == ""
    assert lines[2].startswith("- Who reads it.")
    item = lines[2 : lines.index("- Deletion. Ask at any time.")]
    assert len(item) == 3 and all(line.startswith("  ") for line in item[1:])
    assert all(len(line) <= 88 for line in lines)
    assert all(len(line.split()) > 1 for line in lines if line)  # no word left on its own line
    assert lines[-2:] == ["", "You can skip any question."]
