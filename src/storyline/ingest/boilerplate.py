"""Page furniture that survives main-text extraction, by family, one line at a time.

Seen on real news pages after trafilatura (htmldate's 200 Media Cloud pages) and in the issue's
383 real articles: advertisement and "continue reading" lines, image credits ("Image copyright
Getty Images", "Photo: Reuters", "(AP Photo/...)"), gallery counters ("3/34", "Image 3 of 12"),
caption toggles ("Hide caption", "Enlarge this image"), "Live updates" labels, share and
subscribe prompts, copyright lines ("Copyright © 2016 NPR"). On the web pages of many languages
also: donation appeals ("Thanks for donating today."), strips of links ("Education - Urdu News -
Car Prices - ..."), an outlet's description of itself ("UrduPoint Network is the largest
independent digital media house ..."), feed teasers ("Post-ul ... apare prima dată în Unica.md."),
"read also" labels in other languages ("Baca: ...") and captions labelled "写真：". In a live
blog (PolNeAR's HuffPost pages): its widget run into each entry ("FlagShareLikeReply").
``boilerplate_reason`` names the family of a line or returns None; ``storyline.ingest.clean``
records the removed line with that reason and its offsets.

Every pattern is anchored to the whole line or to a short line (a strip of links or a feed
teaser may be long, but neither holds a sentence of the article), so a body sentence that merely
mentions a photo, a share price or copyright law is kept.
"""

from __future__ import annotations

import re

MAX_FURNITURE_WORDS = 30  # a prompt or credit longer than this is prose, not furniture

ADVERTISEMENT = re.compile(
    r"^(?:advertisements?|advertise with us|skip advert(?:isement)?|ad feedback"
    r"|(?:advertisement\s*)?continue reading(?: the main story| below)?"
    r"|(?:article|story) continues (?:below|after)(?: (?:the )?(?:advertisement|ad))?"
    r"|advertisement\s*-\s*scroll to continue)$",
    re.I,
)
IMAGE_CREDIT = re.compile(
    r"^(?:image|photo|picture|foto|photograph|video)s?\s+(?:copyright|credit|source)\b"
    r"|^(?:image|photo|picture|foto|photograph|illustration|фото|zdjęcie|写真|照片|사진)s?\s*[:：]\s*\S"
    r"|^(?:photo\s+)?credits?\s*:\s*\S"
    r"|^(?:getty images|ap photo|afp photo|shutterstock)(?:\s*/.*)?$"
    r"|^images? may be subject to copyright\.?$"
    r"|\((?:[A-Z]{2,6}\s+)?(?:photo|foto|image)s?\s*/[^)]{2,60}\)\s*$"
    r"|\((?:photo\s*)?credits?\s*:[^)]{2,60}\)\s*$",
    re.I,
)
GALLERY_COUNTER = re.compile(
    r"^(?P<n>\d{1,3})\s*/\s*(?P<of>\d{1,3})(?:\s|$)"
    r"|^(?:image|photo|picture|slide)\s+(?P<n2>\d{1,3})\s+(?:of|/)\s+(?P<of2>\d{1,3})\b",
    re.I,
)
CAPTION_TOGGLE = re.compile(
    r"^(?:(?:hide|show|toggle|close|expand) caption|caption|image caption|enlarge this image"
    r"|view (?:the )?(?:full )?(?:gallery|slideshow)|(?:view|see) all \d+ (?:photos|images)"
    r"|launch (?:gallery|slideshow)|swipe (?:for|to see) more|(?:previous|next) (?:image|photo))$",
    re.I,
)
LIVE_LABEL = re.compile(r"^(?:live(?: updates| blog| coverage| now)?|breaking(?: news)?)$", re.I)
SHARE_PROMPT = re.compile(
    r"^(?:share (?:on|via|this|to) \w+|share this (?:story|article|page)|tweet this|email this"
    r"|follow us(?: on\b.*)?|(?:you can )?also follow us on\b.*"
    r"|subscribe(?: now| today| to\b.*)?|sign up(?: for| to)\b.*|sign up|get our newsletter\b.*"
    r"|(?:read|see) more\s*:.*|(?:also read|see also)\s*:.*"
    r"|related (?:topics|information|stories|articles|coverage|links)\s*:?"
    r"|(?:click|tap) here\b.*|download (?:the|our) [\w ]+ app\b.*"
    r"|(?:watch|see) (?:the )?(?:latest |full )?videos? (?:at|on) \S+"
    r"|stay (?:updated|tuned|connected) with\b.*|.*\bsubscribe (?:to|at|on) \S+\.\S+"
    r"|.{0,40}\bis now on (?:telegram|whatsapp|instagram|facebook|twitter|youtube)\b.*"
    # "read also" in other languages: Indonesian, German, French, Spanish, Portuguese, Italian,
    # Russian, Polish, Dutch
    r"|(?:baca(?: juga)?|lesen sie auch|lire aussi|lea también|lee también|leia também"
    r"|leggi anche|читайте также|czytaj (?:też|także)|lees ook)\s*:.*)$",
    re.I,
)
# an appeal for money under the article: "please consider making a donation ... Thanks for
# donating today."
DONATION_APPEAL = re.compile(
    r"\b(?:thanks?(?: you)? for (?:donating|your donation|your support)"
    r"|(?:please )?consider (?:making a donation|donating|a donation|supporting us)"
    r"|donate (?:now|today)|support (?:our|independent) journalism)\b",
    re.I,
)
# a line of many short links: "Education - Urdu News - Car Prices - Breaking News - ...",
# "Series – Beryl Stafford – Bobo's BizWest TV Leadership Series – Lori Jones – ..."
LINK_SEPARATOR = re.compile(r"\s[-–—|•·]\s")
MIN_LINKS = 5
MAX_LINK_WORDS = 6  # words per link, on average
MIN_TITLED = 0.8  # the share of links that open with a capital
# an outlet describing itself in its footer: "UrduPoint Network is the largest independent
# digital media house from Pakistan ..."
SITE_BLURB = re.compile(
    r"^[\w.&'’-]+(?:\s+[\w.&'’-]+){0,3}\s+is\s+(?:the|a|an)\s+(?:largest|leading|biggest"
    r"|premier|number one|no\. ?1|most (?:popular|trusted|read))\b.{0,80}?\b(?:media|news"
    r"|publish\w*|broadcast\w*|portal|website|newspaper)\b",
    re.I,
)
# a feed's teaser of another article, closed by its footer: "The post ... appeared first on
# Unica.md." (WordPress; Romanian, French, German, Spanish, Portuguese)
FEED_TEASER = re.compile(
    r"\b(?:appeared first on|apare prima dată (?:în|pe)|est apparu en premier sur"
    r"|erschien zuerst auf|apareció primero en|aparece primero en|apareceu primeiro em)"
    r"\s+\S+?\.?$",
    re.I,
)
UNSUBSCRIBE = re.compile(r"\bunsubscribe at any time\b", re.I)
# a live blog's or comment thread's widget run into its entry: "Igor BobicFlagShareLikeReplyAni
# Vrabel 5ptsmoderatorFeaturedFebruary 6, 2016 10:20PMTed Cruz, Chris Christie Address Heroin
# Epidemic" (the entry's author, the buttons, the moderator's points, the time, its title)
COMMENT_WIDGET = re.compile(
    r"flag\s*share\s*like\s*reply|(?<!\d)\d{1,5} ?pts ?moderator|\blike\s*reply\s*flag\b", re.I
)
COPYRIGHT = re.compile(
    r"^(?:copyrights?\s*)?(?:©|ⓒ|\(c\))"
    r"|\bcopyrights?\b\s*(?:©|ⓒ|\(c\)|\d{4}|&\s*disclaimer)"
    r"|\ball rights reserved\b|\btodos los derechos reservados\b|\balle rechte vorbehalten\b"
    r"|\btous droits réservés\b|(?:^|\s)(?:©|ⓒ)\s*(?:\d{4}|[A-Za-z])"
    r"|\ball rights of the \w+ are reserved\b|\breproduction without (?:proper )?(?:consent"
    r"|permission)\b",
    re.I,
)


def boilerplate_reason(line: str) -> str | None:
    """The furniture family of a stripped line (``"image credit"``, ...), or None for prose."""
    if _link_list(line):
        return "link list"
    if FEED_TEASER.search(line):
        return "feed teaser"
    if SITE_BLURB.match(line):
        return "outlet description"
    if len(line.split()) > MAX_FURNITURE_WORDS:
        return None
    if ADVERTISEMENT.match(line):
        return "advertisement"
    if _gallery_counter(line):
        return "gallery counter"
    if CAPTION_TOGGLE.match(line):
        return "caption toggle"
    if LIVE_LABEL.match(line):
        return "live label"
    if COPYRIGHT.search(line):
        return "copyright line"
    if IMAGE_CREDIT.search(line):
        return "image credit"
    if SHARE_PROMPT.match(line) or UNSUBSCRIBE.search(line):
        return "share or subscribe prompt"
    if DONATION_APPEAL.search(line):
        return "donation appeal"
    if COMMENT_WIDGET.search(line):
        return "comment widget"
    return None


def _link_list(line: str) -> bool:
    """At least ``MIN_LINKS`` short items between dashes or bars, nearly all of them opening
    with a capital like a title, no sentence among them and no final stop. Tokenized prose
    spaces its hyphens ("The 6 - foot - 8, 225 - pound forward has been ..."): its pieces open
    in lower case and it ends with a stop."""
    links = LINK_SEPARATOR.split(line)
    if len(links) < MIN_LINKS or re.search(r"[.!?]\s+[A-Z]|[.!?]\W*$", line):
        return False
    titled = sum(1 for link in links if link.strip()[:1].isupper())
    words = sum(len(link.split()) for link in links)
    return words <= MAX_LINK_WORDS * len(links) and titled >= MIN_TITLED * len(links)


def _gallery_counter(line: str) -> bool:
    """``3/34`` or ``Image 3 of 12`` opening a line: item n of a gallery of at least 3."""
    match = GALLERY_COUNTER.match(line)
    if match is None:
        return False
    number = int(match["n"] or match["n2"])
    size = int(match["of"] or match["of2"])
    return 1 <= number <= size and size >= 3
