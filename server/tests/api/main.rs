//! Integration tests: each spawns the real server on port 0 against a fresh database,
//! once on SQLite and once on PostgreSQL (see `helpers`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod abuse;
mod audit;
mod auth;
mod backup;
mod batch;

mod authz;
mod cases;
mod cli;
mod departments;
mod disclosures;
mod events;
mod health;
mod inspections;
mod kept_answers;
mod keys;
mod lawful;
mod listing_paths;
mod messages;
mod openapi;
mod overview;
mod powers;
mod regions;
mod scale;
mod site;
mod stats;
mod tokens;
mod verdicts;
mod worklist;
