"""Counts a prompt says by where the parts stand ("a leg at each corner", "a door on either side").

The prompt reader reads counts from numbers ("three legs", "a pair of doors"); a count said by
place is not one it learned: "a kitchen stool held up at each corner by a leg" read three legs
(0.85), "a tall cabinet with a door on each side" one door. A corner idiom ("each corner", "every
corner", "all four corners") next to a counted part's noun says four of it, a side idiom ("each
side", "either side", "both sides", "each end", "both ends") two, where four or two is a value the
attribute takes (prompt_reader.ATTRIBUTE_VALUES). The noun and the idiom must stand within
WINDOW words of each other with no clause break between ("but", a comma, ...).

A count said by a number before another noun for the part is read too (numbered_counts): "a vase
with two loops at the neck" was read as no handles, "a stool propped on three skinny pegs" as
the reader's own count; a number word ("two", "a pair of", "a trio of", "a single") then at most
MAX_BETWEEN other words, then one of the attribute's COUNT_NOUNS.

Words: negation_scope.words (lower-case letters; punctuation kept as tokens).
"""

from __future__ import annotations

COUNT_NOUNS = {
    "legs": ("leg", "legs", "post", "posts", "upright", "uprights", "peg", "pegs"),
    "doors": ("door", "doors"),
    "handles": ("handle", "handles", "grip", "grips", "loop", "loops"),
    "drawers": ("drawer", "drawers"),
}
PLACE_IDIOMS = {
    4: ("each corner", "every corner", "all four corners", "all corners", "each of its corners",
        "each of the corners", "the four corners"),
    2: ("each side", "either side", "both sides", "each end", "either end", "both ends", "each of its sides",
        "each of the two sides"),
}
NUMBER_WORDS = {"one": 1, "single": 1, "lone": 1, "two": 2, "pair of": 2, "couple of": 2, "three": 3,
                "trio of": 3, "four": 4, "quartet of": 4, "five": 5, "six": 6}
MAX_BETWEEN = 2   # words (adjectives) a number may stand before its noun: "three skinny pegs"
WINDOW = 6
BREAKS = (",", ";", ".", ":", "but", "and", "while", "whereas")


def place_counts(prompt: str, attributes) -> dict:
    """{attribute: count} for each of `attributes` (COUNT_NOUNS keys) whose noun stands within WINDOW
    words of a place idiom, unbroken by BREAKS, where the count is one of the attribute's values."""
    from .negation_scope import find_phrase, words
    from .prompt_reader import ATTRIBUTE_VALUES

    tokens = words(prompt)
    out = {}
    for attribute in attributes:
        nouns = [(i, len(noun.split())) for noun in COUNT_NOUNS.get(attribute, ()) for i in find_phrase(tokens, noun)]
        for count, idioms in PLACE_IDIOMS.items():
            if count not in ATTRIBUTE_VALUES[attribute]:
                continue
            for idiom in idioms:
                for start in find_phrase(tokens, idiom):
                    end = start + len(idiom.split())
                    if any(_near(tokens, (i, i + n), (start, end)) for i, n in nouns):
                        out[attribute] = count
    return out


def _near(tokens: list, a: tuple, b: tuple) -> bool:
    """Do the spans a and b ((start, end) word indices) stand within WINDOW words, unbroken?"""
    gap = tokens[min(a[1], b[1]):max(a[0], b[0])]
    return len(gap) <= WINDOW and not any(t in BREAKS for t in gap)


def numbered_counts(prompt: str, attributes) -> dict:
    """{attribute: count} for each of `attributes` (COUNT_NOUNS keys) whose noun follows a number
    word (NUMBER_WORDS) with at most MAX_BETWEEN words between, none of them a break (BREAKS) or
    another number, where the count is one of the attribute's values. A number a negation reaches
    counts nothing ("a desk without a single drawer" asked one drawer; negation_scope reads its
    "none")."""
    from .negation_scope import find_phrase, negated_at, words
    from .prompt_reader import ATTRIBUTE_VALUES

    tokens = words(prompt)
    numbers = [(i, len(word.split()), count) for word, count in NUMBER_WORDS.items() for i in find_phrase(tokens, word)]
    out = {}
    for attribute in attributes:
        for noun in COUNT_NOUNS.get(attribute, ()):
            for at in find_phrase(tokens, noun):
                if negated_at(tokens, at, len(noun.split())):
                    continue
                before = [(start, count) for start, length, count in numbers if at - MAX_BETWEEN <= start + length <= at
                          and not any(t in BREAKS or t in NUMBER_WORDS for t in tokens[start + length:at])]
                if before:
                    count = max(before)[1]    # the number nearest the noun
                    if count in ATTRIBUTE_VALUES[attribute]:
                        out[attribute] = count
    return out

