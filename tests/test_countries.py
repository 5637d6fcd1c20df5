"""sanctions_diff.countries: codes and printed names to alpha-2, and the country of an address.

The addresses are real: from the bundled lists and from the Official Journal text of
Regulation 833/2014 (Annex IV) and 269/2014 (Annex I).
"""

from __future__ import annotations

import pytest

from sanctions_diff.countries import country_in_address, name_of, to_code


@pytest.mark.parametrize(
    ("value", "code"),
    [
        # alpha-2 in any case, with stray spaces
        ("RU", "RU"),
        ("ru", "RU"),
        ("Ru", "RU"),
        (" hk ", "HK"),
        ("NO", "NO"),
        # alpha-3
        ("RUS", "RU"),
        ("rus", "RU"),
        ("HKG", "HK"),
        ("IRN", "IR"),
        # English short, official and printed names
        ("Russian Federation", "RU"),
        ("Russia", "RU"),
        ("Islamic Republic of Iran", "IR"),
        ("Syrian Arab Republic", "SY"),
        ("Republic of Türkiye", "TR"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("People’s Republic of China", "CN"),
        ("People's Republic of China", "CN"),
        ("Hong Kong", "HK"),
        ("Hong Kong SAR", "HK"),
        ("United Arab Emirates", "AE"),
        ("United Arab Emirates (UAE)", "AE"),
        ("Republic of Uzbekistan", "UZ"),
        ("Republic of Armenia", "AM"),
        ("Republic of India", "IN"),
        ("Republic of Singapore", "SG"),
        ("Republic of Belarus", "BY"),
        ("Korea, Democratic People's Republic of", "KP"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("Côte d'Ivoire", "CI"),
        ("Viet Nam", "VN"),
        # Kosovo: user-assigned, used by the EU, UN and US lists
        ("XK", "XK"),
        ("xk", "XK"),
        ("Kosovo", "XK"),
        # withdrawn codes (ISO 3166-3) and their names
        ("AN", "AN"),
        ("YU", "YU"),
        ("SU", "SU"),
        ("CS", "CS"),
        ("ZR", "ZR"),
        ("ANT", "AN"),
        ("YUG", "YU"),
        ("Netherlands Antilles", "AN"),
        ("Yugoslavia", "YU"),
        ("USSR", "SU"),
    ],
)
def test_to_code(value: str, code: str) -> None:
    assert to_code(value) == code


@pytest.mark.parametrize("value", ["QQ", "qq", "ZZ", "XX", "EU", "Narnia", "Office", "", "   "])
def test_to_code_unknown(value: str) -> None:
    assert to_code(value) is None


@pytest.mark.parametrize(
    ("code", "name"),
    [("RU", "Russian Federation"), ("XK", "Kosovo"), ("AN", "Netherlands Antilles"), ("QQ", "QQ")],
)
def test_name_of(code: str, name: str) -> None:
    assert name_of(code) == name


@pytest.mark.parametrize(
    ("address", "code"),
    [
        (
            "443050, Samara Oblast, Samara, Zubchaninovka Village, Smyshlyaevskoe Shosse, 1a, Office 258, Russian Federation",
            "RU",
        ),
        (
            "620034, Sverdlovsk Oblast, Ekaterinburg, Kolmogorova Str.,70, Office 209 Russian Federation",
            "RU",
        ),
        (
            "84, Deep Towers, EPIP Industrial Area, Whitefield, Bangalore, Karnataka, 560066 Republic of India",
            "IN",
        ),
        ("5000, Ang Mo Kio Ave. 5, #04-05 Techplace Ii, Singapore 089053", "SG"),
        ("367957, Shaw Road 30, #06-01, Roche Building, Republic of Singapore", "SG"),
        (
            "Bay Square Building 11, Office 107, Dubai, Business Bay Dubai, United Arab Emirates (UAE)",
            "AE",
        ),
        # "Almaty" (Kazakhstan) in a UAE address: the country part wins, not a city
        (
            "Building T1, Saif Zone, Sharjah International Airport Free Zone, Sharjah, 050100, Almaty, United Arab Emirates (UAE)",
            "AE",
        ),
        ("409 Platinum Tower, Jumeirah Lake Towers, Dubai United Arab Emirates", "AE"),
        ("301 JBC 4, Jumeriah Lake Towers Dubai, UAE", "AE"),
        ("Damascus, Syrian Arab Republic", "SY"),
        (
            "Box 14155-5568, No27 Ahahamat Ave, Vallie Asr Square, Teheran, Islamic Republic of Iran",
            "IR",
        ),
        (
            "Office E, 8/F., Shing Hing Commercial Building, 21-27 Wing Kut Street, Central District, Hong Kong",
            "HK",
        ),
        ("17 Garegin Nzhdehi Street, Shengavit, Yerevan, 0026, Republic of Armenia", "AM"),
        (
            "16A Navoi Street, Shaykhantakhur District, Tashkent, 100011, Republic of Uzbekistan",
            "UZ",
        ),
        ("100096, Tashkent, Tursunkulova Street 8, Uzbekistan", "UZ"),
        # a street named after a country does not beat the country at the end
        ("Chad Street 1, Niger Avenue, Moscow, Russian Federation", "RU"),
        ("Jordan Road, Kowloon, Hong Kong", "HK"),
    ],
)
def test_country_in_address(address: str, code: str) -> None:
    assert country_in_address(address) == code


@pytest.mark.parametrize(
    "address",
    [
        "603950, Nizhny Novgorod, Sormovskoye Shosse, 1Zh",
        "Moscow",
        "Unit 12, Of Street, No 5",
        "",
        " , ; ",
    ],
)
def test_country_in_address_none(address: str) -> None:
    assert country_in_address(address) is None
