//! `/i/:code[/:sig[/:token]]`: what a company sees when it scans an inspection notice's
//! QR code (扫码入企): whether the inspection is genuine, who inspects, on what ground and
//! items, whether the inspectors' certificates hold today, the time window. With the
//! notice's token it can rate the visit once; anyone can report an inspection that came
//! without a valid code (无码不检).

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::use_params_map;

use crate::{
    api::{self, ApiError, LocalProblem},
    components::{ErrorMessage, Loading, format::china_today, set_title},
    i18n::{Texts, use_i18n},
    model::{
        Conduct, InspectionCode, InspectionStatus, InspectionVerification, RatingInput,
        ReportInput, SignatureCheck,
    },
};

/// The verdict shown in large type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectionVerdict {
    /// Genuine, today within its window, every certificate valid.
    Go,
    /// Genuine and its result recorded.
    Done,
    /// Genuine but today is outside its window.
    OutsideWindow,
    /// Genuine but an inspector's certificate does not hold today.
    CertificateInvalid,
    /// Cancelled with its plan.
    Cancelled,
    /// The signature does not match: possibly a forged notice.
    Mismatch,
}

/// The verdict from the server's answer: a wrong signature first, then the status,
/// the inspectors' certificates and the window.
pub fn inspection_verdict(v: &InspectionVerification) -> InspectionVerdict {
    use InspectionVerdict::*;
    if v.signature == SignatureCheck::Mismatch {
        return Mismatch;
    }
    match v.status {
        InspectionStatus::Cancelled => Cancelled,
        InspectionStatus::Done => Done,
        InspectionStatus::Scheduled if v.inspectors.iter().any(|i| !i.valid_today) => {
            CertificateInvalid
        }
        InspectionStatus::Scheduled if !v.in_window => OutsideWindow,
        InspectionStatus::Scheduled => Go,
    }
}

fn verdict_texts(
    t: &'static Texts,
    v: InspectionVerdict,
) -> (&'static str, &'static str, &'static str, &'static str) {
    use InspectionVerdict::*;
    match v {
        Go => ("verdict-ok", "go", t.insp_go_title(), t.insp_go_body()),
        Done => ("verdict-ok", "done", t.insp_done_title(), t.insp_done_body()),
        OutsideWindow => (
            "verdict-warn",
            "outside_window",
            t.insp_window_title(),
            t.insp_window_body(),
        ),
        CertificateInvalid => (
            "verdict-bad",
            "certificate",
            t.insp_cert_title(),
            t.insp_cert_body(),
        ),
        Cancelled => (
            "verdict-warn",
            "cancelled",
            t.insp_cancelled_title(),
            t.insp_cancelled_body(),
        ),
        Mismatch => (
            "verdict-bad",
            "mismatch",
            t.insp_mismatch_title(),
            t.insp_mismatch_body(),
        ),
    }
}

#[component]
pub fn InspectionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());
    let sig = Memo::new(move |_| params.read().get("sig").filter(|s| !s.is_empty()));
    let token = Memo::new(move |_| params.read().get("token").filter(|s| !s.is_empty()));
    Effect::new(move |_| set_title(&code.get(), i18n.t().insp_title()));
    let parsed = Memo::new(move |_| InspectionCode::parse(&code.get()));
    let outcome = LocalResource::new(move || {
        let parsed = parsed.get();
        let sig = sig.get();
        async move {
            let code = parsed.ok()?;
            Some(api::inspection(code.as_str(), sig.as_deref()).await)
        }
    });
    // Whom to report: the department the notice names, when there is one.
    let named = Memo::new(move |_| match outcome.get() {
        Some(Some(Ok(v))) => v.departments.first().cloned().unwrap_or_default(),
        _ => String::new(),
    });
    view! {
        <section class="verify" aria-labelledby="inspection-title">
            <h1 id="inspection-title">{move || i18n.t().insp_title()}</h1>
            <p class="case-code">
                <span class="label">{move || i18n.t().insp_code()}</span>
                <code data-testid="inspection-code">
                    {move || parsed.get().map(|c| c.to_string()).unwrap_or_else(|_| code.get())}
                </code>
            </p>
            {move || match (parsed.get(), outcome.get()) {
                (Err(_), _) => view! {
                    <div class="verdict verdict-unknown" role="alert" data-testid="verdict" data-verdict="typo">
                        <p>{move || i18n.t().insp_code_invalid()}</p>
                    </div>
                }.into_any(),
                (_, None) | (_, Some(None)) => view! { <Loading /> }.into_any(),
                (_, Some(Some(Err(e)))) if e.status() == Some(404) => view! {
                    <div class="verdict verdict-bad" role="status" data-testid="verdict" data-verdict="not_found">
                        <h2>{move || i18n.t().insp_not_found_title()}</h2>
                        <p>{move || i18n.t().insp_not_found_body()}</p>
                    </div>
                }.into_any(),
                (_, Some(Some(Err(e)))) => view! {
                    <ErrorMessage error=e retry=move || outcome.refetch() />
                }.into_any(),
                (_, Some(Some(Ok(v)))) => view! {
                    <InspectionFindings v=v token=token.get() on_rated=move || outcome.refetch() />
                }.into_any(),
            }}
        </section>
        <ReportForm code=code named=named />
    }
}

#[component]
fn InspectionFindings(
    v: InspectionVerification,
    token: Option<String>,
    on_rated: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let verdict = inspection_verdict(&v);
    let holder = v.signature == SignatureCheck::Valid;
    let can_rate = holder
        && token.is_some()
        && v.rated == Some(false)
        && v.status != InspectionStatus::Cancelled
        && verdict != InspectionVerdict::Mismatch;
    let rated = v.rated == Some(true);
    let code = v.code.to_string();
    let v = StoredValue::new(v);
    let head = move || {
        let (class, key, title, body) = verdict_texts(i18n.t(), verdict);
        view! {
            <div class=format!("verdict {class}") role="status" data-testid="verdict" data-verdict=key>
                <h2>{title}</h2>
                <p>{body}</p>
            </div>
        }
    };
    let facts = move || {
        let v = v.get_value();
        let t = i18n.t();
        view! {
            <dl class="facts" data-testid="inspection-facts">
                <dt>{t.insp_departments()}</dt><dd>{v.departments.join("、")}</dd>
                <dt>{t.insp_ground()}</dt><dd data-testid="ground">{t.ground(v.ground)}</dd>
                {v.plan_title.clone().map(|title| view! { <dt>{t.insp_plan()}</dt><dd>{title}</dd> })}
                {v.entity_name.clone().map(|name| view! { <dt>{t.insp_entity()}</dt><dd data-testid="entity">{name}</dd> })}
                <dt>{t.insp_window()}</dt>
                <dd data-testid="window">{format!("{} – {}", v.window_from, v.window_until)}</dd>
            </dl>
            <h3>{t.insp_items()}</h3>
            <ul class="plain">
                {v.items.iter().map(|item| view! {
                    <li><strong>{format!("{} {}", item.code, item.name)}</strong><br /><span class="hint">{item.legal_basis.clone()}</span></li>
                }).collect_view()}
            </ul>
            <h3>{t.insp_inspectors()}</h3>
            <ul class="plain" data-testid="inspectors">
                {v.inspectors.iter().map(|o| {
                    let (class, text) = if o.valid_today { ("badge ok", t.insp_cert_valid()) } else { ("badge bad", t.insp_cert_not_valid()) };
                    view! {
                        <li data-testid="inspector">
                            <strong>{o.name.clone()}</strong>" · "
                            <a href=format!("/officers/{}", o.certificate_number) rel="external"><code>{o.certificate_number.clone()}</code></a>" "
                            <span class=class>{text}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {v.result.clone().map(|r| view! {
                <dl class="facts" data-testid="result">
                    <dt>{t.insp_result()}</dt><dd>{t.outcome(r.outcome)}</dd>
                    <dt>{t.insp_result_note()}</dt><dd class="prose">{r.note}</dd>
                    {r.rectify_by.map(|d| view! { <dt>{t.insp_rectify_by()}</dt><dd>{d.to_string()}</dd> })}
                    {r.case_code.map(|c| view! { <dt>{t.insp_case()}</dt><dd><a href=format!("/v/{c}")><code>{c.to_string()}</code></a></dd> })}
                </dl>
            })}
            {(!holder).then(|| view! { <p class="signature-note" data-testid="signature-note">{t.insp_scan_note()}</p> })}
        }
    };
    view! {
        {head}
        {facts}
        {can_rate.then(|| view! { <RatingForm code=code.clone() token=token.clone().unwrap_or_default() on_rated /> })}
        {rated.then(|| view! { <p class="success" data-testid="rated">{move || i18n.t().insp_rated()}</p> })}
    }
}

#[component]
fn RatingForm(
    code: String,
    token: String,
    on_rated: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let score = RwSignal::new(0u8);
    let conduct = RwSignal::new(None::<Conduct>);
    let showed = RwSignal::new(None::<bool>);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let t = i18n.t();
        let (Some(conduct), Some(showed)) = (conduct.get_untracked(), showed.get_untracked())
        else {
            error.set(Some(t.insp_rate_incomplete().to_owned()));
            return;
        };
        if score.get_untracked() == 0 {
            error.set(Some(t.insp_rate_incomplete().to_owned()));
            return;
        }
        let input = RatingInput {
            token: token.clone(),
            score: score.get_untracked(),
            conduct,
            showed_certificates: showed,
            comment: comment.get_untracked(),
        };
        let code = code.clone();
        pending.set(true);
        spawn_local(async move {
            match api::rate_inspection(&code, &input).await {
                Ok(()) => on_rated(),
                Err(e) => error.set(Some(e.message(i18n.t()))),
            }
            pending.set(false);
        });
    };
    view! {
        <form class="panel rating" on:submit=submit novalidate aria-labelledby="rate-title" data-testid="rating-form">
            <h2 id="rate-title">{move || i18n.t().insp_rate_title()}</h2>
            <fieldset class="choices">
                <legend>{move || i18n.t().insp_rate_score()}</legend>
                {(1..=5u8).map(|n| view! {
                    <label class="choice">
                        <input type="radio" name="score" value=n.to_string() on:change=move |_| score.set(n) />
                        <span>{move || i18n.t().score(n)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="choices">
                <legend>{move || i18n.t().insp_rate_conduct()}</legend>
                {Conduct::ALL.into_iter().map(|c| view! {
                    <label class="choice">
                        <input type="radio" name="conduct" value=c.as_str() on:change=move |_| conduct.set(Some(c)) />
                        <span>{move || i18n.t().conduct(c)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="choices">
                <legend>{move || i18n.t().insp_rate_certificates()}</legend>
                <label class="choice">
                    <input type="radio" name="showed" value="yes" on:change=move |_| showed.set(Some(true)) />
                    <span>{move || i18n.t().yes()}</span>
                </label>
                <label class="choice">
                    <input type="radio" name="showed" value="no" on:change=move |_| showed.set(Some(false)) />
                    <span>{move || i18n.t().no()}</span>
                </label>
            </fieldset>
            <div class="field">
                <label for="rate-comment">{move || i18n.t().insp_rate_comment()}</label>
                <textarea id="rate-comment" maxlength="500" rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="button primary" prop:disabled=move || pending.get()>{move || i18n.t().insp_rate_submit()}</button>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </form>
    }
}

/// Reporting an inspection without a valid code: to the justice department and the
/// department named, never shown publicly.
#[component]
fn ReportForm(code: Memo<String>, named: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    let department = RwSignal::new(String::new());
    let entity = RwSignal::new(String::new());
    let happened = RwSignal::new(china_today().to_string());
    let description = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(false);
    let pending = RwSignal::new(false);
    Effect::new(move |_| {
        let name = named.get();
        if !name.is_empty() && department.get_untracked().is_empty() {
            department.set(name);
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(happened_on) = crate::model::Date::parse(happened.get_untracked().trim()) else {
            error.set(Some(ApiError::Local(LocalProblem::DateFormat {
                field: "happened_on",
            })));
            return;
        };
        let input = ReportInput {
            department_id: None,
            department_text: department.get_untracked(),
            code: code.get_untracked(),
            entity_name: entity.get_untracked(),
            happened_on,
            description: description.get_untracked(),
            contact: contact.get_untracked(),
        };
        pending.set(true);
        spawn_local(async move {
            match api::report_inspection(&input).await {
                Ok(_) => {
                    sent.set(true);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };
    type Field = (
        &'static str,
        fn(&'static Texts) -> &'static str,
        RwSignal<String>,
        &'static str,
    );
    let fields: [Field; 4] = [
        (
            "report-department",
            |t| t.report_department(),
            department,
            "text",
        ),
        ("report-entity", |t| t.report_entity(), entity, "text"),
        ("report-date", |t| t.report_date(), happened, "date"),
        ("report-contact", |t| t.report_contact(), contact, "text"),
    ];
    view! {
        <details class="panel report" data-testid="report">
            <summary>{move || i18n.t().report_title()}</summary>
            <p class="hint">{move || i18n.t().report_lead()}</p>
            {move || if sent.get() {
                view! { <p class="success" role="status" data-testid="report-sent">{move || i18n.t().report_sent()}</p> }.into_any()
            } else {
                view! {
                    <form on:submit=submit novalidate>
                        {fields.into_iter().map(|(id, label, value, kind)| view! {
                            <div class="field">
                                <label for=id>{move || label(i18n.t())}</label>
                                <input id=id type=kind prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                            </div>
                        }).collect_view()}
                        <div class="field">
                            <label for="report-description">{move || i18n.t().report_description()}</label>
                            <textarea id="report-description" rows="4" maxlength="1000" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                        </div>
                        <button type="submit" class="button primary" prop:disabled=move || pending.get()>{move || i18n.t().report_submit()}</button>
                        <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
                    </form>
                }.into_any()
            }}
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Ground, InspectorOnDuty};

    fn verification(
        status: InspectionStatus,
        in_window: bool,
        valid: bool,
    ) -> InspectionVerification {
        InspectionVerification {
            code: (0..)
                .find_map(|n| {
                    InspectionCode::issue(
                        &crate::model::RegionCode::parse("440106").unwrap(),
                        2026,
                        n,
                    )
                })
                .unwrap(),
            status,
            signature: SignatureCheck::Valid,
            departments: vec![],
            ground: Ground::Plan,
            plan_id: None,
            plan_title: None,
            items: vec![],
            inspectors: vec![InspectorOnDuty {
                name: String::new(),
                certificate_number: String::new(),
                valid_today: valid,
                valid_until: Date::from_ymd(2028, 1, 1),
            }],
            window_from: Date::from_ymd(2026, 12, 1),
            window_until: Date::from_ymd(2026, 12, 31),
            in_window,
            entity_name: None,
            result: None,
            rated: None,
            signed: None,
        }
    }

    #[test]
    fn the_verdict_puts_a_forgery_first_then_the_certificates_and_the_window() {
        use InspectionVerdict::*;
        assert_eq!(
            inspection_verdict(&verification(InspectionStatus::Scheduled, true, true)),
            Go
        );
        assert_eq!(
            inspection_verdict(&verification(InspectionStatus::Scheduled, false, true)),
            OutsideWindow
        );
        assert_eq!(
            inspection_verdict(&verification(InspectionStatus::Scheduled, true, false)),
            CertificateInvalid
        );
        assert_eq!(
            inspection_verdict(&verification(InspectionStatus::Cancelled, true, true)),
            Cancelled
        );
        assert_eq!(
            inspection_verdict(&verification(InspectionStatus::Done, false, true)),
            Done
        );
        let mut forged = verification(InspectionStatus::Scheduled, true, true);
        forged.signature = SignatureCheck::Mismatch;
        assert_eq!(inspection_verdict(&forged), Mismatch);
    }
}
