//! The authorization matrix of ARCHITECTURE.md ("Who may do what"), every deny cell over HTTP.
//!
//! Actors: anonymous (a browser with no session; a delegate holding only a private link is the same to
//! these routes), a unit coordinator of the demo conference, an organizer of another conference, an
//! organizer of the demo conference, and API tokens of each. Every refused request must answer the
//! documented status and change nothing: the demo conference's archive is compared before and after.

use hoinghi_tests::http::{DEMO, Session, api_token, input_value, register_demo_delegate};
use hoinghi_tests::{ADMIN_EMAIL, Options, Server};
use reqwest::StatusCode;
use serde_json::json;

const PASSWORD: &str = "mật khẩu đủ dài 2026";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Actor {
    Anonymous,
    Coordinator,
    OtherOrganizer,
    Organizer,
}

/// Creates a non-administrator account and returns a signed-in session for it.
async fn account(server: &Server, admin: &Session, email: &str) -> Session {
    let r = admin
        .post_form(
            "/admin/users",
            "/fn/users/create",
            &[("email", email), ("display_name", "Người Dùng Thử"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "create {email}");
    let s = Session::new(server);
    let r = s.sign_in_as(email, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign in {email}");
    s
}

/// An API token made by `s`'s own account on the tokens page.
async fn token_of(server: &Server, s: &Session) -> String {
    let r = s
        .client
        .post(server.url("/fn/tokens/create"))
        .header("Origin", &server.base)
        .form(&[("name", "thử")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<serde_json::Value>().await.unwrap()["secret"].as_str().unwrap().to_string()
}

struct Cells {
    checked: usize,
    wrong: Vec<String>,
}

impl Cells {
    fn record(&mut self, what: String, got: StatusCode, expected: StatusCode) {
        self.checked += 1;
        if got != expected {
            self.wrong.push(format!("{what}: {got}, expected {expected}"));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_deny_cell_is_refused_over_http_and_changes_nothing() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    let admin_token = api_token(&server).await;
    let admin = Session::new(&server);
    admin.sign_in().await;
    let http = reqwest::Client::new();

    // The cast: an organizer of the demo, a coordinator of its Đồng Nai unit, an organizer of another. The
    // delegate registered below is of the Khánh Hòa unit, so another unit's to the coordinator.
    let organizer = account(&server, &admin, "to-chuc@bhxh.gov.vn").await;
    let coordinator = account(&server, &admin, "dieu-phoi@bhxh-dongnai.vn").await;
    let other = account(&server, &admin, "khac@bhxh.gov.vn").await;
    let (_, manage) = admin.text(&format!("/manage/c/{DEMO}")).await;
    let conference_id = input_value(&manage, "id").expect("conference id");
    let r = admin
        .post_form(
            &format!("/manage/c/{DEMO}"),
            "/fn/conferences/organizers/add",
            &[("id", &conference_id), ("slug", DEMO), ("email", "to-chuc@bhxh.gov.vn")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, settings) = admin.text(&format!("/manage/c/{DEMO}/registration-settings")).await;
    let at = settings.find(">Bảo hiểm xã hội tỉnh Đồng Nai<").expect("unit option");
    let open = settings[..at].rfind("value=\"").unwrap() + 7;
    let unit = settings[open..].split('"').next().unwrap().to_string();
    let r = admin
        .post_form(
            &format!("/manage/c/{DEMO}/registration-settings"),
            "/fn/registration/coordinator",
            &[
                ("conference_id", &conference_id),
                ("slug", DEMO),
                ("email", "dieu-phoi@bhxh-dongnai.vn"),
                ("unit_id", &unit),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = other
        .post_form(
            "/manage/new",
            "/fn/conferences/create",
            &[
                ("title", "Hội nghị của đơn vị khác"),
                ("kind", "training"),
                ("starts_on", "2026-12-10"),
                ("ends_on", "2026-12-11"),
                ("time_zone", "Asia/Ho_Chi_Minh"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the other organizer's own conference");
    let private = register_demo_delegate(&Session::new(&server), ("Trần", "Thị", "Mai"), 7).await;
    let (_, list) = admin.text(&format!("/manage/c/{DEMO}/registrations")).await;
    let registration_id: String = list
        .split(&format!("/manage/c/{DEMO}/registrations/"))
        .skip(1)
        .find_map(|s| {
            let id: String = s.chars().take_while(char::is_ascii_digit).collect();
            (!id.is_empty()).then_some(id)
        })
        .expect("a registration");
    let (_, draft) = admin.text(&format!("/manage/c/{DEMO}/agenda")).await;
    let session_id: String = draft
        .split(&format!("/manage/c/{DEMO}/sessions/"))
        .find_map(|s| {
            let id: String = s.chars().take_while(char::is_ascii_digit).collect();
            (!id.is_empty()).then_some(id)
        })
        .expect("a session");
    let tokens = [
        (Actor::Coordinator, token_of(&server, &coordinator).await),
        (Actor::OtherOrganizer, token_of(&server, &other).await),
    ];
    let anonymous = Session::new(&server);
    let sessions = [
        (Actor::Anonymous, &anonymous),
        (Actor::Coordinator, &coordinator),
        (Actor::OtherOrganizer, &other),
        (Actor::Organizer, &organizer),
    ];
    let before = export(&http, &server, &admin_token).await;
    let mut cells = Cells { checked: 0, wrong: Vec::new() };
    use StatusCode as S;
    let deny = |actor: Actor| if actor == Actor::Anonymous { S::UNAUTHORIZED } else { S::FORBIDDEN };

    // Organizer pages and downloads: organizers and administrators only.
    let manage = format!("/manage/c/{DEMO}");
    let organizer_only: Vec<String> = [
        "",
        "/agenda",
        "/rooms",
        "/people",
        "/versions",
        "/registration-settings",
        "/checkin",
        "/minutes",
        "/outbox",
        "/feedback",
        "/recommendations",
        "/sessions/new",
    ]
    .iter()
    .map(|p| format!("{manage}{p}"))
    .chain(
        ["minutes", "agenda", "delegates", "signin", "badges", "certificates"]
            .iter()
            .map(|d| format!("{manage}/documents/{d}.pdf")),
    )
    .chain([format!("{manage}/sessions/{session_id}")])
    .collect();
    // Registration lists: organizers, administrators, and a coordinator for their own unit.
    let registrations: Vec<String> =
        ["/registrations", "/registrations/new", "/registrations/import", "/registrations.csv", "/registrations.xlsx"]
            .iter()
            .map(|p| format!("{manage}{p}"))
            .collect();
    for (actor, s) in sessions.iter().filter(|(a, _)| *a != Actor::Organizer) {
        for p in &organizer_only {
            // A coordinator works the check-in desk for their own unit's delegates (the write below
            // checks that another unit's delegate is refused).
            if *actor == Actor::Coordinator && p.ends_with("/checkin") {
                continue;
            }
            cells.record(format!("{actor:?} GET {p}"), s.get(p).await.status(), deny(*actor));
        }
        if *actor != Actor::Coordinator {
            for p in &registrations {
                cells.record(format!("{actor:?} GET {p}"), s.get(p).await.status(), deny(*actor));
            }
        }
        // Another unit's delegate is not the coordinator's to see.
        let detail = format!("{manage}/registrations/{registration_id}");
        let expected = if *actor == Actor::Anonymous { S::UNAUTHORIZED } else { S::FORBIDDEN };
        cells.record(format!("{actor:?} GET {detail}"), s.get(&detail).await.status(), expected);
    }
    // Administrator pages: administrators only.
    for (actor, s) in &sessions {
        let expected = if *actor == Actor::Anonymous { S::UNAUTHORIZED } else { S::FORBIDDEN };
        cells.record(format!("{actor:?} GET /admin/users"), s.get("/admin/users").await.status(), expected);
    }
    for p in ["/manage", "/account/tokens"] {
        cells.record(format!("Anonymous GET {p}"), anonymous.get(p).await.status(), S::UNAUTHORIZED);
    }

    // Writes through the forms (as a browser without JavaScript): every server function that changes a
    // conference, with arguments that would succeed for its organizer.
    let writes: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "/fn/conferences/update",
            vec![
                ("id", conference_id.clone()),
                ("title", "Đã đổi".into()),
                ("starts_on", "2017-09-18".into()),
                ("ends_on", "2017-09-19".into()),
            ],
        ),
        ("/fn/conferences/publish", vec![("id", conference_id.clone())]),
        ("/fn/conferences/close", vec![("id", conference_id.clone()), ("confirm", "true".into())]),
        ("/fn/agenda/publish", vec![("conference_id", conference_id.clone()), ("slug", DEMO.into())]),
        (
            "/fn/agenda/room/create",
            vec![("conference_id", conference_id.clone()), ("slug", DEMO.into()), ("name", "Phòng lạ".into())],
        ),
        (
            "/fn/agenda/session/delete",
            vec![("id", session_id.clone()), ("slug", DEMO.into()), ("confirm", "true".into())],
        ),
        (
            "/fn/people/create",
            vec![
                ("conference_id", conference_id.clone()),
                ("slug", DEMO.into()),
                ("family_name", "Lạ".into()),
                ("given_name", "Người".into()),
            ],
        ),
        (
            "/fn/registration/settings/update",
            vec![("conference_id", conference_id.clone()), ("slug", DEMO.into()), ("requires_approval", "true".into())],
        ),
        (
            "/fn/registration/coordinator",
            vec![
                ("conference_id", conference_id.clone()),
                ("slug", DEMO.into()),
                ("email", "khac@bhxh.gov.vn".into()),
                ("unit_id", unit.clone()),
            ],
        ),
        (
            "/fn/minutes/save",
            vec![("slug", DEMO.into()), ("revision", "0".into()), ("input[meeting_name]", "Sửa".into())],
        ),
        (
            "/fn/checkin/mark",
            vec![("id", registration_id.clone()), ("slug", DEMO.into()), ("scope", "day:2017-09-18".into())],
        ),
        ("/fn/registrations/calendar-reset", vec![("slug", DEMO.into()), ("id", registration_id.clone())]),
        ("/fn/feedback/create", vec![("conference_id", conference_id.clone()), ("slug", DEMO.into())]),
    ];
    for (actor, s) in
        sessions.iter().filter(|(a, _)| matches!(a, Actor::Anonymous | Actor::Coordinator | Actor::OtherOrganizer))
    {
        for (fn_path, fields) in &writes {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = s.post_form(&manage, fn_path, &fields).await;
            cells.record(format!("{actor:?} POST {fn_path}"), r.status(), deny(*actor));
        }
    }
    // Only administrators give or take the organizer role, even of one's own conference.
    for (actor, s) in &sessions {
        let r = s
            .post_form(
                &manage,
                "/fn/conferences/organizers/add",
                &[("id", &conference_id), ("slug", DEMO), ("email", "khac@bhxh.gov.vn")],
            )
            .await;
        cells.record(format!("{actor:?} POST /fn/conferences/organizers/add"), r.status(), deny(*actor));
        let r = s
            .post_form(
                "/admin/users",
                "/fn/users/create",
                &[("email", "moi@bhxh.gov.vn"), ("display_name", "Mới"), ("password", PASSWORD)],
            )
            .await;
        cells.record(format!("{actor:?} POST /fn/users/create"), r.status(), deny(*actor));
    }
    // A delegate's private link opens only that delegate's page: a changed link is nobody's.
    let forged = format!("{}x", private);
    cells.record("Anonymous GET a forged private link".into(), anonymous.get(&forged).await.status(), S::NOT_FOUND);
    cells.record(
        "Anonymous GET a forged feed".into(),
        anonymous.get("/cal/d/1-0-0000.ics").await.status(),
        S::NOT_FOUND,
    );

    // The API: no token is 401; another conference's organizer or a coordinator is 403; a token never
    // makes tokens.
    let api_writes = [
        (
            "PUT",
            format!("/api/v1/conferences/{DEMO}"),
            json!({ "title": "Đã đổi", "starts_on": "2017-09-18", "ends_on": "2017-09-19" }),
        ),
        ("POST", format!("/api/v1/conferences/{DEMO}/publish"), json!({})),
        ("POST", format!("/api/v1/conferences/{DEMO}/agenda/publish"), json!({})),
        ("POST", format!("/api/v1/conferences/{DEMO}/agenda/rooms"), json!({ "name": "Phòng lạ" })),
        (
            "POST",
            format!("/api/v1/conferences/{DEMO}/agenda/people"),
            json!({ "family_name": "Lạ", "given_name": "Người" }),
        ),
        ("DELETE", format!("/api/v1/agenda/sessions/{session_id}"), json!({})),
        ("PUT", format!("/api/v1/conferences/{DEMO}/registration-settings"), json!({ "requires_approval": true })),
        ("POST", format!("/api/v1/registrations/{registration_id}/cancel"), json!({})),
        ("POST", format!("/api/v1/registrations/{registration_id}/calendar/reset"), json!({})),
        ("GET", format!("/api/v1/conferences/{DEMO}/registrations"), json!(null)),
        ("GET", format!("/api/v1/conferences/{DEMO}/agenda/draft"), json!(null)),
        ("GET", format!("/api/v1/conferences/{DEMO}/export"), json!(null)),
    ];
    let call = |method: &str, path: &str, body: &serde_json::Value, token: Option<&str>| {
        let mut req = http.request(method.parse().unwrap(), server.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if !body.is_null() {
            req = req.json(body);
        }
        req.send()
    };
    for (method, path, body) in &api_writes {
        let r = call(method, path, body, None).await.unwrap();
        cells.record(format!("no token {method} {path}"), r.status(), S::UNAUTHORIZED);
        for (actor, token) in &tokens {
            // A coordinator may read their own unit's registrations.
            if *actor == Actor::Coordinator && path.ends_with("/registrations") && *method == "GET" {
                continue;
            }
            let r = call(method, path, body, Some(token)).await.unwrap();
            cells.record(format!("{actor:?} token {method} {path}"), r.status(), S::FORBIDDEN);
        }
    }
    let r = call("POST", "/api/v1/tokens", &json!({ "name": "thêm" }), Some(&admin_token)).await.unwrap();
    cells.record("administrator's token POST /api/v1/tokens".into(), r.status(), S::FORBIDDEN);

    // The cells first: a request that got through is named there, before its effect is seen below.
    eprintln!("authorization matrix: {} deny cells checked", cells.checked);
    assert!(
        cells.wrong.is_empty(),
        "{} of {} cells wrong:\n{}",
        cells.wrong.len(),
        cells.checked,
        cells.wrong.join("\n")
    );
    let after = export(&http, &server, &admin_token).await;
    assert!(before == after, "a refused request changed the conference");
    let _ = ADMIN_EMAIL;
    server.stop().await;
}

/// Everything of the demo conference an administrator can read, to compare before and after.
async fn export(http: &reqwest::Client, server: &Server, token: &str) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    for path in [
        format!("/api/v1/conferences/{DEMO}"),
        format!("/api/v1/conferences/{DEMO}/agenda/draft"),
        format!("/api/v1/conferences/{DEMO}/agenda/versions"),
        format!("/api/v1/conferences/{DEMO}/registrations"),
    ] {
        let r = http.get(server.url(&path)).bearer_auth(token).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        all.push(r.json().await.unwrap());
    }
    all
}
