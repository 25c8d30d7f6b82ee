//! Accounts, sign-in and API tokens through the service layer, on SQLite and PostgreSQL.

use crate::common::{app_error, invalid_fields};
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
    let by_token = Actor::Token { id: u.id, is_admin: false };
    assert_eq!(accounts::authenticate_token(&svc, &new.secret).await.unwrap(), Some(by_token));
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

on_both_engines!(only_a_signed_in_person_creates_tokens, |svc: Service| async move {
    let admin = accounts::create_user(&svc, &Actor::System, user("admin@bhxh.gov.vn", true)).await.unwrap();
    let session = Actor::User { id: admin.id, is_admin: true };
    let first = accounts::create_token(&svc, &session, "Cổng thông tin").await.unwrap();
    let by_token = accounts::authenticate_token(&svc, &first.secret).await.unwrap().expect("a valid token");
    assert!(by_token.is_admin(), "a token keeps its owner's other rights");

    // A token cannot mint another (which would outlive its own revocation), even an administrator's.
    assert_eq!(app_error(accounts::create_token(&svc, &by_token, "Bản sao").await), AppError::Forbidden);
    assert_eq!(app_error(accounts::create_token(&svc, &Actor::Anonymous, "x").await), AppError::Unauthorized);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM api_tokens").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!(n, 1, "nothing was created");

    // Revoking the token leaves nothing behind that still works.
    accounts::revoke_token(&svc, &session, first.token.id).await.unwrap();
    assert_eq!(accounts::authenticate_token(&svc, &first.secret).await.unwrap(), None);
    // The browser session still can.
    accounts::create_token(&svc, &session, "Cổng mới").await.unwrap();
});

/// Runs `n` sign-ins at once, the `i`-th as `attempt(i)`; returns how many were checked against a
/// password (refused as a wrong password) and the waits of those refused by the limits.
async fn parallel_sign_ins(svc: &Service, n: usize, attempt: impl Fn(usize) -> (String, String)) -> (usize, Vec<u64>) {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let (svc, (email, ip)) = (svc.clone(), attempt(i));
            tokio::spawn(async move { accounts::login(&svc, &email, "sai mật khẩu", &ip).await })
        })
        .collect();
    let (mut checked, mut waits) = (0, Vec::new());
    for t in tasks {
        match app_error(t.await.unwrap()) {
            AppError::Invalid { fields } if fields[0].field == "password" => checked += 1,
            AppError::RateLimited { retry_after_secs } => waits.push(retry_after_secs),
            other => panic!("unexpected answer {other:?}"),
        }
    }
    (checked, waits)
}

on_both_engines!(parallel_guesses_on_one_account_are_all_counted, |svc: Service| async move {
    accounts::create_user(&svc, &Actor::System, user("an@bhxh.gov.vn", false)).await.unwrap();
    // Fifty guesses at once, each from its own address: only the account's five free tries reach the
    // password check; the rest are refused before it, with a wait to come back after.
    let (checked, waits) =
        parallel_sign_ins(&svc, 50, |i| ("an@bhxh.gov.vn".into(), format!("10.1.{}.{}", i / 200, i % 200))).await;
    assert_eq!(checked, 5);
    assert_eq!(waits.len(), 45);
    assert!(waits.iter().all(|w| (1..=2).contains(w)), "{waits:?}");
});

on_both_engines!(parallel_guesses_from_one_address_are_all_counted, |svc: Service| async move {
    accounts::create_user(&svc, &Actor::System, user("an@bhxh.gov.vn", false)).await.unwrap();
    // Forty accounts (one real) guessed at once from one address: twenty free tries per address.
    let (checked, waits) = parallel_sign_ins(&svc, 40, |i| {
        let email = if i == 0 { "an@bhxh.gov.vn".to_string() } else { format!("user{i}@bhxh.gov.vn") };
        (email, "10.2.0.1".into())
    })
    .await;
    assert_eq!(checked, 20);
    assert_eq!(waits.len(), 20);
    assert!(waits.iter().all(|w| *w > 0));
    // Another address is not held up.
    accounts::login(&svc, "an@bhxh.gov.vn", "mật khẩu đủ dài 1", "10.2.0.2").await.unwrap();
});

on_both_engines!(the_right_password_passes_once_the_wait_is_over, |svc: Service| async move {
    accounts::create_user(&svc, &Actor::System, user("admin@bhxh.gov.vn", true)).await.unwrap();
    let (email, right) = ("admin@bhxh.gov.vn", "mật khẩu đủ dài 1");
    for _ in 0..5 {
        accounts::login(&svc, email, "sai", "10.3.0.1").await.unwrap_err();
    }
    // Even the right password waits, from any address: the wait is short after five failures.
    let wait = match app_error(accounts::login(&svc, email, right, "10.3.0.2").await) {
        AppError::RateLimited { retry_after_secs } => retry_after_secs,
        other => panic!("expected a rate limit, got {other:?}"),
    };
    assert!((1..=2).contains(&wait), "{wait}");
    // The refusal was not counted, and the wait did not grow.
    let count = |svc: Service| async move {
        let row: (i64, i64, i64) = sqlx::query_as(
            "SELECT failures, blocked_until - last_at, last_at FROM login_throttle WHERE key = 'email:admin@bhxh.gov.vn'",
        )
        .fetch_one(svc.db.read())
        .await
        .unwrap();
        row
    };
    assert_eq!(count(svc.clone()).await.0, 5);

    // Once the wait is over, one more wrong guess is checked, and the next wait is twice as long.
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    assert_eq!(invalid_fields(accounts::login(&svc, email, "sai", "10.3.0.1").await), ["password"]);
    let (failures, next_wait, _) = count(svc.clone()).await;
    assert_eq!((failures, next_wait), (6, 4));

    // After many failures the wait is fifteen minutes, and even the right password waits it out...
    sqlx::query(
        "UPDATE login_throttle SET failures = 20, blocked_until = last_at + 900 WHERE key = 'email:admin@bhxh.gov.vn'",
    )
    .execute(svc.db.write())
    .await
    .unwrap();
    match app_error(accounts::login(&svc, email, right, "10.3.0.2").await) {
        AppError::RateLimited { retry_after_secs } => assert!((880..=900).contains(&retry_after_secs)),
        other => panic!("expected a rate limit, got {other:?}"),
    }
    // ...but it is a time gate, not a lockout: with the stored times moved fifteen minutes back (as if
    // they had passed), the right password signs in and clears the account's count.
    sqlx::query(
        "UPDATE login_throttle SET blocked_until = blocked_until - 900, last_at = last_at - 900 \
         WHERE key = 'email:admin@bhxh.gov.vn'",
    )
    .execute(svc.db.write())
    .await
    .unwrap();
    accounts::login(&svc, email, right, "10.3.0.2").await.unwrap();
    let left: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_throttle WHERE key = 'email:admin@bhxh.gov.vn'")
        .fetch_one(svc.db.read())
        .await
        .unwrap();
    assert_eq!(left.0, 0);
    for _ in 0..4 {
        assert_eq!(invalid_fields(accounts::login(&svc, email, "sai", "10.3.0.3").await), ["password"]);
    }
});
