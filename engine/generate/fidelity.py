"""Prompt fidelity: do generated shapes have the attributes their prompt asks for?

`python -m engine eval prompts` samples each prompt of FIDELITY_PROMPTS several times and reads
the attributes back from the generated part structure: counts of labelled parts (legs, shelves,
doors, drawers, handles), presence of parts (armrests, casters, headrest, headboard, footboard,
saucer) and, for round or square tops, the shape of the decoded tabletop; a part counts only
when its box volume is one its label has in the training shapes (label_size_ranges: a sliver
or a whole back panel labelled headrest is no headrest). The prompts are
phrased in ways the training captions never use (captions.PHRASES; a test keeps it so), and
about a third are negations ("no armrests whatsoever", "that does not roll"), which the
sentence encoder places close to their positive forms.

The generator's prompt check (prompt_check.py) reads attributes with the same function and makes
again the candidates that contradict what it takes the prompt to ask, so with the check on, a
prompt it reads right mostly scores how often its retries find a passing candidate; `retries=0`
(`--prompt-retries 0`) measures the model alone.

Arrays: slot vectors (K, D) as from PartSlotGenerator.sample_slots; occupancy grids (R, R, R).
"""

from __future__ import annotations

import numpy as np

from .label_sizes import LABEL_LOG_VOLUME_RANGES
from .part_attributes import recover_attributes

# (prompt, {attribute: expected value}); every attribute is one part_attributes.recover_attributes reads.
FIDELITY_PROMPTS = [
    ("a stool that rests upon three legs", {"legs": 3}),
    ("a stool resting upon four legs", {"legs": 4}),
    ("a three leg bar stool", {"legs": 3}),
    ("a dining chair having armrests on both sides", {"arms": True}),
    ("a dining chair, no armrests whatsoever", {"arms": False}),
    ("a plain kitchen chair with nothing to rest your arms on", {"arms": False}),
    ("an office chair that glides on small wheels", {"wheels": True}),
    ("an office chair that does not roll", {"wheels": False}),
    ("an office chair on fixed feet instead of wheels", {"wheels": False}),
    ("an office chair including a rest for the head", {"headrest": True}),
    ("an office chair missing a headrest", {"headrest": False}),
    ("an office chair offering armrests", {"arms": True}),
    ("an office chair, arms left off", {"arms": False}),
    ("a dining table whose top is a circle", {"round": True}),
    ("a kitchen table whose top has four corners", {"round": False}),
    ("a bed that has no headboard", {"headboard": False}),
    ("a bed with a board at the head end", {"headboard": True}),
    ("a bed without any board at the foot end", {"footboard": False}),
    ("a bookcase holding three shelves", {"shelves": 3}),
    ("a bookshelf holding five shelves", {"shelves": 5}),
    ("a cupboard closed by a single door", {"doors": 1}),
    ("a cabinet fronted by a pair of doors", {"doors": 2}),
    ("a vase you cannot pick up by a handle", {"handles": 0}),
    ("a coffee mug standing alone, saucer not included", {"saucer": False}),
]

# A second set, written in the sixth session before the model trained after it and not used to
# choose anything since: how well the figures on the first set (whose failures shaped the
# caption phrases) carry over to prompts nobody has tuned for. `eval prompts --prompt-set fresh`.
FRESH_PROMPTS = [
    ("a stool perched on a trio of legs", {"legs": 3}),
    ("a stool held up by four legs", {"legs": 4}),
    ("a dining chair with places to rest the elbows", {"arms": True}),
    ("a chair where the arms have been dropped", {"arms": False}),
    ("a desk chair that moves about on little wheels", {"wheels": True}),
    ("an office chair standing on plain feet, casters absent", {"wheels": False}),
    ("an office chair topped by a cushion for the neck", {"headrest": True}),
    ("an office chair, headrest not wanted", {"headrest": False}),
    ("a dining table with a disc for a top", {"round": True}),
    ("a bed whose foot end is open", {"footboard": False}),
    ("a bed with a tall board behind the pillows", {"headboard": True}),
    ("a cupboard behind one door", {"doors": 1}),
    ("a storage cupboard whose front is two doors", {"doors": 2}),
    ("a bookcase offering four shelves", {"shelves": 4}),
    ("a mug and no saucer beneath it", {"saucer": False}),
    ("a vase without anything to hold it by", {"handles": 0}),
]
# A third set, written at the start of the seventh session before anything was changed to read
# negations better, and not used to choose anything: `eval prompts --prompt-set third`.
THIRD_PROMPTS = [
    ("a tall bar stool balanced on 3 slim legs", {"legs": 3}),
    ("a little stool whose seat sits on four sturdy legs", {"legs": 4}),
    ("a side chair with padded elbow rests", {"arms": True}),
    ("a side chair that has nowhere for your arms to go", {"arms": False}),
    ("a kitchen chair, armrests omitted", {"arms": False}),
    ("a chair without anywhere to put your elbows", {"arms": False}),
    ("a task chair riding on rollers", {"wheels": True}),
    ("a swivel chair that stays put, no rollers underneath", {"wheels": False}),
    ("a desk chair with its casters taken off", {"wheels": False}),
    ("an office chair that supports your head too", {"headrest": True}),
    ("an office chair that stops at the shoulders, no head support", {"headrest": False}),
    ("a kitchen table with a top shaped like a coin", {"round": True}),
    ("a dining table whose top has straight edges and right angles", {"round": False}),
    ("a bed frame with nothing at the head", {"headboard": False}),
    ("a bed with a panel rising at its foot", {"footboard": True}),
    ("a bed, footboard: none", {"footboard": False}),
    ("a bookcase with six levels of shelving", {"shelves": 6}),
    ("a tall bookcase carrying two shelves", {"shelves": 2}),
    ("a cabinet shut by twin doors", {"doors": 2}),
    ("a narrow cupboard behind a lone door", {"doors": 1}),
    ("an urn with a pair of ears to lift it by", {"handles": 2}),
    ("a smooth vase, no grips on its sides", {"handles": 0}),
    ("a teacup resting on a little dish", {"saucer": True}),
    ("a mug served alone, no plate under it", {"saucer": False}),
]
# A fourth set, written at the start of the eleventh session before the caption vocabulary was
# broadened (more part nouns, more ways to say a part is not there), and not used to choose
# anything: the held-out measure of that change. `eval prompts --prompt-set fourth`.
FOURTH_PROMPTS = [
    ("a three-footed stool", {"legs": 3}),
    ("a counter stool with a leg at each of its four corners", {"legs": 4}),
    ("a dining chair that lets you rest your forearms", {"arms": True}),
    ("a side chair with no sides to lean an arm on", {"arms": False}),
    ("a kitchen chair stripped of its armrests", {"arms": False}),
    ("a desk chair sitting on a star of little wheels", {"wheels": True}),
    ("an office chair with feet that stay on the floor, not casters", {"wheels": False}),
    ("a computer chair, wheels excluded", {"wheels": False}),
    ("an office chair with a pillow for your head", {"headrest": True}),
    ("a task chair whose back ends below the head", {"headrest": False}),
    ("a kitchen table whose top curves all the way around", {"round": True}),
    ("a dining table topped by a long plank with corners", {"round": False}),
    ("a bed frame, no board where the head goes", {"headboard": False}),
    ("a bed with a padded panel at the top end", {"headboard": True}),
    ("a bed with a low board closing off the foot", {"footboard": True}),
    ("a bed that stops flat at the feet, with no panel there", {"footboard": False}),
    ("a bookcase split into three shelves", {"shelves": 3}),
    ("a bookshelf with room for books on five shelves", {"shelves": 5}),
    ("a tall cabinet with a door on each side", {"doors": 2}),
    ("a cupboard that opens with just a single front door", {"doors": 1}),
    ("a vase with a loop on either side for carrying", {"handles": 2}),
    ("a decorative vase bare of any handles", {"handles": 0}),
    ("a cup set down on a matching plate", {"saucer": True}),
    ("a coffee mug, dish underneath not needed", {"saucer": False}),
]
# A fifth set, written in the eleventh session after the broadened vocabulary was measured and
# before the sentence-level polarity reading was tried: its held-out measure.
# `eval prompts --prompt-set fifth`.
FIFTH_PROMPTS = [
    ("a stool that stands on a tripod of legs", {"legs": 3}),
    ("a square stool with a leg under every corner, four in all", {"legs": 4}),
    ("a dining chair where your arms can rest at the sides", {"arms": True}),
    ("a chair that gives your arms no support", {"arms": False}),
    ("a wooden chair, sides open, with no arm pieces", {"arms": False}),
    ("an office chair whose base has little wheels at its ends", {"wheels": True}),
    ("a desk chair that cannot be pushed around the room", {"wheels": False}),
    ("a computer chair with static feet rather than casters", {"wheels": False}),
    ("an office chair with support up to the head", {"headrest": True}),
    ("an office chair with a short back and no place for the head", {"headrest": False}),
    ("a dining table with a top in the shape of a circle", {"round": True}),
    ("a kitchen table with an angular top", {"round": False}),
    ("a bed without anything rising above the mattress at the head", {"headboard": False}),
    ("a bed against a tall panel where you lay your head", {"headboard": True}),
    ("a bed closed off by a panel at the feet", {"footboard": True}),
    ("a bed left open at the foot", {"footboard": False}),
    ("a bookcase with four levels", {"shelves": 4}),
    ("a shelving unit carrying six shelves of books", {"shelves": 6}),
    ("a cupboard whose front is one door only", {"doors": 1}),
    ("a cabinet whose two doors meet in the middle", {"doors": 2}),
    ("a vase with a handle on the left and one on the right", {"handles": 2}),
    ("a vase you hold by its body, nothing sticks out", {"handles": 0}),
    ("a cup on a little plate of its own", {"saucer": True}),
    ("a mug that comes on its own, with no plate", {"saucer": False}),
]
# A sixth set (24, 10 negations), written and committed before the fourteenth session changed how
# negations are read (BENCHMARKS.md), so that change is measured on prompts it was not made from.
SIXTH_PROMPTS = [
    ("a bar stool propped up by three legs", {"legs": 3}),
    ("a stool whose seat rests on four straight legs", {"legs": 4}),
    ("a side chair, its arms done away with", {"arms": False}),
    ("a dining chair where the arms are missing", {"arms": False}),
    ("a cosy chair that lets you rest both elbows", {"arms": True}),
    ("an office chair on five little rollers", {"wheels": True}),
    ("a swivel chair, wheels gone, set on fixed feet", {"wheels": False}),
    ("an office chair that sits still on the floor, no rollers underneath", {"wheels": False}),
    ("a gaming chair topped by a cushion for the neck", {"headrest": True}),
    ("an office chair, the head support omitted", {"headrest": False}),
    ("a table whose top is a perfect disc", {"round": True}),
    ("a table with a top of straight edges and sharp corners", {"round": False}),
    ("a bed whose head end is bare, nothing against the wall", {"headboard": False}),
    ("a double bed with a wooden panel behind the pillows", {"headboard": True}),
    ("a bed with a low panel closing the end where the feet go", {"footboard": True}),
    ("a bed, the board at the foot taken off", {"footboard": False}),
    ("a bookcase holding three levels of books", {"shelves": 3}),
    ("a tall bookcase divided by five shelves", {"shelves": 5}),
    ("a cabinet closed by a pair of doors", {"doors": 2}),
    ("a narrow cabinet that opens with a single hinged door", {"doors": 1}),
    ("an urn with a loop on either side", {"handles": 2}),
    ("a smooth vase, no loops or grips on it", {"handles": 0}),
    ("a teacup resting on its plate", {"saucer": True}),
    ("a mug standing alone, plate not included", {"saucer": False}),
]
# A seventh set (24, 10 negations), written and committed before the sixteenth session changed
# what the prompt check takes a prompt to speak of (BENCHMARKS.md), so that change is measured on
# prompts it was not made from.
SEVENTH_PROMPTS = [
    ("a barstool balanced on three spindly supports", {"legs": 3}),
    ("a kitchen stool held up at each corner by a leg", {"legs": 4}),
    ("a dining chair you can lean your arms on at both sides", {"arms": True}),
    ("a plain chair that leaves the sides open, nothing for the arms", {"arms": False}),
    ("a wooden chair stripped of its armrest pieces", {"arms": False}),
    ("a desk chair gliding on little swivel wheels at the base", {"wheels": True}),
    ("a computer chair planted on plain feet rather than castors", {"wheels": False}),
    ("an executive chair whose backrest continues up to cradle the head", {"headrest": True}),
    ("a task seat with the part for resting your head left off", {"headrest": False}),
    ("a table whose top looks like a giant dinner plate", {"round": True}),
    ("a coffee table whose surface is a boxy slab with four right-angled corners", {"round": False}),
    ("a bed with a tall padded panel where you lean your back to read", {"headboard": True}),
    ("a bed frame with nothing rising at the pillow end", {"headboard": False}),
    ("a bed fenced in at the bottom by a short wooden panel", {"footboard": True}),
    ("a bed whose mattress end is left open, no panel there", {"footboard": False}),
    ("a shelving unit split into four storeys", {"shelves": 4}),
    ("a bookcase with a pair of shelves inside", {"shelves": 2}),
    ("a storage cabinet fronted by two swinging doors", {"doors": 2}),
    ("a cupboard you open through one single door", {"doors": 1}),
    ("a vase with two ear-shaped grips", {"handles": 2}),
    ("an urn with smooth sides and nothing to hold it by", {"handles": 0}),
    ("a coffee cup that comes with its own little dish underneath", {"saucer": True}),
    ("a teacup served bare, the dish underneath left out", {"saucer": False}),
    ("a desk with three pull-out compartments", {"drawers": 3}),
]
# An eighth set (24, 10 negations), written at the end of the sixteenth session, after its
# changes, for the next change of the prompt check to be measured on (BENCHMARKS.md has its
# figures with the sixteenth session's defaults).
EIGHTH_PROMPTS = [
    ("a bar stool that rests on a trio of thin posts", {"legs": 3}),
    ("a square stool standing on four slim uprights", {"legs": 4}),
    ("a kitchen chair fitted with rests for both forearms", {"arms": True}),
    ("a side chair whose sides stay bare, no arm supports at all", {"arms": False}),
    ("a dining chair built minus any armrest", {"arms": False}),
    ("a swivel chair that scoots about the floor on little casters underneath", {"wheels": True}),
    ("a desk chair set on a fixed base that never rolls", {"wheels": False}),
    ("a task chair with an extra cushion up top to lay the head against", {"headrest": True}),
    ("an office chair whose back is cut short with no headpiece", {"headrest": False}),
    ("a dining table with a top shaped like a full moon", {"round": True}),
    ("a kitchen table whose top is a long board with squared-off ends", {"round": False}),
    ("a bed with a wooden panel standing up behind where you sleep", {"headboard": True}),
    ("a bed frame that has no panel at the head", {"headboard": False}),
    ("a bed with a short panel across its lower end", {"footboard": True}),
    ("a bed with nothing across the end by your toes", {"footboard": False}),
    ("a bookcase with five tiers", {"shelves": 5}),
    ("a shelf unit holding three boards for books", {"shelves": 3}),
    ("a cabinet with a matched pair of doors on the front", {"doors": 2}),
    ("a cupboard closing with just a single hinged panel", {"doors": 1}),
    ("an urn with a grip on each side", {"handles": 2}),
    ("a vase with no ears or loops on it", {"handles": 0}),
    ("a tea mug that sits on a small matching dish", {"saucer": True}),
    ("a coffee mug on its own, no dish beneath it", {"saucer": False}),
    ("a writing desk with two pull-out boxes under the top", {"drawers": 2}),
]
# A ninth set (24, 9 negations), written at the start of the eighteenth session, before its change
# of the prompt check (negations of parts spoken of in other words), which was made looking at the
# seventh set's misses; the eighth and the ninth measure it.
NINTH_PROMPTS = [
    ("a tall stool propped on three skinny pegs", {"legs": 3}),
    ("a counter stool whose seat sits on a quartet of posts", {"legs": 4}),
    ("a wooden chair with places at either side to rest your elbows", {"arms": True}),
    ("a dining chair left open at the sides, no elbow rests", {"arms": False}),
    ("a slim chair with no place to put your elbows", {"arms": False}),
    ("an office chair that scoots around on small turning discs below", {"wheels": True}),
    ("a computer chair standing still on a base that cannot roll", {"wheels": False}),
    ("a swivel chair with a padded piece above the backrest for your neck", {"headrest": True}),
    ("a desk chair whose back stops at the shoulders, nothing for the head", {"headrest": False}),
    ("a dining table whose top is shaped like a pizza", {"round": True}),
    ("a table whose top has four sharp corners like a sheet of paper", {"round": False}),
    ("a bed with a tall board rising behind the pillows", {"headboard": True}),
    ("a bed with nothing standing up behind the pillows", {"headboard": False}),
    ("a bed with a low board closing off the foot", {"footboard": True}),
    ("a bed left open where your feet point, no board down there", {"footboard": False}),
    ("a bookcase divided into three layers", {"shelves": 3}),
    ("a bookshelf with six ledges for books", {"shelves": 6}),
    ("a sideboard closed off by a single swinging panel", {"doors": 1}),
    ("a cupboard with a double set of hinged fronts", {"doors": 2}),
    ("a vase with a pair of looped grips", {"handles": 2}),
    ("a smooth urn with nothing to grab on its sides", {"handles": 0}),
    ("a teacup that sits on a shallow dish of the same pattern", {"saucer": True}),
    ("a coffee mug served by itself with no small dish", {"saucer": False}),
    ("a writing desk with four sliding boxes beneath its top", {"drawers": 4}),
]
# A tenth set (16), written in the eighteenth session before its change of how far a negation
# reaches in the prompt reader's reading: each prompt asks for a part beside a negation of
# something else ("not painted", "no cushion"), which the reader had read as taking the part away.
TENTH_PROMPTS = [
    ("a bed with a board at the foot that is not painted", {"footboard": True}),
    ("a chair that is not too tall, with places to rest the elbows", {"arms": True}),
    ("an office chair with a place for the head that does not recline", {"headrest": True}),
    ("a desk chair that moves about freely and never squeaks", {"wheels": True}),
    ("a teacup resting on a little dish, no pattern on either", {"saucer": True}),
    ("a vase with two loops at the neck, not glazed", {"handles": 2}),
    ("a bookcase with four levels and no back", {"shelves": 4}),
    ("a cabinet shut by two hinged fronts, nothing on top", {"doors": 2}),
    ("a stool on three pegs, not padded", {"legs": 3}),
    ("a bed with a panel behind the pillows, not too wide", {"headboard": True}),
    ("a swivel chair without a cushion, gliding on little wheels", {"wheels": True}),
    ("a dining chair with rests for the forearms, no cushion", {"arms": True}),
    ("an urn that never tips, with a pair of grips", {"handles": 2}),
    ("a table shaped like a disc, not too high", {"round": True}),
    ("a writing desk that is not heavy, with three pull-out boxes", {"drawers": 3}),
    ("a bed with no frills, just a tall panel at the head", {"headboard": True}),
]
# An eleventh set (16), written in the eighteenth session before its change of how a table's top
# shape is asked, after its thresholds were chosen on the earlier sets' table prompts: tops named
# by a likeness or by their corners.
ELEVENTH_PROMPTS = [
    ("a dining table whose top is shaped like a wheel", {"round": True}),
    ("a coffee table whose top is like a drum skin", {"round": True}),
    ("a side table whose top has no corners at all", {"round": True}),
    ("a table with a top like the face of a clock", {"round": True}),
    ("a dining table whose top is shaped like a pancake", {"round": True}),
    ("a table whose top looks like the big lid of a jar", {"round": True}),
    ("a table whose top is shaped like a cookie", {"round": True}),
    ("a breakfast table whose top forms a full circle", {"round": True}),
    ("a dining table whose top is shaped like a domino", {"round": False}),
    ("a kitchen table with a top like a big book", {"round": False}),
    ("a table whose top is a flat panel with crisp corners", {"round": False}),
    ("a coffee table whose top looks like a door laid flat", {"round": False}),
    ("a table whose top is shaped like a brick", {"round": False}),
    ("a kitchen table whose top looks like a chessboard", {"round": False}),
    ("a side table whose top is shaped like a postage stamp", {"round": False}),
    ("a table whose top has corners you could bump into", {"round": False}),
]
# A twelfth set (16), written at the start of the twentieth session before any change to how a
# table top's likeness is read: tops likened to things no earlier set names, or spoken of by their
# corners and angles.
TWELFTH_PROMPTS = [
    ("a dining table whose top is shaped like a frisbee", {"round": True}),
    ("a coffee table with a top like a vinyl record", {"round": True}),
    ("a table whose top looks like a hockey puck", {"round": True}),
    ("a side table with a top shaped like a tambourine", {"round": True}),
    ("a kitchen table whose top is like a dartboard", {"round": True}),
    ("a table with a top shaped like a manhole cover", {"round": True}),
    ("a side table whose top is free of corners", {"round": True}),
    ("a table whose top is a ring of oak with no angles", {"round": True}),
    ("a dining table whose top is shaped like a playing card", {"round": False}),
    ("a coffee table with a top like a tennis court", {"round": False}),
    ("a table whose top is shaped like a window pane", {"round": False}),
    ("a kitchen table whose top looks like a cutting board", {"round": False}),
    ("a table with a top like a mattress", {"round": False}),
    ("a side table whose top has angles where its sides meet", {"round": False}),
    ("a dining table whose top is shaped like an envelope", {"round": False}),
    ("a table with a top like a tile from a bathroom floor", {"round": False}),
]
# A thirteenth set (28), written at the start of the twenty-first session before any change of
# that session to the prompt pipeline: every attribute the sets test, in words no earlier set
# uses (a tripod of legs, nothing for the elbows, rollers, a dish beneath), a third negations.
THIRTEENTH_PROMPTS = [
    ("a bar stool balanced on a tripod of legs", {"legs": 3}),
    ("a milking stool with legs numbering three", {"legs": 3}),
    ("a stool whose seat is held up by four sturdy posts", {"legs": 4}),
    ("a barstool with a leg under each of its four corners", {"legs": 4}),
    ("a dining chair you can lean your elbows on at the sides", {"arms": True}),
    ("a side chair that leaves the elbows unsupported", {"arms": False}),
    ("a chair whose sides are open, nothing for the elbows", {"arms": False}),
    ("a computer chair that scoots across the floor", {"wheels": True}),
    ("an office chair planted firmly, it cannot be pushed around on rollers", {"wheels": False}),
    ("a task chair whose base ends in rollers", {"wheels": True}),
    ("an office chair with a cushion behind the skull", {"headrest": True}),
    ("an office chair whose back stops well below the head", {"headrest": False}),
    ("an office chair whose sides give the forearms nowhere to rest", {"arms": False}),
    ("a dining table whose top has one curved edge all the way around", {"round": True}),
    ("a work table with a top of straight edges meeting at right angles", {"round": False}),
    ("a bed with its head end left bare of any panel", {"headboard": False}),
    ("a bed that has a tall upright board behind the pillows", {"headboard": True}),
    ("a bed whose foot end is closed off by a low board", {"footboard": True}),
    ("a bookcase with a quartet of shelves", {"shelves": 4}),
    ("a bookshelf where the books sit on two levels", {"shelves": 2}),
    ("a storage cabinet with one hinged door at the front", {"doors": 1}),
    ("a cabinet whose front swings open in two halves", {"doors": 2}),
    ("a desk with a stack of three sliding compartments", {"drawers": 3}),
    ("a flower vase with nothing to hold it by", {"handles": 0}),
    ("an amphora with grips on either side", {"handles": 2}),
    ("a cup of coffee set down on a small dish", {"saucer": True}),
    ("a mug placed straight on the table, no dish beneath it", {"saucer": False}),
    ("a desk without a single drawer to pull out", {"drawers": 0}),
]
# A fourteenth set (16), written at the start of the thirty-fifth session before any change of
# that session to how a likened top is read: tops likened to things no earlier set names.
FOURTEENTH_PROMPTS = [
    ("a dining table whose top is shaped like a petri dish", {"round": True}),
    ("a coffee table with a top like a hamburger bun", {"round": True}),
    ("a side table whose top looks like a pocket watch", {"round": True}),
    ("a table with a top shaped like a sand dollar", {"round": True}),
    ("a kitchen table whose top is like a giant lollipop", {"round": True}),
    ("a table whose top looks like the lid of a cooking pot", {"round": True}),
    ("a breakfast table with a top shaped like an egg yolk", {"round": True}),
    ("a coffee table whose top resembles a polo mint", {"round": True}),
    ("a dining table whose top is shaped like a baking sheet", {"round": False}),
    ("a table with a top like the roof of a shipping container", {"round": False}),
    ("a side table whose top looks like the face of a die", {"round": False}),
    ("a coffee table whose top is shaped like a Rubik's cube face", {"round": False}),
    ("a kitchen table with a top like a train ticket", {"round": False}),
    ("a table whose top is shaped like a photograph", {"round": False}),
    ("a dining table whose top looks like a prayer rug", {"round": False}),
    ("a work table with a top like a sheet of cardboard", {"round": False}),
]
PROMPT_SETS = {"main": FIDELITY_PROMPTS, "fresh": FRESH_PROMPTS, "third": THIRD_PROMPTS, "fourth": FOURTH_PROMPTS,
               "fifth": FIFTH_PROMPTS, "sixth": SIXTH_PROMPTS, "seventh": SEVENTH_PROMPTS,
               "eighth": EIGHTH_PROMPTS, "ninth": NINTH_PROMPTS,
               "tenth": TENTH_PROMPTS, "eleventh": ELEVENTH_PROMPTS,
               "twelfth": TWELFTH_PROMPTS, "thirteenth": THIRTEENTH_PROMPTS,
               "fourteenth": FOURTEENTH_PROMPTS}

# Which captions.PHRASES entry says each attribute (the prompts must not use those words).
PHRASE_KEYS = {"legs": "legs", "arms": "arms", "wheels": "wheels", "headrest": "headrest", "round": "shape",
               "headboard": "headboard", "footboard": "footboard", "shelves": "shelves", "doors": "doors",
               "handles": "handles", "saucer": "saucer", "drawers": "drawers"}
def evaluate_fidelity(generator, samples: int = 8, seed: int = 0, steps: int = 25, guidance: float | None = None,
                      prompts=None, retries: int | None = None, log=print, settings: dict | None = None) -> dict:
    """Per prompt: how many of `samples` shapes have every asked-for attribute; and overall.
    `retries`: the generator's prompt check (Config.prompt_retries; None: its default, 0: off); each
    prompt's record says what the check took it to ask for ("checked"). `settings`: other
    generator settings than the defaults (e.g. {"noise_scale": 1.15}).
    "hits" counts only parts of a plausible size for their label (a sliver labelled door is no
    door); "hits_by_label" counts every decoded label, as the measure did before."""
    import torch

    from .part_slots import Config
    from .part_vae import decode_box_grids
    from .slot_codec import decode_slots

    results, hits, by_label, total, read_right = [], 0, 0, 0, 0
    ranges = LABEL_LOG_VOLUME_RANGES   # part_attributes.label_size_ranges(600), written out
    for prompt, expected in prompts or FIDELITY_PROMPTS:
        reading = prompt_reading(generator, prompt)
        config = Config(prompt=prompt, n=samples, seed=seed, steps=steps,
                        guidance=Config.guidance if guidance is None else guidance,
                        prompt_retries=Config.prompt_retries if retries is None else retries, **(settings or {}))
        matched = matched_by_label = 0
        recovered = []
        for slots in generator.sample_slots(config):
            parts = decode_slots(slots, generator.stats)
            grid = None
            if "round" in expected:
                tops = [p for p in parts if p["label"] == "tabletop"]
                if tops:
                    code = torch.tensor(np.asarray(tops[0]["code"])[None], dtype=torch.float32)
                    grid = decode_box_grids(generator.part_decoder, code, [(24, 24, 24)], labels=["tabletop"])[0]
            got = recover_attributes(parts, grid, ranges)
            matched += all(got.get(k) == v for k, v in expected.items())
            any_size = recover_attributes(parts, grid)
            matched_by_label += all(any_size.get(k) == v for k, v in expected.items())
            recovered.append({k: got.get(k) for k in expected})
        checked = prompt_check_reading(generator, config)
        understood = reading is not None and reader_agrees(reading, expected)
        read_right += understood
        results.append({"prompt": prompt, "expected": expected, "matched": matched, "samples": samples,
                        "matched_by_label": matched_by_label, "recovered": recovered, "reading": reading,
                        "read_right": understood, "checked": checked})
        hits, by_label, total = hits + matched, by_label + matched_by_label, total + samples
        log(f"{matched}/{samples} ({matched_by_label} by labels alone)  {prompt!r}  expected {expected}"
            + (f"  read {reading}" if reading else "") + (f"  checked {checked}" if checked else ""))
    rate = hits / max(total, 1)
    log(f"prompt fidelity: {hits}/{total} = {100 * rate:.1f}% ({by_label}/{total} = {100 * by_label / max(total, 1):.1f}% "
        "counting parts of any size)")
    out = {"rate": rate, "hits": hits, "hits_by_label": by_label, "total": total, "prompts": results}
    if generator.net.reader is not None:
        out["reader_right"] = read_right
        log(f"the prompt reader read {read_right}/{len(results)} prompts' attributes right")
    return out


def prompt_reading(generator, prompt: str):
    """What the generator's prompt reader takes the prompt to ask for (None without a reader)."""
    if generator.net.reader is None:
        return None
    from .prompt_reader import read_prompt
    from .text import TextEncoder

    tokens, mask, _ = TextEncoder(generator.device).encode([prompt])
    return read_prompt(generator.net.reader, tokens.to(generator.device), mask.to(generator.device))[0]


def prompt_check_reading(generator, config) -> dict:
    """What the generator's prompt check takes the prompt to ask for ({attribute: value}; empty
    when the check is off or the prompt asks for nothing it can check)."""
    import torch

    from .part_slots import edited_prompt
    from .text import TextEncoder

    if generator.net.reader is None:
        return {}
    config = generator.resolve_category(config)
    tokens, mask, _ = TextEncoder(generator.device).encode([edited_prompt(config)])
    with torch.no_grad():
        read = generator.read_prompt(config, tokens, mask)
    return generator.prompt_asks(config, read, tokens, mask)


def reader_agrees(reading: dict, expected: dict) -> bool:
    """Does a reading ({key: (value, p)}) say every expected attribute? A round top is the
    "shape" attribute "round"; any other shape reads as not round."""
    for name, want in expected.items():
        got = reading.get(PHRASE_KEYS[name], (None, 0.0))[0]
        if name == "round":
            got = got == "round" if got is not None else None
        if got != want:
            return False
    return True
