//! The OpenAPI 3.1 document of the API, generated from the route table and the handlers'
//! own types, so it cannot drift from what the server does.
//!
//! Each route's handler is read through its signature: the extractors it takes say what a
//! request carries (path parameters, a query string, a JSON body) and which rejections it
//! can meet; its return type says what a success is. [`Describe`] is implemented for
//! every handler function from the [`Input`] of its arguments and the [`Output`] of its
//! result. The route table adds the rest: who may call it (the session scheme, 401 and
//! 403) and, for a route that answers with a file, what the file is. The schemas are the
//! model's (`utoipa::ToSchema`, the `openapi` feature of the `app` crate), with the
//! patterns, enums and bounds its parsers apply.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use utoipa::{
    IntoParams, ToSchema,
    openapi::{
        Components, ContentBuilder, HttpMethod, InfoBuilder, LicenseBuilder, OpenApi,
        OpenApiBuilder, Paths, Ref, RefOr, Required, ResponseBuilder, Schema, ServerBuilder,
        header::HeaderBuilder,
        path::{OperationBuilder, ParameterBuilder, ParameterIn},
        request_body::RequestBodyBuilder,
        schema::{ObjectBuilder, SchemaType, Type},
        security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme},
        tag::TagBuilder,
    },
};

use super::{
    extract::{Json, Path, Query},
    table::Route,
};
use crate::{AppError, auth::AuthContext, state::AppState};
use app::model::ErrorBody;

/// The media types of the files the API answers with or takes.
pub mod media {
    pub const CSV: &str = "text/csv";
    pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    pub const JSON: &str = "application/json";
    pub const PNG: &str = "image/png";
    pub const SVG: &str = "image/svg+xml";
    /// One JSON value per line, sent as the work goes on.
    pub const NDJSON: &str = "application/x-ndjson";
    /// What an import takes: a CSV or XLSX file as the raw body.
    pub const ANY: &str = "application/octet-stream";
}

/// `{"expected_version": n}`: the version of the record the client saw (409 if it moved on).
pub fn expected_version() -> Schema {
    ObjectBuilder::new()
        .property(
            "expected_version",
            ObjectBuilder::new()
                .schema_type(SchemaType::Type(Type::Integer))
                .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Int64,
                ))),
        )
        .required("expected_version")
        .into()
}

/// The name of the session security scheme.
pub const SESSION: &str = "session";
/// The name of the API-token security scheme.
pub const BEARER: &str = "api_token";

/// A body: its media type and schema.
type Body = (&'static str, RefOr<Schema>);

/// What one route's handler says about its requests and answers.
#[derive(Default)]
pub struct Operation {
    /// Schemas of the path parameters, in the order the path names them.
    path: Vec<RefOr<Schema>>,
    query: Vec<utoipa::openapi::path::Parameter>,
    /// Media type and schema of the body.
    body: Option<Body>,
    /// Status, media type and schema of a success (`None`: no body).
    success: Option<(u16, Option<Body>)>,
    errors: BTreeSet<u16>,
    schemas: BTreeMap<String, RefOr<Schema>>,
}

impl Operation {
    /// A reference to `T`'s schema, registering it and the schemas it refers to; a list
    /// (`Vec<…>`) is written in place, since its name alone would not tell its instances
    /// apart (`ListResponse<Claim>` is named `ClaimList`).
    pub fn schema_of<T: ToSchema>(&mut self) -> RefOr<Schema> {
        let mut deps = Vec::new();
        T::schemas(&mut deps);
        for (name, schema) in deps {
            register(&mut self.schemas, name, schema);
        }
        if std::any::type_name::<T>().starts_with("alloc::vec::Vec<") {
            T::schema()
        } else {
            let name = T::name().into_owned();
            register(&mut self.schemas, name.clone(), T::schema());
            RefOr::Ref(Ref::from_schema_name(name))
        }
    }

    pub fn errors(&mut self, statuses: &[u16]) {
        self.errors.extend(statuses);
    }

    /// A success with a JSON body of `T`.
    pub fn json<T: ToSchema>(&mut self, status: u16) {
        let schema = self.schema_of::<T>();
        self.success = Some((status, Some(("application/json", schema))));
    }

    /// A success that is a file (or other body) of `media_type`.
    pub fn file(&mut self, status: u16, media_type: &'static str) {
        let schema = ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .format(Some(utoipa::openapi::SchemaFormat::Custom("binary".into())))
            .into();
        self.success = Some((status, Some((media_type, RefOr::T(schema)))));
    }

    /// Sets the schema of the path parameter `name` of `path`.
    pub fn path_param(&mut self, path: &str, name: &str, schema: RefOr<Schema>) {
        let at = path_names(path).iter().position(|n| *n == name);
        match at.and_then(|i| self.path.get_mut(i)) {
            Some(slot) => *slot = schema,
            None => panic!("{path} has no parameter {name}"),
        }
    }

    /// A success that is a JSON object this document does not describe (itself).
    pub fn any_object(&mut self) {
        let schema = ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Object))
            .into();
        self.success = Some((200, Some((media::JSON, RefOr::T(schema)))));
    }

    pub fn no_content(&mut self) {
        self.success = Some((204, None));
    }

    /// An optional request header of visible ASCII text (`pattern`), such as
    /// `Idempotency-Key`.
    pub fn header(&mut self, name: &str, description: &str, pattern: &str) {
        let schema = ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .pattern(Some(pattern))
            .into();
        self.query.push(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(description))
                .schema(Some(RefOr::T(schema)))
                .build(),
        );
    }

    /// A request body of `media_type` that is not JSON (an uploaded file).
    pub fn upload(&mut self, media_type: &'static str) {
        let schema = ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .format(Some(utoipa::openapi::SchemaFormat::Custom("binary".into())))
            .into();
        self.body = Some((media_type, RefOr::T(schema)));
        self.errors(&[400, 413, 415, 422]);
    }
}

/// Adds a named schema; two different schemas under one name are a bug (two types with
/// the same name), caught by the document's test.
fn register(schemas: &mut BTreeMap<String, RefOr<Schema>>, name: String, schema: RefOr<Schema>) {
    if let Some(known) = schemas.get(&name) {
        assert!(
            known == &schema,
            "two different schemas are named {name}: rename one (`#[schema(as = …)]`)"
        );
    }
    schemas.insert(name, schema);
}

/// What an extractor says about the request.
pub trait Input {
    fn describe(_op: &mut Operation) {}
}

/// What a return type says about the answer.
pub trait Output {
    fn describe(op: &mut Operation);
}

/// A handler, described from its signature: implemented for every function whose
/// arguments are [`Input`]s and whose result is an [`Output`].
pub trait Describe<Args> {
    fn describe() -> Operation;
}

macro_rules! describe_fn {
    ($($arg:ident),*) => {
        impl<F, Fut, $($arg,)*> Describe<($($arg,)*)> for F
        where
            F: FnOnce($($arg),*) -> Fut,
            Fut: std::future::Future,
            Fut::Output: Output,
            $($arg: Input,)*
        {
            fn describe() -> Operation {
                let mut op = Operation::default();
                $(<$arg as Input>::describe(&mut op);)*
                <Fut::Output as Output>::describe(&mut op);
                op
            }
        }
    };
}

describe_fn!();
describe_fn!(A);
describe_fn!(A, B);
describe_fn!(A, B, C);
describe_fn!(A, B, C, D);
describe_fn!(A, B, C, D, E);
describe_fn!(A, B, C, D, E, G);
describe_fn!(A, B, C, D, E, G, H);

impl Input for State<AppState> {}
impl Input for HeaderMap {}
/// The session's user: who may call is the route table's [`Route::access`].
impl Input for AuthContext {}
/// The handlers that read the peer address keep per-address limits: 429 past them, 503
/// past the server-wide ones.
impl Input for ConnectInfo<SocketAddr> {
    fn describe(op: &mut Operation) {
        op.errors(&[429, 503]);
    }
}
/// A raw body: the route table says what it is ([`Route::upload`]).
impl Input for axum::body::Bytes {}

impl<T: ToSchema> Input for Json<T> {
    fn describe(op: &mut Operation) {
        let schema = op.schema_of::<T>();
        op.body = Some(("application/json", schema));
        // Unreadable JSON; too large; not JSON; a field of the wrong type or rule.
        op.errors(&[400, 413, 415, 422]);
    }
}

impl<T: IntoParams> Input for Query<T> {
    fn describe(op: &mut Operation) {
        op.query.extend(T::into_params(|| Some(ParameterIn::Query)));
        // A value serde cannot read; a value a rule refuses (or a control character).
        op.errors(&[400, 422]);
    }
}

impl<T: PathParams> Input for Path<T> {
    fn describe(op: &mut Operation) {
        op.path.extend(T::schemas());
        // A parameter that is not of its type; a control character; nothing there.
        op.errors(&[400, 404, 422]);
    }
}

/// axum's own `Path`, for text parameters the handler parses itself.
impl<T: PathParams> Input for axum::extract::Path<T> {
    fn describe(op: &mut Operation) {
        op.path.extend(T::schemas());
        op.errors(&[400, 404, 422]);
    }
}

/// The schemas of a path's parameters, in order.
pub trait PathParams {
    fn schemas() -> Vec<RefOr<Schema>>;
}

impl PathParams for i64 {
    fn schemas() -> Vec<RefOr<Schema>> {
        vec![RefOr::T(app::model::schema::query::id())]
    }
}

/// A numeric id a handler parses from text itself (to name the field in its error).
pub struct Id;

impl utoipa::PartialSchema for Id {
    fn schema() -> RefOr<Schema> {
        RefOr::T(app::model::schema::query::id())
    }
}

/// An officer's certificate number as people type it: 6 to 24 letters and digits, with
/// spaces anywhere (dropped) and either case.
pub struct Certificate;

impl utoipa::PartialSchema for Certificate {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .pattern(Some(r"^ *(?:[0-9A-Za-z] *){6,24}$"))
            .into()
    }
}

impl PathParams for String {
    fn schemas() -> Vec<RefOr<Schema>> {
        vec![
            ObjectBuilder::new()
                .schema_type(SchemaType::Type(Type::String))
                .into(),
        ]
    }
}

impl<A: PathParams, B: PathParams> PathParams for (A, B) {
    fn schemas() -> Vec<RefOr<Schema>> {
        let mut out = A::schemas();
        out.extend(B::schemas());
        out
    }
}

impl<T: Output> Output for Result<T, AppError> {
    fn describe(op: &mut Operation) {
        T::describe(op);
        op.errors(&[500]);
    }
}

impl<T: ToSchema> Output for Json<T> {
    fn describe(op: &mut Operation) {
        op.json::<T>(200);
    }
}

/// The `(StatusCode, Json<T>)` of the handlers that create something: 201.
impl<T: ToSchema> Output for (StatusCode, Json<T>) {
    fn describe(op: &mut Operation) {
        op.json::<T>(201);
    }
}

/// A bare status: 204, nothing in the body.
impl Output for StatusCode {
    fn describe(op: &mut Operation) {
        op.success = Some((204, None));
    }
}

/// A hand-built response (a file, a cookie): the route table says what it is.
impl Output for Response {
    fn describe(_op: &mut Operation) {}
}

fn method_of(method: &axum::http::Method) -> HttpMethod {
    match *method {
        axum::http::Method::POST => HttpMethod::Post,
        axum::http::Method::PUT => HttpMethod::Put,
        axum::http::Method::DELETE => HttpMethod::Delete,
        axum::http::Method::PATCH => HttpMethod::Patch,
        _ => HttpMethod::Get,
    }
}

/// The names of a path's `{parameters}`, in order.
fn path_names(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

fn error_response(status: u16) -> utoipa::openapi::Response {
    let description = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    let mut response = ResponseBuilder::new().description(description).content(
        "application/json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ErrorBody")))
            .build(),
    );
    if matches!(status, 429 | 503) {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(
                    ObjectBuilder::new()
                        .schema_type(SchemaType::Type(Type::Integer))
                        .minimum(Some(0)),
                )
                .description(Some("Seconds to wait before trying again."))
                .build(),
        );
    }
    response.build()
}

/// The document of `routes`.
pub fn document(routes: &[Route]) -> OpenApi {
    let mut paths = Paths::new();
    let mut schemas: BTreeMap<String, RefOr<Schema>> = BTreeMap::new();
    let mut tags = BTreeSet::new();
    for route in routes {
        let op = &route.doc;
        for (name, schema) in &op.schemas {
            register(&mut schemas, name.clone(), schema.clone());
        }
        let tag = route.tag();
        tags.insert(tag.clone());
        let mut builder = OperationBuilder::new()
            .operation_id(Some(route.operation_id()))
            .tag(tag)
            .summary(route.summary);
        for (name, schema) in path_names(route.path).into_iter().zip(&op.path) {
            builder = builder.parameter(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(schema.clone())),
            );
        }
        for parameter in &op.query {
            builder = builder.parameter(parameter.clone());
        }
        if let Some((media_type, schema)) = &op.body {
            builder = builder.request_body(Some(
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .content(
                        *media_type,
                        ContentBuilder::new().schema(Some(schema.clone())).build(),
                    )
                    .build(),
            ));
        }
        let (status, content) = op.success.clone().unwrap_or((200, None));
        let mut success = ResponseBuilder::new().description("OK");
        if let Some((media_type, schema)) = content {
            success = success.content(
                media_type,
                ContentBuilder::new().schema(Some(schema)).build(),
            );
        }
        builder = builder.response(status.to_string(), success.build());
        let mut errors = op.errors.clone();
        if route.access.is_some() {
            // Not signed in or the session ended; the role, department or CSRF token
            // does not allow it; a department that is not a number.
            errors.extend([401, 403, 422]);
            builder = builder.security(SecurityRequirement::new(SESSION, Vec::<String>::new()));
            if route.access.is_some_and(|a| !a.tokens.is_empty()) {
                // Or a department system's API token with one of the route's scopes.
                builder = builder.security(SecurityRequirement::new(BEARER, Vec::<String>::new()));
            }
        }
        if route.method != axum::http::Method::GET {
            // A write from another site; a duplicate or a version that moved on.
            errors.extend([403, 409]);
        }
        // Every route can meet the server-wide limits on bodies and on load.
        errors.extend([413, 503]);
        for status in errors {
            builder = builder.response(status.to_string(), error_response(status));
        }
        paths.add_path_operation(route.path, vec![method_of(&route.method)], builder.build());
    }
    let mut error_schemas = Vec::new();
    <ErrorBody as ToSchema>::schemas(&mut error_schemas);
    error_schemas.push((
        "ErrorBody".into(),
        <ErrorBody as utoipa::PartialSchema>::schema(),
    ));
    for (name, schema) in error_schemas {
        register(&mut schemas, name, schema);
    }

    let mut components = Components::new();
    components.schemas = schemas;
    components.add_security_scheme(
        SESSION,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            crate::auth::session::COOKIE,
            "The session cookie set by `POST /auth/login`. Writes also send the session's \
             CSRF token (`csrf_token` of the login answer) as `X-CSRF-Token`.",
        ))),
    );
    components.add_security_scheme(
        BEARER,
        SecurityScheme::Http(
            utoipa::openapi::security::HttpBuilder::new()
                .scheme(utoipa::openapi::security::HttpAuthScheme::Bearer)
                .description(Some(
                    "A department system's API token (`anma_…`), created in the workspace or \
                     with `anma token add`: `Authorization: Bearer <token>`, no session and no \
                     CSRF token. It reaches the routes its scopes name, in its own department.",
                ))
                .build(),
        ),
    );
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Anma API")
                .version("1")
                .description(Some(DESCRIPTION))
                .license(Some(
                    LicenseBuilder::new()
                        .name("Apache-2.0")
                        .identifier(Some("Apache-2.0"))
                        .build(),
                )),
        )
        .servers(Some([ServerBuilder::new().url("/api/v1").build()]))
        .tags(Some(
            tags.into_iter().map(|t| TagBuilder::new().name(t).build()),
        ))
        .paths(paths)
        .components(Some(components))
        .build()
}

const DESCRIPTION: &str = "One case, one code: verify enforcement decisions, read published \
    decisions, power lists and statistics (public, personal data masked), and the workspace \
    of enforcement departments (a session). Errors are `{\"error\": {\"code\", \"message\", \
    \"field\", \"rule\", \"params\"}}`, the message in the language of `Accept-Language` \
    (Simplified Chinese unless English is preferred). Some rules cannot be said in a schema \
    and are checked by the server with a 422 naming the field: check characters (case codes, \
    credit codes, identity numbers), rules across fields, and what the records hold.";

/// The document as served, generated once.
pub fn json() -> &'static str {
    static JSON: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        document(&super::table::table())
            .to_json()
            .expect("the API document serialises")
    });
    &JSON
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented_once_with_its_method_and_an_answer() {
        let table = super::super::table::table();
        let doc: serde_json::Value = serde_json::from_str(json()).unwrap();
        let mut ids = BTreeSet::new();
        for route in &table {
            let method = route.method.as_str().to_ascii_lowercase();
            let op = &doc["paths"][route.path][&method];
            assert!(
                op.is_object(),
                "{} {} is not documented",
                route.method,
                route.path
            );
            assert!(
                ids.insert(route.operation_id()),
                "{} twice",
                route.operation_id()
            );
            let answers = op["responses"].as_object().unwrap();
            let success: Vec<&String> = answers.keys().filter(|s| s.starts_with('2')).collect();
            assert_eq!(success.len(), 1, "{} {}", route.method, route.path);
            if success[0] != "204" {
                assert!(
                    answers[success[0]]["content"].is_object(),
                    "{} {} says nothing of its answer",
                    route.method,
                    route.path
                );
            }
            // Every path parameter is declared.
            let declared = op["parameters"]
                .as_array()
                .map(|p| p.iter().filter(|p| p["in"] == "path").count())
                .unwrap_or(0);
            assert_eq!(declared, path_names(route.path).len(), "{}", route.path);
            assert_eq!(
                op.get("security").is_some(),
                route.access.is_some(),
                "{}",
                route.path
            );
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc: serde_json::Value = serde_json::from_str(json()).unwrap();
        fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        if let ("$ref", Some(r)) = (k.as_str(), v.as_str()) {
                            out.push(r.to_owned());
                        }
                        refs(v, out);
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        refs(&doc, &mut all);
        for r in all {
            let pointer = r.strip_prefix('#').unwrap();
            assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
        }
    }

    #[test]
    fn handlers_are_read_from_their_signatures() {
        let doc: serde_json::Value = serde_json::from_str(json()).unwrap();
        let register = &doc["paths"]["/workspace/departments/{dept}/decisions"]["post"];
        assert_eq!(
            register["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/RegisterDecision"
        );
        // The flattened input and the `issue` flag.
        let schema = doc["components"]["schemas"]["RegisterDecision"].to_string();
        assert!(
            schema.contains("DecisionInput") && schema.contains("issue"),
            "{schema}"
        );
        assert_eq!(
            register["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Decision"
        );
        for status in [
            "400", "401", "403", "409", "413", "415", "422", "500", "503",
        ] {
            assert!(register["responses"][status].is_object(), "{status}");
        }
        // The per-address limits of a lookup: 429 with Retry-After.
        let verify = &doc["paths"]["/verify/{code}"]["get"];
        assert!(verify["responses"]["429"]["headers"]["Retry-After"].is_object());
        assert_eq!(
            verify["parameters"][0]["schema"]["$ref"],
            serde_json::Value::Null
        );
        assert!(verify["parameters"][0]["schema"]["pattern"].is_string());
        // A query's rules: a page of 1 to 100.
        let list = &doc["paths"]["/disclosures"]["get"]["parameters"];
        let limit = list
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "limit")
            .unwrap();
        assert_eq!(limit["schema"]["minimum"], 1.0);
        assert_eq!(limit["schema"]["maximum"], 100.0);
    }
}
