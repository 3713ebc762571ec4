"""The typed Story that the story format, the engines and the apps share.

A Story is plain data: the parser makes one, the writer turns one back into
text, and the stories app stores one. Line numbers point into the source file
so that errors and editors can name the line a block came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "subhead", "list"]


@dataclass(frozen=True)
class Block:
    """One block of the Deep Look body, in story order.

    ``text`` holds a paragraph's or subhead's text; ``items`` holds a list's
    items (without their bullet marks). ``line`` is the 1-based line number in
    the source where the block starts (0 when the story was not read from text).
    """

    kind: BlockKind
    text: str = ""
    items: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Story:
    headline: str
    outlet: str = ""
    dateline: str = ""
    bylines: tuple[str, ...] = ()
    show: str = ""
    standfirst: str = ""
    quick_looks_label: str = ""
    quick_looks: tuple[str, ...] = ()
    deep_look_headline: str = ""
    deep_look_dateline: str = ""
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def needs_quick_looks(self) -> bool:
        """True when the story arrived without a Quick Looks box of its own."""
        return not self.quick_looks

    def deep_look_text(self) -> str:
        """The Deep Look as one plain text, the text every offset refers to.

        Blocks are separated by a blank line; list items stand one per line
        with a ``- `` mark. The first paragraph keeps its dateline, exactly
        as written. Quick Looks provenance, quotes and figures all store
        character spans into this string, so it must never change shape
        without a data migration.
        """
        parts = []
        for block in self.blocks:
            if block.kind == "list":
                parts.append("\n".join(f"- {item}" for item in block.items))
            else:
                parts.append(block.text)
        return "\n\n".join(parts)
