"""Which parts a prompt says a shape must not have, read from its words (NegEx-style negation scope).

The sentence encoder places "arms left off" near "with arms" and "casters absent" near "on casters"
(BENCHMARKS.md, eleventh session: its own sentence space does not separate those negations, and
neither does a reader trained on it), so the prompt check also reads negations the way clinical
text mining does (NegEx, Chapman et al. 2001): a part noun is negated when a negation cue stands
shortly before it ("no", "without", "rather than", ...) or shortly after it ("removed", "absent",
"left off", ...), with no scope-breaking word between them ("but", "with", ...), or when it carries
a "-less" or "-free" suffix ("armless", "headrest-free"). Only negations are read: a part noun
without a cue says nothing here (the prompt reader reads those), so "a chair that gives your arms
no support" is not taken to want arms.

Two more readings for the prompt check (part_slots.Config.phrase_negations, negation_reach): the
words a cue reaches where they name no part (cue_scopes: "the part for resting your head left off"
-> "for resting your head"), which phrase_mentions.negated_by_scope reads by their phrases; and
the prompt split into the clauses that hold a cue and the rest (negation_clauses), so that a
negation of something else ("not painted") does not take away a part the rest asks for.

Words: lower-case tokens of letters (a hyphen or an apostrophe splits: "wheel-less" -> "wheel",
"less"; "doesn't" -> "doesn", "t"); a phrase is matched as consecutive tokens.
"""

from __future__ import annotations

import re

# Part nouns per presence attribute of the prompt reader (prompt_reader.ATTRIBUTES): the caption
# vocabulary's own nouns and their common dictionary synonyms.
PART_NOUNS = {
    "arms": ("arm", "arms", "armrest", "armrests", "arm rest", "arm rests"),
    "wheels": ("wheel", "wheels", "caster", "casters", "castor", "castors", "roller", "rollers"),
    "headrest": ("headrest", "headrests", "head rest", "head support", "neck rest", "neck support"),
    "headboard": ("headboard", "headboards", "head board"),
    "footboard": ("footboard", "footboards", "foot board"),
    "saucer": ("saucer", "saucers", "plate"),
    "handles": ("handle", "handles"),
    "drawers": ("drawer", "drawers"),
}
# The reading of each attribute that means "none of these parts".
NEGATIVE_VALUE = {"arms": False, "wheels": False, "headrest": False, "headboard": False, "footboard": False,
                  "saucer": False, "handles": 0, "drawers": 0}
BEFORE_CUES = ("no", "not", "nothing", "without", "never", "lacking", "lacks", "lack", "minus", "sans", "free of",
               "none", "nor", "devoid of", "absent", "missing", "stripped of", "rather than", "instead of",
               "in place of", "excluding", "except", "cannot", "doesn t", "don t", "isn t", "aren t", "wasn t",
               "weren t", "won t", "can t")
AFTER_CUES = ("removed", "absent", "missing", "gone", "omitted", "dropped", "left off", "left out", "taken off",
              "taken away", "taken out", "done away with", "stripped", "excluded", "not included", "not fitted",
              "not attached")
NEGATING_SUFFIXES = ("less", "free")
SCOPE_BREAKERS = ("but", "with", "yet", "though", "although", "while", "whereas")
WINDOW_BEFORE = 5   # words a cue before a noun reaches across
WINDOW_AFTER = 4    # words a cue after a noun reaches back across
CLAUSE_BREAKS = (",", ";", ".", "but", "with", "yet", "though", "although", "while", "whereas", "that", "which",
                 "and")   # where negation_clauses splits a prompt


def words(prompt: str) -> list:
    """Lower-case word tokens; a comma, semicolon, full stop or colon is a token of its own (it ends a
    negation's scope)."""
    return re.findall(r"[a-z]+|[,;.:]", prompt.lower())


def find_phrase(tokens: list, phrase: str) -> list:
    """Start indices where the phrase's words occur consecutively."""
    parts = phrase.split()
    return [i for i in range(len(tokens) - len(parts) + 1) if tokens[i:i + len(parts)] == parts]


def _breaks(tokens: list) -> bool:
    return any(t in SCOPE_BREAKERS or t in ",;.:" for t in tokens)


def negated_at(tokens: list, start: int, length: int) -> bool:
    """Is the noun at tokens[start:start + length] (words() tokens) inside a negation's scope?"""
    end = start + length
    if end < len(tokens) and tokens[end] in NEGATING_SUFFIXES and (end + 1 == len(tokens) or tokens[end + 1] != "of"):
        return True
    for cue in BEFORE_CUES:
        for i in find_phrase(tokens, cue):
            after = i + len(cue.split())
            if after <= start and start - after < WINDOW_BEFORE and not _breaks(tokens[after:start]):
                return True
    for cue in AFTER_CUES:
        for i in find_phrase(tokens, cue):
            if end <= i and i - end < WINDOW_AFTER and not _breaks(tokens[end:i]):
                return True
    return False


def cue_scopes(prompt: str) -> list:
    """The words each negation cue reaches, where they hold no part noun (PART_NOUNS): "with the part
    for resting your head left off" -> ["for resting your head"]; "nothing for the arms" -> [].
    A cue before its words reaches WINDOW_BEFORE words on, one after them WINDOW_AFTER words back,
    either stopping at a scope breaker or another cue. A cue that can stand either side ("missing")
    reaches both ways, as do cues starting at one word ("stripped", "stripped of"), and none of
    their reaches counts where one of them holds a part noun ("an office chair missing a headrest":
    not "an office chair")."""
    tokens = words(prompt)
    nouns = [(i, len(noun.split())) for names in PART_NOUNS.values() for noun in names
             for i in find_phrase(tokens, noun)]
    cues_at = _cues_at(tokens)
    cue_words = {i + k for i, found in cues_at.items() for length, _ in found for k in range(length)}
    scopes = []
    for i, found in sorted(cues_at.items()):
        spans = [_reach(tokens, i, length, forward, cue_words) for length, forward in found]
        holds_noun = any(span and any(span[0] <= start and start + n - 1 <= span[-1] for start, n in nouns)
                         for span in spans)
        if not holds_noun:
            scopes += [" ".join(tokens[k] for k in span) for span in spans if span]
    return scopes


def negation_clauses(prompt: str) -> tuple:
    """(the clauses that hold a negation cue, the prompt without them): the prompt's words split at
    CLAUSE_BREAKS (a colon does not split: "footboard: none" is one clause). "a bed with a board at
    the foot that is not painted" -> (["is not painted"], "a bed, a board at the foot")."""
    tokens = words(prompt)
    cue_words = {i + k for i, found in _cues_at(tokens).items() for length, _ in found for k in range(length)}
    clauses, current = [], []
    for k, token in enumerate(tokens + ["."]):
        if token in CLAUSE_BREAKS:
            if current:
                clauses.append(current)
            current = []
        else:
            current.append(k)
    negated = [c for c in clauses if cue_words & set(c)]
    kept = [c for c in clauses if not cue_words & set(c)]
    return ([" ".join(tokens[k] for k in c) for c in negated], ", ".join(" ".join(tokens[k] for k in c) for c in kept))


def _cues_at(tokens: list) -> dict:
    """{a cue's first word index: [(the cue's length in words, whether it reaches forward)]}."""
    cues_at = {}
    for cues, forward in ((BEFORE_CUES, True), (AFTER_CUES, False)):
        for cue in cues:
            for i in find_phrase(tokens, cue):
                cues_at.setdefault(i, []).append((len(cue.split()), forward))
    return cues_at


def _reach(tokens: list, start: int, length: int, forward: bool, cue_words: set) -> list:
    """Sorted word indices a cue at tokens[start:start + length] reaches (cue_scopes)."""
    steps = range(start + length, min(len(tokens), start + length + WINDOW_BEFORE)) if forward \
        else range(start - 1, max(-1, start - 1 - WINDOW_AFTER), -1)
    span = []
    for k in steps:
        if tokens[k] in SCOPE_BREAKERS or tokens[k] in ",;.:" or k in cue_words:
            break
        span.append(k)
    return sorted(span)


def names_part(prompt: str, attribute: str) -> bool:
    """Does the prompt hold one of the attribute's part nouns (PART_NOUNS)?"""
    tokens = words(prompt)
    return any(find_phrase(tokens, noun) for noun in PART_NOUNS[attribute])


def noun_negations(prompt: str, nouns: tuple) -> list:
    """[is it negated] for each place the prompt holds one of the nouns (phrases of one or more
    words), a "-less" or "-free" form counting as negated ("cornerless"), in the order they
    occur: "a top free of corners" -> [True]; "corners you could bump into" -> [False]."""
    tokens = words(prompt)
    suffixed = {noun + suffix for noun in nouns if " " not in noun for suffix in NEGATING_SUFFIXES}
    found = sorted((i, len(noun.split())) for noun in nouns for i in find_phrase(tokens, noun))
    places = [(i, negated_at(tokens, i, n)) for i, n in found] + [(i, True) for i, t in enumerate(tokens) if t in suffixed]
    return [negated for _, negated in sorted(places)]


def negated_attributes(prompt: str) -> dict:
    """{attribute: its negative value} for each presence attribute whose part noun the prompt
    negates; attributes it does not negate are absent."""
    tokens = words(prompt)
    out = {}
    for attribute, nouns in PART_NOUNS.items():
        suffixed = {noun + suffix for noun in nouns if " " not in noun for suffix in NEGATING_SUFFIXES}
        if any(t in suffixed for t in tokens) or any(
                negated_at(tokens, i, len(noun.split())) for noun in nouns for i in find_phrase(tokens, noun)):
            out[attribute] = NEGATIVE_VALUE[attribute]
    return out
