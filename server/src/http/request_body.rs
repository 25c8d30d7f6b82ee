//! Request bodies, for every route: a size limit per route family ([`Family::body_limit`]) and no
//! content encodings.
//!
//! **Size.** A body over its family's limit is answered `413` in the family's format. The rest of the body
//! is read and dropped first (up to [`DRAIN_BEYOND_LIMIT`] more): a server that answers and closes while
//! the client is still sending makes the client see a reset connection instead of the answer. The limit
//! is counted on the bytes as they arrive, whatever `Content-Length` says, so nothing beyond it is ever
//! held. A handler sees a body that fails at the limit; whatever it answers then is replaced by the 413.
//! A handler that answers without reading its body at all (a refusal) gets the rest drained the same way.
//!
//! **Encoding.** Bodies are read as sent: a `Content-Encoding` other than `identity` is answered `415` with
//! `Accept-Encoding: identity` (RFC 7694). Decoding gzip safely would need a second limit on the
//! decompressed size against zip bombs, for no client of ours: browsers and API clients send plain
//! bodies.

use super::route_family::Family;
use axum::body::{Body, BodyDataStream, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use futures::{Stream, StreamExt};
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::AppError;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

/// How much more than its limit a body is read (and dropped) to deliver the 413; past this, or past
/// [`DRAIN_TIME`], the connection is closed after the answer.
pub const DRAIN_BEYOND_LIMIT: usize = 16 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(30);

pub async fn layer(req: Request, next: Next) -> Response {
    let family = Family::of(req.method(), req.uri());
    let limit = family.body_limit();
    let path = req.uri().path().to_string();
    let locale = req.extensions().get::<RequestContext>().map(|c| c.locale).unwrap_or_default();
    let refuse = |error: AppError| family.answer(&path, &error, locale);

    if let Some(encoding) = unsupported_encoding(&req) {
        let (_, body) = req.into_parts();
        let drained = drain(body.into_data_stream(), limit + DRAIN_BEYOND_LIMIT).await;
        let mut response = refuse(AppError::UnsupportedMediaType { detail: format!("Content-Encoding: {encoding}") });
        response.headers_mut().insert(header::ACCEPT_ENCODING, HeaderValue::from_static("identity"));
        return closing_unless(drained, response);
    }

    let too_large = || refuse(AppError::TooLarge { max_bytes: limit as u64 });
    if let Some(length) = declared_length(&req).filter(|l| *l > limit as u64) {
        if expects_continue(&req) {
            // The client waits for our word before sending: refuse now and it sends nothing.
            return closing_unless(false, too_large());
        }
        let drained = length <= (limit + DRAIN_BEYOND_LIMIT) as u64
            && drain(req.into_body().into_data_stream(), limit + DRAIN_BEYOND_LIMIT).await;
        return closing_unless(drained, too_large());
    }

    if req.body().is_end_stream() {
        // Nothing to read (most GETs).
        return next.run(req).await;
    }
    // Length unknown (chunked) or within the limit: count as the handler reads.
    let shared = Arc::new(Shared::default());
    let (parts, body) = req.into_parts();
    let limited = Limited { inner: Some(body.into_data_stream()), remaining: limit, shared: shared.clone() };
    let response = next.run(Request::from_parts(parts, Body::from_stream(limited))).await;
    let rest = shared.rest.lock().map(|mut r| r.take()).unwrap_or(None);
    let drained = match rest {
        Some(rest) => drain(rest, limit + DRAIN_BEYOND_LIMIT).await,
        None => true,
    };
    if shared.exceeded.load(Ordering::SeqCst) {
        return closing_unless(drained, too_large());
    }
    closing_unless(drained, response)
}

/// The request's `Content-Encoding` if it is anything but `identity`.
fn unsupported_encoding(req: &Request) -> Option<String> {
    let values: Vec<String> = req
        .headers()
        .get_all(header::CONTENT_ENCODING)
        .iter()
        .flat_map(|v| {
            String::from_utf8_lossy(v.as_bytes()).split(',').map(|e| e.trim().to_string()).collect::<Vec<_>>()
        })
        .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"))
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

fn declared_length(req: &Request) -> Option<u64> {
    req.headers().get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

fn expects_continue(req: &Request) -> bool {
    req.headers()
        .get(header::EXPECT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
}

/// `response`, marked to close the connection when part of the body is still unread.
fn closing_unless(drained: bool, mut response: Response) -> Response {
    if !drained {
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Reads and drops the rest of a body, at most `budget` bytes and [`DRAIN_TIME`]; true if it ended.
async fn drain(mut body: BodyDataStream, budget: usize) -> bool {
    let read_all = async {
        let mut seen = 0usize;
        while let Some(chunk) = body.next().await {
            let Ok(chunk) = chunk else { return false };
            seen += chunk.len();
            if seen > budget {
                return false;
            }
        }
        true
    };
    tokio::time::timeout(DRAIN_TIME, read_all).await.unwrap_or(false)
}

/// What the layer learns from the body it handed to the handler.
#[derive(Default)]
struct Shared {
    /// The body went past the limit.
    exceeded: AtomicBool,
    /// What the handler left unread, given back when it dropped the body.
    rest: Mutex<Option<BodyDataStream>>,
}

/// The request body as the handler sees it: an error once more than `remaining` bytes have come.
struct Limited {
    inner: Option<BodyDataStream>,
    remaining: usize,
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct OverLimit;

impl std::fmt::Display for OverLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("request body over its limit")
    }
}

impl std::error::Error for OverLimit {}

impl Stream for Limited {
    type Item = Result<Bytes, axum::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.shared.exceeded.load(Ordering::SeqCst) {
            return Poll::Ready(Some(Err(axum::Error::new(OverLimit))));
        }
        let Some(inner) = this.inner.as_mut() else { return Poll::Ready(None) };
        match inner.poll_next_unpin(cx) {
            Poll::Ready(Some(Ok(chunk))) if chunk.len() > this.remaining => {
                this.shared.exceeded.store(true, Ordering::SeqCst);
                Poll::Ready(Some(Err(axum::Error::new(OverLimit))))
            }
            Poll::Ready(Some(Ok(chunk))) => {
                this.remaining -= chunk.len();
                Poll::Ready(Some(Ok(chunk)))
            }
            other => other,
        }
    }
}

impl Drop for Limited {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take()
            && let Ok(mut rest) = self.shared.rest.lock()
        {
            *rest = Some(inner);
        }
    }
}

#[cfg(test)]
mod tests {
    //! Over a real socket: the point is what a client receives, not what a handler returns.
    use super::*;
    use axum::Router;
    use axum::routing::post;
    use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    async fn serve() -> std::net::SocketAddr {
        async fn echo_len(body: Bytes) -> String {
            body.len().to_string()
        }
        async fn refuse() -> axum::http::StatusCode {
            axum::http::StatusCode::UNAUTHORIZED
        }
        let app = Router::new()
            .route("/api/v1/echo", post(echo_len))
            .route("/api/v1/refuse", post(refuse))
            .route("/fn/echo", post(echo_len))
            .route("/page", post(echo_len))
            .layer(axum::extract::DefaultBodyLimit::disable())
            .layer(axum::middleware::from_fn(layer));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    }

    struct Answer {
        status: u16,
        headers: String,
        body: String,
    }

    /// Reads one complete answer (headers and a `Content-Length` or chunked body) from the connection.
    async fn read_answer(conn: &mut (impl AsyncRead + Unpin)) -> Answer {
        let mut buf = Vec::new();
        let mut byte = [0u8; 1];
        while !buf.ends_with(b"\r\n\r\n") {
            assert_eq!(conn.read(&mut byte).await.expect("the answer's headers"), 1, "connection closed early");
            buf.push(byte[0]);
        }
        let headers = String::from_utf8(buf).unwrap().to_lowercase();
        let status = headers[9..12].parse().unwrap();
        let mut body = Vec::new();
        if let Some(len) = headers.lines().find_map(|l| l.strip_prefix("content-length:")) {
            body.resize(len.trim().parse().unwrap(), 0);
            conn.read_exact(&mut body).await.expect("the whole answer body");
        } else if headers.contains("transfer-encoding: chunked") {
            loop {
                let mut line = Vec::new();
                while !line.ends_with(b"\r\n") {
                    conn.read_exact(&mut byte).await.unwrap();
                    line.push(byte[0]);
                }
                let size = usize::from_str_radix(std::str::from_utf8(&line).unwrap().trim(), 16).unwrap();
                let mut chunk = vec![0; size + 2];
                conn.read_exact(&mut chunk).await.unwrap();
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        }
        Answer { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
    }

    /// Sends a request with `body` (chunked when `chunked`) while reading the answer, as a client does.
    async fn exchange(conn: &mut TcpStream, path: &str, extra: &str, body: Vec<u8>, chunked: bool) -> Answer {
        let head = if chunked {
            format!(
                "POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n{extra}Transfer-Encoding: chunked\r\n\r\n"
            )
        } else {
            format!(
                "POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\n\r\n",
                body.len()
            )
        };
        let (mut reader, mut writer) = conn.split();
        let send = async {
            writer.write_all(head.as_bytes()).await?;
            if chunked {
                for piece in body.chunks(64 * 1024) {
                    writer.write_all(format!("{:x}\r\n", piece.len()).as_bytes()).await?;
                    writer.write_all(piece).await?;
                    writer.write_all(b"\r\n").await?;
                }
                writer.write_all(b"0\r\n\r\n").await?;
            } else {
                writer.write_all(&body).await?;
            }
            writer.flush().await
        };
        let (sent, answer) = tokio::join!(send, read_answer(&mut reader));
        sent.expect("the whole request body is accepted, not cut off");
        answer
    }

    fn big_json() -> Vec<u8> {
        let mut body = b"{\"title\": \"".to_vec();
        body.resize(10 * 1024 * 1024, b'a');
        body.extend_from_slice(b"\"}");
        body
    }

    #[tokio::test]
    async fn a_10_mib_api_body_gets_a_complete_413_json_answer_on_a_live_connection() {
        let addr = serve().await;
        for chunked in [false, true] {
            let mut conn = TcpStream::connect(addr).await.unwrap();
            let answer = exchange(&mut conn, "/api/v1/echo", "", big_json(), chunked).await;
            assert_eq!(answer.status, 413, "chunked: {chunked}");
            let json: serde_json::Value = serde_json::from_str(&answer.body).expect("a JSON body");
            assert_eq!(json["error"]["code"], "too_large");
            assert!(json["error"]["message"].as_str().unwrap().contains("2048 KB"), "{json}");
            assert!(!answer.headers.contains("connection: close"), "{}", answer.headers);
            // The same connection serves the next request.
            let next = exchange(&mut conn, "/api/v1/echo", "", b"{}".to_vec(), false).await;
            assert_eq!((next.status, next.body.as_str()), (200, "2"));
        }
    }

    #[tokio::test]
    async fn bodies_within_the_limit_reach_the_handler_intact() {
        let addr = serve().await;
        let mut conn = TcpStream::connect(addr).await.unwrap();
        let body = vec![b'x'; 2 * 1024 * 1024];
        for chunked in [false, true] {
            let answer = exchange(&mut conn, "/api/v1/echo", "", body.clone(), chunked).await;
            assert_eq!((answer.status, answer.body.as_str()), (200, "2097152"));
        }
    }

    #[tokio::test]
    async fn each_family_answers_in_its_own_format() {
        let addr = serve().await;
        let mut conn = TcpStream::connect(addr).await.unwrap();
        let answer = exchange(&mut conn, "/fn/echo", "", vec![b'x'; 3 * 1024 * 1024], true).await;
        assert_eq!(answer.status, 413);
        let error: AppError = serde_json::from_str(&answer.body).expect("an AppError, as server functions send");
        assert_eq!(error, AppError::TooLarge { max_bytes: 2 * 1024 * 1024 });
        assert!(answer.headers.contains("serverfnerror: /fn/echo"));

        let answer = exchange(&mut conn, "/page", "", vec![b'x'; 100 * 1024], false).await;
        assert_eq!(answer.status, 413);
        assert!(answer.headers.contains("content-type: text/html"));
        assert!(answer.body.contains("64 KB"), "{}", answer.body);
    }

    #[tokio::test]
    async fn compressed_bodies_are_refused_with_415() {
        let addr = serve().await;
        let mut conn = TcpStream::connect(addr).await.unwrap();
        for encoding in ["gzip", "identity, gzip", "br"] {
            let extra = format!("Content-Encoding: {encoding}\r\n");
            let answer = exchange(&mut conn, "/api/v1/echo", &extra, b"\x1f\x8b\x08\x00".to_vec(), false).await;
            assert_eq!(answer.status, 415, "{encoding}");
            assert!(answer.headers.contains("accept-encoding: identity"));
            let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
            assert_eq!(json["error"]["code"], "unsupported_media_type");
        }
        let answer = exchange(&mut conn, "/api/v1/echo", "Content-Encoding: identity\r\n", b"{}".to_vec(), false).await;
        assert_eq!(answer.status, 200);
    }

    #[tokio::test]
    async fn a_handler_that_reads_nothing_still_gets_its_answer_delivered() {
        let addr = serve().await;
        let mut conn = TcpStream::connect(addr).await.unwrap();
        let answer = exchange(&mut conn, "/api/v1/refuse", "", vec![b'x'; 1024 * 1024], false).await;
        assert_eq!(answer.status, 401);
        let next = exchange(&mut conn, "/api/v1/echo", "", b"{}".to_vec(), false).await;
        assert_eq!(next.status, 200);
    }

    #[tokio::test]
    async fn a_client_that_waits_to_continue_is_refused_before_sending() {
        let addr = serve().await;
        let mut conn = TcpStream::connect(addr).await.unwrap();
        conn.write_all(
            b"POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 10485760\r\n\r\n",
        )
        .await
        .unwrap();
        let answer = read_answer(&mut conn).await;
        assert_eq!(answer.status, 413);
    }
}
