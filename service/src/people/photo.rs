//! Speaker photos: checked, decoded with limits (no decompression bombs), resized and stored as JPEG.

use super::rules::{by_id_unchecked, conference_of};
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::audit;
use crate::db::now;
use crate::error::Result;
use hoinghi_domain::people::{Person, limits};
use hoinghi_domain::{AppError, Message};
use image::{ImageFormat, ImageReader, Limits};
use std::io::Cursor;

fn refuse(key: &str) -> AppError {
    AppError::invalid("photo", Message::new(key))
}

/// Turns uploaded bytes into the stored JPEG, or a clear refusal.
pub(crate) fn prepare(bytes: &[u8]) -> std::result::Result<Vec<u8>, AppError> {
    if bytes.is_empty() {
        return Err(refuse("person-error-photo-empty"));
    }
    if bytes.len() > limits::PHOTO_BYTES {
        return Err(AppError::invalid(
            "photo",
            Message::new("person-error-photo-too-large").arg("mb", (limits::PHOTO_BYTES / (1024 * 1024)) as i64),
        ));
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| refuse("person-error-photo-not-image"))?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        _ => return Err(refuse("person-error-photo-not-image")),
    }
    let mut bounds = Limits::default();
    bounds.max_image_width = Some(12_000);
    bounds.max_image_height = Some(12_000);
    bounds.max_alloc = Some(256 * 1024 * 1024);
    let mut reader = reader;
    reader.limits(bounds);
    let image = reader.decode().map_err(|_| refuse("person-error-photo-not-image"))?;
    let resized = image.thumbnail(limits::PHOTO_SIDE, limits::PHOTO_SIDE).to_rgb8();
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    resized.write_with_encoder(encoder).map_err(|e| AppError::Internal { reference: format!("jpeg: {e}") })?;
    Ok(out)
}

pub async fn set_photo(svc: &Service, actor: &Actor, person_id: i64, bytes: &[u8]) -> Result<Person> {
    let conference_id = conference_of(svc, person_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    let jpeg = prepare(bytes)?;
    let mut tx = svc.db.begin().await?;
    let file_id = crate::files::store(&mut tx, conference_id, "image/jpeg", "photo.jpg", &jpeg).await?;
    sqlx::query("UPDATE people SET photo_file_id = $1, updated_at = $2 WHERE id = $3")
        .bind(file_id)
        .bind(now())
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, Some(conference_id), "person.photo", &person_id.to_string()).await?;
    tx.commit().await?;
    by_id_unchecked(svc, person_id).await
}

pub async fn remove_photo(svc: &Service, actor: &Actor, person_id: i64) -> Result<Person> {
    let conference_id = conference_of(svc, person_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    sqlx::query("UPDATE people SET photo_file_id = NULL, updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(person_id)
        .execute(svc.db.write())
        .await?;
    by_id_unchecked(svc, person_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn photos_are_resized_to_jpeg() {
        let jpeg = prepare(&png(1600, 1200)).unwrap();
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (480, 360));
        assert_eq!(image::guess_format(&jpeg).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn non_images_and_huge_files_are_refused_clearly() {
        let key = |r: std::result::Result<Vec<u8>, AppError>| r.unwrap_err().field("photo").unwrap().key.clone();
        assert_eq!(key(prepare(b"%PDF-1.4 not a photo")), "person-error-photo-not-image");
        assert_eq!(key(prepare(&vec![0xFF; 10 * 1024 * 1024])), "person-error-photo-too-large");
        assert_eq!(key(prepare(b"")), "person-error-photo-empty");
        // A PNG header that lies about its content.
        let mut broken = png(10, 10);
        broken.truncate(40);
        assert_eq!(key(prepare(&broken)), "person-error-photo-not-image");
    }
}
