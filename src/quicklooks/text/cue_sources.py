"""Who a cue's source is, as written: the words of the text that name who speaks.

The source is the cue's subject ("Clinton said"), found also after the verb
("…, said Clinton"), through a relative clause ("Clinton, who …, said"), a
participle ("…, saying"), a conjoined verb ("stood and said"), a passive
("Clinton was quoted as saying"), or a name right after a closing quotation
mark. A dateline ("WASHINGTON —") is never one. Which person the words stand
for is :mod:`.cue_speakers`' job.
"""

from __future__ import annotations

from quicklooks.text import vocabulary
from quicklooks.text.coreference import TITLE_WORDS, Mentions
from quicklooks.text.document import Document, Token
from quicklooks.text.storyformat import match_dateline

_SOURCE_DEPS = ("nsubj", "nsubj:pass")
_CLIMB_DEPS = ("conj", "advcl", "xcomp", "acl", "parataxis")
_RELATIVE = vocabulary.words("relative_words")
_CORE_DEPS = frozenset({"compound", "flat", "det", "amod", "nmod:poss", "case", "nummod", "flat:name", "fixed"})
_HYPHENS = frozenset({"-", "‑", "–"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})  # Penn tags of a finite verb: the only ones that invert
_OBJECT_PRONOUNS = vocabulary.words("object_pronouns")
_LISTENER_VERBS = vocabulary.words("listener_verbs")
_ROLE_WORDS = vocabulary.words("role_nouns") | TITLE_WORDS
# What ends a title phrase after an inverted cue ("said Kremlin spokesman Dmitry Peskov").
_PHRASE_ENDS = frozenset(("PUNCT", "VERB", "AUX", "CCONJ", "SCONJ", "PRON", "PART", "NUM"))


class Sources:
    """Finds the source tokens of a cue verb in one parsed story."""

    def __init__(self, doc: Document, mentions: Mentions):
        self.doc = doc
        self.mentions = mentions

    def in_quote(self, offset: int) -> bool:
        return self.mentions.in_quote(offset)

    def inverted(self, t: Token) -> tuple[Token, ...]:
        """'…,” said Sean Spicer' and '…, noted NBC's Dante Chinni': the source follows the cue.

        Only after a comma or closing mark and with no subject before the verb,
        so "told reporters" never makes the listeners the source.
        """
        doc = self.doc
        tokens = doc.tokens
        if t.i == 0 or tokens[t.i - 1].text not in (",", "”", '"', "—") or t.i + 1 >= len(tokens):
            return ()
        # Only a finite verb inverts ("…, said Spicer"); after a participle or an infinitive the
        # noun is its object ("…, calling him a loser", "…, telling Reuters"), and "told" takes its
        # listener after it ("…,” Graham told CBS News").
        if t.xpos not in _FINITE_TAGS or t.lemma.lower() in _LISTENER_VERBS:
            return ()
        if any(c.dep in _SOURCE_DEPS and c.i < t.i and not self.in_quote(c.start) for c in doc.children(t)):
            return ()
        if self.relative_before(t) is not None:
            return ()  # "Ruiz, who …, said the budget …": the source is before the cue
        k = t.i + 1
        while k < len(tokens) and tokens[k].upos == "ADV" and tokens[k].sentence == t.sentence:
            k += 1
        if k >= len(tokens) or tokens[k].sentence != t.sentence:
            return ()
        if tokens[k].text.lower() in _OBJECT_PRONOUNS or tokens[k].text.lower() in vocabulary.time_words():
            return ()  # "…, said Tuesday that": a day is when, never who
        mention = self._person_in_phrase(k) or self.mentions.mention_at(k)
        if mention is not None:
            return tuple(x for x in doc.tokens_in(mention.start, mention.end))
        if tokens[k].upos in ("PROPN", "NOUN", "DET", "PRON", "ADJ"):
            head = tokens[k]
            while head.head != head.i and head.head > head.i and tokens[head.head].sentence == t.sentence and \
                    tokens[head.head].upos in ("NOUN", "PROPN") and head.head - k < 6:
                head = tokens[head.head]
            if head.upos in ("NOUN", "PROPN", "PRON"):
                return self.noun_phrase(head)
        return ()

    def _person_in_phrase(self, k: int):
        """'said Republican party boss Reince Priebus': the person a title phrase starting at ``k`` ends on."""
        tokens = self.doc.tokens
        role = False
        for j in range(k, min(len(tokens), k + 6)):
            # The tagger misreads a role word now and then ("GOP nominee/ADP Donald Trump"), so the
            # phrase ends at punctuation, a verb or a clause word, not at an odd tag.
            if tokens[j].sentence != tokens[k].sentence or tokens[j].upos in _PHRASE_ENDS:
                return None
            mention = self.mentions.mention_at(j)
            word = tokens[j].text.lower()
            if mention is not None and self.mentions.entities[mention.key].kind == "person":
                return mention
            if mention is not None and role and mention.start == tokens[j].start and word not in _ROLE_WORDS \
                    and tokens[j].text[:1].isalpha():
                return mention  # a name starting right after a role word is a person's, whatever its kind
            role = role or word in _ROLE_WORDS
        return None


    def source(self, t: Token) -> tuple[Token, ...]:
        doc = self.doc
        at = t
        for _ in range(4):
            subject = next((c for c in doc.children(at) if c.dep in _SOURCE_DEPS and not self.in_quote(c.start)
                            and (c.text.lower() != "it" or at is t)
                            and c.text.lower() not in vocabulary.time_words()), None)
            if subject is not None and self._dateline(subject):
                return self._name_after_dateline(subject, t)
            if subject is not None and at is not t and at.dep == "ccomp" and at.head != at.i:
                # "Trump told Newsmax that Romney “had …,” adding, “…”": the participle hangs on
                # the reported clause, whose subject is what was said about; the one adding is
                # the subject of the verb that reports it.
                at = doc.head(at)
                continue
            if subject is not None:
                if subject.text.lower() in _RELATIVE:
                    if at.dep == "acl:relcl":
                        return self.noun_phrase(doc.head(at))
                    named = self._name_before(subject.i)
                    return named if named else ()
                adjacent = self._person_before(t, subject)
                if adjacent:
                    return adjacent
                named = self._named_apposition(subject)
                if named:
                    return named
                if subject.i > t.i and self.relative_before(t):
                    break  # "Ruiz, who …, said the budget was …": the parse took the content's subject
                return self.noun_phrase(subject)
            if at.dep == "acl:relcl" or (at.dep == "acl" and at.upos == "VERB"):
                return self.noun_phrase(doc.head(at))
            if (at.dep in _CLIMB_DEPS or (at is not t and at.dep == "ccomp")) and at.head != at.i:
                at = doc.head(at)
                continue
            break
        relative = self.relative_before(t)
        if relative is not None:
            return self._name_before(relative.i)
        return self._name_after_quote(t)

    def _named_apposition(self, subject: Token) -> tuple[Token, ...]:
        """'The council's chief engineer, Priya Nand, said': the person the description is set beside."""
        for c in self.doc.children(subject):
            if c.dep != "appos" or c.i <= subject.i:
                continue
            mention = self.mentions.mention_at(c.i)
            if mention is not None and self.mentions.entities[mention.key].kind == "person":
                return self.doc.tokens_in(mention.start, mention.end)
        return ()

    def _dateline(self, subject: Token) -> bool:
        """'WASHINGTON — Sen. Bernie Sanders defended …', 'HALIFAX, Nova Scotia — The operator … said':
        a subject inside the dateline is where the story was filed, which the parse sometimes
        takes for who spoke."""
        match = match_dateline(self.doc.text, self.doc.sentences[subject.sentence].start)
        return match is not None and subject.start < match.end()

    def _name_after_dateline(self, dateline: Token, t: Token) -> tuple[Token, ...]:
        """The subject the dateline hid: the first name between the dash and the cue."""
        for k in range(dateline.i + 1, t.i):
            mention = self.mentions.mention_at(k)
            if mention is not None and not self.doc.tokens[k].text.isupper():
                return self.doc.tokens_in(mention.start, mention.end)
        return ()

    def _name_after_quote(self, t: Token) -> tuple[Token, ...]:
        """'“…,” Jeff Weaver, Sanders’ campaign manager, said': the name right after the closing mark,
        which the parse often hangs inside the quote's clause, speaks when only an apposition
        (no verb) stands between it and the cue."""
        tokens = self.doc.tokens
        if t.i < 3:
            return ()
        mention = self.mentions.mention_at(t.i - 1)
        if mention is not None and tokens[t.i - 1].sentence == t.sentence:
            # '“…,” Governor Tom Reyes said': the name ends right before the cue, though the
            # parse hung it on the quote's clause. Titles and role words may stand before it.
            k = self.doc.token_at(mention.start).i - 1
            while k > 0 and tokens[k].sentence == t.sentence and tokens[k].text.lower() in _ROLE_WORDS:
                k -= 1
            if k > 0 and (tokens[k].text in ("”", '"') or (tokens[k].text == "," and tokens[k - 1].text in ("”", '"'))):
                return self.doc.tokens_in(mention.start, mention.end)
        if tokens[t.i - 1].text != ",":
            return ()
        for k in range(t.i - 2, max(0, t.i - 25), -1):
            if tokens[k].sentence != t.sentence or tokens[k].upos in ("VERB", "AUX"):
                return ()
            before = tokens[k - 1].text
            if before in ("”", '"') or (before == "," and tokens[k - 2].text in ("”", '"')):
                mention = self.mentions.mention_at(k)
                if mention is None:
                    return ()
                return self.doc.tokens_in(mention.start, mention.end)
        return ()

    def relative_before(self, t: Token) -> Token | None:
        """'Ana Ruiz, who has led the city since 2019, said': the 'who' of a clause closed by the comma before the cue."""
        tokens = self.doc.tokens
        if t.i == 0 or tokens[t.i - 1].text != ",":
            return None
        for k in range(t.i - 2, max(-1, t.i - 40), -1):
            if tokens[k].sentence != t.sentence:
                return None
            if tokens[k].text.lower() == "who" and k > 0 and tokens[k - 1].text == ",":
                return tokens[k]
        return None

    def _name_before(self, i: int) -> tuple[Token, ...]:
        """'Emmanuel Macron, who announced': the name just before a relative pronoun."""
        tokens = self.doc.tokens
        k = i - 1
        while k >= 0 and tokens[k].upos == "PUNCT" and tokens[k].sentence == tokens[i].sentence:
            k -= 1
        mention = self.mentions.mention_at(k) if k >= 0 else None
        if mention is None:
            return ()
        return self.doc.tokens_in(mention.start, mention.end)

    def _person_before(self, cue: Token, subject: Token) -> tuple[Token, ...]:
        """'Central Bank of Kenya Governor Kamau Thugge told': the person named right before the verb
        speaks, whatever the parse made the head of the subject."""
        doc = self.doc
        k = cue.i - 1
        while k > subject.i and doc.tokens[k].upos == "ADV":
            k -= 1
        mention = self.mentions.mention_at(k)
        if mention is None or self.mentions.entities[mention.key].kind != "person":
            return ()
        if not (mention.start >= subject.start or doc.tokens[k].i in {x.i for x in doc.subtree(subject)}):
            return ()
        return doc.tokens_in(mention.start, mention.end)

    def noun_phrase(self, head: Token, exclude: set[int] = frozenset()) -> tuple[Token, ...]:
        """The source's core: the head with its compounds, flat names, determiners and possessors."""
        doc = self.doc
        keep = [head]
        stack = [head]
        while stack:
            k = stack.pop()
            for c in doc.children(k):
                named_apposition = c.dep == "appos" and c.upos == "PROPN" and c.i > k.i
                if (c.dep in _CORE_DEPS or named_apposition) and c.i not in exclude and c.upos != "PUNCT":
                    keep.append(c)
                    stack.append(c)
        # "Mr. Obama" parsed with the title as head: the name right after belongs to it.
        tokens = doc.tokens
        k = head.i + 1
        while head.text.lower() in TITLE_WORDS and k < len(tokens) and tokens[k].sentence == head.sentence \
                and tokens[k].text[:1].isupper() and tokens[k].upos in ("PROPN", "NOUN"):
            if tokens[k] not in keep:
                keep.append(tokens[k])
            k += 1
        keep.sort(key=lambda k: k.i)
        # Contiguous around the head only, so a stray attachment cannot stretch the span.
        idx = keep.index(head)
        lo = idx
        while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
            lo -= 1
        hi = idx
        while hi + 1 < len(keep) and keep[hi + 1].i == keep[hi].i + 1:
            hi += 1
        phrase = keep[lo:hi + 1]
        # A hyphenated word is one word, whatever the tokenizer made of it: "Sixty-six percent",
        # "three-quarters", "caucus-goers", not "six percent".
        first = phrase[0].i
        while first >= 2 and tokens[first - 1].text in _HYPHENS and tokens[first - 1].start == tokens[first].start - 1 \
                and tokens[first - 2].end == tokens[first - 1].start and tokens[first - 2].sentence == head.sentence:
            first -= 2
        last = phrase[-1].i
        while last + 2 < len(tokens) and tokens[last + 1].text in _HYPHENS and tokens[last + 1].start == tokens[last].end \
                and tokens[last + 2].start == tokens[last + 1].end and tokens[last + 2].sentence == head.sentence:
            last += 2
        return tuple(tokens[first:phrase[0].i]) + tuple(phrase) + tuple(tokens[phrase[-1].i + 1:last + 1])

