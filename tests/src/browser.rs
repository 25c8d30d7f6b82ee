//! Headless Chromium through chromedriver (Debian's chromium and chromium-driver), one driver per test.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A fresh browser; `javascript: false` turns scripts off, as a delegate's locked-down browser might.
    pub async fn start(javascript: bool) -> Browser {
        // reqwest and fantoccini link different TLS back ends; chromedriver is plain HTTP, any will do.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_bin} ({e}); install chromium-driver"));
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--lang=en-US".into(),
            "--window-size=1280,1000".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        if let Ok(extra) = std::env::var("HOINGHI_CHROMIUM_ARGS") {
            args.extend(extra.split_whitespace().map(str::to_string));
        }
        let mut prefs = serde_json::Map::new();
        // Pages in Vietnamese, as a delegate's browser asks; the browser's own UI (date inputs) stays en-US.
        prefs.insert("intl.accept_languages".into(), json!("vi-VN,vi"));
        if !javascript {
            prefs.insert("profile.managed_default_content_settings.javascript".into(), json!(2));
        }
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = json!({ "goog:chromeOptions": { "binary": binary, "args": args, "prefs": prefs } });
        let caps = caps.as_object().cloned().unwrap_or_default();
        let url = format!("http://127.0.0.1:{port}");
        let mut last = None;
        for _ in 0..100 {
            match ClientBuilder::rustls().expect("TLS").capabilities(caps.clone()).connect(&url).await {
                Ok(client) => return Browser { client, driver, _profile: profile },
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not accept a session: {last:?}");
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// Waits until the WebAssembly has hydrated the page, then records the page's script errors (a panic
    /// in the WebAssembly is logged with console.error) so a test can fail on them.
    pub async fn wait_hydrated(&self) {
        self.client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("html[data-hydrated]"))
            .await
            .expect("the page did not hydrate");
        self.client
            .execute(
                "if (!window.__errors) { window.__errors = []; \
                 window.addEventListener('error', e => window.__errors.push(String(e.message))); \
                 const log = console.error; \
                 console.error = (...a) => { window.__errors.push(a.map(String).join(' ')); log(...a); }; }",
                vec![],
            )
            .await
            .expect("install the error recorder");
    }

    /// Script errors recorded since the page last hydrated (full page loads start a new list).
    pub async fn script_errors(&self) -> Vec<String> {
        let v = self.client.execute("return window.__errors || []", vec![]).await.unwrap_or_default();
        serde_json::from_value(v).unwrap_or_default()
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no element {css}"));
        e.clear().await.ok();
        e.send_keys(text).await.expect("type");
    }

    /// Types a date into `<input type=date>` in the en-US order Chromium expects (mm dd yyyy).
    pub async fn fill_date(&self, css: &str, iso: &str) {
        let parts: Vec<&str> = iso.split('-').collect();
        let e = self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no element {css}"));
        e.send_keys(&format!("{}{}{}", parts[1], parts[2], parts[0])).await.expect("type date");
    }

    /// Sets a field's value through the page (time, date and select inputs type differently per locale).
    pub async fn set(&self, css: &str, value: &str) {
        let e = self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no element {css}"));
        let arg = serde_json::to_value(&e).expect("element reference");
        self.client
            .execute(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                vec![arg, json!(value)],
            )
            .await
            .expect("set value");
    }

    /// Picks an `<option>` by its visible text.
    pub async fn choose(&self, css: &str, text: &str) {
        let e = self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no element {css}"));
        e.select_by_label(text).await.unwrap_or_else(|_| panic!("no option {text:?} in {css}"));
    }

    /// The visible text of the page's main element.
    pub async fn main_text(&self) -> String {
        self.client.find(Locator::Css("main")).await.expect("main").text().await.expect("text")
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|_| panic!("no element {css}"))
            .click()
            .await
            .expect("click");
    }

    /// Waits for an element whose text contains `text`.
    pub async fn wait_text(&self, css: &str, text: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(elements) = self.client.find_all(Locator::Css(css)).await {
                for e in elements {
                    if let Ok(t) = e.text().await
                        && t.contains(text)
                    {
                        return t;
                    }
                }
            }
            if std::time::Instant::now() > deadline {
                let main = match self.client.find(Locator::Css("main")).await {
                    Ok(m) => m.text().await.unwrap_or_default(),
                    Err(_) => self.client.source().await.unwrap_or_default(),
                };
                let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                let errors = self.script_errors().await;
                panic!(
                    "no {css} containing {text:?} at {url}; script errors: {errors:?}; page text:\n{}",
                    main.chars().take(3000).collect::<String>()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn wait_url(&self, fragment: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            if url.contains(fragment) {
                return url;
            }
            if std::time::Instant::now() > deadline {
                panic!("URL {url} never contained {fragment}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the session; panics if the current page logged a script error (a WebAssembly panic).
    pub async fn close(mut self) {
        let errors = self.script_errors().await;
        if !errors.is_empty() {
            let _ = self.driver.kill();
            panic!("script errors in the browser: {errors:?}");
        }
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
