//! `hoinghi serve`: open the database, build the router, serve until a shutdown signal.

use crate::commands::open;
use crate::config::Config;
use crate::http;
use hoinghi_service::demo;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;
use std::sync::Arc;

pub async fn run(config: Config) -> anyhow::Result<()> {
    let svc = open(&config).await?;
    if config.demo.load_on_empty && demo::load_if_empty(&svc).await.map_err(|e| anyhow::anyhow!("{e}"))? {
        tracing::info!("fresh database: loaded the demo conference");
    }
    if !hoinghi_service::accounts::has_users(&svc).await.map_err(|e| anyhow::anyhow!("{e}"))? {
        tracing::warn!(
            "no organizer account yet; create one with: hoinghi create-admin --email you@example.vn --name \"Họ Tên\""
        );
    }

    let addr: SocketAddr =
        config.site.addr.parse().map_err(|e| anyhow::anyhow!("invalid site address {:?}: {e}", config.site.addr))?;
    let leptos = LeptosOptions::builder()
        .output_name(crate::config::OUTPUT_NAME)
        .site_root(config.site.root.as_str())
        .site_pkg_dir(crate::config::SITE_PKG_DIR)
        .site_addr(addr)
        .build();
    let mailer = hoinghi_service::mail::Mailer::new(&config.mail.smtp_url, &config.mail.from)?;
    if !mailer.configured() {
        tracing::warn!("no SMTP server configured (HOINGHI_SMTP_URL): messages stay in the outbox");
    }
    let (stop_mail, stopping) = tokio::sync::watch::channel(false);
    let sender = tokio::spawn(hoinghi_service::mail::run_sender(svc.clone(), mailer, stopping));
    let state = http::AppState::new(svc.clone(), leptos, Arc::new(config));
    let app = http::router(state);

    // No Nagle delay: a response written in two pieces (headers, then a streamed body) must not wait
    // for the client's delayed ACK (40 ms on Linux) before its second piece goes out.
    let listener = axum::serve::ListenerExt::tap_io(tokio::net::TcpListener::bind(addr).await?, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY");
        }
    });
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    // Requests in flight have finished. The mail sender finishes the message in hand and stops before
    // the pool closes (messages are rows written with their cause: what is left goes at the next start).
    tracing::info!("shutting down");
    let _ = stop_mail.send(true);
    let _ = sender.await;
    svc.db.close().await;
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting connections, let requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
