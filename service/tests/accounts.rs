//! Accounts, sign-in and API tokens through the service layer, on SQLite and PostgreSQL.

mod common;

use common::{app_error, invalid_fields};
use hoinghi_domain::AppError;
use hoinghi_service::Service;
use hoinghi_service::accounts::{self, Actor, CreateUser};

fn user(email: &str, admin: bool) -> CreateUser {
    CreateUser {
        email: email.into(),
        display_name: "Lê Thị Bình".into(),
        password: "mật khẩu đủ dài 1".into(),
        is_admin: admin,
    }
}

on_both_engines!(only_admins_create_accounts_and_bad_input_is_refused, |svc: Service| async move {
    let admin = accounts::create_user(&svc, &Actor::System, user("Admin@BHXH.gov.vn", true)).await.unwrap();
    assert_eq!(admin.email, "admin@bhxh.gov.vn", "emails are stored lower-case");
    let admin_actor = Actor::User { id: admin.id, is_admin: true };
    let organizer = accounts::create_user(&svc, &admin_actor, user("to-chuc@bhxh.gov.vn", false)).await.unwrap();
    let organizer_actor = Actor::User { id: organizer.id, is_admin: false };
    assert_eq!(
        app_error(accounts::create_user(&svc, &organizer_actor, user("x@y.vn", false)).await),
        AppError::Forbidden
    );

    let bad = CreateUser {
        email: "không phải email".into(),
        display_name: " ".into(),
        password: "ngắn".into(),
        is_admin: false,
    };
    assert_eq!(
        invalid_fields(accounts::create_user(&svc, &admin_actor, bad).await),
        ["display_name", "email", "password"]
    );
    assert_eq!(
        invalid_fields(accounts::create_user(&svc, &admin_actor, user("ADMIN@bhxh.gov.vn", false)).await),
        ["email"]
    );
    assert_eq!(accounts::list_users(&svc, &admin_actor).await.unwrap().len(), 2);
});

on_both_engines!(sign_in_and_sessions, |svc: Service| async move {
    accounts::create_user(&svc, &Actor::System, user("an@bhxh.gov.vn", false)).await.unwrap();
    let ok = accounts::login(&svc, "AN@bhxh.gov.vn ", "mật khẩu đủ dài 1", "10.0.0.1").await.unwrap();
    assert!(ok.token.len() >= 43, "at least 256 bits");
    let me = accounts::session_user(&svc, &ok.token).await.unwrap().unwrap();
    assert_eq!(me.email, "an@bhxh.gov.vn");
    // The database keeps only a hash of the token.
    let (stored,): (String,) =
        sqlx::query_as("SELECT token_hash FROM login_sessions").fetch_one(svc.db.read()).await.unwrap();
    assert_ne!(stored, ok.token);

    assert_eq!(invalid_fields(accounts::login(&svc, "an@bhxh.gov.vn", "sai", "10.0.0.1").await), ["password"]);
    assert_eq!(invalid_fields(accounts::login(&svc, "ai@bhxh.gov.vn", "sai", "10.0.0.1").await), ["password"]);

    accounts::logout(&svc, &ok.token).await.unwrap();
    assert!(accounts::session_user(&svc, &ok.token).await.unwrap().is_none());
    assert!(accounts::session_user(&svc, "forged").await.unwrap().is_none());
});

on_both_engines!(sign_in_is_rate_limited, |svc: Service| async move {
    accounts::create_user(&svc, &Actor::System, user("an@bhxh.gov.vn", false)).await.unwrap();
    for _ in 0..5 {
        accounts::login(&svc, "an@bhxh.gov.vn", "sai mật khẩu", "10.0.0.2").await.unwrap_err();
    }
    // Even the right password waits now: guessing cannot continue.
    match app_error(accounts::login(&svc, "an@bhxh.gov.vn", "mật khẩu đủ dài 1", "10.0.0.2").await) {
        AppError::RateLimited { retry_after_secs } => assert!(retry_after_secs > 0 && retry_after_secs <= 900),
        other => panic!("expected a rate limit, got {other:?}"),
    }
    // Another account from another address is not affected.
    accounts::create_user(&svc, &Actor::System, user("binh@bhxh.gov.vn", false)).await.unwrap();
    accounts::login(&svc, "binh@bhxh.gov.vn", "mật khẩu đủ dài 1", "10.0.0.3").await.unwrap();
});

on_both_engines!(api_tokens_are_hashed_and_revocable, |svc: Service| async move {
    let u = accounts::create_user(&svc, &Actor::System, user("an@bhxh.gov.vn", false)).await.unwrap();
    let actor = Actor::User { id: u.id, is_admin: false };
    let new = accounts::create_token(&svc, &actor, "Cổng thông tin").await.unwrap();
    assert!(new.secret.starts_with("hn_"));
    assert_eq!(accounts::authenticate_token(&svc, &new.secret).await.unwrap(), Some(actor.clone()));
    let (hash,): (String,) =
        sqlx::query_as("SELECT token_hash FROM api_tokens").fetch_one(svc.db.read()).await.unwrap();
    assert!(!hash.contains(&new.secret));
    assert_eq!(invalid_fields(accounts::create_token(&svc, &actor, "  ").await), ["name"]);

    accounts::revoke_token(&svc, &actor, new.token.id).await.unwrap();
    assert_eq!(accounts::authenticate_token(&svc, &new.secret).await.unwrap(), None);
    assert_eq!(app_error(accounts::revoke_token(&svc, &actor, new.token.id).await), AppError::NotFound);
    assert_eq!(accounts::authenticate_token(&svc, "hn_forged").await.unwrap(), None);
    assert!(accounts::list_tokens(&svc, &actor).await.unwrap()[0].revoked_at.is_some());
});
