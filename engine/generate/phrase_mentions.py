"""Which attribute a prompt speaks of, by the sentence encoder's similarity to the caption phrases.

The mention reader (mention_reader.py) learned its words from the library's captions and misses
most paraphrases: "a bookcase with six levels of shelving", "an office chair topped by a cushion
for the neck", "a bed with a panel rising at its foot" mention nothing to it (odds 0.13-0.35),
so the prompt check enforced nothing there; "a bed with a low panel closing the end where the feet
go", read as having a footboard at 0.91 but left unchecked, got one in 1 bed of 10. The sentence
encoder itself knows these paraphrases: such a prompt lies closer to the captions of the attribute
it speaks of ("a bookcase with six shelves") than to the captions of the category's other
attributes ("a tall bookcase", "an open-backed bookcase").

So each attribute of the prompt's category gets a similarity: the best cosine similarity of the
prompt's sentence embedding to "a {category name} {phrase}" over the attribute's caption phrases
(captions.PHRASES, every value), less the median of the same over all the category's attributes
(edit_scope.CATEGORY_ATTRIBUTES). A bare name already leans to some attributes ("a chair" to its
arms captions, "a shelf unit" to its shelves), so what counts is how far the prompt moves an
attribute's similarity beyond the bare name's ("a {first category name}"), the prompt's own
category name first replaced by that first name ("a shelf unit with ..." -> "a bookshelf with ...").
The checked attribute moved most is taken as spoken of when it moved at least MARGIN; any other
is left to the mention reader (a bed prompt about the foot end moves the headboard's similarity
too, a little less: "board" either way).

Which value is asked: the prompt reader's odds blended with the phrases' own (value_odds: a
softmax at TEMPERATURE over each value's two most similar captions), at the weight
part_slots.Config.phrase_weight (0.5). The reader read "a cabinet shut by twin doors" as one door and
"a teacup resting on its plate" as no saucer; the captions "with two doors" and "on a saucer" are
nearer. The reader is right where the similarity is not ("an urn with a loop on either side").

MARGIN, TEMPERATURE and the weight were chosen on the first six fidelity sets and on the plain
prompts (category names with and without an adjective, the style prompts) of
tests/bench/diagnostics/phrase_mention_choice.py: the tested attribute taken as spoken of in 122
of 136 prompts against 97 by the mention reader alone, and no plain prompt taken to speak of
anything (0.03: one); the asked value right in 132 of 136 against 127 by the reader alone. The
seventh set, written before, measures them (BENCHMARKS.md).

Two more readings use the same phrases: negated_by_scope (the words of a negation that names no
part, "the part for resting your head left off") and named_top_shape (a table top likened to
something, "a top like a giant dinner plate", whose shape the margin above misses; the thing it is
likened to is also read alone against the shape phrases, likeness_roundness).

Arrays: sentence embeddings are (384,) float32, unit length (text.TextEncoder's pooled output);
a category's phrase table is (P, 384) with an owner index (P,) into its attribute tuple and a
value index (P,) into that attribute's prompt_reader.ATTRIBUTE_VALUES.
"""

from __future__ import annotations

import functools
import re
import threading

import numpy as np

MARGIN = 0.04
TEMPERATURE = 0.02
TOP_NOUNS = ("top", "tops", "tabletop", "surface", "slab", "plank", "board")
TOP_SHAPE_ODDS = 0.65
# Words for a top's corners: where a table prompt that names its top speaks of them, they decide
# its shape (negated: round; otherwise cornered). "angled" is left out, and so is "at an angle":
# legs are set at an angle too.
CORNER_NOUNS = ("corner", "corners", "angle", "angles", "angular", "cornered")
NOT_CORNERS = re.compile(r"\bat (?:an )?angles?\b", re.IGNORECASE)
# Words that introduce what a top is likened to ("a top like a vinyl record", "in the shape of a
# circle"); the likened thing runs to the next comma, full stop or clause word (LIKENESS_ENDS).
LIKENESS_CUES = ("like", "resembles", "resemble", "resembling", "shape of", "shaped as")
LIKENESS_ENDS = ("with", "and", "but", "that", "which", "while", "yet", "on", "for")
# Things whose outline everyone knows (none named by a fidelity set): what a likened thing lies
# nearer to, beside the captions' shape words, tells its roundness (likeness_roundness).
ROUND_THINGS = ("a button", "a tortilla", "a bagel", "a donut", "a steering wheel", "a compact disc", "a porthole",
                "a lily pad", "a pie", "a trampoline", "a hubcap", "a cymbal", "a tyre", "a medal", "a bottle cap",
                "a slice of a tree trunk", "a millstone", "a roulette wheel", "a wheel of cheese", "a poker chip",
                "a camera lens", "a gong", "a compass", "a hula hoop", "a crepe", "a round shield", "an orange slice",
                "a cake", "a sunflower", "a ferris wheel", "a satellite dish", "a bowl")
CORNERED_THINGS = ("a laptop", "a tablet computer", "a phone screen", "a credit card", "a ruler", "a blackboard",
                   "a banknote", "a keyboard", "a picture frame", "a notebook", "a passport", "a ping pong table",
                   "a billboard", "a sheet of plywood", "a pool table", "a cracker", "a slice of toast", "a magazine",
                   "a canvas painting", "a calendar", "a placemat", "a yoga mat", "a slab of marble", "a sticky note",
                   "a matchbox", "a cereal box", "a chocolate bar", "a pallet", "a crate", "a garage door", "a poster",
                   "a flag", "a television screen", "a whiteboard", "a football pitch")

_TABLES = {}
_LOCK = threading.Lock()


def phrase_captions(category: str) -> tuple:
    """(attributes, captions [str], owners (P,) int, values (P,) int): "a {name} {phrase}" for every
    caption phrase of every attribute the category carries; owners[i] indexes attributes and
    values[i] the phrase's value among captions.PHRASES[attribute] (prompt_reader.ATTRIBUTE_VALUES'
    order)."""
    from ..data.shapes.captions import CATEGORY_NAMES, PHRASES
    from .edit_scope import CATEGORY_ATTRIBUTES

    attributes = CATEGORY_ATTRIBUTES[category]
    name = CATEGORY_NAMES[category][0]
    captions, owners, values = [], [], []
    for index, attribute in enumerate(attributes):
        for value, phrases in enumerate(PHRASES[attribute].values()):
            captions.extend(f"a {name} {phrase}" for phrase in phrases)
            owners.extend([index] * len(phrases))
            values.extend([value] * len(phrases))
    return attributes, captions, np.asarray(owners, dtype=np.int64), np.asarray(values, dtype=np.int64)


def phrase_table(category: str, device: str = "cpu") -> tuple:
    """(attributes, embeddings (P, 384), owners (P,), values (P,)) of the category's captions,
    encoded once per process and device (under a second on the 2-core CPU, paid by a process's
    first prompt of the category)."""
    key = (category, device)
    with _LOCK:   # one build per table: a job asking for one being built waits for it
        if key not in _TABLES:
            from .text import TextEncoder

            attributes, captions, owners, values = phrase_captions(category)
            pooled = TextEncoder(device).encode(captions)[2].cpu().numpy().astype(np.float32)
            _TABLES[key] = (attributes, pooled, owners, values)
        return _TABLES[key]


def attribute_scores(pooled: np.ndarray, table: tuple) -> dict:
    """{attribute: its best caption similarity less the median over the category's attributes}
    for one sentence embedding (384,)."""
    attributes, embeddings, owners = table[:3]
    similarity = embeddings @ np.asarray(pooled, dtype=np.float32)
    best = np.full(len(attributes), -np.inf)
    np.maximum.at(best, owners, similarity)
    median = float(np.median(best))
    return {attribute: float(b) - median for attribute, b in zip(attributes, best)}


def canonical_prompt(prompt: str, category: str) -> str:
    """The prompt with the longest of its category's names that it holds (at its first occurrence)
    replaced by the category's first name, the one the phrase captions use."""
    from ..data.shapes.captions import CATEGORY_NAMES

    names = CATEGORY_NAMES[category]
    for name in sorted(names, key=len, reverse=True):
        pattern = r"\b" + re.escape(name) + r"\b"
        if re.search(pattern, prompt, flags=re.IGNORECASE):
            return re.sub(pattern, names[0], prompt, count=1, flags=re.IGNORECASE)
    return prompt


@functools.lru_cache(maxsize=256)
def _pooled(prompt: str, device: str) -> np.ndarray:
    """The prompt's sentence embedding (384,), read-only: one prompt check asks for the same prompt's
    several times (its moves, each value's odds, a table top's shape), and the bare name's each time."""
    from .text import TextEncoder

    pooled = TextEncoder(device).encode([prompt])[2][0].cpu().numpy()
    pooled.setflags(write=False)
    return pooled


def attribute_moves(prompt: str, category: str, device: str = "cpu") -> dict:
    """{attribute: how far the prompt moves its similarity beyond the bare category name's}."""
    from ..data.shapes.captions import CATEGORY_NAMES

    table = phrase_table(category, device)
    said = attribute_scores(_pooled(canonical_prompt(prompt, category), device), table)
    bare = attribute_scores(_pooled(f"a {CATEGORY_NAMES[category][0]}", device), table)
    return {attribute: said[attribute] - bare[attribute] for attribute in said}


def value_odds(prompt: str, category: str, attribute: str, device: str = "cpu") -> np.ndarray:
    """(V,) the odds of the attribute's values by the prompt's similarity to their captions: a
    softmax at TEMPERATURE over each value's mean of its two most similar captions."""
    attributes, embeddings, owners, values = phrase_table(category, device)
    similarity = embeddings @ _pooled(canonical_prompt(prompt, category), device).astype(np.float32)
    index = attributes.index(attribute)
    count = int(values[owners == index].max()) + 1
    mean_best = np.array([np.sort(similarity[(owners == index) & (values == v)])[-2:].mean() for v in range(count)])
    odds = np.exp((mean_best - mean_best.max()) / TEMPERATURE)
    return odds / odds.sum()


def blend_reading(reading, category: str, prompt: str, attributes, weight: float, device: str = "cpu") -> np.ndarray:
    """The reading (F,) with each of `attributes`' value blocks (1 - weight) times the prompt
    reader's odds plus weight times value_odds."""
    from .prompt_check import attribute_block

    out = np.array(reading, dtype=np.float64)
    if weight > 0:
        for key in attributes:
            block = attribute_block(key)
            out[block] = (1 - weight) * out[block] + weight * value_odds(prompt, category, key, device)
    return out


def spoken_of(prompt: str, category: str, checked: tuple, device: str = "cpu", margin: float = MARGIN) -> set:
    """The attribute among `checked` that the prompt speaks of by its phrases' similarity (a set of
    at most one)."""
    candidates = {a: m for a, m in attribute_moves(prompt, category, device).items() if a in checked}
    if not candidates:
        return set()
    best = max(candidates, key=candidates.get)
    return {best} if candidates[best] >= margin else set()


def negated_by_scope(prompt: str, category: str, heard, checked: tuple, device: str = "cpu") -> dict:
    """{attribute: its negative value} for each part attribute in `heard` (those the prompt is taken
    to speak of) that no part noun of the prompt names and that the words of one of its negation
    cues speak of (negation_scope.cue_scopes, read as "a {category name} {words}" by spoken_of over
    `checked`): "a task seat with the part for resting your head left off" heard speaking of a
    headrest, "for resting your head" speaking of it, so no headrest. A cue whose words speak of
    another attribute ("a bed with a footboard, not too tall") negates nothing."""
    from ..data.shapes.captions import CATEGORY_NAMES
    from .negation_scope import NEGATIVE_VALUE, cue_scopes, names_part

    unnamed = {a for a in heard if a in NEGATIVE_VALUE and a in checked and not names_part(prompt, a)}
    out = {}
    for scope in cue_scopes(prompt) if unnamed else ():
        for attribute in spoken_of(f"a {CATEGORY_NAMES[category][0]} {scope}", category, checked, device) & unnamed:
            out[attribute] = NEGATIVE_VALUE[attribute]
    return out


def named_top_shape(prompt: str, reading, weight: float, device: str = "cpu") -> str | None:
    """The top shape a table prompt asks for where it names the top (TOP_NOUNS) and says what it is
    like ("a top like a giant dinner plate", "a boxy slab with four corners"), None where it names
    no top. In this order:
    - where it speaks of corners or angles (CORNER_NOUNS), "round" if every such word is negated
      ("a top free of corners", "no angles"), else cornered ("corners you could bump into");
    - "round" where the blended odds (the reading's at 1 - weight, value_odds' at weight) of a
      round top reach TOP_SHAPE_ODDS, cornered where those of a cornered one do (the dinner plate:
      round 0.67, the reader's 0.50 and the phrases' 0.85);
    - where the top is likened to something (likened_thing), that thing's roundness read alone
      (likeness_roundness): round where positive, else cornered ("a drum skin" +0.11, whose
      prompt's odds stayed near even, the whole prompt's similarity hearing more of the table);
    - None otherwise ("a table with a glass top": round 0.53).
    Cornered is the likelier of "square" and "rectangular" by the blended odds. Such a likeness
    moves the similarity of "thick" and "rounded edges" captions more than that of the top's
    shape, so spoken_of does not hear it. TOP_SHAPE_ODDS was chosen on the table prompts of the
    first nine fidelity sets and measured on the eleventh (BENCHMARKS.md, eighteenth session);
    the corners and the likeness (twentieth session) on the first eleven, the likeness's order
    after the odds because before them it lost the dinner plate, and measured on the twelfth."""
    from .negation_scope import noun_negations
    from .prompt_check import attribute_odds
    from .prompt_reader import ATTRIBUTE_VALUES

    if not set(re.findall(r"[a-z]+", prompt.lower())) & set(TOP_NOUNS):
        return None
    odds = (1 - weight) * attribute_odds(reading, "shape") + weight * value_odds(prompt, "table", "shape", device)
    values = ATTRIBUTE_VALUES["shape"]
    cornered = max((v for v in values if v != "round"), key=lambda v: odds[values.index(v)])
    corners = noun_negations(NOT_CORNERS.sub(" ", prompt), CORNER_NOUNS)
    if corners:
        return "round" if all(corners) else cornered
    round_odds = float(odds[values.index("round")])
    if round_odds >= TOP_SHAPE_ODDS:
        return "round"
    if 1 - round_odds >= TOP_SHAPE_ODDS:
        return cornered
    thing = likened_thing(prompt)
    if thing:
        return "round" if likeness_roundness(thing, device) > 0 else cornered
    return None


def likened_thing(prompt: str, subjects: tuple = TOP_NOUNS) -> str | None:
    """What the prompt likens one of the subjects (a top) to: the words after the first likeness cue
    (LIKENESS_CUES) that follows a subject noun in the same clause, up to a comma, full stop or
    clause word (LIKENESS_ENDS); None where there is none. "a coffee table whose top looks like a
    door laid flat" -> "a door laid flat"; "a table with legs like tree trunks and a glass top" ->
    None (the legs are likened, not the top)."""
    from .negation_scope import find_phrase, words

    tokens = words(prompt)
    for start in sorted(i + len(cue.split()) for cue in LIKENESS_CUES for i in find_phrase(tokens, cue)):
        subject = max((i for i, t in enumerate(tokens[:start]) if t in subjects), default=None)
        if subject is None or any(t in LIKENESS_ENDS or t in ",;.:" for t in tokens[subject:start]):
            continue
        thing = []
        for token in tokens[start:]:
            if token in LIKENESS_ENDS or token in ",;.:":
                break
            thing.append(token)
        if thing:
            return " ".join(thing)
    return None


def likeness_roundness(thing: str, device: str = "cpu") -> float:
    """How much nearer the likened thing lies to round than to cornered words and things: its mean
    cosine similarity to captions.PHRASES["shape"]["round"] less its mean to the square and
    rectangular phrases, plus its mean similarity to ROUND_THINGS less its mean to CORNERED_THINGS.
    Positive: round. A thing read alone, as the whole prompt's similarity hears the table more than
    the likeness. The phrases alone read 49 of the 67 things of the two lists right; phrases and
    things, each thing left out of its own list, 56 (BENCHMARKS.md, thirty-fifth session)."""
    round_phrases, cornered_phrases, round_things, cornered_things = _shape_words(device)
    embedding = _pooled(thing, device).astype(np.float32)
    return float((round_phrases @ embedding).mean() - (cornered_phrases @ embedding).mean()
                 + (round_things @ embedding).mean() - (cornered_things @ embedding).mean())


@functools.lru_cache(maxsize=4)
def _shape_words(device: str) -> tuple:
    """The embeddings (N, 384) of the round and cornered shape phrases and of ROUND_THINGS and
    CORNERED_THINGS, in that order."""
    from ..data.shapes.captions import PHRASES
    from .text import TextEncoder

    phrases = PHRASES["shape"]
    groups = (phrases["round"], phrases["square"] + phrases["rectangular"], ROUND_THINGS, CORNERED_THINGS)
    pooled = TextEncoder(device).encode([text for group in groups for text in group])[2].cpu().numpy()
    bounds = np.cumsum([0] + [len(group) for group in groups])
    return tuple(pooled[a:b].astype(np.float32) for a, b in zip(bounds[:-1], bounds[1:]))

