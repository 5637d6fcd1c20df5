"""Country codes and names: the only module that imports pycountry.

Why pycountry: it carries ISO 3166-1 (current), ISO 3166-3 (withdrawn codes such as AN, YU,
CS, SU, ZR that old lists still carry) and official long names ("Islamic Republic of Iran",
"Republic of Uzbekistan"), which are the forms EU acts print. We add what ISO does not have:
XK (Kosovo, user-assigned but used by the EU, UN and US lists) and the few printed forms the
Official Journal uses that pycountry does not know ("Republic of Türkiye", "People's Republic
of China"...).

Contract: ``to_code`` turns a code or an English name into an upper-case alpha-2 code, or
returns None for something that was never a country. It never refuses a code that was once
assigned, so one old record cannot make a whole real list unreadable.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pycountry

# Codes outside ISO 3166-1/3166-3 that real sanctions lists use.
EXTRA_CODES: dict[str, str] = {"XK": "Kosovo"}

# Printed forms seen in EU acts and UN lists that pycountry's lookup does not resolve.
# Keys are compared after _simplify().
EXTRA_NAMES: dict[str, str] = {
    "kosovo": "XK",
    "republic of kosovo": "XK",
    "turkiye": "TR",
    "turkey": "TR",
    "republic of turkiye": "TR",
    "republic of turkey": "TR",
    "peoples republic of china": "CN",
    "pr china": "CN",
    "prc": "CN",
    "china mainland": "CN",
    "mainland china": "CN",
    "hong kong sar": "HK",
    "hong kong sar china": "HK",
    "hong kong china": "HK",
    "macau": "MO",
    "macao sar": "MO",
    "uae": "AE",
    "united arab emirates uae": "AE",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "north korea": "KP",
    "dprk": "KP",
    "democratic peoples republic of korea": "KP",
    "south korea": "KR",
    "republic of korea": "KR",
    "vietnam": "VN",
    "socialist republic of vietnam": "VN",
    "laos": "LA",
    "moldova": "MD",
    "belarus": "BY",
    "republic of belarus": "BY",
    "kyrgyzstan": "KG",
    "czech republic": "CZ",
    "the netherlands": "NL",
    "great britain": "GB",
    "united kingdom": "GB",
    "uk": "GB",
    "usa": "US",
    "united states": "US",
    "united states of america": "US",
    "venezuela": "VE",
    "bolivia": "BO",
    "tanzania": "TZ",
    "palestine": "PS",
    "state of palestine": "PS",
    "ivory coast": "CI",
    "cote divoire": "CI",
    "democratic republic of the congo": "CD",
    "republic of the congo": "CG",
    "ussr": "SU",
    "soviet union": "SU",
    "yugoslavia": "YU",
    "serbia and montenegro": "CS",
    "netherlands antilles": "AN",
    "zaire": "ZR",
    "union of soviet socialist republics": "SU",
    "holy see": "VA",
    "vatican": "VA",
}

# Nationalities as Annex I of Regulation 269/2014 prints them ("Russian", "Belarussian"):
# the statement "nationality: Russian" means the country RU. Keys compared after _simplify().
DEMONYMS: dict[str, str] = {
    "afghan": "AF",
    "american": "US",
    "armenian": "AM",
    "austrian": "AT",
    "azerbaijani": "AZ",
    "belarusian": "BY",
    "belarussian": "BY",
    "belgian": "BE",
    "british": "GB",
    "bulgarian": "BG",
    "canadian": "CA",
    "chinese": "CN",
    "croatian": "HR",
    "cuban": "CU",
    "cypriot": "CY",
    "czech": "CZ",
    "dutch": "NL",
    "egyptian": "EG",
    "emirati": "AE",
    "estonian": "EE",
    "finnish": "FI",
    "french": "FR",
    "georgian": "GE",
    "german": "DE",
    "greek": "GR",
    "hungarian": "HU",
    "indian": "IN",
    "iranian": "IR",
    "iraqi": "IQ",
    "israeli": "IL",
    "italian": "IT",
    "kazakh": "KZ",
    "kazakhstani": "KZ",
    "kyrgyz": "KG",
    "latvian": "LV",
    "lebanese": "LB",
    "libyan": "LY",
    "lithuanian": "LT",
    "malian": "ML",
    "maltese": "MT",
    "moldovan": "MD",
    "nicaraguan": "NI",
    "north korean": "KP",
    "pakistani": "PK",
    "polish": "PL",
    "romanian": "RO",
    "russian": "RU",
    "serbian": "RS",
    "slovak": "SK",
    "spanish": "ES",
    "sudanese": "SD",
    "swiss": "CH",
    "syrian": "SY",
    "tajik": "TJ",
    "turkish": "TR",
    "turkmen": "TM",
    "ukrainian": "UA",
    "uzbek": "UZ",
    "uzbekistani": "UZ",
    "venezuelan": "VE",
}

# Special administrative regions are printed before their sovereign ("..., Hong Kong,
# People's Republic of China"); the region is the more precise answer.
REGIONS_OF: dict[str, frozenset[str]] = {"CN": frozenset({"HK", "MO"})}

# A country name followed by one of these words is a street ("Jordan Road", "Guernsey
# Street"), not the country of the address.
STREET_WORDS = frozenset(
    [
        "street",
        "str",
        "st",
        "road",
        "rd",
        "avenue",
        "ave",
        "lane",
        "prospekt",
        "prospect",
        "pr",
        "shosse",
        "highway",
        "boulevard",
        "blvd",
        "square",
        "per",
        "pereulok",
        "ulitsa",
        "ul",
    ]
)

_NON_WORD = re.compile(r"[^a-z0-9]+")


def _simplify(text: str) -> str:
    """Lower-case ASCII words only: 'People’s Republic of China' → 'peoples republic of china'."""
    folded = text.casefold().replace("ü", "u").replace("’", "").replace("'", "").replace("ô", "o")
    return _NON_WORD.sub(" ", folded).strip()


@cache
def _names() -> dict[str, str]:
    """Every English name pycountry knows (name, official and common), simplified → alpha-2."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table.setdefault(_simplify(value), country.alpha_2)
    for old in pycountry.historic_countries:
        table.setdefault(_simplify(old.name), old.alpha_2)
    table.update(EXTRA_NAMES)
    return table


@cache
def _names_and_demonyms() -> dict[str, str]:
    """Names, and nationalities ("Russian"), for values that name a country on their own.
    Not for addresses: "Russian-occupied regions of Zaporizhzhia" is not in Russia."""
    table = dict(_names())
    for demonym, code in DEMONYMS.items():
        table.setdefault(demonym, code)
    return table


@cache
def _codes() -> dict[str, str]:
    """alpha-2 and alpha-3 codes, current and withdrawn, → alpha-2."""
    table = {code: code for code in EXTRA_CODES}
    for old in pycountry.historic_countries:
        table.setdefault(old.alpha_2, old.alpha_2)
        table.setdefault(old.alpha_3, old.alpha_2)
    for country in pycountry.countries:
        # Current assignments win over withdrawn ones that reused a code.
        table[country.alpha_2] = country.alpha_2
        table[country.alpha_3] = country.alpha_2
    return table


# Lists repeat a few hundred spellings ("RU", "Russian Federation") over and over.
@lru_cache(maxsize=4096)
def to_code(value: str) -> str | None:
    """An alpha-2 code for a code (any case) or an English country name; None if unknown."""
    stripped = value.strip()
    if not stripped:
        return None
    if len(stripped) in (2, 3) and stripped.isalpha():
        code = _codes().get(stripped.upper())
        if code is not None:
            return code
    simple = _simplify(stripped)
    names = _names_and_demonyms()
    return names.get(simple.removeprefix("the "), names.get(simple))


def name_of(code: str) -> str:
    """The English short name of an alpha-2 code (the code itself if it has none)."""
    if code in EXTRA_CODES:
        return EXTRA_CODES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        country = pycountry.historic_countries.get(alpha_2=code)
    return str(country.name) if country is not None else code


def country_in_address(address: str) -> str | None:
    """The country an address ends with, looking back over its comma-separated parts.

    Addresses in EU acts end with the country ("..., Russian Federation"), sometimes followed
    by a stray postcode or preceded by one ("560066 Republic of India"); the last part that
    names a country wins.
    """
    parts = [part for part in re.split(r"[,;]", address) if part.strip()]
    for k in range(len(parts) - 1, -1, -1):
        code = _name_in_part(parts[k])
        if code is None:
            continue
        region = _name_in_part(parts[k - 1]) if k > 0 else None
        if region in REGIONS_OF.get(code, ()):
            return region
        return code
    return None


# Country names are at most this many words long ("United Kingdom of Great Britain and
# Northern Ireland" is 8); longer runs cannot match and are not tried.
MAX_COUNTRY_WORDS = 8
# Two-letter words ("uk", "of") are too ambiguous inside an address to be read as a country.
MIN_NAME_CHARS = 3


def _name_in_part(part: str) -> str | None:
    """The longest run of words in one address part that is a country name, rightmost first."""
    words = _simplify(part).split()
    names = _names()
    for size in range(min(len(words), MAX_COUNTRY_WORDS), 0, -1):
        for start in range(len(words) - size, -1, -1):
            candidate = " ".join(words[start : start + size])
            follower = words[start + size] if start + size < len(words) else ""
            if (
                len(candidate) >= MIN_NAME_CHARS
                and candidate in names
                and follower not in STREET_WORDS
            ):
                return names[candidate]
    return None
