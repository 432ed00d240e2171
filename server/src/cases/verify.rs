//! Public verification of a case code: status, public facts, and — when the request
//! carries the signature printed in the QR code — a check of that signature against the
//! record as it is now, so a record changed after issuance does not verify.

use std::sync::Arc;

use axum::body::Bytes;

use app::model::{
    CaseCode, Date, DecisionStatus, ListedFacts, PartyKind, PublicDecisionFacts, Publication,
    SignatureCheck, SignedDecision, StatusChange, Timestamp, Verification, base32,
    public_party_name, publicity::scrub, signature,
};

use crate::{
    Result,
    db::{
        self, Db,
        decisions::{DecisionRow, Issued, PublicText},
    },
    keys::KeyRing,
};

/// The signed fields of a decision: the record's own fields, the snapshot fixed at
/// issuance (with the public forms of its text), the code, the key and the time.
pub fn signed_fields(
    d: &DecisionRow,
    issued: &Issued,
    case_code: &str,
    key_id: &str,
    issued_at: Timestamp,
) -> SignedDecision {
    SignedDecision {
        key_id: key_id.to_owned(),
        case_code: case_code.to_owned(),
        document_number: d.record.document_number.clone(),
        department_name: issued.department_name.clone(),
        decision_date: d.record.decision_date,
        kind: d.record.kind,
        procedure: d.record.procedure,
        item_code: issued.item_code.clone(),
        item_name: issued.item_name.clone(),
        party_kind: d.record.party_kind,
        party_name: issued.public.party_name.clone(),
        party_uscc: d.record.party_uscc.clone(),
        facts: issued.public.facts.clone(),
        legal_basis: issued.public.legal_basis.clone(),
        result: issued.public.result.clone(),
        penalty_types: d.record.penalty_types.clone(),
        amount_fen: d.record.amount_fen,
        officers: issued.officers.clone(),
        issued_at: issued_at.to_owned(),
    }
}

/// The natural persons a decision names, whose names every public text masks: a person
/// party, and the further persons the clerk listed (witnesses, family members).
pub fn persons_named(d: &DecisionRow) -> Vec<&str> {
    let party = (d.record.party_kind == PartyKind::Person).then_some(d.record.party_name.as_str());
    party
        .into_iter()
        .chain(d.record.named_persons.iter().map(String::as_str))
        .collect()
}

/// The public forms of a decision's text: a person's name masked, personal data (the
/// names of the persons it names, identity numbers, phones, accounts, addresses)
/// scrubbed from the free text.
pub fn public_text(d: &DecisionRow) -> PublicText {
    let names = persons_named(d);
    PublicText {
        party_name: public_party_name(d.record.party_kind, &d.record.party_name),
        facts: scrub(&d.record.facts, &names),
        legal_basis: scrub(&d.record.legal_basis, &names),
        result: scrub(&d.record.result, &names),
    }
}

/// The outcome of a lookup.
pub enum Lookup {
    NotFound,
    /// The verdict, and the revision of the row it was computed from.
    Found(Box<Verification>, i64),
}

/// Looks up `code`; `signature` is the base32 text from the QR URL, if any.
pub async fn lookup(
    db: &Db,
    keys: &KeyRing,
    code: &CaseCode,
    signature_text: Option<&str>,
) -> Result<Lookup> {
    let Some((d, revision)) = db::decisions::find_by_code(db, code).await? else {
        return Ok(Lookup::NotFound);
    };
    let Some(issued) = d.issuance.as_ref().map(|i| &i.snapshot) else {
        return Ok(Lookup::NotFound);
    };
    let signed = super::decisions::signed_of(&d);
    let check = match signature_text {
        None => SignatureCheck::NotGiven,
        Some(text) => {
            let key = match signed.as_ref() {
                Some(s) => keys.public_key(db, &s.key_id).await?,
                None => None,
            };
            let valid = signed.as_ref().is_some_and(|s| {
                let sig = base32::decode(text);
                matches!((key, sig), (Some(key), Some(sig)) if signature::verify(&key, &s.canonical_bytes(), &sig))
            });
            if valid {
                SignatureCheck::Valid
            } else {
                SignatureCheck::Mismatch
            }
        }
    };
    let holder = check == SignatureCheck::Valid;
    let publication = d
        .record
        .publication(db.clock().today())
        .unwrap_or(Publication::Pending);
    // A typed-in code learns the details only of a decision in the public listing; the
    // reason of a revocation or change only when its withdrawal notice is public.
    let listed = holder || publication == Publication::Published;
    let status_change = match d.record.status {
        status if status.is_ended() => d.record.status_at.map(|at| StatusChange {
            status: d.record.status,
            at,
            reason: (holder || d.record.listing.withdrawn_at.is_some())
                .then(|| d.record.status_reason.clone().unwrap_or_default()),
            new_case_code: d.record.replaced_by.clone(),
        }),
        _ => None,
    };
    let facts = PublicDecisionFacts {
        department_name: issued.department_name.clone(),
        document_number: d.record.document_number.clone(),
        decision_date: d.record.decision_date,
        publication,
        listed: listed.then(|| ListedFacts {
            kind: d.record.kind,
            item_code: issued.item_code.clone(),
            item_name: issued.item_name.clone(),
            party_kind: d.record.party_kind,
            party_name: issued.public.party_name.clone(),
            officers: issued.officers.clone(),
        }),
    };
    Ok(Lookup::Found(
        Box::new(Verification {
            code: code.clone(),
            status: d.record.status,
            facts,
            status_change,
            signature: check,
            signed: (check == SignatureCheck::Valid).then_some(signed).flatten(),
        }),
        revision,
    ))
}

/// Verdicts of lookups with a valid signature (the QR code's holders, the hot path), kept
/// with the revision of the row they were computed from and the China date they hold
/// for (publication depends on the day). A kept verdict is given again only after a read
/// of the row's revision, made after the request came (and shared with the requests that
/// came with it: `db::batched`), finds it unchanged, so a revocation, a publication or a
/// record changed by hand shows at once on every server that shares the database; what is
/// saved is the record's read, the Ed25519 check and the JSON encoding.
pub struct VerdictCache {
    kept: Option<quick_cache::sync::Cache<(CaseCode, String), Arc<KeptVerdict>>>,
    /// Reads the revisions of kept verdicts' rows, many requests to a query.
    revisions: db::revisions::Revisions,
}

/// A verdict as kept: its JSON body ready to send.
pub struct KeptVerdict {
    revision: i64,
    day: Date,
    pub status: DecisionStatus,
    pub body: Bytes,
}

impl std::fmt::Debug for VerdictCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerdictCache")
            .field("kept", &self.kept.as_ref().map(|c| c.len()))
            .finish()
    }
}

impl VerdictCache {
    /// Holds up to `capacity` verdicts (about 2 KB each); 0 keeps none. Starts the
    /// revision reader on the current Tokio runtime.
    pub fn new(capacity: usize, db: &Db) -> Self {
        Self {
            kept: (capacity > 0).then(|| quick_cache::sync::Cache::new(capacity)),
            revisions: db::revisions::Revisions::start(db.clone()),
        }
    }

    /// The kept verdict of this code and signature, if the row has not changed since.
    pub async fn get(
        &self,
        db: &Db,
        code: &CaseCode,
        signature: &str,
    ) -> Result<Option<Arc<KeptVerdict>>> {
        let Some(cache) = &self.kept else {
            return Ok(None);
        };
        let key = (code.clone(), signature.to_owned());
        let Some(kept) = cache.get(&key) else {
            return Ok(None);
        };
        if kept.day == db.clock().today() && self.revisions.read(code).await? == Some(kept.revision)
        {
            return Ok(Some(kept));
        }
        cache.remove(&key);
        Ok(None)
    }

    /// Keeps a verdict with a valid signature; returns its body.
    pub fn keep(
        &self,
        db: &Db,
        signature: &str,
        verdict: &Verification,
        revision: i64,
    ) -> Result<Arc<KeptVerdict>> {
        let kept = Arc::new(KeptVerdict {
            revision,
            day: db.clock().today(),
            status: verdict.status,
            body: Bytes::from(serde_json::to_vec(verdict).map_err(anyhow::Error::from)?),
        });
        if let Some(cache) = &self.kept
            && verdict.signature == SignatureCheck::Valid
        {
            cache.insert((verdict.code.clone(), signature.to_owned()), kept.clone());
        }
        Ok(kept)
    }
}
