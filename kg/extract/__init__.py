"""Events from a parsed article: who did what to whom, where and when.

A first dependency-based extractor: every verb of the CAMEO verb dictionary whose clause has a
coded actor gives an event. Roles come from the dependency structure (subject, object,
prepositional objects, passive agents, conjoined and controlled verbs); actors are coded with the
Phoenix actor and agent dictionaries; places are prepositional attachments to the verb; dates
come from temporal modifiers, resolved against the article's published date.

The package, one module per family (each imports only those listed before it):

- ``constants``: dependency labels, prepositions, lemmas and CAMEO roots the others share;
- ``numbers``: numbers, dates and date phrases;
- ``places``: place names and their countries, place nouns, regions, datelines;
- ``roles``: the tokens that fill a trigger's roles (subjects, objects, targets, clause scans);
- ``actors``: ``ActorCoder``, and the countries an unplaced actor takes from its context;
- ``frames``: ``Frame``, verbal and nominal frames, modality, governed codes, casualties;
- ``document``: ``extract_events``, the per-document loop, folding, reported speech, discards.
"""

from .actors import ActorCoder, context_countries, country_label
from .constants import (
    ACTOR_ENT_LABELS,
    ARGUMENT_PLACE_PREPS,
    ARMED_SECTORS,
    ASSEMBLY_LEMMAS,
    ATTACK_NOUNS,
    BACKGROUND_MARKS,
    BACKGROUND_PREPS,
    LOCATING_PREPS,
    CLAUSE_INHERIT_DEPS,
    CLAUSE_TARGET_ROOTS,
    CONDITIONAL_MARKS,
    CONTEXT_SECTORS,
    CORE_VIOLENCE_LEMMAS,
    DATE_ENT_LABELS,
    EMBEDDED_CLAUSE_DEPS,
    EMBEDDING_PREPS,
    FIGHT_NOUNS,
    FUTURE_AUX,
    GOVERNED_CLAUSE_DEPS,
    GOVERNING_MODALITIES,
    INJURE_LEMMAS,
    INSTRUMENT_LEMMAS,
    INTENT_ADJECTIVES,
    INTENT_BY_ROOT,
    KILL_LEMMAS,
    LIGHT_VERBS,
    LOCATIVE_TARGET_PREPS,
    MATERIAL_CONFLICT_ROOTS,
    MODIFIER_DEPS,
    NATURAL_CAUSES,
    NEGATED_TO_REJECT,
    NOMINAL_POS,
    NON_CLAUSE_DEPS,
    OBJECT_DEPS,
    OBLIGATION_MODALS,
    PASSIVE_SUBJECT_DEPS,
    PERSONAL_PRONOUNS,
    PLACE_ENT_LABELS,
    PLACE_NOUNS,
    PLACE_PREPS,
    POSSIBLE_MODALS,
    PROTESTER_LEMMAS,
    RECEIVING_LEMMAS,
    RECIPROCAL_INTENT_LEMMAS,
    RECIPROCAL_ROOTS,
    REGION_CODES,
    SCAN_SKIP_DEPS,
    SOURCE_EMBEDDING_PREPS,
    STATEMENT_ROOTS,
    SUBJECT_DEPS,
    SUPRANATIONAL_WORDS,
    TARGET_PREPS,
    UNASSERTING_ROOTS,
    VISIT_CODES,
)
from .document import Discards, Settings, discards, extract_events
from .frames import (
    Frame,
    casualty_report,
    governed_code,
    modality_of,
    nominal_triggers,
    noun_frame,
    noun_verb,
    quantities,
    verb_frame,
    victim_count,
)
from .numbers import date_phrase, parse_number, resolve_date
from .places import dateline, dateline_country, place_country
from .roles import (
    clause_places,
    fight_sides,
    located_tokens,
    np_actor_tokens,
    objects,
    place_tokens,
    subjects,
    subordinate_without_event,
    weapon_targets,
)

__all__ = [
    "ACTOR_ENT_LABELS", "ARGUMENT_PLACE_PREPS", "ARMED_SECTORS", "ASSEMBLY_LEMMAS", "ATTACK_NOUNS", "BACKGROUND_MARKS",
    "BACKGROUND_PREPS", "LOCATING_PREPS", "CLAUSE_INHERIT_DEPS", "CLAUSE_TARGET_ROOTS", "CONDITIONAL_MARKS", "CONTEXT_SECTORS",
    "CORE_VIOLENCE_LEMMAS", "DATE_ENT_LABELS", "EMBEDDED_CLAUSE_DEPS", "EMBEDDING_PREPS", "FIGHT_NOUNS", "FUTURE_AUX",
    "GOVERNED_CLAUSE_DEPS", "GOVERNING_MODALITIES", "INJURE_LEMMAS", "INSTRUMENT_LEMMAS", "INTENT_ADJECTIVES",
    "INTENT_BY_ROOT", "KILL_LEMMAS", "LIGHT_VERBS", "LOCATIVE_TARGET_PREPS", "MATERIAL_CONFLICT_ROOTS", "MODIFIER_DEPS",
    "NATURAL_CAUSES", "NEGATED_TO_REJECT", "NOMINAL_POS", "NON_CLAUSE_DEPS", "OBJECT_DEPS", "OBLIGATION_MODALS",
    "PASSIVE_SUBJECT_DEPS", "PERSONAL_PRONOUNS", "PLACE_ENT_LABELS", "PLACE_NOUNS", "PLACE_PREPS", "POSSIBLE_MODALS",
    "PROTESTER_LEMMAS", "RECEIVING_LEMMAS", "RECIPROCAL_INTENT_LEMMAS", "RECIPROCAL_ROOTS", "REGION_CODES",
    "SCAN_SKIP_DEPS", "SOURCE_EMBEDDING_PREPS", "STATEMENT_ROOTS", "SUBJECT_DEPS", "SUPRANATIONAL_WORDS",
    "TARGET_PREPS", "UNASSERTING_ROOTS", "VISIT_CODES", "ActorCoder", "Discards", "Frame", "Settings",
    "casualty_report", "clause_places", "context_countries", "country_label", "date_phrase", "dateline",
    "dateline_country", "discards", "extract_events", "fight_sides", "governed_code", "located_tokens", "modality_of",
    "nominal_triggers", "noun_frame", "noun_verb", "np_actor_tokens", "objects", "parse_number", "place_country",
    "place_tokens", "quantities", "resolve_date", "subjects", "subordinate_without_event", "verb_frame", "victim_count",
    "weapon_targets",
]
