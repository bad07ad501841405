"""Vocabulary of the extractor: dependency labels, prepositions, lemmas and CAMEO roots that
several of its modules read."""

from __future__ import annotations

from ..parse import entity_of
from ..records import Modality

# --- dependency label sets -------------------------------------------------------------
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "obj"})
TARGET_PREPS = frozenset({"against", "on", "upon", "to", "toward", "towards", "with", "into", "over"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "from", "off"})
ARGUMENT_PLACE_PREPS = frozenset({"in", "near", "outside", "inside", "off"})  # "attack on Kyiv" is a target
#: Verbs of sending and giving, whose object is what is sent, not whom it is sent to.
TRANSFER_LEMMAS = frozenset({"send", "deploy", "dispatch", "transfer", "deliver", "provide", "supply", "give", "ship", "donate", "hand", "offer", "sell", "lend"})
#: Prepositions that say where, never whom: "near the border with Chad", "off Crimea".
LOCATING_PREPS = frozenset({"near", "off", "along", "outside"})
MODIFIER_DEPS = frozenset({"compound", "amod", "det", "flat", "nmod", "poss", "nummod", "quantmod"})
NON_CLAUSE_DEPS = frozenset({"prep", "amod", "compound", "aux", "auxpass", "dobj", "pobj", "nsubj", "nsubjpass", "attr"})
#: Clauses a verb governs that share its fate when it is no event ("to help him oust ...").
GOVERNED_CLAUSE_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp"})  # "According to", mis-tagged nouns
CLAUSE_INHERIT_DEPS = frozenset({"conj", "xcomp"})  # verbs that share their head's subject
ACTOR_ENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PLACE_ENT_LABELS = frozenset({"GPE", "LOC", "FAC"})
DATE_ENT_LABELS = frozenset({"DATE"})
NOMINAL_POS = frozenset({"PROPN", "NOUN", "PRON"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
POSSIBLE_MODALS = frozenset({"may", "might", "could"})
#: Verbs whose controlled verb is not asserted: "threatened to attack", "refused to meet".
GOVERNING_MODALITIES: dict[str, Modality] = {
    "threaten": "threatened",
    "warn": "threatened",
    "refuse": "refused",
    "decline": "refused",
    "reject": "refused",
    "plan": "intended",
    "agree": "intended",
    "offer": "intended",
    "decide": "intended",
    "commit": "intended",
    "volunteer": "intended",
    "propose": "intended",
    "intend": "intended",
    "vow": "intended",
    "swear": "intended",
    "pledge": "intended",
    "promise": "intended",
    "aim": "intended",
    "seek": "intended",
    "want": "intended",
    "hope": "intended",
    "try": "intended",
    "attempt": "intended",
    "prepare": "intended",
}
INTENT_ADJECTIVES = frozenset({"willing", "ready", "prepared", "eager", "determined", "keen"})
#: Intent to cooperate (03x) by the root of the intended act.
INTENT_BY_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "03": "030"}
#: A negated act of these roots is a refusal (12): "will not accept", "did not agree".
NEGATED_TO_REJECT = frozenset({"03", "04", "05", "06", "07", "08"})
#: Verbal roots whose target may sit in the reported clause ("warned it will ... if Kyiv ...").
STATEMENT_ROOTS = frozenset({"01", "02", "10", "11", "12", "13"})
#: Roots whose missing target is looked for in the reported clause.
CLAUSE_TARGET_ROOTS = frozenset({"10", "11", "12", "13"})
#: Clauses a verb governs whose words are not part of the verb's own phrase.
EMBEDDED_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "xcomp", "csubj"})
#: Sectors of the state and of those who fight or oppose it: an actor of these whose country
#: the text leaves out belongs to the country the sentence or article is about. Scientists,
#: residents or the media of no stated country stay unplaced (and so no actors).
CONTEXT_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "OPP", "REB", "INS", "UAF", "SEP", "PTY"})
#: Words for peoples of no one country: "European", "Western", "Arab" states are many.
SUPRANATIONAL_WORDS = frozenset({
    "european", "western", "eastern", "asian", "african", "nordic", "baltic", "balkan",
    "scandinavian", "latin", "gulf", "caucasian", "middle", "international", "foreign", "allied",
})  # fmt: skip
#: CAMEO's regional codes, which no ISO country is: the text's own country word wins over them.
REGION_CODES = frozenset({"MEA", "SAS", "WEU", "SEA", "EAF", "LAM", "AFR", "EUR", "ASA", "SAF", "EEU", "CAS", "WAF", "SAM", "NAF", "INT"})
#: Agents that are actors even when their country is unknown ("gunmen", "militants", "rebels").
ARMED_SECTORS = frozenset({"UAF", "REB", "INS", "CRM", "SEP"})
MATERIAL_CONFLICT_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
#: Roots whose reported clause is not asserted: what is demanded, appealed for, threatened, rejected.
UNASSERTING_ROOTS = frozenset({"02", "10", "12", "13"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "until"})
VISIT_CODES = frozenset({"042", "043", "044"})
#: Verbs that only carry a nominal event: "staged protests", "held talks", "carried out an airstrike".
LIGHT_VERBS = frozenset({
    "stage", "hold", "carry", "conduct", "launch", "mount", "begin", "continue", "resume", "start",
    "wage", "organize", "organise", "lead", "make", "escalate", "intensify", "step", "join", "call",
})
SCAN_SKIP_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "ccomp", "parataxis", "relcl", "appos", "punct"})
#: Common nouns naming a place whose name they carry ("the town of Nikopol", "Kajuru village").
PLACE_NOUNS = frozenset({"town", "city", "village", "district", "province", "region", "camp", "area", "county", "municipality", "oblast", "governorate", "state", "township", "raion", "commune", "prefecture"})
#: Subordinators of clauses that give the background of the main event.
BACKGROUND_MARKS = frozenset({"as", "after", "while", "before", "because", "since", "when", "though", "although", "following"})
OBLIGATION_MODALS = frozenset({"must", "should"})
#: Prepositions of a clause's background, whose objects are no participants: "after the fall of X".
BACKGROUND_PREPS = frozenset({"after", "before", "since", "following", "despite", "amid", "during", "until", "like", "unlike"})
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
LOCATIVE_TARGET_PREPS = frozenset({"in", "from", "into", "inside", "within", "across", "throughout"})
EMBEDDING_PREPS = frozenset({"of", "by", "from", "on", "against", "with", "to", "for", "between"})
#: Inside a subject only these name who acts: "the withdrawal of Serbian forces", not
#: "access for the Darfur region has improved".
SOURCE_EMBEDDING_PREPS = frozenset({"of", "by", "from"})
KILL_LEMMAS = frozenset({"kill", "massacre", "execute", "slay"})
INJURE_LEMMAS = frozenset({"injure", "wound", "hurt"})


_ent_of = entity_of


#: Verbs of assembling, and the crowds whose assembling is a demonstration (CAMEO 141).
ASSEMBLY_LEMMAS = frozenset({"gather", "rally", "march", "assemble", "converge", "congregate", "mass"})
PROTESTER_LEMMAS = frozenset({"protester", "protestor", "demonstrator", "activist", "crowd", "supporter", "marcher", "thousand", "hundred"})
#: Roots whose compound subject acts on itself, each part on the other: "X and Y met / agreed
#: / clashed"; "X and Y said" or "X and Y protested" is each of them acting, on no one.
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06", "07", "08", "18", "19", "20"})
#: Intents that a compound subject expresses to each other: "X and Y agreed to ...".
RECIPROCAL_INTENT_LEMMAS = frozenset({"agree", "sign", "pledge", "vow", "promise", "accept", "commit", "decide", "resolve"})
#: Verbs that are violence whatever their subject: enough to code an attack by no named actor
#: ("a roadside bomb killed ...") or on no named target (the country where it happened).
CORE_VIOLENCE_LEMMAS = frozenset({
    "kill", "wound", "injure", "attack", "bomb", "shell", "shoot", "explode", "detonate", "blow",
    "strike", "hit", "ambush", "raid", "massacre", "behead", "abduct", "kidnap", "assassinate",
    "torch", "burn", "loot", "destroy", "damage", "fire", "open", "execute", "murder", "slay",
})  # fmt: skip
#: Verbs whose object names what others did to their subject: "drew a rebuke from Moscow".
RECEIVING_LEMMAS = frozenset({"draw", "face", "receive", "attract", "earn", "spark", "provoke", "prompt", "trigger", "meet"})
#: What strikes, kills or destroys without anyone doing it: no event, whatever the verb.
NATURAL_CAUSES = frozenset({
    "earthquake", "quake", "tremor", "aftershock", "storm", "hurricane", "typhoon", "cyclone",
    "tornado", "flood", "flooding", "landslide", "mudslide", "avalanche", "tsunami", "eruption",
    "volcano", "drought", "heatwave", "wildfire", "blaze", "fire", "lightning", "rain", "snow",
    "disease", "virus", "outbreak", "epidemic", "pandemic", "accident", "crash", "collision",
    "currency", "shilling", "rouble", "ruble", "rupee", "lira", "peso", "price", "stock", "market",
})  # fmt: skip
#: Nouns by which a statement refers back to a violent event: "condemned the attack".
ATTACK_NOUNS = frozenset({"attack", "strike", "airstrike", "shelling", "bombing", "killing", "killings", "assault", "massacre", "raid", "invasion", "offensive", "incursion", "bombardment"})
#: Nominals of fighting whose "between X and Y" names both sides.
FIGHT_NOUNS = frozenset({"clash", "fighting", "battle", "gunbattle", "skirmish", "firefight", "fight", "violence", "confrontation", "exchange"})


#: Subjects of violence that name how, not who: "a roadside bomb killed ...".
INSTRUMENT_LEMMAS = frozenset({
    "bomb", "bombing", "explosion", "blast", "device", "ied", "mine", "landmine", "minefield",
    "shell", "shelling", "rocket", "missile", "grenade", "attack", "ambush", "gunfire", "fire",
    "strike", "airstrike", "drone", "mortar", "car", "explosive", "booby",
})  # fmt: skip
