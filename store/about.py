"""What each indicator means and where it misleads (declared, not executed): its interpretation and limits
in Finnish, Swedish and English, and notes on particular years (a series break, a change of definition).

Shown beside every chart of the indicator (views/quality.py). The texts say what the catalogue's own
definition implies and what THL publishes about its statistics (preliminary figures in spring, final ones
in early summer); a region adds its own notes to the indicator_notes table.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Text(NamedTuple):
    fi: str
    sv: str
    en: str


KINDS = ("interpretation", "limits", "break", "definition")

_CW_LIMITS = Text(
    "THL julkaisee lastensuojelun tiedot ensin ennakkotietoina keväällä ja lopullisina alkukesällä; "
    "ennakkotieto näkyy kuvissa ontolla merkillä. Pienissä kunnissa muutama lapsi muuttaa osuutta paljon. "
    "Tiedonkeruun siirtyessä Kanta-palveluihin vertailu siirtoa edeltäviin vuosiin voi katketa.",
    "THL publicerar barnskyddsuppgifterna först som förhandsuppgifter på våren och som slutliga i början av "
    "sommaren; en förhandsuppgift visas med en ihålig markör. I små kommuner ändrar några barn andelen mycket. "
    "När insamlingen flyttas till Kanta-tjänsterna kan jämförelsen med åren före flytten brytas.",
    "THL publishes child-welfare figures first as preliminary in spring and as final in early summer; a "
    "preliminary value is drawn as a hollow marker. In small municipalities a few children move the rate a lot. "
    "As collection moves to the Kanta services, comparison with the years before the move may break.",
)
_SCHOOL_LIMITS = Text(
    "Kouluterveyskysely tehdään joka toinen vuosi; välivuosina ei ole arvoa. Osuus on vastanneista, ja "
    "vastausaste vaihtelee kouluittain. Pieniä kuntia ei julkaista lähteessä.",
    "Skolhälsoenkäten görs vartannat år; mellanåren saknar värde. Andelen gäller dem som svarat, och "
    "svarsfrekvensen varierar mellan skolor. Små kommuner publiceras inte av källan.",
    "The School Health Promotion study runs every other year; the years between have no value. The share is "
    "of those who answered, and response rates vary by school. Small municipalities are not published at source.",
)
_COST_LIMITS = Text(
    "Kustannukset ovat Tilastokeskuksen kuntatalouden tietoja; hyvinvointialueiden kirjaustavat vaihtelevat, "
    "ja vuoden 2023 uudistus katkaisee vertailun kuntien aikaisiin lukuihin. Vertaa euroja samoin hinnoin.",
    "Kostnaderna är Statistikcentralens uppgifter om den offentliga ekonomin; välfärdsområdenas sätt att bokföra "
    "varierar, och reformen 2023 bryter jämförelsen med kommunernas tal. Jämför euro i samma priser.",
    "Costs are Statistics Finland's public-finance figures; counties book costs differently, and the 2023 reform "
    "breaks comparison with the municipal years. Compare euros at the same prices.",
)
_OWN_LIMITS = Text(
    "Hyvinvointialueen oma kirjaus: vertailu muihin alueisiin vain, jos kirjaustapa on sama. Kansallista "
    "vertailutietoa ei ole.",
    "Välfärdsområdets egen registrering: jämför med andra områden bara om registreringen görs på samma sätt. "
    "Nationell jämförelse saknas.",
    "The county's own record: compare with other areas only where it is recorded the same way. There is no "
    "national baseline.",
)

# code -> (interpretation, limits)
ABOUT: dict[str, tuple[Text, Text]] = {
    "pop_total": (
        Text("Väestö vuoden lopussa.", "Befolkningen vid årets slut.", "Population at the end of the year."),
        Text(
            "Kuntaliitokset on laskettu vuoden 2025 aluejakoon.",
            "Kommunsammanslagningar är räknade enligt 2025 års indelning.",
            "Municipal mergers are counted in the 2025 division.",
        ),
    ),
    "pop_0_17": (
        Text(
            "0–17-vuotiaat vuoden lopussa: lasten osuuksien nimittäjä.",
            "0–17-åringar vid årets slut: nämnaren för barnens andelar.",
            "Children aged 0–17 at the end of the year: the denominator of the children's rates.",
        ),
        Text(
            "Kuntaliitokset on laskettu vuoden 2025 aluejakoon.",
            "Kommunsammanslagningar är räknade enligt 2025 års indelning.",
            "Municipal mergers are counted in the 2025 division.",
        ),
    ),
    "price_index_public": (
        Text(
            "Julkisten menojen hintojen muutos; eurot muutetaan sillä valitun vuoden hintoihin.",
            "Prisförändringen i offentliga utgifter; euro räknas om till det valda årets priser.",
            "The change in the prices of public expenditure; euros are converted to the chosen year's prices.",
        ),
        Text("Indeksi, ei euroja.", "Ett index, inte euro.", "An index, not euros."),
    ),
    "cw_notified": (
        Text(
            "Lapset, joista on tehty vähintään yksi lastensuojeluilmoitus vuoden aikana, tuhatta 0–17-vuotiasta "
            "kohti. Kasvu voi kertoa myös siitä, että huoli tunnistetaan ja ilmoitetaan aiemmin.",
            "Barn som varit föremål för minst en barnskyddsanmälan under året, per tusen 0–17-åringar. En ökning "
            "kan också betyda att oro upptäcks och anmäls tidigare.",
            "Children with at least one child-welfare notification in the year, per thousand aged 0–17. A rise "
            "can also mean that worries are noticed and reported earlier.",
        ),
        _CW_LIMITS,
    ),
    "cw_open_care": (
        Text(
            "Lapset lastensuojelun avohuollon tukitoimissa vuoden aikana, tuhatta 0–17-vuotiasta kohti.",
            "Barn inom stödåtgärder i barnskyddets öppenvård under året, per tusen 0–17-åringar.",
            "Children in child-welfare open-care support during the year, per thousand aged 0–17.",
        ),
        _CW_LIMITS,
    ),
    "cw_placed": (
        Text(
            "Kodin ulkopuolelle sijoitetut lapset vuoden aikana, tuhatta 0–17-vuotiasta kohti. LAPE-työn tavoite "
            "on, että tarve vähenee, kun tukea saa varhain.",
            "Barn placerade utom hemmet under året, per tusen 0–17-åringar. LAPE-arbetets mål är att behovet "
            "minskar när stöd ges tidigt.",
            "Children placed outside the home during the year, per thousand aged 0–17. LAPE aims to reduce the "
            "need through early support.",
        ),
        _CW_LIMITS,
    ),
    "cw_urgent": (
        Text(
            "Kiireellisesti sijoitetut lapset vuoden aikana, tuhatta 0–17-vuotiasta kohti: kriisien mittari, jonka "
            "pitäisi laskea, kun perheet saavat apua ajoissa.",
            "Barn som brådskande placerats under året, per tusen 0–17-åringar: ett mått på kriser som borde "
            "minska när familjer får hjälp i tid.",
            "Children placed urgently during the year, per thousand aged 0–17: a measure of crises that should "
            "fall when families get help in time.",
        ),
        _CW_LIMITS,
    ),
    "family_work": (
        Text(
            "Perhetyön asiakasperheet, tuhatta 0–17-vuotiasta kohti: matalan kynnyksen tuki. Kasvu on LAPE-"
            "tavoitteen suuntaista, jos korjaavat palvelut samalla vähenevät.",
            "Familjer inom familjearbete, per tusen 0–17-åringar: stöd med låg tröskel. En ökning går i LAPE-"
            "målets riktning om de korrigerande tjänsterna samtidigt minskar.",
            "Families in family work, per thousand aged 0–17: low-threshold support. A rise serves the LAPE aim "
            "when corrective services fall at the same time.",
        ),
        Text(
            "Sosiaalihuoltolain mukainen perhetyö; lastensuojelun perhetyö voi olla kirjattu eri tavoin alueittain.",
            "Familjearbete enligt socialvårdslagen; barnskyddets familjearbete kan vara registrerat olika.",
            "Family work under the Social Welfare Act; child-welfare family work may be recorded differently.",
        ),
    ),
    "home_help": (
        Text(
            "Lapsiperheiden kotipalvelua saaneet perheet, tuhatta 0–17-vuotiasta kohti.",
            "Familjer som fått hemservice för barnfamiljer, per tusen 0–17-åringar.",
            "Families who got home help for families with children, per thousand aged 0–17.",
        ),
        Text(
            "Ostopalveluna tuotettu kotipalvelu voi puuttua tilastosta.",
            "Hemservice som köpts kan saknas i statistiken.",
            "Home help bought from providers may be missing from the statistics.",
        ),
    ),
    "family_counselling": (
        Text(
            "Kasvatus- ja perheneuvolan 0–17-vuotiaat asiakkaat, tuhatta samanikäistä kohti.",
            "Klienter 0–17 år vid uppfostrings- och familjerådgivningen, per tusen i samma ålder.",
            "Clients aged 0–17 of child guidance and family counselling, per thousand of the same age.",
        ),
        _OWN_LIMITS,
    ),
    "ecec_share": (
        Text(
            "Kunnan kustantamassa varhaiskasvatuksessa olleet 1–6-vuotiaat, % ikäryhmästä.",
            "1–6-åringar i kommunalt finansierad småbarnspedagogik, % av åldersgruppen.",
            "Children aged 1–6 in publicly funded early childhood education, % of the age group.",
        ),
        Text(
            "Osuus riippuu myös kotihoidon tuesta ja palvelusetelien kirjaamisesta.",
            "Andelen beror också på hemvårdsstödet och på hur servicesedlar registreras.",
            "The share also depends on the child home-care allowance and how vouchers are recorded.",
        ),
    ),
    "social_assistance_families": (
        Text(
            "Toimeentulotukea saaneet lapsiperheet, % lapsiperheistä: taloudellisen ahdingon mittari.",
            "Barnfamiljer som fått utkomststöd, % av barnfamiljerna: ett mått på ekonomisk knapphet.",
            "Families with children who got social assistance, % of families with children: a measure of hardship.",
        ),
        Text(
            "Perustoimeentulotuen siirto Kelaan (2017) katkaisee vertailun sitä edeltäviin vuosiin.",
            "Flytten av det grundläggande utkomststödet till FPA (2017) bryter jämförelsen med åren före.",
            "The transfer of basic social assistance to Kela (2017) breaks comparison with the years before.",
        ),
    ),
    "school_health_poor": (
        Text(
            "8.–9.-luokkalaiset, jotka kokevat terveytensä keskinkertaiseksi tai huonoksi, % vastanneista.",
            "Elever i åk 8–9 som upplever sin hälsa som medelmåttig eller dålig, % av dem som svarat.",
            "Pupils in grades 8–9 who rate their health as fair or poor, % of those who answered.",
        ),
        _SCHOOL_LIMITS,
    ),
    "school_bullied": (
        Text(
            "8.–9.-luokkalaiset, joita kiusataan vähintään kerran viikossa, % vastanneista.",
            "Elever i åk 8–9 som mobbas minst en gång i veckan, % av dem som svarat.",
            "Pupils in grades 8–9 bullied at least once a week, % of those who answered.",
        ),
        _SCHOOL_LIMITS,
    ),
    "parenting_lack": (
        Text(
            "8.–9.-luokkalaiset, jotka kokevat vanhemmuuden puutetta, % vastanneista.",
            "Elever i åk 8–9 som upplever brist på föräldraskap, % av dem som svarat.",
            "Pupils in grades 8–9 who experience a lack of parenting, % of those who answered.",
        ),
        _SCHOOL_LIMITS,
    ),
    "fc_visits": (
        Text(
            "Perhekeskuksen käynnit kuukaudessa tai vuodessa, kaikki kanavat.",
            "Besök vid familjecentret per månad eller år, alla kanaler.",
            "Family-centre visits per month or year, all channels.",
        ),
        _OWN_LIMITS,
    ),
    "fc_wait_days": (
        Text(
            "Päivät ensikontaktista ensimmäiseen palveluun, keskiarvo: mitä lyhyempi, sitä paremmin apu löytyy.",
            "Dagar från första kontakt till första tjänst, medelvärde: ju kortare, desto lättare hittas hjälpen.",
            "Days from the first contact to the first service, on average: the shorter, the easier help is found.",
        ),
        _OWN_LIMITS,
    ),
    "parent_survey_timely_help": (
        Text(
            "Vanhemmat, jotka saivat apua oikeaan aikaan, % vastanneista (alueen oma vanhempainkysely).",
            "Föräldrar som fick hjälp i rätt tid, % av dem som svarat (områdets egen föräldraenkät).",
            "Parents who got help at the right time, % of those who answered (the county's own parent survey).",
        ),
        _OWN_LIMITS,
    ),
    "school_absence_over_limit": (
        Text(
            "Oppilaat, joiden poissaolot ylittävät alueen poissaoloportaikon ensimmäisen rajan, % oppilaista.",
            "Elever vars frånvaro överstiger den första gränsen i områdets frånvarotrappa, % av eleverna.",
            "Pupils whose absences exceed the first limit of the county's absence ladder, % of pupils.",
        ),
        _OWN_LIMITS,
    ),
}
for _code in (
    "cost_cw_placements",
    "cost_cw_open_care",
    "cost_preventive",
    "cost_cw_placements_own",
    "cost_cw_open_care_own",
    "cost_preventive_own",
    "cost_cw_placements_purchased",
    "cost_cw_open_care_purchased",
    "cost_preventive_purchased",
):
    ABOUT[_code] = (
        Text(
            "Palvelualueen kustannukset euroina; sivu näyttää ne 0–17-vuotiasta kohti valitun vuoden hinnoin.",
            "Tjänsteområdets kostnader i euro; sidan visar dem per 0–17-åring i det valda årets priser.",
            "The service area's costs in euros; the page shows them per child aged 0–17 at the chosen year's prices.",
        ),
        _COST_LIMITS,
    )

# (code, year, kind, text): a year's note, shown on the chart (a marked break) and under it
NOTES: list[tuple[str, int, str, Text]] = [
    *[
        (
            code,
            2015,
            "break",
            Text(
                "Sarjakatko 2015: kouluterveyskyselyn tiedonkeruu epäonnistui, joten vuosi ei ole vertailukelpoinen.",
                "Seriebrott 2015: skolhälsoenkätens insamling misslyckades, så året är inte jämförbart.",
                "Series break 2015: the school survey's collection failed, so the year is not comparable.",
            ),
        )
        for code in ("school_health_poor", "school_bullied", "parenting_lack")
    ],
    (
        "social_assistance_families",
        2017,
        "definition",
        Text(
            "Määritelmä muuttui 2017: perustoimeentulotuki siirtyi Kelaan.",
            "Definitionen ändrades 2017: det grundläggande utkomststödet flyttades till FPA.",
            "Definition changed in 2017: basic social assistance moved to Kela.",
        ),
    ),
    *[
        (
            code,
            2023,
            "break",
            Text(
                "Sarjakatko 2023: hyvinvointialueet aloittivat, ja kustannukset kirjataan siitä lähtien alueittain.",
                "Seriebrott 2023: välfärdsområdena inledde sin verksamhet, och kostnaderna bokförs sedan per område.",
                "Series break 2023: the wellbeing services counties began, and costs are booked by county since.",
            ),
        )
        for code in ("cost_cw_placements", "cost_cw_open_care", "cost_preventive")
    ],
]


def note_rows() -> list[dict[str, Any]]:
    """Rows for the indicator_notes table: each indicator's interpretation and limits, and the year notes."""
    rows: list[dict[str, Any]] = []
    for code, (interpretation, limits) in ABOUT.items():
        for kind, text in (("interpretation", interpretation), ("limits", limits)):
            rows.append(_row(code, None, kind, text))
    rows += [_row(code, year, kind, text) for code, year, kind, text in NOTES]
    return rows


def _row(code: str, year: int | None, kind: str, text: Text) -> dict[str, Any]:
    return {
        "indicator_code": code,
        "year": year,
        "kind": kind,
        "text_fi": text.fi,
        "text_sv": text.sv,
        "text_en": text.en,
        "origin": "catalogue",
    }
