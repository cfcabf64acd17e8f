"""Countries, the names and demonyms that stand for them, and capitals used as governments.

A small hand-kept gazetteer for entity resolution: ``North Korean`` and ``the DPRK`` are North
Korea; ``Pyongyang`` is North Korea when it acts (``Pyongyang denies``) and the city otherwise.
Keys are normalised with ``storyline.nlp.entities.entities.name_key``-compatible lower-case forms.
"""

from __future__ import annotations

# canonical name -> (other names and demonyms, capitals or seats of government)
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "United States": (
        ("US", "U.S.", "USA", "U.S.A.", "the United States", "America", "American", "Americans"),
        ("Washington", "the White House"),
    ),
    "North Korea": (
        ("North Korean", "North Koreans", "DPRK", "the DPRK"),
        ("Pyongyang",),
    ),
    "South Korea": (
        ("South Korean", "South Koreans", "ROK", "Republic of Korea"),
        ("Seoul",),
    ),
    "Russia": (("Russian", "Russians", "Russian Federation"), ("Moscow", "the Kremlin", "Kremlin")),
    "China": (("Chinese", "PRC", "People's Republic of China"), ("Beijing",)),
    "Japan": (("Japanese",), ("Tokyo",)),
    "Taiwan": (("Taiwanese",), ("Taipei",)),
    "Ukraine": (("Ukrainian", "Ukrainians"), ("Kyiv", "Kiev")),
    "Belarus": (("Belarusian",), ("Minsk",)),
    "Poland": (("Polish",), ("Warsaw",)),
    "Germany": (("German", "Germans"), ("Berlin",)),
    "France": (("French",), ("Paris",)),
    "United Kingdom": (
        ("UK", "U.K.", "Britain", "Great Britain", "British", "the United Kingdom"),
        ("London", "Downing Street"),
    ),
    "Italy": (("Italian",), ("Rome",)),
    "Spain": (("Spanish",), ("Madrid",)),
    "Canada": (("Canadian",), ("Ottawa",)),
    "Mexico": (("Mexican",), ("Mexico City",)),
    "Brazil": (("Brazilian",), ("Brasilia",)),
    "Australia": (("Australian",), ("Canberra",)),
    "India": (("Indian",), ("New Delhi",)),
    "Pakistan": (("Pakistani",), ("Islamabad",)),
    "Afghanistan": (("Afghan",), ("Kabul",)),
    "Iran": (("Iranian", "Islamic Republic of Iran"), ("Tehran",)),
    "Iraq": (("Iraqi",), ("Baghdad",)),
    "Syria": (("Syrian",), ("Damascus",)),
    "Israel": (("Israeli", "Israelis"), ("Jerusalem",)),
    "Turkey": (("Turkish", "Turkiye", "Türkiye"), ("Ankara",)),
    "Saudi Arabia": (("Saudi",), ("Riyadh",)),
    "Egypt": (("Egyptian",), ("Cairo",)),
    "Lebanon": (("Lebanese",), ("Beirut",)),
    "Yemen": (("Yemeni",), ("Sanaa",)),
    "Qatar": (("Qatari",), ("Doha",)),
    "Vietnam": (("Vietnamese",), ("Hanoi",)),
    "Philippines": (("Filipino", "Philippine", "the Philippines"), ("Manila",)),
    "Indonesia": (("Indonesian",), ("Jakarta",)),
    "Venezuela": (("Venezuelan",), ("Caracas",)),
    "Cuba": (("Cuban",), ("Havana",)),
    "Mongolia": (("Mongolian",), ("Ulaanbaatar",)),
}


def _key(name: str) -> str:
    """The lookup form of a name; mirrors ``entities.name_key`` without importing it."""
    name = name.replace("’", "'").casefold()
    if name.startswith("the "):
        name = name[4:]
    return " ".join(name.replace(".", "").replace("-", " ").split())


COUNTRY_OF_NAME: dict[str, str] = {}
COUNTRY_OF_CAPITAL: dict[str, str] = {}
for _country, (_names, _capitals) in COUNTRIES.items():
    COUNTRY_OF_NAME[_key(_country)] = _country
    for _name in _names:
        COUNTRY_OF_NAME[_key(_name)] = _country
    for _capital in _capitals:
        COUNTRY_OF_CAPITAL[_key(_capital)] = _country


def country_of(name: str) -> str | None:
    """The country a name or demonym stands for (``North Korean`` -> ``North Korea``)."""
    return COUNTRY_OF_NAME.get(_key(name))


def country_of_capital(name: str) -> str | None:
    """The country whose government a capital may stand for (``Pyongyang`` -> North Korea)."""
    return COUNTRY_OF_CAPITAL.get(_key(name))
