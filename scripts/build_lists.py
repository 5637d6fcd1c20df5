"""Build the bundled snapshots in lists/ from the EU Official Journal and from press reports.

Usage::

    python scripts/build_lists.py            # write every file in lists/
    python scripts/build_lists.py --check    # exit 1 if a committed file differs from a rebuild
                                             # (quiet: cleanups are printed only when writing)
    python scripts/build_lists.py --shared DIR

Outputs, for every package N from the 9th (16.12.2022) to the 20th (24.4.2026):

- ``eu-N-final.yaml``: the Annex IV entries of Regulation (EU) No 833/2014 with the
  package's listing date (legal entities only).
- ``eu-N-final-269.yaml``: the Annex I entries of Regulation (EU) No 269/2014 (asset
  freeze) with the package's listing date: persons first, then entities, each in entry order.
- ``eu-annex-iv-after-N.yaml``: kind consolidated, every Annex IV entry listed on or before
  the package's Annex IV date, so that ``diff eu-annex-iv-after-11 eu-annex-iv-after-12``
  shows what the 12th package added. Built from today's consolidated text: entries delisted
  since are absent and amended entries show their current wording, so this is "today's
  entries that were listed by then", not a copy of the text in force on that day.
- ``eu-11-draft.yaml``, ``eu-12-draft.yaml`` (Annex IV) and ``eu-19-draft-269.yaml``
  (Annex I of 269/2014): the firms the press named before adoption, written below as literal
  tables with their sources. They are partial by nature.

Every snapshot sets ``annex`` ("Annex IV of Regulation 833/2014" or "Annex I of Regulation
269/2014"): a draft and a final are only compared as "dropped" when the annex is the same.

Input: OpenSanctions' reviewed transcription of the consolidated Official Journal texts
(``<shared>/eu-journal/32014R0833.csv`` and ``32014R0269.csv``, CC BY-NC 4.0), read and
never copied into the project. Each entity cites the act and entry number where the act is
known (11th 2023/1214, 12th 2023/2878, 13th 2024/745, 14th 2024/1745, for Annex IV); else
"Annex IV of Regulation (EU) No 833/2014 as amended, entry N (listed D.M.YYYY)", and the
same form for Annex I of 269/2014 ("persons entry N" / "entities entry N"): no act number
is written that is not known here.

The packages (Annex IV: entry numbers and count of today's text; Annex I of 269/2014:
listing date, persons + entities)::

    package  Annex IV date  entries  count  act          269 date    persons  entities
    9th      16.12.2022     226-385  160                 16.12.2022  136      49
    10th     25.2.2023      386-474   89                 25.2.2023    85      34
    11th     23.6.2023      475-558   84    2023/1214    23.6.2023    69      33
    12th     18.12.2023     559-587   29    2023/2878    18.12.2023   60      84
    13th     23.2.2024      588-614   27    2024/745     23.2.2024   106      88
    14th     25.6.2024      615-675   61    2024/1745    24.6.2024    70      47
    15th     17.12.2024     676-706   31                 16.12.2024   53      30
    16th     25.2.2025      707-759   53                 24.2.2025    48      35
    17th     21.5.2025      760-790   31                 20.5.2025    17      58
    18th     20.7.2025      791-816   26                 19.7.2025    14      41
    19th     24.10.2025     817-861   45                 23.10.2025   22      42
    20th     24.4.2026      862-921   60                 23.4.2026    37      80

How each 269 date was chosen (the data carries no package number): it is the only Annex I
listing date within seven days of the package's Annex IV date, or the largest by far, and
its entries continue both numberings (persons, entities) where the previous package left
off. Same day for the 9th-13th; the day before the Annex IV date for the 14th-20th (in this
text the Annex IV date of those packages is one day later than the Annex I one). Annex I
entries per date: 16.12.2022: 185 (12.12.2022: 8, four days before, not part of it);
25.2.2023: 119; 23.6.2023: 102; 18.12.2023: 144; 23.2.2024: 194; 24.6.2024: 117
(28.6.2024: 5, four days later, not part of it: among them PJSC TransContainer and LLC
Titul); 16.12.2024: 83; 24.2.2025: 83; 20.5.2025: 75; 19.7.2025: 55;
23.10.2025: 64; 23.4.2026: 117. The other listing dates in between are small and belong to
no package: 30.1.2023 (1, entity 174a), 13.4.2023 (2), 30.5.2023 (2), 20.7.2023 (5),
28.7.2023 (12), 3.1.2024 (2: Alrosa and its CEO), 27.5.2024 (3), 28.6.2024 (5),
15.12.2025 (9), 16.3.2026 (9); after the 20th: 11.5.2026 (23), 15.6.2026 (54), 17.7.2026
(6). The counts are those of today's text (delisted entries are gone: e.g. persons 1276,
1285, 1297, 1309 and 1341 of the 9th) and are checked: a different count stops the build.

Annex IV entries without a listing date: there are none in this text. One would stop the
build (exit 2): it cannot be placed in the consolidated series, and guessing its date would
misstate when it was listed.

The 19th draft (EUobserver, September 2025) names CASIC, Tianjin Xishanfusheng
International Trading, Old Vector and Grinex for the asset freeze. The last three are in
Annex I of 269/2014 (entities 645, 648, 650, listed 23.10.2025), none of them in Annex IV,
so the draft is ``eu-19-draft-269`` with the annex of ``eu-19-final-269``. CASIC is in
neither annex. The report gives no day, so the draft has no date. Countries: CASIC (China
Aerospace Science and Industry Corporation) CN and Tianjin Xishanfusheng CN, certain from
what the firms are; Old Vector and Grinex none (the draft says nothing of it, and the final
is not used to fill in a draft).

The shared data folder is ``--shared DIR``, else ``$SANCTIONS_DIFF_SHARED``, else
``<repo root>/../shared/data``. Exit codes: 0 done (or up to date), 1 ``--check`` found
files that differ, 2 the data could not be read or does not look as expected.

What is taken from each CSV row: recordId (entry number), startDate (listing date), schema
(entity type), name, alias + weakAlias + previousName (aliases), the identifier columns,
address, and for Annex I also birthDate, nationality and reason (the statement of reasons,
in full). Phone, e-mail, website, birth place, position, gender, legal form and
incorporation date are not part of the snapshot format. The country of an organisation is
derived from its addresses (the first address that names one); a person's country is left
out (the transcription gives none: a nationality is not a country of residence).

Identifiers. Annex IV: the registrationNumber column, whose pieces carry their printed
label ("7721758555 (Tax ID/INN)"). Annex I: every identifier column, typed by its printed
label where there is one ("INN: ...", "... (tax identification number)", "SRN: ...") and
else by the column: Registration number, Tax ID, INN, OGRN, KPP, OKPO, LEI, Passport, ID
number, IMO, MMSI, SWIFT/BIC. A country in parentheses qualifies the type ("771380617804
(Russia)" in taxNumber is {type: Tax ID (Russia)}). A cell holding several labelled values
("INN: 5013044999 KPP: 504001001 OGRN: 1025001627012", "7730239877, KPP 773001001, OKPO
20239393") gives one identifier each. A piece that fits none of these forms is kept whole as
printed, typed by its column, with a warning ("3914864377, issued on 10.4.2015").

Birth dates (Annex I): "25.7.1976" -> "1976-07-25", "1965" -> "1965", "March 1978" ->
"1978-03", "18.1.1970 or 29.3.1965" -> both; a piece with no digit ("N/D", a birth place
that strayed into the cell after ";") is not a date and is left out (reported); anything
else is kept as printed. Nationalities: "Russian", "Belarus", "Ukrainian and/or Russian",
"Latvia and Israel" -> alpha-2 codes (an unreadable one is reported and left out).

Cleanups. Cells keep the printed wording and facts are never edited; the only changes are
undoing transcription artifacts, and each one is printed on stderr when it happens (with a
count per kind at the end):

1. A native spelling after a name or alias, in parentheses ("Aleksandr Viktorovich NAUMENKO
   (Russian: <the name in Cyrillic>)") or not ("Vladimir Bronislavovich TATUR Russian:
   <Cyrillic>"), is split off into its own alias.
2. Image placeholders among aliases ("Chinese:", "Korean:", "Farsi:", "Text of image") are
   dropped: they stand for an image in the printed act, not for a name.
3. A part wrapped in CSV quoting a second time (``"Business Centre ""Krasnaya Nitya"",
   Russian Federation"``) is unquoted once, giving the printed text back.
4. A separator comma left at the end of an alias or identifier ("Promelektronika,",
   "7712040285,") is removed, and a dash left before an identifier ("- 7805060220").
5. An address cell is split on ";", but a piece that names no country is joined (with the
   printed "; ") to the next piece unless that one starts a new address with a postcode:
   "141402, Samara; Yelizarova Str., 23, Russian Federation" is one address, not two.
6. An Annex IV identifier printed without a label is typed "ID"; "CR No. 3176428"-like forms
   (label before the value) are typed "CR No." ("USCC no. ..." -> "USCC"); two labelled
   values in one piece ("1026600... (OGRN), 6660017837 (TIN)") are two identifiers.
7. A language label before an alias ("Belarussian: <name>", "RUSSIAN: <name>", "Russian,
   <Cyrillic name>", "Chinese: AEE") and a kind-of-name label ("Other name:", "Stage name:")
   are removed: the alias is what follows.
8. An alias holding two names joined by "a.k.a." is split in two.
9. An alias piece that starts with a closing quote ("’’ (НПП Аэросила)") continues the piece
   before it (the ";" was inside the name): the two are joined with the printed "; ".
10. Unbalanced parentheses in a name or alias are balanced: a missing ")" at the end is
    added ("ХУЛАПОВА (КАШИРСКАЯ"), a surplus ")" at the end or a doubled "((" is removed.
11. An address given again in another script "(Russian: <address>)" is unwrapped into its
    own address; pieces of an address cell that are no address ("Listed under Council
    Decision ...", "Type of entity", "Limited Liability Company", "reg. number - ...",
    "Taxpayer Identification Number - ...") are dropped.
12. "ИНН" as an identifier label is typed "INN" (the same label in Latin letters).

Country of an address: the last part that names a country (sanctions_diff.countries), with
one guard: "Russian-occupied regions of ..." names the occupier, not the country of the
address, and is not read as Russia.

Warnings (also on stderr, nothing changed): an organisation whose country cannot be derived
(e.g. addresses in Crimea, which name no country), an organisation whose addresses name
different countries, an Annex IV identifier column other than registrationNumber that is
filled in, an Annex I identifier kept as printed, a notes cell (not carried), a birth date
kept as printed, and a nationality that names no country.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
LISTS_DIR = REPO_ROOT / "lists"
CSV_NAME = Path("eu-journal") / "32014R0833.csv"
CSV_269_NAME = Path("eu-journal") / "32014R0269.csv"
SHARED_ENV = "SANCTIONS_DIFF_SHARED"

# Run as `python scripts/build_lists.py` from a checkout, the package is not installed and
# only scripts/ is on sys.path; the repository root makes `sanctions_diff` importable.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from sanctions_diff.countries import country_in_address, to_code  # noqa: E402

OJ_HEADER = (
    "# Generated by scripts/build_lists.py from the EU Official Journal "
    "(transcription: OpenSanctions, CC BY-NC 4.0). Do not edit by hand.\n"
)
# The drafts do not come from the Official Journal, so their header says where they do.
PRESS_HEADER = (
    "# Generated by scripts/build_lists.py from press reports (see sources). Do not edit by hand.\n"
)
TRANSCRIPTION_SOURCE = (
    "Transcription: OpenSanctions, consolidated text of Regulation (EU) No 833/2014 (CC BY-NC 4.0)"
)
TRANSCRIPTION_269_SOURCE = (
    "Transcription: OpenSanctions, consolidated text of Regulation (EU) No 269/2014 (CC BY-NC 4.0)"
)
ANNEX_IV = "Annex IV of Regulation 833/2014"
ANNEX_I_269 = "Annex I of Regulation 269/2014"

SCHEMA_TYPES = {
    "LegalEntity": "organization",
    "Company": "organization",
    "Organization": "organization",
    "Person": "person",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
# Annex IV identifier columns that its entries leave empty; a value in one of them would be
# lost, so it is reported rather than dropped silently.
OTHER_ID_COLUMNS = (
    "taxNumber",
    "idNumber",
    "innCode",
    "ogrnCode",
    "kppCode",
    "okpoCode",
    "leiCode",
    "swiftBic",
    "imoNumber",
    "mmsi",
)
# Annex I of 269/2014: every identifier column, with the type an unlabelled value gets.
ID_COLUMN_TYPES: dict[str, str] = {
    "registrationNumber": "Registration number",
    "taxNumber": "Tax ID",
    "innCode": "INN",
    "ogrnCode": "OGRN",
    "kppCode": "KPP",
    "okpoCode": "OKPO",
    "leiCode": "LEI",
    "passportNumber": "Passport",
    "idNumber": "ID number",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
    "swiftBic": "SWIFT/BIC",
}

Report = Callable[[str], None]


class BuildError(Exception):
    """The shared data is missing or does not look as this script expects."""


# --------------------------------------------------------------------------- what to build


@dataclass(frozen=True, slots=True)
class Act:
    """An amending act, known by number: cited in each entity's source and in the snapshot's."""

    short: str  # "Regulation (EU) 2023/1214", used in each entity's source
    citation: str  # full reference, used in the snapshot's sources


@dataclass(frozen=True, slots=True)
class Package:
    """One package: its Annex IV additions and its Annex I (269/2014) additions."""

    number: int
    listed_on: dt.date  # Annex IV listing date
    entries: range  # Annex IV entry numbers expected for that date
    act: Act | None  # the Annex IV act, where known
    listed_on_269: dt.date  # Annex I listing date (see the docstring for the evidence)
    persons_269: int  # expected counts in today's text
    entities_269: int

    @property
    def final_file(self) -> str:
        return f"eu-{self.number}-final.yaml"

    @property
    def final_269_file(self) -> str:
        return f"eu-{self.number}-final-269.yaml"

    @property
    def consolidated_file(self) -> str:
        return f"eu-annex-iv-after-{self.number}.yaml"


PACKAGES = (
    Package(9, dt.date(2022, 12, 16), range(226, 386), None, dt.date(2022, 12, 16), 136, 49),
    Package(10, dt.date(2023, 2, 25), range(386, 475), None, dt.date(2023, 2, 25), 85, 34),
    Package(
        11,
        dt.date(2023, 6, 23),
        range(475, 559),
        Act(
            "Regulation (EU) 2023/1214",
            "Council Regulation (EU) 2023/1214 of 23 June 2023, OJ L 159I, 23.6.2023 "
            "(CELEX 32023R1214)",
        ),
        dt.date(2023, 6, 23),
        69,
        33,
    ),
    Package(
        12,
        dt.date(2023, 12, 18),
        range(559, 588),
        Act(
            "Regulation (EU) 2023/2878",
            "Council Regulation (EU) 2023/2878 of 18 December 2023, OJ L 2023/2878, 18.12.2023 "
            "(CELEX 32023R2878)",
        ),
        dt.date(2023, 12, 18),
        60,
        84,
    ),
    Package(
        13,
        dt.date(2024, 2, 23),
        range(588, 615),
        Act(
            "Regulation (EU) 2024/745",
            "Council Regulation (EU) 2024/745 of 23 February 2024 (CELEX 32024R0745)",
        ),
        dt.date(2024, 2, 23),
        106,
        88,
    ),
    Package(
        14,
        dt.date(2024, 6, 25),
        range(615, 676),
        Act(
            "Regulation (EU) 2024/1745",
            "Council Regulation (EU) 2024/1745 of 24 June 2024 (CELEX 32024R1745)",
        ),
        dt.date(2024, 6, 24),
        70,
        47,
    ),
    Package(15, dt.date(2024, 12, 17), range(676, 707), None, dt.date(2024, 12, 16), 53, 30),
    Package(16, dt.date(2025, 2, 25), range(707, 760), None, dt.date(2025, 2, 24), 48, 35),
    Package(17, dt.date(2025, 5, 21), range(760, 791), None, dt.date(2025, 5, 20), 17, 58),
    Package(18, dt.date(2025, 7, 20), range(791, 817), None, dt.date(2025, 7, 19), 14, 41),
    Package(19, dt.date(2025, 10, 24), range(817, 862), None, dt.date(2025, 10, 23), 22, 42),
    Package(20, dt.date(2026, 4, 24), range(862, 922), None, dt.date(2026, 4, 23), 37, 80),
)


@dataclass(frozen=True, slots=True)
class DraftFirm:
    name: str  # exactly as the press wrote it (no legal form)
    country: str | None = None  # only where certain
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DraftPackage:
    """Firms a press report named before adoption: always a partial picture."""

    filename: str
    package: int
    reported_on: dt.date | None  # None when the report gives no day
    annex: str
    report: str  # the snapshot's source line
    cite: str  # each entity's source
    firms: tuple[DraftFirm, ...]


DRAFTS = (
    # FT, 7 May 2023. AFP also mentioned firms from Armenia, Iran, Uzbekistan and the UAE
    # without names, and other outlets counted 8 or 5 Chinese firms: only the FT names are here.
    DraftPackage(
        filename="eu-11-draft.yaml",
        package=11,
        reported_on=dt.date(2023, 5, 7),
        annex=ANNEX_IV,
        report=(
            "Financial Times, 7 May 2023: EU draft 11th sanctions package names seven "
            "Chinese companies"
        ),
        cite="Financial Times, 7 May 2023",
        firms=(
            DraftFirm("3HC Semiconductors", "CN"),
            DraftFirm("King-Pai Technology", "CN"),
            DraftFirm("Sinno Electronics", "HK"),
            DraftFirm("Sigma Technology", "HK"),
            DraftFirm("Asia Pacific Links", "HK"),
            DraftFirm("Tordan Industry", "HK"),
            DraftFirm("Alpha Trading Investments", "HK"),
        ),
    ),
    # RFE/RL, 15 November 2023, reported 31 new Annex IV entities, mostly Russian; only these
    # four were named.
    DraftPackage(
        filename="eu-12-draft.yaml",
        package=12,
        reported_on=dt.date(2023, 11, 15),
        annex=ANNEX_IV,
        report="RFE/RL, 15 November 2023: draft 12th sanctions package, Annex IV additions",
        cite="RFE/RL, 15 November 2023",
        firms=(
            DraftFirm("Aspan Arba", "KZ", ("Sky Chariot",)),
            DraftFirm("Da Group 22", "KZ"),
            DraftFirm("Mvizion", "UZ"),
            DraftFirm("Deflog Technologies", "SG"),
        ),
    ),
    # EUobserver, September 2025 (no day given): asset-freeze proposals of the 19th package.
    # The three listed firms are in Annex I of 269/2014, hence that annex (see the docstring).
    DraftPackage(
        filename="eu-19-draft-269.yaml",
        package=19,
        reported_on=None,
        annex=ANNEX_I_269,
        report=(
            "EUobserver, September 2025: draft 19th sanctions package, asset-freeze "
            "proposals (Annex I of Regulation 269/2014)"
        ),
        cite="EUobserver, September 2025",
        firms=(
            DraftFirm("CASIC", "CN", ("China Aerospace Science and Industry Corporation",)),
            DraftFirm("Tianjin Xishanfusheng International Trading", "CN"),
            DraftFirm("Old Vector"),
            DraftFirm("Grinex"),
        ),
    ),
)


def ordinal(number: int) -> str:
    """11 → '11th', 12 → '12th', 21 → '21st' (only the packages we build, but correct anyway)."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def printed_date(day: dt.date) -> str:
    """date(2023, 6, 23) → '23.6.2023', the Official Journal's form."""
    return f"{day.day}.{day.month}.{day.year}"


# --------------------------------------------------------------------------- YAML output


class Quoted(str):
    """Text always written in double quotes, so no YAML reader takes it for a number."""


class Flow(dict[str, Any]):
    """A mapping written on one line ({type: ..., value: ...})."""


class _Dumper(yaml.SafeDumper):
    """SafeDumper plus the two styles above (yaml.safe_dump cannot take representers)."""


def _represent_quoted(dumper: yaml.representer.SafeRepresenter, data: Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


def _represent_flow(dumper: yaml.representer.SafeRepresenter, data: Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


_Dumper.add_representer(Quoted, _represent_quoted)
_Dumper.add_representer(Flow, _represent_flow)

# libyaml's emitter, when PyYAML was built with it, writes the same text about ten times
# faster (tests/test_bundled_lists.py checks that both give the same files).
_FastDumper: type[Any] = _Dumper
if getattr(yaml, "__with_libyaml__", False):

    class _CDumper(yaml.CSafeDumper):
        """CSafeDumper plus the two styles above."""

    _CDumper.add_representer(Quoted, _represent_quoted)
    _CDumper.add_representer(Flow, _represent_flow)
    _FastDumper = _CDumper


def to_yaml(data: Any, dumper: type[Any] | None = None) -> str:
    """Block-style YAML in insertion order (with libyaml's emitter when there is one)."""
    return yaml.dump(
        data,
        Dumper=dumper or _FastDumper,
        allow_unicode=True,
        sort_keys=False,
        width=4096,
        default_flow_style=False,
    )


@dataclass(frozen=True, slots=True)
class Rendered:
    """An entity and its text as an item of the ``entities:`` list, rendered once.

    An Annex IV entry appears in up to 13 files (its final and the consolidated snapshots);
    emitting YAML is most of the build's time, so each entity is emitted once.
    """

    entity: dict[str, Any]
    text: str


def render(entity: dict[str, Any]) -> Rendered:
    # A sequence in a block mapping is not indented, so a one-item list at the top level
    # is exactly the entity's text inside the document's "entities:" list.
    return Rendered(entity, to_yaml([entity]))


def dump(header: str, meta: dict[str, Any], entities: Sequence[Rendered]) -> str:
    """The file text: header comment, the snapshot mapping, then the entities.

    The same text as ``to_yaml({"snapshot": meta, "entities": [...]})``, built from parts.
    """
    items = "".join(rendered.text for rendered in entities)
    listed = f"entities:\n{items}" if entities else "entities: []\n"
    return header + to_yaml({"snapshot": meta}) + listed


# --------------------------------------------------------------------------- cleanups

# Language labels the transcription leaves in names, aliases and addresses.
LANGUAGES = (
    "Russian",
    "Ukrainian",
    "Belarusian",
    "Belarussian",
    "Azerbaijani",
    "Kazakh",
    "Kyrgyz",
    "Uzbek",
    "Tajik",
    "Armenian",
    "Georgian",
    "Chinese",
    "Korean",
    "Farsi",
    "Persian",
    "Arabic",
    "Hebrew",
    "Turkish",
    "Japanese",
    "Hindi",
)
_LANG = "|".join(LANGUAGES)

# "(Russian: <Cyrillic>)" at the end of a name: a language label, then the native spelling.
_NATIVE_SPELLING = re.compile(r"(?P<head>.*?)\s*\((?P<lang>[A-Z][a-z]+):\s*(?P<native>[^()]+)\)")
# The same without parentheses: "Vladimir Bronislavovich TATUR Russian: <Cyrillic>".
_INLINE_NATIVE = re.compile(rf"(?P<head>.+?)\s+(?P<lang>{_LANG}):\s*(?P<native>.+)")
# "Belarussian: <name>", "RUSSIAN: <name>"; "Russian, <name>" only before a non-Latin name.
_LANGUAGE_LABEL = re.compile(rf"(?P<lang>{_LANG})\s*(?P<sep>[:,])\s*(?P<rest>.+)", re.IGNORECASE)
_NAME_KIND_LABEL = re.compile(r"(?P<label>Other name|Stage name)\s*:\s*(?P<rest>.+)")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_AKA = re.compile(r"\s*\ba\.k\.a\.\s*")
# "Chinese:", "Korean:" and "Text of image" stand for an image of the name in the act.
_PLACEHOLDER = re.compile(r"[A-Z][a-z]+:|Text of image")
_CLOSING_QUOTES = ("’", "”")


def undo_double_quoting(text: str, where: str, report: Report) -> str:
    """'"a ""b"" c"' → 'a "b" c': a piece CSV-quoted a second time by the transcription."""
    if len(text) > 1 and text[0] == text[-1] == '"' and '""' in text:
        fixed = text[1:-1].replace('""', '"')
        report(f"{where}: undid double CSV quoting: {text!r} -> {fixed!r}")
        return fixed
    return text


def split_native_spelling(text: str, where: str, report: Report) -> list[str]:
    """'NAME (Russian: NATIVE)' or 'NAME Russian: NATIVE' → ['NAME', 'NATIVE']; else [text]."""
    match = _NATIVE_SPELLING.fullmatch(text) or _INLINE_NATIVE.fullmatch(text)
    if match is None or not match["head"].strip():
        return [text]
    head, native = match["head"].strip(), match["native"].strip()
    report(f"{where}: split {match['lang']} spelling off {text!r} -> {head!r} + {native!r}")
    return [head, native]


def balance_parentheses(text: str, where: str, report: Report) -> str:
    """Undo the transcription's cut parentheses: add a missing ')' or drop a surplus one."""
    opened, closed = text.count("("), text.count(")")
    if opened == closed:
        return text
    fixed = text
    if opened == closed + 1 and "((" in text:
        fixed = text.replace("((", "(", 1)
    elif opened == closed + 1:
        fixed = text + ")"
    elif closed == opened + 1 and text.endswith(")"):
        fixed = text[:-1]
    if fixed == text:
        report(f"WARNING {where}: unbalanced parentheses left as printed: {text!r}")
        return text
    report(f"{where}: balanced parentheses: {text!r} -> {fixed!r}")
    return fixed


def strip_labels(text: str, where: str, report: Report) -> str:
    """'Belarussian: NAME', 'Russian, <Cyrillic>', 'Other name: NAME' → 'NAME'."""
    match = _LANGUAGE_LABEL.fullmatch(text)
    if match and (match["sep"] == ":" or not _LATIN_LETTER.search(match["rest"])):
        rest = match["rest"].strip()
        report(f"{where}: removed language label before alias: {text!r} -> {rest!r}")
        return rest
    match = _NAME_KIND_LABEL.fullmatch(text)
    if match:
        rest = match["rest"].strip()
        report(f"{where}: removed kind-of-name label before alias: {text!r} -> {rest!r}")
        return rest
    return text


def clean_alias(raw: str, where: str, report: Report) -> list[str]:
    """The aliases one ';'-separated piece of an alias cell stands for (none, one or more)."""
    text = undo_double_quoting(raw.strip(), where, report)
    if not text:
        return []
    if _PLACEHOLDER.fullmatch(text):
        report(f"{where}: dropped image placeholder alias {text!r}")
        return []
    if text.endswith(","):
        trimmed = text.rstrip(",").rstrip()
        report(f"{where}: removed separator comma at the end of alias {text!r} -> {trimmed!r}")
        text = trimmed
    parts = [text]
    if _AKA.search(text):
        parts = [part for part in _AKA.split(text) if part]
        report(f"{where}: split alias at 'a.k.a.': {text!r} -> {parts!r}")
    aliases: list[str] = []
    for part in parts:
        part = strip_labels(part, where, report)
        for alias in split_native_spelling(part, where, report):
            aliases.append(balance_parentheses(alias, where, report))
    return aliases


def alias_pieces(cell: str, where: str, report: Report) -> list[str]:
    """A cell split on ';', rejoining a piece that starts with a closing quote to the one before."""
    pieces: list[str] = []
    for piece in cell.split(";"):
        if pieces and piece.strip().startswith(_CLOSING_QUOTES):
            joined = f"{pieces[-1]};{piece}"
            report(f"{where}: rejoined alias cut at a semicolon inside quotes: {joined.strip()!r}")
            pieces[-1] = joined
        else:
            pieces.append(piece)
    return pieces


def unique(items: Iterable[str], exclude: str) -> list[str]:
    """Items in first-seen order, without repeats or `exclude`."""
    seen = {exclude}
    result: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result


def read_name_and_aliases(row: dict[str, str], where: str, report: Report) -> tuple[str, list[str]]:
    """The printed name and its aliases (alias + weakAlias + previousName), cleaned up."""
    name_parts = split_native_spelling(
        undo_double_quoting(row["name"].strip(), where, report), where, report
    )
    name = balance_parentheses(name_parts[0], where, report)
    aliases = [balance_parentheses(part, where, report) for part in name_parts[1:]]
    for column in ("alias", "weakAlias", "previousName"):
        for piece in alias_pieces(row.get(column, ""), where, report):
            aliases.extend(clean_alias(piece, where, report))
    return name, unique(aliases, exclude=name)


# ---- Annex IV identifiers

# "7721758555 (Tax ID/INN)"; the label may hold parentheses itself ("... (CBLS))").
_LABELLED_ID = re.compile(r"(?P<value>[^()]+?)\s*\((?P<label>.+)\)")
# "CR No. 3176428", "Cr. No. 3203355", "Cr no: 3092848", "USCC no. 9123...": label first.
_LABEL_FIRST = re.compile(r"(?P<label>C[Rr]|USCC)\.?\s*[Nn]o\b\.?:?\s*(?P<value>\S+)")
_BARE_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z./-]*")
# Two labelled values in one piece: "1026600... (OGRN), 6660017837 (TIN)".
_BETWEEN_LABELLED = re.compile(r"(?<=\)),\s*(?=[^()]+\([^()]+\)$)")


def parse_identifier(text: str, where: str, report: Report) -> dict[str, str]:
    """One printed Annex IV identifier → {type, value}; an unknown form stops the build."""
    if match := _LABELLED_ID.fullmatch(text):
        return {"type": match["label"].strip(), "value": match["value"].strip()}
    if match := _LABEL_FIRST.fullmatch(text):
        label = "USCC" if match["label"] == "USCC" else "CR No."
        report(f"{where}: identifier with its label first: {text!r} typed {label!r}")
        return {"type": label, "value": match["value"]}
    if _BARE_ID.fullmatch(text):
        report(f"{where}: identifier without a label typed ID: {text!r}")
        return {"type": "ID", "value": text}
    raise BuildError(f"{where}: cannot read identifier {text!r}")


def read_identifiers(row: dict[str, str], where: str, report: Report) -> list[Flow]:
    """The Annex IV identifiers: the registrationNumber column (other columns are reported)."""
    found: list[dict[str, str]] = []
    for part in row.get("registrationNumber", "").split(";"):
        part = part.strip()
        if not part:
            continue
        pieces = _BETWEEN_LABELLED.split(part)
        if len(pieces) > 1:
            report(f"{where}: split two labelled identifiers in one piece: {part!r}")
        found.extend(parse_identifier(piece.strip(), where, report) for piece in pieces)
    for column in OTHER_ID_COLUMNS:
        if row.get(column, "").strip():
            report(f"WARNING {where}: column {column} not carried over: {row[column]!r}")
    return [Flow(type=ident["type"], value=Quoted(ident["value"])) for ident in found]


# ---- Annex I (269/2014) identifiers

# One value: a token holding a digit ("7721758555", "DMCC-850120", "311479-3301-ООО"), or
# digit groups separated by spaces ("68 13 814996").
_VALUE = r"(?=[\w./-]*\d)\w[\w./-]*"
_ID_VALUE = rf"(?:\d+(?: \d+)+|{_VALUE})"
# Labels printed before a value, possibly several in a row ("INN: ... KPP: ... OGRN: ...").
_KNOWN_LABEL = r"\(?(?:TIN \(INN\)|INN|KPP|OGRN|OKPO|ITIN|TIN|SRN|ИНН)\)?"
_SEP = r"\s*[:\-–]?\s*"
_PAIR = rf"{_KNOWN_LABEL}{_SEP}{_VALUE}"
_PAIRS = re.compile(rf"(?:(?P<lead>{_VALUE})\s+)?(?P<pairs>{_PAIR}(?:[\s,]+{_PAIR})*)")
_ONE_PAIR = re.compile(rf"(?P<label>{_KNOWN_LABEL}){_SEP}(?P<value>{_VALUE})")
_BARE_VALUE = re.compile(_ID_VALUE)
_VALUE_THEN_LABEL = re.compile(rf"(?P<value>{_ID_VALUE})\s*\((?P<label>[^()]+)\)")
_LABEL_COLON_VALUE = re.compile(rf"(?P<label>[^\W\d][^:]*?)\s*:\s*(?P<value>{_VALUE})")
_OR_ALSO = re.compile(
    rf"(?P<value>{_VALUE})\s*\(or (?P<label>[^:()]+?)\s*:\s*(?P<other>{_VALUE})\)"
)


def _label(printed: str, where: str, report: Report) -> str:
    label = printed.strip()
    if label.startswith("(") and label.endswith(")") and label.count("(") == 1:
        label = label[1:-1].strip()  # "(TIN) 9704211491"
    if label == "ИНН":
        report(f"{where}: identifier label ИНН typed INN")
        return "INN"
    return label


def parse_id_piece(
    text: str, default: str, where: str, report: Report
) -> list[tuple[str, str]] | None:
    """One printed Annex I identifier piece → (type, value) pairs, or None for an unknown form."""
    if match := _OR_ALSO.fullmatch(text):
        return [(default, match["value"]), (match["label"].strip(), match["other"])]
    if _BARE_VALUE.fullmatch(text):
        return [(default, text)]
    if match := _VALUE_THEN_LABEL.fullmatch(text):
        label = match["label"].strip()
        if to_code(label) is not None:
            return [(f"{default} ({label})", match["value"])]
        if any(char.isdigit() for char in label):  # "(valid until 25.10.2031)": not a label
            return None
        return [(label, match["value"])]
    if match := _PAIRS.fullmatch(text):
        found = [(default, match["lead"])] if match["lead"] else []
        for pair in _ONE_PAIR.finditer(match["pairs"]):
            found.append((_label(pair["label"], where, report), pair["value"]))
        return found
    if match := _LABEL_COLON_VALUE.fullmatch(text):
        return [(_label(match["label"], where, report), match["value"])]
    return None


def read_identifiers_269(row: dict[str, str], where: str, report: Report) -> list[Flow]:
    """Every identifier column of an Annex I row, one {type, value} per printed value."""
    found: list[tuple[str, str]] = []
    for column, default in ID_COLUMN_TYPES.items():
        for raw in row.get(column, "").split(";"):
            text = raw.strip()
            if text.endswith(","):
                report(f"{where}: removed separator comma after identifier {text!r}")
                text = text.rstrip(",").strip()
            if text[:1] in ("-", "–") and text[1:2] == " ":
                report(f"{where}: removed dash before identifier {text!r}")
                text = text[2:].strip()
            if not text:
                continue
            parsed = parse_id_piece(text, default, where, report)
            if parsed is None and "," in text:
                parts = [parse_id_piece(p.strip(), default, where, report) for p in text.split(",")]
                if all(part is not None for part in parts):
                    parsed = [pair for part in parts if part is not None for pair in part]
            if parsed is None:
                report(
                    f"WARNING {where}: identifier kept as printed, typed by its column: {text!r} ({default})"
                )
                parsed = [(default, text)]
            found.extend(parsed)
    if row.get("notes", "").strip():
        report(f"WARNING {where}: notes not carried over: {row['notes']!r}")
    return [Flow(type=kind, value=Quoted(value)) for kind, value in dict.fromkeys(found)]


# ---- addresses and countries

# An address given again in another script: "(Russian: 129366, Москва Город, ...)".
_NATIVE_ADDRESS = re.compile(rf"\((?P<lang>{_LANG}):\s*(?P<native>[^()]+)\)")
# Pieces of an address cell that are no address (the transcription put them there).
_NOT_AN_ADDRESS = re.compile(
    r"Listed under .*|Type of entity|Limited Liability Company|Joint Stock Company"
    r"|reg\. number\s*[–-].*|Taxpayer Identification Number\s*[–-].*"
)
# "Russian-occupied regions of ...": the occupier, not the country of the address.
_OCCUPIED = re.compile(r"\b\w+-occupied\b")


def address_country(address: str) -> str | None:
    """The country an address names, not reading "<X>-occupied" as the country X."""
    return country_in_address(_OCCUPIED.sub("occupied", address))


def split_addresses(cell: str, where: str, report: Report) -> list[str]:
    """The addresses of a ';'-separated cell, rejoining an address the ';' cut in two."""
    pieces: list[str] = []
    for raw in cell.split(";"):
        piece = undo_double_quoting(raw.strip(), where, report)
        if not piece:
            continue
        if _NOT_AN_ADDRESS.fullmatch(piece):
            report(f"{where}: dropped address piece that is no address: {piece!r}")
            continue
        if match := _NATIVE_ADDRESS.fullmatch(piece):
            report(f"{where}: unwrapped {match['lang']} spelling of an address: {piece!r}")
            piece = match["native"].strip()
        pieces.append(piece)
    addresses: list[str] = []
    index = 0
    while index < len(pieces):
        current = pieces[index]
        # A piece without a country continues into the next one, unless the next one starts
        # with a postcode: addresses in these acts begin with one when they have one.
        while (
            address_country(current) is None
            and index + 1 < len(pieces)
            and not pieces[index + 1][0].isdigit()
        ):
            index += 1
            joined = f"{current}; {pieces[index]}"
            report(f"{where}: rejoined address cut at a semicolon: {joined!r}")
            current = joined
        addresses.append(current)
        index += 1
    return addresses


def derive_country(addresses: Sequence[str], where: str, report: Report) -> str | None:
    """The country named by the first address that names one, or None (with a warning)."""
    codes = [code for code in map(address_country, addresses) if code is not None]
    if not codes:
        report(f"WARNING {where}: no country found in its addresses; country omitted")
        return None
    if len(set(codes)) > 1:
        report(f"WARNING {where}: addresses name several countries {codes}; using {codes[0]}")
    return codes[0]


# ---- birth dates and nationalities

_DMY = re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})")
_YEAR = re.compile(r"\d{4}")
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_MONTH_YEAR = re.compile(r"(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})")
_NATIONALITY_SEPARATOR = re.compile(r"\s*(?:,|;|\band/or\b|\band\b)\s*")


def read_birth_dates(cell: str, where: str, report: Report) -> list[str]:
    """'25.7.1976' → ['1976-07-25']; '1965' → ['1965']; 'A or B' → both; see the docstring."""
    dates: list[str] = []
    for raw in re.split(r";|\s+or\s+", cell):
        text = raw.strip()
        if not text:
            continue
        if match := _DMY.fullmatch(text):
            try:
                day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                report(f"WARNING {where}: birth date kept as printed (no such day): {text!r}")
                dates.append(text)
                continue
            dates.append(day.isoformat())
        elif _YEAR.fullmatch(text):
            dates.append(text)
        elif (match := _MONTH_YEAR.fullmatch(text)) and match["month"].lower() in _MONTHS:
            dates.append(f"{match['year']}-{_MONTHS[match['month'].lower()]:02d}")
        elif not any(char.isdigit() for char in text):
            report(f"{where}: left out a birth-date piece that is no date: {text!r}")
        else:
            report(f"WARNING {where}: birth date kept as printed: {text!r}")
            dates.append(text)
    return unique(dates, exclude="")


def read_nationalities(cell: str, where: str, report: Report) -> list[str]:
    """'Russian' → ['RU']; 'Ukrainian and/or Russian' → ['UA', 'RU']."""
    text = cell.strip()
    if not text:
        return []
    whole = to_code(text)
    pieces = [text] if whole else [p for p in _NATIONALITY_SEPARATOR.split(text) if p]
    codes: list[str] = []
    for piece in pieces:
        code = to_code(piece)
        if code is None:
            report(f"WARNING {where}: nationality names no country, left out: {piece!r}")
        else:
            codes.append(code)
    return unique(codes, exclude="")


# --------------------------------------------------------------------------- reading the CSVs


def read_rows(csv_path: Path) -> list[dict[str, str]]:
    if not csv_path.is_file():
        raise BuildError(f"{csv_path} not found in the shared data folder")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def parse_listing_date(text: str) -> dt.date:
    """'23.6.2023' → date(2023, 6, 23)."""
    try:
        day, month, year = (int(part) for part in text.strip().split("."))
        return dt.date(year, month, day)
    except ValueError as error:
        raise BuildError(f"cannot read listing date {text!r}") from error


def entity_type(row: dict[str, str], where: str) -> str:
    schema = row.get("schema", "")
    if schema not in SCHEMA_TYPES:
        raise BuildError(f"{where}: unknown schema {schema!r}")
    return SCHEMA_TYPES[schema]


# --------------------------------------------------------------------------- Annex IV


def annex_iv_source(number: int, listed_on: dt.date) -> str:
    """The act and entry where the act is known, else the consolidated annex and entry."""
    for package in PACKAGES:
        if package.listed_on == listed_on and package.act is not None:
            return f"{package.act.short}, Annex IV entry {number}"
    return (
        f"Annex IV of Regulation (EU) No 833/2014 as amended, entry {number} "
        f"(listed {printed_date(listed_on)})"
    )


def build_annex_iv_entity(row: dict[str, str], report: Report) -> dict[str, Any]:
    """One Annex IV row → one snapshot entity, keys in the loader's order, empty keys left out."""
    number = int(row["recordId"])
    where = f"Annex IV entry {number}"
    if not row.get("startDate", "").strip():
        raise BuildError(f"{where}: no listing date (see the script's docstring)")
    listed_on = parse_listing_date(row["startDate"])
    kind = entity_type(row, where)
    name, aliases = read_name_and_aliases(row, where, report)
    addresses = split_addresses(row.get("address", ""), where, report)
    entity: dict[str, Any] = {"id": f"eu-833-iv-{number}", "name": name}
    if aliases:
        entity["aliases"] = aliases
    entity["type"] = kind
    if country := derive_country(addresses, where, report):
        entity["country"] = country
    if identifiers := read_identifiers(row, where, report):
        entity["identifiers"] = identifiers
    if addresses:
        entity["addresses"] = addresses
    entity["listed_on"] = listed_on
    entity["source"] = annex_iv_source(number, listed_on)
    return entity


def annex_iv_entities(rows: Sequence[dict[str, str]], report: Report) -> list[Rendered]:
    """Every Annex IV entry of the consolidated text, in entry order, each built once."""
    chosen = sorted((row for row in rows if row.get("annex") == "IV"), key=_entry_number)
    if not chosen:
        raise BuildError("no Annex IV rows (annex == 'IV') in the 833/2014 data")
    return [render(build_annex_iv_entity(row, report)) for row in chosen]


def _entry_number(row: dict[str, str]) -> int:
    try:
        return int(row["recordId"])
    except ValueError as error:
        raise BuildError(f"Annex IV entry number {row['recordId']!r} is not a number") from error


def _number(rendered: Rendered) -> int:
    return int(str(rendered.entity["id"]).rsplit("-", 1)[1])


def build_final(entities: Sequence[Rendered], package: Package) -> str:
    chosen = [e for e in entities if e.entity["listed_on"] == package.listed_on]
    numbers = [_number(rendered) for rendered in chosen]
    if numbers != list(package.entries):
        raise BuildError(
            f"{package.final_file}: expected Annex IV entries {package.entries.start}-"
            f"{package.entries.stop - 1} listed {package.listed_on}, found {len(numbers)} "
            f"({numbers[:3]}...{numbers[-3:]})"
        )
    if package.act is not None:
        cited = package.act.citation
    else:
        cited = (
            "Annex IV of Council Regulation (EU) No 833/2014 as amended, consolidated text "
            f"(CELEX 32014R0833): entries {numbers[0]}-{numbers[-1]}, listed "
            f"{printed_date(package.listed_on)}"
        )
    meta: dict[str, Any] = {
        "title": f"EU {ordinal(package.number)} package — final, Annex IV of Regulation 833/2014",
        "kind": "package",
        "package": package.number,
        "stage": "final",
        "date": package.listed_on,
        "coverage": "complete",
        "sources": [cited, TRANSCRIPTION_SOURCE],
        "annex": ANNEX_IV,
    }
    return dump(OJ_HEADER, meta, chosen)


def build_consolidated(entities: Sequence[Rendered], package: Package) -> str:
    chosen = [e for e in entities if e.entity["listed_on"] <= package.listed_on]
    on = printed_date(package.listed_on)
    meta: dict[str, Any] = {
        "title": (
            f"Annex IV of Regulation 833/2014 after the {ordinal(package.number)} package "
            f"(today's entries listed on or before {on})"
        ),
        "kind": "consolidated",
        "package": package.number,
        "date": package.listed_on,
        "coverage": "complete",
        "sources": [
            "Annex IV of Council Regulation (EU) No 833/2014 as amended, consolidated text "
            f"(CELEX 32014R0833): every entry listed on or before {on}; entries delisted "
            "since are absent and amended entries show their current wording",
            TRANSCRIPTION_SOURCE,
        ],
        "annex": ANNEX_IV,
    }
    return dump(OJ_HEADER, meta, chosen)


# --------------------------------------------------------------------------- Annex I (269/2014)

PART_OF_ANNEX = {"I.PERSONS": "persons", "I.ENTITIES": "entities"}


def build_269_entity(row: dict[str, str], report: Report) -> dict[str, Any]:
    """One Annex I row → one snapshot entity, keys in the loader's order, empty keys left out."""
    part = PART_OF_ANNEX[row["annex"]]
    number = row["recordId"]
    where = f"Annex I {part} entry {number}"
    listed_on = parse_listing_date(row["startDate"])
    kind = entity_type(row, where)
    name, aliases = read_name_and_aliases(row, where, report)
    addresses = split_addresses(row.get("address", ""), where, report)
    entity: dict[str, Any] = {"id": f"eu-269-{part}-{number}", "name": name}
    if aliases:
        entity["aliases"] = aliases
    entity["type"] = kind
    if kind != "person" and (country := derive_country(addresses, where, report)):
        entity["country"] = country
    if identifiers := read_identifiers_269(row, where, report):
        entity["identifiers"] = identifiers
    if addresses:
        entity["addresses"] = addresses
    entity["listed_on"] = listed_on
    entity["source"] = (
        f"Annex I of Regulation (EU) No 269/2014 as amended, {part} entry {number} "
        f"(listed {printed_date(listed_on)})"
    )
    if birth_dates := read_birth_dates(row.get("birthDate", ""), where, report):
        entity["birth_dates"] = [Quoted(date) for date in birth_dates]
    if nationalities := read_nationalities(row.get("nationality", ""), where, report):
        entity["nationalities"] = nationalities
    if reason := row.get("reason", "").strip():
        entity["reason"] = reason
    return entity


def _entry_range(rows: Sequence[dict[str, str]]) -> str:
    return f"{rows[0]['recordId']}-{rows[-1]['recordId']}" if rows else "none"


def build_final_269(rows: Sequence[dict[str, str]], package: Package, report: Report) -> str:
    on = package.listed_on_269
    chosen: dict[str, list[dict[str, str]]] = {}
    for annex, part in PART_OF_ANNEX.items():
        part_rows = [
            row
            for row in rows
            if row.get("annex") == annex
            and row.get("startDate", "").strip()
            and parse_listing_date(row["startDate"]) == on
        ]
        chosen[part] = sorted(part_rows, key=_entry_number)
    counts = (len(chosen["persons"]), len(chosen["entities"]))
    if counts != (package.persons_269, package.entities_269):
        raise BuildError(
            f"{package.final_269_file}: expected {package.persons_269} persons and "
            f"{package.entities_269} entities listed {on} in Annex I of 269/2014, found "
            f"{counts[0]} and {counts[1]}"
        )
    meta: dict[str, Any] = {
        "title": (
            f"EU {ordinal(package.number)} package — final, Annex I of Regulation 269/2014 "
            "(asset freeze: persons and entities)"
        ),
        "kind": "package",
        "package": package.number,
        "stage": "final",
        "date": on,
        "coverage": "complete",
        "sources": [
            "Annex I of Council Regulation (EU) No 269/2014 as amended, consolidated text "
            f"(CELEX 32014R0269): persons entries {_entry_range(chosen['persons'])} and "
            f"entities entries {_entry_range(chosen['entities'])}, listed {printed_date(on)}",
            TRANSCRIPTION_269_SOURCE,
        ],
        "annex": ANNEX_I_269,
    }
    entities = [
        render(build_269_entity(row, report))
        for part in ("persons", "entities")
        for row in chosen[part]
    ]
    return dump(OJ_HEADER, meta, entities)


# --------------------------------------------------------------------------- draft snapshots


def build_draft(draft: DraftPackage) -> str:
    meta: dict[str, Any] = {
        "title": (f"EU {ordinal(draft.package)} package — draft (press report), {draft.annex}"),
        "kind": "package",
        "package": draft.package,
        "stage": "draft",
    }
    if draft.reported_on is not None:
        meta["date"] = draft.reported_on
    meta.update(coverage="partial", sources=[draft.report], annex=draft.annex)
    entities: list[Rendered] = []
    for number, firm in enumerate(draft.firms, start=1):
        entity: dict[str, Any] = {"id": f"eu-{draft.package}-draft-{number}", "name": firm.name}
        if firm.aliases:
            entity["aliases"] = list(firm.aliases)
        entity["type"] = "organization"
        if firm.country:
            entity["country"] = firm.country
        entity["source"] = draft.cite
        entities.append(render(entity))
    return dump(PRESS_HEADER, meta, entities)


# --------------------------------------------------------------------------- driver


def default_shared() -> Path:
    return REPO_ROOT.parent / "shared" / "data"


def resolve_shared(option: str | None) -> Path:
    """--shared, else $SANCTIONS_DIFF_SHARED, else <repo root>/../shared/data."""
    if option:
        return Path(option)
    if env := os.environ.get(SHARED_ENV):
        return Path(env)
    return default_shared()


def build_drafts() -> dict[str, str]:
    """File name → text for the drafts (no shared data needed)."""
    return {draft.filename: build_draft(draft) for draft in DRAFTS}


def build_from_journal(shared: Path, report: Report) -> dict[str, str]:
    """File name → text for every snapshot read from the shared CSVs, in a fixed order."""
    annex_iv = annex_iv_entities(read_rows(shared / CSV_NAME), report)
    rows_269 = read_rows(shared / CSV_269_NAME)
    built: dict[str, str] = {}
    for package in PACKAGES:
        built[package.final_file] = build_final(annex_iv, package)
        built[package.final_269_file] = build_final_269(rows_269, package, report)
        built[package.consolidated_file] = build_consolidated(annex_iv, package)
    return built


def build_all(shared: Path, report: Report) -> dict[str, str]:
    """File name → text for every snapshot, in a fixed order."""
    return {**build_drafts(), **build_from_journal(shared, report)}


def stale_files(built: dict[str, str], lists_dir: Path) -> list[str]:
    """The files whose committed text differs from `built` (or that are missing)."""
    stale = []
    for filename, text in built.items():
        path = lists_dir / filename
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            stale.append(filename)
    return stale


def write_files(built: dict[str, str], lists_dir: Path) -> None:
    lists_dir.mkdir(parents=True, exist_ok=True)
    for filename, text in built.items():
        # Bytes, not text mode: the same "\n" line ends on every platform.
        (lists_dir / filename).write_bytes(text.encode("utf-8"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--shared",
        metavar="DIR",
        help=f"shared data folder (default: ${SHARED_ENV}, else <repo>/../shared/data)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild in memory and exit 1 if a file in lists/ differs",
    )
    return parser.parse_args(argv)


def _stderr(message: str) -> None:
    print(f"build_lists: {message}", file=sys.stderr)


# The kind of a note: its text after "<where>: " up to the first quote, bracket or colon.
_NOTE_KIND = re.compile(r"(?P<warning>WARNING )?[^:]*?: (?P<kind>[^'\"\[:]*)")


def note_kind(message: str) -> str:
    """'Annex IV entry 5: undid double CSV quoting: ...' → 'undid double CSV quoting'."""
    match = _NOTE_KIND.match(message)
    if match is None:
        return message
    return f"{match['warning'] or ''}{match['kind'].strip()}"


class Tally:
    """A reporter that prints each note and counts them by kind."""

    def __init__(self, out: Report) -> None:
        self.out = out
        self.counts: Counter[str] = Counter()

    def __call__(self, message: str) -> None:
        self.out(message)
        self.counts[note_kind(message)] += 1

    def summary(self) -> list[str]:
        return [f"{count:5d} × {kind}" for kind, count in sorted(self.counts.items())]


def main(argv: Sequence[str] | None = None, lists_dir: Path = LISTS_DIR) -> int:
    args = parse_args(argv)
    shared = resolve_shared(args.shared)
    if not shared.is_dir():
        _stderr(f"shared data folder not found: {shared} (pass --shared DIR or set {SHARED_ENV})")
        return 2
    tally = Tally(_stderr if not args.check else lambda _: None)
    try:
        built = build_all(shared, tally)
    except BuildError as error:
        _stderr(str(error))
        return 2
    if not args.check:
        for line in tally.summary():
            _stderr(f"summary: {line}")
        write_files(built, lists_dir)
        _stderr(f"wrote {len(built)} files to {lists_dir}")
        return 0
    stale = stale_files(built, lists_dir)
    for filename in stale:
        _stderr(f"differs from a rebuild: {lists_dir / filename}")
    if stale:
        _stderr("run: python scripts/build_lists.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
