"""Which category a prompt names, from its words (part_slots.Config.named_category).

The prompt reader reads the category from the whole prompt, and a modifier it learned from one
category's names can outweigh the noun it modifies: "a coffee table" reads as a mug at 0.57
("coffee mug" is a mug's name) and made four mugs, "a bistro table" as a stool at 0.82. The noun
phrase's head names the category: "table". So the prompt's words are matched against every
category's names (captions.CATEGORY_NAMES: "coffee mug", "desk chair", "table", ...), longest
names first, a matched span taken out before shorter names are matched ("an office chair" names
an office chair, not also a chair), whole words only ("bedside" is not "bed"); when the names found
are all one category's, that is the category the prompt names. A prompt naming two ("a table
lamp", "a sofa bed", "a light chair": "light" is a lamp's name) or none ("a wardrobe") names
none, and the reader's category stands. So does a reading the named thing may be a kind of
(may_be_a_kind_of): "an executive chair" names a chair and reads as an office chair (0.91), and
office chairs are chairs too ("desk chair", "swivel chair"): the compound's modifier can make
another category of the same head noun, which the reader may know and the names do not.
"""

from __future__ import annotations

import re


def named_names(prompt: str) -> list:
    """[(name, category)] for the category names that occur in the prompt as whole words, longest
    names matched first, each match taken out before shorter names are looked for."""
    from ..data.shapes.captions import CATEGORY_NAMES

    text = " " + " ".join(_words(prompt)) + " "
    names = sorted(((name, category) for category, names in CATEGORY_NAMES.items() for name in names),
                   key=lambda pair: -len(pair[0]))
    found = []
    for name, category in names:
        pattern = " " + " ".join(_words(name)) + " "
        if pattern in text:
            found.append((name, category))
            text = text.replace(pattern, " | ")
    return found


def named_categories(prompt: str) -> set:
    """The categories whose names occur in the prompt (named_names)."""
    return {category for _, category in named_names(prompt)}


def named_category(prompt: str) -> str | None:
    """The one category the prompt names, or None where it names none or several."""
    found = named_categories(prompt)
    return next(iter(found)) if len(found) == 1 else None


def may_be_a_kind_of(prompt: str, category: str) -> bool:
    """Could the prompt's named thing be a kind of `category` all the same? True where one of the
    names it holds ends in the same word as one of the category's names: "an executive chair"
    names a chair, and an office chair is also called a "desk chair", so the reader's office
    chair stands; "a coffee table" names a table, and no mug's name ends in "table"."""
    from ..data.shapes.captions import CATEGORY_NAMES

    heads = {_words(name)[-1] for name, _ in named_names(prompt)}
    return bool(heads & {_words(name)[-1] for name in CATEGORY_NAMES[category]})


def _words(text: str) -> list:
    return re.findall(r"[a-z0-9]+", text.lower())
