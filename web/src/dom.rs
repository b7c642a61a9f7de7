//! Small browser helpers (wasm32 only). Failures are ignored or returned, never panics: a
//! missing API just disables the feature that needs it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Milliseconds from `performance.now()` (0 when unavailable).
pub fn now() -> f64 {
    window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// The URL fragment (with `#`), or "".
pub fn fragment() -> String {
    window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The page URL without its fragment.
pub fn base_url() -> String {
    let href = window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    href.split('#').next().unwrap_or("").to_string()
}

/// Replaces the fragment without adding a history entry or reloading.
pub fn set_fragment(fragment: &str) {
    if let Some(h) = window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

/// Copies text to the clipboard when the page may; resolves silently otherwise.
pub fn copy_text(text: &str) {
    let Some(w) = window() else { return };
    let nav = w.navigator();
    let Ok(clip) = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard")) else { return };
    if clip.is_undefined() || clip.is_null() {
        return;
    }
    let Ok(write) = js_sys::Reflect::get(&clip, &JsValue::from_str("writeText")) else { return };
    let Some(write) = write.dyn_ref::<js_sys::Function>() else { return };
    if let Ok(p) = write.call1(&clip, &JsValue::from_str(text)) {
        if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
            // A refused permission is not an error of the page: swallow the rejection.
            let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
            let _ = p.catch(&ignore);
            ignore.forget();
        }
    }
}

/// Offers `text` as a download named `name` (a blob: URL of the page's own origin).
pub fn download(name: &str, text: &str) -> Result<(), String> {
    let w = window().ok_or("no window")?;
    let doc = w.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/plain;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|_| "cannot create a file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot create a download link")?;
    let a: web_sys::HtmlAnchorElement =
        doc.create_element("a").map_err(|_| "no anchor")?.dyn_into().map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
}

pub fn load_setting(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

pub fn save_setting(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Sets `data-theme` on the root element (`auto` removes it: the system preference decides).
pub fn apply_theme(theme: &str) {
    let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    if theme == "auto" {
        let _ = root.remove_attribute("data-theme");
    } else {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// Whether the focused element edits text (then Ctrl-Z belongs to it, not to the playground).
pub fn editing_text() -> bool {
    let Some(el) = window().and_then(|w| w.document()).and_then(|d| d.active_element()) else { return false };
    let tag = el.tag_name().to_ascii_lowercase();
    tag == "textarea" || tag == "input" || tag == "select"
}

/// Publishes a figure for tests and curious users: `window.seaworthy[key] = value`.
pub fn publish(key: &str, value: f64) {
    let Some(w) = window() else { return };
    let obj = match js_sys::Reflect::get(&w, &JsValue::from_str("seaworthy")) {
        Ok(v) if v.is_object() => v,
        _ => {
            let o: JsValue = js_sys::Object::new().into();
            let _ = js_sys::Reflect::set(&w, &JsValue::from_str("seaworthy"), &o);
            o
        }
    };
    let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(key), &JsValue::from_f64(value));
}

/// Fetches a text file from the page's own origin (`path` is relative to the page).
pub async fn fetch_text(path: &str) -> Result<String, String> {
    let w = window().ok_or("no window")?;
    let resp = wasm_bindgen_futures::JsFuture::from(w.fetch_with_str(path)).await.map_err(|_| "the request failed")?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response")?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(resp.text().map_err(|_| "no body")?)
        .await
        .map_err(|_| "cannot read the body")?;
    text.as_string().ok_or_else(|| "the body is not text".to_string())
}
