"""Canonical actors: one node per real-world actor, whatever the article calls it.

Extraction codes each mention on its own ("Zelenskyy", "the Ukrainian president", "Ukrainian
troops"); this stage gives every coded actor the name, and so the IRI, of the real-world actor
it denotes, using nothing but the mention, its coding and the article's date, so that the
answer never depends on which other articles were built before (builds stay order-free):

- a state (a country coded with no sector) is its country: "Ukraine", "Kyiv" and "Ukrainian"
  as the state are ``id:country/UKR``;
- a person or organisation the actor dictionaries know keeps the dictionary's name, which
  every synonym and spelling shares ("Zelensky", "Volodymyr Zelenskyy", "President Zelensky");
- an office described without a name ("the Ukrainian president", "Russia's foreign
  minister") is the person who held that office on the event's date (else the article's),
  from ``kg/data/actors/geokg.offices.tsv``;
- any other description of an agent of a known country and sector ("Russian troops", "the
  Russian military", "Armenian officials") is that country's sector, named the way ACLED
  names such actors: "Military forces of Russia", "Government of Armenia"; what the article
  said stays as the mention (an ``skos:altLabel`` in the graph).

Names not covered by these rules (a person or group no dictionary knows) keep the name
extraction gave them.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from functools import lru_cache

from .actordict import ActorEntry, actor_dictionary
from .records import Actor

#: How ACLED-style names read for a country's sector: "Military forces of Russia".
SECTOR_NAMES: dict[str, str] = {
    "GOV": "Government of {}",
    "MIL": "Military forces of {}",
    "COP": "Police forces of {}",
    "SPY": "Intelligence services of {}",
    "LEG": "Legislature of {}",
    "JUD": "Judiciary of {}",
    "OPP": "Opposition ({})",
    "PTY": "Political parties ({})",
    "REB": "Rebels ({})",
    "INS": "Insurgents ({})",
    "SEP": "Separatists ({})",
    "UAF": "Unidentified armed group ({})",
    "CVL": "Civilians ({})",
    "MED": "Media ({})",
    "BUS": "Businesses ({})",
    "EDU": "Education sector ({})",
    "HLH": "Health sector ({})",
    "LAB": "Labour groups ({})",
    "REF": "Refugees ({})",
    "AGR": "Agricultural sector ({})",
    "CRM": "Criminals ({})",
    "ELI": "Elites ({})",
    "HRI": "Human rights groups ({})",
    "REL": "Religious groups ({})",
    "ENV": "Environmental groups ({})",
    "MOD": "Moderates ({})",
    "RAD": "Radicals ({})",
}

#: Words of an office phrase that say whose office it is, not which ("the Ukrainian president").
_FILLER = frozenset({"the", "a", "an", "'s", "’s", "s", "'", "current", "new", "then", "acting", "country", "nation"})


def country_label(iso3: str) -> str:
    from .graph import country_name

    return country_name(iso3)


@lru_cache(maxsize=4096)
def _dictionary_entry(name: str) -> ActorEntry | None:
    """The dictionary's person or organisation whose canonical name is ``name``."""
    entry = actor_dictionary().lookup(name.split())
    if entry is not None and entry.name == name and entry.kind in ("PERSON", "ORG"):
        return entry
    return None


def dictionary_codes(name: str) -> tuple[ActorEntry, ...]:
    """Every dated code the dictionaries give the person or organisation named ``name``
    (one entry per code and term), oldest first: the offices of who was what when."""
    if _dictionary_entry(name) is None:
        return ()
    entries = actor_dictionary().entries(name.split())
    return tuple(sorted(set(entries), key=lambda e: (e.start or date.min, e.end or date.max, e.code)))


def _office_words(actor: Actor) -> list[str]:
    """The words of a mention once its country words are gone: "Georgia's prime minister" ->
    ["prime", "minister"]."""
    dictionary = actor_dictionary()
    out = []
    for word in actor.mention.text.replace("’", "'").replace("'s ", " 's ").split():
        lower = word.lower().strip(",.")
        if lower in _FILLER:
            continue
        entry = dictionary.lookup([word])
        if entry is not None and entry.kind == "STATE" and entry.country == actor.country:
            continue
        out.append(lower)
    return out


def office_holder(actor: Actor, on: date | None) -> str | None:
    """The name of the person an office description denotes on ``on``, if the table knows."""
    if on is None or actor.country is None:
        return None
    try:
        from .offices import holder, office_of
    except ImportError:  # pragma: no cover - the table ships with the package
        return None
    words = _office_words(actor)
    office = office_of(words) if words else None
    if office is None:
        return None
    return holder(actor.country, office, on)


def is_state(actor: Actor) -> bool:
    return actor.kind == "GPE" and actor.country not in (None, "IGO") and actor.sector is None


def canonical_actor(actor: Actor, on: date | None) -> Actor:
    """The actor under the canonical name of what it denotes (see the module docstring);
    its mention, and so what the article said, is kept."""
    if is_state(actor):
        return dataclasses.replace(actor, name=country_label(actor.country))  # type: ignore[arg-type]
    if actor.kind == "GPE" and actor.country not in (None, "IGO") and actor.sector in SECTOR_NAMES:
        # a state's sector the text names by the state ("the Russian government"): the
        # sector, not a second node named like the country
        return dataclasses.replace(actor, name=SECTOR_NAMES[actor.sector].format(country_label(actor.country)))
    if actor.kind != "GROUP" or actor.country is None:
        return actor  # a named person or organisation: the dictionary's name, or the text's
    if actor.country != "IGO":
        name = office_holder(actor, on)
        if name is not None:
            entry = _dictionary_entry(name)
            return dataclasses.replace(actor, name=name, kind=entry.kind if entry else "PERSON")
    if actor.country != "IGO" and actor.sector in SECTOR_NAMES and not actor.name.endswith(")"):
        text = actor.mention.text.lower()
        crowd = next((name for stem, name in _CROWDS if stem in text), None)
        pattern = crowd or SECTOR_NAMES[actor.sector]
        return dataclasses.replace(actor, name=pattern.format(country_label(actor.country)))
    return actor


#: Crowds, which the agent dictionary codes by the side they take ("protesters": OPP), named
#: for what they are, as ACLED does.
_CROWDS = (("protest", "Protesters ({})"), ("demonstrat", "Protesters ({})"), ("rioter", "Rioters ({})"))


__all__ = ["SECTOR_NAMES", "canonical_actor", "dictionary_codes", "is_state", "office_holder"]
