"""Page furniture families removed by cleaning, with their reason and offsets; prose kept.

Every line here is invented for the test, in the shape of what real pages carry.
"""

from __future__ import annotations

import pytest

from storyline.ingest.boilerplate import boilerplate_reason
from storyline.ingest.clean import clean_text

FURNITURE = [
    ("Advertisement", "advertisement"),
    ("Advertisement Continue reading the main story", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Image copyright Lantern Pictures", "image credit"),
    ("Photo: Harbour Wire", "image credit"),
    ("Photo credit: Mira Osei", "image credit"),
    ("Crowds gather on the quay at dawn. (HW Photo/Jonas Pell)", "image credit"),
    ("Volunteers fill sandbags. (Credits: Valley Press)", "image credit"),
    ("3/34", "gallery counter"),
    ("3/34 28 November 2017 Volunteers fill sandbags by the river", "gallery counter"),
    ("Image 3 of 12", "gallery counter"),
    ("Hide caption", "caption toggle"),
    ("Toggle caption", "caption toggle"),
    ("Enlarge this image", "caption toggle"),
    ("Live updates", "live label"),
    ("Share on Facebook", "share or subscribe prompt"),
    ("Subscribe to our morning briefing", "share or subscribe prompt"),
    ("Sign up for our emails", "share or subscribe prompt"),
    ("READ MORE: Ferry strike enters its second week", "share or subscribe prompt"),
    ("Watch the latest video at video.foxnews.com.", "share or subscribe prompt"),
    ("Copyright © 2016 Harbour Radio", "copyright line"),
    ("© 2019 Valley Press Ltd. All rights reserved.", "copyright line"),
    # a live blog's widget run into its entry (the shape of PolNeAR's HuffPost live blogs)
    (
        "Mira OseiFlagShareLikeReplyJonas Pell 5ptsmoderatorFeaturedMarch 2, 2016"
        " 9:14PMHarbour Mayor Answers Ferry Questions",
        "comment widget",
    ),
]
PROSE = [
    "The minister said the photo was taken two days before the vote.",
    "Shares of the ferry operator fell 3% after the strike began.",
    "Copyright law does not protect facts, the judge wrote.",
    "Related to the inquiry, police questioned three harbour workers on Monday.",
    "Live music returned to the square for the first time since the flood.",
    "He said 1/2 of the budget went to repairs.",
    "Reuters",  # an outlet label the metadata stage reads, not an image credit
    "Readers can flag, share, like or reply to every comment, the editor said.",
]


@pytest.mark.parametrize(("line", "reason"), FURNITURE)
def test_furniture_line_is_named_by_its_family(line: str, reason: str) -> None:
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", PROSE)
def test_body_sentence_is_not_furniture(line: str) -> None:
    assert boilerplate_reason(line) is None


def test_cleaning_records_each_removed_family_with_offsets() -> None:
    raw = (
        "Ferry strike enters its second week\n"
        "Hide caption\n"
        "Dock workers walked out on Monday, the union said.\n"
        "Advertisement Continue reading the main story\n"
        "The operator said 40 crossings were cancelled.\n"
        "3/34 28 November 2017 Pickets at the ferry terminal\n"
        "Copyright © 2016 Harbour Radio\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.text == (
        "Dock workers walked out on Monday, the union said.\n\n"
        "The operator said 40 crossings were cancelled."
    )
    reasons = [span.reason for span in cleaned.removed]
    assert reasons == ["caption toggle", "advertisement", "gallery counter", "copyright line"]
    for span in cleaned.removed:
        assert raw[span.start : span.end] == span.text


# Lines of the web world (htmldate's Media Cloud pages, ../shared/data/htmldate_dev), as
# trafilatura left them in the article text, each with the family cleaning now gives it.
WEB_FURNITURE = [
    (
        "If you found the reporting above valuable, please consider making a donation to "
        "support it. Your gift pays for everything you find on KUT.org. Thanks for donating "
        "today.",
        "donation appeal",
    ),
    (
        "Education - Urdu News - Car Prices - Breaking News - English News - Live Tv Channels - "
        "Urdu Horoscope - Horoscope in Urdu - Muslim Names in Urdu",
        "link list",
    ),
    (
        "Loft By Christopher Wood — March 11, 2020 Sponsored Content BizWest TV Leadership "
        "Series – Beryl Stafford – Bobo’s BizWest TV Leadership Series – Lori Jones – Avocet "
        "Communications First Bank – Making Your Business Big BizWest TV Leadership Series – "
        "Adrian Tuck – Tendril",
        "link list",
    ),
    (
        "UrduPoint Network is the largest independent digital media house from Pakistan, "
        "catering the needs of its users since year 1997. We provide breaking news, Pakistani "
        "news, International news, Business news, Sports news, Urdu news and Live Urdu News",
        "outlet description",
    ),
    (
        "All rights of the publication are reserved by UrduPoint.com. Reproduction without "
        "proper consent is not allowed.",
        "copyright line",
    ),
    (
        "Ministerul Sănătății informează despre înregistrarea altor decese provocate de "
        "COVID-19: Deces 1171: Bărbat de 72 ani, din mun. Chișinău, internat la SCM „Sfânta "
        "Trеimе”, pe 15 septembrie. Comorbidități: boală cardiovasculară, ... Post-ul 16 "
        "moldoveni au murit de Covid-19, în ultimele 24 de ore apare prima dată în Unica.md.",
        "feed teaser",
    ),
    (
        "Stay updated with Times of India to get live score updates, ball-by-ball commentary "
        "of 14th match in IPL 2020 between Chennai Super Kings and Sunrisers Hyderabad.",
        "share or subscribe prompt",
    ),
    ("BT is now on Telegram!", "share or subscribe prompt"),
    (
        "For daily updates on weekdays and specially selected content for the weekend. "
        "Subscribe to t.me/BizTimes",
        "share or subscribe prompt",
    ),
    (
        "Baca: Jawaban Soal SMP, Senin 4 Mei 2020, Belajar dari Rumah di TVRI, Kain Batik",
        "share or subscribe prompt",
    ),
    (
        "Lire aussi : Solidarité. Don de plus de 3500 masques au Samu de Bayonne par une "
        "société de transport basque",
        "share or subscribe prompt",
    ),
    ("写真：セレクトセールでの落札シーン＆落札後の横姿(2019/7/8撮影)", "image credit"),
]
# body sentences of the same pages, kept
WEB_PROSE = [
    "Dutzende Fälle rund um «Liebe, Sex und Tod» (1997), «Starkbier» (1999), den "
    "«Viktualienmarkt» (2000) und «Die letzte Wiesn» (2015) folgten auf «Animal Crackers».",
    "The Keys closed its doors to tourists on March 22.",
    "Hello and welcome to the Live coverage of Match 14 of the IPL 2020 between Chennai Super "
    "Kings and Sunrisers Hyderabad at Dubai International Stadium in Dubai.",
    "Travis GOP Chair Matt Mackowiak says he will announce the candidate likely sometime "
    "Monday morning.",
    # tokenized real news (ECB+ in the open world) spaces its hyphens: prose, not links
    "The 6 - foot - 8, 225 - pound forward has been a consensus first - team All - American in "
    "each of the past two seasons.",
    "23 - year - old John Jenkin, of Millom, has been charged with the murder of his 58 - year - "
    "old mother, Alice McMeekin, and sister, Kathryn Jenkin, 20, who is from Aberdare.",
    "3rd - and - 8 – (Shotgun formation) Peyton Hillis around right end for - 2 yards",
]


@pytest.mark.parametrize(("line", "reason"), WEB_FURNITURE)
def test_web_page_furniture_is_named_by_its_family(line: str, reason: str) -> None:
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", WEB_PROSE)
def test_web_page_body_sentence_is_not_furniture(line: str) -> None:
    assert boilerplate_reason(line) is None
