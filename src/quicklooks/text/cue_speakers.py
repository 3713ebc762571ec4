"""Who a cue's source is: the canonical name the story uses for the person or body.

"Ted Cruz" for "Mr. Cruz", the antecedent :mod:`.coreference` ranks first for
"he" or "the senator", the owner for "Clinton's campaign", and never a bare
title. Each resolved cue also gets a confidence and, where the story gives
one, the speaker's role.
"""

from __future__ import annotations

from quicklooks.text import lexicon as lx
from quicklooks.text import vocabulary
from quicklooks.text.coreference import ORG_HEADS, PERSONAL, UNNAMED_CONFIDENCE, Mentions, strip_titles
from quicklooks.text.cues import Cue
from quicklooks.text.document import Document, Token

_SPEAKER_PRONOUNS = vocabulary.words("speaker_pronouns")  # the writer or reader: no one in the story
_DEFINITE = vocabulary.words("definite_determiners")
_ARTICLES = vocabulary.words("articles")
_INDEFINITE = _ARTICLES - _DEFINITE  # "a", "an"
NAMED_CONFIDENCE = 0.95  # a source that names its speaker outright
_GROUP_WORDS = frozenset(("NOUN", "ADJ", "NUM", "DET"))
_RELATIVE_WORDS = vocabulary.words("relative_words")  # "that crew members said": the clause's, not the group's
GROUP_CONFIDENCE = 0.5  # a group named by what its members are ("opponents"): who, but no one by name
# "An Israeli official said", "one intelligence source said": a person the story leaves unnamed on
# purpose. The description is who spoke; a name nearby is someone they spoke about.
_UNNAMED_LEADS = _INDEFINITE | {"one", "another"}
_UNNAMED_HEADS = vocabulary.words("unnamed_sources") | lx.ROLE_NOUNS
_CLAUSE_DEPS = frozenset(("acl:relcl", "appos", "parataxis", "conj", "cc"))  # not part of who


def _plural(t: Token) -> bool:
    return t.xpos in ("NNS", "NNPS") or t.feature("Number") == "Plur"


class Speakers:
    """Names the speaker of each cue of one parsed story."""

    def __init__(self, doc: Document, mentions: Mentions):
        self.doc = doc
        self.mentions = mentions

    def resolve(self, cue: Cue) -> None:
        source = cue.source
        if not source:
            return
        head = max(source, key=lambda k: (k.head < source[0].i or k.head > source[-1].i or k.head == k.i, -k.i))
        head = next((k for k in source if not (source[0].i <= k.head <= source[-1].i) or k.head == k.i), head)
        m = self.mentions
        mention = m.mention_at(head.i) or next((m.mention_at(k.i) for k in reversed(source) if m.mention_at(k.i)
                                                and k.dep != "nmod:poss"), None)
        word = head.text.lower()
        if mention is not None and head.upos == "NOUN" and _plural(head) and m.mention_at(head.i) is None \
                and not any(k.dep == "nmod:poss" for k in source):
            # "Clinton defenders said", "Andrean High School fans said": the name only says which
            # people; they, a group, spoke, not Clinton or the school.
            kept = [k.text for k in source if k.text.lower() not in _ARTICLES]
            cue.speaker = " ".join(kept).replace(" - ", "-")
            cue.confidence = GROUP_CONFIDENCE
            return
        if mention is not None:
            cue.speaker = m.name_of(mention.key)
            cue.confidence = NAMED_CONFIDENCE
            owner = [k for k in source if k.dep == "nmod:poss" and k.end <= mention.start and k.upos == "PROPN"]
            if owner and m.entities[mention.key].kind != "person":
                # "Russia’s Defense Ministry": the owner is part of which ministry it is.
                cue.speaker = self.doc.text[owner[0].start:mention.end]
            self._role(cue, mention.key)
            m.note_speaker(cue.token.start, mention.key)
            return
        if head.upos == "PRON" and word in PERSONAL:
            if word in _SPEAKER_PRONOUNS:
                return
            name, key, score = m.resolve(head, head.start)
            if name is not None:
                cue.speaker = name
                cue.confidence = score
                self._role(cue, key)
                m.note_speaker(cue.token.start, key)
            return
        possessor = next((k for k in source if k.dep == "nmod:poss" and m.mention_at(k.i)), None)
        if possessor is not None:
            owner = m.name_of(m.mention_at(possessor.i).key)
            cue.speaker = f"{owner} {head.text}" if head.upos == "NOUN" else owner
            cue.confidence = 0.8
            return
        if head.upos == "NOUN" and any(k.text.lower() in _DEFINITE for k in source):
            name, key, score = m.resolve_description(head, source)
            if name is not None:
                cue.speaker, cue.confidence = name, score
                if key is not None:
                    m.note_speaker(cue.token.start, key)
                return
        # The tagger reads "official" as an adjective now and then ("an official familiar with …").
        if head.upos in ("NOUN", "ADJ") and source[0].text.lower() in _UNNAMED_LEADS and head.i >= source[0].i \
                and head.lemma.lower() in _UNNAMED_HEADS and not _plural(head):
            # Singular after "a" or "one": "a change officials said would save" is a misparse.
            text = self.doc.text[source[0].start:self._described_end(head, cue)]
            cue.speaker = text[:1].lower() + text[1:]
            cue.confidence = UNNAMED_CONFIDENCE
            return
        words = strip_titles([k.text for k in source if k.upos != "DET"])
        if words and any(k.upos == "PROPN" for k in source):
            cue.speaker = " ".join(words).replace(" - ", "-")  # a hyphenated word stays one
            cue.confidence = 0.7
            return
        if head.upos == "NOUN" and (head.xpos == "NNS" or head.feature("Number") == "Plur") \
                and word not in _SPEAKER_PRONOUNS and word not in ORG_HEADS \
                and not any(k.text.lower() in _INDEFINITE or k.dep == "nmod:poss" for k in source) \
                and all(k.upos in _GROUP_WORDS and k.text.lower() not in _RELATIVE_WORDS for k in source):
            # "Opponents said", "Local business owners said": a group the story
            # names by what its members are is who spoke, though no one is named.
            # Not a possessed thing ("His comments": his), nor a statement or a
            # campaign; an "a" before a plural head is a misparse ("a change
            # officials said would save"). Every word a noun, adjective, number
            # or determiner: "as bombing raids" is a clause's edge, not a group.
            kept = [k.text for k in source if k.text.lower() not in _ARTICLES]
            cue.speaker = " ".join(kept).replace(" - ", "-")
            cue.confidence = GROUP_CONFIDENCE
            return
        cue.speaker = None
        cue.confidence = 0.3

    def _described_end(self, head: Token, cue: Cue) -> int:
        """Where an unnamed source's description ends: its head and what follows that belongs to it.

        "A spokesman for Platte River" and "a source familiar with the talks" say whose and which
        source, so they run on through the head's own dependents; a comma, a relative clause
        ("who asked not to be named") or the cue ends them.
        """
        tokens = self.doc.tokens
        own = {t.i for t in self.doc.subtree(head)}
        end = head.end
        for k in range(head.i + 1, len(tokens)):
            t = tokens[k]
            if k == cue.token.i or k not in own or t.upos == "PUNCT" or t.dep in _CLAUSE_DEPS \
                    or t.text.lower() in _RELATIVE_WORDS \
                    or self.mentions.in_quote(t.start):
                break
            end = t.end
        return end

    def _role(self, cue: Cue, key: str) -> None:
        roles = self.mentions.entities[key].roles
        known = [r for r in roles if r in ORG_HEADS or len(r) > 3]
        cue.role = sorted(known)[0] if known else None

