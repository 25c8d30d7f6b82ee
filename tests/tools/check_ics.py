"""Reads an iCalendar object on stdin, checks its lines (CRLF, at most 75 octets, no character split by a
fold) and parses it with Python's `icalendar`. Prints the events as JSON (the same shape as
check_ics.mjs prints with ical.js), or exits 1 naming the first problem."""
import json
import sys

from icalendar import Calendar

raw = sys.stdin.buffer.read()
if not raw.endswith(b"\r\n"):
    sys.exit("the object does not end with CRLF")
for n, line in enumerate(raw[:-2].split(b"\r\n"), 1):
    if b"\n" in line or b"\r" in line:
        sys.exit(f"line {n} has a bare LF or CR")
    if len(line) > 75:
        sys.exit(f"line {n} has {len(line)} octets")
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        sys.exit(f"line {n} splits a character: {line!r}")

cal = Calendar.from_ical(raw.decode("utf-8"))
timezones = [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")]


def text(v):
    return None if v is None else str(v)


def when(v):
    if v is None:
        return None
    dt = v.dt
    tzid = v.params.get("TZID")
    return {"local": dt.strftime("%Y-%m-%dT%H:%M:%S"), "tzid": tzid, "utc": dt.astimezone().strftime("%s") if dt.tzinfo else None}


events = []
for e in cal.walk("VEVENT"):
    cats = []
    for c in e.get("CATEGORIES", []) if isinstance(e.get("CATEGORIES"), list) else [e.get("CATEGORIES")]:
        if c is not None:
            cats.extend(str(x) for x in c.cats)
    org = e.get("ORGANIZER")
    events.append({
        "uid": text(e.get("UID")),
        "sequence": int(e.get("SEQUENCE", 0)),
        "status": text(e.get("STATUS")),
        "summary": text(e.get("SUMMARY")),
        "description": text(e.get("DESCRIPTION")),
        "location": text(e.get("LOCATION")),
        "url": text(e.get("URL")),
        "start": when(e.get("DTSTART"))["local"],
        "end": when(e.get("DTEND"))["local"],
        "tzid": when(e.get("DTSTART"))["tzid"],
        "start_utc": int(e.decoded("DTSTART").timestamp()),
        "categories": cats,
        "organizer": text(org),
        "organizer_cn": org.params.get("CN") if org is not None else None,
        "last_modified": int(e.decoded("LAST-MODIFIED").timestamp()) if e.get("LAST-MODIFIED") else None,
        "dtstamp": int(e.decoded("DTSTAMP").timestamp()) if e.get("DTSTAMP") else None,
    })

print(json.dumps({
    "prodid": text(cal.get("PRODID")),
    "method": text(cal.get("METHOD")),
    "name": text(cal.get("X-WR-CALNAME")),
    "timezone": text(cal.get("X-WR-TIMEZONE")),
    "refresh": text(cal.get("REFRESH-INTERVAL").to_ical().decode()) if cal.get("REFRESH-INTERVAL") else None,
    "ttl": text(cal.get("X-PUBLISHED-TTL")),
    "vtimezones": timezones,
    "events": events,
}, ensure_ascii=False))
