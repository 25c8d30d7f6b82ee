//! Scanning a badge's QR code with the camera of the phone or laptop at the desk: an island placed in
//! the check-in search form. It finds the code in the picture and types it into the search, which then
//! behaves as if a badge scanner had typed it (a whole code checks the delegate in at once).
//!
//! Where the browser has `BarcodeDetector` (Chrome on Android, macOS, ChromeOS) the browser reads the
//! code. Elsewhere (Safari, Firefox, Chrome on Windows and Linux) a frame is sent to the server every
//! moment and read there (`checkin::decode_badge`), which keeps this island small: a QR decoder in the page's
//! WebAssembly would weigh more than all the rest of the script. Without JavaScript, or without a camera,
//! the button is never shown and the typed search works as before.

use leptos::prelude::*;

#[island(lazy)]
pub fn QrScan() -> impl IntoView {
    let marker = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(el) = marker.get() {
            browser::attach(&el);
        }
    });
    // The labels come from the server (data attributes), so no catalogue travels to the browser.
    view! { <div class="qr-scan" node_ref=marker hidden></div> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use js_sys::{Array, Function, Object, Promise, Reflect};
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::{JsFuture, spawn_local};
    use web_sys::{
        CanvasRenderingContext2d, Element, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlFormElement,
        HtmlInputElement, HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack, Response,
    };

    /// Milliseconds between two looks at the picture.
    const EVERY_MS: i32 = 250;
    /// Looks between two frames sent to the server (about one a second).
    const SERVER_EVERY: u32 = 4;
    /// Width of a frame sent to the server: enough for a badge held up to the camera.
    const FRAME_WIDTH: u32 = 640;

    struct Scanner {
        form: HtmlFormElement,
        panel: HtmlElement,
        video: HtmlVideoElement,
        button: HtmlButtonElement,
        stream: RefCell<Option<MediaStream>>,
        running: Cell<bool>,
        busy: Cell<bool>,
        ticks: Cell<u32>,
        detector: Option<JsValue>,
    }

    pub fn attach(marker: &Element) {
        let Some(window) = web_sys::window() else { return };
        let Ok(media) = window.navigator().media_devices() else { return };
        let _ = media;
        let Some(form) = marker.closest("form").ok().flatten().and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(document) = window.document() else { return };
        let Some(marker) = marker.clone().dyn_into::<HtmlElement>().ok() else { return };
        let label = form.get_attribute("data-scan").unwrap_or_else(|| "QR".into());
        let stop_label = form.get_attribute("data-scan-stop").unwrap_or_else(|| "×".into());
        let Ok(button) = document.create_element("button") else { return };
        let Ok(button) = button.dyn_into::<HtmlButtonElement>() else { return };
        button.set_type("button");
        button.set_class_name("scan");
        button.set_text_content(Some(&label));
        let Ok(panel) = document.create_element("div").and_then(|p| p.dyn_into::<HtmlElement>().map_err(|e| e.into()))
        else {
            return;
        };
        panel.set_class_name("scan-view");
        panel.set_hidden(true);
        let Ok(video) =
            document.create_element("video").and_then(|v| v.dyn_into::<HtmlVideoElement>().map_err(|e| e.into()))
        else {
            return;
        };
        video.set_muted(true);
        let _ = video.set_attribute("playsinline", "");
        let _ = video.set_attribute("aria-hidden", "true");
        let _ = panel.append_child(&video);
        let _ = marker.append_child(&button);
        let _ = marker.append_child(&panel);
        marker.set_hidden(false);

        let detector = barcode_detector();
        let scanner = Rc::new(Scanner {
            form,
            panel,
            video,
            button: button.clone(),
            stream: RefCell::new(None),
            running: Cell::new(false),
            busy: Cell::new(false),
            ticks: Cell::new(0),
            detector,
        });
        let on_click = {
            let scanner = scanner.clone();
            Closure::<dyn FnMut()>::new(move || {
                if scanner.running.get() {
                    stop(&scanner, &label);
                } else {
                    let scanner = scanner.clone();
                    let stop_label = stop_label.clone();
                    spawn_local(async move { start(scanner, &stop_label).await });
                }
            })
        };
        let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
    }

    /// `new BarcodeDetector({formats: ["qr_code"]})`, where the browser has one.
    fn barcode_detector() -> Option<JsValue> {
        let window = web_sys::window()?;
        let ctor = Reflect::get(&window, &"BarcodeDetector".into()).ok()?.dyn_into::<Function>().ok()?;
        let options = Object::new();
        Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into())).ok()?;
        Reflect::construct(&ctor, &Array::of1(&options)).ok()
    }

    async fn start(scanner: Rc<Scanner>, stop_label: &str) {
        let Some(window) = web_sys::window() else { return };
        let Ok(media) = window.navigator().media_devices() else { return };
        let constraints = MediaStreamConstraints::new();
        let video = Object::new();
        let _ = Reflect::set(&video, &"facingMode".into(), &"environment".into());
        constraints.set_video(&video);
        let Ok(promise) = media.get_user_media_with_constraints(&constraints) else { return };
        let Ok(stream) = JsFuture::from(promise).await.and_then(|s| s.dyn_into::<MediaStream>()) else {
            // Refused or no camera: the typed search is still there.
            return;
        };
        scanner.video.set_src_object(Some(&stream));
        let _ = scanner.video.play();
        *scanner.stream.borrow_mut() = Some(stream);
        scanner.panel.set_hidden(false);
        scanner.running.set(true);
        scanner.button.set_text_content(Some(stop_label));
        tick(scanner);
    }

    fn stop(scanner: &Scanner, label: &str) {
        scanner.running.set(false);
        if let Some(stream) = scanner.stream.borrow_mut().take() {
            for track in stream.get_tracks().iter() {
                if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                    track.stop();
                }
            }
        }
        scanner.video.set_src_object(None);
        scanner.panel.set_hidden(true);
        scanner.button.set_text_content(Some(label));
    }

    fn tick(scanner: Rc<Scanner>) {
        let Some(window) = web_sys::window() else { return };
        let later = Closure::once_into_js(move || {
            if !scanner.running.get() {
                return;
            }
            let again = scanner.clone();
            spawn_local(async move {
                if !again.busy.get() {
                    again.busy.set(true);
                    let found = look(&again).await;
                    again.busy.set(false);
                    if let Some(code) = found {
                        found_code(&again, &code);
                        return;
                    }
                }
                tick(again);
            });
        });
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), EVERY_MS);
    }

    /// One look at the picture: by the browser's detector, or (every few looks) by the server.
    async fn look(scanner: &Scanner) -> Option<String> {
        if scanner.video.video_width() == 0 {
            return None;
        }
        if let Some(detector) = &scanner.detector {
            let detect = Reflect::get(detector, &"detect".into()).ok()?.dyn_into::<Function>().ok()?;
            let promise = detect.call1(detector, &scanner.video).ok()?.dyn_into::<Promise>().ok()?;
            let found = JsFuture::from(promise).await.ok()?.dyn_into::<Array>().ok()?;
            return found.iter().find_map(|b| Reflect::get(&b, &"rawValue".into()).ok()?.as_string());
        }
        scanner.ticks.set(scanner.ticks.get() + 1);
        if scanner.ticks.get() % SERVER_EVERY != 0 {
            return None;
        }
        let image = frame(&scanner.video)?;
        ask_server(&image).await
    }

    /// The picture as a JPEG `data:` address, at most [`FRAME_WIDTH`] wide.
    fn frame(video: &HtmlVideoElement) -> Option<String> {
        let document = web_sys::window()?.document()?;
        let canvas = document.create_element("canvas").ok()?.dyn_into::<HtmlCanvasElement>().ok()?;
        let (w, h) = (video.video_width(), video.video_height());
        let scale = (FRAME_WIDTH as f64 / w as f64).min(1.0);
        let (cw, ch) = ((w as f64 * scale) as u32, (h as f64 * scale) as u32);
        canvas.set_width(cw);
        canvas.set_height(ch);
        let ctx = canvas.get_context("2d").ok()??.dyn_into::<CanvasRenderingContext2d>().ok()?;
        ctx.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, cw as f64, ch as f64).ok()?;
        canvas.to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(0.7)).ok()
    }

    async fn ask_server(image: &str) -> Option<String> {
        let window = web_sys::window()?;
        let path = window.location().pathname().ok()?;
        // /manage/c/{slug}/checkin
        let slug = path.split('/').nth(3)?.to_string();
        let body = web_sys::UrlSearchParams::new().ok()?;
        body.append("slug", &slug);
        body.append("image", image);
        let headers = web_sys::Headers::new().ok()?;
        headers.set("content-type", "application/x-www-form-urlencoded;charset=UTF-8").ok()?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        init.set_headers(&headers);
        init.set_body(&body);
        let response: Response =
            JsFuture::from(window.fetch_with_str_and_init("/fn/checkin/decode", &init)).await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        JsFuture::from(response.json().ok()?).await.ok()?.as_string()
    }

    /// Types the code into the search and sends it, as a badge scanner would.
    fn found_code(scanner: &Scanner, code: &str) {
        let label = scanner.form.get_attribute("data-scan").unwrap_or_default();
        stop(scanner, &label);
        let input = scanner
            .form
            .query_selector("input[name=q]")
            .ok()
            .flatten()
            .and_then(|i| i.dyn_into::<HtmlInputElement>().ok());
        if let Some(input) = input {
            input.set_value(code.trim());
        }
        let _ = scanner.form.request_submit();
    }
}
