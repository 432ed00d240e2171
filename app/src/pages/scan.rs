//! `/scan`: the phone camera reads the decision's QR code. The browser's own
//! BarcodeDetector is used where it exists; elsewhere the frames are decoded in WASM
//! (rqrr). Frames never leave the device. A code for another host is flagged as not
//! official; typing the code is always offered.

use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::{html, prelude::*, task::spawn_local};
use leptos_router::{NavigateOptions, hooks::use_navigate};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream, MediaStreamTrack,
};

use crate::{
    components::{CaseCodeForm, set_title},
    i18n::use_i18n,
    model::routes::{Scanned, read_scanned},
};

/// What the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Idle,
    Scanning,
    NoCamera,
    Foreign(String),
    NotCase,
}

/// Frames are scaled to at most this width before decoding.
const FRAME_WIDTH: u32 = 640;

#[component]
pub fn Scan() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    Effect::new(move |_| set_title(i18n.t().scan_title(), i18n.t().brand()));
    let state = RwSignal::new(State::Idle);
    let stream = StoredValue::new_local(None::<MediaStream>);
    let video: NodeRef<html::Video> = NodeRef::new();
    let canvas: NodeRef<html::Canvas> = NodeRef::new();

    let stop = move || {
        if let Some(s) = stream.try_get_value().flatten() {
            for track in s.get_tracks().iter() {
                if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                    track.stop();
                }
            }
        }
        let _ = stream.try_set_value(None);
        if state.try_get_untracked() == Some(State::Scanning) {
            state.set(State::Idle);
        }
    };
    on_cleanup(stop);

    let start = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let (Some(video), Some(canvas)) = (video.get_untracked(), canvas.get_untracked())
            else {
                return;
            };
            let Some(s) = open_camera().await else {
                state.set(State::NoCamera);
                return;
            };
            video.set_src_object(Some(&s));
            let _ = video.play().map(JsFuture::from);
            stream.set_value(Some(s));
            state.set(State::Scanning);
            let detector = barcode_detector();
            let host = web_sys::window()
                .and_then(|w| w.location().host().ok())
                .unwrap_or_default();
            while state.try_get_untracked() == Some(State::Scanning) {
                sleep(200).await;
                let Some(text) = read_frame(&video, &canvas, detector.as_ref()).await else {
                    continue;
                };
                match read_scanned(&text, &host) {
                    Scanned::Official(path) => {
                        stop();
                        navigate(&path, NavigateOptions::default());
                        return;
                    }
                    Scanned::Foreign(url) => state.set(State::Foreign(url)),
                    Scanned::Unknown => state.set(State::NotCase),
                }
                stop();
            }
        });
    };

    view! {
        <section class="panel scan" aria-labelledby="scan-title">
            <h1 id="scan-title">{move || i18n.t().scan_title()}</h1>
            <p class="lead">{move || i18n.t().scan_lead()}</p>
            <div class="viewfinder" class:active=move || state.get() == State::Scanning>
                <video node_ref=video playsinline=true muted=true aria-label=move || i18n.t().scan_title()></video>
                <canvas node_ref=canvas hidden=true></canvas>
            </div>
            <p class="actions">
                {move || if state.get() == State::Scanning {
                    view! { <button type="button" class="button secondary" on:click=move |_| stop()>{i18n.t().scan_stop()}</button> }.into_any()
                } else {
                    view! { <button type="button" class="button primary" on:click=start.clone()>{i18n.t().scan_start()}</button> }.into_any()
                }}
            </p>
            <div role="status" aria-live="polite" data-testid="scan-status">
                {move || match state.get() {
                    State::Idle => None,
                    State::Scanning => Some(view! { <p class="loading"><span class="spinner" aria-hidden="true"></span>{i18n.t().scan_looking()}</p> }.into_any()),
                    State::NoCamera => Some(view! { <p class="notice">{i18n.t().scan_no_camera()}</p> }.into_any()),
                    State::Foreign(url) => Some(view! {
                        <div class="verdict verdict-bad" data-testid="scan-foreign">
                            <p>{i18n.t().scan_foreign()}</p>
                            <p><code class="wrap">{url}</code></p>
                        </div>
                    }.into_any()),
                    State::NotCase => Some(view! { <p class="notice">{i18n.t().scan_not_case()}</p> }.into_any()),
                }}
            </div>
        </section>
        <section class="panel" aria-label=move || i18n.t().scan_or_type()>
            <h2>{move || i18n.t().scan_or_type()}</h2>
            <CaseCodeForm />
        </section>
    }
}

async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The rear camera, or any camera.
async fn open_camera() -> Option<MediaStream> {
    let devices = web_sys::window()?.navigator().media_devices().ok()?;
    let video = Object::new();
    Reflect::set(&video, &"facingMode".into(), &"environment".into()).ok()?;
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_video(&video);
    let promise = devices.get_user_media_with_constraints(&constraints).ok()?;
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// A `BarcodeDetector` for QR codes, where the browser has one.
fn barcode_detector() -> Option<JsValue> {
    let window = web_sys::window()?;
    let ctor: Function = Reflect::get(&window, &"BarcodeDetector".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = Object::new();
    Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into())).ok()?;
    Reflect::construct(&ctor, &Array::of1(&options)).ok()
}

/// Draws the current frame and decodes a QR code from it, if there is one.
async fn read_frame(
    video: &HtmlVideoElement,
    canvas: &HtmlCanvasElement,
    detector: Option<&JsValue>,
) -> Option<String> {
    let (vw, vh) = (video.video_width(), video.video_height());
    if vw == 0 || vh == 0 {
        return None;
    }
    let width = vw.min(FRAME_WIDTH);
    let height = vh * width / vw;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_html_video_element_and_dw_and_dh(
            video,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .ok()?;
    if let Some(detector) = detector {
        let detect: Function = Reflect::get(detector, &"detect".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let promise: Promise = detect.call1(detector, canvas).ok()?.dyn_into().ok()?;
        let found: Array = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
        return Reflect::get(&found.get(0), &"rawValue".into())
            .ok()?
            .as_string();
    }
    let pixels = context
        .get_image_data(0.0, 0.0, f64::from(width), f64::from(height))
        .ok()?
        .data();
    decode_rgba(&pixels, width as usize, height as usize)
}

/// Decodes the first QR code in an RGBA frame.
pub fn decode_rgba(rgba: &[u8], width: usize, height: usize) -> Option<String> {
    let luma: Vec<u8> = rgba
        .chunks_exact(4)
        .map(|p| ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8)
        .collect();
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::model::{CaseCode, verify_url};

    /// Draws `text` as a QR code, 4 pixels a module with a quiet zone, in RGBA.
    fn rgba_qr(text: &str) -> (Vec<u8>, usize) {
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
            .unwrap();
        let (modules, scale, quiet) = (code.width(), 4, 4);
        let side = (modules + 2 * quiet) * scale;
        let colors = code.to_colors();
        let mut rgba = vec![255u8; side * side * 4];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = (
                    (x / scale).wrapping_sub(quiet),
                    (y / scale).wrapping_sub(quiet),
                );
                if mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark
                {
                    rgba[(y * side + x) * 4..][..3].fill(0);
                }
            }
        }
        (rgba, side)
    }

    #[test]
    fn a_printed_code_decodes_to_its_verify_url() {
        let code = CaseCode::parse("440106-2026-H1ME7-U").unwrap();
        let url = verify_url("https://anma.gd.gov.cn", &code, &[0x5A; 64]);
        let (rgba, side) = rgba_qr(&url);
        assert_eq!(
            decode_rgba(&rgba, side, side).as_deref(),
            Some(url.as_str())
        );
    }

    #[test]
    fn a_blank_frame_has_no_code() {
        assert_eq!(decode_rgba(&vec![255; 64 * 64 * 4], 64, 64), None);
    }
}
