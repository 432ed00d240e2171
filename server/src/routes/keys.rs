use axum::extract::State;

use app::model::{ListResponse, signature::PublicKey};

use super::extract::Json;
use super::table::Route;
use crate::state::AppState;

pub fn routes() -> Vec<Route> {
    vec![Route::get("/keys", list)]
}

/// Every public key decisions were ever signed with, newest first.
async fn list(State(state): State<AppState>) -> Json<ListResponse<PublicKey>> {
    let items = state.keys.public_keys();
    let total = items.len() as i64;
    Json(ListResponse { items, total })
}
