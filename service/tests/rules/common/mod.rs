//! Runs each service test on both storage engines.
//!
//! SQLite: a fresh database file in a temporary folder. PostgreSQL: a fresh database in the server named
//! by `HOINGHI_TEST_POSTGRES` (the test script starts a throw-away one). Without that variable the
//! PostgreSQL half is skipped with a note, unless `HOINGHI_REQUIRE_POSTGRES=1` (as in CI) makes it fail.
#![allow(dead_code)]

pub mod fixture;

use hoinghi_service::accounts::{Actor, CreateUser, create_user};
use hoinghi_service::{Service, Settings};
use sqlx::Connection;

pub struct TestDb {
    pub svc: Service,
    /// The database's address, for a second handle on it.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/test.db", dir.path().display());
    let svc = Service::start(&url, 4, Settings::for_tests()).await.expect("start on SQLite");
    TestDb { svc, url, _dir: Some(dir) }
}

pub async fn postgres() -> Option<TestDb> {
    let Ok(admin_url) = std::env::var("HOINGHI_TEST_POSTGRES") else {
        if std::env::var("HOINGHI_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!("HOINGHI_REQUIRE_POSTGRES=1 but HOINGHI_TEST_POSTGRES is not set");
        }
        eprintln!("note: HOINGHI_TEST_POSTGRES not set; PostgreSQL half skipped");
        return None;
    };
    sqlx::any::install_default_drivers();
    let name = format!("hoinghi_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::AnyConnection::connect(&admin_url).await.expect("connect to the test PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create database");
    let url = match admin_url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => panic!("HOINGHI_TEST_POSTGRES must end with /database"),
    };
    let svc = Service::start(&url, 8, Settings::for_tests()).await.expect("start on PostgreSQL");
    Some(TestDb { svc, url, _dir: None })
}

/// Defines `mod $name { sqlite(); postgres(); }`, each running `$body(svc)`.
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                let db = $crate::common::sqlite().await;
                ($body)(db.svc.clone()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                if let Some(db) = $crate::common::postgres().await {
                    ($body)(db.svc.clone()).await;
                }
            }
        }
    };
}

/// Like `on_both_engines!`, but the body gets the whole `TestDb` (its address too).
#[macro_export]
macro_rules! on_both_engines_db {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                let db = $crate::common::sqlite().await;
                ($body)(db).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                if let Some(db) = $crate::common::postgres().await {
                    ($body)(db).await;
                }
            }
        }
    };
}

/// An organizer account and its actor.
pub async fn organizer(svc: &Service, email: &str) -> Actor {
    let user = create_user(
        svc,
        &Actor::System,
        CreateUser {
            email: email.into(),
            display_name: "Nguyễn Văn An".into(),
            password: "mật khẩu thử nghiệm".into(),
            is_admin: false,
        },
    )
    .await
    .expect("create organizer");
    Actor::User { id: user.id, is_admin: false }
}

/// An administrator account and its actor (signed in with a browser session).
pub async fn admin(svc: &Service, email: &str) -> Actor {
    let user = create_user(
        svc,
        &Actor::System,
        CreateUser {
            email: email.into(),
            display_name: "Trần Quản Trị".into(),
            password: "mật khẩu thử nghiệm".into(),
            is_admin: true,
        },
    )
    .await
    .expect("create administrator");
    Actor::User { id: user.id, is_admin: true }
}

/// The field names of an invalid-input error, sorted.
pub fn invalid_fields<T: std::fmt::Debug>(r: Result<T, hoinghi_service::Error>) -> Vec<String> {
    match r {
        Err(hoinghi_service::Error::App(hoinghi_domain::AppError::Invalid { fields })) => {
            let mut f: Vec<String> = fields.into_iter().map(|f| f.field).collect();
            f.sort();
            f
        }
        other => panic!("expected invalid input, got {other:?}"),
    }
}

/// The error a call ended with, as users see it.
pub fn app_error<T: std::fmt::Debug>(r: Result<T, hoinghi_service::Error>) -> hoinghi_domain::AppError {
    match r {
        Err(e) => e.into(),
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

/// The agency "Bảo hiểm xã hội Việt Nam" (BHXH) with one unit per `(name, province code)`; returns the
/// agency id and the unit ids in order.
pub async fn agency_with_units(svc: &Service, units: &[(&str, &str)]) -> (i64, Vec<i64>) {
    use hoinghi_service::reference::{AgencyInput, UnitInput, create_agency, create_unit};
    let agency = create_agency(
        svc,
        &Actor::System,
        AgencyInput {
            name: "Bảo hiểm xã hội Việt Nam".into(),
            abbreviation: "BHXH".into(),
            parent_name: String::new(),
            place_name: String::new(),
        },
    )
    .await
    .expect("create agency");
    let mut ids = Vec::new();
    for (name, code) in units {
        let u = create_unit(
            svc,
            &Actor::System,
            agency.id,
            UnitInput { name: name.to_string(), admin_unit_code: code.to_string() },
        )
        .await
        .expect("create unit");
        ids.push(u.id);
    }
    (agency.id, ids)
}
