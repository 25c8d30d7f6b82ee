//! Stored files (session materials, photos) follow what they belong to, on SQLite and PostgreSQL: public
//! only when the latest published agenda of a public conference shows them, otherwise for the
//! conference's organizers and administrators; refusals look like missing files.

use crate::common::{admin, app_error, organizer};
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{RoomInput, SessionInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::people::PersonInput;
use hoinghi_service::accounts::Actor;
use hoinghi_service::{Service, agenda, conferences, files, people};

fn session(title: &str, start: &str, end: &str, room: i64) -> SessionInput {
    SessionInput {
        title: title.into(),
        day: "2026-12-07".into(),
        start: start.into(),
        end: end.into(),
        room_id: room.to_string(),
        ..Default::default()
    }
}

fn person(given: &str) -> PersonInput {
    PersonInput {
        family_name: "Nguyễn".into(),
        middle_name: "Văn".into(),
        given_name: given.into(),
        ..Default::default()
    }
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// The segment of a file address that names the file: `/files/<this>/<name>`.
fn handle(url: &str) -> String {
    url.split('/').nth(2).expect("a /files/ address").to_string()
}

/// The address of the `n`-th uploaded material of a session, from the organizer's draft.
async fn material(svc: &Service, actor: &Actor, conference_id: i64, session_id: i64, n: usize) -> String {
    let draft = agenda::draft(svc, actor, conference_id).await.unwrap();
    let s = draft.sessions.iter().find(|s| s.id == session_id).unwrap();
    s.materials.iter().filter(|m| m.uploaded).nth(n).unwrap().url.clone()
}

/// Who may fetch the file: (anonymous, an organizer of another conference, this one's organizer, an
/// administrator), and whether it was served as public.
async fn who_gets(svc: &Service, h: &str, others: &Actor, own: &Actor, root: &Actor) -> [Option<bool>; 4] {
    let mut out = [None; 4];
    for (i, actor) in [&Actor::Anonymous, others, own, root].into_iter().enumerate() {
        out[i] = match files::get(svc, actor, h).await {
            Ok(f) => Some(f.public),
            Err(e) => {
                assert_eq!(AppError::from(e), AppError::NotFound, "a refusal is a 404");
                None
            }
        };
    }
    out
}

const PRIVATE: [Option<bool>; 4] = [None, None, Some(false), Some(false)];
const PUBLIC: [Option<bool>; 4] = [Some(true); 4];

on_both_engines!(files_follow_the_visibility_of_what_they_belong_to, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let binh = organizer(&svc, "binh@bhxh.gov.vn").await;
    let root = admin(&svc, "quan-tri@bhxh.gov.vn").await;
    let input = ConferenceInput {
        title: "Hội nghị tập huấn".into(),
        starts_on: "2026-12-07".into(),
        ends_on: "2026-12-08".into(),
        ..Default::default()
    };
    let c = conferences::create(&svc, &an, input).await.unwrap();
    // Binh organizes another conference: being an organizer somewhere gives nothing here.
    let other = ConferenceInput {
        title: "Hội nghị khác".into(),
        starts_on: "2026-12-07".into(),
        ends_on: "2026-12-08".into(),
        ..Default::default()
    };
    conferences::create(&svc, &binh, other).await.unwrap();
    let room = agenda::create_room(&svc, &an, c.id, RoomInput { name: "Hội trường".into(), capacity: String::new() })
        .await
        .unwrap();
    let opening = agenda::create(&svc, &an, c.id, session("Khai mạc", "08:00", "08:30", room.id)).await.unwrap();
    let speaker = people::create(&svc, &an, c.id, person("Thu")).await.unwrap();
    let stranger = people::create(&svc, &an, c.id, person("Hải")).await.unwrap();
    agenda::add_person(&svc, &an, opening.id, &speaker.id.to_string(), "presenter").await.unwrap();
    agenda::add_file(&svc, &an, opening.id, "Bài trình bày", "bai-trinh-bay.pdf", b"%PDF-1.4 slides").await.unwrap();
    let slides = handle(&material(&svc, &an, c.id, opening.id, 0).await);
    let other_photo = handle(&people::set_photo(&svc, &an, stranger.id, &png()).await.unwrap().photo_url.unwrap());

    // Addresses carry a random key, not the sequential id; the id alone finds nothing.
    assert!(slides.len() >= 22 && !slides.bytes().all(|b| b.is_ascii_digit()), "{slides}");
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM files WHERE access_key = $1")
        .bind(&slides)
        .fetch_one(svc.db.read())
        .await
        .unwrap();
    assert_eq!(app_error(files::get(&svc, &root, &id.to_string()).await.map(|_| ())), AppError::NotFound);
    assert_eq!(app_error(files::get(&svc, &root, "khong-co-tep-nay").await.map(|_| ())), AppError::NotFound);

    // A draft conference: its organizers and administrators only, even once its agenda is published.
    assert_eq!(who_gets(&svc, &slides, &binh, &an, &root).await, PRIVATE);
    agenda::publish(&svc, &an, c.id).await.unwrap();
    assert_eq!(who_gets(&svc, &slides, &binh, &an, &root).await, PRIVATE);
    let photo = handle(&people::set_photo(&svc, &an, speaker.id, &png()).await.unwrap().photo_url.unwrap());
    assert_eq!(who_gets(&svc, &photo, &binh, &an, &root).await, PRIVATE);

    // Published: what the public pages show is public: the session's material, the speaker's photo as
    // the published version holds it (the photo came after, so not yet), and no one else's photo.
    conferences::publish(&svc, &an, c.id).await.unwrap();
    assert_eq!(who_gets(&svc, &slides, &binh, &an, &root).await, PUBLIC);
    assert_eq!(who_gets(&svc, &photo, &binh, &an, &root).await, PRIVATE, "not in the published version yet");
    agenda::publish(&svc, &an, c.id).await.unwrap();
    assert_eq!(who_gets(&svc, &photo, &binh, &an, &root).await, PUBLIC);
    assert_eq!(who_gets(&svc, &other_photo, &binh, &an, &root).await, PRIVATE, "not in any session");

    // A material added since the last publication, and a session never published, stay private.
    agenda::add_file(&svc, &an, opening.id, "Tài liệu mới", "tai-lieu.pdf", b"%PDF-1.4 new").await.unwrap();
    let fresh = handle(&material(&svc, &an, c.id, opening.id, 1).await);
    let later = agenda::create(&svc, &an, c.id, session("Thảo luận", "09:00", "10:00", room.id)).await.unwrap();
    agenda::add_file(&svc, &an, later.id, "Đề cương", "de-cuong.pdf", b"%PDF-1.4 outline").await.unwrap();
    let outline = handle(&material(&svc, &an, c.id, later.id, 0).await);
    assert_eq!(who_gets(&svc, &fresh, &binh, &an, &root).await, PRIVATE);
    assert_eq!(who_gets(&svc, &outline, &binh, &an, &root).await, PRIVATE);

    // The session removed from the agenda: its material and its speaker's photo are no longer public.
    agenda::delete(&svc, &an, opening.id).await.unwrap();
    agenda::publish(&svc, &an, c.id).await.unwrap();
    assert_eq!(who_gets(&svc, &outline, &binh, &an, &root).await, PUBLIC);
    assert_eq!(who_gets(&svc, &slides, &binh, &an, &root).await, PRIVATE);
    assert_eq!(who_gets(&svc, &photo, &binh, &an, &root).await, PRIVATE);
});

on_both_engines!(files_stored_before_keys_keep_their_numeric_address, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let binh = organizer(&svc, "binh@bhxh.gov.vn").await;
    let root = admin(&svc, "quan-tri@bhxh.gov.vn").await;
    let input = ConferenceInput {
        title: "Hội nghị tập huấn".into(),
        starts_on: "2026-12-07".into(),
        ends_on: "2026-12-08".into(),
        ..Default::default()
    };
    let c = conferences::create(&svc, &an, input).await.unwrap();
    let room = agenda::create_room(&svc, &an, c.id, RoomInput { name: "Hội trường".into(), capacity: String::new() })
        .await
        .unwrap();
    let opening = agenda::create(&svc, &an, c.id, session("Khai mạc", "08:00", "08:30", room.id)).await.unwrap();
    agenda::add_file(&svc, &an, opening.id, "Bài trình bày", "bai.pdf", b"%PDF-1.4 slides").await.unwrap();
    // As a file stored before migration 0007 (no key): its address is its id.
    sqlx::query("UPDATE files SET access_key = NULL").execute(svc.db.write()).await.unwrap();
    let url = material(&svc, &an, c.id, opening.id, 0).await;
    let id = handle(&url);
    assert!(id.bytes().all(|b| b.is_ascii_digit()), "{url}");
    assert_eq!(who_gets(&svc, &id, &binh, &an, &root).await, PRIVATE);
    agenda::publish(&svc, &an, c.id).await.unwrap();
    conferences::publish(&svc, &an, c.id).await.unwrap();
    assert_eq!(who_gets(&svc, &id, &binh, &an, &root).await, PUBLIC);
});
