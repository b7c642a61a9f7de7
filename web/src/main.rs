//! The Seaworthy playground: a Yew app that checks, scores and fixes Dockerfiles and compose
//! files in the browser, linking the core crate directly (no JS boundary). The UI only exists
//! on wasm32; the library it is built from (`seaworthy_web`) is pure and tested natively.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod docs;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod editor;

#[cfg(target_arch = "wasm32")]
fn main() {
    dom::publish("startMs", dom::now());
    yew::Renderer::<app::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "{}: the playground runs in the browser; build it with `trunk build --release` (see docs/playground.md)",
        seaworthy_web::team::TITLE
    );
}
