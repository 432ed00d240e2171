//! The route table: every API route declared once, with its method, its path, its handler
//! and who may call it. The router ([`super::router`]), the access policy
//! ([`crate::auth::policy`]) and the authorization test all read this one table, so adding
//! an endpoint touches its handler and one line here.

use app::model::Role;
use axum::{
    handler::Handler,
    http::Method,
    routing::{self, MethodRouter},
};

use crate::{
    auth::policy::{Access, Scope},
    state::AppState,
};

/// One route of the API.
pub struct Route {
    pub method: Method,
    /// The path under `/api/v1`, as axum matches it: `/workspace/departments/{dept}/users`.
    pub path: &'static str,
    /// `None`: public. `Some`: a signed-in session with this access.
    pub access: Option<Access>,
    pub(super) handler: MethodRouter<AppState>,
}

impl Route {
    fn new(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> Self {
        Self {
            method,
            path,
            access: None,
            handler,
        }
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, handler: H) -> Self {
        Self::new(Method::GET, path, routing::get(handler))
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, handler: H) -> Self {
        Self::new(Method::POST, path, routing::post(handler))
    }

    pub fn put<H: Handler<T, AppState>, T: 'static>(path: &'static str, handler: H) -> Self {
        Self::new(Method::PUT, path, routing::put(handler))
    }

    /// Needs a session of one of `roles`. A [`Scope::Department`] route names `{dept}`
    /// in its path: clerks and reviewers reach only their own.
    pub fn allow(mut self, roles: &'static [Role], scope: Scope) -> Self {
        self.access = Some(Access {
            roles,
            scope,
            during_password_change: false,
        });
        self
    }

    /// The signed-in user's own account: every role, even before a reset password is
    /// changed.
    pub fn own_account(mut self) -> Self {
        self.access = Some(Access {
            roles: EVERYONE,
            scope: Scope::Province,
            during_password_change: true,
        });
        self
    }

    /// Wraps the handler (a larger body limit for an upload).
    pub fn map(mut self, f: impl FnOnce(MethodRouter<AppState>) -> MethodRouter<AppState>) -> Self {
        self.handler = f(self.handler);
        self
    }

    /// The path as requests reach it, `/api/v1…`.
    pub fn full_path(&self) -> String {
        format!("/api/v1{}", self.path)
    }
}

/// Who may do what, by name: the roles of the access rules.
pub const EVERYONE: &[Role] = &[Role::Clerk, Role::Reviewer, Role::Admin, Role::Auditor];
pub const ADMIN: &[Role] = &[Role::Admin];
/// Admins and auditors: the province-wide views.
pub const OVERSIGHT: &[Role] = &[Role::Admin, Role::Auditor];
pub const CLERK: &[Role] = &[Role::Clerk];
pub const REVIEWER: &[Role] = &[Role::Reviewer];
/// Clerks keep their department's officers, admins any department's.
pub const OFFICER_KEEPERS: &[Role] = &[Role::Clerk, Role::Admin];
/// Clerks and reviewers act on issued decisions.
pub const DECIDERS: &[Role] = &[Role::Clerk, Role::Reviewer];

/// Every route of `/api/v1`.
pub fn table() -> Vec<Route> {
    use super::*;
    [
        health::routes(),
        regions::routes(),
        departments::routes(),
        auth::routes(),
        users::routes(),
        audit::routes(),
        catalog::routes(),
        items::routes(),
        claims::routes(),
        keys::routes(),
        officers::routes(),
        decisions::routes(),
        verify::routes(),
        disclosures::routes(),
        docs::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_is_declared_once_and_department_routes_name_the_department() {
        let table = table();
        let mut seen = std::collections::HashSet::new();
        for route in &table {
            assert!(
                seen.insert((route.method.clone(), route.path)),
                "{} {} is declared twice",
                route.method,
                route.path
            );
            if let Some(access) = &route.access {
                assert_eq!(
                    access.scope == Scope::Department,
                    route.path.contains("{dept}"),
                    "{} {}",
                    route.method,
                    route.path
                );
                assert!(route.path.starts_with("/workspace/") || route.path.starts_with("/auth/"));
            } else {
                assert!(!route.path.starts_with("/workspace/"), "{}", route.path);
            }
        }
    }

    #[test]
    fn auditors_read_and_never_write() {
        for route in table() {
            if let Some(access) = &route.access
                && route.method != Method::GET
                && !access.during_password_change
            {
                assert!(
                    !access.roles.contains(&Role::Auditor),
                    "{} {}",
                    route.method,
                    route.path
                );
            }
        }
    }
}
