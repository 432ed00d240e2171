//! Entry point of the WebAssembly build: mounts the app on `<body>`.

fn main() {
    leptos::mount::mount_to_body(app::App);
    // A verify page's first response came with the verdict written by the server; the
    // app has now drawn its own, so that copy goes.
    if let Some(first) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("anma-first"))
    {
        first.remove();
    }
}
