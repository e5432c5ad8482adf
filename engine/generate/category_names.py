"""Which category a prompt names, from its words (part_slots.Config.named_category).

The prompt reader reads the category from the whole prompt, and a modifier it learned from one
category's names can outweigh the noun it modifies: "a coffee table" reads as a mug at 0.57
("coffee mug" is a mug's name) and made four mugs, "a bistro table" as a stool at 0.82. The noun
phrase's head names the category: "table". So the prompt's words are matched against every
category's names (captions.CATEGORY_NAMES: "coffee mug", "desk chair", "table", ...), longest
names first, a matched span taken out before shorter names are matched ("an office chair" names
an office chair, not also a chair), whole words only ("bedside" is not "bed"); when the names found
are all one category's, that is the category the prompt names. Where they are several
categories', the thing asked for is the head of the prompt's first noun phrase: the last name
before the first word that starts a modifier (head_names): "a light wooden chair" ("light" is a
lamp's name) names a chair, "a table lamp" a lamp, "a table whose top looks like the lid of a jar"
a table, not the vase a jar is. A prompt joining two things ("a chair and a table") or naming
none names none, and the reader's category stands. So does a reading the named thing may be a kind of
(may_be_a_kind_of): "an executive chair" names a chair and reads as an office chair (0.91), and
office chairs are chairs too ("desk chair", "swivel chair"): the compound's modifier can make
another category of the same head noun, which the reader may know and the names do not.

The captions use five names a category; people use many more, which the reader never saw and
reads at random ("a hassock" a vase at 0.99, "a tallboy" an armchair at 0.87). OTHER_NAMES lists
them (words of the trade, regional names, kinds), matched as the captions' names are; the captions
and so the reader are unchanged. An other name is a kind outright: "a windsor chair" is a chair
even where the reader reads an office chair, so the kind-of exception does not apply to it. Words
with more than one common sense among our categories are left out ("bureau": a desk in Britain,
a chest of drawers in America; "davenport", "nightstand", "bench"), as are words that name a
part ("shelves", "drawers" alone) or an attribute the captions phrase ("two-seater"). Accents are
dropped before matching ("étagère").
"""

from __future__ import annotations

import functools
import re
import unicodedata

OTHER_NAMES = {
    "chair": ["windsor chair", "ladder-back chair", "ladderback chair", "spindle-back chair", "slat-back chair",
              "cafe chair", "bistro chair", "folding chair", "stacking chair", "bentwood chair", "shaker chair",
              "chiavari chair", "parlor chair", "parlour chair", "rocking chair"],
    "armchair": ["recliner", "reclining chair", "wingback", "wingback chair", "wing chair", "wingchair", "bergere",
                 "fauteuil", "throne", "tub chair", "barrel chair", "accent chair", "morris chair", "cocktail chair"],
    "stool": ["footstool", "foot stool", "ottoman", "pouf", "pouffe", "hassock", "tabouret", "step stool",
              "milking stool"],
    "office_chair": ["executive chair", "gaming chair", "ergonomic chair", "mesh chair", "rolling chair",
                     "operator chair", "drafting chair", "conference chair", "boss chair"],
    "table": ["coffee table", "end table", "console table", "bistro table", "tea table", "cocktail table",
              "dinner table", "trestle table", "pedestal table", "gateleg table", "drop-leaf table", "card table",
              "lamp table", "accent table", "dinette", "refectory table", "parsons table", "patio table"],
    "desk": ["secretaire", "escritoire", "secretary desk", "rolltop", "roll-top", "roll-top desk", "rolltop desk",
             "writing table", "workstation"],
    "sofa": ["loveseat", "love seat", "sectional", "chesterfield", "banquette", "camelback", "sofa bed"],
    "bed": ["cot", "crib", "bunk", "bunk bed", "daybed", "four-poster", "bassinet", "bedframe"],
    "bookshelf": ["etagere", "book rack", "bookrack", "bookstand", "whatnot", "ladder shelf", "library shelf",
                  "display shelf"],
    "cabinet": ["wardrobe", "armoire", "dresser", "chest of drawers", "tallboy", "highboy", "lowboy", "hutch",
                "chiffonier", "locker", "closet", "vitrine", "curio"],
    "lamp": ["chandelier", "torchiere", "lantern", "uplighter", "sconce", "luminaire", "floor light"],
    "vase": ["amphora", "carafe", "decanter", "ewer", "jardiniere", "jar", "planter", "flowerpot", "flower pot",
             "cachepot"],
    "mug": ["tankard", "stein", "beaker", "tumbler", "demitasse", "goblet", "sippy cup"],
}


def named_names(prompt: str) -> list:
    """[(name, category)] for the category names (the captions' and OTHER_NAMES) that occur in the
    prompt as whole words, their last word perhaps plural by "s" or "es" ("two wardrobes"), longest
    names matched first, each match taken out before shorter names are looked for."""
    return [(name, category) for name, category, _ in _name_matches(prompt)]


def _name_matches(prompt: str) -> list:
    """[(name, category, index of its first word in the prompt's words)], as named_names finds
    them (a name found more than once is listed once, at its first place)."""
    text = " " + " ".join(_words(prompt)) + " "
    found = []
    for name, category, forms in _names_longest_first():
        places = [i for form in forms for i in _places(text, form)]
        if places:
            found.append((name, category, text[:min(places)].count(" ") - 1))
            for form in forms:   # taken out, the words' places kept
                text = text.replace(form, " " + " ".join("|" * len(w) for w in form.split()) + " ")
    return found


def _places(text: str, form: str) -> list:
    places, start = [], text.find(form)
    while start >= 0:
        places.append(start + 1)
        start = text.find(form, start + 1)
    return places


@functools.lru_cache(maxsize=1)
def _names_longest_first() -> tuple:
    """((name, category, its word forms as matched: " word word ", plural by "s" and "es"), ...),
    longest names first."""
    from ..data.shapes.captions import CATEGORY_NAMES

    names = sorted(((name, category) for table in (CATEGORY_NAMES, OTHER_NAMES)
                    for category, names in table.items() for name in names), key=lambda pair: -len(pair[0]))
    out = []
    for name, category in names:
        words = _words(name)
        out.append((name, category, tuple(" " + " ".join(words[:-1] + [words[-1] + ending]) + " "
                                          for ending in ("", "s", "es"))))
    return tuple(out)


def named_categories(prompt: str) -> set:
    """The categories whose names occur in the prompt (named_names)."""
    return {category for _, category in named_names(prompt)}


def named_category(prompt: str) -> str | None:
    """The one category the prompt names (head_names), or None."""
    found = {category for _, category in head_names(prompt)}
    return next(iter(found)) if len(found) == 1 else None


def head_names(prompt: str) -> list:
    """[(name, category)]: the names of the thing the prompt asks for. All the names found where
    they are one category's; where they are several categories', the last name before the first
    word that starts a modifier (MODIFIER_CUES): the head of the first noun phrase ("a light
    wooden chair", "a table whose top looks like the lid of a jar", "a chair at a desk"); none
    where no name comes before that word, or where the words before it join two things ("a
    chair and a table")."""
    found = _name_matches(prompt)
    if len({category for _, category, _ in found}) <= 1:
        return [(name, category) for name, category, _ in found]
    words = _words(prompt)
    cue = next((i for i, w in enumerate(words) if w in MODIFIER_CUES), len(words))
    before = sorted((at, name, category) for name, category, at in found if at < cue)
    if not before or (len(before) > 1 and JOINING_WORDS & set(words[before[0][0]:cue])):
        return []
    return [before[-1][1:]]


MODIFIER_CUES = {"whose", "with", "without", "that", "which", "who", "like", "shaped", "looks", "look", "looking",
                 "resembling", "at", "beside", "by", "next", "near", "on", "under", "in", "for", "from", "of",
                 "made", "having", "where", "but", "plus", "to"}
JOINING_WORDS = {"and", "or", "nor", "versus", "vs"}


def may_be_a_kind_of(prompt: str, category: str) -> bool:
    """Could the prompt's named thing be a kind of `category` all the same? True where one of the
    captions' names it holds ends in the same word as one of the category's names: "a plush chair"
    names a chair, and an office chair is also called a "desk chair", so a reader's office chair
    stands; "a coffee table" names a table, and no mug's name ends in "table". False where it holds
    one of OTHER_NAMES: those name their kind outright ("a gaming chair" is an office chair)."""
    from ..data.shapes.captions import CATEGORY_NAMES

    found = head_names(prompt)
    if any(name in OTHER_NAMES.get(named, ()) for name, named in found):
        return False
    heads = {_words(name)[-1] for name, _ in found}
    return bool(heads & {_words(name)[-1] for name in CATEGORY_NAMES[category]})


def _words(text: str) -> list:
    plain = unicodedata.normalize("NFKD", text.lower())
    return re.findall(r"[a-z0-9]+", "".join(ch for ch in plain if not unicodedata.combining(ch)))
