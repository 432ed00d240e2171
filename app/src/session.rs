//! The workspace session as the app knows it: who is signed in, their CSRF token, and
//! what happens when the server says the session has ended.

use leptos::prelude::*;

use crate::{
    api::{self, ApiError},
    model::{CurrentUser, Role, SessionInfo},
};

/// Shared through context by [`provide_session`].
#[derive(Debug, Clone, Copy)]
pub struct SessionState {
    /// `None` while the first check runs; then `Some(None)` signed out or `Some(Some(..))`.
    pub info: RwSignal<Option<Option<SessionInfo>>>,
}

impl SessionState {
    pub fn user(&self) -> Option<CurrentUser> {
        self.info.get().flatten().map(|i| i.user)
    }

    pub fn role(&self) -> Option<Role> {
        self.user().map(|u| u.role)
    }

    pub fn csrf(&self) -> String {
        self.info
            .get_untracked()
            .flatten()
            .map(|i| i.csrf_token)
            .unwrap_or_default()
    }

    pub fn signed_in(&self, info: SessionInfo) {
        self.info.set(Some(Some(info)));
    }

    pub fn signed_out(&self) {
        self.info.set(Some(None));
    }

    /// Call with every workspace API error: when it means the session is gone, forget the
    /// session and go to the sign-in page, which says why and comes back here afterwards.
    /// Forms keep what was typed in session storage (see `components::draft`). Returns
    /// whether it handled the error.
    pub fn handle(&self, error: &ApiError) -> bool {
        if error.status() != Some(401) {
            return false;
        }
        self.info.set(Some(None));
        if let Some(location) = web_sys::window().map(|w| w.location()) {
            let here = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            let _ = location.set_href(&format!("{}&ended=1", login_url(&here)));
        }
        true
    }
}

/// The sign-in page, returning to `next` afterwards.
pub fn login_url(next: &str) -> String {
    format!("/login?next={}", api::encode(next))
}

/// Only same-site paths are followed after sign-in (no open redirect).
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/login"))
        .unwrap_or_else(|| "/workspace".into())
}

/// Provides the session context and asks the server who is signed in.
pub fn provide_session() -> SessionState {
    let state = SessionState {
        info: RwSignal::new(None),
    };
    provide_context(state);
    leptos::task::spawn_local(async move {
        let info = api::session().await.ok();
        state.info.set(Some(info));
    });
    state
}

pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/workspace/users".into())),
            "/workspace/users"
        );
        assert_eq!(safe_next(Some("https://evil.example".into())), "/workspace");
        assert_eq!(safe_next(Some("//evil.example".into())), "/workspace");
        assert_eq!(safe_next(Some("/login?next=/x".into())), "/workspace");
        assert_eq!(safe_next(None), "/workspace");
    }
}
