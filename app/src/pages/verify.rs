//! `/v/:code` (typed in) and `/v/:code/:sig` (from the QR code): the verdict on a case
//! code. The check character is tested before any request; with a signature, the
//! browser checks it itself against the published keys.
//!
//! A QR code's page may arrive with its verdict already in it (see the server's
//! `verdict_page`): the verification and the public keys as an inert JSON block. The
//! page then shows the verdict at once and asks the server nothing.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{self, ApiError},
    components::{
        CaseCodeForm, ErrorMessage, Loading,
        format::{day, yuan},
        problem_message, set_title,
    },
    i18n::use_i18n,
    model::{
        CaseCode, FirstResponse, ListResponse, SignatureCheck, SignedDecision, Verdict,
        Verification, base32,
        signature::{self, PublicKey},
    },
};

/// The id of the data block a first response carries (see the server's `verdict_page`).
const FIRST_DATA_ID: &str = "anma-verdict";

/// What the browser's own signature check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserCheck {
    /// No signature in the URL, or the server already found it wrong.
    NotApplicable,
    /// The check is under way (the verdict came with the page).
    Pending,
    Passed,
    Failed,
    /// This browser has no Ed25519 in Web Crypto.
    Unavailable,
}

/// The verdict from the server's answer and the browser's own check.
pub fn verdict(v: &Verification, browser: BrowserCheck) -> Verdict {
    Verdict::of(v, browser == BrowserCheck::Failed)
}

/// The first response's data for `code`, taken out of the page so it serves once: a
/// later visit to this route (the app's own navigation) asks the server again.
fn take_first_response(code: &CaseCode) -> Option<FirstResponse> {
    let element = web_sys::window()?
        .document()?
        .get_element_by_id(FIRST_DATA_ID)?;
    let text = element.text_content();
    element.remove();
    let first: FirstResponse = serde_json::from_str(&text?).ok()?;
    (first.verification.code == *code).then_some(first)
}

/// Checks `signature` over the signed fields with the published key, using the
/// browser's Web Crypto (Ed25519). `None` when the browser cannot.
/// The keys come with the page when it carried its verdict, else from the API.
async fn browser_check(
    signed: &SignedDecision,
    signature_text: &str,
    keys: Option<ListResponse<PublicKey>>,
) -> BrowserCheck {
    let Some(sig) = base32::decode(signature_text) else {
        return BrowserCheck::Failed;
    };
    let keys = match keys {
        Some(keys) => keys,
        None => match api::keys().await {
            Ok(keys) => keys,
            Err(_) => return BrowserCheck::Unavailable,
        },
    };
    let Some(key) = keys
        .items
        .iter()
        .find(|k| k.id == signed.key_id)
        .and_then(|k| signature::from_hex(&k.public_key))
    else {
        return BrowserCheck::Failed;
    };
    match crate::webcrypto::verify_ed25519(&key, &signed.canonical_bytes(), &sig).await {
        Some(true) => BrowserCheck::Passed,
        Some(false) => BrowserCheck::Failed,
        None => BrowserCheck::Unavailable,
    }
}

/// The server's answer and the browser's check, together.
type Outcome = Result<(Verification, BrowserCheck), ApiError>;

#[component]
pub fn Verify() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());
    let sig = Memo::new(move |_| params.read().get("sig").filter(|s| !s.is_empty()));
    Effect::new(move |_| set_title(&code.get(), i18n.t().verify_title()));
    // Checked in the browser first: a code that fails its check character is reported
    // without a request.
    let parsed = Memo::new(move |_| CaseCode::parse(&code.get()));
    // The verdict the page arrived with, if any: shown while the browser checks it.
    let first = StoredValue::new_local(
        parsed
            .get_untracked()
            .ok()
            .filter(|_| sig.get_untracked().is_some())
            .and_then(|c| take_first_response(&c)),
    );
    let early = first.with_value(|f| f.as_ref().map(|f| f.verification.clone()));
    let outcome = LocalResource::new(move || {
        let parsed = parsed.get();
        let sig = sig.get();
        let first = first.try_update_value(Option::take).flatten();
        async move {
            let code = parsed.ok()?;
            let result: Outcome = async {
                let (v, keys) = match first {
                    Some(f) => (f.verification, Some(f.keys)),
                    None => (api::verify(code.as_str(), sig.as_deref()).await?, None),
                };
                let check = match (&v.signed, sig.as_deref()) {
                    (Some(signed), Some(text)) if v.signature == SignatureCheck::Valid => {
                        browser_check(signed, text, keys).await
                    }
                    _ => BrowserCheck::NotApplicable,
                };
                Ok((v, check))
            }
            .await;
            Some(result)
        }
    });
    view! {
        <section class="verify" aria-labelledby="verify-title">
            <h1 id="verify-title">{move || i18n.t().verify_title()}</h1>
            <p class="case-code">
                <span class="label">{move || i18n.t().verify_code()}</span>
                <code data-testid="case-code">
                    {move || parsed.get().map(|c| c.to_string()).unwrap_or_else(|_| code.get())}
                </code>
            </p>
            {move || match (parsed.get(), outcome.get()) {
                (Err(e), _) => view! {
                    <div class="verdict verdict-unknown" role="alert" data-testid="verdict" data-verdict="typo">
                        <p>{move || problem_message(i18n.t(), &code.get(), &e)}</p>
                    </div>
                }.into_any(),
                (_, None) | (_, Some(None)) => match early.clone() {
                    Some(v) => view! { <Findings v check=BrowserCheck::Pending /> }.into_any(),
                    None => view! { <Loading /> }.into_any(),
                },
                (_, Some(Some(Err(e)))) if e.status() == Some(404) => view! {
                    <div class="verdict verdict-unknown" role="status" data-testid="verdict" data-verdict="not_found">
                        <h2>{move || i18n.t().verify_not_found_title()}</h2>
                        <p>{move || i18n.t().verify_not_found_body()}</p>
                    </div>
                }.into_any(),
                (_, Some(Some(Err(e)))) => view! {
                    <ErrorMessage error=e retry=move || outcome.refetch() />
                }.into_any(),
                (_, Some(Some(Ok((v, check))))) => view! { <Findings v check /> }.into_any(),
            }}
        </section>
        <section class="panel" aria-label=move || i18n.t().verify_again()>
            <h2>{move || i18n.t().verify_again()}</h2>
            <CaseCodeForm />
            <p><a href="/scan" rel="external">{move || i18n.t().scan_title()}</a></p>
            <p><A href="/">{move || i18n.t().back_home()}</A></p>
        </section>
    }
}

#[component]
fn Findings(v: Verification, check: BrowserCheck) -> impl IntoView {
    let i18n = use_i18n();
    let verdict = verdict(&v, check);
    let v = StoredValue::new(v);
    let head = move || {
        let (title, body) = i18n.t().verdict(verdict);
        view! {
            <div class=format!("verdict {}", verdict.class()) role="status" data-testid="verdict" data-verdict=verdict.key()>
                <h2>{title}</h2>
                <p>{body}</p>
            </div>
        }
    };
    let change = move || {
        v.with_value(|v| v.status_change.clone()).map(|c| {
            let new = c.new_case_code.map(|code| {
                let href = format!("/v/{code}");
                view! {
                    <dt>{move || i18n.t().verdict_new_decision()}</dt>
                    <dd><A href=href><code>{code.to_string()}</code></A></dd>
                }
            });
            view! {
                <dl class="facts status-change" data-testid="status-change">
                    <dt>{move || i18n.t().verdict_change_date()}</dt>
                    <dd>{day(c.at)}</dd>
                    {c.reason.clone().map(|reason| view! {
                        <dt>{move || i18n.t().verdict_change_reason()}</dt>
                        <dd data-testid="status-reason">{reason}</dd>
                    })}
                    {new}
                </dl>
            }
        })
    };
    let signature_note = move || {
        let t = i18n.t();
        if check == BrowserCheck::Pending {
            return Some(view! {
                <p class="signature-note" data-testid="signature-checking">{t.signature_checking()}</p>
            }
            .into_any());
        }
        match (v.with_value(|v| v.signature), check) {
            (SignatureCheck::NotGiven, _) => Some(t.signature_not_given()),
            (SignatureCheck::Valid, BrowserCheck::Passed) => Some(t.signature_browser()),
            (SignatureCheck::Valid, BrowserCheck::Unavailable) => Some(t.signature_server_only()),
            _ => None,
        }
        .map(|text| {
            view! { <p class="signature-note" data-testid="signature-note">{text}</p> }.into_any()
        })
    };
    let facts = move || {
        let f = v.with_value(|v| v.facts.clone());
        let t = i18n.t();
        let withheld = f.listed.is_none();
        let listed = f.listed.map(|l| {
            view! {
                <dt>{t.fact_kind()}</dt><dd>{t.category(l.kind)}</dd>
                <dt>{t.fact_item()}</dt><dd>{format!("{} {}", l.item_code, l.item_name)}</dd>
                <dt>{t.fact_party()}</dt><dd data-testid="party">{l.party_name}</dd>
                <dt>{t.fact_officers()}</dt><dd>{l.officers.join("、")}</dd>
            }
        });
        view! {
            <dl class="facts" data-testid="facts">
                <dt>{t.fact_department()}</dt><dd>{f.department_name}</dd>
                <dt>{t.fact_document_number()}</dt><dd>{f.document_number}</dd>
                <dt>{t.fact_date()}</dt><dd>{f.decision_date.to_string()}</dd>
                {listed}
                <dt>{t.fact_publication()}</dt><dd>{t.publication(f.publication)}</dd>
            </dl>
            {withheld.then(|| view! {
                <p class="withheld-note" data-testid="withheld-note">{t.verify_details_withheld()}</p>
            })}
        }
    };
    // The full summary only when the signature is valid on both sides.
    let summary = move || {
        let signed = v.with_value(|v| v.signed.clone())?;
        if verdict == Verdict::Mismatch {
            return None;
        }
        let t = i18n.t();
        let penalties = signed
            .penalty_types
            .iter()
            .map(|p| t.penalty(*p))
            .collect::<Vec<_>>()
            .join("、");
        Some(view! {
            <section class="panel summary" aria-labelledby="summary-title" data-testid="summary">
                <h2 id="summary-title">{t.summary_title()}</h2>
                <dl class="facts">
                    <dt>{t.fact_procedure()}</dt><dd>{t.procedure(signed.procedure)}</dd>
                    {signed.party_uscc.map(|u| view! { <dt>{t.fact_uscc()}</dt><dd>{u}</dd> })}
                    <dt>{t.fact_facts()}</dt><dd class="prose">{signed.facts}</dd>
                    <dt>{t.fact_legal_basis()}</dt><dd class="prose">{signed.legal_basis}</dd>
                    <dt>{t.fact_result()}</dt><dd class="prose">{signed.result}</dd>
                    {(!penalties.is_empty()).then(|| view! { <dt>{t.fact_penalties()}</dt><dd>{penalties.clone()}</dd> })}
                    {signed.amount_fen.map(|a| view! { <dt>{t.fact_amount()}</dt><dd>{yuan(a)}</dd> })}
                    <dt>{t.fact_issued_at()}</dt><dd>{day(signed.issued_at)}</dd>
                    <dt>{t.fact_key()}</dt><dd><code>{signed.key_id}</code></dd>
                </dl>
            </section>
        })
    };
    view! {
        {head}
        {change}
        {signature_note}
        {facts}
        {summary}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DecisionStatus, PublicDecisionFacts, Publication};

    fn verification(status: DecisionStatus, signature: SignatureCheck) -> Verification {
        Verification {
            code: CaseCode::parse("440106-2025-00001-I").unwrap(),
            status,
            facts: PublicDecisionFacts {
                department_name: String::new(),
                document_number: String::new(),
                decision_date: crate::model::Date::from_ymd(2025, 1, 2),
                publication: Publication::Published,
                listed: None,
            },
            status_change: None,
            signature,
            signed: None,
        }
    }

    #[test]
    fn a_signature_either_side_rejects_means_not_authentic() {
        use BrowserCheck::*;
        let valid = verification(DecisionStatus::Issued, SignatureCheck::Valid);
        assert_eq!(verdict(&valid, Passed), Verdict::InForce);
        assert_eq!(verdict(&valid, Unavailable), Verdict::InForce);
        assert_eq!(verdict(&valid, Failed), Verdict::Mismatch);
        let forged = verification(DecisionStatus::Issued, SignatureCheck::Mismatch);
        assert_eq!(verdict(&forged, NotApplicable), Verdict::Mismatch);
        let revoked = verification(DecisionStatus::Revoked, SignatureCheck::NotGiven);
        assert_eq!(verdict(&revoked, NotApplicable), Verdict::Revoked);
        let changed = verification(DecisionStatus::Changed, SignatureCheck::Valid);
        assert_eq!(verdict(&changed, Passed), Verdict::Changed);
    }
}
