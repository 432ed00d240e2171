//! Kept verdicts: a signed lookup's verdict is reused while its decision's row is
//! unchanged, and gives way at once on every server when anything changes the row.

use app::model::{DecisionStatus, SignatureCheck, Verification};
use reqwest::StatusCode;
use serde_json::json;

use crate::cases::{act, code_and_sig, issue, penalty, register};
use crate::helpers::{Backend, DEMO_PASSWORD, OtherServer, spawn_with_demo};

/// How many signed verifications this server answered with a kept verdict.
async fn kept(client: &reqwest::Client, server: &OtherServer) -> u64 {
    let text = client
        .get(format!("http://{}/metrics", server.metrics_addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("anma_verify_kept_verdicts_total "))
        .map_or(0, |v| v.trim().parse().unwrap())
}

async fn verify_on(
    client: &reqwest::Client,
    server: &OtherServer,
    code: &str,
    sig: &str,
) -> Verification {
    let response = client
        .get(format!(
            "http://{}/api/v1/verify/{code}?sig={sig}",
            server.addr
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

async fn a_kept_verdict_gives_way_at_once_on_every_server(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let issued = issue(
        &clerk,
        &register(&clerk, &penalty(&clerk, "穗天市监罚〔2026〕301号").await).await,
    )
    .await;
    let (code, sig) = code_and_sig(&issued);
    // Published, so that no overdue notice writes to the row while the test reads it.
    let published = act(&clerk, &issued, "publish", json!({})).await;
    assert_eq!(published.status(), StatusCode::OK);
    let published: serde_json::Value = published.json().await.unwrap();
    let other = app.another_server().await;
    let client = &app.client;

    // The first signed lookup computes the verdict; the next ones reuse it.
    let first = verify_on(client, &other, &code, &sig).await;
    assert_eq!(first.status, DecisionStatus::Issued);
    assert_eq!(first.signature, SignatureCheck::Valid);
    assert_eq!(kept(client, &other).await, 0);
    let again = verify_on(client, &other, &code, &sig).await;
    assert_eq!(kept(client, &other).await, 1);
    assert_eq!(
        serde_json::to_value(&again).unwrap(),
        serde_json::to_value(&first).unwrap(),
        "a kept verdict says what a computed one says"
    );

    // Revoked through the first server: the other one says so on the very next request.
    let revoked = act(
        &reviewer,
        &published,
        "revoke",
        json!({"reason": "认定事实的证据不足，依法撤销。"}),
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let after = verify_on(client, &other, &code, &sig).await;
    assert_eq!(after.status, DecisionStatus::Revoked);
    assert_eq!(after.signature, SignatureCheck::Valid);
    assert_eq!(
        after.status_change.unwrap().reason.as_deref(),
        Some("认定事实的证据不足，依法撤销。")
    );
    assert_eq!(
        kept(client, &other).await,
        1,
        "the stale verdict was not given"
    );
    assert_eq!(
        verify_on(client, &other, &code, &sig).await.status,
        DecisionStatus::Revoked
    );
    assert_eq!(kept(client, &other).await, 2);

    // A signed field changed by hand in the database: the signature no longer matches.
    sqlx::query("UPDATE decisions SET amount_fen = amount_fen + 100 WHERE case_code = $1")
        .bind(&code)
        .execute(app.db.pool())
        .await
        .unwrap();
    let tampered = verify_on(client, &other, &code, &sig).await;
    assert_eq!(tampered.signature, SignatureCheck::Mismatch);
    assert_eq!(kept(client, &other).await, 2);

    // A verdict holds for its China day only: publication depends on the date.
    sqlx::query("UPDATE decisions SET amount_fen = amount_fen - 100 WHERE case_code = $1")
        .bind(&code)
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(
        verify_on(client, &other, &code, &sig).await.signature,
        SignatureCheck::Valid
    );
    verify_on(client, &other, &code, &sig).await;
    assert_eq!(kept(client, &other).await, 3);
    let clock = other.db.clock();
    clock.set(clock.now_plus(24 * 3600));
    assert_eq!(
        verify_on(client, &other, &code, &sig).await.signature,
        SignatureCheck::Valid
    );
    assert_eq!(kept(client, &other).await, 3, "a new day computes anew");
}

/// The revision moves with every write to a decision's row, whoever makes it.
async fn every_write_to_a_decision_moves_its_revision(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let issued = issue(
        &clerk,
        &register(&clerk, &penalty(&clerk, "穗天市监罚〔2026〕302号").await).await,
    )
    .await;
    let (code, _) = code_and_sig(&issued);
    let code = app::model::CaseCode::parse(&code).unwrap();
    let reader = server::db::revisions::Revisions::start(app.db.clone());
    let revision = || async { reader.read(&code).await.unwrap().unwrap() };
    let mut seen = vec![revision().await];
    for sql in [
        "UPDATE decisions SET facts = facts WHERE case_code = $1",
        "UPDATE decisions SET publish_by = publish_by WHERE case_code = $1",
        "UPDATE decisions SET status_reason = status_reason WHERE case_code = $1",
    ] {
        sqlx::query(sql)
            .bind(code.as_str())
            .execute(app.db.pool())
            .await
            .unwrap();
        let now = revision().await;
        assert!(
            !seen.contains(&now),
            "{sql}: {now} already seen in {seen:?}"
        );
        seen.push(now);
    }
    // Publishing through the API moves it as well.
    let published = act(&clerk, &issued, "publish", json!({})).await;
    assert_eq!(published.status(), StatusCode::OK);
    let now = revision().await;
    assert!(
        !seen.contains(&now),
        "publishing: {now} already seen in {seen:?}"
    );
}

/// The page a QR code opens, with a valid signature: the verdict written in it and the
/// data the app takes over with; anything else gets the plain page.
async fn a_qr_codes_page_carries_its_verdict(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let issued = issue(
        &clerk,
        &register(&clerk, &penalty(&clerk, "穗天市监罚〔2026〕303号").await).await,
    )
    .await;
    let (code, sig) = code_and_sig(&issued);
    let page = |path: String, cookie: Option<&'static str>| {
        let mut request = app
            .client
            .get(app.url(&path))
            .header("accept-encoding", "identity");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let cache = response.headers()["cache-control"]
                .to_str()
                .unwrap()
                .to_owned();
            (cache, response.text().await.unwrap())
        }
    };
    let data = |html: &str| -> serde_json::Value {
        let start = html
            .find(r#"<script type="application/json" id="anma-verdict">"#)
            .unwrap();
        let json = &html[start..];
        let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
        assert!(
            !json.contains('<'),
            "no markup can hide in the data: {json}"
        );
        serde_json::from_str(json).unwrap()
    };

    let (cache, html) = page(format!("/V/{code}/{sig}"), None).await;
    assert_eq!(cache, "no-store");
    assert!(html.contains(r#"<html lang="zh-CN">"#), "{html}");
    assert!(html.contains(r#"data-verdict="in_force""#), "{html}");
    assert!(html.contains("真实有效"), "{html}");
    let first = data(&html);
    assert_eq!(first["verification"]["code"], code.as_str());
    assert_eq!(first["verification"]["signature"], "valid");
    assert!(first["verification"]["signed"].is_object());
    let keys: serde_json::Value = app
        .client
        .get(app.url("/api/v1/keys"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first["keys"], keys, "the page carries the published keys");

    // In the language chosen in the app.
    let (_, html) = page(format!("/v/{code}/{sig}"), Some("anma_lang=en")).await;
    assert!(html.contains(r#"<html lang="en">"#), "{html}");
    assert!(html.contains("Genuine and in force"), "{html}");

    // A revocation shows on the next page at once.
    let revoked = act(
        &reviewer,
        &issued,
        "revoke",
        json!({"reason": "认定事实的证据不足，依法撤销。"}),
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let (_, html) = page(format!("/V/{code}/{sig}"), None).await;
    assert!(html.contains(r#"data-verdict="revoked""#), "{html}");
    assert_eq!(data(&html)["verification"]["status"], "revoked");

    // A wrong signature, a typed code and a malformed code get the plain page.
    let wrong = format!(
        "{}{}",
        &sig[..sig.len() - 4],
        if sig.ends_with("AAAA") {
            "BBBB"
        } else {
            "AAAA"
        }
    );
    for path in [
        format!("/V/{code}/{wrong}"),
        format!("/v/{code}"),
        "/V/440106-2026-XXXXX-Q/ABC".into(),
    ] {
        let (_, html) = page(path.clone(), None).await;
        assert_eq!(html, crate::helpers::VERIFY_HTML, "{path}");
    }
}

/// Verifications asked at once share their revision reads: each still gets its own
/// decision's verdict, and a revocation made before they were asked shows in every one.
async fn verifications_asked_at_once_each_get_their_own_verdict(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let mut decisions = Vec::new();
    for n in 311..314 {
        let issued = issue(
            &clerk,
            &register(
                &clerk,
                &penalty(&clerk, &format!("穗天市监罚〔2026〕{n}号")).await,
            )
            .await,
        )
        .await;
        let published = act(&clerk, &issued, "publish", json!({})).await;
        assert_eq!(published.status(), StatusCode::OK);
        let published: serde_json::Value = published.json().await.unwrap();
        decisions.push((code_and_sig(&issued), published));
    }
    let other = &app.another_server().await;
    let client = &app.client;
    let all_at_once = |rounds: usize| {
        let asks = (0..rounds).flat_map(|_| decisions.iter().map(|((c, s), _)| (c, s)));
        futures_util::future::join_all(asks.map(|(code, sig)| async move {
            (code.clone(), verify_on(client, other, code, sig).await)
        }))
    };
    // Computed once each, then kept.
    all_at_once(1).await;
    for (code, verdict) in all_at_once(20).await {
        assert_eq!(verdict.code.as_str(), code);
        assert_eq!(verdict.status, DecisionStatus::Issued, "{code}");
        assert_eq!(verdict.signature, SignatureCheck::Valid);
    }
    assert!(kept(client, other).await >= 60);

    // The second decision revoked through the first server: every one of the next
    // requests for it, asked all together with the others, says so.
    let ((revoked_code, _), published) = &decisions[1];
    let revoked = act(
        &reviewer,
        published,
        "revoke",
        json!({"reason": "认定事实的证据不足，依法撤销。"}),
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    for (code, verdict) in all_at_once(20).await {
        assert_eq!(verdict.code.as_str(), code);
        let expected = if &code == revoked_code {
            DecisionStatus::Revoked
        } else {
            DecisionStatus::Issued
        };
        assert_eq!(verdict.status, expected, "{code}");
    }
}

crate::on_both_backends!(
    a_qr_codes_page_carries_its_verdict,
    verifications_asked_at_once_each_get_their_own_verdict,
    a_kept_verdict_gives_way_at_once_on_every_server,
    every_write_to_a_decision_moves_its_revision,
);
