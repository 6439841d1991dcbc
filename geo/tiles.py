"""The default map: the 23 county-level areas as equal tiles on a grid that reads as Finland.

Laid out by this project (no boundary data, no licence, works offline). Uusimaa's four
counties and Helsinki each get a tile of their own, so the smallest areas stay visible.
"""

from __future__ import annotations

import pandas as pd

# county code -> (column, row); row 0 is the north
TILE_GRID: dict[str, tuple[int, int]] = {
    "21": (3, 0),  # Lappi
    "19": (3, 1),  # Pohjois-Pohjanmaa
    "20": (4, 1),  # Kainuu
    "17": (1, 2),  # Pohjanmaa
    "18": (2, 2),  # Keski-Pohjanmaa
    "13": (4, 2),  # Pohjois-Savo
    "14": (5, 2),  # Pohjois-Karjala
    "16": (2, 3),  # Etelä-Pohjanmaa
    "15": (3, 3),  # Keski-Suomi
    "12": (4, 3),  # Etelä-Savo
    "06": (1, 4),  # Satakunta
    "08": (2, 4),  # Pirkanmaa
    "09": (3, 4),  # Päijät-Häme
    "10": (4, 4),  # Kymenlaakso
    "11": (5, 4),  # Etelä-Karjala
    "91": (0, 5),  # Ahvenanmaa
    "05": (1, 5),  # Varsinais-Suomi
    "07": (2, 5),  # Kanta-Häme
    "02": (3, 5),  # Keski-Uusimaa
    "01": (4, 5),  # Itä-Uusimaa
    "03": (2, 6),  # Länsi-Uusimaa
    "04": (3, 6),  # Vantaa–Kerava
    "90": (3, 7),  # Helsinki
}

# Short labels printed on the tiles.
TILE_LABELS = {
    "01": "IUU",
    "02": "KUU",
    "03": "LUU",
    "04": "VAK",
    "05": "VS",
    "06": "SAT",
    "07": "KH",
    "08": "PIR",
    "09": "PH",
    "10": "KYM",
    "11": "EK",
    "12": "ES",
    "13": "PS",
    "14": "PK",
    "15": "KS",
    "16": "EP",
    "17": "POH",
    "18": "KP",
    "19": "PP",
    "20": "KAI",
    "21": "LAP",
    "90": "HKI",
    "91": "AHV",
}


# Swedish labels from the Swedish names (Päijänne-Tavastland, Österbotten, Helsingfors, Åland ...).
TILE_LABELS_SV = {
    "01": "ÖNY",
    "02": "MNY",
    "03": "VNY",
    "04": "VOK",
    "05": "EGF",
    "06": "SAT",
    "07": "ETA",
    "08": "BIR",
    "09": "PÄT",
    "10": "KYM",
    "11": "SKA",
    "12": "SSA",
    "13": "NSA",
    "14": "NKA",
    "15": "MFI",
    "16": "SÖB",
    "17": "ÖB",
    "18": "MÖB",
    "19": "NÖB",
    "20": "KAJ",
    "21": "LAP",
    "90": "HFS",
    "91": "ÅL",
}
# English names keep the Finnish place names (Päijät-Häme wellbeing services county), but Åland.
TILE_LABELS_EN = {**TILE_LABELS, "91": "ÅL"}
LABELS = {"fi": TILE_LABELS, "sv": TILE_LABELS_SV, "en": TILE_LABELS_EN}


def tile_frame(lang: str = "fi") -> pd.DataFrame:
    """code, col, row, abbr (in the language) for every county-level area."""
    labels = LABELS.get(lang, TILE_LABELS)
    return pd.DataFrame([{"code": c, "col": x, "row": y, "abbr": labels[c]} for c, (x, y) in TILE_GRID.items()])
