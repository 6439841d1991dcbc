"""The indicator catalogue: what each indicator code means (declared, not executed).

direction: +1 higher is better, -1 higher is worse, 0 neither (context, e.g. population).
unit: count | percent | eur | days. A count or euro sum with denominator_code is turned
into a rate `value / denominator * per` (e.g. per 1 000 children aged 0-17); a percent or
days indicator carries its own numerator and denominator in each observation.
"""

from __future__ import annotations

from typing import Any, NamedTuple

SOTKANET = "THL Sotkanet (CC BY 4.0)"
DEMO_NOTE = "Demo-aineisto / demodata / demo data"

_C: list[tuple[Any, ...]] = [
    # code, fi, sv, en, unit, domain, direction, denominator_code, per, decimals
    (
        "pop_total",
        "Väkiluku",
        "Folkmängd",
        "Population",
        "count",
        "population",
        0,
        None,
        None,
        0,
    ),
    (
        "price_index_public",
        "Julkisten menojen hintaindeksi (kuntatalous)",
        "Prisindex för offentliga utgifter (kommunalekonomi)",
        "Price index of public expenditure (local government)",
        "index",
        "cost",
        0,
        None,
        None,
        1,
    ),
    (
        "pop_0_17",
        "0–17-vuotiaat",
        "0–17-åringar",
        "Population aged 0–17",
        "count",
        "population",
        0,
        None,
        None,
        0,
    ),
    (
        "cw_notified",
        "Lastensuojeluilmoituksen kohteena olleet lapset",
        "Barn som varit föremål för barnskyddsanmälan",
        "Children subject to a child-welfare notification",
        "count",
        "corrective_service",
        -1,
        "pop_0_17",
        1000,
        0,
    ),
    (
        "cw_open_care",
        "Lastensuojelun avohuollon tukitoimien piirissä olleet lapset",
        "Barn inom stödåtgärder i barnskyddets öppenvård",
        "Children in child-welfare open-care support",
        "count",
        "corrective_service",
        -1,
        "pop_0_17",
        1000,
        0,
    ),
    (
        "cw_placed",
        "Kodin ulkopuolelle sijoitetut lapset",
        "Barn placerade utom hemmet",
        "Children placed outside the home",
        "count",
        "corrective_service",
        -1,
        "pop_0_17",
        1000,
        0,
    ),
    (
        "cw_urgent",
        "Kiireellisesti sijoitetut lapset",
        "Brådskande placerade barn",
        "Children placed urgently",
        "count",
        "corrective_service",
        -1,
        "pop_0_17",
        1000,
        0,
    ),
    (
        "family_work",
        "Perhetyön asiakasperheet",
        "Familjer inom familjearbete",
        "Families receiving family work",
        "count",
        "preventive_service",
        1,
        "pop_0_17",
        1000,
        0,
    ),
    (
        "home_help",
        "Lapsiperheiden kotipalvelun asiakasperheet",
        "Barnfamiljer inom hemservice",
        "Families receiving home help",
        "count",
        "preventive_service",
        1,
        "pop_0_17",
        1000,
        0,
    ),
    (
        "family_counselling",
        "Kasvatus- ja perheneuvolan asiakkaat",
        "Klienter vid uppfostrings- och familjerådgivningen",
        "Clients of child guidance and family counselling",
        "count",
        "preventive_service",
        1,
        "pop_0_17",
        1000,
        0,
    ),
    (
        "ecec_share",
        "Varhaiskasvatuksessa olleet 1–6-vuotiaat, %",
        "1–6-åringar i småbarnspedagogik, %",
        "Children aged 1–6 in early childhood education, %",
        "percent",
        "preventive_service",
        1,
        None,
        100,
        1,
    ),
    (
        "social_assistance_families",
        "Toimeentulotukea saaneet lapsiperheet, %",
        "Barnfamiljer som fått utkomststöd, %",
        "Families with children receiving social assistance, %",
        "percent",
        "wellbeing",
        -1,
        None,
        100,
        1,
    ),
    (
        "school_health_poor",
        "Terveydentilansa keskinkertaiseksi tai huonoksi kokevat 8.–9. luokkalaiset, %",
        "Elever i åk 8–9 som upplever sin hälsa som medelmåttig eller dålig, %",
        "Pupils in grades 8–9 rating their health average or poor, %",
        "percent",
        "wellbeing",
        -1,
        None,
        100,
        1,
    ),
    (
        "school_bullied",
        "Vähintään kerran viikossa kiusatut 8.–9. luokkalaiset, %",
        "Elever i åk 8–9 som mobbats minst en gång i veckan, %",
        "Pupils in grades 8–9 bullied at least weekly, %",
        "percent",
        "wellbeing",
        -1,
        None,
        100,
        1,
    ),
    (
        "parenting_lack",
        "Vanhemmuuden puutetta kokevat 8.–9. luokkalaiset, %",
        "Elever i åk 8–9 som upplever brist på föräldraskap, %",
        "Pupils in grades 8–9 experiencing a lack of parenting, %",
        "percent",
        "wellbeing",
        -1,
        None,
        100,
        1,
    ),
    (
        "cost_cw_placements",
        "Lastensuojelun laitos- ja perhehoidon kustannukset, €",
        "Kostnader för barnskyddets anstalts- och familjevård, €",
        "Costs of child-welfare institutional and family care, EUR",
        "eur",
        "cost",
        -1,
        "pop_0_17",
        1,
        0,
    ),
    (
        "cost_cw_open_care",
        "Lastensuojelun avohuollon kustannukset, €",
        "Kostnader för barnskyddets öppenvård, €",
        "Costs of child-welfare open care, EUR",
        "eur",
        "cost",
        -1,
        "pop_0_17",
        1,
        0,
    ),
    (
        "cost_preventive",
        "Ehkäisevien perhepalvelujen kustannukset, €",
        "Kostnader för förebyggande familjetjänster, €",
        "Costs of preventive family services, EUR",
        "eur",
        "cost",
        1,
        "pop_0_17",
        1,
        0,
    ),
    (
        "cost_cw_placements_own",
        "Lastensuojelun laitos- ja perhehoidon oma tuotanto, €",
        "Egen produktion inom barnskyddets anstalts- och familjevård, €",
        "Own production of child-welfare institutional and family care, EUR",
        "eur",
        "cost",
        0,
        "pop_0_17",
        1,
        0,
    ),
    (
        "cost_cw_open_care_own",
        "Lastensuojelun avohuollon oma tuotanto, €",
        "Egen produktion inom barnskyddets öppenvård, €",
        "Own production of child-welfare open care, EUR",
        "eur",
        "cost",
        0,
        "pop_0_17",
        1,
        0,
    ),
    (
        "cost_preventive_own",
        "Ehkäisevien perhepalvelujen oma tuotanto, €",
        "Egen produktion av förebyggande familjetjänster, €",
        "Own production of preventive family services, EUR",
        "eur",
        "cost",
        0,
        "pop_0_17",
        1,
        0,
    ),
    (
        "cost_cw_placements_purchased",
        "Lastensuojelun laitos- ja perhehoidon ostopalvelut, €",
        "Köpta tjänster inom barnskyddets anstalts- och familjevård, €",
        "Purchased child-welfare institutional and family care, EUR",
        "eur",
        "cost",
        0,
        "pop_0_17",
        1,
        0,
    ),
    (
        "cost_cw_open_care_purchased",
        "Lastensuojelun avohuollon ostopalvelut, €",
        "Köpta tjänster inom barnskyddets öppenvård, €",
        "Purchased child-welfare open care, EUR",
        "eur",
        "cost",
        0,
        "pop_0_17",
        1,
        0,
    ),
    (
        "cost_preventive_purchased",
        "Ehkäisevien perhepalvelujen ostopalvelut, €",
        "Köpta förebyggande familjetjänster, €",
        "Purchased preventive family services, EUR",
        "eur",
        "cost",
        0,
        "pop_0_17",
        1,
        0,
    ),
    (
        "fc_visits",
        "Perhekeskuskäynnit",
        "Besök vid familjecentret",
        "Family-centre visits",
        "count",
        "family_centre",
        1,
        "pop_0_17",
        1000,
        0,
    ),
    (
        "fc_wait_days",
        "Odotusaika ensikontaktista ensimmäiseen palveluun, vrk",
        "Väntetid från första kontakt till första tjänst, dygn",
        "Days from first contact to first service",
        "days",
        "family_centre",
        -1,
        None,
        1,
        1,
    ),
    (
        "parent_survey_timely_help",
        "Vanhemmat, jotka saivat apua oikeaan aikaan, %",
        "Föräldrar som fick hjälp i rätt tid, %",
        "Parents who got help at the right time, %",
        "percent",
        "survey",
        1,
        None,
        100,
        1,
    ),
    (
        "school_absence_over_limit",
        "Poissaolorajan ylittäneet oppilaat, %",
        "Elever över frånvarogränsen, %",
        "Pupils over the absence-hours limit, %",
        "percent",
        "wellbeing",
        -1,
        None,
        100,
        1,
    ),
]

# Counts of people or families, and the population they are part of (checked at upload: a count
# above its area's population is refused). Children and families with children: the 0-17-year-olds.
PERSON_COUNTS = {
    "pop_0_17": "pop_total",
    "cw_notified": "pop_0_17",
    "cw_open_care": "pop_0_17",
    "cw_placed": "pop_0_17",
    "cw_urgent": "pop_0_17",
    "family_work": "pop_0_17",
    "home_help": "pop_0_17",
    "family_counselling": "pop_0_17",
}

# Euro amounts spent on the persons of one count: an amount is hidden wherever its count is
# (the euros of 1-4 placed children tell about those children).
AMOUNT_OF = {
    "cost_cw_placements": "cw_placed",
    "cost_cw_open_care": "cw_open_care",
    "cost_cw_placements_purchased": "cw_placed",
    "cost_cw_open_care_purchased": "cw_open_care",
    "cost_cw_placements_own": "cw_placed",
    "cost_cw_open_care_own": "cw_open_care",
}
# A service area's costs (own production + purchased services) -> its purchased part.
PURCHASED = {
    "cost_cw_placements": "cost_cw_placements_purchased",
    "cost_cw_open_care": "cost_cw_open_care_purchased",
    "cost_preventive": "cost_preventive_purchased",
}


class SotkanetSource(NamedTuple):
    """Where THL Sotkanet publishes a catalogue indicator.

    id: the Sotkanet indicator id where it has been checked against a published source; None
    where only the title is known: `python -m data_loaders sotkanet` then finds the id in
    Sotkanet's own indicator list by exact title (never by a guess) and keeps it in the catalogue.
    field: "value" stores Sotkanet's value; "abs" stores its absValue, the count behind a
    percentage (the children with a notification behind "% of the 0-17-year-olds"), because the
    catalogue holds the count and computes the rate from the population itself.
    """

    id: int | None
    titles: tuple[str, ...]
    field: str


# Checked ids: 127 in THL's own exports of the population series (rOpenGov/geofi, sotkanet-shiny);
# 1086 cited by THL's indicator bank as "0 - 17-vuotiaat lapset, joista on tehty
# lastensuojeluilmoitus, % vastaavan ikäisestä väestöstä (ind. 1086)".
SOTKANET_SOURCES: dict[str, SotkanetSource] = {
    "pop_total": SotkanetSource(127, ("Väestö 31.12.",), "value"),
    "pop_0_17": SotkanetSource(None, ("0 - 17-vuotiaat, % väestöstä",), "abs"),
    "cw_notified": SotkanetSource(
        1086,
        (
            "0 - 17-vuotiaat lapset, joista on tehty lastensuojeluilmoitus, % vastaavan ikäisestä väestöstä",
            "Lastensuojeluilmoituksen kohteena olleet 0 - 17-vuotiaat, % vastaavanikäisestä väestöstä",
        ),
        "abs",
    ),
    "cw_open_care": SotkanetSource(
        None,
        (
            "Lastensuojelun avohuollollisten tukitoimien piirissä 0 - 17-vuotiaita vuoden aikana, "
            "% vastaavanikäisestä väestöstä",
            "Lastensuojelun avohuollon asiakkaana olleet 0 - 17-vuotiaat, % vastaavanikäisestä väestöstä",
        ),
        "abs",
    ),
    "cw_placed": SotkanetSource(
        None,
        (
            "Kodin ulkopuolelle sijoitetut 0 - 17-vuotiaat, % vastaavanikäisestä väestöstä",
            "Kodin ulkopuolelle sijoitetut 0 - 17-vuotiaat vuoden aikana, % vastaavanikäisestä väestöstä",
        ),
        "abs",
    ),
    "cw_urgent": SotkanetSource(
        None,
        (
            "Kiireellisesti sijoitetut 0 - 17-vuotiaat, % vastaavanikäisestä väestöstä",
            "Kiireellisesti sijoitetut 0 - 17-vuotiaat vuoden aikana, % vastaavanikäisestä väestöstä",
        ),
        "abs",
    ),
    "family_work": SotkanetSource(
        None,
        (
            "Lapsiperheiden perhetyön asiakasperheet, % lapsiperheistä",
            "Perhetyön asiakkaana olleet lapsiperheet, % lapsiperheistä",
        ),
        "abs",
    ),
    "home_help": SotkanetSource(
        None,
        (
            "Kodinhoitoapua saaneet lapsiperheet, % lapsiperheistä",
            "Lapsiperheiden kotipalvelua saaneet perheet, % lapsiperheistä",
        ),
        "abs",
    ),
    "family_counselling": SotkanetSource(
        None,
        (
            "Kasvatus- ja perheneuvoloiden asiakkaat 0 - 17-vuotiaat, % vastaavanikäisestä väestöstä",
            "Kasvatus- ja perheneuvonnan asiakkaat 0 - 17-vuotiaat, % vastaavanikäisestä väestöstä",
        ),
        "abs",
    ),
    "ecec_share": SotkanetSource(
        None,
        (
            "Kunnan kustantamassa varhaiskasvatuksessa olleet 1 - 6-vuotiaat, % vastaavanikäisestä väestöstä",
            "Varhaiskasvatuksessa olleet 1 - 6-vuotiaat, % vastaavanikäisestä väestöstä",
        ),
        "value",
    ),
    "social_assistance_families": SotkanetSource(
        None, ("Toimeentulotukea saaneet lapsiperheet, % lapsiperheistä",), "value"
    ),
    "school_health_poor": SotkanetSource(
        None,
        (
            "Terveydentilansa keskinkertaiseksi tai huonoksi kokevien osuus (%), 8. ja 9. luokka",
            "Terveydentilansa keskinkertaiseksi tai huonoksi kokevat, % 8. ja 9. luokan oppilaista",
        ),
        "value",
    ),
    "school_bullied": SotkanetSource(
        None,
        (
            "Koulukiusattuna vähintään kerran viikossa (%), 8. ja 9. luokka",
            "Koulukiusattuna vähintään kerran viikossa, % 8. ja 9. luokan oppilaista",
        ),
        "value",
    ),
    "parenting_lack": SotkanetSource(
        None,
        (
            "Vanhemmuuden puutetta kokevien osuus (%), 8. ja 9. luokka",
            "Vanhemmuuden puutetta kokevat, % 8. ja 9. luokan oppilaista",
        ),
        "value",
    ),
}
SOTKANET_IDS = {code: src.id for code, src in SOTKANET_SOURCES.items() if src.id is not None}

# Where the rest come from: Statistics Finland's local-government finances and price index,
# and the region's own records and surveys.
STATFI = "Tilastokeskus / Statistikcentralen / Statistics Finland"
OWN = "Hyvinvointialueen oma tieto"
_OTHER_SOURCES = {
    "price_index_public": STATFI,
    "cost_cw_placements": STATFI,
    "cost_cw_open_care": STATFI,
    "cost_preventive": STATFI,
    "cost_cw_placements_purchased": STATFI,
    "cost_cw_open_care_purchased": STATFI,
    "cost_preventive_purchased": STATFI,
    "cost_cw_placements_own": STATFI,
    "cost_cw_open_care_own": STATFI,
    "cost_preventive_own": STATFI,
    "school_absence_over_limit": OWN,
}

_DESCRIPTIONS = {
    "pop_0_17": "Väestö 31.12. / Befolkning 31.12. / Population on 31 Dec.",
    "pop_total": "Väestö 31.12. / Befolkning 31.12. / Population on 31 Dec.",
    "price_index_public": "Tilastokeskus; demoaineistossa keksitty 2 % vuodessa (2015 = 100). "
    "Statistikcentralen; i demodata påhittade 2 % per år. Statistics Finland; invented 2 % a year in the demo data.",
    "fc_wait_days": "Keskiarvo: odotuspäivät yhteensä / ensikontaktit. "
    "Medelvärde: väntedygn / första kontakter. Mean: waiting days / first contacts.",
}


def indicator_rows() -> list[dict[str, Any]]:
    """Rows for the indicators table."""
    rows = []
    for code, fi, sv, en, unit, domain, direction, den, per, dec in _C:
        desc = _DESCRIPTIONS.get(code)
        rows.append(
            {
                "code": code,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "unit": unit,
                "domain": domain,
                "direction": direction,
                "denominator_code": den,
                "per": per,
                "decimals": dec,
                "sotkanet_id": SOTKANET_IDS.get(code),
                "description_fi": desc,
                "description_sv": desc,
                "description_en": desc,
                "source": _source(code, domain),
            }
        )
    return rows


def _source(code: str, domain: str) -> str:
    if code in SOTKANET_SOURCES:
        return SOTKANET
    if code in _OTHER_SOURCES:
        return _OTHER_SOURCES[code]
    return OWN if domain in ("family_centre", "survey") else SOTKANET


INDICATOR_CODES = tuple(row[0] for row in _C)

# Other names people give these indicators in their own spreadsheets.
NAME_ALIASES = {
    "väkiluku": "pop_total",
    "asukasluku": "pop_total",
    "asukkaat": "pop_total",
    "folkmängd": "pop_total",
    "invånarantal": "pop_total",
    "population": "pop_total",
    "0-17-vuotiaat": "pop_0_17",
    "lapsiväestö": "pop_0_17",
    "lastensuojeluilmoitukset": "cw_notified",
    "sijoitetut lapset": "cw_placed",
    "kiireelliset sijoitukset": "cw_urgent",
    "perhetyö": "family_work",
    "kotipalvelu": "home_help",
    "perheneuvola": "family_counselling",
    "perhekeskuskäynnit": "fc_visits",
}
