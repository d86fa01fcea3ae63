"""Claim objects built by hand from ../shared/gold/claims.json, while the claims stage is
being built: the gold gives topic, value, qualifier, source and reference date; the counted
thing and event below are what the sentences say (our reading of the seed texts)."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from lagebild.document import Claim
from lagebild.story import ClaimRef

# topic -> (unit, subject, event)
TOPICS = {
    "nk_soldiers_killed": ("Soldaten", "nordkoreanische", "töten"),
    "nk_soldiers_sent": ("Soldaten", "nordkoreanische", "entsenden"),
    "nk_soldiers_in_kursk": ("Soldaten", "nordkoreanische", "eintreffen"),
    "nk_soldiers_planned": ("Soldaten", "weitere", "entsenden"),
    "nk_soldiers_planned_arrived": ("Soldaten", "dieser", "eintreffen"),
    "rostow_evacuated": ("Menschen", None, "evakuieren"),
    "rostow_injured": ("Menschen", None, "verletzen"),
    "parade_heads_of_state": ("Staats- und Regierungschefs", None, "teilnehmen"),
    "ua_daily_advance_m": ("Meter", None, "vorankommen"),
    "ua_area_liberated_km2": ("Quadratkilometer", None, "befreien"),
    "enerhodar_drones_intercepted": ("Drohnen", None, "abfangen"),
    "charkiw_injured": ("Menschen", None, "verletzen"),
    "winter_aid_eur": ("Euro", None, "bereitstellen"),
    "drones_shot_down_ua": ("Drohnen", None, "abschießen"),
    "ru_claims_shot_down_drones": ("Drohnen", "ukrainische", "abschießen"),
    "ru_bomb_attacks_week": ("Bombenangriffe", None, "angreifen"),
}
# report times: document publication time (gold documents.json); 002/003 carry none.
# The two Charkiw figures come from an earlier and a later liveblog entry of 004 (gold reading).
DOC_TIME = {
    "000_5e518155fb4ba7bc": datetime(2025, 9, 2, 10, 10),
    "001_66a4197c0a17e729": datetime(2025, 9, 2),
    "004_2f56abfe3a580efa": datetime(2024, 11, 4, 23, 36),
}
CHARKIW_ENTRY_TIME = {13: datetime(2024, 11, 4, 8, 0), 15: datetime(2024, 11, 4, 10, 30)}


def gold_claim_refs(gold_dir: Path) -> list[tuple[str, ClaimRef]]:
    """(topic, ClaimRef) for every gold claim."""
    out = []
    for n, g in enumerate(json.loads((gold_dir / "claims.json").read_text(encoding="utf-8"))):
        unit, subject, event = TOPICS[g["topic"]]
        value = g["value"]
        low, high = (value[0], value[1]) if isinstance(value, list) else (value, None)
        qualifier = g["qualifier"]
        relation = "range" if high is not None else "point"
        if qualifier == "50 von 80":
            qualifier, relation = None, "of"
        claim = Claim(start=n * 10, end=n * 10 + 5, text=g.get("surface") or str(value), value=low, value_high=high,
                      relation=relation, unit=unit, subject=subject, qualifier=qualifier, event=event,
                      source=g["source"], as_of=g["as_of"])
        when = DOC_TIME.get(g["doc"])
        if g["topic"] == "charkiw_injured":
            when = CHARKIW_ENTRY_TIME[int(low)]
        out.append((g["topic"], ClaimRef(doc_id=g["doc"], claim=claim, time=when)))
    return out
