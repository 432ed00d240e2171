//! The route table: every API route declared once, with its method, its path, its handler
//! and who may call it. The router ([`super::router`]), the access policy
//! ([`crate::auth::policy`]) and the authorization test all read this one table, so adding
//! an endpoint touches its handler and one line here.

use app::model::{Role, TokenScope};
use axum::{
    handler::Handler,
    http::Method,
    routing::{self, MethodRouter},
};

use super::openapi::{Describe, Operation};
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
    /// What the handler's signature says, for the API document ([`super::openapi`]).
    pub(super) doc: Operation,
    /// The handler's path (`server::routes::decisions::list`), which names the operation.
    handler_name: &'static str,
    pub(super) summary: Option<&'static str>,
}

impl Route {
    fn new<H, D>(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> Self
    where
        H: Describe<D>,
    {
        Self {
            method,
            path,
            access: None,
            handler,
            doc: H::describe(),
            handler_name: std::any::type_name::<H>(),
            summary: None,
        }
    }

    pub fn get<H, T, D>(path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState> + Describe<D>,
        T: 'static,
    {
        Self::new::<H, D>(Method::GET, path, routing::get(handler))
    }

    pub fn post<H, T, D>(path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState> + Describe<D>,
        T: 'static,
    {
        Self::new::<H, D>(Method::POST, path, routing::post(handler))
    }

    pub fn put<H, T, D>(path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState> + Describe<D>,
        T: 'static,
    {
        Self::new::<H, D>(Method::PUT, path, routing::put(handler))
    }

    /// A one-line summary for the API document.
    pub fn about(mut self, summary: &'static str) -> Self {
        self.summary = Some(summary);
        self
    }

    /// The handler answers with a file of `media_type` (an export, a QR code).
    pub fn file(mut self, media_type: &'static str) -> Self {
        self.doc.file(200, media_type);
        self
    }

    /// The handler answers with `T` as JSON, through a response it builds itself (to set
    /// a cookie).
    pub fn answers<T: utoipa::ToSchema>(mut self) -> Self {
        self.doc.json::<T>(200);
        self
    }

    /// What a path parameter the handler parses from text takes (`T`'s schema): an id,
    /// a region code, a case code.
    pub fn param<T: utoipa::PartialSchema>(mut self, name: &str) -> Self {
        self.doc.path_param(self.path, name, T::schema());
        self
    }

    /// The handler answers with a JSON object of its own (the API document).
    pub fn any_object(mut self) -> Self {
        self.doc.any_object();
        self
    }

    /// Error statuses the handler answers that its signature does not show (a 404 for a
    /// record named in the body).
    pub fn may_answer(mut self, statuses: &[u16]) -> Self {
        self.doc.errors(statuses);
        self
    }

    /// The handler answers 204 with no body, through a response it builds itself.
    pub fn no_content(mut self) -> Self {
        self.doc.no_content();
        self
    }

    /// The handler takes a file of `media_type` as its body.
    pub fn upload(mut self, media_type: &'static str) -> Self {
        self.doc.upload(media_type);
        self
    }

    /// The operation's name in the API document: `decisions.list`.
    pub fn operation_id(&self) -> String {
        let mut parts = self.handler_name.rsplit("::");
        let name = parts.next().unwrap_or_default();
        let module = parts.next().unwrap_or_default();
        format!("{module}.{name}")
    }

    /// The group of the operation in the API document: its module.
    pub fn tag(&self) -> String {
        self.handler_name
            .rsplit("::")
            .nth(1)
            .unwrap_or_default()
            .to_owned()
    }

    /// Needs a session of one of `roles`. A [`Scope::Department`] route names `{dept}`
    /// in its path: clerks and reviewers reach only their own.
    pub fn allow(mut self, roles: &'static [Role], scope: Scope) -> Self {
        self.access = Some(Access {
            roles,
            scope,
            during_password_change: false,
            tokens: &[],
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
            tokens: &[],
        });
        self
    }

    /// Also reachable with an API token holding one of `scopes`, in the token's own
    /// department (after [`Route::allow`]).
    pub fn token(mut self, scopes: &'static [TokenScope]) -> Self {
        if let Some(access) = &mut self.access {
            access.tokens = scopes;
        }
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
/// Admins and clerks import the market-entity registry.
pub const ENTITY_KEEPERS: &[Role] = &[Role::Clerk, Role::Admin];
/// Reviewers and admins create and revoke a department's API tokens; auditors read them.
pub const TOKEN_KEEPERS: &[Role] = &[Role::Reviewer, Role::Admin];
pub const TOKEN_READERS: &[Role] = &[Role::Reviewer, Role::Admin, Role::Auditor];
/// What API tokens reach.
pub const READ_DECISIONS: &[TokenScope] = &[TokenScope::DecisionsRead, TokenScope::DecisionsWrite];
pub const WRITE_DECISIONS: &[TokenScope] = &[TokenScope::DecisionsWrite];
pub const READ_OFFICERS: &[TokenScope] = &[
    TokenScope::DecisionsRead,
    TokenScope::DecisionsWrite,
    TokenScope::OfficersWrite,
];
pub const WRITE_OFFICERS: &[TokenScope] = &[TokenScope::OfficersWrite];
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
        overview::routes(),
        decisions::routes(),
        verify::routes(),
        disclosures::routes(),
        entities::routes(),
        spot_checks::routes(),
        inspections::routes(),
        tokens::routes(),
        events::routes(),
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
