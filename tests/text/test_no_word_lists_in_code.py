"""Word lists live once, as data, in quicklooks/text/vocabulary: no text-core module spells one out.

The scan reads every module of the text core and flags a literal collection
of five or more lower-case words: a set, list or tuple of strings, or a
``"a b c d e".split()``. Dependency relation labels ("nsubj", "advcl") are the
parser's label set, not English words, and do not count. What must stay in
code is named in ALLOWED with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

TEXT_CORE = Path(__file__).resolve().parents[2] / "src" / "quicklooks" / "text"
MIN_WORDS = 5
_WORD = re.compile(r"^[a-z][a-z'’-]*$")
# Universal Dependencies v2 relations (a subtype "x:y" is never a word).
UD_RELATIONS = frozenset(
    "acl advcl advmod amod appos aux case cc ccomp clf compound conj cop csubj dep det discourse "
    "dislocated expl fixed flat goeswith iobj list mark nmod nsubj nummod obj obl orphan parataxis "
    "punct reparandum root vocative xcomp".split()
)
# (module, name the literal is assigned to): why it stays in code.
ALLOWED = {
    ("storyformat.py", "META_FIELDS"): "the story format's field names (docs/story-format.md), part of the file format",
}


def _strings(node: ast.AST) -> list[str] | None:
    """The strings of a literal collection, or of a string literal split on whitespace."""
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        if node.elts and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            return [e.value for e in node.elts]
    if (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
        and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
    ):
        return node.func.value.value.split()
    return None


def word_lists(source: str, module: str) -> list[str]:
    """Each word list ``source`` defines in code, as "module:line: words", allowed ones left out."""
    tree = ast.parse(source)
    allowed: set[int] = set()  # ids of literals ALLOWED names, and of Literal[...] type arguments
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and (module, t.id) in ALLOWED for t in targets):
                allowed |= {id(n) for n in ast.walk(node.value)}
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Literal":
            allowed |= {id(n) for n in ast.walk(node.slice)}
    found = []
    for node in ast.walk(tree):
        if id(node) in allowed:
            continue
        strings = _strings(node)
        if strings is None:
            continue
        words = [s for s in strings if _WORD.match(s) and s not in UD_RELATIONS]
        if len(words) >= MIN_WORDS:
            found.append(f"{module}:{node.lineno}: {' '.join(words[:8])}{' ...' if len(words) > 8 else ''}")
    return found


def test_the_scan_finds_each_kind_of_word_list():
    source = '''
A = frozenset("however meanwhile still instead also".split())
B = {"monday", "tuesday", "wednesday", "thursday", "friday"}
C = ("who", "whom", "whose", "which", "that")
def f(w):
    return w in ["about", "around", "nearly", "almost", "some"]
'''
    assert len(word_lists(source, "made_up.py")) == 4


def test_the_scan_leaves_relations_short_lists_and_allowed_names():
    source = '''
REQUIRED = frozenset("nsubj obj iobj ccomp xcomp cop aux mark case det".split())
SMALL = ("a", "an", "the")
META_FIELDS = ("headline", "outlet", "dateline", "author", "show", "standfirst")
Kind = Literal["empty", "number", "name", "quote", "negation", "comparison"]
'''
    assert word_lists(source, "storyformat.py") == []
    assert len(word_lists(source, "another.py")) == 1  # META_FIELDS is allowed only where it is named


@pytest.mark.parametrize("path", sorted(TEXT_CORE.glob("*.py")), ids=lambda p: p.name)
def test_no_text_core_module_defines_a_word_list(path: Path):
    found = word_lists(path.read_text(encoding="utf-8"), path.name)
    assert found == [], (
        "Word lists belong in src/quicklooks/text/vocabulary/ as data (one file per list, a header "
        "saying what it is for and who reads it), read with vocabulary.words(): " + "; ".join(found)
    )
