"""One analysis of a story that every engine reads: blocks, sentences, tokens, parse, names.

:func:`analyse` takes a :class:`~quicklooks.text.story.Story` (its Deep Look)
or plain news text and makes one pass over it:

- **blocks** come straight from the story parser (paragraph, subhead, list
  item, list introduction); plain text is read into blocks by the same rules
  the story format uses, here and nowhere else;
- **sentences** come from our own splitter (:mod:`quicklooks.text.sentences`),
  whose boundaries are handed to the parser: the parser's own are weaker;
- **tokens** carry the shipped pipeline's part of speech, Penn tag,
  morphology, dependency head and relation, and a lemma from lemminflect;
- **names** are the pipeline's person, organisation and place spans.

Every offset points into :attr:`Document.text`, the Deep Look text that
stored provenance, quotes and figures refer to. A Document is frozen; the
last few analyses are kept, so engines that each call :func:`analyse` on the
same story pay for it once. A Story's is kept by its Deep Look blocks (the
headline rides along), never by its Quick Looks or meta line, so the same
story rebuilt from the database finds the analysis its import made.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields, make_dataclass, replace
from functools import lru_cache
from itertools import accumulate
from operator import add
from typing import Iterator, Literal

from quicklooks.text import inflection
from quicklooks.text.pipeline import load as load_pipeline
from quicklooks.text.sentences import Sentence, split_sentences
from quicklooks.text.story import Block as StoryBlock
from quicklooks.text.story import Story
from quicklooks.text.storyformat import looks_like_subhead

BlockKind = Literal["paragraph", "subhead", "item", "list_intro"]
NameKind = Literal["person", "organization", "place", "other"]

_NAME_KINDS = {"PERSON": "person", "ORG": "organization", "PLACE": "place", "MISC": "other"}
# lemminflect knows these parts of speech; the rest keep their lower-cased form.
_INFLECTED = frozenset({"NOUN", "VERB", "AUX", "ADJ", "ADV"})
_LIST_MARK = re.compile(r"[ \t]*(?:[-*•–]|\d{1,3}[.)])[ \t]+")


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the Deep Look: ``text[start:end]`` (a list item without its mark)."""

    kind: BlockKind
    start: int
    end: int
    line: int = 0  # 1-based line in the story file, 0 when not read from a file


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # position among the document's tokens
    start: int
    end: int
    text: str
    lemma: str
    upos: str  # Universal POS ("VERB", "PROPN", ...)
    xpos: str  # Penn Treebank tag ("VBD", "NNP", ...)
    morph: str  # UD features, "Tense=Past|VerbForm=Fin"
    head: int  # the head token's ``i``; a sentence's root is its own head
    dep: str  # UD relation ("nsubj", "ccomp", "root", ...)
    sentence: int  # index into Document.sentences

    def feature(self, name: str) -> str:
        """One morphological feature's value ("Past" for "Tense"), or ''."""
        for pair in self.morph.split("|"):
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return ""


# A Token is frozen, so its generated __init__ sets each of its eleven fields
# through object.__setattr__; for the ten thousand tokens of a long story that
# was a third of building the Document. _document fills this open twin, whose
# slots are the same and in the same order, with plain assignments, then
# makes it the Token it is (a class change CPython allows between classes of
# one layout): the same object a Token(...) call gives, made in a third of
# the time.
_TokenDraft = make_dataclass("_TokenDraft", [(f.name, f.type) for f in fields(Token)],
                             slots=True, eq=False, repr=False, match_args=False)
assert _TokenDraft.__slots__ == Token.__slots__


@dataclass(frozen=True, slots=True)
class Name:
    """A named person, organisation, place or other name: ``text[start:end]``."""

    kind: NameKind
    start: int
    end: int
    text: str
    first: int  # first token's i
    last: int  # last token's i (inclusive)


@dataclass(frozen=True)
class Document:
    text: str
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]
    names: tuple[Name, ...]
    headline: str = ""
    # Indexes built once in analyse(); not part of equality.
    sentence_token_ranges: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)
    child_indexes: tuple[tuple[int, ...], ...] = field(default=(), compare=False, repr=False)
    sentence_blocks: tuple[int, ...] = field(default=(), compare=False, repr=False)
    _token_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)
    _sentence_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)
    _name_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)

    # --- navigation -------------------------------------------------------------
    def sentence_tokens(self, index: int) -> tuple[Token, ...]:
        first, stop = self.sentence_token_ranges[index]
        return self.tokens[first:stop]

    def children(self, token: Token | int) -> tuple[Token, ...]:
        i = token if isinstance(token, int) else token.i
        # map() over the indexes, not a generator: the speakers' and cues'
        # walks call this for most tokens of a story.
        return tuple(map(self.tokens.__getitem__, self.child_indexes[i]))

    def head(self, token: Token) -> Token:
        return self.tokens[token.head]

    def root(self, sentence: int) -> Token | None:
        for token in self.sentence_tokens(sentence):
            if token.head == token.i:
                return token
        return None

    def subtree(self, token: Token | int) -> tuple[Token, ...]:
        """The token and everything it governs, in text order."""
        i = token if isinstance(token, int) else token.i
        found, stack = [], [i]
        while stack:
            k = stack.pop()
            found.append(k)
            stack.extend(self.child_indexes[k])
        return tuple(map(self.tokens.__getitem__, sorted(found)))

    def span_of(self, tokens: tuple[Token, ...] | list[Token]) -> tuple[int, int]:
        """Character span from the first token's start to the last one's end."""
        return tokens[0].start, tokens[-1].end

    def token_at(self, offset: int) -> Token | None:
        """The token covering character ``offset``, or None (whitespace, marks)."""
        k = bisect_right(self._token_starts, offset) - 1
        if k >= 0 and self.tokens[k].start <= offset < self.tokens[k].end:
            return self.tokens[k]
        return None

    def tokens_in(self, start: int, end: int) -> tuple[Token, ...]:
        """Tokens lying wholly inside ``text[start:end]``."""
        # The tokens starting inside the span are one slice of the sorted
        # starts; only their ends need a look.
        first = bisect_right(self._token_starts, start - 1)
        stop = bisect_left(self._token_starts, end, first)
        return tuple([t for t in self.tokens[first:stop] if t.end <= end])

    def sentence_at(self, offset: int) -> Sentence | None:
        # Sentences are in text order, so a binary search finds the one that
        # starts at or before the offset; engines call this once per quote.
        k = bisect_right(self._sentence_starts, offset) - 1
        if k >= 0 and offset < self.sentences[k].end:
            return self.sentences[k]
        return None

    def block_of(self, sentence: Sentence | int) -> Block:
        index = sentence if isinstance(sentence, int) else sentence.index
        return self.blocks[self.sentence_blocks[index]]

    def names_in(self, start: int, end: int) -> Iterator[Name]:
        # Names are in text order: start at the first that can fit and stop
        # at the first that starts past the end, so a loop over sentences
        # stays linear in the story's length.
        k = bisect_right(self._name_starts, start - 1)
        while k < len(self.names) and self.names[k].start < end:
            if self.names[k].end <= end:
                yield self.names[k]
            k += 1


# --- analysis ------------------------------------------------------------------------
def analyse(story_or_text: Story | str) -> Document:
    """Analyse a Story's Deep Look, or plain news text, into a :class:`Document`."""
    if isinstance(story_or_text, Story):
        # Keyed by what the analysis reads, the headline and the Deep Look's
        # blocks, not the whole Story: one rebuilt from the database after its
        # Quick Looks, label or meta line were written is the same analysis.
        # Blocks compare without their line numbers (Story's own equality),
        # so two stories with the same text share one Document and its lines.
        return _analyse_story(story_or_text.headline, tuple(story_or_text.blocks))
    if not isinstance(story_or_text, str):
        raise TypeError(f"analyse() takes a Story or a str, not {type(story_or_text).__name__}")
    return _analyse_text(story_or_text)


@lru_cache(maxsize=32)
def _analyse_story(headline: str, story_blocks: tuple[StoryBlock, ...]) -> Document:
    # Only the blocks are parsed; the headline rides along for the label. A
    # new headline over the same Deep Look (a desk edit) keeps the parse.
    parsed = _analyse_story_blocks(story_blocks)
    return parsed if parsed.headline == headline else replace(parsed, headline=headline)


@lru_cache(maxsize=32)
def _analyse_story_blocks(story_blocks: tuple[StoryBlock, ...]) -> Document:
    text = Story("", blocks=story_blocks).deep_look_text()
    blocks: list[Block] = []
    at = 0
    for number, block in enumerate(story_blocks):
        if number:
            at += 2  # the blank line deep_look_text() puts between blocks
        if block.kind == "list":
            for k, item in enumerate(block.items):
                if k:
                    at += 1
                blocks.append(Block("item", at + 2, at + 2 + len(item), block.line + k if block.line else 0))
                at += 2 + len(item)
        else:
            kind: BlockKind = block.kind  # type: ignore[assignment]
            following = story_blocks[number + 1].kind if number + 1 < len(story_blocks) else ""
            if kind == "paragraph" and following == "list" and block.text.rstrip().endswith(":"):
                kind = "list_intro"
            blocks.append(Block(kind, at, at + len(block.text), block.line))
            at += len(block.text)
    return _build(text, blocks, "")


@lru_cache(maxsize=32)
def _analyse_text(text: str) -> Document:
    blocks = read_blocks(text)
    # Plain text that opens with a line of its own, unpunctuated, before a
    # paragraph is a headline, as a story file's first line is: the label
    # shortens it, and it is no sentence of the story to pick as a bullet.
    if len(blocks) > 1 and blocks[0].kind == blocks[1].kind == "paragraph":
        line = text[blocks[0].start:blocks[0].end]
        if "\n" not in line and looks_like_subhead(line):
            return _build(text, blocks[1:], line)
    return _build(text, blocks, "")


def read_blocks(text: str) -> list[Block]:
    """Blocks of plain text: blank lines part paragraphs, marked lines are list items.

    A one-line paragraph with no closing punctuation before more text is a
    subhead, the same test the story format applies (``looks_like_subhead``).
    """
    blocks: list[Block] = []
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    n = len(text)
    paragraph: list[int] | None = None  # [start, end, line]

    def close():
        nonlocal paragraph
        if paragraph is not None:
            blocks.append(Block("paragraph", paragraph[0], paragraph[1], paragraph[2]))
            paragraph = None

    for line_number, start in enumerate(line_starts, start=1):
        end = text.find("\n", start)
        end = n if end < 0 else end
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            close()
            continue
        mark = _LIST_MARK.match(line)
        if mark:
            close()
            content_end = start + len(line.rstrip())
            blocks.append(Block("item", start + mark.end(), content_end, line_number))
            continue
        lead = len(line) - len(line.lstrip())
        content_start, content_end = start + lead, start + len(line.rstrip())
        if paragraph is None:
            paragraph = [content_start, content_end, line_number]
        else:
            paragraph[1] = content_end
    close()
    # Second pass: subheads and list introductions, which need the neighbours.
    out: list[Block] = []
    for k, block in enumerate(blocks):
        kind = block.kind
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if kind == "paragraph":
            body = text[block.start:block.end]
            if "\n" not in body and out and nxt is not None and looks_like_subhead(body):
                kind = "subhead"
            elif body.endswith(":") and nxt is not None and nxt.kind == "item":
                kind = "list_intro"
        out.append(Block(kind, block.start, block.end, block.line))
    return out


def build_document(
    text: str,
    *,
    sentences: list[tuple[int, int]] | None = None,
    words: list[tuple[int, int]] | None = None,
    blocks: list[Block] | None = None,
    headline: str = "",
) -> Document:
    """A Document for text whose segmentation is already known.

    A corpus that comes split and tokenised (a treebank, a benchmark's
    tokenised text) keeps its own boundaries: ``sentences`` are
    ``(start, end)`` spans of ``text``, ``words`` the spans of its word
    tokens, handed to the pipeline as they are. Either may be left out; then
    our splitter or the pipeline's tokenizer decides, as in :func:`analyse`.
    ``blocks`` defaults to the blocks plain text reads into. Not cached:
    callers building from parts keep the Document they get.
    """
    blocks = list(blocks) if blocks is not None else read_blocks(text)
    if not blocks and text.strip():
        blocks = [Block("paragraph", 0, len(text.rstrip()), 1)]
    found = None
    if sentences is not None:
        found = [Sentence(k, a, b, text[a:b]) for k, (a, b) in enumerate(sorted(sentences)) if b > a]
    return _build(text, blocks, headline, sentences=found, words=words)


def _build(
    text: str,
    blocks: list[Block],
    headline: str,
    *,
    sentences: list[Sentence] | None = None,
    words: list[tuple[int, int]] | None = None,
) -> Document:
    if sentences is None:
        sentences = _sentences_in_blocks(text, blocks)
    nlp = load_pipeline()
    pieces = _unparsed(nlp, text, blocks, sentences, words)
    parsed = nlp.pipe((doc for _, doc in pieces), batch_size=_BATCH)
    return _document(text, blocks, headline, sentences, [spans for spans, _ in pieces], parsed, nlp.vocab.strings)


def _document(text: str, blocks: list[Block], headline: str, sentences: list[Sentence],
              piece_spans: list[list[tuple[int, int]]], parsed, strings) -> Document:
    """The Document from the parsed pieces (``parsed`` may be lazy: spaCy's nlp.pipe).

    Each piece's attributes are read as one array and split into columns:
    reading them token by token makes a Python object per token per
    attribute, which cost more than the tagger and morphologizer together,
    and a list per row would still be one more object per token for the
    garbage collector to walk. The loop below makes one Token per token and
    as little else as it can: at 10,000 words the collector's passes over
    what this builds cost as much as building it.
    """
    import numpy  # spaCy's own dependency, loaded with the pipeline
    from spacy.attrs import DEP, HEAD, IS_SPACE, MORPH, POS, TAG

    tokens: list[Token] = []
    token_starts: list[int] = []
    names: list[Name] = []
    ranges: list[list[int]] = [[0, 0] for _ in sentences]
    sentence_starts = [s.start for s in sentences]
    # Tag, relation and morphology hashes repeat: each is looked up once.
    string_of: dict[int, str] = {0: ""}
    relation_table: dict[int, str] = {}
    features_table: dict[int, str] = {}
    # Words repeat too; a lemma is the same for the same word and part of speech.
    lemma_of: dict[str, dict[str, str]] = {}
    children_of: dict[int, list[int]] = {}
    # Tokens come in text order, so each one's sentence is the current one or
    # a later one; the sentence is found by walking on, not a search per token.
    sentence = 0
    following = sentence_starts[1] if len(sentence_starts) > 1 else None
    for spans, doc in zip(piece_spans, parsed):
        array = doc.to_array([POS, TAG, MORPH, HEAD, DEP, IS_SPACE])
        first = len(tokens)
        # Whole-array calls only: a piece is a paragraph of some twenty
        # tokens, where numpy's cost per call outweighs its speed per token.
        pos_of, tag_of, morph_of, _, dep_of, space_of = array.T.tolist() if len(array) else [[]] * 6
        # HEAD is the head's offset from the token, stored unsigned.
        offsets = array[:, 3].view(numpy.int64).tolist() if len(array) else []
        # Document indexes: whitespace tokens are dropped, so a kept token's
        # index counts the kept ones before it. A head that was whitespace
        # (never in practice) falls back to the token itself.
        if any(space_of):
            index_of: dict[int, int] = {}
            for k, space in enumerate(space_of):
                if not space:
                    index_of[k] = first + len(index_of)
            heads = [index_of.get(k + offset, index_of.get(k, -1)) for k, offset in enumerate(offsets)]
        else:
            index_of = range(first, first + len(offsets))  # type: ignore[assignment]
            heads = [first + k + offset for k, offset in enumerate(offsets)]
        upos_of = _read_strings(pos_of, string_of, strings.__getitem__)
        xpos_of = _read_strings(tag_of, string_of, strings.__getitem__)
        features_of = _read_strings(morph_of, features_table, lambda h: _features(strings[h]))
        relations = _read_strings(dep_of, relation_table, lambda h: strings[h].lower() or "dep")
        for (start, end), upos, xpos, features, relation, space, head in zip(
                spans, upos_of, xpos_of, features_of, relations, space_of, heads):
            if space:
                continue
            i = len(tokens)
            word = text[start:end]
            lemmas = lemma_of.get(upos)
            if lemmas is None:
                lemmas = lemma_of[upos] = {}
            lemma = lemmas.get(word)
            if lemma is None:
                lemma = lemmas[word] = _lemma(word, upos)
            if following is not None and start >= following or start < sentence_starts[sentence]:
                sentence = max(0, bisect_right(sentence_starts, start) - 1)
                following = sentence_starts[sentence + 1] if sentence + 1 < len(sentence_starts) else None
            token = _TokenDraft(i, start, end, word, lemma, upos, xpos, features, head, relation, sentence)
            token.__class__ = Token
            tokens.append(token)
            token_starts.append(start)
            r = ranges[sentence]
            if r[1] == 0:
                r[0] = i
            r[1] = i + 1
            if head != i:
                children = children_of.get(head)
                if children is None:
                    children_of[head] = [i]
                else:
                    children.append(i)
        for ent in doc.ents:
            label = _NAME_KINDS.get(ent.label_)
            if label is None:
                continue
            kept_tokens = [index_of[t] for t in range(ent.start, ent.end) if not space_of[t]]
            if not kept_tokens:
                continue
            start, end = tokens[kept_tokens[0]].start, tokens[kept_tokens[-1]].end
            names.append(Name(label, start, end, text[start:end], kept_tokens[0], kept_tokens[-1]))
    return Document(
        text=text,
        blocks=tuple(blocks),
        sentences=tuple(sentences),
        tokens=tuple(tokens),
        names=tuple(names),
        headline=headline,
        sentence_token_ranges=tuple((a, b) for a, b in ranges),
        child_indexes=tuple(tuple(children_of[i]) if i in children_of else () for i in range(len(tokens))),
        sentence_blocks=tuple(_block_indexes(blocks, sentence_starts)),
        _token_starts=tuple(token_starts),
        _sentence_starts=tuple(sentence_starts),
        _name_starts=tuple(n.start for n in names),
    )


def _read_strings(hashes: list[int], table: dict[int, str], read) -> list[str]:
    """The strings of spaCy's hashes, in order; a hash not yet in ``table`` is read once into it."""
    for new in set(hashes).difference(table):
        table[new] = read(new)
    return list(map(table.__getitem__, hashes))


def _features(analysis: str) -> str:
    # spaCy writes an empty analysis as "_"; Token.morph is "" then.
    return "" if analysis == "_" else analysis


def _unparsed(nlp, text: str, blocks: list[Block], sentences: list[Sentence],
              words: list[tuple[int, int]] | None) -> list[tuple[list[tuple[int, int]], object]]:
    """The pieces to parse, tokenised, with our sentence starts preset: (token spans, spaCy Doc) each."""
    import numpy  # spaCy and its dependencies are loaded by load_pipeline() before this runs
    from spacy.attrs import LENGTH, SENT_START, SPACY
    from spacy.tokens import Doc

    docs = []
    word_starts = [w[0] for w in words] if words is not None else []
    for block_index, block_sentences in _group_by_block(sentences, blocks):
        starts = {s.start for s in block_sentences}
        for piece_start, piece_end in _pieces(text, blocks[block_index], block_sentences):
            if words is None:
                doc = nlp.make_doc(text[piece_start:piece_end])
                # A token's offset is the previous one's plus its length and
                # trailing space (spaCy's tokens and spaces rebuild the text).
                # Summed by accumulate() and zipped, not a loop per token.
                lengths, spaces = doc.to_array([LENGTH, SPACY]).reshape(-1, 2).T.tolist()
                token_starts = list(accumulate(map(add, lengths, spaces), initial=piece_start))
                spans = list(zip(token_starts, map(add, token_starts, lengths)))
            else:
                first = bisect_right(word_starts, piece_start - 1)
                stop = bisect_right(word_starts, piece_end - 1)
                spans = [w for w in words[first:stop] if w[1] <= piece_end]
                if not spans:
                    continue
                doc = Doc(
                    nlp.vocab,
                    words=[text[a:b] for a, b in spans],
                    spaces=[k + 1 < len(spans) and spans[k + 1][0] > b for k, (a, b) in enumerate(spans)],
                )
            if spans:
                # Our sentence starts, set in one call (1 starts, -1 continues).
                flags = numpy.array([1 if k == 0 or a in starts else -1 for k, (a, _) in enumerate(spans)],
                                    dtype=numpy.int64)
                doc.from_array([SENT_START], flags.astype(numpy.uint64))
            docs.append((spans, doc))
    return docs


# Docs (pieces, mostly one paragraph each) per nlp.pipe batch. CPU seconds of
# nlp.pipe over the pieces of bench/analysis.py's 10,000-word text, machine
# busy, by batch size: 8: 2.14, 32: 1.63, 64: 1.61, 256: 1.69, 1000: 1.91.
# Small batches pay spaCy's per-batch cost often; large ones pad more.
_BATCH = 64

# A block is parsed as one piece up to this many characters; a longer one
# (a 100,000-word text pasted without paragraph breaks) is cut at sentence
# starts, so no piece nears the pipeline's length limit and memory stays
# bounded. A single sentence longer than this is cut at a space.
_PIECE_CHARS = 20_000


def _pieces(text: str, block: Block, block_sentences: list[Sentence]) -> list[tuple[int, int]]:
    """(start, end) spans of ``text`` to parse one at a time, covering the block's sentences."""
    if block.end - block.start <= _PIECE_CHARS:
        return [(block.start, block.end)]
    pieces: list[tuple[int, int]] = []
    run_start = run_end = None
    for sentence in block_sentences:
        if run_start is not None and sentence.end - run_start > _PIECE_CHARS:
            pieces.append((run_start, run_end))
            run_start = None
        if run_start is None:
            run_start = sentence.start
        run_end = sentence.end
    if run_start is not None:
        pieces.append((run_start, run_end))
    out: list[tuple[int, int]] = []
    for start, end in pieces:
        while end - start > _PIECE_CHARS:
            cut = text.rfind(" ", start + 1, start + _PIECE_CHARS)
            cut = cut if cut > start else start + _PIECE_CHARS
            out.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            out.append((start, end))
    return out


def _lemma(word: str, upos: str) -> str:
    if upos in _INFLECTED:
        found = inflection.lemmas(word, upos) or inflection.lemmas(word.lower(), upos)
        if found:
            return found[0]
    return word if upos == "PROPN" else word.lower()


def _sentences_in_blocks(text: str, blocks: list[Block]) -> list[Sentence]:
    """Our splitter's sentences, cut again at block edges so none spans two blocks."""
    out: list[Sentence] = []
    for block in blocks:
        piece = text[block.start:block.end]
        if block.kind in ("subhead", "item"):
            found = [Sentence(0, 0, len(piece), piece)] if piece.strip() else []
        else:
            found = split_sentences(piece)
        for s in found:
            start, end = block.start + s.start, block.start + s.end
            out.append(Sentence(len(out), start, end, text[start:end]))
    return out


def _group_by_block(sentences: list[Sentence], blocks: list[Block]):
    groups: dict[int, list[Sentence]] = {}
    for s, block in zip(sentences, _block_indexes(blocks, [s.start for s in sentences])):
        groups.setdefault(block, []).append(s)
    return sorted(groups.items())


def _block_indexes(blocks: list[Block], offsets) -> list[int]:
    """The index of the block each offset falls in: the last block starting at or before it (0 if none)."""
    starts = [b.start for b in blocks]
    return [max(0, bisect_right(starts, offset) - 1) for offset in offsets]
