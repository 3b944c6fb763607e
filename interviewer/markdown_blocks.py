"""Script text's simple Markdown cut into paragraphs and list items, so each front end can lay
an item out with a hanging indent instead of wrapping its source lines one by one."""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

BULLET = re.compile(r"^\s*[-+*]\s+")


class Block(NamedTuple):
    kind: Literal["paragraph", "item"]
    text: str  # the block's lines joined into one, its bullet marker removed


def markdown_blocks(text: str) -> list[Block]:
    """Blank lines end a block; a line starting with `-`, `+` or `*` starts a list item, and
    the lines under it go on with it."""
    blocks: list[Block] = []
    current: Block | None = None
    for line in text.strip().split("\n"):
        if not line.strip():
            current = None
        elif BULLET.match(line):
            current = Block("item", BULLET.sub("", line).strip())
            blocks.append(current)
        elif current is None:
            current = Block("paragraph", line.strip())
            blocks.append(current)
        else:
            current = Block(current.kind, f"{current.text} {line.strip()}")
            blocks[-1] = current
    return blocks
