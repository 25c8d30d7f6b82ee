//! Headless Chromium through chromedriver (Debian's chromium and chromium-driver), one driver per test.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    /// Whether the page's scripts run (WebDriver's own scripts run either way).
    javascript: bool,
}

impl Browser {
    /// A fresh browser; `javascript: false` turns scripts off, as a delegate's locked-down browser might.
    pub async fn start(javascript: bool) -> Browser {
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
        let caps = json!({
            "goog:chromeOptions": { "binary": binary, "args": args, "prefs": prefs },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let caps = caps.as_object().cloned().unwrap_or_default();
        let url = format!("http://127.0.0.1:{port}");
        let mut last = None;
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url).await {
                Ok(client) => return Browser { client, driver, _profile: profile, javascript },
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not accept a session: {last:?}");
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// Waits until the page is ready for a user: at once for a page without islands (it runs no script),
    /// after the islands have woken up otherwise.
    pub async fn wait_ready(&self) {
        let islands = self
            .client
            .execute("return document.querySelectorAll('leptos-island').length", vec![])
            .await
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        if islands > 0 && self.javascript {
            let woke = self
                .client
                .wait()
                .at_most(Duration::from_secs(30))
                .for_element(Locator::Css("html[data-hydrated]"))
                .await;
            if woke.is_err() {
                let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                panic!("the page's islands did not start on {url}: {:?}", self.console_problems().await);
            }
        }
    }

    /// The site's built files (`/pkg/…`) the current page has fetched, by path, in the order fetched.
    pub async fn fetched_site_files(&self) -> Vec<String> {
        let script = "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)\
                      .filter(p => p.startsWith('/pkg/'))";
        let found = self.client.execute(script, vec![]).await.expect("resource timing");
        serde_json::from_value(found).unwrap_or_default()
    }

    /// Problems the browser reported since the last call: script errors, failed loads, Content-Security-
    /// Policy violations and hydration warnings (from chromedriver's browser log, which records them from
    /// the start of each page load).
    pub async fn console_problems(&self) -> Vec<String> {
        let log = self.client.issue_cmd(BrowserLog).await.unwrap_or_default();
        let entries: Vec<serde_json::Value> = serde_json::from_value(log).unwrap_or_default();
        entries
            .into_iter()
            .filter(|e| {
                let level = e["level"].as_str().unwrap_or("");
                let text = e["message"].as_str().unwrap_or("").to_lowercase();
                // A page or form answered with 4xx (a 404 page, invalid input, a full quota) is the answer
                // we designed, and the browser logs every 4xx as a failed load; a 4xx for one of the
                // site's assets (a missing script or stylesheet) stays a problem.
                let refused_form =
                    e["source"].as_str() == Some("network") && !text.contains("/pkg/") && text.contains("status of 4");
                !refused_form && level == "SEVERE"
                    || text.contains("content security policy")
                    || text.contains("hydration")
                    || text.contains("panicked")
            })
            .map(|e| e["message"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// Fails the test if the page reported a problem (see [`Browser::console_problems`]).
    pub async fn assert_clean_console(&self) {
        let problems = self.console_problems().await;
        let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        assert!(problems.is_empty(), "browser problems on {url}: {problems:#?}");
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

    /// Picks an `<option>` by its visible text, or the first whose text begins with it (people are told
    /// apart by what follows their name).
    pub async fn choose(&self, css: &str, text: &str) {
        let e = self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no element {css}"));
        if e.clone().select_by_label(text).await.is_ok() {
            return;
        }
        for option in e.find_all(Locator::Css("option")).await.unwrap_or_default() {
            if option.text().await.is_ok_and(|t| t.trim_start().starts_with(text)) {
                option.click().await.expect("choose option");
                return;
            }
        }
        panic!("no option {text:?} in {css}");
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
                let errors = self.console_problems().await;
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

    /// The page's accessibility problems by axe-core (shipped in `tests/tools`, installed by
    /// `scripts/bootstrap test`), against WCAG 2.0, 2.1 and 2.2 A and AA: "rule: target" per node.
    /// The script is run through WebDriver, which the page's Content-Security-Policy does not govern.
    pub async fn axe_violations(&self) -> Vec<String> {
        let cache = std::env::var("HOINGHI_CACHE")
            .unwrap_or_else(|_| format!("{}/.cache/hoinghi", std::env::var("HOME").unwrap_or_default()));
        let path = format!("{cache}/node/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}; run scripts/bootstrap test (npm ci in tests/tools)"));
        self.client.execute(&format!("{source}\nreturn true;"), vec![]).await.expect("load axe-core");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })\
                   .then(r => done(r.violations.flatMap(v => v.nodes.map(n => v.id + ' (' + v.impact + '): ' + n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')))))\
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe-core");
        serde_json::from_value(result).unwrap_or_default()
    }

    /// Fails the test if axe-core finds a WCAG 2.2 AA violation on the page.
    pub async fn assert_accessible(&self) {
        let problems = self.axe_violations().await;
        let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        assert!(problems.is_empty(), "accessibility problems on {url}: {problems:#?}");
    }

    /// Saves a PNG of the window at `width` pixels wide (the page's full height up to 4000 px) when
    /// `HOINGHI_SCREENSHOTS` names a folder; does nothing otherwise.
    pub async fn screenshot(&self, name: &str, width: u32) {
        let Ok(dir) = std::env::var("HOINGHI_SCREENSHOTS") else { return };
        self.client.set_window_size(width, 900).await.expect("resize");
        let height = self
            .client
            .execute("return Math.min(4000, document.documentElement.scrollHeight)", vec![])
            .await
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(900) as u32;
        self.client.set_window_size(width, height.max(600)).await.expect("resize");
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(format!("{dir}/{name}-{width}.png"), png).expect("write screenshot");
        self.client.set_window_size(1280, 1000).await.expect("resize back");
    }

    /// Ends the session; panics if the browser reported a problem since the last check.
    pub async fn close(mut self) {
        let errors = self.console_problems().await;
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

/// chromedriver's browser log (console messages, script errors, CSP violations); reading it empties it.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_string()))
    }
}
