//! Conference archives through the service layer: a conference with something in every table goes
//! SQLite → archive → PostgreSQL → archive → SQLite and comes back the same, archive bytes and every
//! table's rows (compared after mapping ids, by a reading of the schema independent of the archive's
//! code); it also imports beside other conferences; what depends on ids or the secret behaves as
//! documented (nomination links regenerated, issued documents made again byte for byte, register numbers
//! entering the target agency's register, a clash refused); and damaged or hostile archives are refused
//! with a clear message, writing nothing.

use crate::common;
use crate::common::fixture;

use crate::common::app_error;
use hoinghi_domain::agenda::AgendaSnapshot;
use hoinghi_domain::correspondence::{DocumentKind, LinkState, TakeNumberInput};
use hoinghi_domain::{AppError, Locale};
use hoinghi_service::accounts::Actor;
use hoinghi_service::conferences::archive::{self, Document, tables};
use hoinghi_service::{
    Backend, Service, agenda, conferences, correspondence as corr, feedback, files, reference, registration,
};
use serde_json::Value;
use sqlx::{Column, Row};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

// ---------------------------------------------------------------------------------------------------
// Every table's rows of one conference, read from the schema itself, ids mapped.

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum V {
    Null,
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

async fn strings(svc: &Service, sql: &str, bind: Option<&str>) -> Vec<Vec<String>> {
    let mut q = sqlx::query(sql);
    if let Some(b) = bind {
        q = q.bind(b.to_string());
    }
    q.fetch_all(svc.db.read())
        .await
        .unwrap()
        .iter()
        .map(|r| (0..r.len()).map(|i| r.try_get::<String, _>(i).unwrap_or_default()).collect())
        .collect()
}

/// Table names, and each table's foreign keys: (table, column) → referenced table.
async fn schema(svc: &Service) -> (BTreeSet<String>, HashMap<(String, String), String>) {
    let mut fks = HashMap::new();
    let names: BTreeSet<String> = match svc.db.backend() {
        Backend::Sqlite => {
            let names: BTreeSet<String> =
                strings(svc, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", None)
                    .await
                    .into_iter()
                    .map(|r| r[0].clone())
                    .collect();
            for t in &names {
                let rows =
                    sqlx::query(&format!("PRAGMA foreign_key_list('{t}')")).fetch_all(svc.db.read()).await.unwrap();
                for r in rows {
                    let (target, from): (String, String) = (r.try_get("table").unwrap(), r.try_get("from").unwrap());
                    fks.insert((t.clone(), from), target);
                }
            }
            names
        }
        Backend::Postgres => {
            for r in strings(
                svc,
                "SELECT kcu.table_name::text, kcu.column_name::text, ccu.table_name::text \
                 FROM information_schema.table_constraints tc \
                 JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema \
                 JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema \
                 WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()",
                None,
            )
            .await
            {
                fks.insert((r[0].clone(), r[1].clone()), r[2].clone());
            }
            strings(
                svc,
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                None,
            )
            .await
            .into_iter()
            .map(|r| r[0].clone())
            .collect()
        }
    };
    (names, fks)
}

/// All rows of a table, columns by name, values as read (flags as 0/1 on both engines).
async fn rows_of(svc: &Service, table: &str) -> Vec<BTreeMap<String, V>> {
    let rows = sqlx::query(&format!("SELECT * FROM {table}")).fetch_all(svc.db.read()).await.unwrap();
    rows.iter()
        .map(|r| {
            r.columns()
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let v = if let Ok(v) = r.try_get::<Option<i64>, _>(i) {
                        v.map(V::Int)
                    } else if let Ok(v) = r.try_get::<Option<String>, _>(i) {
                        v.map(V::Text)
                    } else if let Ok(v) = r.try_get::<Option<bool>, _>(i) {
                        v.map(|b| V::Int(b as i64))
                    } else {
                        r.try_get::<Option<Vec<u8>>, _>(i).unwrap().map(V::Bytes)
                    };
                    (c.name().to_string(), v.unwrap_or(V::Null))
                })
                .collect()
        })
        .collect()
}

type Dump = BTreeMap<String, Vec<BTreeMap<String, V>>>;

/// The conference's rows in every archived table, with ids replaced by their rank among the conference's
/// rows of that table, accounts by email, units by agency and name; published versions with their ids
/// mapped the same way (rows gone since: by order of first appearance). Edit tags are left out (the
/// archive does not carry them, by design); nomination links' hashes are kept as whether there is one
/// (they are derived from the ids, so an import gives new ones, checked in `import_and_check`).
async fn dump(svc: &Service, slug: &str) -> Dump {
    let (names, fks) = schema(svc).await;
    let expected: BTreeSet<String> =
        tables::archived().chain(tables::NOT_ARCHIVED.iter().copied()).map(str::to_string).collect();
    assert_eq!(names, expected, "every table is either archived or listed as not part of a conference");
    let cid = conferences::by_slug_for_organizer(svc, &Actor::System, slug).await.unwrap().id;

    let mut all: HashMap<String, Vec<BTreeMap<String, V>>> = HashMap::new();
    for t in tables::archived().chain(["users", "agencies", "units"]) {
        all.insert(t.to_string(), rows_of(svc, t).await);
    }
    // Every column of every archived table is one the archive knows (a new column cannot be forgotten).
    for t in tables::archived() {
        if let Some(row) = all[t].first() {
            let schema: BTreeSet<&str> = row.keys().map(String::as_str).collect();
            let known: BTreeSet<&str> = tables::columns(t).unwrap().into_iter().collect();
            assert_eq!(schema, known, "{t}: the archive's columns are the schema's");
        }
    }
    // The conference's rows: its own, then by following foreign keys to rows already found.
    let mut mine: HashMap<String, Vec<BTreeMap<String, V>>> = HashMap::new();
    let mut keys: HashMap<String, BTreeSet<V>> = HashMap::new();
    for t in tables::archived() {
        let rows: Vec<BTreeMap<String, V>> = all[t]
            .iter()
            .filter(|r| {
                if t == "conferences" {
                    return r["id"] == V::Int(cid);
                }
                if let Some(c) = r.get("conference_id") {
                    return *c == V::Int(cid);
                }
                fks.iter().any(|((table, column), target)| {
                    table == t && keys.get(target).is_some_and(|k| k.contains(&r[column]))
                })
            })
            .cloned()
            .collect();
        if rows.first().is_some_and(|r| r.contains_key("id")) {
            keys.insert(t.to_string(), rows.iter().map(|r| r["id"].clone()).collect());
        }
        mine.insert(t.to_string(), rows);
    }
    // Ranks of integer ids.
    let mut rank: HashMap<String, HashMap<i64, i64>> = HashMap::new();
    for (t, rows) in &mine {
        let mut ids: Vec<i64> =
            rows.iter().filter_map(|r| if let Some(V::Int(id)) = r.get("id") { Some(*id) } else { None }).collect();
        ids.sort();
        rank.insert(t.clone(), ids.into_iter().enumerate().map(|(n, id)| (id, n as i64 + 1)).collect());
    }
    let email: HashMap<i64, String> = all["users"].iter().map(|u| (int(&u["id"]), text(&u["email"]))).collect();
    let agency: HashMap<i64, String> = all["agencies"].iter().map(|a| (int(&a["id"]), text(&a["name"]))).collect();
    let unit: HashMap<i64, String> = all["units"]
        .iter()
        .map(|u| (int(&u["id"]), format!("{}/{}", agency[&int(&u["agency_id"])], text(&u["name"]))))
        .collect();

    let mut ghosts: HashMap<(&'static str, i64), i64> = HashMap::new();
    let mut out = Dump::new();
    let mut versions = mine["agenda_versions"].clone();
    versions.sort_by_key(|r| int(&r["number"]));
    mine.insert("agenda_versions".into(), versions);
    for t in tables::archived() {
        let mut rows = Vec::new();
        for r in &mine[t] {
            let mut row = BTreeMap::new();
            for (column, value) in r {
                let target = fks.get(&(t.to_string(), column.clone()));
                let mapped = match (column.as_str(), target.map(String::as_str), value) {
                    (_, _, V::Null) => V::Null,
                    ("edit_tag", _, _) => continue,
                    ("link_hash", _, _) if t == "invitation_units" => V::Text("link".into()),
                    ("id", _, V::Int(id)) => V::Text(format!("#{}", rank[t][id])),
                    (_, Some("conferences"), _) => V::Text("C".into()),
                    (_, Some("users"), V::Int(id)) => V::Text(email[id].clone()),
                    (_, Some("units"), V::Int(id)) => V::Text(unit[id].clone()),
                    (_, Some("agencies"), V::Int(id)) => V::Text(agency[id].clone()),
                    (_, Some(other), V::Int(id)) => V::Text(format!("#{}", rank[other].get(id).copied().unwrap_or(0))),
                    ("snapshot", _, V::Text(json)) => {
                        let mut s: AgendaSnapshot = serde_json::from_str(json).unwrap();
                        map_snapshot(&mut s, &rank, &mut ghosts);
                        V::Text(serde_json::to_string(&s).unwrap())
                    }
                    ("changes" | "options" | "headers" | "raw_rows" | "mapping", _, V::Text(json)) => {
                        V::Text(serde_json::from_str::<Value>(json).unwrap().to_string())
                    }
                    _ => value.clone(),
                };
                row.insert(column.clone(), mapped);
            }
            rows.push(row);
        }
        rows.sort();
        out.insert(t.to_string(), rows);
    }
    out
}

fn int(v: &V) -> i64 {
    if let V::Int(i) = v { *i } else { panic!("not an integer: {v:?}") }
}

fn text(v: &V) -> String {
    if let V::Text(s) = v { s.clone() } else { panic!("not text: {v:?}") }
}

/// A published version's ids as ranks; rows gone since as negative numbers in order of appearance.
fn map_snapshot(
    s: &mut AgendaSnapshot,
    rank: &HashMap<String, HashMap<i64, i64>>,
    ghosts: &mut HashMap<(&'static str, i64), i64>,
) {
    let mut map = |table: &'static str, id: i64| -> i64 {
        if let Some(r) = rank[table].get(&id) {
            return *r;
        }
        let next = -(ghosts.keys().filter(|(t, _)| *t == table).count() as i64) - 1;
        *ghosts.entry((table, id)).or_insert(next)
    };
    let file = |url: &mut String, map: &mut dyn FnMut(&'static str, i64) -> i64| {
        if let Some((handle, name)) = url.strip_prefix("/files/").and_then(|r| r.split_once('/'))
            && let Ok(id) = handle.parse::<i64>()
        {
            *url = format!("/files/{}/{name}", map("files", id));
        }
    };
    for r in &mut s.rooms {
        r.id = map("rooms", r.id);
    }
    for t in &mut s.tracks {
        t.id = map("tracks", t.id);
    }
    for p in &mut s.people {
        p.id = map("people", p.id);
        if let Some(u) = &mut p.photo_url {
            file(u, &mut map);
        }
    }
    for x in s.sessions.iter_mut().chain(s.removed.iter_mut()) {
        x.room_id = x.room_id.map(|id| map("rooms", id));
        x.track_id = x.track_id.map(|id| map("tracks", id));
        for (id, _) in &mut x.people {
            *id = map("people", *id);
        }
        for m in &mut x.materials {
            m.id = map("session_materials", m.id);
            if m.uploaded {
                file(&mut m.url, &mut map);
            }
        }
    }
}

fn assert_same(a: &Dump, b: &Dump) {
    for (t, rows) in a {
        assert_eq!(rows.len(), b[t].len(), "{t}: row count");
        for (x, y) in rows.iter().zip(&b[t]) {
            assert_eq!(x, y, "{t}");
        }
    }
    assert_eq!(a, b);
}

/// Row counts of every table (to show that a refused import wrote nothing).
async fn counts(svc: &Service) -> BTreeMap<String, i64> {
    let (names, _) = schema(svc).await;
    let mut out = BTreeMap::new();
    for t in names {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {t}")).fetch_one(svc.db.read()).await.unwrap();
        out.insert(t, n);
    }
    out
}

// ---------------------------------------------------------------------------------------------------

/// Imports `archive` into `target` (where the fixture's accounts exist), checks what must hold after an
/// import, and returns the archive exported again.
async fn import_and_check(target: &Service, archive: &[u8], source_dump: &Dump, fx: &fixture::Fixture) -> Vec<u8> {
    fixture::accounts(target).await;
    let report = conferences::import(target, &Actor::System, archive).await.unwrap();
    assert_eq!(report.slug, fixture::SLUG);
    let (max_id,): (i64,) =
        sqlx::query_as("SELECT MAX(id) FROM conferences").fetch_one(target.db.read()).await.unwrap();
    assert_eq!(report.conference_id, max_id, "a new id, given by the database");
    assert!(report.missing_accounts.is_empty(), "{:?}", report.missing_accounts);
    assert_eq!(report.final_minutes.len(), 1, "one final version");
    assert!(report.final_minutes[0].hashes_match, "a final minutes' hashes still verify after the import");
    assert_same(source_dump, &dump(target, fixture::SLUG).await);

    let cid = report.conference_id;
    // The latest version still matches the draft: ids inside the versions were rewritten.
    let draft = agenda::draft(target, &Actor::System, cid).await.unwrap();
    assert!(!draft.unpublished_changes, "no spurious unpublished changes after the import");
    let public = agenda::public_agenda(target, fixture::SLUG).await.unwrap().agenda.unwrap();
    let photo = public.sessions.iter().flat_map(|s| &s.materials).find(|m| m.uploaded).unwrap();
    let key = photo.url.trim_start_matches("/files/").split('/').next().unwrap();
    let file = files::get(target, &Actor::Anonymous, key).await.unwrap();
    assert!(file.public && file.data.starts_with(b"%PDF"), "the material's address still works");
    // Units' nomination links: the same generation for the new ids, so the links the site shows work;
    // the revoked one stays revoked.
    let invited = corr::invitations(target, &Actor::System, cid).await.unwrap();
    let states: BTreeMap<i64, LinkState> = invited.units.iter().map(|u| (u.unit_id, u.link)).collect();
    let unit_named = |name: &str| invited.units.iter().find(|u| u.unit_name == name).unwrap().unit_id;
    assert_eq!(states[&unit_named("Bảo hiểm xã hội Cà Mau")], LinkState::Revoked);
    let active: Vec<_> = invited.units.iter().filter(|u| u.link == LinkState::Active).collect();
    assert_eq!(active.len(), 2, "{states:?}");
    for u in active {
        let token = u.link_url.as_deref().unwrap().rsplit('/').next().unwrap();
        let page = corr::nomination(target, token).await.unwrap();
        assert_eq!((page.conference.id, page.unit_id), (cid, u.unit_id), "{}", u.unit_name);
    }
    // Issued documents other than invitations (whose link is new) come out byte for byte as issued.
    let (_, _, register) = corr::register(target, &Actor::System, cid, None).await.unwrap();
    let made_again: Vec<_> = register
        .iter()
        .filter(|e| e.has_file && e.kind != DocumentKind::Invitation && e.conference_id == Some(cid))
        .collect();
    assert!(made_again.len() >= 3, "the conclusion notice, the report and the answer letters: {register:?}");
    for e in made_again {
        let pdf = corr::document_pdf(target, &Actor::System, cid, e.id).await.unwrap();
        assert_eq!(sha256_hex(&pdf.bytes), e.pdf_sha256, "{} is the file issued", e.symbol);
    }
    // Private links keep working (their hashes travel).
    let (_, token, code) = &fx.delegates[0];
    let view = registration::delegate_view(target, token).await.unwrap();
    assert_eq!(&view.registration.code, code);
    // Anonymous answers stay counted but cannot be changed or given twice; named ones can be changed.
    let form_of = |anonymous: bool| async move {
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM feedback_forms WHERE conference_id = $1 AND anonymous = $2")
            .bind(cid)
            .bind(anonymous)
            .fetch_one(target.db.read())
            .await
            .unwrap();
        id
    };
    let (anonymous, named) = (form_of(true).await, form_of(false).await);
    let submissions = |form: i64| async move {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM feedback_submissions WHERE form_id = $1")
            .bind(form)
            .fetch_one(target.db.read())
            .await
            .unwrap();
        n
    };
    let page = feedback::page_by_token(target, token, anonymous).await.unwrap();
    assert!(page.previous.is_empty(), "the anonymous submission cannot be found again");
    let again = feedback::submit_by_token(target, token, anonymous, page_answers(&page)).await;
    match app_error(again) {
        AppError::Rejected { message } => assert_eq!(message.key, "feedback-error-answered-before"),
        other => panic!("{other:?}"),
    }
    let page = feedback::page_by_token(target, token, named).await.unwrap();
    assert!(!page.previous.is_empty(), "a named submission is found again");
    feedback::submit_by_token(target, token, named, page_answers(&page)).await.unwrap();
    assert_eq!(submissions(named).await, 3, "changed, not added");
    assert_eq!(submissions(anonymous).await as usize, fixture::Scale::SMALL.submissions);
    // Undo the behaviour checks' one write (a named answer's new time) before exporting again: put the
    // archive's submission times back.
    restore_named_times(target, archive).await;
    archive_of(target).await
}

fn page_answers(page: &hoinghi_domain::feedback::FeedbackPage) -> hoinghi_domain::feedback::AnswersInput {
    page.form
        .questions
        .iter()
        .map(|q| {
            let v = page.previous.get(&q.id).cloned().unwrap_or_else(|| match q.kind.as_str() {
                "rating" => vec!["4".into()],
                "single_choice" | "multiple_choice" => vec![q.options[0].clone()],
                _ => vec!["Ý kiến.".into()],
            });
            (hoinghi_domain::registration::answer_key(q.id), v)
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

async fn archive_of(svc: &Service) -> Vec<u8> {
    conferences::export(svc, &Actor::System, fixture::SLUG).await.unwrap()
}

/// Sets the named submissions' times back to the archive's (the check above edited one).
async fn restore_named_times(svc: &Service, original: &[u8]) {
    let doc = archive::document_of(original).unwrap();
    for s in &doc.tables["feedback_submissions"] {
        if let (Some(id), Some(at)) = (s["id"].as_str(), s["submitted_at"].as_i64()) {
            sqlx::query("UPDATE feedback_submissions SET submitted_at = $1 WHERE id = $2")
                .bind(at)
                .bind(id)
                .execute(svc.db.write())
                .await
                .unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_to_postgres_to_sqlite_gives_the_same_archive_and_tables() {
    let source = common::sqlite().await;
    hoinghi_service::demo::load(&source.svc).await.unwrap();
    let fx = fixture::build(&source.svc, fixture::Scale::SMALL).await;
    let started = std::time::Instant::now();
    let a = archive_of(&source.svc).await;
    let source_dump = dump(&source.svc, fixture::SLUG).await;
    eprintln!("archive: {} bytes, exported in {:?}", a.len(), started.elapsed());
    assert!(
        source_dump.values().all(|rows| !rows.is_empty()),
        "the fixture fills every table: {:?}",
        source_dump.iter().filter(|(_, r)| r.is_empty()).map(|(t, _)| t).collect::<Vec<_>>()
    );
    let doc: Document = archive::document_of(&a).unwrap();
    assert_eq!(doc.tables["conferences"].len(), 1, "one conference, not the demo beside it");
    assert!(doc.tables["feedback_submissions"].iter().all(|s| !s.contains_key("edit_tag")));
    // Exporting twice gives the same bytes.
    assert_eq!(a, archive_of(&source.svc).await);

    let middle = match common::postgres().await {
        Some(pg) => {
            let b = import_and_check(&pg.svc, &a, &source_dump, &fx).await;
            assert!(a == b, "SQLite → archive → PostgreSQL → archive gives the same archive");
            Some((pg, b))
        }
        None => None,
    };
    let b = middle.as_ref().map(|(_, b)| b.clone()).unwrap_or_else(|| a.clone());
    let back = common::sqlite().await;
    let c = import_and_check(&back.svc, &b, &source_dump, &fx).await;
    assert!(a == c, "… → SQLite gives the same archive again");
}

on_both_engines!(imports_beside_other_conferences_with_new_ids, |svc: Service| async move {
    // The source on the other engine when there is one.
    let source = common::sqlite().await;
    let fx = fixture::build(&source.svc, fixture::Scale::SMALL).await;
    let a = archive_of(&source.svc).await;
    let source_dump = dump(&source.svc, fixture::SLUG).await;
    // The target already has the demo and another conference, and ids that collide with the source's.
    hoinghi_service::demo::load(&svc).await.unwrap();
    let _other = fixture_like_conference(&svc).await;
    let b = import_and_check(&svc, &a, &source_dump, &fx).await;
    assert!(a == b, "the same archive back from a database with other conferences");
    let demo = agenda::public_agenda(&svc, "so-ket-tap-huan-thong-tin-doi-ngoai-2017").await.unwrap();
    assert!(demo.agenda.unwrap().sessions.len() >= 12, "the demo is untouched");
});

/// Another conference with rooms and sessions, so the target's ids are not the source's.
async fn fixture_like_conference(svc: &Service) -> i64 {
    let c = conferences::create(
        svc,
        &Actor::System,
        hoinghi_domain::conference::ConferenceInput {
            title: "Hội nghị khác".into(),
            starts_on: "2026-03-02".into(),
            ends_on: "2026-03-02".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for name in ["Phòng 1", "Phòng 2", "Phòng 3", "Phòng 4"] {
        agenda::create_room(
            svc,
            &Actor::System,
            c.id,
            hoinghi_domain::agenda::RoomInput { name: name.into(), capacity: String::new() },
        )
        .await
        .unwrap();
    }
    c.id
}

// ---------------------------------------------------------------------------------------------------
// The register of outgoing documents.

const AGENCY: &str = "Bảo hiểm xã hội khu vực Tây Nam Bộ";

/// A conference of the fixture's agency (by name), which the target has with its own place name and
/// numbering scheme.
async fn conference_of_the_same_agency(svc: &Service) -> i64 {
    let agency = reference::create_agency(
        svc,
        &Actor::System,
        reference::AgencyInput {
            name: AGENCY.into(),
            abbreviation: "BHXH TNB".into(),
            parent_name: "Bảo hiểm xã hội Việt Nam".into(),
            place_name: "Vị Thanh".into(),
        },
    )
    .await
    .unwrap();
    conferences::create(
        svc,
        &Actor::System,
        hoinghi_domain::conference::ConferenceInput {
            title: "Hội nghị khác của khu vực".into(),
            starts_on: "2026-03-02".into(),
            ends_on: "2026-03-02".into(),
            agency_id: agency.id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id
}

fn take(kind: &str, drafting_unit: &str) -> TakeNumberInput {
    TakeNumberInput {
        kind: kind.into(),
        subject: "Văn bản soạn ngoài hệ thống".into(),
        drafting_unit: drafting_unit.into(),
        ..Default::default()
    }
}

on_both_engines!(issued_numbers_enter_the_target_register_and_a_clash_is_refused, |svc: Service| async move {
    let source = common::sqlite().await;
    fixture::build(&source.svc, fixture::Scale::SMALL).await;
    let a = archive_of(&source.svc).await;
    let doc = archive::document_of(&a).unwrap();
    let lines = &doc.tables["outgoing_documents"];
    let invitations = lines.iter().filter(|l| l["kind"] == "invitation").filter_map(|l| l["number"].as_i64()).max();
    assert_eq!(invitations, Some(3), "one per unit, numbered per type at the source");
    let agency = doc.agencies.iter().find(|x| x.name == AGENCY).unwrap();
    assert_eq!((agency.place_name.as_str(), agency.numbering.as_str()), ("Cần Thơ", "per_type"));

    // The target has the agency, in one sequence, and a number of its own that the archive does not use.
    fixture::accounts(&svc).await;
    let own = conference_of_the_same_agency(&svc).await;
    let letter = corr::take_number(&svc, &Actor::System, own, take("answer_letter", "HC")).await.unwrap();
    assert_eq!(letter.symbol, "01/BHXH TNB-HC");
    let report = conferences::import(&svc, &Actor::System, &a).await.unwrap();
    let (place, numbering): (String, String) =
        sqlx::query_as("SELECT place_name, numbering FROM agencies WHERE name = $1")
            .bind(AGENCY)
            .fetch_one(svc.db.read())
            .await
            .unwrap();
    assert_eq!((place.as_str(), numbering.as_str()), ("Vị Thanh", "single"), "the agency here keeps its settings");
    // The imported lines are in the agency's register with their numbers as issued …
    let (_, _, register) = corr::register(&svc, &Actor::System, own, None).await.unwrap();
    let here: BTreeSet<&str> = register.iter().map(|e| e.symbol.as_str()).collect();
    for l in lines {
        assert!(here.contains(l["symbol"].as_str().unwrap()), "{l:?} in {here:?}");
    }
    assert_eq!(register.iter().filter(|e| e.conference_id == Some(report.conference_id)).count(), lines.len());
    // … so the next invitation number follows them, and none is given twice.
    let next = corr::take_number(&svc, &Actor::System, own, take("invitation", "")).await.unwrap();
    assert_eq!(next.symbol, "04/GM-BHXH TNB");

    // Another database of the same engine whose register already gave 01/GM-BHXH TNB this year: refused,
    // naming the number, and nothing written.
    let other = match svc.db.backend() {
        Backend::Sqlite => common::sqlite().await,
        Backend::Postgres => common::postgres().await.unwrap(),
    };
    fixture::accounts(&other.svc).await;
    let own = conference_of_the_same_agency(&other.svc).await;
    let taken = corr::take_number(&other.svc, &Actor::System, own, take("invitation", "")).await.unwrap();
    assert_eq!(taken.symbol, "01/GM-BHXH TNB");
    let before = counts(&other.svc).await;
    let e = app_error(conferences::import(&other.svc, &Actor::System, &a).await);
    assert_eq!(message(e.clone()), "archive: archive-error-register-taken");
    for locale in [Locale::Vi, Locale::En] {
        let text = e.message(locale);
        assert!(text.contains("01/GM-BHXH TNB") && text.contains(AGENCY), "{text}");
    }
    assert_eq!(counts(&other.svc).await, before, "nothing written");
});

// ---------------------------------------------------------------------------------------------------
// Damaged and hostile archives.

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The archive's entries, unpacked.
fn entries(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut out).unwrap();
            (f.name().unwrap().to_string(), out)
        })
        .collect()
}

fn with_json(archive: &[u8], change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut all = entries(archive);
    let mut json: Value = serde_json::from_slice(&all[0].1).unwrap();
    change(&mut json);
    all[0].1 = serde_json::to_vec(&json).unwrap();
    let refs: Vec<(&str, &[u8])> = all.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    zip_of(&refs)
}

fn message(e: AppError) -> String {
    match &e {
        AppError::Invalid { fields } => format!("{}: {}", fields[0].field, fields[0].message.key),
        AppError::TooLarge { .. } => "too large".into(),
        other => panic!("{other:?}"),
    }
}

on_both_engines!(damaged_and_hostile_archives_are_refused_and_write_nothing, |svc: Service| async move {
    let source = common::sqlite().await;
    fixture::build(&source.svc, fixture::Scale::SMALL).await;
    let good = archive_of(&source.svc).await;
    fixture::accounts(&svc).await;
    let before = counts(&svc).await;
    let json = entries(&good)[0].1.clone();
    let file = entries(&good).into_iter().find(|(n, _)| n.starts_with("files/")).unwrap();
    let sha_of = |b: &[u8]| {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(b))
    };
    let zeros = vec![0u8; 80 * 1024 * 1024];
    let bomb_name = format!("files/{}", sha_of(&zeros));
    let mut duplicated = zip_of(&[
        ("conference.json", &json),
        (&file.0, &file.1),
        ("files/0000000000000000000000000000000000000000000000000000000000000000", b"x"),
    ]);
    // Rename the third entry to the second's name in the local and central headers: two entries, one name.
    let (from, to) =
        ("files/0000000000000000000000000000000000000000000000000000000000000000".as_bytes(), file.0.as_bytes());
    let mut i = 0;
    while i + from.len() <= duplicated.len() {
        if &duplicated[i..i + from.len()] == from {
            duplicated[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    // Two directory entries pointing at the same bytes (how non-recursive zip bombs multiply one entry).
    let mut overlapping = zip_of(&[("conference.json", &json), (&file.0, &file.1)]);
    let second = overlapping.windows(4).enumerate().filter(|(_, w)| *w == b"PK\x01\x02").nth(1).unwrap().0;
    overlapping[second + 42..second + 46].copy_from_slice(&0u32.to_le_bytes());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("overlapping entries", overlapping, "archive: archive-error-overlapping"),
        ("not a zip", b"{\"format\": \"hoinghi.conference.v1\"}".to_vec(), "archive: archive-error-not-zip"),
        ("truncated", good[..good.len() / 2].to_vec(), "archive: archive-error-damaged"),
        ("empty zip", zip_of(&[]), "archive: archive-error-no-json"),
        (
            "parent path",
            zip_of(&[("conference.json", &json), ("../../etc/cron.d/x", b"x")]),
            "archive: archive-error-unsafe-path",
        ),
        (
            "nested parent path",
            zip_of(&[("conference.json", &json), ("files/../../x", b"x")]),
            "archive: archive-error-unsafe-path",
        ),
        (
            "absolute path",
            zip_of(&[("conference.json", &json), ("/etc/passwd", b"x")]),
            "archive: archive-error-unsafe-path",
        ),
        (
            "unknown entry",
            zip_of(&[("conference.json", &json), ("notes.txt", b"x")]),
            "archive: archive-error-unknown-entry",
        ),
        ("duplicated entry", duplicated, "archive: archive-error-duplicate-entry"),
        (
            "zip bomb",
            zip_of(&[("conference.json", &json), (&bomb_name, &zeros)]),
            "archive: archive-error-entry-too-large",
        ),
        (
            "file not matching its hash",
            zip_of(&[("conference.json", &json), (&file.0, b"other bytes")]),
            "archive: archive-error-file-hash",
        ),
        (
            "truncated JSON",
            zip_of(&[("conference.json", &json[..json.len() / 2]), (&file.0, &file.1)]),
            "archive: archive-error-json",
        ),
        (
            "wrong format",
            with_json(&good, |j| j["format"] = "hoinghi.conference.v1".into()),
            "archive: archive-error-format",
        ),
        ("wrong version", with_json(&good, |j| j["version"] = 99.into()), "archive: archive-error-version"),
        (
            "unknown table",
            with_json(&good, |j| {
                j["tables"]["users"] = serde_json::json!([]);
            }),
            "archive: archive-error-table",
        ),
        (
            "unknown column",
            with_json(&good, |j| {
                j["tables"]["rooms"][0]["is_admin"] = true.into();
            }),
            "archive: archive-error-value",
        ),
        (
            "wrong type",
            with_json(&good, |j| {
                j["tables"]["sessions"][0]["starts_at"] = "sáng".into();
            }),
            "archive: archive-error-value",
        ),
        (
            "dangling reference",
            with_json(&good, |j| {
                j["tables"]["sessions"][0]["room_id"] = 999.into();
            }),
            "archive: archive-error-value",
        ),
        (
            "minutes not JSON",
            with_json(&good, |j| {
                j["tables"]["minutes_revisions"][0]["content"] = "{".into();
            }),
            "archive: archive-error-value",
        ),
        (
            "issued document not a letter",
            with_json(&good, |j| {
                j["tables"]["outgoing_documents"][0]["content"] = "{\"trang\": 1}".into();
            }),
            "archive: archive-error-value",
        ),
        (
            "draft of an unknown kind",
            with_json(&good, |j| {
                j["tables"]["correspondence_drafts"][0]["kind"] = "memo".into();
            }),
            "archive: archive-error-value",
        ),
        (
            "draft text not of its kind",
            with_json(&good, |j| {
                j["tables"]["correspondence_revisions"][0]["content"] = "[1, 2]".into();
            }),
            "archive: archive-error-value",
        ),
        (
            "nomination link as a hash",
            with_json(&good, |j| {
                j["tables"]["invitation_units"][0]["link_hash"] = "ab12".into();
            }),
            "archive: archive-error-value",
        ),
        (
            "bad state",
            with_json(&good, |j| {
                j["tables"]["minutes"][0]["state"] = "unlocked".into();
            }),
            "archive: archive-error-value",
        ),
        (
            "bad slug",
            with_json(&good, |j| {
                j["tables"]["conferences"][0]["slug"] = "../admin".into();
            }),
            "slug: conference-error-slug-format",
        ),
        // Refused by the database, inside the transaction: agencies and units already written are undone.
        (
            "bad status",
            with_json(&good, |j| {
                j["tables"]["registrations"][3]["status"] = "vip".into();
            }),
            "archive: archive-error-rejected",
        ),
    ];
    for (what, bytes, expected) in cases {
        let e = app_error(conferences::import(&svc, &Actor::System, &bytes).await);
        assert_eq!(message(e.clone()), expected, "{what}");
        // Every message reads as a sentence in both languages, naming what is wrong.
        assert!(!e.message(Locale::Vi).contains("archive-error"), "{what}: {}", e.message(Locale::Vi));
        assert_eq!(counts(&svc).await, before, "{what}: nothing written");
    }
    // Only administrators import.
    let organizer = common::organizer(&svc, "to.chuc@bhxh.gov.vn").await;
    assert!(matches!(app_error(conferences::import(&svc, &organizer, &good).await), AppError::Forbidden));
    // The real archive goes in; a second time it collides on the slug, and after renaming the first, on
    // the sessions' uids (calendars know sessions by them): refused inside the transaction, nothing kept.
    conferences::import(&svc, &Actor::System, &good).await.unwrap();
    let after = counts(&svc).await;
    assert_eq!(
        message(app_error(conferences::import(&svc, &Actor::System, &good).await)),
        "slug: conference-error-slug-taken"
    );
    let renamed = sqlx::query("UPDATE conferences SET slug = 'doi-ten' WHERE slug = $1")
        .bind(fixture::SLUG)
        .execute(svc.db.write())
        .await
        .unwrap();
    assert_eq!(renamed.rows_affected(), 1);
    let e = app_error(conferences::import(&svc, &Actor::System, &good).await);
    assert_eq!(message(e.clone()), "archive: archive-error-exists");
    assert!(e.message(Locale::Vi).contains("bảng"), "{}", e.message(Locale::Vi));
    assert_eq!(counts(&svc).await, after, "the refused second import wrote nothing");
});
