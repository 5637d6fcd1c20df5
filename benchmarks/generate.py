"""Seeded, realistic snapshot pairs with ground truth: the input of ``python -m benchmarks``.

``generate(size, seed)`` builds an *old* snapshot of ``size`` entities and a *new* one made
from it by the edits a list really goes through, and returns the true pairs
(old index, new index). Same size and seed → the same entities, byte for byte.

What the entities look like (the shapes of the EU, UN and OFAC lists):

- organisations (~62%): a distinctive core built from word stems (Russian stems in
  Cyrillic with their Latin transliteration, pinyin for China and Hong Kong, coined words
  elsewhere), often with a sector word ("Logistics", "Technology"), and the legal forms of
  their jurisdiction in several languages (ООО / OOO / LLC / Limited Liability Company,
  АО / AO / JSC, ТОО / TOO / LLP, Co., Ltd. / Limited, PTE LTD, FZCO, GmbH, Limited
  Şirketi...). Aliases: the Cyrillic full and short forms, the Latin short form.
  Identifiers: INN (10 digits, with its check digit) and OGRN for Russia, BIN, UNP, CR No.,
  USCC elsewhere.
- persons (~33%): first name + patronymic + SURNAME for Russia, Belarus, Kazakhstan
  (aliases: the Cyrillic form, the surname-first form, another transliteration), given
  names + FAMILY NAME elsewhere; birth dates, nationalities, sometimes a statement of
  reasons.
- vessels (~5%): a ship name, an IMO number (with its check digit), a flag.

What the new side changes (``EDITS``; each surviving entity draws each edit independently):
typos, small renames (plural/singular, a compound split or joined), renames that keep the
former name as an alias, legal-form changes (mostly another spelling of the same form),
transliteration swaps (y/i, kh/h, ya/ia, ye/e, ks/x...), aliases added or removed, an
identifier added, name and alias swapped, case changes. Then ``DELETED_SHARE`` of the old
entities are left out, ``ADDED_SHARE`` new ones come in, a share of them *near-duplicates*:
distinct entities with the name of an existing one but another INN, country or birth date.
``NO_ID_SHARE`` of the new entities carry no id (half of those no identifiers either, as in
a press report), so that name matching decides them; the rest keep the old id.

The same edit model perturbs any list (``perturb``): ``python -m benchmarks`` applies it to
the UN consolidated list too.

Snapshots are written as YAML (every string double-quoted, block style, as the fast path
reads it) and as JSON Lines.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_diff.formats.schema import ENTITY_KEYS

EntityDict = dict[str, Any]

# Shares of the edit model (see the module docstring).
DELETED_SHARE = 0.05
ADDED_SHARE = 0.05
NEAR_DUPLICATE_SHARE = 0.25  # of the additions
NO_ID_SHARE = 0.30
NO_ID_BARE_SHARE = 0.5  # of the entities without id: no identifiers either
# Distinct entities with the same name already on both sides (kept or not, like any other).
OLD_NEAR_DUPLICATE_SHARE = 0.01

# Per surviving entity, each edit is drawn independently with this probability.
EDITS: dict[str, float] = {
    "typo": 0.05,
    "small_rename": 0.04,
    "rename_keeping_former_name": 0.02,
    "legal_form": 0.10,
    "transliteration": 0.10,
    "alias_added": 0.06,
    "alias_removed": 0.05,
    "identifier_added": 0.04,
    "name_alias_swap": 0.03,
    "case": 0.03,
}

OLD_DATE = "2024-01-15"
NEW_DATE = "2024-07-15"

# --- vocabulary -------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


RU_STEMS = _words(
    "радио прибор снаб тех пром электро комплект маш строй энерго авто торг инвест сервис "
    "транс логистик газ нефте спец микро оптик систем телеком агро хим мет сталь кран лайн "
    "вектор урал сибирь волга кама нева север восток запад байкал альфа гамма дельта омега "
    "глобус меридиан горизонт импульс сигнал модуль контур ресурс капитал фактор профи "
    "эксперт мастер лидер старт прогресс союз альянс гарант стандарт квант спектр полимер "
    "композит металл кабель привод станко инструмент деталь механика оборон авиа судо мор "
    "порт терминал склад груз экспо трейд маркет сбыт ком тур арс вест ост норд зюйд про "
    "интер мега гипер нано фото лазер плазма термо гидро аэро вертолет двигатель турбо "
    "мотор ротор завод цех литье ковка сварка сплав титан никель медь олово цинк хром "
    "кобальт вольфрам бор кремний графит углерод азот фтор селен рубин сапфир "
    "изумруд янтарь гранит базальт мрамор кварц опал агат топаз берилл"
)
RU_SECTOR_WORDS = _words(
    "Трейд Групп Сервис Логистик Инжиниринг Технологии Системы Компоненты Электроника "
    "Снабжение Импорт Холдинг Консалт Девелопмент Ресурс Транзит"
)
RU_FIRST_MALE = _words(
    "Александр Алексей Андрей Антон Аркадий Артем Борис Вадим Валентин Валерий Василий "
    "Виктор Виталий Владимир Владислав Вячеслав Геннадий Георгий Глеб Григорий Денис "
    "Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин Леонид Максим Михаил Никита "
    "Николай Олег Павел Петр Роман Руслан Сергей Станислав Степан Тимур Федор Юрий Яков "
    "Ярослав Эдуард Эльдар Марат Рустам Айдар Ринат Фарид Хасан Захар Всеволод Ефим Семен"
)
RU_FIRST_FEMALE = _words(
    "Анна Алла Алёна Анастасия Валентина Вера Виктория Галина Дарья Евгения Екатерина "
    "Елена Жанна Зоя Инна Ирина Карина Кристина Ксения Лариса Любовь Людмила Марина "
    "Мария Надежда Наталья Нина Оксана Ольга Полина Светлана Софья Татьяна Юлия Яна"
)
RU_SURNAME_STEMS = _words(
    "Ивак Петр Сидор Кузнец Смирн Соколь Попов Лебед Козл Новик Морозк Волк Зайц Павл "
    "Семен Голуб Виноград Богдан Воробь Федот Михайл Беляк Тарас Белоус Комар Орл Андрейч "
    "Макар Никит Захарч Зуб Гусак Титк Кудряв Бараш Жук Руднев Шишк Панкрат Суслов Ершак "
    "Лосев Медвед Бобр Ястреб Сокол Грач Дрозд Чиж Щеглов Снегир Кречет Беркут Филин "
    "Рахман Трофим Прохор Лукьян Гордей Ермол Савел Фомин Кондрат Тихон Демид Харит "
    "Шевчук Ковал Мельник Бондар Ткач Гончар Кравч Шаповал Коваленк Лысенк Бойк Марченк "
    "Данил Юдин Сорок Карп Щук Окун Лещ Ерш Налим Сом Судак Карась Линь Язь Голавл"
)
RU_SURNAME_SUFFIXES = (("ов", "ова"), ("ев", "ева"), ("ин", "ина"), ("ский", "ская"))
# Coined surname roots: two syllables and a closing consonant (Балон-ов, Мирох-ин).
RU_SYLLABLES = _words(
    "ба бо ва ве га го да де жу за зо ка ко ку ла ле ли ло ма ме ми мо на не ни но па пе пи "
    "по ра ре ри ро ру са се си со су та те ти то ту фе ха хо ча че ша шу"
)
RU_CLOSING = _words("н р л к т д м ш х")

CN_SYLLABLES = _words(
    "hua xin tai long feng sheng da tong heng yuan jin kai rui xiang bao cheng de fu hai "
    "hong hui jia jian kang li ming ning peng qi qiang rong shun tian wei xing yang yi yong "
    "yu zhong zhi an bo chang chuang dong guang hao he lian mei sen shi tuo wan xin yao zhan"
)
CN_CITIES = _words(
    "Shenzhen Guangzhou Shanghai Beijing Hangzhou Xiamen Ningbo Suzhou Dongguan Tianjin "
    "Chengdu Wuhan Qingdao Dalian Foshan"
)
LATIN_SYLLABLES = _words(
    "tor dan sin no vel ma ro kin pai ar gen ta lex ion mar vo tek ra zen ka sol dor fin "
    "lu mi sa ver ox an el por ti ne go ral cor bel gra nit vis ter on al ex pro nov"
)
SECTOR_WORDS = _words(
    "Technology Electronics Trading Logistics Industry Engineering Shipping Holding "
    "International Group Components Semiconductors Machinery Systems Supply Solutions "
    "Import Export Energy Resources Marine Aviation Devices Instruments Capital"
)
# "Technology" / "Technologies": the small renames a list makes between versions.
SMALL_RENAMES = {
    "Technology": "Technologies",
    "Electronics": "Electronic",
    "Trading": "Trade",
    "Logistics": "Logistic",
    "Industry": "Industries",
    "Systems": "System",
    "Components": "Component",
    "Devices": "Device",
    "Instruments": "Instrument",
    "Solutions": "Solution",
    "Resources": "Resource",
}
SMALL_RENAMES.update({v: k for k, v in list(SMALL_RENAMES.items())})
TR_SECTORS = ("Dış Ticaret", "Makina", "Lojistik", "Elektronik", "Kimya", "Otomotiv")
DE_SECTORS = ("Technik", "Handel", "Logistik", "Elektronik", "Maschinenbau", "Industrie")
VESSEL_WORDS = _words(
    "OCEAN SEA STAR PRIDE GLORY SPIRIT WAVE HORIZON PEARL DRAGON PHOENIX VICTORY FORTUNE "
    "EAGLE FALCON LOTUS JADE CORAL ATLAS TITAN NEPTUNE POSEIDON AURORA NOVA LUNA SOL "
    "BREEZE CAPE HARBOUR ISLAND RIVER DELTA CROWN EMPRESS QUEEN KING PRINCE LEGEND"
)
OTHER_GIVEN = _words(
    "Mohammed Ali Hassan Hussein Omar Ahmad Khalid Yusuf Ibrahim Abdullah Said Karim "
    "Reza Mehdi Hamid Javad Saeed Amir Nasser Tariq Samir Walid Faisal Jamal Rashid "
    "Wei Jun Lei Ming Hao Bo Tao Peng Gang Yong"
)
OTHER_FAMILY_SYLLABLES = _words(
    "al ha ra za mi ka sa na ja ba ri da fa ta wa hu ma li sha kha bi nu zi qa"
)

COUNTRIES: dict[str, str] = {
    "RU": "Russian Federation",
    "BY": "Belarus",
    "KZ": "Kazakhstan",
    "CN": "China",
    "HK": "Hong Kong",
    "AE": "United Arab Emirates",
    "TR": "Türkiye",
    "IR": "Iran",
    "SG": "Singapore",
    "DE": "Germany",
    "KP": "North Korea",
    "SY": "Syria",
    "UZ": "Uzbekistan",
    "AM": "Armenia",
    "KG": "Kyrgyzstan",
    "IN": "India",
    "PA": "Panama",
    "LR": "Liberia",
    "MH": "Marshall Islands",
}
ORG_COUNTRIES = (
    ("RU", 40),
    ("CN", 10),
    ("HK", 8),
    ("AE", 6),
    ("KZ", 5),
    ("TR", 5),
    ("BY", 5),
    ("IR", 4),
    ("SG", 3),
    ("DE", 2),
    ("KP", 2),
    ("SY", 2),
    ("UZ", 2),
    ("AM", 2),
    ("KG", 2),
    ("IN", 2),
)
PERSON_COUNTRIES = (
    ("RU", 60),
    ("BY", 8),
    ("KZ", 4),
    ("UA", 3),
    ("IR", 6),
    ("SY", 5),
    ("KP", 3),
    ("CN", 5),
    ("AE", 3),
    ("TR", 3),
)
COUNTRIES["UA"] = "Ukraine"
FLAGS = ("PA", "LR", "MH", "RU", "IR", "KP", "HK", "SG")

# Legal forms: families of spellings that mean the same form. ``lead`` spellings stand
# before the name (ООО «X», OOO X), the others after it (X LLC).
LegalForm = tuple[str, bool]  # (spelling, stands before the name)
RU_FORMS: tuple[tuple[LegalForm, ...], ...] = (
    (
        ("LLC", False),
        ("OOO", True),
        ("ООО", True),
        ("Limited Liability Company", False),
        ("Общество с ограниченной ответственностью", True),
    ),
    (
        ("JSC", False),
        ("AO", True),
        ("АО", True),
        ("Joint Stock Company", False),
        ("Акционерное общество", True),
    ),
    (
        ("PJSC", False),
        ("PAO", True),
        ("ПАО", True),
        ("Public Joint Stock Company", False),
        ("Публичное акционерное общество", True),
    ),
    (("CJSC", False), ("ZAO", True), ("ЗАО", True), ("Closed Joint Stock Company", False)),
)
KZ_FORMS: tuple[tuple[LegalForm, ...], ...] = (
    (
        ("LLP", False),
        ("TOO", True),
        ("ТОО", True),
        ("Limited Liability Partnership", False),
        ("Товарищество с ограниченной ответственностью", True),
    ),
    (("JSC", False), ("АО", True), ("Joint Stock Company", False)),
)
LTD_FORMS: tuple[tuple[LegalForm, ...], ...] = (
    (
        ("Limited", False),
        ("Ltd", False),
        ("Ltd.", False),
        ("Co., Ltd.", False),
        ("Company Limited", False),
        ("Co., Limited", False),
    ),
)
FORMS_BY_COUNTRY: dict[str, tuple[tuple[LegalForm, ...], ...]] = {
    "RU": RU_FORMS,
    "BY": (*RU_FORMS[:2], (("OJSC", False), ("OAO", True), ("ОАО", True))),
    "KZ": KZ_FORMS,
    "UZ": ((("LLC", False), ("MChJ", False), ("OOO", True)),),
    "AM": RU_FORMS[:2],
    "KG": RU_FORMS[:2],
    "CN": LTD_FORMS,
    "HK": LTD_FORMS,
    "SG": ((("PTE LTD", False), ("Pte. Ltd.", False), ("Private Limited", False)),),
    "AE": (
        (("FZCO", False), ("FZE", False), ("FZ-LLC", False)),
        (("LLC", False), ("L.L.C.", False)),
        (("DMCC", False),),
    ),
    "TR": (
        (("Limited Şirketi", False), ("Ltd. Şti.", False)),
        (("A.Ş.", False), ("Anonim Şirketi", False)),
    ),
    "DE": ((("GmbH", False),),),
    "IR": ((("Company", False), ("Co.", False)),),
    "KP": ((("Corporation", False), ("Corp.", False)),),
    "SY": ((("Company", False), ("Co.", False)),),
    "IN": ((("Private Limited", False), ("Pvt. Ltd.", False)),),
}
ALL_FORMS: tuple[tuple[LegalForm, ...], ...] = tuple(
    dict.fromkeys(family for families in FORMS_BY_COUNTRY.values() for family in families)
)

# --- transliteration ----------------------------------------------------------------------

_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
# ICAO 9303 (passports): й → i, ю → iu, я → ia, е stays e.
_ICAO = _BGN | {"й": "i", "ю": "iu", "я": "ia", "ё": "e", "ы": "y"}
# A "German-style" one seen in trade registers: х → h, й → j, ц → c.
_LOOSE = _BGN | {"х": "h", "й": "j", "ц": "c", "ю": "ju", "я": "ja", "щ": "sch"}
SYSTEMS = {"bgn": _BGN, "icao": _ICAO, "loose": _LOOSE}
_VOWELS = set("аеёиоуыэюяьъ")


def transliterate(text: str, system: str = "bgn") -> str:
    """Cyrillic → Latin, keeping case per word; BGN/PCGN writes е as ye at a word start and
    after a vowel (Yevgeniy), the others as e."""
    table = SYSTEMS[system]
    out: list[str] = []
    previous = " "
    for char in text:
        lower = char.lower()
        if lower in table:
            latin = table[lower]
            if lower == "е" and system == "bgn" and (not previous.isalpha() or previous in _VOWELS):
                latin = "ye"
            if char != lower and latin:
                latin = latin.upper() if _is_upper_word(text, len(out)) else latin.capitalize()
            out.append(latin)
        else:
            out.append(char)
        previous = lower
    return "".join(out)


def _is_upper_word(text: str, position: int) -> bool:
    """Whether the word around ``position`` is written in capitals (a SURNAME)."""
    start = text.rfind(" ", 0, position) + 1
    end = text.find(" ", position)
    word = text[start : end if end >= 0 else len(text)]
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


# --- identifiers ----------------------------------------------------------------------------


def inn10(rng: random.Random) -> str:
    """A Russian organisation INN: 10 digits, the last a check digit."""
    digits = [rng.randrange(10) for _ in range(9)]
    digits[0] = rng.randrange(1, 10)
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def imo(rng: random.Random) -> str:
    """An IMO ship number: 7 digits, the last the check digit of the first six."""
    digits = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(5)]
    check = sum(d * w for d, w in zip(digits, (7, 6, 5, 4, 3, 2), strict=True)) % 10
    return "".join(map(str, digits)) + str(check)


def _digits(rng: random.Random, count: int) -> str:
    return str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(count - 1))


def org_identifiers(rng: random.Random, country: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    if country == "RU":
        if rng.random() < 0.8:
            found.append({"type": rng.choice(("Tax ID/INN", "INN")), "value": inn10(rng)})
        if rng.random() < 0.3:
            found.append({"type": "OGRN", "value": _digits(rng, 13)})
    elif country == "KZ" and rng.random() < 0.6:
        found.append({"type": "BIN", "value": _digits(rng, 12)})
    elif country == "BY" and rng.random() < 0.6:
        found.append({"type": "UNP", "value": _digits(rng, 9)})
    elif country == "HK" and rng.random() < 0.6:
        found.append({"type": "CR No.", "value": _digits(rng, 7)})
    elif country == "CN" and rng.random() < 0.5:
        code = (
            "91"
            + _digits(rng, 6)
            + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
        )
        found.append({"type": "USCC", "value": code})
    elif country == "AE" and rng.random() < 0.4:
        found.append({"type": "Trade License No.", "value": _digits(rng, 6)})
    return found


# --- names ----------------------------------------------------------------------------------


def _weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _coined(rng: random.Random, syllables: Sequence[str], low: int, high: int) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(low, high))).capitalize()


def _ru_core(rng: random.Random) -> str:
    """A Russian company core in Cyrillic: Радиоприборснаб, Урал-Трейд, Вектор Логистик."""
    word = "".join(rng.choice(RU_STEMS) for _ in range(rng.choice((2, 2, 3, 3, 3, 4))))
    word = word.capitalize()
    roll = rng.random()
    if roll < 0.3:
        return f"{word} {rng.choice(RU_SECTOR_WORDS)}"
    if roll < 0.4:
        return f"{word}-{rng.choice(RU_SECTOR_WORDS)}"
    if roll < 0.5:
        return f"{word} {rng.choice(RU_STEMS).capitalize()}{rng.choice(RU_STEMS)}"
    return word


def _latin_core(rng: random.Random, country: str) -> str:
    if country in ("CN", "HK"):
        core = _coined(rng, CN_SYLLABLES, 2, 2)
        if rng.random() < 0.3:
            core += " " + _coined(rng, CN_SYLLABLES, 2, 2)
        if country == "CN" and rng.random() < 0.6:
            core = f"{rng.choice(CN_CITIES)} {core}"
        return f"{core} {rng.choice(SECTOR_WORDS)}"
    core = _coined(rng, LATIN_SYLLABLES, 2, 4)
    if country == "TR":
        return f"{core} {rng.choice(TR_SECTORS)}"
    if country == "DE":
        return f"{core} {rng.choice(DE_SECTORS)}"
    if rng.random() < 0.3:
        core += " " + _coined(rng, LATIN_SYLLABLES, 2, 3)
    if rng.random() < 0.7:
        core += " " + rng.choice(SECTOR_WORDS)
    return core


def _with_form(core: str, form: LegalForm, quote: bool) -> str:
    spelling, leads = form
    if leads:
        return f"{spelling} «{core}»" if quote else f"{spelling} {core}"
    return f"{core} {spelling}"


def _address(rng: random.Random, country: str, city: str | None = None) -> str:
    street = _coined(rng, LATIN_SYLLABLES, 2, 3)
    town = city or _coined(rng, LATIN_SYLLABLES, 2, 3)
    if country in ("RU", "BY", "KZ"):
        return f"{_digits(rng, 6)}, {town}, {street} Str., {rng.randint(1, 120)}, Office {rng.randint(1, 400)}, {COUNTRIES[country]}"
    return f"{rng.randint(1, 300)} {street} Road, {town}, {COUNTRIES[country]}"


def _date(rng: random.Random, first: int, last: int) -> str:
    return f"{rng.randint(first, last):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


class Names:
    """Draws names not drawn before (a generated list has few accidental namesakes; the
    near-duplicates are made on purpose)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def fresh(self, draw: Callable[[], str]) -> str:
        for _ in range(50):
            name = draw()
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("vocabulary exhausted")  # pragma: no cover


def make_organization(rng: random.Random, names: Names) -> EntityDict:
    country = _weighted(rng, ORG_COUNTRIES)
    families = FORMS_BY_COUNTRY.get(country, LTD_FORMS)
    family = families[0] if rng.random() < 0.7 else rng.choice(families)
    aliases: list[str] = []
    if country in ("RU", "BY", "KZ", "UZ", "AM", "KG"):
        cyrillic = names.fresh(lambda: _ru_core(rng))
        latin = transliterate(cyrillic)
        english = [f for f in family if not f[1]]
        name = _with_form(latin, english[0] if english else family[0], False)
        cyrillic_forms = [f for f in family if f[1] and not f[0].isascii()]
        if cyrillic_forms and rng.random() < 0.7:
            full = max(cyrillic_forms, key=lambda f: len(f[0]))
            short = min(cyrillic_forms, key=lambda f: len(f[0]))
            if full != short and rng.random() < 0.5:
                aliases.append(
                    f"{_with_form(cyrillic, full, True)} ({_with_form(cyrillic, short, True)})"
                )
            else:
                aliases.append(_with_form(cyrillic, short, True))
        latin_leads = [f for f in family if f[1] and f[0].isascii()]
        if latin_leads and rng.random() < 0.6:
            aliases.append(_with_form(latin, latin_leads[0], False))
        if rng.random() < 0.1:
            aliases.append(_with_form(transliterate(cyrillic, "icao"), family[0], False))
    else:
        core = names.fresh(lambda: _latin_core(rng, country))
        name = _with_form(core, family[0], False)
        if len(family) > 1 and rng.random() < 0.4:
            aliases.append(_with_form(core, rng.choice(family[1:]), False))
        if rng.random() < 0.1:
            aliases.append(core.upper())
    entity: EntityDict = {"name": name, "type": "organization", "country": country}
    if aliases:
        entity["aliases"] = list(dict.fromkeys(a for a in aliases if a != name))
    identifiers = org_identifiers(rng, country)
    if identifiers:
        entity["identifiers"] = identifiers
    if rng.random() < 0.8:
        entity["addresses"] = [_address(rng, country)]
    entity["listed_on"] = _date(rng, 2014, 2023)
    return entity


def _ru_person(rng: random.Random) -> str:
    """The Cyrillic name of a person from Russia, Belarus, Kazakhstan or Ukraine."""
    male = rng.random() < 0.8
    first = rng.choice(RU_FIRST_MALE if male else RU_FIRST_FEMALE)
    father = rng.choice(RU_FIRST_MALE)
    if rng.random() < 0.5:
        stem = rng.choice(RU_SURNAME_STEMS).lower()
    else:
        stem = rng.choice(RU_SYLLABLES) + rng.choice(RU_SYLLABLES) + rng.choice(RU_CLOSING)
    suffix = rng.choice(RU_SURNAME_SUFFIXES)[0 if male else 1]
    surname = (stem + suffix).capitalize()
    patronymic = _patronymic(father, male)
    return f"{first} {patronymic} {surname.upper()}"


def _patronymic(father: str, male: bool) -> str:
    base = father.rstrip("йь")
    if father.endswith(("й", "ь")) or father[-1] in "ия":
        ending = "евич" if male else "евна"
    else:
        ending = "ович" if male else "овна"
    if father[-1] in "ая":
        base = father[:-1]
    return base + ending


def make_person(rng: random.Random, names: Names) -> EntityDict:
    country = _weighted(rng, PERSON_COUNTRIES)
    aliases: list[str] = []
    if country in ("RU", "BY", "KZ", "UA"):
        cyrillic = names.fresh(lambda: _ru_person(rng))
        name = transliterate(cyrillic)
        if rng.random() < 0.7:
            aliases.append(cyrillic)
        first, patronymic, surname = name.split(" ")
        if rng.random() < 0.25:
            aliases.append(f"{surname} {first} {patronymic}")
        if rng.random() < 0.15:
            aliases.append(transliterate(cyrillic, rng.choice(("icao", "loose"))))
    else:

        def draw() -> str:
            given = " ".join(rng.choice(OTHER_GIVEN) for _ in range(rng.choice((1, 2, 2))))
            family = _coined(rng, OTHER_FAMILY_SYLLABLES, 2, 3).upper()
            return f"{given} {'AL-' if rng.random() < 0.2 else ''}{family}"

        name = names.fresh(draw)
        if rng.random() < 0.2:
            given, family = name.rsplit(" ", 1)
            aliases.append(f"{family} {given}")
    entity: EntityDict = {"name": name, "type": "person"}
    if aliases:
        entity["aliases"] = list(dict.fromkeys(a for a in aliases if a != name))
    if rng.random() < 0.9:
        entity["birth_dates"] = [
            _date(rng, 1945, 1995) if rng.random() < 0.85 else str(rng.randint(1945, 1995))
        ]
    entity["nationalities"] = [country]
    if country == "RU" and rng.random() < 0.3:
        entity["identifiers"] = [{"type": "INN", "value": _digits(rng, 12)}]
    entity["listed_on"] = _date(rng, 2014, 2023)
    if rng.random() < 0.3:
        entity["reason"] = (
            f"{name} is a businessperson active in the {rng.choice(SECTOR_WORDS).lower()} sector "
            "and is therefore responsible for supporting actions which undermine the "
            "territorial integrity, sovereignty and independence of Ukraine."
        )
    return entity


def make_vessel(rng: random.Random, names: Names) -> EntityDict:
    def draw() -> str:
        words = " ".join(rng.choice(VESSEL_WORDS) for _ in range(rng.choice((1, 2))))
        if " " not in words or rng.random() < 0.5:
            words = f"{words} {_coined(rng, LATIN_SYLLABLES, 2, 3).upper()}"
        if rng.random() < 0.2:
            words = f"{words} {rng.randint(1, 99)}"
        return words

    name = names.fresh(draw)
    entity: EntityDict = {
        "name": name,
        "type": "vessel",
        "country": rng.choice(FLAGS),
        "identifiers": [{"type": "IMO", "value": imo(rng)}],
    }
    if rng.random() < 0.3:
        entity["aliases"] = [names.fresh(draw)]  # a former name
    entity["listed_on"] = _date(rng, 2014, 2023)
    return entity


def make_entity(rng: random.Random, names: Names) -> EntityDict:
    roll = rng.random()
    if roll < 0.62:
        return make_organization(rng, names)
    if roll < 0.95:
        return make_person(rng, names)
    return make_vessel(rng, names)


# --- the edit model -------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{6,}")
# Compounds at least this long may be split in two by a small rename.
MIN_SPLIT_CHARS = 12
# Transliteration swaps on Latin text: (pattern, replacement). The first six are folded by
# the normaliser (y/i, kh/h, x/ks); the others are not (ye/e, shch/sch, ts/c, ou/u...).
TRANSLITERATION_SWAPS: tuple[tuple[str, str], ...] = (
    (r"(?<=[a-z])y(?=[a-z])", "i"),
    (r"iy\b", "y"),
    (r"kh", "h"),
    (r"Kh", "H"),
    (r"ks", "x"),
    (r"ya", "ia"),
    (r"yu", "iu"),
    (r"\bYe", "E"),
    (r"shch", "sch"),
    (r"ts", "tz"),
    (r"ou", "u"),
    (r"\bMohammed\b", "Muhammad"),
    (r"\bal-", "el-"),
)


def typo(rng: random.Random, text: str) -> str:
    """One slip in one word of at least six letters (never its first letter)."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    word = rng.choice(words)
    k = rng.randrange(word.start() + 1, word.end() - 1)
    kind = rng.randrange(4)
    if kind == 0:  # swap two neighbours
        return text[:k] + text[k + 1] + text[k] + text[k + 2 :]
    if kind == 1:  # drop one
        return text[:k] + text[k + 1 :]
    if kind == 2:  # double one
        return text[:k] + text[k] + text[k:]
    # Another letter of the same word: same script, same case.
    letter = rng.choice(word.group())
    return text[:k] + letter + text[k + 1 :]


def small_rename(rng: random.Random, text: str) -> str:
    """Technology → Technologies, a hyphen dropped or made a space, a long compound split
    in two at a syllable (Gipermedgammabaykal → Gipermedgamma-Baykal). For organisations
    and vessels."""
    words = text.split(" ")
    renamable = [k for k, w in enumerate(words) if w in SMALL_RENAMES]
    if renamable:
        k = rng.choice(renamable)
        words[k] = SMALL_RENAMES[words[k]]
        return " ".join(words)
    if "-" in text:
        return text.replace("-", rng.choice(("", " ")), 1)
    first = words[0]
    if len(first) >= MIN_SPLIT_CHARS and first.isalpha():
        # Split where a syllable starts (vowel | consonant vowel), nearest the middle.
        cuts = [
            k
            for k in range(3, len(first) - 3)
            if _is_vowel(first[k - 1]) and not _is_vowel(first[k]) and _is_vowel(first[k + 1])
        ]
        if cuts:
            k = min(cuts, key=lambda c: abs(c - len(first) // 2))
            words[0] = first[:k] + "-" + first[k:].capitalize()
            return " ".join(words)
    return text


def _is_vowel(char: str) -> bool:
    return char.lower() in "aeiouyаеёиоуыэюя"


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


# Every spelling with its family, longest first ("Public Joint Stock Company" before
# "Joint Stock Company").
_SPELLINGS: tuple[tuple[LegalForm, tuple[LegalForm, ...]], ...] = tuple(
    sorted(
        ((form, family) for family in ALL_FORMS for form in family),
        key=lambda item: -len(item[0][0]),
    )
)


def split_legal_form(text: str) -> tuple[str, LegalForm | None, tuple[LegalForm, ...]]:
    """(core, the legal form as written, its family); the form is None when there is none."""
    upper = text.isupper()
    for form, family in _SPELLINGS:
        spelling, leads = form
        written = spelling.upper() if upper else spelling
        if leads and text.startswith(written + " "):
            return text[len(spelling) + 1 :].strip("«»"), form, family
        if not leads and text.endswith(" " + written):
            return text[: -len(spelling) - 1], form, family
    return text, None, ()


def change_legal_form(rng: random.Random, text: str) -> str:
    """Another spelling of the same legal form (4 in 5), another form used in the same
    country (LLC → JSC: a re-registration), or none at all (a press report). The spelling
    keeps the script and the case of the name (ООО «Радио» → АО «Радио», never Радио LLC)."""
    core, form, family = split_legal_form(text)
    if form is None:
        return text
    script = _cyrillic(core)
    roll = rng.random()
    if roll < 0.8:
        choices = [f for f in family if f != form and _cyrillic(f[0]) == script]
    elif roll < 0.9:
        related = {
            f
            for fams in FORMS_BY_COUNTRY.values()
            if family in fams
            for fam in fams
            if fam != family
            for f in fam
        }
        choices = sorted(f for f in related if _cyrillic(f[0]) == script)
    else:
        return core
    if not choices:
        return text
    other = rng.choice(choices)
    changed = _with_form(core, other, script)
    return changed.upper() if text.isupper() else changed


def rename(rng: random.Random, text: str) -> str:
    """A new name for an organisation or vessel, with the legal form it had."""
    core, form, _ = split_legal_form(text)
    fresh = _coined(rng, LATIN_SYLLABLES, 2, 4)
    if core.isupper():
        fresh = fresh.upper()
    words = core.split(" ")
    if len(words) > 1 and words[-1] in SECTOR_WORDS:
        fresh = f"{fresh} {words[-1]}"
    return _with_form(fresh, form, False) if form is not None and not _cyrillic(form[0]) else fresh


def swap_transliteration(rng: random.Random, text: str) -> str:
    options = [(p, r) for p, r in TRANSLITERATION_SWAPS if re.search(p, text)]
    if not options:
        return text
    pattern, replacement = rng.choice(options)
    return re.sub(pattern, replacement, text, count=1)


def change_case(text: str) -> str:
    if text.isupper():
        return text.title()
    words = text.split(" ")
    if any(len(w) > 1 and w.isupper() for w in words):
        return " ".join(w.title() if w.isupper() else w for w in words)
    return text.upper()


def variant_alias(rng: random.Random, entity: EntityDict) -> str | None:
    """A new alias: another transliteration or the surname-first form."""
    name = str(entity["name"])
    if entity.get("type") == "person" and " " in name and rng.random() < 0.5:
        rest, last = name.rsplit(" ", 1)
        return f"{last} {rest}"
    swapped = swap_transliteration(rng, name)
    if swapped != name:
        return swapped
    changed = change_legal_form(rng, name)
    return changed if changed != name else None


def add_identifier(rng: random.Random, entity: EntityDict) -> None:
    identifiers = list(entity.get("identifiers", []))
    kinds = {i["type"] for i in identifiers}
    if entity.get("type") == "person":
        new = {"type": "Passport", "value": f"{rng.randint(10, 99)} {_digits(rng, 7)}"}
    elif entity.get("country") == "RU" and "OGRN" not in kinds:
        new = {"type": "OGRN", "value": _digits(rng, 13)}
    else:
        new = {"type": "Registration No.", "value": _digits(rng, 8)}
    if new["type"] in kinds:
        return  # a second value of a type already there would be a conflict, not an addition
    identifiers.append(new)
    entity["identifiers"] = identifiers


def edit(rng: random.Random, old: EntityDict) -> EntityDict:
    """The new version of a surviving entity: each edit of ``EDITS`` drawn independently."""
    entity = dict(old)
    aliases = list(entity.get("aliases", []))
    name = str(entity["name"])
    drawn = {kind for kind, share in EDITS.items() if rng.random() < share}
    if "alias_removed" in drawn and aliases:
        aliases.pop(rng.randrange(len(aliases)))
    if "rename_keeping_former_name" in drawn and entity.get("type") != "person":
        aliases.append(name)  # "formerly known as"
        name = rename(rng, name)
    if "typo" in drawn:
        name = typo(rng, name)
    if "small_rename" in drawn and entity.get("type") != "person":
        name = small_rename(rng, name)
    if "legal_form" in drawn:
        name = change_legal_form(rng, name)
    if "transliteration" in drawn:
        name = swap_transliteration(rng, name)
    if "case" in drawn:
        name = change_case(name)
    if "alias_added" in drawn:
        alias = variant_alias(rng, {**entity, "name": name})
        if alias:
            aliases.append(alias)
    if "name_alias_swap" in drawn and aliases:
        k = rng.randrange(len(aliases))
        name, aliases[k] = aliases[k], name
    if "identifier_added" in drawn:
        add_identifier(rng, entity)
    entity["name"] = name
    aliases = list(dict.fromkeys(a for a in aliases if a and a != name))
    if aliases:
        entity["aliases"] = aliases
    else:
        entity.pop("aliases", None)
    return entity


def distinguishable(entity: EntityDict) -> bool:
    """Whether a namesake of this entity can be told apart by the facts a list gives: a
    birth date for persons, an identifier or a country otherwise."""
    if entity.get("type") == "person":
        return bool(entity.get("birth_dates"))
    return bool(entity.get("identifiers") or entity.get("country"))


def pick_template(rng: random.Random, entities: Sequence[EntityDict]) -> EntityDict | None:
    for _ in range(10):
        template = entities[rng.randrange(len(entities))]
        if distinguishable(template):
            return template
    return None


def near_duplicate(rng: random.Random, template: EntityDict, serial: int) -> EntityDict:
    """A distinct entity with the name of ``template``, told apart as in the real lists by
    another INN (two "Trust Logistics"), another country (two "I Jet Global DMCC") or
    another birth year (namesakes)."""
    twin: EntityDict = {
        "id": f"dup-{serial:07d}",
        "name": template["name"],
        "type": template.get("type", "organization"),
        "listed_on": _date(rng, 2014, 2023),  # listed on its own date
    }
    if rng.random() < 0.5:
        twin["name"] = change_legal_form(rng, str(template["name"]))
    if twin["type"] == "person":
        years = [int(y) for b in template.get("birth_dates", []) for y in re.findall(r"\d{4}", b)]
        year = max(years, default=1970) + rng.randint(3, 20)
        twin["birth_dates"] = [f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
        twin["nationalities"] = list(template.get("nationalities", []))
        return twin
    identifiers = template.get("identifiers", [])
    if identifiers:
        first = identifiers[0]
        value = first["value"]
        while value == first["value"]:
            value = inn10(rng) if len(value) == 10 and value.isdigit() else _digits(rng, 9)
        twin["identifiers"] = [{"type": first["type"], "value": value}]
        if template.get("country"):
            twin["country"] = template["country"]
    else:
        here = template.get("country")
        twin["country"] = rng.choice([c for c in COUNTRIES if c != here])
    return twin


@dataclass(frozen=True)
class Pair:
    """Two snapshots' entities and the true pairs (old index, new index)."""

    old: list[EntityDict]
    new: list[EntityDict]
    truth: list[tuple[int, int]]


def make_old(size: int, rng: random.Random, names: Names) -> list[EntityDict]:
    entities: list[EntityDict] = []
    while len(entities) < size:
        template = (
            pick_template(rng, entities)
            if entities and rng.random() < OLD_NEAR_DUPLICATE_SHARE
            else None
        )
        if template is not None:
            entities.append(near_duplicate(rng, template, len(entities)))
        else:
            entities.append(make_entity(rng, names))
    for k, entity in enumerate(entities):
        entity["id"] = f"ent-{k:07d}"
        entity["source"] = f"Benchmark list, entry {k + 1}"
    return [_ordered(e) for e in entities]


def perturb(
    old: Sequence[EntityDict],
    rng: random.Random,
    fresh: Callable[[], EntityDict],
) -> tuple[list[EntityDict], list[tuple[int, int]]]:
    """The new side of ``old`` under the edit model, and the true pairs. ``fresh`` makes an
    entity that was never on the list (the additions that are not near-duplicates)."""
    survivors = [(i, edit(rng, e)) for i, e in enumerate(old) if rng.random() >= DELETED_SHARE]
    additions: list[EntityDict] = []
    twins: list[EntityDict] = []
    for serial in range(round(len(old) * ADDED_SHARE)):
        template = pick_template(rng, old) if old and rng.random() < NEAR_DUPLICATE_SHARE else None
        if template is not None:
            twins.append(near_duplicate(rng, template, serial))
            additions.append(twins[-1])
        else:
            added = fresh()
            added["id"] = f"new-{serial:07d}"
            additions.append(added)
    # Additions go anywhere in the list; survivors keep their order.
    slots = sorted(rng.randrange(len(survivors) + 1) for _ in additions)
    new: list[EntityDict] = []
    truth: list[tuple[int, int]] = []
    cursor = 0
    for position, (i, entity) in enumerate(survivors):
        while cursor < len(slots) and slots[cursor] == position:
            new.append(additions[cursor])
            cursor += 1
        truth.append((i, len(new)))
        new.append(entity)
    new.extend(additions[cursor:])
    twin_ids = {id(twin) for twin in twins}
    for entity in new:
        if rng.random() < NO_ID_SHARE:
            entity.pop("id", None)
            # A press report: the name, no numbers. Vessels keep their IMO number, and a
            # near-duplicate the identifier that tells it from its namesake.
            if (
                rng.random() < NO_ID_BARE_SHARE
                and entity.get("type") != "vessel"
                and id(entity) not in twin_ids
            ):
                entity.pop("identifiers", None)
    return [_ordered(e) for e in new], truth


_KEY_ORDER = ENTITY_KEYS  # the schema's order, as in lists/*.yaml


def _ordered(entity: EntityDict) -> EntityDict:
    return {k: entity[k] for k in _KEY_ORDER if entity.get(k) not in (None, [], "")}


def generate(size: int, seed: int) -> Pair:
    """An old snapshot of ``size`` entities, its new version and the true pairs."""
    rng = random.Random(f"sanctions-diff benchmark {seed}")
    names = Names()
    old = make_old(size, rng, names)
    new, truth = perturb(old, rng, lambda: make_entity(rng, names))
    return Pair(old, new, truth)


# --- writing --------------------------------------------------------------------------------

# Characters JSON writes raw but YAML (or the fast path) treats specially: escaped instead.
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def meta(title: str, date: str, source: str) -> dict[str, Any]:
    return {
        "title": title,
        "kind": "consolidated",
        "date": date,
        "coverage": "complete",
        "sources": [source],
    }


def yaml_text(snapshot: dict[str, Any], entities: Iterable[EntityDict]) -> Iterable[str]:
    """The snapshot as YAML, in chunks: block style, every string double-quoted."""
    yield "snapshot:\n"
    for key, value in snapshot.items():
        if isinstance(value, list):
            yield f"  {key}:\n" + "".join(f"  - {quoted(v)}\n" for v in value)
        else:
            yield f"  {key}: {quoted(str(value))}\n"
    yield "entities:\n"
    for entity in entities:
        lines: list[str] = []
        for key, value in entity.items():
            lead = "- " if not lines else "  "
            if key == "identifiers":
                items = "".join(
                    f"  - {{type: {quoted(i['type'])}, value: {quoted(i['value'])}}}\n"
                    for i in value
                )
                lines.append(f"{lead}{key}:\n{items}")
            elif isinstance(value, list):
                lines.append(f"{lead}{key}:\n" + "".join(f"  - {quoted(v)}\n" for v in value))
            else:
                lines.append(f"{lead}{key}: {quoted(str(value))}\n")
        yield "".join(lines)


def write_yaml(path: Path, snapshot: dict[str, Any], entities: Iterable[EntityDict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(yaml_text(snapshot, entities))


def write_jsonl(path: Path, snapshot: dict[str, Any], entities: Iterable[EntityDict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"snapshot": snapshot}, ensure_ascii=False) + "\n")
        out.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in entities)


def write_truth(path: Path, truth: Iterable[tuple[int, int]]) -> None:
    path.write_text("".join(f"{i} {j}\n" for i, j in truth), encoding="utf-8")


def read_pairs(path: Path) -> set[tuple[int, int]]:
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        i, j = line.split()
        pairs.add((int(i), int(j)))
    return pairs


def write_pair(
    pair: Pair, folder: Path, stem: str, formats: Iterable[str]
) -> dict[str, tuple[Path, Path]]:
    """Write both snapshots in each format (``yaml``, ``jsonl``) and the truth
    (``<stem>-truth.txt``: one "old new" index pair per line). Returns format → (old, new)."""
    written: dict[str, tuple[Path, Path]] = {}
    size = len(pair.old)
    for fmt in formats:
        write = write_yaml if fmt == "yaml" else write_jsonl
        paths = (folder / f"{stem}-old.{fmt}", folder / f"{stem}-new.{fmt}")
        source = f"generated by benchmarks/generate.py ({size} entities)"
        write(paths[0], meta(f"Benchmark list of {size} entities, old", OLD_DATE, source), pair.old)
        write(paths[1], meta(f"Benchmark list of {size} entities, new", NEW_DATE, source), pair.new)
        written[fmt] = paths
    write_truth(folder / f"{stem}-truth.txt", pair.truth)
    return written
