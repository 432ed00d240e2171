//! `/workspace/decisions`: registering decisions, the legal review of major ones,
//! issuing (case code and signature), revoking and changing, and the printable QR code.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    components::A,
    hooks::{use_navigate, use_params_map},
};

use crate::{
    api::{self, ApiError},
    components::{
        ErrorMessage, Loading,
        format::{day, yuan},
        set_title,
    },
    i18n::use_i18n,
    model::{
        Category, ClaimStatus, Date, Decision, DecisionInput, DecisionStatus, Msg, Officer,
        PartyKind, PenaltyType, Procedure, Publication, Role, ValidDecision,
    },
    session::use_session,
};

fn department() -> i64 {
    use_session()
        .user()
        .map(|u| u.department_id)
        .unwrap_or_default()
}

use crate::components::format::china_today as today;

/// A clerk's file of decisions, run as a batch on the server, with its progress as rows
/// are done and the report by line and field.
#[component]
pub(super) fn DecisionImport(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let dept = department();
    let issue = RwSignal::new(true);
    let all_or_nothing = RwSignal::new(false);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let pending = RwSignal::new(false);
    let report = RwSignal::new(None::<crate::model::BatchReport>);
    let error = RwSignal::new(None::<ApiError>);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(file) = file_input
            .get()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        pending.set(true);
        progress.set(None);
        report.set(None);
        error.set(None);
        let csrf = session.csrf();
        let (issue, all) = (issue.get_untracked(), all_or_nothing.get_untracked());
        spawn_local(async move {
            let tell = move |done, rows| progress.set(Some((done, rows)));
            match api::import_decisions(&csrf, dept, file, issue, all, tell).await {
                Ok(r) => {
                    if r.kept > 0 {
                        on_done();
                    }
                    report.set(Some(r));
                }
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
            pending.set(false);
        });
    };
    view! {
        <details class="panel">
            <summary>{move || i18n.t().dec_import_title()}</summary>
            <p class="hint">{move || i18n.t().dec_import_lead()}</p>
            <form on:submit=on_submit>
                <div class="field">
                    <label for="decision-file">{move || i18n.t().import_file()}</label>
                    <input id="decision-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" node_ref=file_input />
                </div>
                <div class="field check-row">
                    <input id="decision-file-issue" type="checkbox" prop:checked=move || issue.get()
                        on:change=move |_| issue.update(|v| *v = !*v) />
                    <label for="decision-file-issue">{move || i18n.t().dec_import_issue()}</label>
                </div>
                <div class="field check-row">
                    <input id="decision-file-all" type="checkbox" prop:checked=move || all_or_nothing.get()
                        on:change=move |_| all_or_nothing.update(|v| *v = !*v) />
                    <label for="decision-file-all">{move || i18n.t().dec_import_all()}</label>
                </div>
                <button type="submit" class="button primary" prop:disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().dec_import_running() } else { i18n.t().import_submit() }}
                </button>
                <Show when=move || pending.get()>
                    {move || match progress.get() {
                        Some((done, rows)) => view! {
                            <p role="status" data-testid="import-progress">
                                <progress max=rows value=done aria-label=move || i18n.t().dec_import_running()></progress>
                                " "{done}" / "{rows}
                            </p>
                        }.into_any(),
                        None => view! { <progress aria-label=move || i18n.t().importing()></progress> }.into_any(),
                    }}
                </Show>
            </form>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
            {move || report.get().map(|r| {
                let nothing = r.all_or_nothing && r.failed > 0;
                let has_errors = !r.errors.is_empty();
                view! {
                    <div role="status" class="import-report" data-testid="import-report">
                        <p class="success">{move || i18n.t().dec_import_kept()}{r.kept}" / "{r.rows}</p>
                        <Show when=move || nothing><p class="notice">{move || i18n.t().dec_import_nothing()}</p></Show>
                        <Show when=move || has_errors><p>{move || i18n.t().import_errors_title()}</p></Show>
                        <crate::components::RowErrors errors=r.errors />
                    </div>
                }
            })}
        </details>
    }
}

/// What the form holds, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
struct Form {
    document_number: String,
    claim_id: String,
    procedure: String,
    party_kind: String,
    party_name: String,
    party_uscc: String,
    uscc_override_reason: String,
    party_id_number: String,
    facts: String,
    legal_basis: String,
    result: String,
    penalties: Vec<PenaltyType>,
    amount_yuan: String,
    decision_date: String,
    major: bool,
    officers: Vec<i64>,
    minor: bool,
    withheld_reason: String,
    /// Further persons, separated by 、 or commas.
    named_persons: String,
}

impl Form {
    fn of(d: &Decision) -> Self {
        Self {
            document_number: d.record.document_number.clone(),
            claim_id: d.record.claim_id.to_string(),
            procedure: d.record.procedure.as_str().into(),
            party_kind: d.record.party_kind.as_str().into(),
            party_name: d.record.party_name.clone(),
            party_uscc: d.record.party_uscc.clone().unwrap_or_default(),
            uscc_override_reason: d.record.uscc_override_reason.clone().unwrap_or_default(),
            party_id_number: d.record.party_id_number.clone().unwrap_or_default(),
            facts: d.record.facts.clone(),
            legal_basis: d.record.legal_basis.clone(),
            result: d.record.result.clone(),
            penalties: d.record.penalty_types.clone(),
            amount_yuan: d
                .record
                .amount_fen
                .map(|f| format!("{}.{:02}", f / 100, f % 100))
                .unwrap_or_default(),
            decision_date: d.record.decision_date.to_string(),
            major: d.record.major,
            officers: d.record.officers.iter().map(|o| o.id).collect(),
            minor: d.record.minor,
            withheld_reason: d.record.withheld_reason.clone().unwrap_or_default(),
            named_persons: d.record.named_persons.join("、"),
        }
    }

    /// The request as typed, and the problems of what could not be read (an amount or a
    /// date that is none); in their place it holds a value the checks pass over.
    fn read(&self, kind: Category) -> (DecisionInput, Vec<(&'static str, Msg)>) {
        let mut unreadable = Vec::new();
        let claim_id = self.claim_id.parse().unwrap_or_else(|_| {
            unreadable.push(("claim_id", Msg::ChooseClaim));
            0
        });
        let fine = self.penalties.contains(&PenaltyType::Fine);
        let amount_fen = match self.amount_yuan.trim() {
            "" => None,
            text => parse_yuan(text).or_else(|| {
                if fine {
                    unreadable.push(("amount_fen", Msg::AmountRange));
                }
                Some(1)
            }),
        };
        let decision_date = Date::parse(self.decision_date.trim()).unwrap_or_else(|| {
            unreadable.push(("decision_date", Msg::DateFormat));
            today()
        });
        let org = self.party_kind != "person";
        let input = DecisionInput {
            document_number: self.document_number.clone(),
            claim_id,
            kind,
            procedure: if self.procedure == "simple" {
                Procedure::Simple
            } else {
                Procedure::Ordinary
            },
            party_kind: if org {
                PartyKind::Organisation
            } else {
                PartyKind::Person
            },
            party_name: self.party_name.clone(),
            party_uscc: org.then(|| self.party_uscc.clone()),
            uscc_override_reason: Some(self.uscc_override_reason.clone())
                .filter(|r| org && !r.trim().is_empty()),
            party_id_number: (!org).then(|| self.party_id_number.clone()),
            facts: self.facts.clone(),
            legal_basis: self.legal_basis.clone(),
            result: self.result.clone(),
            penalty_types: if kind == Category::Penalty {
                self.penalties.clone()
            } else {
                vec![]
            },
            amount_fen: if fine { amount_fen } else { None },
            decision_date,
            major: self.major,
            officer_ids: self.officers.clone(),
            minor: self.minor,
            withheld_reason: Some(self.withheld_reason.clone()).filter(|r| !r.trim().is_empty()),
            named_persons: self
                .named_persons
                .split(['、', ',', '，', ';', '；'])
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
                .collect(),
        };
        (input, unreadable)
    }

    /// The request, or the field and message of the first problem.
    fn input(&self, kind: Category) -> Result<DecisionInput, (&'static str, Msg)> {
        let (input, unreadable) = self.read(kind);
        if let Some(first) = unreadable.into_iter().next() {
            return Err(first);
        }
        input
            .validate(today())
            .map(ValidDecision::into_input)
            .map_err(|p| (p.field, p.msg))
    }

    /// Every problem of the form, one per field at most, in the order of the fields.
    fn problems(&self, kind: Option<Category>) -> Vec<(&'static str, Msg)> {
        let Some(kind) = kind else {
            let mut rest = self.problems(Some(Category::Penalty));
            rest.retain(|(f, _)| *f != "claim_id" && *f != "penalty_types" && *f != "amount_fen");
            rest.insert(0, ("claim_id", Msg::ChooseClaim));
            return rest;
        };
        let (input, mut all) = self.read(kind);
        for p in input.problems(today()) {
            if !all.iter().any(|(f, _)| *f == p.field) {
                all.push((p.field, p.msg));
            }
        }
        all
    }
}

/// Fields whose problems show under their input; others show above the button.
const INLINE: [&str; 17] = [
    "withheld_reason",
    "named_persons",
    "document_number",
    "claim_id",
    "kind",
    "procedure",
    "party_name",
    "party_uscc",
    "uscc_override_reason",
    "party_id_number",
    "facts",
    "legal_basis",
    "result",
    "penalty_types",
    "amount_fen",
    "decision_date",
    "officer_ids",
];

/// The input of each field with a problem, to move the focus to.
fn focus_field(field: &str) {
    let id = match field {
        "document_number" => "d-docno",
        "claim_id" | "kind" => "d-claim",
        "procedure" => "d-procedure",
        "decision_date" => "d-date",
        "party_name" => "d-party",
        "party_uscc" => "d-uscc",
        "uscc_override_reason" => "d-override",
        "party_id_number" => "d-id",
        "facts" => "d-facts",
        "legal_basis" => "d-basis",
        "result" => "d-result",
        "amount_fen" => "d-amount",
        "withheld_reason" => "d-withheld",
        "named_persons" => "d-named-persons",
        _ => return,
    };
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Yuan as typed (`50000`, `1,380.5`) to fen.
fn parse_yuan(text: &str) -> Option<i64> {
    let text: String = text.chars().filter(|c| *c != ',' && *c != '，').collect();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(frac)
}

#[component]
pub fn NewDecision() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().dec_new(), i18n.t().brand()));
    let form = RwSignal::new(Form {
        procedure: "ordinary".into(),
        party_kind: "organisation".into(),
        decision_date: today().to_string(),
        ..Default::default()
    });
    view! {
        <h1>{move || i18n.t().dec_new()}</h1>
        <DecisionForm form existing=None />
    }
}

/// The registration form, for a new decision or an existing draft.
#[component]
fn DecisionForm(form: RwSignal<Form>, existing: Option<(i64, i64)>) -> impl IntoView {
    let i18n = use_i18n();
    let initial = StoredValue::new(form.get_untracked());
    let session = use_session();
    let navigate = use_navigate();
    let dept = department();
    let claims = LocalResource::new(move || async move { api::claims(dept, None, false).await });
    let officers = LocalResource::new(move || async move { api::officers(dept).await });
    // The problems shown: each field's once it has been visited, all of them after a
    // submit, and the server's answer.
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let touched = RwSignal::new(std::collections::HashSet::<&'static str>::new());
    let pending = RwSignal::new(false);
    // The kind follows the chosen item's category.
    let kind = Memo::new(move |_| {
        let id: i64 = form.with(|f| f.claim_id.parse().unwrap_or_default());
        claims
            .get()
            .and_then(|r| r.ok())
            .and_then(|l| l.items.into_iter().find(|c| c.id == id))
            .map(|c| c.item.category)
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let all = form.with_untracked(|f| f.problems(kind.get_untracked()));
        let lang = i18n.t().lang;
        touched.update(|t| t.extend(all.iter().map(|(f, _)| *f)));
        problems.set(
            all.iter()
                .map(|(f, msg)| ((*f).to_owned(), msg.text(Some(f), lang)))
                .collect(),
        );
        let Some(input) = kind
            .get_untracked()
            .and_then(|kind| form.with_untracked(|f| f.input(kind)).ok())
            .filter(|_| all.is_empty())
        else {
            // Focus the first field with a problem, so keyboard and screen reader users
            // land on it.
            if let Some((field, _)) = all.first() {
                focus_field(field);
            }
            return;
        };
        pending.set(true);
        let csrf = session.csrf();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match existing {
                None => api::register_decision(&csrf, dept, &input).await,
                Some((id, version)) => api::save_decision(&csrf, dept, id, &input, version).await,
            };
            match result {
                Ok(d) => navigate(
                    &format!("/workspace/decisions/{}?saved=1", d.record.id),
                    NavigateOptions {
                        replace: existing.is_some(),
                        ..Default::default()
                    },
                ),
                Err(e) => {
                    if !session.handle(&e) {
                        let field = e.field().unwrap_or_default().to_owned();
                        problems.set(vec![(field, e.message(i18n.t()))]);
                    }
                }
            }
            pending.set(false);
        });
    };
    let error_for = move |field: &'static str| {
        move || {
            problems
                .get()
                .into_iter()
                .find(|(f, _)| f == field || f.starts_with(&format!("{field}[")))
                .map(|(_, m)| {
                    if m.is_empty() {
                        i18n.t()
                            .error_invalid()
                            .trim_end_matches('：')
                            .trim_end_matches(": ")
                            .to_owned()
                    } else {
                        m
                    }
                })
        }
    };
    // Each field is checked as the user leaves it: its problem shows beside it (and stays
    // until fixed), the other visited fields keep theirs.
    let check = move |field: &'static str, ev: leptos::ev::FocusEvent| {
        // Leaving a field for the submit button: the submit checks everything (and a
        // message appearing or going now would move the button under the pointer).
        if ev
            .related_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlButtonElement>(t).ok())
            .is_some_and(|b| b.type_() == "submit")
        {
            return;
        }
        touched.update(|t| {
            t.insert(field);
        });
        let lang = i18n.t().lang;
        let all = form.with_untracked(|f| f.problems(kind.get_untracked()));
        let shown = touched.with_untracked(|t| {
            all.iter()
                .filter(|(f, _)| t.contains(f))
                .map(|(f, msg)| ((*f).to_owned(), msg.text(Some(f), lang)))
                .collect()
        });
        problems.set(shown);
    };
    let invalid = move |field: &'static str| {
        move || {
            problems
                .with(|p| p.iter().any(|(f, _)| f == field))
                .then_some("true")
        }
    };
    let text = move |id: &'static str,
                     field: &'static str,
                     label: fn(&'static crate::i18n::Texts) -> &'static str,
                     get: fn(&Form) -> String,
                     set: fn(&mut Form, String),
                     long: bool| {
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t())}</label>
                {if long {
                    view! { <textarea id=id rows="4" aria-describedby=error_id.clone() aria-invalid=invalid(field) prop:value=move || form.with(get) on:blur=move |ev| check(field, ev) on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))></textarea> }.into_any()
                } else {
                    view! { <input id=id type="text" aria-describedby=error_id.clone() aria-invalid=invalid(field) prop:value=move || form.with(get) on:blur=move |ev| check(field, ev) on:input=move |ev| form.update(|f| set(f, event_target_value(&ev))) /> }.into_any()
                }}
                <p id=error_id class="field-error" aria-live="polite">{error_for(field)}</p>
            </div>
        }
    };
    let is_org = move || form.with(|f| f.party_kind != "person");
    let is_penalty = move || kind.get() == Some(Category::Penalty);
    let has_fine = move || form.with(|f| f.penalties.contains(&PenaltyType::Fine));
    let is_dirty = move || form.with(|f| initial.with_value(|i| f != i));
    // Leaving the page with unsaved changes asks first (not while a save is under way,
    // which leaves it on success); the notice by the button says so before.
    crate::components::guard_unsaved(
        move || is_dirty() && !pending.get_untracked(),
        move || i18n.t().dec_unsaved_leave(),
    );
    let section = |id: &'static str, title: fn(&'static crate::i18n::Texts) -> &'static str| {
        view! { <h2 id=id class="form-section-title">{move || title(i18n.t())}</h2> }
    };
    view! {
        <form class="panel decision-form" on:submit=on_submit novalidate>
            <section class="form-section" aria-labelledby="fs-document">
                {section("fs-document", |t| t.dec_section_document())}
                {text("d-docno", "document_number", |t| t.dec_document_number(), |f| f.document_number.clone(), |f, v| f.document_number = v, false)}
                <p class="hint">{move || i18n.t().dec_document_number_hint()}</p>
                <div class="field">
                    <label for="d-claim">{move || i18n.t().dec_claim()}</label>
                    <select id="d-claim" aria-describedby="d-claim-error" aria-invalid=invalid("claim_id") on:blur=move |ev| check("claim_id", ev) on:change=move |ev| {
                        let id = event_target_value(&ev);
                        let basis = claims.get_untracked().and_then(|r| r.ok()).and_then(|l| {
                            l.items.into_iter().find(|c| c.id.to_string() == id).map(|c| c.item.legal_basis)
                        });
                        form.update(|f| {
                            f.claim_id = id;
                            if f.legal_basis.trim().is_empty() && let Some(b) = basis { f.legal_basis = b; }
                        });
                    }>
                        <option value="">{move || i18n.t().dec_choose()}</option>
                        {move || claims.get().and_then(|r| r.ok()).map(|l| {
                            l.items.into_iter()
                                .filter(|c| c.published.is_some() && c.status != ClaimStatus::Withdrawn)
                                .map(|c| {
                                    let selected = form.with_untracked(|f| f.claim_id == c.id.to_string());
                                    view! { <option value=c.id.to_string() selected=selected>{format!("{} {}", c.item.code, c.item.name)}</option> }
                                })
                                .collect_view()
                        })}
                    </select>
                    <p id="d-claim-error" class="field-error" aria-live="polite">{error_for("claim_id")}{error_for("kind")}</p>
                    {move || kind.get().map(|k| view! { <p class="hint">{move || i18n.t().fact_kind()}": "{move || i18n.t().category(k)}</p> })}
                </div>
                <div class="field">
                    <label for="d-procedure">{move || i18n.t().fact_procedure()}</label>
                    <select id="d-procedure" aria-describedby="d-procedure-error" on:blur=move |ev| check("procedure", ev) on:change=move |ev| form.update(|f| f.procedure = event_target_value(&ev))>
                        <option value="ordinary" selected=move || form.with(|f| f.procedure != "simple")>{move || i18n.t().procedure_ordinary()}</option>
                        <option value="simple" selected=move || form.with(|f| f.procedure == "simple")>{move || i18n.t().procedure_simple()}</option>
                    </select>
                    <p id="d-procedure-error" class="field-error" aria-live="polite">{error_for("procedure")}</p>
                </div>
                <div class="field">
                    <label for="d-date">{move || i18n.t().fact_date()}</label>
                    <input id="d-date" type="date" aria-describedby="d-date-error" aria-invalid=invalid("decision_date") prop:value=move || form.with(|f| f.decision_date.clone()) on:blur=move |ev| check("decision_date", ev) on:input=move |ev| form.update(|f| f.decision_date = event_target_value(&ev)) />
                    <p id="d-date-error" class="field-error" aria-live="polite">{error_for("decision_date")}</p>
                </div>
            </section>
            <section class="form-section" aria-labelledby="fs-party">
                {section("fs-party", |t| t.dec_section_party())}
                <fieldset class="choices">
                    <legend>{move || i18n.t().fact_party()}</legend>
                    <label class="choice"><input type="radio" name="party-kind" value="organisation" prop:checked=is_org on:change=move |_| form.update(|f| f.party_kind = "organisation".into()) />{move || i18n.t().party_organisation()}</label>
                    <label class="choice"><input type="radio" name="party-kind" value="person" prop:checked=move || !is_org() on:change=move |_| form.update(|f| f.party_kind = "person".into()) />{move || i18n.t().party_person()}</label>
                </fieldset>
                {text("d-party", "party_name", |t| t.dec_party_name(), |f| f.party_name.clone(), |f, v| f.party_name = v, false)}
                <Show when=is_org fallback=move || text("d-id", "party_id_number", |t| t.dec_id_number(), |f| f.party_id_number.clone(), |f, v| f.party_id_number = v, false)>
                    {text("d-uscc", "party_uscc", |t| t.dec_uscc(), |f| f.party_uscc.clone(), |f, v| f.party_uscc = v, false)}
                    {text("d-override", "uscc_override_reason", |t| t.dec_override(), |f| f.uscc_override_reason.clone(), |f, v| f.uscc_override_reason = v, false)}
                    <p class="hint">{move || i18n.t().dec_override_hint()}</p>
                </Show>
            </section>
            <section class="form-section" aria-labelledby="fs-facts">
                {section("fs-facts", |t| t.dec_section_facts())}
                {text("d-facts", "facts", |t| t.fact_facts(), |f| f.facts.clone(), |f, v| f.facts = v, true)}
                {text("d-basis", "legal_basis", |t| t.fact_legal_basis(), |f| f.legal_basis.clone(), |f, v| f.legal_basis = v, true)}
            </section>
            <section class="form-section" aria-labelledby="fs-result">
                {section("fs-result", |t| t.dec_section_result())}
                {text("d-result", "result", |t| t.fact_result(), |f| f.result.clone(), |f, v| f.result = v, true)}
                <Show when=is_penalty>
                    <fieldset class="choices" on:focusout=move |ev| check("penalty_types", ev)>
                        <legend>{move || i18n.t().fact_penalties()}</legend>
                        <div class="checks">
                            {PenaltyType::ALL.into_iter().map(|p| view! {
                                <label class="choice">
                                    <input type="checkbox" value=p.as_str()
                                        prop:checked=move || form.with(|f| f.penalties.contains(&p))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            form.update(|f| { f.penalties.retain(|x| *x != p); if on { f.penalties.push(p); } });
                                        } />
                                    {move || i18n.t().penalty(p)}
                                </label>
                            }).collect_view()}
                        </div>
                        <p class="field-error" aria-live="polite">{error_for("penalty_types")}</p>
                    </fieldset>
                    <Show when=has_fine>
                        <div class="field">
                            <label for="d-amount">{move || i18n.t().dec_amount()}</label>
                            <input id="d-amount" type="text" inputmode="decimal" aria-describedby="d-amount-error" aria-invalid=invalid("amount_fen") prop:value=move || form.with(|f| f.amount_yuan.clone()) on:blur=move |ev| check("amount_fen", ev) on:input=move |ev| form.update(|f| f.amount_yuan = event_target_value(&ev)) />
                            <p id="d-amount-error" class="field-error" aria-live="polite">{error_for("amount_fen")}</p>
                        </div>
                    </Show>
                </Show>
                <label class="choice"><input type="checkbox" prop:checked=move || form.with(|f| f.major) on:change=move |ev| form.update(|f| f.major = event_target_checked(&ev)) />{move || i18n.t().dec_major()}</label>
            </section>
            <section class="form-section" aria-labelledby="fs-officers">
                {section("fs-officers", |t| t.dec_section_officers())}
                <fieldset class="choices" on:focusout=move |ev| check("officer_ids", ev)>
                    <legend>{move || i18n.t().dec_officers()}</legend>
                    <div class="checks">
                        {move || officers.get().and_then(|r| r.ok()).map(|l| {
                            l.items.into_iter().map(|o: Officer| {
                                let id = o.id;
                                let valid = {
                                    let o = o.clone();
                                    move || form.with(|f| Date::parse(&f.decision_date).is_some_and(|d| o.valid_on(d)))
                                };
                                view! {
                                    <label class="choice">
                                        <input type="checkbox" value=id.to_string()
                                            prop:checked=move || form.with(|f| f.officers.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                form.update(|f| { f.officers.retain(|x| *x != id); if on { f.officers.push(id); } });
                                            } />
                                        {format!("{} {}", o.name, o.certificate_number)}
                                        {move || (!valid()).then(|| i18n.t().dec_officer_invalid())}
                                    </label>
                                }
                            }).collect_view()
                        })}
                    </div>
                    <p class="field-error" aria-live="polite">{error_for("officer_ids")}</p>
                </fieldset>
            </section>
            <section class="form-section" aria-labelledby="fs-publication">
                {section("fs-publication", |t| t.dec_section_publication())}
                <label class="choice"><input type="checkbox" prop:checked=move || form.with(|f| f.minor) on:change=move |ev| form.update(|f| f.minor = event_target_checked(&ev)) />{move || i18n.t().dec_minor()}</label>
                {text("d-withheld", "withheld_reason", |t| t.dec_withheld(), |f| f.withheld_reason.clone(), |f, v| f.withheld_reason = v, false)}
                {text("d-named-persons", "named_persons", |t| t.decision_named_persons(), |f| f.named_persons.clone(), |f, v| f.named_persons = v, false)}
            </section>
            <p class="field-error" role="alert" data-testid="form-error">{move || problems.get().into_iter().find(|(f, _)| !INLINE.iter().any(|i| f == i || f.starts_with(&format!("{i}[")))).map(|(_, m)| m)}</p>
            <Show when=is_dirty><p class="notice" data-testid="unsaved">{move || i18n.t().dec_unsaved()}</p></Show>
            <button type="submit" class="button primary" prop:disabled=move || pending.get()>
                {move || if existing.is_some() { i18n.t().dec_save() } else { i18n.t().dec_register() }}
            </button>
        </form>
    }
}

#[component]
pub fn DecisionPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    });
    let dept = department();
    let decision = LocalResource::new(move || {
        let id = id.get();
        async move { api::decision(dept, id).await }
    });
    Effect::new(move |_| set_title(i18n.t().dec_title(), i18n.t().brand()));
    view! {
        {move || match decision.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(d)) => view! { <DecisionView d on_change=move || decision.refetch() /> }.into_any(),
        }}
    }
}

#[component]
fn DecisionView(d: Decision, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = session.role();
    let is_clerk = role == Some(Role::Clerk);
    let is_reviewer = role == Some(Role::Reviewer);
    let status = d.record.status;
    let (id, dept, version) = (d.record.id, d.record.department_id, d.record.version);
    let note = RwSignal::new(String::new());
    let new_code = RwSignal::new(String::new());
    // The date of the act that ended the decision (art. 48's 3 days run from it).
    let ended_on = RwSignal::new(today().to_string());
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let run = move |step: &'static str| {
        let body = match step {
            "review" | "review-return" => {
                serde_json::json!({ "approve": step == "review", "opinion": note.get_untracked() })
            }
            "change" => serde_json::json!({
                "reason": note.get_untracked(),
                "new_case_code": new_code.get_untracked(),
                "ended_on": ended_on.get_untracked(),
            }),
            "revoke" => {
                serde_json::json!({ "reason": note.get_untracked(), "ended_on": ended_on.get_untracked() })
            }
            "unlawful" | "void" => serde_json::json!({
                "status": step,
                "reason": note.get_untracked(),
                "ended_on": ended_on.get_untracked(),
            }),
            _ => serde_json::json!({}),
        };
        let path = match step {
            "review-return" => "review",
            "unlawful" | "void" => "confirm",
            _ => step,
        };
        let csrf = session.csrf();
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            match api::decision_step(&csrf, dept, id, path, version, body).await {
                Ok(d) => {
                    note.set(String::new());
                    notice.set(Some(format!(
                        "{}{}",
                        i18n.t().dec_done(),
                        i18n.t().decision_status(d.record.status)
                    )));
                    // Stays pending: the page reloads the decision and its version.
                    on_change();
                }
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                    pending.set(false);
                }
            }
        });
    };
    let editable = is_clerk && status == DecisionStatus::Draft;
    let publication = d.publication;
    let publish_by = d.record.listing.publish_by.map(|d| d.to_string());
    let published_until = d.record.listing.published_until.map(|d| d.to_string());
    let form = RwSignal::new(Form::of(&d));
    let t = i18n.t();
    let penalties = d
        .record
        .penalty_types
        .iter()
        .map(|p| t.penalty(*p))
        .collect::<Vec<_>>()
        .join("、");
    let qr_base = format!("{}/{id}", api::decisions_base(dept));
    view! {
        <h1>{d.record.document_number.clone()}</h1>
        <p class="meta">
            <span class=format!("status {}", status.as_str()) data-testid="decision-status">{move || i18n.t().decision_status(status)}</span>
            <span>{d.record.department_name.clone()}</span>
            <span>{format!("{} {}", d.record.item_code, d.record.item_name)}</span>
        </p>
        {d.record.legal_review.clone().map(|r| view! { <p class="success">{move || i18n.t().dec_reviewed_by()}{format!("{} · {} · {}", r.reviewer, day(r.at), r.opinion)}</p> })}
        {d.record.review_comment.clone().map(|c| view! { <p class="notice">{move || i18n.t().dec_returned()}{c.clone()}</p> })}
        {(d.record.major && d.record.legal_review.is_none() && status == DecisionStatus::Draft).then(|| view! { <p class="notice">{move || i18n.t().dec_review_needed()}</p> })}
        {d.case_code.clone().map(|code| {
            let svg = format!("{qr_base}/qr.svg");
            let png = format!("{qr_base}/qr.png");
            let print = format!("/workspace/decisions/{id}/print");
            view! {
                <section class="panel qr-panel" aria-labelledby="qr-title">
                    <h2 id="qr-title">{move || i18n.t().dec_qr_title()}</h2>
                    <p class="case-code-large" data-testid="issued-code">{code.to_string()}</p>
                    <img class="qr" src=svg.clone() alt=format!("QR {code}") width="220" height="220" />
                    <p class="actions">
                        <a class="button secondary" href=svg download=format!("anma-{code}.svg")>{move || i18n.t().dec_download_svg()}</a>
                        <a class="button secondary" href=png download=format!("anma-{code}.png") data-testid="download-png">{move || i18n.t().dec_download_png()}</a>
                        <A href=print attr:class="button primary">{move || i18n.t().dec_print()}</A>
                    </p>
                    {d.qr_version.map(|v| view! { <p class="hint" data-testid="qr-version">{move || i18n.t().dec_qr_version()}": "{v}" · EC M"</p> })}
                    {d.verify_url.clone().map(|u| view! { <p class="hint"><code class="wrap">{u}</code></p> })}
                </section>
            }
        })}
        {d.record.status_reason.clone().map(|r| view! {
            <p class="notice">{move || i18n.t().verdict_change_reason()}": "{r.clone()}{d.record.replaced_by.clone().map(|c| format!(" → {c}"))}</p>
        })}
        {if editable {
            view! { <DecisionForm form existing=Some((id, version)) /> }.into_any()
        } else {
            view! {
                <dl class="facts wide panel">
                    <dt>{t.fact_procedure()}</dt><dd>{t.procedure(d.record.procedure)}</dd>
                    <dt>{t.fact_party()}</dt><dd>{format!("{} ({})", d.record.party_name, t.party_kind(d.record.party_kind))}</dd>
                    {d.record.party_uscc.clone().map(|u| view! { <dt>{t.fact_uscc()}</dt><dd>{u}</dd> })}
                    <dt>{t.fact_facts()}</dt><dd class="prose">{d.record.facts.clone()}</dd>
                    <dt>{t.fact_legal_basis()}</dt><dd class="prose">{d.record.legal_basis.clone()}</dd>
                    <dt>{t.fact_result()}</dt><dd class="prose">{d.record.result.clone()}</dd>
                    {(!penalties.is_empty()).then(|| view! { <dt>{t.fact_penalties()}</dt><dd>{penalties.clone()}</dd> })}
                    {d.record.amount_fen.map(|a| view! { <dt>{t.fact_amount()}</dt><dd>{yuan(a)}</dd> })}
                    <dt>{t.fact_date()}</dt><dd>{d.record.decision_date.to_string()}</dd>
                    <dt>{t.fact_officers()}</dt><dd>{d.record.officers.iter().map(|o| format!("{} {}", o.name, o.certificate_number)).collect::<Vec<_>>().join("、")}</dd>
                </dl>
            }.into_any()
        }}
        <div class="panel">
            <Show when=move || (is_reviewer && status == DecisionStatus::Draft && d.record.major) || ((is_clerk || is_reviewer) && status == DecisionStatus::Issued)>
                <div class="field">
                    <label for="d-note">{move || if status == DecisionStatus::Draft { i18n.t().dec_review_opinion() } else { i18n.t().dec_reason() }}</label>
                    <textarea id="d-note" rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </div>
            </Show>
            {publication.map(|p| view! {
                <p data-testid="publication">{move || i18n.t().pub_status()}": "<strong>{move || i18n.t().publication(p)}</strong>
                    {publish_by.clone().map(|b| view! { " · "{move || i18n.t().pub_deadline()}" "{b.clone()} })}
                    {published_until.clone().map(|u| view! { " · "{move || i18n.t().disclosures_until()}" "{u.clone()} })}
                </p>
            })}
            <Show when=move || (is_clerk || is_reviewer) && status == DecisionStatus::Issued>
                <div class="field">
                    <label for="d-ended-on">{move || i18n.t().dec_ended_on()}</label>
                    <input id="d-ended-on" type="date" prop:value=move || ended_on.get() on:input=move |ev| ended_on.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="d-new-code">{move || i18n.t().dec_new_code()}</label>
                    <input id="d-new-code" type="text" autocapitalize="characters" prop:value=move || new_code.get() on:input=move |ev| new_code.set(event_target_value(&ev)) />
                </div>
            </Show>
            <div class="actions">
                <Show when=move || is_reviewer && status == DecisionStatus::Draft && d.record.major>
                    <button type="button" class="button primary" on:click=move |_| run("review") prop:disabled=move || pending.get()>{move || i18n.t().dec_review_approve()}</button>
                    <button type="button" class="button secondary" on:click=move |_| run("review-return") prop:disabled=move || pending.get()>{move || i18n.t().dec_review_return()}</button>
                </Show>
                <Show when=move || editable>
                    <button type="button" class="button primary" on:click=move |_| run("issue") prop:disabled=move || pending.get() data-testid="issue">{move || i18n.t().dec_issue()}</button>
                </Show>
                <Show when=move || (is_clerk || is_reviewer) && publication == Some(Publication::Pending)>
                    <button type="button" class="button primary" on:click=move |_| run("publish") prop:disabled=move || pending.get() data-testid="publish">{move || i18n.t().pub_publish()}</button>
                </Show>
                <Show when=move || (is_clerk || is_reviewer) && status == DecisionStatus::Issued>
                    <button type="button" class="button secondary" on:click=move |_| run("revoke") prop:disabled=move || pending.get()>{move || i18n.t().dec_revoke()}</button>
                    <button type="button" class="button secondary" on:click=move |_| run("change") prop:disabled=move || pending.get()>{move || i18n.t().dec_change()}</button>
                    <button type="button" class="button secondary" on:click=move |_| run("unlawful") prop:disabled=move || pending.get()>{move || i18n.t().dec_confirm_unlawful()}</button>
                    <button type="button" class="button secondary" on:click=move |_| run("void") prop:disabled=move || pending.get()>{move || i18n.t().dec_confirm_void()}</button>
                </Show>
            </div>
            <Show when=move || editable><p class="hint">{move || i18n.t().dec_issue_hint()}</p></Show>
            <p class="success" role="status">{move || notice.get()}</p>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
        </div>
    }
}

/// `/workspace/decisions/:id/print`: the attachment printed with the decision — the QR
/// code, the case code in large type, and one line on how to check it.
#[component]
pub fn PrintDecision() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    });
    let dept = department();
    let decision = LocalResource::new(move || {
        let id = id.get();
        async move { api::decision(dept, id).await }
    });
    view! {
        {move || match decision.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(d)) => match d.case_code.is_some() {
                false => view! { <p class="notice">{move || i18n.t().dec_issue_hint()}</p> }.into_any(),
                true => {
                    let back = format!("/workspace/decisions/{}", d.record.id);
                    view! {
                        <PrintButtons back />
                        <PrintSheet d />
                    }.into_any()
                }
            },
        }}
    }
}

/// The print button, and the way back, kept off the paper.
#[component]
fn PrintButtons(back: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="no-print actions">
            <button type="button" class="button primary" on:click=move |_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>{move || i18n.t().dec_print_button()}</button>
            <A href=back attr:class="button secondary">{move || i18n.t().dec_title()}</A>
        </p>
    }
}

/// One decision's attachment, on a page of its own when printed.
#[component]
fn PrintSheet(d: Decision) -> impl IntoView {
    let i18n = use_i18n();
    let code = d
        .case_code
        .clone()
        .map(|c| c.to_string())
        .unwrap_or_default();
    let svg = format!(
        "{}/{}/qr.svg",
        api::decisions_base(d.record.department_id),
        d.record.id
    );
    view! {
        <article class="print-sheet" data-testid="print-sheet">
            <p class="print-docno">{d.record.document_number.clone()}</p>
            <img class="print-qr" src=svg alt=format!("QR {code}") />
            <p class="print-code">{code.clone()}</p>
            <p class="print-instruction">{move || i18n.t().dec_print_instruction()}</p>
            <p class="print-issuer">{d.record.department_name.clone()}</p>
        </article>
    }
}

/// The most attachments one print page holds.
const PRINT_MAX: usize = 100;

/// `/workspace/decisions/print?ids=1,2,3`: the attachments of many decisions on one page
/// set, each on its own sheet; decisions not yet issued are named and left out.
#[component]
pub fn PrintDecisions() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = leptos_router::hooks::use_query_map();
    Effect::new(move |_| set_title(i18n.t().print_many_title(), i18n.t().brand()));
    let ids = Memo::new(move |_| {
        let mut ids: Vec<i64> = query
            .read()
            .get("ids")
            .unwrap_or_default()
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        ids.dedup();
        ids
    });
    let dept = department();
    let loaded = RwSignal::new(0usize);
    let decisions = LocalResource::new(move || {
        let ids = ids.get();
        async move {
            if ids.len() > PRINT_MAX {
                return Err(None);
            }
            let mut out = Vec::with_capacity(ids.len());
            // One at a time, so the page shows how far it has come.
            for id in ids {
                out.push(api::decision(dept, id).await.map_err(Some)?);
                loaded.update(|n| *n += 1);
            }
            Ok(out)
        }
    });
    view! {
        <h1 class="no-print">{move || i18n.t().print_many_title()}</h1>
        {move || match decisions.get() {
            None => view! {
                <p role="status" class="no-print">
                    <progress max=move || ids.with(Vec::len) value=move || loaded.get() aria-label=move || i18n.t().loading()></progress>
                    " "{move || loaded.get()}" / "{move || ids.with(Vec::len)}
                </p>
            }.into_any(),
            Some(Err(None)) => view! { <p class="field-error" role="alert">{move || i18n.t().print_too_many()}</p> }.into_any(),
            Some(Err(Some(e))) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(list)) => {
                let (issued, not_issued): (Vec<_>, Vec<_>) = list.into_iter().partition(|d| d.case_code.is_some());
                let count = issued.len();
                view! {
                    <p class="no-print hint" data-testid="print-count">{count}" "{move || i18n.t().print_many_count()}</p>
                    {(!not_issued.is_empty()).then(|| view! {
                        <p class="no-print notice" data-testid="print-skipped">
                            {move || i18n.t().print_skipped()}
                            {not_issued.iter().map(|d| d.record.document_number.clone()).collect::<Vec<_>>().join("、")}
                        </p>
                    })}
                    {if count == 0 {
                        view! { <p class="notice">{move || i18n.t().print_none()}</p> }.into_any()
                    } else {
                        view! {
                            <PrintButtons back="/workspace/decisions".to_owned() />
                            <div class="print-set">
                                {issued.into_iter().map(|d| view! { <PrintSheet d /> }).collect_view()}
                            </div>
                        }.into_any()
                    }}
                }.into_any()
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_as_typed_becomes_fen() {
        assert_eq!(parse_yuan("50000"), Some(5_000_000));
        assert_eq!(parse_yuan("1,380.5"), Some(138_050));
        assert_eq!(parse_yuan("0.05"), Some(5));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("-5"), None);
        assert_eq!(parse_yuan("abc"), None);
    }
}
