//! Entry point of the WebAssembly build: mounts the app on `<body>`.

fn main() {
    leptos::mount::mount_to_body(app::App);
}
