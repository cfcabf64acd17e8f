"""Units as news writes them, normalized: ``km`` and ``kilometers`` are one ``kilometre``.

Normalized names follow the vocabulary of quantulum3 and CQE (``percentage``, ``dollar``,
``pound sterling``, ``pound-mass``, ``mile per hour``), so figures compare across outlets and
with those tools. ``DIMENSIONS`` gives each physical unit its dimension and factor to the SI
base, so ``12 km`` and ``7.46 miles`` compare as one length. Pure tables and functions.
"""

from __future__ import annotations

# surface form (case-folded) -> normalized unit
SURFACE_UNITS: dict[str, str] = {}


def _add(normalized: str, *surfaces: str) -> None:
    for surface in surfaces:
        SURFACE_UNITS[surface] = normalized


_add("percentage", "%", "percent", "per cent", "pct", "percentage", "pc")
_add("percentage point", "percentage point", "percentage points")
_add("basis point", "basis point", "basis points", "bps", "bp")
_add("point", "point", "points", "pts")
_add("kilometre", "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres")
_add("metre", "m", "meter", "meters", "metre", "metres")
_add("centimetre", "cm", "centimeter", "centimeters", "centimetre", "centimetres")
_add("millimetre", "mm", "millimeter", "millimeters", "millimetre", "millimetres")
_add("micrometre", "micron", "microns", "micrometre", "micrometres", "micrometer", "µm", "μm")
_add("nanometre", "nanometer", "nanometers", "nanometre", "nanometres")
_add("mile", "mile", "miles", "mi")
_add("yard", "yard", "yards", "yd", "yds")
_add("foot", "foot", "feet", "ft", "′")
_add("inch", "inch", "inches", "in.", "″")
_add("square mile", "square mile", "square miles", "sq mi")
_add("square metre", "square metre", "square metres", "square meter", "square meters", "sq m",
     "m2", "m²")  # fmt: skip
_add("square foot", "square foot", "square feet", "sq ft")
_add("square kilometre", "square kilometre", "square kilometres", "square kilometer",
     "square kilometers", "sq km", "km2", "km²")  # fmt: skip
_add("square centimetre", "square centimetre", "square centimetres", "cm2", "cm²")
_add("cubic metre", "cubic metre", "cubic metres", "cubic meter", "cubic meters", "m3", "m³")
_add("cubic foot", "cubic foot", "cubic feet")
_add("hectare", "hectare", "hectares", "ha")
_add("acre", "acre", "acres")
_add("kilogram", "kg", "kgs", "kilogram", "kilograms", "kilo", "kilos")
_add("gram", "g", "gram", "grams", "gramme", "grammes")
_add("milligram", "mg", "milligram", "milligrams")
_add("tonne", "tonne", "tonnes", "metric ton", "metric tons")
_add("ton", "ton", "tons")
_add("pound-mass", "lb", "lbs", "lb.", "lbs.")
_add("ounce", "oz", "ounce", "ounces")
_add("litre", "l", "litre", "litres", "liter", "liters")
_add("millilitre", "ml", "millilitre", "millilitres", "milliliter", "milliliters")
_add("gallon", "gallon", "gallons", "gal")
_add("quart", "quart", "quarts", "qt")
_add("pint", "pint", "pints")
_add("barrel", "barrel", "barrels", "bbl")
_add("mile per hour", "mph", "miles per hour", "mile per hour")
_add("kilometre per hour", "km/h", "kmh", "kph", "kilometres per hour", "kilometers per hour")
_add("mile per gallon", "mpg", "miles per gallon")
_add("revolutions per minute", "rpm")
_add("celsius", "°c", "celsius", "degrees celsius", "c")
_add("fahrenheit", "°f", "fahrenheit", "degrees fahrenheit", "f")
_add("degree", "°", "degree", "degrees")
_add("kilowatt", "kw", "kilowatt", "kilowatts")
_add("megawatt", "mw", "megawatt", "megawatts")
_add("gigawatt", "gw", "gigawatt", "gigawatts")
_add("watt", "w", "watt", "watts")
_add("gigawatt hour", "gwh", "gigawatt hour", "gigawatt hours", "gigawatt-hour")
_add("mega british thermal unit", "mmbtu")
_add("kilowatt hour", "kwh", "kilowatt hour", "kilowatt hours", "kilowatt-hour")
_add("horsepower", "hp", "horsepower", "ps")
_add("brake horsepower", "bhp")
_add("newton metre", "nm", "newton metre", "newton metres", "newton meters")
_add("foot pound-force", "lb-ft", "lb ft")
_add("pound-foot", "pound-feet", "pound-foot")
_add("hertz", "hz", "hertz")
_add("gigahertz", "ghz", "gigahertz")
_add("gigabyte", "gb", "gigabyte", "gigabytes")
_add("terabyte", "tb", "terabyte", "terabytes")
_add("megabyte", "mb", "megabyte", "megabytes")
_add("decibel", "db", "decibel", "decibels")
_add("milliampere-hour", "mah")
_add("gigapascal", "gpa", "gigapascal", "gigapascals")
_add("parts-per-billion", "ppb", "parts per billion")
_add("parts-per-million", "ppm", "parts per million")
_add("second", "second", "seconds", "sec", "secs", "s")
_add("minute", "minute", "minutes", "min", "mins")
_add("hour", "hour", "hours", "hr", "hrs")
_add("day", "day", "days")
_add("week", "week", "weeks")
_add("month", "month", "months")
_add("year", "year", "years", "yr", "yrs")
_add("decade", "decade", "decades")
_add("century", "century", "centuries")
_add("year of age", "year-old", "years-old", "year old", "years old")
_add("month of age", "month-old", "months-old", "month old", "months old")
_add("cent", "cent", "cents", "¢")
_add("count", "times")  # "6.5 times earnings": a multiple
_add("pence", "p", "pence", "penny")

# currency signs and codes, before or after a number
CURRENCY_SIGNS: dict[str, str] = {
    "$": "dollar", "us$": "dollar", "usd": "dollar", "$us": "dollar", "$a": "australian dollar",
    "y=": "japanese yen", "jpy=": "japanese yen", "eur=": "euro",
    "€": "euro", "eur": "euro", "£": "pound sterling", "gbp": "pound sterling",
    "¥": "japanese yen", "jpy": "japanese yen", "₩": "south korean won", "krw": "south korean won",
    "a$": "australian dollar", "aud": "australian dollar", "c$": "canadian dollar",
    "cad": "canadian dollar", "hk$": "hong kong dollar", "hkd": "hong kong dollar",
    "s$": "singapore dollar", "sgd": "singapore dollar", "nz$": "new zealand dollar",
    "rs": "indian rupee", "rs.": "indian rupee", "inr": "indian rupee", "₹": "indian rupee",
    "rm": "malaysian ringgit", "myr": "malaysian ringgit", "₪": "shekel", "ils": "shekel",
    "cny": "chinese yuan", "rmb": "chinese yuan", "chf": "swiss franc", "r$": "brazilian real",
    "dkk": "danish krone", "sek": "swedish krona", "nok": "norwegian krone", "₽": "russian ruble",
    "kn": "croatian kuna", "hrk": "croatian kuna", "rub": "russian ruble",
    "egp": "egyptian pound", "zar": "south african rand",
    "ps": "pound sterling",  # "£" as a Latin-1 page mangled into ASCII: "PS2.7m"
}  # fmt: skip
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "dollar", "dollars": "dollar", "euro": "euro", "euros": "euro",
    "yen": "japanese yen", "won": "south korean won", "yuan": "chinese yuan",
    "renminbi": "chinese yuan", "ringgit": "malaysian ringgit", "shekel": "shekel",
    "shekels": "shekel", "rupee": "indian rupee", "rupees": "indian rupee",
    "ruble": "russian ruble", "rubles": "russian ruble", "rouble": "russian ruble",
    "roubles": "russian ruble", "krone": "danish krone", "kroner": "danish krone",
    "franc": "swiss franc", "francs": "swiss franc", "rand": "south african rand",
    "danish crowns": "danish krone", "swedish crowns": "swedish krona",
    "norwegian crowns": "norwegian krone", "czech crowns": "czech koruna",
    "peso": "peso", "pesos": "peso", "sen": "sen", "real": "brazilian real",
    "reais": "brazilian real", "baht": "thai baht", "lira": "turkish lira",
}  # fmt: skip
# "pounds" is money or weight: the words around it tell which
POUND_WORDS = frozenset({"pound", "pounds"})
WEIGHT_CONTEXT = frozenset(
    [
        "weigh",
        "weighs",
        "weighed",
        "weighing",
        "weight",
        "heavy",
        "lighter",
        "heavier",
        "fish",
        "bass",
        "catch",
        "tumor",
        "baby",
        "born",
        "lose",
        "lost",
        "gain",
        "gained",
        "muscle",
        "butter",
        "flour",
        "meat",
        "beef",
        "cheese",
        "pumpkin",
        "bag",
        "bags",
    ]
)
MONEY_CONTEXT = frozenset(
    [
        "pay",
        "paid",
        "cost",
        "costs",
        "spend",
        "spent",
        "fine",
        "fined",
        "worth",
        "price",
        "prices",
        "deal",
        "sold",
        "sell",
        "buy",
        "bought",
        "fund",
        "funding",
        "budget",
        "salary",
        "wage",
        "bill",
        "sterling",
        "million",
        "billion",
        "bn",
        "m",
        "bonus",
        "fee",
        "tax",
    ]
)
# "Egyptian pounds", "Lebanese pound": a national adjective names another currency
POUND_NATIONS = {
    "egyptian": "egyptian pound", "lebanese": "lebanese pound", "syrian": "syrian pound",
    "sudanese": "sudanese pound", "british": "pound sterling", "irish": "irish pound",
}  # fmt: skip
# dollar variants named by a country word before "dollars"
DOLLAR_NATIONS = {
    "australian": "australian dollar", "canadian": "canadian dollar", "us": "dollar",
    "u.s.": "dollar", "american": "dollar",
    "singapore": "singapore dollar", "hong kong": "hong kong dollar", "taiwan": "new taiwan dollar",
    "new zealand": "new zealand dollar", "hk": "hong kong dollar",
}  # fmt: skip

# dimension and factor to the SI base unit, for comparing measures written in other units
DIMENSIONS: dict[str, tuple[str, float]] = {
    "kilometre": ("length", 1000.0), "metre": ("length", 1.0), "centimetre": ("length", 0.01),
    "millimetre": ("length", 0.001), "mile": ("length", 1609.344), "yard": ("length", 0.9144),
    "foot": ("length", 0.3048), "inch": ("length", 0.0254),
    "kilogram": ("mass", 1.0), "gram": ("mass", 0.001), "tonne": ("mass", 1000.0),
    "pound-mass": ("mass", 0.45359237), "ounce": ("mass", 0.028349523),
    "litre": ("volume", 0.001), "gallon": ("volume", 0.003785411784),
    "mile per hour": ("speed", 0.44704), "kilometre per hour": ("speed", 1 / 3.6),
    "hectare": ("area", 1e4), "acre": ("area", 4046.8564224), "square mile": ("area", 2589988.11),
    "square metre": ("area", 1.0), "square foot": ("area", 0.09290304),
}  # fmt: skip


def unit_of_surface(surface: str) -> str | None:
    """The normalized unit a written unit names, or None when it names no unit we know."""
    return SURFACE_UNITS.get(surface.casefold())


def currency_of_sign(sign: str) -> str | None:
    """``$`` -> dollar, ``HK$`` -> hong kong dollar, ``EUR`` -> euro; None if not a currency."""
    return CURRENCY_SIGNS.get(sign.casefold())


def pound_unit(before: str, context: set[str]) -> str:
    """``pounds``: a national currency after its adjective, a weight among weight words,
    else sterling (news writes weights in lb more rarely than money in pounds)."""
    nation = POUND_NATIONS.get(before.casefold())
    if nation:
        return nation
    weight = len(context & WEIGHT_CONTEXT)
    money = len(context & MONEY_CONTEXT)
    return "pound-mass" if weight > money else "pound sterling"


CURRENCIES = frozenset(
    {*CURRENCY_SIGNS.values(), *CURRENCY_WORDS.values(), *POUND_NATIONS.values(), "cent", "pence"}
)


def is_currency(unit: str) -> bool:
    """Whether a normalized unit is money: ``dollar``, ``egyptian pound``, ``cent``."""
    return unit in CURRENCIES


def in_base_units(value: float, unit: str) -> tuple[str, float] | None:
    """``(dimension, value in SI base units)``; None for units without a dimension here."""
    found = DIMENSIONS.get(unit)
    return (found[0], value * found[1]) if found else None
