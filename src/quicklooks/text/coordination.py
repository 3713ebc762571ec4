"""Whether deleting a phrase would unbalance a coordination of contrasted conjuncts.

"The count showed 9,114 votes against and 8,902 in favour": the parser hangs
"in favour" on "showed", and as an adjunct of the verb it looks optional, but
it is the second conjunct's own modifier, the counterpart of "against". Two
shapes of coordination mark their conjuncts as contrasted, so that a phrase
beside them is never the verb's to lose:

- an elliptical conjunct, one with no noun of its own ("and 8,902 in
  favour", "5,000 cars in March and 6,000 in April"): what follows it is all
  that tells it from the first, and the parse cannot be trusted to hang it
  there;
- a first conjunct with its own modifier after its head ("votes against",
  "cars in March"): the phrase after the last conjunct is its counterpart.

Either way, a deletion of a phrase that starts inside the coordination or
right after its last conjunct, and does not take the coordination whole,
would leave one conjunct bare beside another that is not ("9,114 votes
against and 8,902"), which changes what is counted; so would deleting a bare
number's conjunct while the number it parallels stays.
"""

from __future__ import annotations

from quicklooks.text.clauses import Parse, _is_word

# What makes a conjunct a noun phrase of its own.
_NOMINALS = frozenset(("NOUN", "PROPN", "PRON"))
# Heads that a bare number or a symbol conjunct may stand beside ("4% ... and 6%").
_COUNTED = frozenset(("NUM", "SYM"))


def unbalances(parse: Parse, cut: set[int]) -> bool:
    """Whether deleting ``cut`` strips a modifier from one of a contrasted coordination's conjuncts.

    Unsafe are a deletion that starts inside the coordination or right after
    its last conjunct without taking the first ("8,902 [in favour]"), and one
    that ends on the last conjunct and leaves the phrase after it ("rose 4%
    [in May and 6%] in June"): that phrase would be read as the first's.
    """
    nodes = parse.nodes
    words = [k for k in cut if _is_word(nodes[k])]
    if not words:
        return False
    lo = min(words)
    for y in nodes:
        x = y.head
        # A conjunct: a "conj", or a phrase the parser hung on the first with
        # its "and" ("votes [against and 8,902]" as a prepositional phrase).
        if x >= y.i or nodes[x].upos not in _NOMINALS | _COUNTED or not (
            y.dep == "conj" or any(nodes[c].dep == "cc" and c < y.i for c in parse.children[y.i])
        ):
            continue
        own = parse.subtree(y.i)
        end = max(k for k in own if _is_word(nodes[k]))
        elliptical = not any(nodes[k].upos in _NOMINALS for k in own if _is_word(nodes[k]))
        # The first conjunct's own preposition: "cars in March", "in May".
        parallel = any(nodes[k].upos == "ADP" for k in parse.subtree(x) - own)
        if not (elliptical or parallel):
            continue
        if x < lo <= end + 1:
            return True
        if elliptical and y.i in cut and any(nodes[k].upos == "NUM" for k in own) and any(
                nodes[k].upos == "NUM" and k not in cut for k in range(min(own))):
            # "sold 5,000 cars [in March and 6,000 in April]": a bare number
            # counts what a kept number before it counts, and the count kept
            # would read as the whole.
            return True
        after = max(own) + 1
        if max(own) in cut and after < len(nodes) and after not in cut and nodes[after].upos == "ADP":
            return True
    return False
