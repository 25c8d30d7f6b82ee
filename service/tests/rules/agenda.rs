//! The agenda through the service layer, on SQLite and PostgreSQL: building a two-day, two-track
//! programme, conflicts, publishing versions with change lists and sequences, the public view.

use crate::common::{app_error, invalid_fields, organizer};
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{Change, Conflict, RoomInput, SessionInput, TrackInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::people::PersonInput;
use hoinghi_service::accounts::Actor;
use hoinghi_service::{Service, agenda, conferences, people, public_revision};

async fn conference(svc: &Service, actor: &Actor) -> i64 {
    let input = ConferenceInput {
        title: "Hội nghị tập huấn".into(),
        starts_on: "2026-12-07".into(),
        ends_on: "2026-12-08".into(),
        ..Default::default()
    };
    let c = conferences::create(svc, actor, input).await.unwrap();
    conferences::publish(svc, actor, c.id).await.unwrap();
    c.id
}

fn session(title: &str, day: &str, start: &str, end: &str, room: i64, track: i64) -> SessionInput {
    SessionInput {
        title: title.into(),
        day: day.into(),
        start: start.into(),
        end: end.into(),
        room_id: room.to_string(),
        track_id: track.to_string(),
        ..Default::default()
    }
}

fn person(family: &str, middle: &str, given: &str) -> PersonInput {
    PersonInput {
        family_name: family.into(),
        middle_name: middle.into(),
        given_name: given.into(),
        ..Default::default()
    }
}

on_both_engines!(build_check_publish_and_change, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let cid = conference(&svc, &an).await;
    let hall = agenda::create_room(&svc, &an, cid, RoomInput { name: "Hội trường".into(), capacity: "150".into() })
        .await
        .unwrap();
    let class = agenda::create_room(&svc, &an, cid, RoomInput { name: "Phòng học".into(), capacity: "40".into() })
        .await
        .unwrap();
    let review =
        agenda::create_track(&svc, &an, cid, TrackInput { name: "Sơ kết".into(), color: String::new() }).await.unwrap();
    let training =
        agenda::create_track(&svc, &an, cid, TrackInput { name: "Tập huấn".into(), color: "#1E40AF".into() })
            .await
            .unwrap();
    assert_eq!(training.color, "#1e40af");
    let thu = people::create(&svc, &an, cid, person("Nguyễn", "Thị", "Thu")).await.unwrap();

    let opening =
        agenda::create(&svc, &an, cid, session("Khai mạc", "2026-12-07", "08:00", "08:30", hall.id, review.id))
            .await
            .unwrap();
    let report = agenda::create(&svc, &an, cid, session("Báo cáo", "2026-12-07", "08:30", "09:30", hall.id, review.id))
        .await
        .unwrap();
    let module =
        agenda::create(&svc, &an, cid, session("Chuyên đề 1", "2026-12-07", "08:30", "10:00", class.id, training.id))
            .await
            .unwrap();
    assert_eq!((opening.start.to_string(), opening.day.to_string()), ("08:00:00".into(), "2026-12-07".into()));
    assert_eq!(opening.starts_at, 1_796_605_200, "08:00 in Hồ Chí Minh is 01:00 UTC");

    // A room conflict and a person conflict are flagged, not refused.
    let clash =
        agenda::create(&svc, &an, cid, session("Trùng phòng", "2026-12-07", "09:00", "09:45", hall.id, review.id))
            .await
            .unwrap();
    agenda::add_person(&svc, &an, module.id, &thu.id.to_string(), "trainer").await.unwrap();
    agenda::add_person(&svc, &an, report.id, &thu.id.to_string(), "presenter").await.unwrap();
    let draft = agenda::draft(&svc, &an, cid).await.unwrap();
    assert!(draft.conflicts.iter().any(|c| matches!(c, Conflict::Room { room, first_id, second_id, .. } if room == "Hội trường" && *first_id == report.id && *second_id == clash.id)));
    assert!(draft.conflicts.iter().any(|c| matches!(c, Conflict::Person { person, .. } if person == "Nguyễn Thị Thu")));
    agenda::delete(&svc, &an, clash.id).await.unwrap();

    // First publication.
    let before = public_revision::current(&svc).await.unwrap();
    let v1 = agenda::publish(&svc, &an, cid).await.unwrap();
    assert_eq!(v1.number, 1);
    assert_eq!(v1.changes.iter().filter(|c| matches!(c, Change::Added { .. })).count(), 3);
    assert!(public_revision::current(&svc).await.unwrap() > before);
    assert!(matches!(app_error(agenda::publish(&svc, &an, cid).await), AppError::Rejected { .. }), "nothing changed");
    let slug = conferences::list_public(&svc).await.unwrap()[0].slug.clone();
    let public = agenda::public_agenda(&svc, &slug).await.unwrap().agenda.unwrap();
    assert_eq!(public.sessions.len(), 3);
    assert!(public.sessions.iter().all(|s| s.sequence == 0));

    // Drafts stay private until published.
    let later = agenda::move_to(&svc, &an, report.id, "2026-12-08", "14:00", &class.id.to_string()).await.unwrap();
    assert_eq!(
        (later.start.to_string(), later.end.to_string()),
        ("14:00:00".into(), "15:00:00".into()),
        "moving keeps the length"
    );
    assert_eq!(agenda::public_session(&svc, &slug, &report.uid).await.unwrap().session.day.to_string(), "2026-12-07");
    let mut input = SessionInput::from(&agenda::by_id(&svc, &an, module.id).await.unwrap());
    input.cancelled = "true".into();
    agenda::update(&svc, &an, module.id, input).await.unwrap();
    let v2 = agenda::publish(&svc, &an, cid).await.unwrap();
    assert!(v2.changes.iter().any(|c| matches!(c, Change::Moved { uid, .. } if *uid == report.uid)));
    assert!(v2.changes.iter().any(|c| matches!(c, Change::Cancelled { uid, .. } if *uid == module.uid)));
    assert_eq!(v2.changes.len(), 2, "{:?}", v2.changes);

    let public = agenda::public_agenda(&svc, &slug).await.unwrap().agenda.unwrap();
    let get = |uid: &str| public.sessions.iter().find(|s| s.uid == uid).unwrap().clone();
    assert_eq!(get(&report.uid).sequence, 1);
    assert_eq!(get(&report.uid).room.unwrap().name, "Phòng học");
    assert_eq!(get(&opening.uid).sequence, 0, "untouched sessions keep their sequence");
    assert!(get(&module.uid).cancelled && get(&module.uid).sequence == 1, "cancelled sessions stay visible");
    assert_eq!(public.version, 2);

    // Versions list, newest first.
    let versions = agenda::versions(&svc, &an, cid).await.unwrap();
    assert_eq!(versions.iter().map(|v| v.number).collect::<Vec<_>>(), [2, 1]);
});

on_both_engines!(bad_session_input_is_refused, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let cid = conference(&svc, &an).await;
    let other = conferences::create(
        &svc,
        &an,
        ConferenceInput {
            title: "Khác".into(),
            starts_on: "2026-01-01".into(),
            ends_on: "2026-01-01".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let foreign =
        agenda::create_room(&svc, &an, other.id, RoomInput { name: "Phòng khác".into(), capacity: String::new() })
            .await
            .unwrap();
    let cases: Vec<(SessionInput, Vec<&str>)> = vec![
        (session("Ngược giờ", "2026-12-07", "10:00", "09:00", 0, 0), vec!["end"]),
        (session("Ngoài ngày", "2026-12-09", "08:00", "09:00", 0, 0), vec!["day"]),
        (session("Phòng lạ", "2026-12-07", "08:00", "09:00", foreign.id, 0), vec!["room_id"]),
        (session("<script>alert(1)</script>", "2026-12-07", "8h", "", 0, 0), vec!["end", "start"]),
        (session("", "hôm nay", "08:00", "09:00", 0, 0), vec!["day", "title"]),
    ];
    for (mut input, want) in cases {
        if input.room_id == "0" {
            input.room_id.clear();
        }
        if input.track_id == "0" {
            input.track_id.clear();
        }
        assert_eq!(invalid_fields(agenda::create(&svc, &an, cid, input).await), want);
    }
    let draft = agenda::draft(&svc, &an, cid).await.unwrap();
    assert!(draft.sessions.is_empty(), "nothing stored");
    // Markup in a title is kept as text (pages escape it), not refused.
    let s = agenda::create(
        &svc,
        &an,
        cid,
        SessionInput {
            title: "<b>Báo cáo</b>".into(),
            day: "2026-12-07".into(),
            start: "08:00".into(),
            end: "09:00".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(s.title, "<b>Báo cáo</b>");
    // Another organizer's session cannot be touched.
    let binh = organizer(&svc, "binh@bhxh.gov.vn").await;
    assert_eq!(app_error(agenda::delete(&svc, &binh, s.id).await), AppError::Forbidden);
});

on_both_engines!(removed_sessions_become_cancelled_tombstones, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let cid = conference(&svc, &an).await;
    let a = agenda::create(
        &svc,
        &an,
        cid,
        SessionInput {
            title: "A".into(),
            day: "2026-12-07".into(),
            start: "08:00".into(),
            end: "09:00".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::create(
        &svc,
        &an,
        cid,
        SessionInput {
            title: "B".into(),
            day: "2026-12-07".into(),
            start: "09:00".into(),
            end: "10:00".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::publish(&svc, &an, cid).await.unwrap();
    agenda::delete(&svc, &an, a.id).await.unwrap();
    let v2 = agenda::publish(&svc, &an, cid).await.unwrap();
    assert!(matches!(&v2.changes[..], [Change::Removed { uid, .. }] if *uid == a.uid));
    let slug = conferences::list_public(&svc).await.unwrap()[0].slug.clone();
    let (_, snapshot) = agenda::public_snapshot(&svc, &slug).await.unwrap();
    let snapshot = snapshot.unwrap();
    assert_eq!(snapshot.sessions.len(), 1);
    assert_eq!(snapshot.removed.len(), 1);
    assert!(snapshot.removed[0].cancelled && snapshot.removed[0].sequence == 1);
});

on_both_engines!(speakers_sort_the_vietnamese_way, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let cid = conference(&svc, &an).await;
    let s = agenda::create(
        &svc,
        &an,
        cid,
        SessionInput {
            title: "Thảo luận".into(),
            day: "2026-12-07".into(),
            start: "08:00".into(),
            end: "09:00".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for (f, m, g) in [
        ("Đỗ", "Minh", "Đức"),
        ("Lê", "Văn", "Bình"),
        ("Phạm", "Thị", "An"),
        ("Trần", "Thị", "Ánh"),
        ("Nguyễn", "Văn", "An"),
        ("Hoàng", "Văn", "Dũng"),
    ] {
        let p = people::create(&svc, &an, cid, person(f, m, g)).await.unwrap();
        agenda::add_person(&svc, &an, s.id, &p.id.to_string(), "speaker").await.unwrap();
    }
    let names: Vec<String> = people::list(&svc, &an, cid).await.unwrap().iter().map(|p| p.name.display()).collect();
    let expected = ["Phạm Thị An", "Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn Bình", "Hoàng Văn Dũng", "Đỗ Minh Đức"];
    assert_eq!(names, expected);
    agenda::publish(&svc, &an, cid).await.unwrap();
    let slug = conferences::list_public(&svc).await.unwrap()[0].slug.clone();
    let speakers = agenda::speakers(&svc, &slug).await.unwrap().speakers;
    assert_eq!(speakers.iter().map(|s| s.person.name.display()).collect::<Vec<_>>(), expected);
    // Contact details never reach the public.
    let bad =
        PersonInput {
            email: "không-hợp-lệ".into(), phone: "12".into(), honorific: "cụ".into(), ..person("", "", "")
        };
    assert_eq!(
        invalid_fields(people::create(&svc, &an, cid, bad).await),
        ["email", "family_name", "given_name", "honorific", "phone"]
    );
});

on_both_engines!(demo_agenda_is_published_and_frab_export_is_well_formed, |svc: Service| async move {
    let slug = hoinghi_service::demo::load(&svc).await.unwrap();
    let public = agenda::public_agenda(&svc, &slug).await.unwrap().agenda.unwrap();
    assert_eq!(public.days.len(), 2);
    assert!(public.sessions.len() >= 12);
    let discussion = public.sessions.iter().find(|s| s.title.starts_with("Thảo luận")).unwrap();
    let speakers: Vec<&str> = discussion.people.iter().map(|p| p.display_name.as_str()).collect();
    assert_eq!(speakers, ["Đào Việt Ánh", "Dương Văn Hào", "Lê Ngọc Mai", "Nguyễn Thị Thu"]);
    let conference_id = conferences::by_slug_public(&svc, &slug).await.unwrap().id;
    let draft = agenda::draft(&svc, &Actor::System, conference_id).await.unwrap();
    assert!(draft.conflicts.is_empty(), "the demo agenda has no conflicts: {:?}", draft.conflicts);
    let (conference, snapshot) = agenda::public_snapshot(&svc, &slug).await.unwrap();
    let xml = agenda::exports::frab_xml(&conference, &snapshot.unwrap(), "https://hoinghi.example.vn");
    assert!(
        xml.contains(
            "<title>Khai mạc hội nghị: kết quả công tác thông tin đối ngoại và kế hoạch thời gian tới</title>"
        )
    );
    assert!(xml.contains("<person id=") && xml.contains(">Đào Việt Ánh</person>"));
    assert!(xml.contains("<date>2017-09-18T08:00:00+07:00</date>"));
});

/// Runs xmllint (Debian's libxml2-utils, installed by `scripts/bootstrap test`) on `xml` against voc/schedule's
/// XSD, and the tests' JSON checker (jsonschema, every format checked) on `json` against voc/schedule's JSON
/// schema. Panics with the validators' messages unless both report no error.
fn validate_with_upstream_schemas(xml: &str, json: &serde_json::Value) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data");
    let run = |mut cmd: Command, input: &[u8]| {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{cmd:?}: {e} (run `scripts/bootstrap test`)"));
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{cmd:?}:\n{text}");
        text
    };
    let mut xmllint = Command::new("xmllint");
    xmllint.args(["--noout", "--schema", &format!("{data}/schedule.xml.xsd"), "-"]);
    let said = run(xmllint, xml.as_bytes());
    assert!(said.contains("- validates"), "{said}");
    let cache = std::env::var("HOINGHI_CACHE")
        .unwrap_or_else(|_| format!("{}/.cache/hoinghi", std::env::var("HOME").unwrap_or_default()));
    let mut python = Command::new(format!("{cache}/venv/bin/python"));
    python.args([
        concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/tools/check_json.py"),
        &format!("{data}/schedule.schema.json"),
    ]);
    let said = run(python, json.to_string().as_bytes());
    assert!(said.contains("0 errors"), "{said}");
}

on_both_engines!(frab_exports_validate_against_the_upstream_schemas, |svc: Service| async move {
    // The demo conference: its slug starts with a two-letter word ("so-ket-…").
    let slug = hoinghi_service::demo::load(&svc).await.unwrap();
    assert!(slug.starts_with("so-"));
    let (conference, snapshot) = agenda::public_snapshot(&svc, &slug).await.unwrap();
    let snapshot = snapshot.unwrap();
    let url = "https://hoinghi.example.vn";
    let xml = agenda::exports::frab_xml(&conference, &snapshot, url);
    let json = agenda::exports::frab_json(&conference, &snapshot, url);
    validate_with_upstream_schemas(&xml, &json);
    assert!(xml.contains("<acronym>so_ket_tap_huan_thong_tin_doi_ngoai_2017</acronym>"), "{xml}");

    // A two-letter slug, a day without sessions, a session without a room, a cancelled one, a link with
    // spaces and Vietnamese letters, an upload with a Vietnamese name.
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let input = ConferenceInput {
        title: "Hà Nội".into(),
        slug: "hn".into(),
        starts_on: "2026-12-07".into(),
        ends_on: "2026-12-09".into(),
        ..Default::default()
    };
    let c = conferences::create(&svc, &an, input).await.unwrap();
    conferences::publish(&svc, &an, c.id).await.unwrap();
    let hall = agenda::create_room(&svc, &an, c.id, RoomInput { name: "Hội trường".into(), capacity: String::new() })
        .await
        .unwrap();
    let track = agenda::create_track(&svc, &an, c.id, TrackInput { name: "Sơ kết".into(), color: String::new() })
        .await
        .unwrap();
    let thu = people::create(&svc, &an, c.id, person("Nguyễn", "Thị", "Thu")).await.unwrap();
    let opening =
        agenda::create(&svc, &an, c.id, session("Khai mạc", "2026-12-07", "08:00", "08:30", hall.id, track.id))
            .await
            .unwrap();
    agenda::add_person(&svc, &an, opening.id, &thu.id.to_string(), "chair").await.unwrap();
    agenda::add_link(&svc, &an, opening.id, "Tài liệu", "https://bhxh.gov.vn/tài liệu hội nghị.pdf").await.unwrap();
    agenda::add_file(&svc, &an, opening.id, "Báo cáo", "báo cáo tổng kết.pdf", b"%PDF-1.4 thu").await.unwrap();
    let roomless = SessionInput {
        room_id: String::new(),
        track_id: String::new(),
        ..session("Thảo luận", "2026-12-09", "14:00", "15:30", 0, 0)
    };
    agenda::create(&svc, &an, c.id, roomless).await.unwrap();
    let cancelled = SessionInput {
        cancelled: "true".into(),
        ..session("Phát biểu", "2026-12-07", "09:00", "09:30", hall.id, track.id)
    };
    agenda::create(&svc, &an, c.id, cancelled).await.unwrap();
    agenda::publish(&svc, &an, c.id).await.unwrap();
    let (conference, snapshot) = agenda::public_snapshot(&svc, "hn").await.unwrap();
    let snapshot = snapshot.unwrap();
    let xml = agenda::exports::frab_xml(&conference, &snapshot, url);
    let json = agenda::exports::frab_json(&conference, &snapshot, url);
    validate_with_upstream_schemas(&xml, &json);
    assert!(xml.contains("<acronym>hn_2026</acronym>"), "{xml}");
    assert!(xml.contains("<day index=\"2\" date=\"2026-12-08\" start=\"2026-12-08T00:00:00+07:00\""), "{xml}");
    assert!(xml.contains("t%C3%A0i%20li%E1%BB%87u"), "{xml}");
    let days = json["schedule"]["conference"]["days"].as_array().unwrap();
    assert_eq!(days.len(), 3);
    assert_eq!(days[0]["day_start"], "2026-12-07T08:00:00+07:00");
    assert_eq!(days[0]["day_end"], "2026-12-07T09:30:00+07:00");
    let rooms = json["schedule"]["conference"]["rooms"].as_array().unwrap();
    assert_eq!(rooms.len(), 2, "the hall and the venue's room for the session without one: {rooms:?}");
    assert!(rooms.iter().all(|r| uuid::Uuid::parse_str(r["guid"].as_str().unwrap()).is_ok()));
    // The same room keeps its guid in the next version.
    agenda::create(&svc, &an, c.id, session("Bế mạc", "2026-12-09", "16:00", "16:30", hall.id, track.id))
        .await
        .unwrap();
    agenda::publish(&svc, &an, c.id).await.unwrap();
    let (conference, snapshot) = agenda::public_snapshot(&svc, "hn").await.unwrap();
    let again = agenda::exports::frab_json(&conference, &snapshot.unwrap(), url);
    assert_eq!(again["schedule"]["conference"]["rooms"], json["schedule"]["conference"]["rooms"]);
});
