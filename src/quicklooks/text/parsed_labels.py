"""A Quick Looks label read off the lead bullet's parse: subject, headline verb, object.

Used when the story has no headline to shorten (see
:func:`quicklooks.text.labels.write_label`): "Macron told reporters that 26
nations had pledged ..." gives "Macron Says 26 Nations Pledge", "Russian
forces launched 157 drones ..." gives "Russian Forces Launch 157 Drones".
"""

from __future__ import annotations

from quicklooks.text import vocabulary as vocab
from quicklooks.text.clauses import SUBJECTS, Parse, render
from quicklooks.text.inflection import inflect
from quicklooks.text.headline_style import MAX_WORDS, MIN_WORDS, PHRASE_STOPS as _STOP, SMALL_WORDS as _SMALL_WORDS
from quicklooks.text.headline_style import TIME_WORDS as _TIME_WORDS, title_case

# Modals a label keeps ("Could Be Elected"); label_from_parse turns "will"
# into "To" before it asks, and "shall" was never among them.
_KEPT_MODALS = vocab.words("modals") - {"will", "shall"}
_NEGATIONS = vocab.words("negations")
_ARTICLES = vocab.words("articles")
_PHRASE_DEPS = frozenset("compound amod nummod flat flat:name nmod:poss".split())
# A currency symbol heads its amount in the parse ("$" over "4.2 million").
_CURRENCY = frozenset("$£€¥")


def label_from_parse(parse, kept: frozenset[int], replace: dict[int, str], main: int,
                     speaker: int | None = None) -> str | None:
    """Subject, headline verb and object of the lead bullet, as a 3–6 word label; None if it will not read.

    ``parse``, ``kept`` and ``replace`` are the lead bullet's draft (see
    :mod:`quicklooks.text.headlines`); ``speaker`` is the reporting verb of an
    "X says Y" bullet, whose claim is ``main``. A negated verb gives None: a
    headline present that keeps "not" is rarely shorter than the bullet.
    """
    nodes = parse.nodes

    def phrase(head: int, limit: int) -> list[str]:
        words = {head}
        for c in parse.children[head]:
            amount = nodes[head].upos == "SYM" and nodes[c].dep in ("nummod", "compound")
            if c > head and nodes[c].dep not in ("flat", "flat:name", "compound") and not amount:
                continue  # "Starrs, 50": what follows a noun is no part of its headline name
            if nodes[c].dep in _PHRASE_DEPS and c in kept:
                words |= {k for k in parse.subtree(c) if k in kept and nodes[k].dep in _PHRASE_DEPS | {"case"}}
            elif nodes[c].dep == "det" and nodes[c].lower in _NEGATIONS and c in kept:
                words.add(c)  # "has no business": without its "no" the label says the opposite
        order = sorted(k for k in words if (nodes[k].upos != "PUNCT" or nodes[k].text == "%") and nodes[k].dep != "case")
        proper = [k for k in order if nodes[k].xpos in ("NNP", "NNPS")]
        if head in proper and len(proper) >= 2 and head not in replace:
            order = [proper[-1]]  # "Russian President Vladimir Putin" -> "Putin"
        out: list[str] = []
        for k in order:
            word = replace.get(k, nodes[k].text)
            if (word == "%" or word.lower() in ("'s", "’s")) and out:
                out[-1] += word  # "4 %" and "Muller 's" are one word of a label: "4%", "Muller's"
            elif out and out[-1] in _CURRENCY and word[:1].isdigit():
                out[-1] += word  # "$ 4.2 million" -> "$4.2 Million", the symbol's own word
            elif word:
                out.append(word)
        return out[-limit:] if len(out) > limit else out

    def verb_of(v: int, plural: bool) -> list[str] | None:
        if any(nodes[c].lower in ("not", "n't", "never") for c in parse.children[v]):
            return None
        auxes = [c for c in parse.children[v] if nodes[c].dep in ("aux", "aux:pass") and c in kept]
        word = replace.get(v, nodes[v].text)
        passive = any(nodes[a].dep == "aux:pass" for a in auxes)
        if any(nodes[a].lower == "will" for a in auxes):
            # "will be elected" -> "To Be Elected"
            return ["to"] + [nodes[a].text for a in auxes if nodes[a].lower != "will" and a > min(auxes)] + [nodes[v].text]
        if any(nodes[a].lower in _KEPT_MODALS for a in auxes):
            # "could still be elected" -> "Could Be Elected": the modal keeps the auxiliaries after it.
            modal = next(a for a in auxes if nodes[a].xpos == "MD")
            return [nodes[modal].text] + [nodes[a].text for a in auxes if a > modal] + [nodes[v].text]
        if passive and nodes[v].xpos in ("VBN", "VBD"):
            # A headline's passive is its participle: "Eva Chapin Booked",
            # never "Eva Chapin Books" (which inverts who did what).
            return [nodes[v].text]
        if nodes[v].xpos in ("VBD", "VBN") and v not in replace:
            forms = inflect(nodes[v].lemma.lower(), "VBP" if plural else "VBZ")
            word = forms[0] if forms else word
        particles = [nodes[c].text for c in parse.children[v] if nodes[c].dep == "compound:prt" and c in kept]
        return [word] + particles

    def subject_of(v: int) -> int | None:
        found = next((c for c in parse.children[v] if nodes[c].dep in ("nsubj", "nsubj:pass") and c in kept), None)
        if found is not None and nodes[found].upos == "PRON" and found not in replace:
            return None  # "He Gives His Insight": a label names who
        if found is not None and nodes[found].upos == "NUM":
            # "Starrs, 50, was allowed ..." misread with the age as the subject: the name before it.
            found = next((c for c in parse.children[found] if c < found and c in kept
                          and nodes[c].upos in ("PROPN", "NOUN")), None)
        return found

    def plural(s: int) -> bool:
        return nodes[s].xpos == "NNS" or nodes[s].lower in ("they", "we") or nodes[s].feature("Number") == "Plur" and nodes[s].upos != "PROPN"

    claim = next((c for c in parse.children[main] if nodes[c].dep == "ccomp" and c in kept
                  and subject_of(c) is not None), None)
    if speaker is None and claim is not None and nodes[claim].upos != "VERB":
        return None  # "Klopp Would Manager": a nominal claim loses its copula in a label
    if speaker is None and claim is not None:
        # "Mertesacker says Klopp would be ...": the main verb reports a
        # claim; the label reports it too, or is not written.
        speaker, main = main, claim
    if speaker is not None:
        who = subject_of(speaker) if subject_of(speaker) is not None else next(
            (c for c in parse.children[speaker] if nodes[c].dep == "nsubj"), None)
        claim_subject = subject_of(main)
        if who is None or claim_subject is None:
            return None
        label = phrase(who, 2) + [replace.get(speaker) or verb_of(speaker, plural(who))[0] if verb_of(speaker, plural(who)) else "Says"]
        room = MAX_WORDS - len(label)
        subject = phrase(claim_subject, min(3, room - 1))
        verb = verb_of(main, plural(claim_subject))
        if not subject or verb is None or len(subject) + len(verb) > room:
            return None  # "Arsenal Vice-captain Says": a claim without its verb is a fragment
        label += subject + verb
    else:
        s = subject_of(main)
        if s is None:
            return None
        subject = phrase(s, 3)
        verb = verb_of(main, plural(s))
        if not subject or verb is None:
            return None
        label = subject + verb
        room = MAX_WORDS - len(label)
        # A bare number is no headline object ("Council Votes 7" of "votes 7 to 2 to close the
        # bridge"): what it counts or scores is in words the label cannot keep.
        obj = next((c for c in parse.children[main] if nodes[c].dep in ("obj", "xcomp") and c in kept
                    and nodes[c].upos not in ("PRON", "ADV", "NUM")), None)
        arguments = {"obj", "iobj", "obl", "ccomp", "xcomp"}
        if obj is None and not any(nodes[c].dep in arguments and c in kept for c in parse.children[main]):
            # "voted 7 to 2 to close the bridge" parsed with the infinitive as
            # an adverbial clause: what the vote (or the move) was for is the
            # headline's object, as an xcomp would be. Only with no other
            # argument: "takes to Instagram to show ..." keeps its oblique.
            obj = next((c for c in parse.children[main] if nodes[c].dep == "advcl" and c in kept and c > main
                        and nodes[c].xpos == "VB"
                        and any(nodes[m].lower == "to" and nodes[m].dep == "mark" for m in parse.children[c])), None)
        passive = any(nodes[c].dep == "aux:pass" and c in kept for c in parse.children[main])
        agent = next((c for c in parse.children[main] if nodes[c].dep == "obl:agent" and c in kept), None)
        if passive and agent is not None and room >= 2:
            # "Australians Executed by Indonesian Firing Squad": who did it.
            label += ["by"] + phrase(agent, room - 1)
        elif obj is not None and room >= 1:
            if nodes[obj].dep in ("xcomp", "advcl") and nodes[obj].upos == "VERB":
                inner = next((c for c in parse.children[obj] if nodes[c].dep == "obj" and c in kept), None)
                # "Promises to Overhaul", but "Begin Clearing": "to" only where the text has it.
                to = ["to"] if nodes[obj].xpos == "VB" or any(nodes[c].lower == "to" for c in parse.children[obj]) else []
                label += to + [nodes[obj].text] + (phrase(inner, max(0, room - 1 - len(to))) if inner is not None and room > 1 + len(to) else [])
            else:
                label += phrase(obj, room)
        elif room >= 2:
            oblique = next((c for c in parse.children[main] if nodes[c].dep == "obl" and c in kept and c > main), None)
            case = next((c for c in parse.children[oblique] if nodes[c].dep == "case"), None) if oblique is not None else None
            if case is not None and nodes[oblique].lower not in _TIME_WORDS:
                label += [nodes[case].text] + phrase(oblique, room - 1)
    label = [w for w in label if w and any(ch.isalnum() for ch in w)][:MAX_WORDS]
    while label and label[-1].lower() in _SMALL_WORDS | _STOP:
        label.pop()
    if len(label) < MIN_WORDS:
        return None
    return title_case(label)


def noun_phrase(parse: Parse, limit: int) -> str | None:
    """The subject's noun phrase, or the root's, without its clauses, in at most ``limit`` words.

    What a label names when the lead bullet gives no headline verb to report ("Coach Shaun Wane").
    """
    if parse.main is None:
        return None
    heads = [c for c in parse.children[parse.main] if parse.nodes[c].dep in SUBJECTS] or [parse.main]
    head = heads[0]
    keep = {head} | {c for c in parse.children[head] if parse.nodes[c].dep in (
        "compound", "amod", "nummod", "flat", "flat:name", "nmod:poss", "det")}
    for c in list(keep):
        keep |= parse.subtree(c) if c != head else set()
    text = render(parse, sorted(keep)).rstrip(".")
    words = [w for w in text.split() if w.lower() not in _ARTICLES]
    if len(words) > limit:
        words = words[-limit:]
    return " ".join(words) if words else None
