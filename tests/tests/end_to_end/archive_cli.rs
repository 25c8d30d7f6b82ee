//! `hoinghi export` and `hoinghi import` on the built binary: the demo conference moves from a server on
//! SQLite to a fresh one on PostgreSQL (SQLite when no PostgreSQL is configured), its public pages answer
//! there, exporting it again gives the same archive, and a damaged archive is refused with a message.

use hoinghi_tests::http::{DEMO, Session};
use hoinghi_tests::{Engine, Options, Server};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread")]
async fn export_and_import_commands_move_a_conference_between_servers() {
    let source = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.zip");
    let out = source.cli(&["export", DEMO, "-o", file.to_str().unwrap()], None).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let archive = std::fs::read(&file).unwrap();
    assert!(archive.starts_with(b"PK"));

    let target = match Server::start(Options { engine: Engine::Postgres, ..Default::default() }).await {
        Some(server) => server,
        None => Server::start(Options::default()).await.unwrap(),
    };
    let out = target.cli(&["import", file.to_str().unwrap()], None).await;
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains(&format!("imported conference {DEMO}")), "{said}");

    // The conference is public there, with its agenda and schedule.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let visitor = Session::new(&target);
    let (status, agenda) = visitor.text(&format!("/c/{DEMO}/agenda")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(agenda.contains("Khai mạc hội nghị"), "the published agenda came along");
    assert_eq!(visitor.get(&format!("/c/{DEMO}/schedule.xml")).await.status(), StatusCode::OK);

    // Exported again from the target: the same bytes.
    let again = dir.path().join("again.zip");
    let out = target.cli(&["export", DEMO, "-o", again.to_str().unwrap()], None).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&again).unwrap() == archive, "the same archive from the other server");

    // A truncated archive: refused with the reason, nothing imported.
    let bad = dir.path().join("bad.zip");
    std::fs::write(&bad, &archive[..archive.len() / 2]).unwrap();
    let out = target.cli(&["import", bad.to_str().unwrap()], None).await;
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("Tệp lưu trữ bị hỏng"), "{said}");
    source.stop().await;
    target.stop().await;
}
