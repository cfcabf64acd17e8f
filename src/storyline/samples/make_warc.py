"""Build ``corpus/crawl_port_alder.warc.gz``: two archived news pages as WARC response records.

The archive is committed; this script documents how it was made and rebuilds it byte for byte.
Every header that warcio would otherwise fill from the clock or a random generator (record id,
capture date) is fixed here, and gzip writes no timestamp, so two runs give the same bytes.

Run from the repository root: ``python src/storyline/samples/make_warc.py``.
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUTPUT = Path(__file__).resolve().parent / "corpus" / "crawl_port_alder.warc.gz"
# uuid5 of a fixed namespace and the page URL: a stable WARC-Record-ID per page.
RECORD_NAMESPACE = uuid.UUID("6f1c2a4e-0b7d-4c1e-9a55-3d2f8e7b9c10")

MERIDIAN_CUSTOMS = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Grey Lantern: the gang behind the Port Alder customs attack | The Meridian Post</title>
<meta property="og:site_name" content="The Meridian Post">
<meta property="og:title" content="Grey Lantern: the gang behind the Port Alder customs attack">
<meta property="article:published_time" content="2025-09-10T08:00:00+02:00">
<meta name="author" content="Corin Maddox">
<script>window.mpConsent = {ads: false}; /* consent manager */</script>
</head>
<body>
<nav><a href="/">The Meridian Post</a> <a href="/valdoria">Valdoria</a>
<a href="/tech">Technology</a> <a href="/subscribe">Subscribe</a></nav>
<main><article>
<h1>Grey Lantern: the gang behind the Port Alder customs attack</h1>
<p>For a second day, customs officers at Port Alder worked with paper forms and rubber stamps on
Wednesday while specialists from the national cyber security centre tried to rebuild the
electronic customs platform that a ransomware gang switched off on Monday night.</p>
<p>The group that claimed the attack, Grey Lantern, is not new. Security researchers at Castellum
Labs in Dunmore have tracked it for three years and link it to attacks on hospitals, city
councils and a ferry operator in several countries. Its members write in at least two languages,
and its leak site lists more than sixty victims.</p>
<p>"They are patient. They buy a password, usually a contractor's, and then they wait and map
the network before they encrypt anything," said Castellum analyst Yara Pell. "And they like to
come back. Victims that pay, and victims that do not, often hear from them again."</p>
<p>The Valdoria Customs Service has said it will not pay, and its director, Lorenz Abeck, has said
there is no evidence that traders' data was stolen. Grey Lantern claims to hold every customs
declaration filed at the port and has threatened to publish them within a week.</p>
<p>About 400 trucks were queuing on the coast road on Tuesday, according to the haulage
association. By Wednesday the queue had shortened, as forwarders sent urgent cargo through the
port of Brenn.</p>
<p>Lawmakers want to know why a platform that handles most of the country's imports relied on
single passwords for outside contractors. The transport committee has called Abeck to appear
next week.</p>
</article></main>
<aside><h3>Most Read</h3>
<p><a href="/valdoria/coalition-talks">Coalition talks stall</a></p></aside>
<footer><p>&copy; The Meridian Post</p><p><a href="/privacy">Privacy</a></p></footer>
</body>
</html>
"""

COASTLINE_PORT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ransomware attack shuts Port Alder container terminals - Coastline Daily</title>
<meta property="og:site_name" content="Coastline Daily">
<meta property="og:title" content="Ransomware attack shuts Port Alder container terminals">
<meta property="article:published_time" content="2026-02-10T06:30:00+01:00">
<script type="text/javascript">var cdAds = {slot: "top-banner"};</script>
</head>
<body>
<div class="cookie-banner">We use cookies to improve your experience.</div>
<nav><a href="/">Home</a> &gt; <a href="/local">Local</a> &gt; <a href="/local/port">Port</a></nav>
<div class="ad-slot">Advertisement</div>
<article>
<h1>Ransomware attack shuts Port Alder container terminals</h1>
<p>PORT ALDER, Feb. 9 (HW) -- A ransomware attack has shut down the container terminals at Port
Alder, Valdoria's largest port, stranding about 2,300 containers on the quays and forcing ships
to wait at anchor, the Port Alder Port Authority said on Monday.</p>
<p>The criminal group Grey Lantern, which crippled the port's customs platform in September last
year, claimed responsibility on its leak site and said it had encrypted the systems that schedule
cranes and track containers.</p>
<p>"We will not pay a single crown to criminals," Port Authority chief executive Henrik Sallow
told reporters at the harbour office. "We will restore our systems from clean backups, and we
will do it properly rather than quickly."</p>
<p>The terminals stopped work on Sunday afternoon when crane operators lost contact with the
scheduling system. Eleven ships were waiting outside the harbour on Monday.</p>
<p>Dock workers sent home on Monday said they had been told to expect at least two days without
work. "We are paid by the shift. Two days is a lot of money for a family," said crane operator
Lars Quill, who has worked at the terminals for fourteen years.</p>
<p>Freight forwarders said they were diverting cargo to the smaller port of Brenn, 90 kilometres
along the coast. Fresh produce importers warned of shortages within days if the terminals
stayed shut.</p>
</article>
<footer><p>&copy; Coastline Daily, Port Alder.</p></footer>
</body>
</html>
"""

# (target URI, capture date, HTML page)
PAGES = (
    (
        "https://www.meridianpost.example/valdoria/grey-lantern-customs-attack",
        "2025-09-10T09:12:44Z",
        MERIDIAN_CUSTOMS,
    ),
    (
        "https://coastlinedaily.example/local/port-alder-ransomware-terminals",
        "2026-02-10T07:03:19Z",
        COASTLINE_PORT,
    ),
)


def response_record(writer: WARCWriter, uri: str, captured: str, html: str) -> object:
    """One WARC response record holding an HTTP 200 response with the page as its body."""
    body = html.encode("utf-8")
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    warc_headers = {
        "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(RECORD_NAMESPACE, uri)}>",
        "WARC-Date": captured,
    }
    return writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )


def build_warc() -> bytes:
    """The gzipped WARC archive of ``PAGES``, the same bytes on every run."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, captured, html in PAGES:
        writer.write_record(response_record(writer, uri, captured, html))
    return buffer.getvalue()


def main() -> None:
    OUTPUT.write_bytes(build_warc())
    print(f"wrote {OUTPUT.name} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
