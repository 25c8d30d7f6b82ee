// Parses an iCalendar object on stdin with ical.js (the parser of Thunderbird) and prints its events as
// JSON in the shape check_ics.py prints, so the two independent parsers can be compared.
// ical.js is installed by `scripts/bootstrap test` under $HOINGHI_CACHE/node.
const cache = process.env.HOINGHI_CACHE || `${process.env.HOME}/.cache/hoinghi`;
const ICAL = (await import(`${cache}/node/node_modules/ical.js/dist/ical.js`)).default;

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const text = Buffer.concat(chunks).toString("utf8");
const cal = new ICAL.Component(ICAL.parse(text));
for (const tz of cal.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(tz);
}
// ical.js keeps properties it has no type for (X-WR-*) as written; RFC 5545 makes their default type TEXT.
const unescapeText = (v) => (v == null ? v : String(v).replace(/\\([\\;,nN])/g, (_, c) => (c === "n" || c === "N" ? "\n" : c)));
const pad = (n) => String(n).padStart(2, "0");
const local = (t) => `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
const events = cal.getAllSubcomponents("vevent").map((v) => {
  const e = new ICAL.Event(v);
  const start = v.getFirstProperty("dtstart");
  const org = v.getFirstProperty("organizer");
  const cats = v.getAllProperties("categories").flatMap((p) => p.getValues());
  const lm = v.getFirstPropertyValue("last-modified");
  const stamp = v.getFirstPropertyValue("dtstamp");
  return {
    uid: e.uid,
    sequence: e.sequence || 0,
    status: v.getFirstPropertyValue("status"),
    summary: e.summary,
    description: e.description,
    location: e.location,
    url: v.getFirstPropertyValue("url"),
    start: local(e.startDate),
    end: local(e.endDate),
    tzid: start.getParameter("tzid") || null,
    start_utc: e.startDate.toUnixTime(),
    categories: cats,
    organizer: org ? org.getFirstValue() : null,
    organizer_cn: org ? org.getParameter("cn") : null,
    last_modified: lm ? lm.toUnixTime() : null,
    dtstamp: stamp ? stamp.toUnixTime() : null,
  };
});
console.log(JSON.stringify({
  prodid: cal.getFirstPropertyValue("prodid"),
  method: cal.getFirstPropertyValue("method"),
  name: unescapeText(cal.getFirstPropertyValue("x-wr-calname")),
  timezone: cal.getFirstPropertyValue("x-wr-timezone"),
  events,
}));
