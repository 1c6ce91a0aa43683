"""Owners, teams, companies and contacts of the demo (Faker names, numpy draws)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from faker import Faker

from .portal import DAY, Portal, iso, pick, uniform_times
from .vocab import COMPANY_SUFFIXES, INDUSTRIES

EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
TEAMS = ("Sales EMEA", "Sales Americas", "Customer Success")
OWNER_COUNT = 12
SHOWCASE_CONTACTS = 28  # the big account: many contacts and ~1,000+ timeline items
_UNSAFE = set("&<>\"{}")  # never in a slot value (see vocab's note on templates)


def faker_pools(portal: Portal) -> None:
    """Name pools drawn once from Faker seeded with the portal's seed."""
    fake = Faker("en_US")
    fake.seed_instance(portal.seed)

    def pool(make, size: int) -> list[str]:
        seen: dict[str, None] = {}
        for _ in range(size * 3):
            value = make()
            if not _UNSAFE & set(value):
                seen.setdefault(value, None)
            if len(seen) == size:
                break
        return list(seen)

    portal.pools.update(
        first=pool(fake.first_name, 300), last=pool(fake.last_name, 400),
        job=pool(fake.job, 150), company=pool(fake.company, 120),
        city=pool(fake.city, 80), state=pool(fake.state_abbr, 40))


def write_owners(portal: Portal) -> None:
    """About a dozen owners in three teams; every owner has one primary team."""
    rng = portal.rng("owners")
    first = pick(rng, portal.pools["first"], OWNER_COUNT)
    last = pick(rng, portal.pools["last"], OWNER_COUNT)
    ids = 64_492_900 + np.arange(1, OWNER_COUNT + 1)
    emails = [f"{f}.{lst}@example.com".lower().replace(" ", "") for f, lst in
              zip(first, last, strict=True)]
    created = portal.start_s - 200 * DAY + rng.integers(0, 150, OWNER_COUNT) * DAY
    portal.insert("owners", pd.DataFrame({
        "id": ids, "email": emails, "first_name": first, "last_name": last,
        "user_id": ids + 1_000_000, "archived": False,
        "created_at": created.astype("datetime64[s]"),
        "updated_at": np.full(OWNER_COUNT, portal.now_s).astype("datetime64[s]")}))
    portal.insert("teams", pd.DataFrame({"id": np.arange(1, len(TEAMS) + 1),
                                         "name": TEAMS}))
    team = np.arange(OWNER_COUNT) % len(TEAMS) + 1
    members = pd.DataFrame({"team_id": team, "owner_id": ids, "is_primary": True})
    # two owners also help out in a second team
    extra = pd.DataFrame({"team_id": team[:2] % len(TEAMS) + 1, "owner_id": ids[:2],
                          "is_primary": False})
    portal.insert("team_members", pd.concat([members, extra]))
    portal.arrays["owner_id"] = ids
    portal.pools["owner_first"] = list(first)
    portal.pools["owner_email"] = emails


def company_names(portal: Portal, n: int) -> np.ndarray:
    """``n`` distinct company names: Faker's first, then surname + suffix, numbered."""
    names = list(portal.pools["company"])
    names += [f"{last} {suffix}" for suffix in COMPANY_SUFFIXES
              for last in portal.pools["last"]]
    order = portal.rng("company-names").permutation(len(names))
    base = np.asarray(names, dtype=object)[order]
    picked = base[np.arange(n) % len(base)]
    lap = np.arange(n) // len(base)  # names repeat only past ~5,000 companies
    return np.where(lap > 0, picked + " " + (lap + 1).astype(str), picked)


def write_companies(portal: Portal) -> None:
    """Companies; company 0 is the showcase account with the longest timeline."""
    n = portal.counts["companies"]
    rng = portal.rng("companies")
    names = company_names(portal, n)
    slugs = pd.Series(names).str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True)
    domains = (slugs.str.strip("-") + "." + pick(rng, EMAIL_DOMAINS, n)).to_numpy()
    created = uniform_times(rng, np.full(n, portal.start_s),
                            np.full(n, portal.now_s - 90 * DAY))
    created[0] = portal.start_s + 3 * DAY
    owner = rng.integers(0, OWNER_COUNT, n)
    employees = np.round(rng.lognormal(5, 1.4, n)).astype(np.int64) + 5
    revenue = employees * rng.integers(80, 300, n) * 1000
    target = rng.random(n) < 0.2
    target[0] = True
    portal.arrays.update(company_created=created, company_owner=owner)
    portal.pools["company_name"] = names

    ids = portal.ids("companies")
    created_iso = iso(created)
    portal.insert("records", pd.DataFrame({
        "object_type": "companies", "id": ids,
        "created_at": created.astype("datetime64[s]"),
        "updated_at": (created + (portal.now_s - created) // 2).astype(
            "datetime64[s]")}))
    portal.insert_properties("companies", pd.DataFrame({
        "id": ids, "hs_object_id": ids.astype(str), "name": names, "domain": domains,
        "website": "https://" + domains, "industry": pick(rng, INDUSTRIES, n),
        "phone": _phones(rng, n), "city": pick(rng, portal.pools["city"], n),
        "state": pick(rng, portal.pools["state"], n), "country": "United States",
        "zip": rng.integers(10_000, 99_999, n).astype(str),
        "numberofemployees": employees.astype(str),
        "annualrevenue": revenue.astype(str),
        "timezone": pick(rng, ("America/New_York", "America/Chicago",
                               "America/Los_Angeles", "Europe/London"), n),
        "description": names + " is a " + pick(rng, ("regional", "fast-growing",
                                                     "family-owned", "global"), n)
        + " business and a long-time user of spreadsheets.",
        "linkedin_company_page": "https://www.linkedin.com/company/" + slugs,
        "lifecyclestage": np.where(target, "customer", pick(rng, (
            "lead", "opportunity", "customer"), n)),
        "hs_is_target_account": np.where(target, "true", "false"),
        "hubspot_owner_id": portal.arrays["owner_id"][owner].astype(str),
        "createdate": created_iso, "hs_lastmodifieddate": created_iso,
    }))


def plan_contacts(portal: Portal) -> None:
    """Company, creation time, owner and name of every contact (written later)."""
    n = portal.counts["contacts"]
    n_comp = portal.counts["companies"]
    rng = portal.rng("contacts")
    weights = rng.lognormal(0, 0.8, n_comp)
    company = rng.choice(n_comp, size=n, p=weights / weights.sum())
    showcase = min(SHOWCASE_CONTACTS, n // 4)
    company[:showcase] = 0
    company[showcase:][rng.random(n - showcase) < 0.05] = -1  # no company yet
    low = np.where(company >= 0, portal.arrays["company_created"][company],
                   portal.start_s)
    created = uniform_times(rng, low, np.full(n, portal.now_s - 2 * DAY))
    company_owner = portal.arrays["company_owner"][np.maximum(company, 0)]
    owner = np.where((company >= 0) & (rng.random(n) < 0.85), company_owner,
                     rng.integers(0, OWNER_COUNT, n))
    first = rng.integers(0, len(portal.pools["first"]), n)
    last = rng.integers(0, len(portal.pools["last"]), n)
    portal.arrays.update(contact_company=company, contact_created=created,
                         contact_owner=owner, contact_first=first, contact_last=last)
    portal.arrays["contact_email"] = _emails(portal, first, last, company)


def _emails(portal: Portal, first: np.ndarray, last: np.ndarray,
            company: np.ndarray) -> np.ndarray:
    """first.last@example.(com|org|net), numbered where two people share a name."""
    firsts = np.asarray(portal.pools["first"], dtype=object)[first]
    lasts = np.asarray(portal.pools["last"], dtype=object)[last]
    domain = np.asarray(EMAIL_DOMAINS, dtype=object)[np.maximum(company, 0) % 3]
    local = pd.Series(firsts + "." + lasts).str.lower().str.replace(
        r"[^a-z0-9.]", "", regex=True)
    address = local + "@" + domain
    seen = address.groupby(address, sort=False).cumcount().to_numpy()
    numbered = local + np.where(seen > 0, (seen + 1).astype(str), "") + "@" + domain
    return numbered.to_numpy(dtype=object)


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """Phone numbers in the 555-01xx range, reserved for fiction."""
    area = rng.integers(201, 989, n).astype(str)
    line = rng.integers(0, 100, n)
    return ("+1 " + area + " 555 01" + np.char.zfill(line.astype(str), 2)
            ).astype(object)

