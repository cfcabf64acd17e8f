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
    # the rest of the world; a capital that is also a common given name, a US place or
    # another body's seat (Sofia, Santiago, Kingston, Brussels) is left out, and so are
    # countries whose name is one (Chad, Georgia)
    "Greece": (("Greek", "Greeks"), ("Athens",)),
    "Netherlands": (("Dutch", "Holland", "the Netherlands"), ("Amsterdam", "The Hague")),
    "Belgium": (("Belgian",), ()),
    "Switzerland": (("Swiss",), ("Bern",)),
    "Austria": (("Austrian",), ("Vienna",)),
    "Sweden": (("Swedish", "Swede", "Swedes"), ("Stockholm",)),
    "Norway": (("Norwegian",), ("Oslo",)),
    "Denmark": (("Danish",), ("Copenhagen",)),
    "Finland": (("Finnish",), ("Helsinki",)),
    "Ireland": (("Irish",), ("Dublin",)),
    "Portugal": (("Portuguese",), ("Lisbon",)),
    "Czech Republic": (("Czech", "Czechia"), ("Prague",)),
    "Slovakia": (("Slovak",), ("Bratislava",)),
    "Hungary": (("Hungarian",), ("Budapest",)),
    "Romania": (("Romanian",), ("Bucharest",)),
    "Bulgaria": (("Bulgarian",), ()),
    "Serbia": (("Serbian", "Serb", "Serbs"), ("Belgrade",)),
    "Croatia": (("Croatian", "Croat", "Croats"), ("Zagreb",)),
    "Bosnia": (("Bosnian", "Bosnia and Herzegovina"), ("Sarajevo",)),
    "Slovenia": (("Slovenian", "Slovene"), ("Ljubljana",)),
    "Albania": (("Albanian",), ("Tirana",)),
    "Kosovo": (("Kosovar",), ("Pristina",)),
    "North Macedonia": (("Macedonia", "Macedonian"), ("Skopje",)),
    "Moldova": (("Moldovan",), ("Chisinau",)),
    "Lithuania": (("Lithuanian",), ("Vilnius",)),
    "Latvia": (("Latvian",), ("Riga",)),
    "Estonia": (("Estonian",), ("Tallinn",)),
    "Iceland": (("Icelandic",), ("Reykjavik",)),
    "Cyprus": (("Cypriot",), ("Nicosia",)),
    "Armenia": (("Armenian",), ("Yerevan",)),
    "Azerbaijan": (("Azerbaijani", "Azeri"), ("Baku",)),
    "Jordan": (("Jordanian",), ("Amman",)),
    "Kuwait": (("Kuwaiti",), ("Kuwait City",)),
    "Bahrain": (("Bahraini",), ("Manama",)),
    "United Arab Emirates": (("UAE", "U.A.E.", "Emirati"), ("Abu Dhabi",)),
    "Oman": (("Omani",), ("Muscat",)),
    "Palestine": (("Palestinian", "Palestinians"), ("Ramallah",)),
    "Libya": (("Libyan",), ("Tripoli",)),
    "Tunisia": (("Tunisian",), ("Tunis",)),
    "Algeria": (("Algerian",), ("Algiers",)),
    "Morocco": (("Moroccan",), ("Rabat",)),
    "Sudan": (("Sudanese",), ("Khartoum",)),
    "South Sudan": (("South Sudanese",), ("Juba",)),
    "Kazakhstan": (("Kazakh",), ("Astana",)),
    "Uzbekistan": (("Uzbek",), ("Tashkent",)),
    "Turkmenistan": (("Turkmen",), ("Ashgabat",)),
    "Kyrgyzstan": (("Kyrgyz",), ("Bishkek",)),
    "Tajikistan": (("Tajik",), ("Dushanbe",)),
    "Bangladesh": (("Bangladeshi",), ("Dhaka",)),
    "Sri Lanka": (("Sri Lankan",), ("Colombo",)),
    "Nepal": (("Nepali", "Nepalese"), ("Kathmandu",)),
    "Myanmar": (("Burma", "Burmese"), ("Naypyidaw", "Yangon", "Rangoon")),
    "Thailand": (("Thai",), ("Bangkok",)),
    "Cambodia": (("Cambodian",), ("Phnom Penh",)),
    "Laos": (("Laotian",), ("Vientiane",)),
    "Malaysia": (("Malaysian",), ("Kuala Lumpur",)),
    "Singapore": (("Singaporean",), ()),
    "New Zealand": (("New Zealander", "New Zealanders"), ()),
    "Kenya": (("Kenyan", "Kenyans"), ("Nairobi",)),
    "Tanzania": (("Tanzanian", "Tanzanians"), ("Dodoma", "Dar es Salaam")),
    "Uganda": (("Ugandan",), ("Kampala",)),
    "Ethiopia": (("Ethiopian",), ("Addis Ababa",)),
    "Somalia": (("Somali", "Somalis"), ("Mogadishu",)),
    "Eritrea": (("Eritrean",), ("Asmara",)),
    "Rwanda": (("Rwandan",), ("Kigali",)),
    "Burundi": (("Burundian",), ("Bujumbura",)),
    "Democratic Republic of Congo": (
        ("Congolese", "DRC", "DR Congo", "Democratic Republic of the Congo"),
        ("Kinshasa",),
    ),
    "Nigeria": (("Nigerian", "Nigerians"), ("Abuja",)),
    "Ghana": (("Ghanaian",), ("Accra",)),
    "Senegal": (("Senegalese",), ("Dakar",)),
    "Mali": (("Malian",), ("Bamako",)),
    "Niger": (("Nigerien",), ("Niamey",)),
    "Cameroon": (("Cameroonian",), ("Yaounde",)),
    "Ivory Coast": (("Ivorian", "Cote d'Ivoire", "Côte d'Ivoire"), ("Abidjan",)),
    "South Africa": (("South African", "South Africans"), ("Pretoria",)),
    "Zimbabwe": (("Zimbabwean",), ("Harare",)),
    "Zambia": (("Zambian",), ("Lusaka",)),
    "Mozambique": (("Mozambican",), ("Maputo",)),
    "Angola": (("Angolan",), ("Luanda",)),
    "Liberia": (("Liberian",), ("Monrovia",)),
    "Sierra Leone": (("Sierra Leonean",), ("Freetown",)),
    "Argentina": (("Argentine", "Argentinian"), ("Buenos Aires",)),
    "Chile": (("Chilean",), ()),
    "Colombia": (("Colombian",), ("Bogota", "Bogotá")),
    "Peru": (("Peruvian",), ("Lima",)),
    "Ecuador": (("Ecuadorian",), ("Quito",)),
    "Bolivia": (("Bolivian",), ("La Paz",)),
    "Uruguay": (("Uruguayan",), ("Montevideo",)),
    "Paraguay": (("Paraguayan",), ("Asuncion", "Asunción")),
    "Guatemala": (("Guatemalan",), ("Guatemala City",)),
    "Honduras": (("Honduran",), ("Tegucigalpa",)),
    "El Salvador": (("Salvadoran",), ("San Salvador",)),
    "Nicaragua": (("Nicaraguan",), ("Managua",)),
    "Panama": (("Panamanian",), ("Panama City",)),
    "Haiti": (("Haitian",), ("Port-au-Prince",)),
    "Dominican Republic": (("Dominican",), ("Santo Domingo",)),
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
