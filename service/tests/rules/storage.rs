//! The two engines hold the same schema, and the shipped reference data loads on both.

use crate::common;

use hoinghi_service::{Service, reference};

async fn sqlite_columns(svc: &Service) -> Vec<(String, String)> {
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
    )
    .fetch_all(svc.db.read())
    .await
    .unwrap();
    let mut out = Vec::new();
    for (t,) in tables {
        let cols: Vec<(String,)> = sqlx::query_as(&format!("SELECT name FROM pragma_table_info('{t}')"))
            .fetch_all(svc.db.read())
            .await
            .unwrap();
        out.extend(cols.into_iter().map(|(c,)| (t.clone(), c)));
    }
    out.sort();
    out
}

async fn postgres_columns(svc: &Service) -> Vec<(String, String)> {
    let mut cols: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(svc.db.read())
    .await
    .unwrap();
    cols.sort();
    cols
}

#[tokio::test]
async fn both_engines_have_the_same_tables_and_columns() {
    let lite = common::sqlite().await;
    let Some(pg) = common::postgres().await else { return };
    let a = sqlite_columns(&lite.svc).await;
    let b = postgres_columns(&pg.svc).await;
    assert!(a.len() > 40, "too few columns found: {}", a.len());
    let only_sqlite: Vec<_> = a.iter().filter(|c| !b.contains(c)).collect();
    let only_pg: Vec<_> = b.iter().filter(|c| !a.contains(c)).collect();
    assert!(only_sqlite.is_empty() && only_pg.is_empty(), "only SQLite: {only_sqlite:?}\nonly PostgreSQL: {only_pg:?}");
}

on_both_engines!(reference_units_load_once_and_are_dated, |svc: Service| async move {
    let units = reference::list_admin_units(&svc, "2026-01-01").await.unwrap();
    assert_eq!(units.len(), 34);
    assert!(units.iter().any(|u| u.name == "Tỉnh Đắk Lắk" && u.predecessors.contains("Phú Yên")));
    // Before the reform the new units did not exist yet.
    assert!(reference::list_admin_units(&svc, "2025-06-30").await.unwrap().is_empty());
    // Restarting does not duplicate them.
    let mut tx = svc.db.begin().await.unwrap();
    assert_eq!(reference::ensure_admin_units(&mut tx).await.unwrap(), 0);
    tx.commit().await.unwrap();
});

on_both_engines!(demo_loads_only_into_an_empty_database, |svc: Service| async move {
    assert!(hoinghi_service::demo::load_if_empty(&svc).await.unwrap());
    assert!(!hoinghi_service::demo::load_if_empty(&svc).await.unwrap());
    let list = hoinghi_service::conferences::list_public(&svc).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].title, "Hội nghị sơ kết và tập huấn công tác thông tin đối ngoại");
    assert_eq!(list[0].starts_on.to_string(), "2017-09-18");
});

#[tokio::test]
async fn sqlite_online_backup_is_a_working_database() {
    let db = common::sqlite().await;
    hoinghi_service::demo::load(&db.svc).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.db");
    db.svc.db.backup_sqlite(path.to_str().unwrap()).await.unwrap();
    let copy = Service::start(&format!("sqlite://{}", path.display()), 2, hoinghi_service::Settings::for_tests())
        .await
        .unwrap();
    assert_eq!(hoinghi_service::conferences::list_public(&copy).await.unwrap().len(), 1);
    // Refuses to overwrite.
    assert!(db.svc.db.backup_sqlite(path.to_str().unwrap()).await.is_err());
}
