#!/usr/bin/env python3
"""Check the embedded SEL baseline data (models/data/sel/*.toml) for provenance and consistency.

Usage: /usr/bin/python3 scripts/check_data.py [DATA_DIR]     (Python >= 3.11, stdlib only)

Rules enforced (see docs/data-sources.md):
  * every numeric leaf is a datum: an inline table with `value` (number) or `values` (list,
    possibly nested, of numbers) and EITHER
      - `source` (non-empty string), optional `derivation`; or
      - `assumption = true`, `low`, `high`, `basis` (non-empty), with low <= value <= high
        element-wise (low/high scalar, or same shape as `values`);
    in evidence.toml a sourced datum may also carry `low`/`high` (a published 95% CI);
  * no bare numbers or number arrays outside a datum;
  * shares that must sum to 1 do so within 1e-6;
  * 35 PCNs, practices sum to 212, age vectors have 8 entries, deprivation vectors 5;
  * borough and site keys are the agreed ones; each file starts with a comment block.
Exit status 0 if clean, 1 otherwise.
"""
import math
import pathlib
import sys
import tomllib

BOROUGHS = ["bexley", "bromley", "greenwich", "lambeth", "lewisham", "southwark"]
SITES = ["gstt_st_thomas", "kch_denmark_hill", "kch_pruh", "lgt_lewisham", "lgt_woolwich",
         "dgt_darent_valley"]
AGE_BANDS = ["0-4", "5-14", "15-24", "25-44", "45-64", "65-74", "75-84", "85+"]
FILES = ["population", "primary_care", "acute", "community", "social_care", "health", "costs", "seasons", "elective",
         "evidence"]
COUNT_KEYS = {"residents", "practices", "total_practices", "total_pcns", "ga_beds",
              "care_home_places", "home_care_packages", "district_nursing_caseload",
              "intermediate_care_beds", "virtual_ward_beds",
              "urgent_community_response_capacity_per_day", "six_borough_residents",
              "trust_overnight_beds_kh03", "site_beds_all_types", "ae_attendances_per_year"}
TOL = 1e-6

errors = []


def err(msg):
    errors.append(msg)


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def shape_ok(v):
    """True if v is a number or a (nested) list of numbers."""
    if is_num(v):
        return True
    return isinstance(v, list) and len(v) > 0 and all(shape_ok(e) for e in v)


def within(v, lo, hi, path):
    if isinstance(v, list):
        for i, e in enumerate(v):
            li = lo[i] if isinstance(lo, list) else lo
            hi_ = hi[i] if isinstance(hi, list) else hi
            if isinstance(lo, list) and len(lo) != len(v) or isinstance(hi, list) and len(hi) != len(v):
                err(f"{path}: low/high shape differs from values")
                return
            within(e, li, hi_, f"{path}[{i}]")
        return
    if isinstance(lo, list) or isinstance(hi, list):
        err(f"{path}: low/high is a list but value is scalar")
        return
    if not (is_num(lo) and is_num(hi)):
        err(f"{path}: low/high must be numbers")
        return
    if not lo <= v <= hi:
        err(f"{path}: value {v} outside [{lo}, {hi}]")


def check_datum(d, path, fname):
    keys = set(d)
    vk = "value" if "value" in d else "values"
    if "value" in d and "values" in d:
        err(f"{path}: both value and values")
    v = d[vk]
    if vk == "value" and not is_num(v):
        err(f"{path}: value must be a number")
        return
    if vk == "values" and not (isinstance(v, list) and shape_ok(v)):
        err(f"{path}: values must be a non-empty (nested) list of numbers")
        return
    if d.get("assumption") is True:
        allowed = {vk, "assumption", "low", "high", "basis"}
        if keys - allowed:
            err(f"{path}: unexpected keys {sorted(keys - allowed)} in assumption datum")
        for k in ("low", "high", "basis"):
            if k not in d:
                err(f"{path}: assumption without {k}")
                return
        if not isinstance(d["basis"], str) or not d["basis"].strip():
            err(f"{path}: empty basis")
        within(v, d["low"], d["high"], path)
    elif "source" in d:
        allowed = {vk, "source", "derivation"}
        if fname == "evidence.toml" and vk == "value":
            allowed |= {"low", "high"}
        if keys - allowed:
            err(f"{path}: unexpected keys {sorted(keys - allowed)} in sourced datum")
        if not isinstance(d["source"], str) or not d["source"].strip():
            err(f"{path}: empty source")
        if "derivation" in d and not (isinstance(d["derivation"], str) and d["derivation"].strip()):
            err(f"{path}: empty derivation")
        if ("low" in d) != ("high" in d):
            err(f"{path}: low without high or vice versa")
        elif "low" in d:
            lo, hi = sorted([d["low"], d["high"]])
            within(v, lo, hi, path)
    else:
        err(f"{path}: datum has neither source nor assumption = true")
    leaf = path.split(".")[-1].split("[")[0]
    if leaf in COUNT_KEYS and vk == "value" and not isinstance(v, int):
        err(f"{path}: count should be an integer")


def walk(node, path, fname):
    if isinstance(node, dict):
        if "value" in node or "values" in node:
            check_datum(node, path, fname)
            return
        for k, v in node.items():
            walk(v, f"{path}.{k}" if path else k, fname)
    elif isinstance(node, list):
        if any(is_num(e) for e in node):
            err(f"{path}: bare numeric array outside a datum")
        for i, e in enumerate(node):
            if isinstance(e, (dict, list)):
                walk(e, f"{path}[{i}]", fname)
    elif is_num(node):
        err(f"{path}: bare number {node} outside a datum")


def val(d):
    return d["value"] if "value" in d else d["values"]


def sums_to_one(vec, path):
    s = math.fsum(vec)
    if abs(s - 1.0) > TOL:
        err(f"{path}: shares sum to {s!r}, not 1")


def length(vec, n, path):
    if len(vec) != n:
        err(f"{path}: expected {n} entries, got {len(vec)}")


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    ddir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "models" / "data" / "sel"
    data = {}
    for f in FILES:
        p = ddir / f"{f}.toml"
        if not p.exists():
            err(f"missing {p}")
            continue
        text = p.read_text(encoding="utf-8")
        if not text.lstrip().startswith("#"):
            err(f"{p.name}: must begin with a comment block")
        try:
            data[f] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            err(f"{p.name}: TOML parse error: {e}")
            continue
        walk(data[f], "", p.name)
    if errors:
        return report()

    pop = data["population"]
    if pop.get("age_bands") != AGE_BANDS:
        err("population.age_bands differs from the agreed 8 bands")
    if sorted(pop["boroughs"]) != sorted(BOROUGHS):
        err("population.boroughs keys differ from the six boroughs")
    sums_to_one(val(pop["england_age_shares"]), "population.england_age_shares")
    for b, t in pop["boroughs"].items():
        a = val(t["age_shares"])
        length(a, 8, f"population.boroughs.{b}.age_shares")
        sums_to_one(a, f"population.boroughs.{b}.age_shares")
        dq = val(t["deprivation_shares"])
        length(dq, 5, f"population.boroughs.{b}.deprivation_shares")
        sums_to_one(dq, f"population.boroughs.{b}.deprivation_shares")
        anc = t.get("anchors", {})
        if "share_65plus" in anc and abs(sum(a[5:]) - val(anc["share_65plus"])) > 0.0015:
            err(f"population.boroughs.{b}: 65+ share {sum(a[5:]):.4f} != anchor")
        if "share_85plus" in anc and abs(a[7] - val(anc["share_85plus"])) > 0.0015:
            err(f"population.boroughs.{b}: 85+ share {a[7]:.4f} != anchor")

    pc = data["primary_care"]
    pcns = pc["pcns"]
    if len(pcns) != 35 or val(pc["total_pcns"]) != 35:
        err(f"primary_care: {len(pcns)} PCNs, expected 35")
    nprac = sum(val(p["practices"]) for p in pcns)
    if nprac != 212 or val(pc["total_practices"]) != 212:
        err(f"primary_care: practices sum to {nprac}, expected 212")
    for b in BOROUGHS:
        shares = [val(p["list_share"]) for p in pcns if p["borough"] == b]
        if not shares:
            err(f"primary_care: no PCNs in {b}")
        else:
            sums_to_one(shares, f"primary_care.pcns[{b}].list_share")
    if {p["borough"] for p in pcns} - set(BOROUGHS):
        err("primary_care: unknown borough in pcns")
    length(val(pc["age_relative_appointment_rate"]), 8, "primary_care.age_relative_appointment_rate")
    length(val(pc["deprivation_relative_appointment_rate"]), 5,
           "primary_care.deprivation_relative_appointment_rate")

    ac = data["acute"]
    if [s["key"] for s in ac["sites"]] != SITES:
        err("acute.sites keys differ from the agreed six")
    if sorted(ac["catchment"]) != sorted(BOROUGHS):
        err("acute.catchment boroughs differ")
    for b, t in ac["catchment"].items():
        if sorted(t) != sorted(SITES):
            err(f"acute.catchment.{b}: site keys differ")
        sums_to_one([val(v) for v in t.values()], f"acute.catchment.{b}")
    em = ac["emergency"]
    for k in ("ae_attendance_rate_by_age_per_1000", "emergency_admission_rate_by_age_per_1000",
              "ae_admission_probability_by_age", "direct_emergency_admission_rate_by_age_per_1000",
              "zero_day_stay_share_by_age", "mean_los_nonzero_by_age_days",
              "in_hospital_death_share_by_age"):
        length(val(em[k]), 8, f"acute.emergency.{k}")
    length(val(em["frailty_los_multiplier"]), 4, "acute.emergency.frailty_los_multiplier")

    cm = data["community"]
    if sorted(cm["boroughs"]) != sorted(BOROUGHS):
        err("community.boroughs keys differ")

    sc = data["social_care"]
    if sorted(sc["councils"]) != sorted(BOROUGHS):
        err("social_care.councils keys differ")
    dis = sc["discharge"]
    sums_to_one(val(dis["pathway_shares"]), "social_care.discharge.pathway_shares")
    rows = val(dis["pathway_shares_by_age"])
    length(rows, 8, "social_care.discharge.pathway_shares_by_age")
    for i, r in enumerate(rows):
        length(r, 4, f"social_care.discharge.pathway_shares_by_age[{i}]")
        sums_to_one(r, f"social_care.discharge.pathway_shares_by_age[{i}]")
    length(val(dis["handoff_days_siloed"]), 3, "social_care.discharge.handoff_days_siloed")
    length(val(dis["place_sourcing_days"]), 3, "social_care.discharge.place_sourcing_days")
    sums_to_one(val(dis["process_step_shares"]), "social_care.discharge.process_step_shares")
    if not 0 <= val(dis["window_start_hour"]) < val(dis["window_end_hour"]) <= 24:
        err("social_care.discharge: window_start_hour < window_end_hour within 0-24")
    if not val(dis["process_hours"]) > 0:
        err("social_care.discharge.process_hours must be positive")

    he = data["health"]
    fr = val(he["frailty_shares_by_age"])
    length(fr, 8, "health.frailty_shares_by_age")
    for i, r in enumerate(fr):
        length(r, 4, f"health.frailty_shares_by_age[{i}]")
        sums_to_one(r, f"health.frailty_shares_by_age[{i}]")
    for k in ("ltc_mean_count_by_age", "annual_mortality_by_age", "other_emergency_rate_by_age",
              "initial_home_care_share_by_age", "initial_care_home_share_by_age",
              "expected_in_hospital_emergency_deaths_by_age"):
        length(val(he[k]), 8, f"health.{k}")
    for k in ("ltc_deprivation_multiplier", "mortality_deprivation_multiplier",
              "acsc_deprivation_multiplier"):
        length(val(he[k]), 5, f"health.{k}")
    for k in ("acsc_frailty_multiplier", "frailty_mortality_hazard_ratio"):
        length(val(he[k]), 4, f"health.{k}")
    return report()


def report():
    if errors:
        print(f"{len(errors)} problem(s):")
        for e in errors:
            print("  -", e)
        return 1
    print("data OK: all numeric leaves carry provenance; shares, counts and keys consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
