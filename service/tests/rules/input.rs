//! Input rules every form shares, through the service functions that apply them, on SQLite and
//! PostgreSQL: one address per email field, required text that shows something, dates in range.
//! Refused input is a field error and writes nothing.

use crate::common::{agency_with_units, invalid_fields, organizer};
use hoinghi_domain::Locale;
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::people::PersonInput;
use hoinghi_domain::registration::RegistrationInput;
use hoinghi_service::accounts::{Actor, CreateUser, create_user};
use hoinghi_service::registration::{self, Source};
use hoinghi_service::{Service, conferences, people};

async fn rows(svc: &Service, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(svc.db.read()).await.unwrap();
    n
}

on_both_engines!(bad_emails_invisible_text_and_far_dates_are_refused, |svc: Service| async move {
    let an = organizer(&svc, "an.nguyen@bhxh.gov.vn").await;
    let (agency_id, units) = agency_with_units(&svc, &[("Bảo hiểm xã hội tỉnh Khánh Hòa", "56")]).await;

    // Conferences: a title of a byte-order mark and zero-width characters is missing; year 0000 and
    // +99999 are out of range, and so are 1999 and 2101.
    let conference = |title: &str, starts_on: &str, ends_on: &str| ConferenceInput {
        title: title.into(),
        starts_on: starts_on.into(),
        ends_on: ends_on.into(),
        agency_id: agency_id.to_string(),
        ..Default::default()
    };
    for (start, end) in [("0000-01-01", "+99999-12-31"), ("1999-12-31", "2101-01-01")] {
        let r = conferences::create(&svc, &an, conference("\u{FEFF}\u{200B}\u{200D}", start, end)).await;
        assert_eq!(invalid_fields(r), ["ends_on", "starts_on", "title"], "{start} {end}");
    }
    assert_eq!(rows(&svc, "conferences").await, 0);
    let c = conferences::create(&svc, &an, conference("\u{FEFF}Tập huấn\u{200B} 2026", "2026-12-07", "2026-12-08"))
        .await
        .unwrap();
    assert_eq!(c.title, "Tập huấn 2026", "copy-paste noise is dropped");
    conferences::publish(&svc, &an, c.id).await.unwrap();

    // Delegates: invisible names, two addresses in one field, a double dot, a 65-octet local part.
    let long_local = format!("{}@bhxh.gov.vn", "a".repeat(65));
    for email in ["x@a.test,y@a.test", "a..b@bhxh.gov.vn", long_local.as_str()] {
        let input = RegistrationInput {
            family_name: "\u{FEFF}".into(),
            middle_name: "Văn".into(),
            given_name: "\u{200B}\u{2060}\u{00AD}".into(),
            unit_id: units[0].to_string(),
            admin_unit_code: "56".into(),
            phone: "0905 000 001".into(),
            email: email.into(),
            consent: "true".into(),
            ..Default::default()
        };
        let r = registration::register(&svc, &Actor::Anonymous, c.id, input, Locale::Vi, Source::Delegate).await;
        assert_eq!(invalid_fields(r), ["email", "family_name", "given_name"], "{email}");
    }
    assert_eq!(rows(&svc, "registrations").await, 0);
    assert_eq!(
        invalid_fields(hoinghi_service::mail::request_link(&svc, &c.slug, "x@a.test y@a.test", "127.0.0.1").await),
        ["email"]
    );

    // Speakers and accounts go through the same email rule.
    let person = PersonInput {
        family_name: "Lê".into(),
        given_name: "Minh".into(),
        email: "le.minh@bhxh..gov.vn".into(),
        ..Default::default()
    };
    assert_eq!(invalid_fields(people::create(&svc, &an, c.id, person).await), ["email"]);
    let account = CreateUser {
        email: "x@a.test;y@a.test".into(),
        display_name: "\u{200B}".into(),
        password: "mật khẩu thử nghiệm".into(),
        is_admin: false,
    };
    assert_eq!(invalid_fields(create_user(&svc, &Actor::System, account).await), ["display_name", "email"]);

    // A Vietnamese government address is fine.
    let person = PersonInput {
        family_name: "Lê".into(),
        given_name: "Minh".into(),
        email: "Le.Minh@BHXH.gov.vn".into(),
        ..Default::default()
    };
    assert_eq!(people::create(&svc, &an, c.id, person).await.unwrap().email, "le.minh@bhxh.gov.vn");
});
